"""Optimizers update parameters after the whole backward pass, from ``layer.grads``.

``step(layers)`` updates every ``layer.params[k]`` in place from ``layer.grads[k]``.
Both follow PyTorch's ``torch.optim.SGD`` and ``torch.optim.Adam`` step for step.
"""

from __future__ import annotations

import math

import numpy as np


def _check_rate(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) \
            or not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return float(value)


def _check_fraction(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) \
            or not 0 <= value < 1:
        raise ValueError(f"{name} must be a number in [0, 1), got {value!r}")
    return float(value)


class Optimizer:
    def __init__(self) -> None:
        self.state: dict[int, tuple[np.ndarray, ...]] = {}   # id(param) -> (param, slots...)

    def _slots(self, param: np.ndarray, count: int) -> tuple[np.ndarray, ...]:
        entry = self.state.get(id(param))
        if entry is None or entry[0] is not param:
            entry = (param, *(np.zeros_like(param) for _ in range(count)))
            self.state[id(param)] = entry
        return entry[1:]

    def step(self, layers) -> None:
        for layer in layers:
            for key, param in layer.params.items():
                self.update(param, layer.grads[key])

    def update(self, param: np.ndarray, grad: np.ndarray) -> None:
        raise NotImplementedError


class SGD(Optimizer):
    """w <- w - learning_rate * dE/dw; with momentum: v <- momentum v + dE/dw, w <- w - lr v."""

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.0) -> None:
        super().__init__()
        self.learning_rate = _check_rate("learning_rate", learning_rate)
        self.momentum = _check_fraction("momentum", momentum)

    def update(self, param, grad):
        if self.momentum:
            (velocity,) = self._slots(param, 1)
            velocity *= self.momentum
            velocity += grad
            grad = velocity
        param -= self.learning_rate * grad

    def __repr__(self) -> str:
        return f"SGD(learning_rate={self.learning_rate}, momentum={self.momentum})"


class Adam(Optimizer):
    """Adam (Kingma & Ba), with PyTorch's defaults and bias correction.

    m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2
    w <- w - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + epsilon)
    """

    def __init__(self, learning_rate: float = 0.001, beta_1: float = 0.9,
                 beta_2: float = 0.999, epsilon: float = 1e-8) -> None:
        super().__init__()
        self.learning_rate = _check_rate("learning_rate", learning_rate)
        self.beta_1 = _check_fraction("beta_1", beta_1)
        self.beta_2 = _check_fraction("beta_2", beta_2)
        self.epsilon = _check_rate("epsilon", epsilon)
        self.t = 0

    def step(self, layers) -> None:
        self.t += 1
        self.step_size = self.learning_rate / (1 - self.beta_1 ** self.t)   # same for every
        self.v_correction = math.sqrt(1 - self.beta_2 ** self.t)           # parameter
        super().step(layers)

    def update(self, param, grad):
        m, v = self._slots(param, 2)
        m *= self.beta_1
        m += (1 - self.beta_1) * grad
        v *= self.beta_2
        v += (1 - self.beta_2) * grad * grad
        denom = np.sqrt(v) / self.v_correction + self.epsilon
        param -= self.step_size * m / denom

    def __repr__(self) -> str:
        return (f"Adam(learning_rate={self.learning_rate}, beta_1={self.beta_1}, "
                f"beta_2={self.beta_2}, epsilon={self.epsilon})")
