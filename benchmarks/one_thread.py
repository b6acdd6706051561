"""Import first in a benchmark: BLAS pinned to one thread before numpy (and torch) load it, so
the numbers compare like with like on a shared machine. `torch` is the module, or None where
PyTorch is not installed (it is not a requirement)."""

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

try:
    import torch
except ImportError:
    torch = None
else:
    torch.set_num_threads(1)
