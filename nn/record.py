"""What one training step and one training run leave behind, as plain numpy data.

The explainer's scenes read only these records; anyone can use them to look inside.

- ``record_step`` performs one training step and keeps, for every layer, its input X,
  output Y, dE/dY, dE/dX, parameter gradients, and parameters before and after the update.
- ``record_run`` trains like ``fit`` and keeps parameters and full-data loss at chosen epochs.

Arrays keep the library's layout: one row per sample.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import numpy as np

from .losses import Loss
from .model import Callback, Sequential
from .optimizers import Optimizer

Weights = list[dict[str, np.ndarray]]     # one dict per layer, as Sequential.get_weights()


@dataclass(frozen=True)
class LayerRecord:
    """One layer during one training step.  Shapes: X (batch, in), Y (batch, out)."""

    index: int
    kind: str                              # class name: "Dense", "Tanh", ...
    input: np.ndarray                      # X
    output: np.ndarray                     # Y
    output_gradient: np.ndarray            # dE/dY, received from the layer above
    input_gradient: np.ndarray             # dE/dX, returned to the layer below
    params_before: dict[str, np.ndarray]   # used by forward and backward
    grads: dict[str, np.ndarray]           # dE/dW, dE/dB (same keys as params)
    params_after: dict[str, np.ndarray]    # after the optimizer's update


@dataclass(frozen=True)
class StepRecord:
    """One training step of a whole model on one batch."""

    x: np.ndarray                          # the batch fed in
    y_true: np.ndarray                     # Y*
    y_pred: np.ndarray                     # the network's output Y
    loss: float                            # E
    loss_gradient: np.ndarray              # dE/dY at the output, from loss.gradient
    layers: tuple[LayerRecord, ...]


def record_step(model: Sequential, x, y, *, loss: Loss, optimizer: Optimizer) -> StepRecord:
    """Perform one training step (forward, loss, backward, update) and record it."""
    x, y = model._data(x, y)                 # checked before any state changes
    before = model.get_weights()
    inputs, outputs = [], []
    signal = x
    for layer in model.layers:
        inputs.append(signal)
        signal = layer.forward(signal)
        outputs.append(signal)
    error = loss(y, signal)
    gradient = loss.gradient(y, signal)
    output_gradients, input_gradients = [None] * len(model.layers), [None] * len(model.layers)
    flowing = gradient
    for index in reversed(range(len(model.layers))):
        output_gradients[index] = flowing
        flowing = model.layers[index].backward(flowing)
        input_gradients[index] = flowing
    grads = [{key: value.copy() for key, value in layer.grads.items()}
             for layer in model.layers]
    optimizer.step(model.layers)
    after = model.get_weights()
    layers = tuple(
        LayerRecord(index=index, kind=type(layer).__name__, input=inputs[index].copy(),
                    output=outputs[index].copy(), output_gradient=output_gradients[index].copy(),
                    input_gradient=input_gradients[index].copy(), params_before=before[index],
                    grads=grads[index], params_after=after[index])
        for index, layer in enumerate(model.layers))
    return StepRecord(x=x.copy(), y_true=y.copy(), y_pred=signal.copy(), loss=error,
                      loss_gradient=gradient.copy(), layers=layers)


@dataclass
class RunRecord:
    """Snapshots of one training run.

    epochs[k] is an epoch number (0 = before training); weights[k] and loss[k] are the
    parameters after that epoch and their loss on the whole training set.
    history is fit's per-epoch mean training loss, for every epoch.
    """

    epochs: list[int] = field(default_factory=list)
    weights: list[Weights] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    history: list[float] = field(default_factory=list)

    def model_at(self, model: Sequential, k: int) -> Sequential:
        """Load snapshot k's parameters into ``model`` (same architecture) and return it."""
        model.set_weights(self.weights[k])
        return model


class Snapshots(Callback):
    """A fit callback that fills a RunRecord at the chosen epochs (None: every epoch)."""

    def __init__(self, x: np.ndarray, y: np.ndarray, loss: Loss,
                 epochs: Iterable[int] | None = None) -> None:
        self.x, self.y, self.loss = x, y, loss
        self.wanted = None if epochs is None else set(int(e) for e in epochs)
        self.record = RunRecord()

    def _take(self, model: Sequential, epoch: int) -> None:
        if self.wanted is None or epoch in self.wanted:
            self.record.epochs.append(epoch)
            self.record.weights.append(model.get_weights())
            self.record.loss.append(model.evaluate(self.x, self.y, loss=self.loss))

    def on_train_begin(self, model: Sequential) -> None:
        self._take(model, 0)

    def on_epoch_end(self, model: Sequential, epoch: int, loss: float) -> None:
        self._take(model, epoch)


def record_run(model: Sequential, x, y, *, loss: Loss, optimizer: Optimizer, epochs: int,
               snapshot_epochs: Iterable[int] | None = None, **fit_options) -> RunRecord:
    """Train ``model`` with ``fit`` and return the snapshots at ``snapshot_epochs``."""
    snapshots = Snapshots(x, y, loss, snapshot_epochs)
    history = model.fit(x, y, loss=loss, optimizer=optimizer, epochs=epochs,
                        callbacks=[snapshots], **{"verbose": 0, **fit_options})
    snapshots.record.history = list(history.history["loss"])
    return snapshots.record
