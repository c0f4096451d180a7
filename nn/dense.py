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
        x: (batch, i)          y: (batch, j)          one row per sample

    The video writes one sample as a column: Y = W X + B.  A batch holds one sample per
    row, so forward computes the same product in rows, x W^T + B.  backward names the
    columns once, X = x.T and dY = output_gradient.T, and then reads like the video's
    formulas; it returns dE/dX in rows again (the transposes are views: nothing is copied,
    and the products are exactly the row-form ones).

    ``Dense(in_features, out_features)`` has its parameters at once. ``Dense(out_features)``
    gets them when its input size is known: on its first forward, or in a Sequential.

    initializer: a name from ``nn.initializers`` for W. None: Glorot (uniform), or what a
    Sequential suggests from the next layer (He before a ReLU). ``"standard_normal"`` is the
    video's choice and draws B from N(0, 1) too; every other choice starts B at zero.

    rng: the ``numpy.random.Generator`` the parameters are drawn from. Without one, a fresh
    ``numpy.random.default_rng()`` draws them, and a Sequential draws them again from its
    seed (unless they were changed in between, by training or by hand).
    """

    def __init__(self, in_features: int | None = None, out_features: int | None = None,
                 *, initializer: str | None = None,
                 rng: np.random.Generator | None = None) -> None:
        super().__init__()
        if out_features is None:  # Dense(out_features): input size inferred on first use
            in_features, out_features = None, in_features
        self.out_features = _check_size("out_features", out_features)
        self.choose_initializer(initializer, rng)
        self.input: np.ndarray | None = None
        if in_features is not None:
            self.build(_check_size("in_features", in_features))

    def init_params(self, in_features: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
        weights, bias = initializers.weights_and_bias(
            self.initializer, (self.out_features, in_features), rng)
        return {"weights": weights, "bias": bias}

    def suggest_initializer(self, name: str) -> None:
        if not self._chosen_initializer:
            self.initializer = name

    def output_features(self, in_features: int | None) -> int:
        return self.out_features

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.input = x
        W, B = self.params["weights"], self.params["bias"]
        return x @ W.T + B                              # Y = W X + B; in rows: x W^T + B

    def backward(self, output_gradient: np.ndarray) -> np.ndarray:
        dY, X = output_gradient.T, self.input.T         # one column per sample
        W = self.params["weights"]
        self.grads["weights"] = dY @ X.T                # dE/dW = dE/dY X^T
        self.grads["bias"] = dY.sum(axis=1)             # dE/dB = dE/dY
        return dY.T @ W                                 # dE/dX = W^T dE/dY; in rows: dE/dY^T W

    def backward_params(self, output_gradient: np.ndarray) -> None:
        """backward without dE/dX, for a first layer: its input is the data, nothing below
        needs dE/dX, and that product would cost as much as dE/dW. The same products as
        backward's, written in rows: no views to make, for the smallest networks' sake."""
        self.grads["weights"] = output_gradient.T @ self.input     # dE/dY X^T
        self.grads["bias"] = output_gradient.sum(axis=0)            # dE/dY, over the batch

    def get_config(self) -> dict:
        return {"in_features": self.in_features, "out_features": self.out_features,
                "initializer": self.initializer}

    def describe(self) -> str:
        return f"Dense({self.in_features or '?'} -> {self.out_features})"
