"""Dense: the fully connected layer of the video, Y = W X + B."""

from __future__ import annotations

import numpy as np

from . import initializers
from .layer import Layer


def _check_size(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"Dense {name} must be a positive integer, got {value!r}")
    return int(value)


class Dense(Layer):
    """Fully connected layer: ``Dense(in_features, out_features)`` or ``Dense(out_features)``.

    Shapes, in the video's symbols (i inputs, j outputs):
        W = params["weights"]: (j, i), entry w_ji joins input i to output j
        B = params["bias"]:    (j,)
        X: (batch, i)          Y: (batch, j)

    Per sample, as a column: Y = W X + B.  A batch holds one sample per row,
    so the same product reads Y = X W^T + B.

    initializer: a name from ``nn.initializers`` for W; None lets ``Sequential``
    pick Glorot (He before a ReLU). ``"standard_normal"`` is the video's choice
    and draws B from N(0, 1) too; every other choice starts B at zero.
    """

    def __init__(self, in_features: int | None = None, out_features: int | None = None,
                 *, initializer: str | None = None) -> None:
        super().__init__()
        if out_features is None:  # Dense(out_features): input size inferred on first use
            in_features, out_features = None, in_features
        self.out_features = _check_size("out_features", out_features)
        self.declared_in_features = (
            None if in_features is None else _check_size("in_features", in_features))
        if initializer is not None:
            initializers.get(initializer)  # fail now on an unknown name
        self.initializer = initializer

    def build(self, in_features: int, rng: np.random.Generator | None = None) -> None:
        if self.declared_in_features not in (None, in_features):
            raise ValueError(f"{self.describe()} expects {self.declared_in_features} "
                             f"input features, got {in_features}")
        if rng is None:
            raise ValueError(f"{self.describe()} needs a numpy.random.Generator to draw its "
                             "weights: call build(in_features, rng) or put it in a Sequential")
        name = self.initializer or "glorot_uniform"
        init = initializers.get(name)
        self.params = {
            "weights": init((self.out_features, in_features), rng),
            "bias": (initializers.standard_normal if name == "standard_normal"
                     else initializers.zeros)((self.out_features,), rng),
        }
        self.grads = {key: np.zeros_like(value) for key, value in self.params.items()}
        self.in_features = in_features

    def output_features(self, in_features: int | None) -> int:
        return self.out_features

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.input = x
        W, B = self.params["weights"], self.params["bias"]
        return x @ W.T + B                                      # Y = W X + B

    def backward(self, output_gradient: np.ndarray,
                 input_gradient: bool = True) -> np.ndarray | None:
        """input_gradient=False skips dE/dX and returns None: when X is the data, nothing
        below needs it, and it would cost as much as dE/dW."""
        W, X = self.params["weights"], self.input
        self.grads["weights"] = output_gradient.T @ X           # dE/dW = dE/dY X^T
        self.grads["bias"] = output_gradient.sum(axis=0)        # dE/dB = dE/dY
        if not input_gradient:
            return None
        return output_gradient @ W                              # dE/dX = W^T dE/dY

    def get_config(self) -> dict:
        return {"in_features": self.in_features or self.declared_in_features,
                "out_features": self.out_features, "initializer": self.initializer}

    def describe(self) -> str:
        n_in = self.in_features or self.declared_in_features
        return f"Dense({n_in if n_in else '?'} -> {self.out_features})"
