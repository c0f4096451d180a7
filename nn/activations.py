"""Activation layers: Y = f(X) element-wise, and dE/dX = dE/dY (element-wise) f'(X).

Each activation is written once. ``Activation(f, f_prime)`` takes any pair of functions, as
the video does. Tanh, Sigmoid and ReLU write f, and f' in its fast form, read from the
output in backward; their ``f_prime(x)`` is that same backward, so the two cannot differ.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from .layer import Layer

Function = Callable[[np.ndarray], np.ndarray]


class Activation(Layer):
    """Any element-wise function f with its derivative f_prime, as in the video."""

    input_axes = None                        # element-wise: samples of any shape

    def __init__(self, f: Function, f_prime: Function) -> None:
        super().__init__()
        self.f = f
        self.f_prime = f_prime
        self.input: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.input = x
        return self.f(x)                                        # Y = f(X)

    def backward(self, output_gradient: np.ndarray) -> np.ndarray:
        return output_gradient * self.f_prime(self.input)       # dE/dX = dE/dY * f'(X)


class OutputActivation(Activation):
    """An activation whose derivative is read from its output Y = f(X) (tanh: 1 - Y^2).

    A subclass writes the method ``f`` and a ``backward`` that multiplies dE/dY by f'(X)
    written with Y. forward keeps Y, not X, so f is evaluated once per step.
    ``f_prime(x)``, for plots and checks, runs that backward with dE/dY = 1.
    """

    def __init__(self) -> None:
        Layer.__init__(self)
        self.output: np.ndarray | None = None

    def f(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def f_prime(self, x: np.ndarray) -> np.ndarray:
        """f'(x): this class's own backward at input x, for dE/dY = 1 (the layer's stored
        output is put back afterwards)."""
        kept = self.output
        try:
            return self.backward(np.ones_like(self.forward(x)))
        finally:
            self.output = kept

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.output = y = self.f(x)
        return y                                                # Y = f(X), X not kept

    def backward(self, output_gradient: np.ndarray) -> np.ndarray:
        raise NotImplementedError


class Tanh(OutputActivation):
    """f(x) = tanh(x); f'(x) = 1 - tanh(x)^2, which backward reads from Y: 1 - Y^2."""

    def f(self, x):
        return np.tanh(x)

    def backward(self, output_gradient: np.ndarray) -> np.ndarray:
        return output_gradient * (1 - self.output ** 2)         # dE/dX = dE/dY * (1 - Y^2)


class Sigmoid(OutputActivation):
    """f(x) = 1 / (1 + e^-x); f'(x) = f(x) (1 - f(x)), which backward reads from Y."""

    def f(self, x):
        return np.exp(-np.logaddexp(0, -x))                     # 1 / (1 + e^-x), no overflow

    def backward(self, output_gradient: np.ndarray) -> np.ndarray:
        return output_gradient * self.output * (1 - self.output)    # dE/dY * Y (1 - Y)


class ReLU(OutputActivation):
    """f(x) = max(x, 0); f'(x) = 1 where x > 0, else 0: where Y > 0."""

    initializer_before = "he_normal"         # He initialisation suits the layer before

    def f(self, x):
        return np.maximum(x, 0)

    def backward(self, output_gradient: np.ndarray) -> np.ndarray:
        return output_gradient * (self.output > 0)              # dE/dY * 1 where Y > 0


class Softmax(Layer):
    """Y_k = e^(X_k) / sum_m e^(X_m) over each row; stable for large logits.

    Its Jacobian is not diagonal, so it is a Layer of its own:
        dE/dX = Y * (dE/dY - sum_k dE/dY_k Y_k)      (per row)
    """

    def __init__(self) -> None:
        super().__init__()
        self.output: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        e = np.exp(x - x.max(axis=1, keepdims=True))
        self.output = e / e.sum(axis=1, keepdims=True)
        return self.output

    def backward(self, output_gradient: np.ndarray) -> np.ndarray:
        Y = self.output
        return Y * (output_gradient - (output_gradient * Y).sum(axis=1, keepdims=True))
