"""The contract every layer follows.

A batch is an array of shape (batch, features): one row per sample.

- ``forward(x)`` keeps what ``backward`` needs and returns ``y``.
- ``backward(output_gradient)`` receives dE/dY, fills ``self.grads`` (same keys as
  ``self.params``) and returns dE/dX. It never changes ``self.params``: an optimizer
  updates them after the whole backward pass, so dE/dX always uses the weights of
  the forward pass.
- ``Dense.backward(output_gradient, input_gradient=False)`` skips dE/dX (returns None):
  ``Sequential.train_step`` asks this of its first layer, whose input is the data.
"""

from __future__ import annotations

import numpy as np


class Layer:
    """Base layer: no parameters, input size inferred when the layer is built."""

    def __init__(self) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.in_features: int | None = None
        self.input: np.ndarray | None = None
        self.output: np.ndarray | None = None

    @property
    def built(self) -> bool:
        return self.in_features is not None

    def build(self, in_features: int, rng: np.random.Generator | None = None) -> None:
        """Create the parameters for inputs of ``in_features`` columns."""
        self.in_features = in_features

    def output_features(self, in_features: int | None) -> int | None:
        """Columns of the output for ``in_features`` input columns (None: unknown)."""
        return in_features

    def forward(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def backward(self, output_gradient: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def get_config(self) -> dict:
        """What ``type(self)(**config)`` needs to rebuild this layer (save/load)."""
        return {}

    def describe(self) -> str:
        """A short name for messages and summaries, such as ``Dense(2 -> 3)``."""
        return f"{type(self).__name__}()"

    def __repr__(self) -> str:
        return self.describe()
