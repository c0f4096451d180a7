"""Metrics that ``fit`` and ``evaluate`` can report beside the loss: ``metrics=["accuracy"]``.

A metric is ``metric(y_true, y_pred) -> float`` on a whole data set, higher is better. Pass
its name, or any such function (its ``__name__`` names it in the History).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

Metric = Callable[[np.ndarray, np.ndarray], float]


def accuracy(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """The fraction of samples classified right.

    One column of 0/1 targets: a prediction counts as 1 from 0.5 up (sigmoid, or tanh).
    Several columns (one-hot targets): the largest output names the class.
    """
    if y_true.shape[1] == 1:
        return float(np.mean((y_pred >= 0.5) == (y_true >= 0.5)))
    return float(np.mean(y_pred.argmax(axis=1) == y_true.argmax(axis=1)))


def _check_accuracy_targets(y: np.ndarray, name: str) -> None:
    if y.shape[1] == 1 and not np.isin(y, (0, 1)).all():
        bad = y[~np.isin(y, (0, 1))][0]
        raise ValueError(f"accuracy needs {name} of 0/1 labels (one column) or one-hot rows "
                         f"(several columns), got the value {bad} in {name}")


METRICS: dict[str, Metric] = {"accuracy": accuracy}
_TARGET_CHECKS = {accuracy: _check_accuracy_targets}


def get(metrics) -> dict[str, Metric]:
    """Metric names or functions -> {name: function}; unknown names fail with the choices."""
    if isinstance(metrics, str) or callable(metrics):
        raise TypeError(f"metrics must be a list, such as metrics=['accuracy'], got {metrics!r}")
    found = {}
    for metric in metrics:
        if isinstance(metric, str):
            if metric not in METRICS:
                raise ValueError(f"unknown metric {metric!r}; expected one of {sorted(METRICS)} "
                                 "or a function metric(y_true, y_pred) -> float")
            found[metric] = METRICS[metric]
        elif callable(metric):
            found[getattr(metric, "__name__", repr(metric))] = metric
        else:
            raise TypeError(f"a metric must be a name such as 'accuracy' or a function, got "
                            f"{metric!r}")
    if "loss" in found:
        raise ValueError("'loss' is always recorded: it cannot also name a metric")
    return found


def check_targets(metrics: dict[str, Metric], y: np.ndarray, name: str) -> None:
    """Raise if ``y`` cannot be scored by one of ``metrics`` (accuracy: 0/1 or one-hot)."""
    for metric in metrics.values():
        check = _TARGET_CHECKS.get(metric)
        if check is not None:
            check(y, name)
