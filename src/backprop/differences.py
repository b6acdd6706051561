"""Central differences, the one loop behind ``numerical_jacobian`` and ``gradient_check``.

(f(x + ε e_j) − f(x − ε e_j)) / 2ε for each entry j of x: the error is O(ε²) from truncation
plus about 1e-16·|f| / ε from rounding, so use float64 and compare with an absolute tolerance as
well as a relative one.
"""

import numpy as np


def central_differences(value, x, eps):
    """For each entry j of the float64 array ``x`` (perturbed in place, restored even if
    ``value`` raises): ``(j, (value(j, +1) − value(j, −1)) / 2eps)``, where ``value(j, sign)``
    evaluates the function with x[j] moved by sign·eps.

    >>> x = np.array([1.0, 3.0])
    >>> [(j, round(float(d), 6)) for j, d in central_differences(lambda j, s: float(np.sum(x**2)), x, 1e-6)]
    [((0,), 2.0), ((1,), 6.0)]
    >>> x
    array([1., 3.])
    """
    for j in np.ndindex(x.shape):
        saved = x[j]
        try:
            x[j] = saved + eps
            plus = value(j, +1)
            x[j] = saved - eps
            minus = value(j, -1)
        finally:
            x[j] = saved
        yield j, (plus - minus) / (2.0 * eps)
