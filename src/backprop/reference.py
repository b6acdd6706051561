"""The reference card: every op's forward, Jacobian and VJP, as the MyST notebook page the site
builds (``card_markdown``), each formula followed by the cell that checks the record's code
against the engine and finite differences, so the build fails if a formula's code is wrong.

The formulas are the records' own LaTeX (``Op.latex``) and the ops are the registry's: a new op
module appears on the card with nothing else to write. The helpers below are what the card's
cells call.

>>> op, inputs, options = example("layer_norm")
>>> [np.shape(J) for J in engine_jacobians(op, inputs, options)]
[(3, 4, 3, 4), (3, 4, 4), (3, 4, 4)]
"""

import numpy as np

from .jacobian import jacobian, numerical_jacobian
from .ops.registry import RECORDS
from .tensor import Tensor

TITLE = "Reference: every op's derivatives"


def example(name, seed=0):
    """``(op, inputs, options)``: the registry's record ``name`` and its example inputs.

    >>> op, inputs, options = example("attention")
    >>> op.name, [x.shape for x in inputs], options
    ('attention', [(3, 2), (4, 2), (4, 2)], {'causal': True})
    """
    op = RECORDS[name]
    inputs, options = op.example(np.random.default_rng(seed))
    return op, [np.asarray(x, dtype=np.float64) for x in inputs], options


def flat(arrays):
    """Several arrays as one vector, to compare them all at once.

    >>> flat([np.ones((2, 2)), np.zeros(1)])
    array([1., 1., 1., 1., 0.])
    """
    return np.concatenate([np.ravel(a) for a in arrays])


def _swap(inputs, k, value):
    return [value if i == k else x for i, x in enumerate(inputs)]


def engine_forward(op, inputs, options):
    """The output of the record's engine form, computed with Tensors.

    >>> op, inputs, options = example("tanh")
    >>> bool(np.allclose(engine_forward(op, inputs, options), np.tanh(inputs[0])))
    True
    """
    return op.engine(*[Tensor(x) for x in inputs], **options).data


def engine_jacobians(op, inputs, options):
    """One Jacobian per differentiated input, by the engine (reverse mode) on the engine form."""
    tensors = [Tensor(x) for x in inputs]
    return [jacobian(lambda t: op.engine(*_swap(tensors, k, t), **options), inputs[k]) for k in range(op.grads)]


def numerical_jacobians(op, inputs, options):
    """One Jacobian per differentiated input, by central differences of the record's forward.

    >>> op, inputs, options = example("mse")
    >>> numerical_jacobians(op, inputs, options)[0].shape
    (3, 2)
    """
    return [numerical_jacobian(lambda v: op.forward(*_swap(inputs, k, v), **options)[0], inputs[k])
            for k in range(op.grads)]


def upstream(op, inputs, options, seed=1):
    """A random upstream signal G shaped like the op's output (a number for a loss).

    >>> op, inputs, options = example("linear")
    >>> upstream(op, inputs, options).shape
    (4, 2)
    """
    return np.random.default_rng(seed).normal(size=np.shape(op.forward(*inputs, **options)[0]))


def engine_vjp(op, inputs, options, G):
    """The engine's backward pass from G through the engine form: one gradient per input.

    >>> op, inputs, options = example("tanh")
    >>> G = upstream(op, inputs, options)
    >>> bool(np.allclose(engine_vjp(op, inputs, options, G)[0], G * (1 - np.tanh(inputs[0]) ** 2)))
    True
    """
    tensors = [Tensor(x) for x in inputs]
    op.engine(*tensors, **options).backward(G)
    return [t.grad for t in tensors[:op.grads]]


def contract(G, jacobians):
    """G contracted with each Jacobian over the output's axes: Gᵀ J, the VJP by definition.

    >>> contract(np.ones(2), [np.eye(2)])
    [array([1., 1.])]
    """
    return [np.tensordot(G, J, axes=np.ndim(G)) for J in jacobians]


HEADER = '''---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
orphan: true
description: Every op of the backprop package with its forward, Jacobian and VJP in the series' notation, each formula checked when the site is built.
---

<!-- Written by the build from the package's registry (backprop.reference): do not edit. -->

# {title}

Every op of the `backprop` package, as the posts write them: vectors are rows, Jacobians are in
numerator layout (one row per output), a weight matrix $W$ is stored $d_{{\\text{{out}}}} \\times d_{{\\text{{in}}}}$ and a layer
computes $Z = X W^\\top + \\V{{b}}$. For a signal $G = \\pop{{L}}{{Y}}$ arriving at an op's output,
the VJP is what backpropagation sends on to its inputs; for a scalar loss the upstream signal is
the number $g$. The formulas are each op's record (its module in `src/backprop/ops/`), and the ✓
beside each is a check the build runs: the record's code against the autodiff engine (which
differentiates the op's forward on its own) and finite differences.

```{{code-cell}} python
:tags: [hide-cell]

import numpy as np

import backprop as bp
from backprop import reference as card
```
'''

SECTION = '''
## `{name}`

{shapes}. {module}

$$
{forward}
$$ ({label}-forward)

```{{code-cell}} python
:checks: {label}-forward

op, inputs, options = card.example("{name}")
out, saved = op.forward(*inputs, **options)
bp.check_close(out, {{"its engine form": card.engine_forward(op, inputs, options)}}, rtol=1e-12, atol=1e-14)
```

$$
{jacobian}
$$ ({label}-jacobian)

```{{code-cell}} python
:checks: {label}-jacobian

J = op.jacobian(saved)
bp.check_close(card.flat(J), {{"the engine": card.flat(card.engine_jacobians(op, inputs, options)),
                             "finite differences": card.flat(card.numerical_jacobians(op, inputs, options))}},
               rtol=1e-6, atol=1e-8)
```

$$
{vjp}
$$ ({label}-vjp)

```{{code-cell}} python
:checks: {label}-vjp

G = card.upstream(op, inputs, options)
bp.check_close(card.flat(op.vjp(G, saved)), {{"the contraction with the engine's Jacobian":
                                             card.flat(card.contract(G, card.engine_jacobians(op, inputs, options))),
                                             "the engine's backward pass": card.flat(card.engine_vjp(op, inputs, options, G))}},
               rtol=1e-10, atol=1e-12)
```
'''


def card_markdown():
    """The reference card's page, a MyST notebook: a section per registered op, each of its
    three formulas followed by the cell that checks it (``:checks: <op>-forward`` ...).

    >>> text = card_markdown()
    >>> text.count("\\n## ") == len(RECORDS), text.count(":checks: ") == 3 * len(RECORDS)
    (True, True)
    >>> ":checks: card-layer-norm-vjp" in text
    True
    """
    parts = [HEADER.format(title=TITLE)]
    for name, op in RECORDS.items():
        module = f"Its record is `{name.upper()}` in `src/backprop/ops/{name}.py`."
        parts.append(SECTION.format(name=name, label="card-" + name.replace("_", "-"), shapes=op.shapes.rstrip("."),
                                    module=module, **op.latex))
    return "".join(parts)
