"""Finite-difference gradient checks that anyone can run on their own layers.

    errors = nn.gradcheck(nn.Dense(2, 3), x, rng=np.random.default_rng(0))
    assert max(errors.values()) < 1e-6

Each error is ||analytic - numeric|| / max(||analytic|| + ||numeric||, 1e-12), with the
numeric gradient from central differences in float64.
"""

from __future__ import annotations

import numpy as np

from .layer import Layer
from .losses import Loss
from .model import Sequential
from .shapes import sample_size


def _relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    scale = max(np.linalg.norm(analytic) + np.linalg.norm(numeric), 1e-12)
    return float(np.linalg.norm(analytic - numeric) / scale)


def _numeric(f, array: np.ndarray, eps: float) -> np.ndarray:
    """d f() / d array by central differences, perturbing ``array`` in place."""
    grad = np.zeros_like(array)
    for index in np.ndindex(array.shape):
        saved = array[index]
        array[index] = saved + eps
        plus = f()
        array[index] = saved - eps
        minus = f()
        array[index] = saved
        grad[index] = (plus - minus) / (2 * eps)
    return grad


def gradcheck(layers: Layer | Sequential | list[Layer], x, *, y=None, loss: Loss | None = None,
              eps: float = 1e-6, rng: np.random.Generator | None = None) -> dict[str, float]:
    """Check backward against finite differences for one layer, a list, or a model.

    Without a loss, E = sum(R * Y) for a fixed random R, so dE/dY = R.
    With ``loss`` and ``y``, E = loss(y, Y).  Unbuilt layers are built from ``rng``.
    Returns the relative error of dE/dX and of every parameter gradient.
    """
    rng = rng if rng is not None else np.random.default_rng(0)
    if isinstance(layers, Sequential):
        layers = layers.layers
    elif isinstance(layers, Layer):
        layers = [layers]
    x = np.array(x, dtype=np.float64)
    n = sample_size(x.shape[1:])
    for layer in layers:
        if not layer.built:
            layer.build(n, rng)
        for key in layer.params:
            layer.params[key] = layer.params[key].astype(np.float64)
        n = layer.output_features(n)

    def forward() -> np.ndarray:
        signal = x
        for layer in layers:
            signal = layer.forward(signal)
        return signal

    if loss is None:
        projection = rng.standard_normal(forward().shape)
        energy = lambda: float(np.sum(projection * forward()))  # noqa: E731
        top_gradient = lambda y_pred: projection  # noqa: E731
    else:
        y = np.asarray(y, dtype=np.float64)
        energy = lambda: loss(y, forward())  # noqa: E731
        top_gradient = lambda y_pred: loss.gradient(y, y_pred)  # noqa: E731

    gradient = top_gradient(forward())
    for layer in reversed(layers):
        gradient = layer.backward(gradient)
    errors = {"dE/dX": _relative_error(gradient, _numeric(energy, x, eps))}
    for index, layer in enumerate(layers):
        analytic = {key: value.copy() for key, value in layer.grads.items()}
        for key, param in layer.params.items():
            errors[f"layers[{index}].{key}"] = _relative_error(
                analytic[key], _numeric(energy, param, eps))
    return errors


def gradcheck_loss(loss: Loss, y_true, y_pred, *, eps: float = 1e-6) -> float:
    """Relative error of ``loss.gradient`` against finite differences of ``loss``."""
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.array(y_pred, dtype=np.float64)
    return _relative_error(loss.gradient(y_true, y_pred),
                           _numeric(lambda: loss(y_true, y_pred), y_pred, eps))
