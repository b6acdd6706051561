"""Small real data carried inside the package, so a post's notebook runs anywhere, offline.

``load_digits`` reads 1,797 handwritten digits, 8×8 pixels of 0–16: the test set of the UCI
"Optical Recognition of Handwritten Digits" data by E. Alpaydin and C. Kaynak (1998),
https://doi.org/10.24432/C50P49, which the UCI Machine Learning Repository licenses under
Creative Commons Attribution 4.0 (CC BY 4.0). The file ``data/digits.csv.gz`` is the copy that
scikit-learn bundles (``sklearn/datasets/data/digits.csv.gz`` in scikit-learn 1.9.1), byte for
byte: one row per image, 64 pixel counts row by row, then the digit. ``data/README.md`` says
more. ``stratified_split`` holds out a test set with every class in proportion, and
``one_hot`` turns labels into the target rows a cross-entropy loss compares with.
"""

import gzip
import numbers
from importlib import resources

import numpy as np

DIGITS_FILE = "digits.csv.gz"
DIGITS_SHAPE = (1797, 8, 8)


def _read_digits():
    with resources.files(__package__).joinpath("data", DIGITS_FILE).open("rb") as raw:
        with gzip.open(raw, "rt") as text:
            table = np.loadtxt(text, delimiter=",", dtype=np.float64)
    if table.shape != (DIGITS_SHAPE[0], 65):
        raise ValueError(
            f"load_digits: {DIGITS_FILE} holds a table of shape {table.shape}, expected "
            f"({DIGITS_SHAPE[0]}, 65): 64 pixels and a label per row; the file is damaged"
        )
    return table


def load_digits(images=False):
    """The 1,797 handwritten digits: ``(X, labels)``, pixels as float64 counts 0–16, labels
    int64 digits 0–9.

    X is ``(1797, 64)``, each row an 8×8 image read row by row, or with ``images=True``
    ``(1797, 8, 8)``. Every call reads the file afresh, so callers may change what they get.

    >>> X, labels = load_digits()
    >>> X.shape, X.dtype, labels.shape, labels.dtype
    ((1797, 64), dtype('float64'), (1797,), dtype('int64'))
    >>> int(X.min()), int(X.max()), labels[:10].tolist()
    (0, 16, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    >>> load_digits(images=True)[0].shape
    (1797, 8, 8)
    """
    if not isinstance(images, bool):
        raise ValueError(f"load_digits: images must be True or False, got images={images!r}")
    table = _read_digits()
    pixels = np.ascontiguousarray(table[:, :64])
    labels = table[:, 64].astype(np.int64)
    return (pixels.reshape(DIGITS_SHAPE) if images else pixels), labels


def _check_labels(op, labels):
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.size == 0:
        raise ValueError(f"{op}: labels must be a non-empty 1-D array, got shape {labels.shape}")
    if not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"{op}: labels must be integers, got dtype {labels.dtype}")
    if labels.min() < 0:
        raise ValueError(f"{op}: labels must be >= 0, got {labels.min()}")
    return labels


def one_hot(labels, classes=None):
    """Rows of zeros with a single 1 in the column of each label: shape ``(n, classes)``.

    ``classes`` defaults to the largest label plus one; a label outside it is an error.

    >>> one_hot(np.array([2, 0]), classes=3)
    array([[0., 0., 1.],
           [1., 0., 0.]])
    >>> one_hot(np.array([3]), classes=3)
    Traceback (most recent call last):
    ...
    ValueError: one_hot: label 3 at index 0 is outside 0..2 (classes=3)
    """
    labels = _check_labels("one_hot", labels)
    if classes is None:
        classes = int(labels.max()) + 1
    if not isinstance(classes, numbers.Integral) or isinstance(classes, bool) or classes < 1:
        raise ValueError(f"one_hot: classes must be a positive integer, got classes={classes!r}")
    outside = np.flatnonzero(labels >= classes)
    if outside.size:
        i = int(outside[0])
        raise ValueError(
            f"one_hot: label {labels[i]} at index {i} is outside 0..{classes - 1} (classes={classes})"
        )
    Y = np.zeros((labels.size, int(classes)))
    Y[np.arange(labels.size), labels] = 1.0
    return Y


def stratified_split(labels, test_fraction=0.25, seed=0):
    """Indices ``(train, test)`` that hold out ``test_fraction`` of every class, at random.

    Each class contributes ``round(test_fraction × its count)`` samples to the test set (at
    least one, and at least one left for training), chosen by a generator seeded with
    ``seed``; both index arrays are sorted, disjoint, and together cover every sample.

    >>> labels = np.array([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1])
    >>> train, test = stratified_split(labels, test_fraction=0.25, seed=0)
    >>> len(train), len(test), np.bincount(labels[test]).tolist()
    (9, 3, [1, 2])
    >>> stratified_split(np.array([0, 1, 1]), test_fraction=0.5)
    Traceback (most recent call last):
    ...
    ValueError: stratified_split: class 0 has 1 sample; every class needs at least 2 to appear in both sets
    """
    labels = _check_labels("stratified_split", labels)
    if not (isinstance(test_fraction, numbers.Real) and 0 < test_fraction < 1):
        raise ValueError(
            f"stratified_split: test_fraction must be between 0 and 1, got {test_fraction!r}"
        )
    rng = np.random.default_rng(seed)
    test = []
    for digit in np.unique(labels):
        members = np.flatnonzero(labels == digit)
        if members.size < 2:
            raise ValueError(
                f"stratified_split: class {digit} has {members.size} sample; every class needs "
                "at least 2 to appear in both sets"
            )
        count = min(max(round(test_fraction * members.size), 1), members.size - 1)
        test.append(rng.choice(members, size=count, replace=False))
    test = np.sort(np.concatenate(test))
    train = np.setdiff1d(np.arange(labels.size), test)  # sorted, by construction
    return train, test
