"""Activation layers: Y = f(X) element-wise, and dE/dX = dE/dY (element-wise) f'(X)."""

from __future__ import annotations

from typing import Callable

import numpy as np

from .layer import Layer

Function = Callable[[np.ndarray], np.ndarray]


class Activation(Layer):
    """Any element-wise function f with its derivative f_prime, as in the video."""

    def __init__(self, f: Function, f_prime: Function) -> None:
        super().__init__()
        self.f = f
        self.f_prime = f_prime

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.input = x
        self.output = self.f(x)
        return self.output                                      # Y = f(X)

    def backward(self, output_gradient: np.ndarray) -> np.ndarray:
        return output_gradient * self.f_prime(self.input)       # dE/dX = dE/dY * f'(X)


def tanh(x):
    return np.tanh(x)


def tanh_prime(x):
    return 1 - np.tanh(x) ** 2


def sigmoid(x):
    return np.exp(-np.logaddexp(0, -x))                         # 1 / (1 + e^-x), no overflow


def sigmoid_prime(x):
    s = sigmoid(x)
    return s * (1 - s)


def relu(x):
    return np.maximum(x, 0)


def relu_prime(x):
    return (x > 0).astype(x.dtype)


class Tanh(Activation):
    """f(x) = tanh(x), f'(x) = 1 - tanh(x)^2.

    backward reads f' from the stored output Y = tanh(X): 1 - Y^2, with no second tanh,
    so forward keeps Y only.
    """

    def __init__(self) -> None:
        super().__init__(tanh, tanh_prime)

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.output = np.tanh(x)
        return self.output                                      # Y = tanh(X), X not kept

    def backward(self, output_gradient: np.ndarray) -> np.ndarray:
        return output_gradient * (1 - self.output ** 2)         # dE/dX = dE/dY * (1 - Y^2)


class Sigmoid(Activation):
    """f(x) = 1 / (1 + e^-x), f'(x) = f(x) (1 - f(x)), read from the stored output."""

    def __init__(self) -> None:
        super().__init__(sigmoid, sigmoid_prime)

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.output = sigmoid(x)
        return self.output                                      # Y = sigmoid(X), X not kept

    def backward(self, output_gradient: np.ndarray) -> np.ndarray:
        return output_gradient * self.output * (1 - self.output)


class ReLU(Activation):
    """f(x) = max(x, 0), f'(x) = 1 where x > 0, else 0."""

    def __init__(self) -> None:
        super().__init__(relu, relu_prime)

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.output = relu(x)
        return self.output                                      # Y = max(X, 0), X not kept

    def backward(self, output_gradient: np.ndarray) -> np.ndarray:
        return output_gradient * (self.output > 0)


class Softmax(Layer):
    """Y_k = e^(X_k) / sum_m e^(X_m) over each row; stable for large logits.

    Its Jacobian is not diagonal, so it is a Layer of its own:
        dE/dX = Y * (dE/dY - sum_k dE/dY_k Y_k)      (per row)
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        e = np.exp(x - x.max(axis=1, keepdims=True))
        self.output = e / e.sum(axis=1, keepdims=True)
        return self.output

    def backward(self, output_gradient: np.ndarray) -> np.ndarray:
        Y = self.output
        return Y * (output_gradient - (output_gradient * Y).sum(axis=1, keepdims=True))
