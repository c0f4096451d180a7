"""Weight initialisations, drawn from the caller's seeded ``numpy.random.Generator``.

Each takes ``(shape, rng)`` where shape is ``(out, in)`` for W, ``(out, in, k, k)`` for a
convolution's kernels, and ``(out,)`` for B, and returns a float64 array. A kernel's fans
count its window too: fan_in = in * k * k, fan_out = out * k * k (as Keras and PyTorch).
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

Initializer = Callable[[tuple[int, ...], np.random.Generator], np.ndarray]

DEFAULT = "glorot_uniform"      # for weights when nothing else is asked or suggested


def _fans(shape: tuple[int, ...]) -> tuple[int, int]:
    window = math.prod(shape[2:])                   # 1 for W and B; k * k for kernels
    fan_out = shape[0] * window
    fan_in = shape[1] * window if len(shape) > 1 else shape[0]
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


def check_choice(initializer: str | None, rng) -> None:
    """A layer's choices, checked when it is made rather than when it first draws: an
    initializer name from ``INITIALIZERS`` (or None), and a Generator (or None)."""
    if initializer is not None:
        get(initializer)
    if rng is not None and not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator (np.random.default_rng(seed))"
                        f", got {rng!r}")


def weights_and_bias(name: str | None, shape: tuple[int, ...], rng: np.random.Generator):
    """Weights of ``shape`` from the initializer ``name`` (None: ``DEFAULT``), then one bias
    per output, of shape (shape[0],): N(0, 1) with ``"standard_normal"`` (the video's
    choice), zeros with any other."""
    name = name or DEFAULT
    bias = standard_normal if name == "standard_normal" else zeros
    return get(name)(shape, rng), bias((shape[0],), rng)
