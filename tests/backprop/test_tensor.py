"""The Tensor engine: each operation's gradient, graph semantics, broadcasting, reflected ops."""

import operator
import sys

import numpy as np
import pytest

from backprop import Tensor, jacobian, numerical_jacobian

rng = np.random.default_rng(0)
M23, M34, V3, V2 = rng.normal(size=(2, 3)), rng.normal(size=(3, 4)), rng.normal(size=3), rng.normal(size=2)
POSITIVE = rng.uniform(0.5, 2.0, (2, 3))

# name -> (input, f written with Tensor ops, the same f in numpy)
UNARY = {
    "tanh": (M23, lambda t: t.tanh(), np.tanh),
    "exp": (M23, lambda t: t.exp(), np.exp),
    "log": (POSITIVE, lambda t: t.log(), np.log),
    "sigmoid": (M23, lambda t: t.sigmoid(), lambda x: 1 / (1 + np.exp(-x))),
    "relu": (np.sign(M23) * (np.abs(M23) + 0.1), lambda t: t.relu(), lambda x: np.maximum(x, 0)),
    "square": (M23, lambda t: t**2, lambda x: x**2),
    "cube": (M23, lambda t: t**3, lambda x: x**3),
    "sqrt": (POSITIVE, lambda t: t**0.5, np.sqrt),
    "neg": (M23, lambda t: -t, np.negative),
    "T": (M23, lambda t: t.T, np.transpose),
    "reshape": (M23, lambda t: t.reshape(3, 2), lambda x: x.reshape(3, 2)),
    "reshape tuple": (M23, lambda t: t.reshape((6,)), lambda x: x.reshape(6)),
    "sum": (M23, lambda t: t.sum(), np.sum),
    "sum axis 0": (M23, lambda t: t.sum(axis=0), lambda x: x.sum(axis=0)),
    "sum axis -1 keepdims": (M23, lambda t: t.sum(axis=-1, keepdims=True), lambda x: x.sum(axis=-1, keepdims=True)),
    "sum axis tuple": (M23, lambda t: t.sum(axis=(0, 1)), lambda x: x.sum(axis=(0, 1))),
    "mean": (M23, lambda t: t.mean(), np.mean),
    "max": (M23, lambda t: t.max(), np.max),
    "max axis 0": (M23, lambda t: t.max(axis=0), lambda x: x.max(axis=0)),
    "max axis -1 keepdims": (M23, lambda t: t.max(axis=-1, keepdims=True), lambda x: x.max(axis=-1, keepdims=True)),
    "max axis tuple": (M23, lambda t: t.max(axis=(0, 1)), lambda x: x.max(axis=(0, 1))),
    "log-sum-exp, shifted": (M23, lambda t: (t - t.max(axis=1, keepdims=True)).exp().sum(axis=1).log() + t.max(axis=1),
                             lambda x: np.log(np.exp(x).sum(axis=1))),
    "mean axis 1": (M23, lambda t: t.mean(axis=1), lambda x: x.mean(axis=1)),
    "mean axis 0 keepdims": (M23, lambda t: t.mean(axis=0, keepdims=True), lambda x: x.mean(axis=0, keepdims=True)),
    "matrix @ matrix": (M23, lambda t: t @ M34, lambda x: x @ M34),
    "matrix @ matrix (right)": (M34, lambda t: M23 @ t, lambda x: M23 @ x),
    "matrix @ vector": (M23, lambda t: t @ V3, lambda x: x @ V3),
    "matrix @ vector (right)": (V3, lambda t: Tensor(M23) @ t, lambda x: M23 @ x),
    "vector @ matrix": (V2, lambda t: t @ M23, lambda x: x @ M23),
    "vector @ matrix (right)": (M23, lambda t: V2 @ t, lambda x: V2 @ x),
    "vector @ vector": (V3, lambda t: t @ V3, lambda x: x @ V3),
    "x * x": (M23, lambda t: t * t, lambda x: x * x),
    "x / (1 + x * x)": (M23, lambda t: t / (1 + t * t), lambda x: x / (1 + x * x)),
}


@pytest.mark.parametrize("name", UNARY)
def test_engine_jacobian_matches_central_differences(name):
    x, f_tensor, f_numpy = UNARY[name]
    np.testing.assert_allclose(f_tensor(Tensor(x)).data, f_numpy(x), rtol=1e-14)
    np.testing.assert_allclose(jacobian(f_tensor, x), numerical_jacobian(f_numpy, x), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("op", ["+", "-", "*", "/"])
@pytest.mark.parametrize("shapes", [((3, 1), (1, 4)), ((5, 3), (3,)), ((), (2, 3)), ((2, 3), ())])
def test_broadcast_gradients_are_summed_back_to_each_operand(op, shapes):
    a_data = np.asarray(rng.uniform(0.5, 2.0, shapes[0]))
    b_data = np.asarray(rng.uniform(0.5, 2.0, shapes[1]))
    f = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}[op]
    a, b = Tensor(a_data), Tensor(b_data)
    G = rng.normal(size=np.broadcast_shapes(*shapes))
    (f(a, b) * G).sum().backward()
    assert a.grad.shape == shapes[0] and b.grad.shape == shapes[1]
    for grad, k, x in ((a.grad, 0, a_data), (b.grad, 1, b_data)):
        other = b_data if k == 0 else a_data
        args = (lambda v: (v, other)) if k == 0 else (lambda v: (other, v))
        numeric = numerical_jacobian(lambda v: np.sum(f(*args(v)) * G), x)
        np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)


def test_broadcast_shapes_named_in_the_brief():
    a, b = Tensor(np.ones((3, 1))), Tensor(np.ones((1, 4)))
    (a + b).sum().backward()
    np.testing.assert_array_equal(a.grad, np.full((3, 1), 4.0))
    np.testing.assert_array_equal(b.grad, np.full((1, 4), 3.0))
    X, bias = Tensor(np.ones((5, 2))), Tensor(np.zeros(2))
    (X + bias).sum().backward()
    np.testing.assert_array_equal(bias.grad, [5.0, 5.0])
    s, v = Tensor(2.0), Tensor(np.ones(3))
    (s * v).sum().backward()
    assert s.grad.shape == () and float(s.grad) == 3.0
    a, b = Tensor(2.0), Tensor(3.0)
    (a * b).backward()
    for t in (a, b):  # 0-d arithmetic gives numpy scalars; .grad is still an ndarray
        assert isinstance(t.grad, np.ndarray) and t.grad.shape == ()


def test_a_node_used_several_times_accumulates_once_per_use():
    x = Tensor(3.0)
    (x * x).backward()
    assert float(x.grad) == 6.0
    a = Tensor([1.0, 2.0])
    y = a + a
    y.sum().backward()
    np.testing.assert_array_equal(a.grad, [2.0, 2.0])
    # Diamond: d = (2a)(3a) = 6a², so dd/da = 12a; b and c get their own gradients too.
    a = Tensor(1.5)
    b, c = a * 2, a * 3
    d = b * c
    d.backward()
    assert float(a.grad) == pytest.approx(18.0)
    assert float(b.grad) == pytest.approx(4.5) and float(c.grad) == pytest.approx(3.0)


def test_intermediate_nodes_get_gradients_and_grad_starts_as_none():
    x = Tensor([1.0, 2.0])
    y = x * 2
    z = y.sum()
    assert x.grad is None and y.grad is None
    z.backward()
    np.testing.assert_array_equal(y.grad, [1.0, 1.0])
    np.testing.assert_array_equal(x.grad, [2.0, 2.0])
    assert float(z.grad) == 1.0


def test_gradient_arrays_are_not_shared_between_nodes():
    a, b = Tensor([1.0]), Tensor([2.0])
    (a + b).sum().backward()
    a.grad[0] = 100.0
    assert b.grad[0] == 1.0


def test_second_backward_accumulates_and_zero_grad_resets_the_graph():
    x = Tensor([1.0, -2.0])
    h = x * x
    loss = h.sum()
    loss.backward()
    loss.backward()
    np.testing.assert_array_equal(x.grad, [4.0, -8.0])
    np.testing.assert_array_equal(h.grad, [2.0, 2.0])
    loss.zero_grad()
    for node in (x, h, loss):
        assert not node.grad.any() and node.grad.shape == node.shape
    loss.backward()
    np.testing.assert_array_equal(x.grad, [2.0, -4.0])


def test_a_chain_of_10000_operations_needs_no_recursion():
    assert sys.getrecursionlimit() <= 10_000  # the default (1000) is not raised anywhere
    x = Tensor(1.0)
    y = x
    for _ in range(10_000):
        y = y * 1.0001
    y.backward()
    assert float(x.grad) == pytest.approx(1.0001**10_000, rel=1e-9)


def test_reflected_operations_with_numpy_arrays_and_numbers():
    t = Tensor([1.0, 2.0, 4.0])
    ones = np.ones(3)
    cases = {
        "2 * t": (lambda: 2 * t, [2.0, 4.0, 8.0], [2.0, 2.0, 2.0]),
        "np.float64 * t": (lambda: np.float64(2.0) * t, [2.0, 4.0, 8.0], [2.0, 2.0, 2.0]),
        "1 - t": (lambda: 1 - t, [0.0, -1.0, -3.0], [-1.0, -1.0, -1.0]),
        "ones + t": (lambda: ones + t, [2.0, 3.0, 5.0], [1.0, 1.0, 1.0]),
        "ones - t": (lambda: ones - t, [0.0, -1.0, -3.0], [-1.0, -1.0, -1.0]),
        "ones * t": (lambda: ones * t, [1.0, 2.0, 4.0], [1.0, 1.0, 1.0]),
        "4 / t": (lambda: 4 / t, [4.0, 2.0, 1.0], [-4.0, -1.0, -0.25]),
        "ones / t": (lambda: ones / t, [1.0, 0.5, 0.25], [-1.0, -0.25, -0.0625]),
        "t + 1": (lambda: t + 1, [2.0, 3.0, 5.0], [1.0, 1.0, 1.0]),
        "t / 2": (lambda: t / 2, [0.5, 1.0, 2.0], [0.5, 0.5, 0.5]),
    }
    for name, (make, value, grad) in cases.items():
        t.grad = None
        out = make()
        assert isinstance(out, Tensor), name
        np.testing.assert_allclose(out.data, value, err_msg=name)
        out.sum().backward()
        np.testing.assert_allclose(t.grad, grad, err_msg=name)
    A = np.arange(6.0).reshape(2, 3)
    t.grad = None
    out = A @ t
    assert isinstance(out, Tensor)
    out.sum().backward()
    np.testing.assert_allclose(t.grad, A.sum(axis=0))


def test_backward_of_a_non_scalar_needs_a_grad_of_its_shape():
    y = Tensor(np.ones((2, 3))) * 2
    with pytest.raises(ValueError, match=r"shape \(2, 3\).*pass grad"):
        y.backward()
    with pytest.raises(ValueError, match=r"grad has shape \(3,\) but this tensor has shape \(2, 3\)"):
        y.backward(np.ones(3))
    x = Tensor(np.ones((2, 3)))
    (x * 2).backward(np.full((2, 3), 0.5))
    np.testing.assert_array_equal(x.grad, np.ones((2, 3)))


def test_matmul_of_incompatible_tensors_names_the_shapes():
    with pytest.raises(ValueError, match=r"matmul: shapes \(2, 3\) and \(4, 5\) are not aligned"):
        Tensor(np.ones((2, 3))) @ Tensor(np.ones((4, 5)))
    with pytest.raises(ValueError, match=r"matmul: shapes \(3,\) and \(2,\) are not aligned"):
        Tensor(np.ones(3)) @ np.ones(2)
    with pytest.raises(ValueError, match=r"shapes \(2, 2, 2\) and \(2,\).*1-D and 2-D"):
        Tensor(np.ones((2, 2, 2))) @ Tensor(np.ones(2))


def test_power_needs_a_number():
    with pytest.raises(TypeError, match="exponent must be a Python number"):
        Tensor(2.0) ** Tensor(3.0)


def test_data_is_float64_and_may_hold_non_finite_values():
    t = Tensor([1, np.nan, np.inf])
    assert t.data.dtype == np.float64 and t.shape == (3,) and t.ndim == 1
    assert np.isnan(t.data[1])
    assert Tensor(t).data is t.data
    assert repr(Tensor([[1.0, 2.0]])) == "Tensor([[1., 2.]])"


def test_max_shares_the_gradient_between_ties_and_a_shift_by_it_cancels():
    x = Tensor([[2.0, 5.0, 5.0, 1.0]])
    x.max(axis=1).sum().backward()
    np.testing.assert_array_equal(x.grad, [[0.0, 0.5, 0.5, 0.0]])
    # softmax(z − max z) = softmax(z): the max's gradient, ties or not, cancels exactly.
    z = np.array([[3.0, 3.0, -1.0], [0.5, 2.0, 2.0]])
    def shifted(t):
        e = (t - t.max(axis=1, keepdims=True)).exp()
        return e / e.sum(axis=1, keepdims=True)
    def plain(t):
        e = t.exp()
        return e / e.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(jacobian(shifted, z), jacobian(plain, z), rtol=1e-13, atol=1e-16)
