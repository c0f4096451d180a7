"""The data sets of many classes (nn.datasets.blobs, spiral_arms): seeded, one-hot, the
shape asked."""

from __future__ import annotations

import numpy as np
import pytest

from nn import datasets


MANY = sorted(datasets.MULTI_CLASS)


@pytest.mark.parametrize("name", MANY)
@pytest.mark.parametrize("classes", [2, 3, 5])
def test_is_one_hot_and_balanced(name, classes):
    x, y = datasets.MULTI_CLASS[name](60, np.random.default_rng(1), classes=classes)
    assert x.shape == (60, 2) and y.shape == (60, classes)
    assert x.dtype == y.dtype == np.float64
    assert set(np.unique(y)) == {0.0, 1.0}
    np.testing.assert_array_equal(y.sum(axis=1), 1.0)
    np.testing.assert_array_equal(y.argmax(axis=1), np.arange(60) % classes)
    counts = y.sum(axis=0)
    assert counts.max() - counts.min() <= 1


@pytest.mark.parametrize("name", MANY)
def test_is_seeded(name):
    make = datasets.MULTI_CLASS[name]
    a = make(30, np.random.default_rng(7))
    b = make(30, np.random.default_rng(7))
    c = make(30, np.random.default_rng(8))
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[0], c[0])
    np.testing.assert_array_equal(make(30)[0], make(30)[0])


def test_blobs_clouds_sit_around_their_centres():
    x, y = datasets.blobs(3000, np.random.default_rng(0), classes=3, spread=0.3)
    label = y.argmax(axis=1)
    for k in range(3):
        angle = np.pi / 2 + 2 * np.pi * k / 3
        centre = x[label == k].mean(axis=0)
        np.testing.assert_allclose(centre, [np.cos(angle), np.sin(angle)], atol=0.03)
        assert x[label == k].std(axis=0) == pytest.approx([0.3, 0.3], abs=0.02)


def test_blobs_are_separable_by_the_nearest_centre():
    """With the default spread almost every point is nearest its own class's centre: a
    network can learn them (the multi-class story trains to 95% and more)."""
    x, y = datasets.blobs(600, np.random.default_rng(0))
    angles = np.pi / 2 + 2 * np.pi * np.arange(3) / 3
    centres = np.column_stack([np.cos(angles), np.sin(angles)])
    nearest = np.argmin(((x[:, None, :] - centres) ** 2).sum(axis=-1), axis=1)
    assert np.mean(nearest == y.argmax(axis=1)) > 0.95


def test_spiral_arms_wind_from_the_centre():
    """Arm k starts at angle 2 pi k / classes and turns by ``turns`` of a turn as the
    radius goes to 1: without noise every point sits on its own arm."""
    x, y = datasets.spiral_arms(300, np.random.default_rng(0), classes=3, noise=0.0,
                                turns=0.6)
    r = np.hypot(x[:, 0], x[:, 1])
    assert 0.05 <= r.min() and r.max() <= 1
    expected = r * 0.6 * 2 * np.pi + 2 * np.pi * y.argmax(axis=1) / 3
    np.testing.assert_allclose(np.exp(1j * np.arctan2(x[:, 1], x[:, 0])),
                               np.exp(1j * expected), atol=1e-9)


@pytest.mark.parametrize("name", MANY)
@pytest.mark.parametrize("classes", [1, 0, 2.5])
def test_refuses_a_bad_class_count(name, classes):
    with pytest.raises(ValueError, match="classes"):
        datasets.MULTI_CLASS[name](10, classes=classes)


def test_the_two_class_data_sets_keep_their_labels():
    for name, make in datasets.DATASETS.items():
        x, y = make() if name == "xor" else make(20, np.random.default_rng(0))
        assert y.shape == (len(x), 1), name
    assert set(datasets.MULTI_CLASS) == {"blobs", "spiral_arms"}
