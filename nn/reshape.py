"""Reshape and Flatten: the same numbers in another shape, forward and back."""

from __future__ import annotations

import math

import numpy as np

from .layer import Layer
from .shapes import Size, as_shape, format_size, is_known, sample_size


class Reshape(Layer):
    """Each sample reshaped to ``shape``: (batch, *in_shape) -> (batch, *shape). One entry
    of ``shape`` may be -1, read from the sample's size as numpy does.

    backward gives dE/dY the input's shape again: dE/dX holds the same numbers, since each
    output is one input, moved. Nothing is copied where numpy can make a view.
    """

    input_axes = None                        # any sample shape

    def __init__(self, shape) -> None:
        super().__init__()
        shape = (shape,) if np.ndim(shape) == 0 else tuple(shape)
        if not shape or shape.count(-1) > 1 or not all(
                isinstance(n, (int, np.integer)) and not isinstance(n, bool)
                and (n >= 1 or n == -1) for n in shape):
            raise ValueError(f"Reshape shape must be positive integers with at most one -1, "
                             f"got {shape!r}")
        self.shape = tuple(int(n) for n in shape)
        self.input_shape: tuple | None = None          # the last input's, for backward

    def output_features(self, in_features: Size | None) -> Size | None:
        if not is_known(in_features):
            return None
        size, known = math.prod(as_shape(in_features)), math.prod(self.shape)
        if -1 in self.shape and size % -known == 0:
            return sample_size(tuple(size // -known if n == -1 else n for n in self.shape))
        if known != size:
            raise ValueError(f"{self.describe()} cannot reshape samples of shape "
                             f"{format_size(in_features)} ({size} numbers)")
        return sample_size(self.shape)

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.input_shape = x.shape
        return x.reshape(len(x), *self.shape)

    def backward(self, output_gradient: np.ndarray) -> np.ndarray:
        return output_gradient.reshape(self.input_shape)   # dE/dX: dE/dY in X's shape

    def get_config(self) -> dict:
        return {"shape": list(self.shape)}

    def describe(self) -> str:
        return f"Reshape({format_size(self.shape)})"


class Flatten(Reshape):
    """Each sample made a vector: (batch, *shape) -> (batch, prod(shape)), as a Dense
    after a Conv2D needs; backward gives dE/dY the input's shape again."""

    def __init__(self) -> None:
        super().__init__(-1)

    def get_config(self) -> dict:
        return {}

    def describe(self) -> str:
        return "Flatten()"
