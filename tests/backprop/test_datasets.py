"""The digits carried in the package, and the helpers that prepare them for a classifier."""

import hashlib
from importlib import resources

import numpy as np
import pytest

from backprop import datasets

# The file as scikit-learn 1.9.1 ships it (src/backprop/data/README.md): a changed byte fails.
DIGITS_SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"
# The UCI description of optdigits.tes: images of each digit 0..9.
UCI_CLASS_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def test_the_data_file_is_the_one_documented():
    data = resources.files("backprop").joinpath("data", "digits.csv.gz").read_bytes()
    assert hashlib.sha256(data).hexdigest() == DIGITS_SHA256


def test_shapes_dtypes_and_values():
    X, labels = datasets.load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert labels.shape == (1797,) and labels.dtype == np.int64
    assert X.min() == 0 and X.max() == 16
    np.testing.assert_array_equal(X, np.round(X))  # pixel counts are whole numbers
    assert np.bincount(labels).tolist() == UCI_CLASS_COUNTS


def test_images_are_the_rows_read_row_by_row():
    X, labels = datasets.load_digits()
    images, same_labels = datasets.load_digits(images=True)
    assert images.shape == (1797, 8, 8)
    np.testing.assert_array_equal(images[5, 2], X[5, 16:24])  # third pixel row of image 5
    np.testing.assert_array_equal(labels, same_labels)


def test_the_first_image_is_a_zero_with_a_hole():
    # A digit 0 drawn by hand: ink around the border of the 8×8 box, none in the middle.
    images, labels = datasets.load_digits(images=True)
    zero = images[0]
    assert labels[0] == 0
    assert zero[3:5, 3:5].max() <= 2 and zero[1:7, 1:3].max() >= 12 and zero[1:7, 5:7].max() >= 12


def test_each_call_returns_fresh_arrays():
    X, _ = datasets.load_digits()
    X[:] = -1
    assert datasets.load_digits()[0].min() == 0


def test_images_must_be_a_bool():
    with pytest.raises(ValueError, match="images must be True or False, got images='yes'"):
        datasets.load_digits(images="yes")


def test_equal_to_scikit_learn_when_it_is_installed():
    sklearn_datasets = pytest.importorskip(
        "sklearn.datasets", reason="scikit-learn is not installed (it is not a requirement)"
    )
    ours_X, ours_labels = datasets.load_digits()
    theirs = sklearn_datasets.load_digits()
    np.testing.assert_array_equal(ours_X, theirs.data)
    np.testing.assert_array_equal(ours_labels, theirs.target)
    np.testing.assert_array_equal(datasets.load_digits(images=True)[0], theirs.images)


def test_one_hot():
    Y = datasets.one_hot(np.array([1, 0, 2, 1]))
    np.testing.assert_array_equal(Y, [[0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0]])
    assert datasets.one_hot(np.array([0]), classes=4).shape == (1, 4)


@pytest.mark.parametrize(
    "labels, classes, message",
    [
        (np.array([[0, 1]]), None, r"labels must be a non-empty 1-D array, got shape \(1, 2\)"),
        (np.array([0.0, 1.0]), None, "labels must be integers, got dtype float64"),
        (np.array([0, -1]), None, "labels must be >= 0, got -1"),
        (np.array([0, 1, 5]), 3, r"label 5 at index 2 is outside 0..2 \(classes=3\)"),
        (np.array([0]), 0, "classes must be a positive integer, got classes=0"),
    ],
)
def test_one_hot_rejects_bad_input(labels, classes, message):
    with pytest.raises(ValueError, match=message):
        datasets.one_hot(labels, classes)


def test_stratified_split_holds_out_each_class_in_proportion():
    _, labels = datasets.load_digits()
    train, test = datasets.stratified_split(labels, test_fraction=0.3, seed=0)
    assert np.intersect1d(train, test).size == 0
    np.testing.assert_array_equal(np.sort(np.concatenate([train, test])), np.arange(1797))
    assert np.all(np.diff(train) > 0) and np.all(np.diff(test) > 0)
    expected = [round(0.3 * count) for count in UCI_CLASS_COUNTS]
    assert np.bincount(labels[test]).tolist() == expected


def test_stratified_split_is_seeded():
    _, labels = datasets.load_digits()
    first = datasets.stratified_split(labels, seed=3)
    again = datasets.stratified_split(labels, seed=3)
    other = datasets.stratified_split(labels, seed=4)
    np.testing.assert_array_equal(first[1], again[1])
    assert not np.array_equal(first[1], other[1])


def test_stratified_split_keeps_a_training_sample_of_every_class():
    labels = np.array([0, 0, 1, 1, 1])
    train, test = datasets.stratified_split(labels, test_fraction=0.9)
    assert set(labels[train]) == {0, 1} and set(labels[test]) == {0, 1}


@pytest.mark.parametrize("fraction", [0, 1, 1.5, -0.1, "half"])
def test_stratified_split_rejects_bad_fractions(fraction):
    with pytest.raises(ValueError, match="test_fraction must be between 0 and 1"):
        datasets.stratified_split(np.array([0, 0, 1, 1]), test_fraction=fraction)
