"""Every op, one module each (``ops/tanh.py``, ``ops/attention.py``...), found by the registry.

A module holds the op's record (forward, VJP, JVP, Jacobian, engine form, LaTeX; see
``op.Op``) and its doctests; the public checked functions ``op``, ``op_vjp``, ``op_jvp`` and
``op_jacobian`` are generated from the record (``public.py``). Adding an op is adding a module:
see docs/adding-an-op.md.

The tensor convention (PyTorch's and JAX's): for y = f(x) the Jacobian has shape
``y.shape + x.shape`` and entry [i..., j...] is ∂y_i/∂x_j: numerator layout for vectors, the
gradient the shape of its parameter for a scalar loss. ``np.tensordot(G, J, axes=G.ndim)``
equals the VJP.

>>> import numpy as np
>>> Z, G = np.array([[0.5, -1.0]]), np.array([[1.0, 2.0]])
>>> bool(np.allclose(np.tensordot(G, tanh_jacobian(Z), axes=2), tanh_vjp(G, Z)))
True
"""

from .op import Elementwise, Loss, Op, diagonal_jacobian, elementwise, record, saved_bytes
from .registry import ACTIVATIONS, LOSSES, PUBLIC, RECORDS

globals().update(PUBLIC)

__all__ = ["Op", "Elementwise", "Loss", "record", "elementwise", "diagonal_jacobian", "saved_bytes",
           "RECORDS", "ACTIVATIONS", "LOSSES", *PUBLIC]
