"""Weight initialisations, drawn from the caller's seeded ``numpy.random.Generator``.

Each takes ``(shape, rng)`` where shape is ``(out, in)`` for W and ``(out,)`` for B,
and returns a float64 array.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

Initializer = Callable[[tuple[int, ...], np.random.Generator], np.ndarray]

DEFAULT = "glorot_uniform"      # for weights when nothing else is asked or suggested


def _fans(shape: tuple[int, ...]) -> tuple[int, int]:
    fan_out = shape[0]
    fan_in = shape[1] if len(shape) > 1 else shape[0]
    return fan_in, fan_out


def zeros(shape, rng):
    return np.zeros(shape)


def standard_normal(shape, rng):
    """The original video's ``np.random.randn``: N(0, 1) for weights and biases."""
    return rng.standard_normal(shape)


def glorot_uniform(shape, rng):
    """U(-l, l) with l = sqrt(6 / (fan_in + fan_out)); suits tanh and sigmoid."""
    fan_in, fan_out = _fans(shape)
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, shape)


def glorot_normal(shape, rng):
    """N(0, 2 / (fan_in + fan_out)): Glorot's variance, from a normal distribution."""
    fan_in, fan_out = _fans(shape)
    return rng.standard_normal(shape) * np.sqrt(2.0 / (fan_in + fan_out))


def he_uniform(shape, rng):
    """U(-l, l) with l = sqrt(6 / fan_in): He's variance 2 / fan_in, from a uniform one."""
    fan_in, _ = _fans(shape)
    limit = np.sqrt(6.0 / fan_in)
    return rng.uniform(-limit, limit, shape)


def he_normal(shape, rng):
    """N(0, 2 / fan_in); suits ReLU."""
    fan_in, _ = _fans(shape)
    return rng.standard_normal(shape) * np.sqrt(2.0 / fan_in)


INITIALIZERS: dict[str, Initializer] = {
    "zeros": zeros,
    "standard_normal": standard_normal,
    "glorot_uniform": glorot_uniform,
    "glorot_normal": glorot_normal,
    "he_uniform": he_uniform,
    "he_normal": he_normal,
}


def get(name: str) -> Initializer:
    try:
        return INITIALIZERS[name]
    except KeyError:
        raise ValueError(
            f"unknown initializer {name!r}; expected one of {sorted(INITIALIZERS)}"
        ) from None
