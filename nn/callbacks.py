"""Callbacks: hooks into ``Sequential.fit``, and ``EarlyStopping`` built on them.

During ``fit``, ``model.history`` is the History being filled: a callback reads the epoch's
numbers there (``model.history.history["val_loss"][-1]``), and may set
``model.stop_training = True`` to end training after the current epoch.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Sequential


class Callback:
    """Hooks into ``fit``; ``epoch`` counts from 1, and 0 means before training."""

    def check(self, model: "Sequential", keys: list[str]) -> None:
        """Before anything changes: raise if this callback cannot work with a fit that
        records ``keys`` in its History (such as ["loss", "val_loss"])."""

    def on_train_begin(self, model: "Sequential") -> None: ...

    def on_epoch_end(self, model: "Sequential", epoch: int, loss: float) -> None: ...

    def on_train_end(self, model: "Sequential") -> None: ...


class EarlyStopping(Callback):
    """Stop ``fit`` when ``monitor`` has not improved for ``patience`` epochs (as Keras:
    0 stops at the first epoch without improvement).

    monitor: a History key, "val_loss" by default (needs ``validation_data``); a name with
    "accuracy" in it improves upwards, any other downwards. An improvement must beat the
    best so far by more than ``min_delta``. restore_best_weights: when training ends, put
    back the weights of the best epoch. After fit, ``best``, ``best_epoch`` and
    ``stopped_epoch`` (0 if training ran to the end) say what happened.
    """

    def __init__(self, monitor: str = "val_loss", *, patience: int = 0, min_delta: float = 0.0,
                 restore_best_weights: bool = False) -> None:
        if isinstance(patience, bool) or not isinstance(patience, int) or patience < 0:
            raise ValueError(f"patience must be an integer >= 0, got {patience!r}")
        if isinstance(min_delta, bool) or not isinstance(min_delta, (int, float)) \
                or not min_delta >= 0:
            raise ValueError(f"min_delta must be a number >= 0, got {min_delta!r}")
        self.monitor, self.patience, self.min_delta = monitor, patience, float(min_delta)
        self.restore_best_weights = restore_best_weights
        self.higher_is_better = "accuracy" in monitor
        self.best, self.best_epoch, self.stopped_epoch = math.nan, 0, 0
        self.best_weights = None

    def check(self, model, keys):
        if self.monitor not in keys:
            hint = " (pass validation_data to fit)" if self.monitor.startswith("val_") else ""
            raise ValueError(f"EarlyStopping monitors {self.monitor!r}, but this fit records "
                             f"only {keys}{hint}")

    def on_train_begin(self, model):
        self.best, self.best_epoch, self.stopped_epoch = math.nan, 0, 0
        self.best_weights, self.wait = None, 0

    def _improves(self, value: float) -> bool:
        if math.isnan(self.best):
            return True
        if self.higher_is_better:
            return value > self.best + self.min_delta
        return value < self.best - self.min_delta

    def on_epoch_end(self, model, epoch, loss):
        value = model.history.history[self.monitor][-1]
        if self._improves(value):
            self.best, self.best_epoch, self.wait = value, epoch, 0
            if self.restore_best_weights:
                self.best_weights = model.get_weights()
        else:
            self.wait += 1
            if self.wait >= self.patience:
                self.stopped_epoch = epoch
                model.stop_training = True

    def on_train_end(self, model):
        if self.restore_best_weights and self.best_weights is not None:
            model.set_weights(self.best_weights)

    def __repr__(self) -> str:
        return (f"EarlyStopping(monitor={self.monitor!r}, patience={self.patience}, "
                f"min_delta={self.min_delta}, restore_best_weights={self.restore_best_weights})")
