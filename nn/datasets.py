"""Small two-dimensional data sets, generated in code from a seeded Generator.

Each returns (x, y): x of shape (n, 2), y of shape (n, 1) with labels 0 and 1, except
the data sets of many classes (``blobs``, ``spiral_arms``), whose y is one-hot, of shape (n, classes): row k
holds a 1 in the column of sample k's class and 0 elsewhere (what a softmax output and the
categorical cross-entropy expect).
"""

from __future__ import annotations

import numpy as np


def xor() -> tuple[np.ndarray, np.ndarray]:
    """The four points of the XOR truth table."""
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    y = np.array([[0], [1], [1], [0]], dtype=np.float64)
    return x, y


def circles(n: int = 200, rng: np.random.Generator | None = None,
            noise: float = 0.08) -> tuple[np.ndarray, np.ndarray]:
    """Two concentric rings: inner ring (radius 0.5) labelled 1, outer (radius 1) 0."""
    rng = rng if rng is not None else np.random.default_rng(0)
    label = np.arange(n) % 2
    angle = rng.uniform(0, 2 * np.pi, n)
    radius = np.where(label == 1, 0.5, 1.0) + rng.normal(0, noise, n)
    x = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return x, label[:, None].astype(np.float64)


def moons(n: int = 200, rng: np.random.Generator | None = None,
          noise: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles, centred on the origin."""
    rng = rng if rng is not None else np.random.default_rng(0)
    label = np.arange(n) % 2
    t = rng.uniform(0, np.pi, n)
    x = np.where(label[:, None] == 0,
                 np.column_stack([np.cos(t), np.sin(t)]),
                 np.column_stack([1 - np.cos(t), 0.5 - np.sin(t)]))
    x = x - [0.5, 0.25] + rng.normal(0, noise, (n, 2))
    return x, label[:, None].astype(np.float64)


def spiral(n: int = 200, rng: np.random.Generator | None = None,
           noise: float = 0.04, turns: float = 1.5) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved spiral arms, radius up to 1."""
    rng = rng if rng is not None else np.random.default_rng(0)
    label = np.arange(n) % 2
    r = rng.uniform(0.05, 1, n)
    angle = r * turns * 2 * np.pi + label * np.pi
    x = np.column_stack([r * np.cos(angle), r * np.sin(angle)]) + rng.normal(0, noise, (n, 2))
    return x, label[:, None].astype(np.float64)


def blobs(n: int = 150, rng: np.random.Generator | None = None, classes: int = 3,
          spread: float = 0.3) -> tuple[np.ndarray, np.ndarray]:
    """``classes`` round Gaussian clouds (standard deviation ``spread``) whose centres sit
    evenly on the unit circle, the first at angle pi/2.  Sample k belongs to class
    k % classes; y is one-hot, shape (n, classes)."""
    if not isinstance(classes, (int, np.integer)) or classes < 2:
        raise ValueError(f"classes: expected an integer of at least 2, got {classes!r}")
    rng = rng if rng is not None else np.random.default_rng(0)
    label = np.arange(n) % classes
    angle = np.pi / 2 + 2 * np.pi * label / classes
    centres = np.column_stack([np.cos(angle), np.sin(angle)])
    x = centres + rng.normal(0, spread, (n, 2))
    return x, np.eye(classes)[label]


def spiral_arms(n: int = 150, rng: np.random.Generator | None = None, classes: int = 3,
                noise: float = 0.05, turns: float = 0.6) -> tuple[np.ndarray, np.ndarray]:
    """``classes`` interleaved spiral arms from the centre out to radius 1 (the classic
    three-class spiral of CS231n): arm k starts at angle 2 pi k / classes and winds
    ``turns`` of a turn.  Sample k belongs to class k % classes; y is one-hot, shape
    (n, classes)."""
    if not isinstance(classes, (int, np.integer)) or classes < 2:
        raise ValueError(f"classes: expected an integer of at least 2, got {classes!r}")
    rng = rng if rng is not None else np.random.default_rng(0)
    label = np.arange(n) % classes
    r = rng.uniform(0.05, 1, n)
    angle = r * turns * 2 * np.pi + 2 * np.pi * label / classes
    x = np.column_stack([r * np.cos(angle), r * np.sin(angle)]) + rng.normal(0, noise, (n, 2))
    return x, np.eye(classes)[label]


DATASETS = {"xor": xor, "circles": circles, "moons": moons, "spiral": spiral}
MULTI_CLASS = {"blobs": blobs, "spiral_arms": spiral_arms}      # data sets of many classes: one-hot y, a class count
