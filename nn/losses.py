"""Losses: ``loss(y_true, y_pred)`` gives E (a float), ``loss.gradient(y_true, y_pred)`` dE/dY.

Shapes: y_true and y_pred are both (batch, outputs); dE/dY is shaped like y_pred.
"""

from __future__ import annotations

import numpy as np


class Loss:
    def __call__(self, y_true: np.ndarray, y_pred: np.ndarray) -> float:
        raise NotImplementedError

    def gradient(self, y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def _clip(y_pred: np.ndarray) -> np.ndarray:
    """Keep probabilities away from 0 and 1 so that log and 1/p stay finite."""
    eps = 1e-7 if y_pred.dtype == np.float32 else 1e-12
    return np.clip(y_pred, eps, 1 - eps)


class MSE(Loss):
    """E = 1/n sum (y*_i - y_i)^2 over all n elements; dE/dY = 2/n (Y - Y*)."""

    def __call__(self, y_true, y_pred):
        return float(((y_true - y_pred) ** 2).sum() / y_pred.size)

    def gradient(self, y_true, y_pred):
        return 2 * (y_pred - y_true) / y_pred.size


class BinaryCrossEntropy(Loss):
    """E = -1/n sum [y* log y + (1 - y*) log(1 - y)] over all n elements (y from a sigmoid)."""

    def __call__(self, y_true, y_pred):
        p = _clip(y_pred)
        return float(-np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))

    def gradient(self, y_true, y_pred):
        p = _clip(y_pred)
        return (p - y_true) / (p * (1 - p)) / y_pred.size


class CategoricalCrossEntropy(Loss):
    """E = -1/batch sum_samples sum_k y*_k log y_k (y from a softmax, y* one-hot)."""

    def __call__(self, y_true, y_pred):
        return float(-np.sum(y_true * np.log(_clip(y_pred))) / len(y_pred))

    def gradient(self, y_true, y_pred):
        return -y_true / _clip(y_pred) / len(y_pred)
