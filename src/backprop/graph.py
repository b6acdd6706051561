"""Reverse-mode bookkeeping for Tensor graphs: order the nodes, then push gradients back.

Both loops are iterative (an explicit stack, no recursion), so a chain of 10,000 operations
works under Python's default recursion limit.
"""


def unbroadcast(grad, shape):
    """Sum ``grad`` down to ``shape``, undoing numpy broadcasting.

    An operand broadcast along an axis was used once per position on that axis, so its
    gradient is the sum over that axis: over the axes broadcasting prepended, and over the
    axes where the operand had size 1.

    >>> import numpy as np
    >>> unbroadcast(np.ones((2, 3, 4)), (3, 1)).tolist()
    [[8.0], [8.0], [8.0]]
    """
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    stretched = tuple(extra + i for i, n in enumerate(shape) if n == 1 and grad.shape[extra + i] != 1)
    return grad.sum(axis=tuple(range(extra)) + stretched).reshape(shape)


def topological_order(root):
    """Every node ``root`` depends on (itself included), each listed after all its inputs.

    >>> from backprop import Tensor
    >>> a = Tensor(2.0)
    >>> b = a * 3
    >>> c = b + a
    >>> order = topological_order(c)
    >>> order.index(a) < order.index(b) < order.index(c)
    True
    """
    order, seen = [], set()
    stack = [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))  # revisited once everything pushed below is finished
            for parent in node._parents:
                if parent not in seen:
                    stack.append((parent, False))
    return order


def backpropagate(root, seed, order=None):
    """The gradients of ``root`` (seeded with ``seed`` = ∂L/∂root) for every node it depends on.

    Returns a dict node → gradient and leaves every ``.grad`` untouched; ``Tensor.backward``
    is this plus accumulating into ``.grad``. A node used k times receives k contributions,
    summed. Pass ``order`` (from ``topological_order``) to reuse it across several seeds.

    >>> from backprop import Tensor
    >>> x = Tensor(3.0)
    >>> y = x * x
    >>> float(backpropagate(y, 1.0)[x])
    6.0
    """
    grads = {root: seed}
    for node in reversed(topological_order(root) if order is None else order):
        if node._backward is None:  # a leaf: nothing further back
            continue
        for parent, grad in zip(node._parents, node._backward(grads[node])):
            grads[parent] = grads[parent] + grad if parent in grads else grad
    return grads
