"""Sequential: layers in a chain, trained with fit, used with predict, saved as .npz."""

from __future__ import annotations

import functools
import inspect
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

from .activations import ReLU, Sigmoid, Softmax, Tanh
from .dense import Dense
from .layer import Layer
from .losses import Loss
from .optimizers import Optimizer
from .validation import as_batch, check_positive_int

FORMAT = "nn.Sequential/1"
SAVABLE_LAYERS = {cls.__name__: cls for cls in (Dense, Tanh, Sigmoid, ReLU, Softmax)}


class History:
    """What ``fit`` returns: ``history["loss"][e]`` is the mean training loss of epoch e + 1."""

    def __init__(self) -> None:
        self.history: dict[str, list[float]] = {"loss": []}
        self.epoch: list[int] = []

    def __repr__(self) -> str:
        losses = self.history["loss"]
        last = f", last loss {losses[-1]:.6g}" if losses else ""
        return f"History({len(losses)} epochs{last})"


class Callback:
    """Hooks into ``fit``; ``epoch`` counts from 1, and 0 means before training."""

    def on_train_begin(self, model: "Sequential") -> None: ...

    def on_epoch_end(self, model: "Sequential", epoch: int, loss: float) -> None: ...


@functools.lru_cache(maxsize=None)
def _can_skip_input_gradient(layer_class: type) -> bool:
    """Whether layer_class.backward accepts input_gradient= (Dense's does; a subclass that
    overrides backward may not)."""
    return "input_gradient" in inspect.signature(layer_class.backward).parameters


class Sequential:
    """A chain of layers: X -> layer -> layer -> ... -> Y.

    seed seeds the model's own ``numpy.random.Generator``, which draws the initial
    weights and the shuffling order: the same seed gives bit-identical training.
    """

    def __init__(self, layers, seed: int | np.random.Generator | None = None) -> None:
        self.layers: list[Layer] = list(layers)
        if not self.layers:
            raise ValueError("Sequential needs at least one layer, got none")
        for index, layer in enumerate(self.layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"layers[{index}] must be an nn layer (such as nn.Dense(3) "
                                f"or nn.Tanh()), got {layer!r}")
        self.rng = np.random.default_rng(seed)
        self.dtype = np.dtype(np.float64)
        self._check_chain(None)

    # -- structure --------------------------------------------------------------------

    def _check_chain(self, in_features: int | None) -> None:
        """Fail early, naming the layer, when layer sizes do not chain."""
        n = in_features
        for index, layer in enumerate(self.layers):
            expected = layer.in_features or getattr(layer, "declared_in_features", None)
            if n is not None and expected is not None and expected != n:
                source = f"layers[{index - 1}] outputs" if index else "the input has"
                raise ValueError(f"layers[{index}] {layer.describe()} expects {expected} "
                                 f"input features, but {source} {n}")
            n = layer.output_features(n if n is not None else expected)

    @property
    def built(self) -> bool:
        return all(layer.built for layer in self.layers)

    @property
    def in_features(self) -> int | None:
        first = self.layers[0]
        return first.in_features or getattr(first, "declared_in_features", None)

    @property
    def out_features(self) -> int | None:
        return self._out_features_for(self.in_features)

    def build(self, in_features: int) -> "Sequential":
        """Create every layer's parameters for inputs of ``in_features`` columns."""
        self._check_chain(in_features)
        n = in_features
        for layer, following in zip(self.layers, self.layers[1:] + [None]):
            if not layer.built:
                if isinstance(layer, Dense) and layer.initializer is None:
                    layer.initializer = "he_normal" if isinstance(following, ReLU) \
                        else "glorot_uniform"
                layer.build(n, self.rng)
                for key, value in layer.params.items():
                    layer.params[key] = value.astype(self.dtype, copy=False)
            n = layer.output_features(n)
        return self

    def astype(self, dtype) -> "Sequential":
        """Convert every parameter to ``dtype`` (float32 or float64)."""
        dtype = np.dtype(dtype)
        if dtype.kind != "f":
            raise TypeError(f"a model's dtype must be a float type, got {dtype}")
        self.dtype = dtype
        for layer in self.layers:
            for key in layer.params:
                layer.params[key] = layer.params[key].astype(dtype, copy=False)
            layer.grads = {key: np.zeros_like(value) for key, value in layer.params.items()}
        return self

    def get_weights(self) -> list[dict[str, np.ndarray]]:
        """A copy of every layer's parameters, one dict per layer."""
        return [{key: value.copy() for key, value in layer.params.items()}
                for layer in self.layers]

    def set_weights(self, weights: list[dict[str, np.ndarray]]) -> None:
        """Copy parameters in, as returned by ``get_weights`` (shapes must match)."""
        if len(weights) != len(self.layers):
            raise ValueError(f"expected weights for {len(self.layers)} layers, "
                             f"got {len(weights)}")
        for index, (layer, values) in enumerate(zip(self.layers, weights)):
            if set(values) != set(layer.params):
                raise ValueError(f"layers[{index}] {layer.describe()} has parameters "
                                 f"{sorted(layer.params)}, got {sorted(values)}")
            for key, value in values.items():
                if np.shape(value) != layer.params[key].shape:
                    raise ValueError(f"layers[{index}].params[{key!r}] has shape "
                                     f"{layer.params[key].shape}, got {np.shape(value)}")
        for layer, values in zip(self.layers, weights):
            for key, value in values.items():
                layer.params[key][...] = value

    # -- computing --------------------------------------------------------------------

    def forward(self, x: np.ndarray) -> np.ndarray:
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, output_gradient: np.ndarray,
                 input_gradient: bool = True) -> np.ndarray | None:
        """dE/dY of the last layer -> every layer's grads, last to first; returns dE/dX.

        input_gradient=False: the caller has no use for dE/dX (X is the data); when the
        first layer's backward takes input_gradient (as Dense's does), it skips that
        product and None is returned.
        """
        first, *upper = self.layers
        for layer in reversed(upper):
            output_gradient = layer.backward(output_gradient)
        if not input_gradient and _can_skip_input_gradient(type(first)):
            return first.backward(output_gradient, input_gradient=False)
        return first.backward(output_gradient)

    def train_step(self, x: np.ndarray, y: np.ndarray, loss: Loss,
                   optimizer: Optimizer) -> float:
        """One step of gradient descent on one batch; returns the loss before the update."""
        y_pred = self.forward(x)
        error = loss(y, y_pred)
        if not math.isfinite(error):
            raise FloatingPointError(f"the loss became {error}")
        self.backward(loss.gradient(y, y_pred), input_gradient=False)
        optimizer.step(self.layers)      # parameters change only here, after backward
        return error

    def _inputs(self, x, name: str = "x") -> np.ndarray:
        if not self.built:
            x = as_batch(x, name)
            self._check_chain(x.shape[1])               # fail before any state changes
            if x.dtype != self.dtype:
                self.astype(x.dtype)
            self.build(x.shape[1])
        else:
            x = as_batch(x, name, self.dtype)
        if x.shape[1] != self.in_features:
            raise ValueError(f"layers[0] {self.layers[0].describe()} expects "
                             f"{self.in_features} input features, but {name} has "
                             f"{x.shape[1]} (shape {x.shape})")
        return x

    def _out_features_for(self, in_features: int | None) -> int | None:
        n = in_features
        for layer in self.layers:
            n = layer.output_features(n)
        return n

    def predict(self, x, batch_size: int | None = None) -> np.ndarray:
        """The model's output for x of shape (batch, features)."""
        x = self._inputs(x)
        if batch_size is None:
            return self.forward(x)
        batch_size = check_positive_int("batch_size", batch_size)
        return np.concatenate([self.forward(x[i:i + batch_size])
                               for i in range(0, len(x), batch_size)])

    def _data(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """x and y checked together before any state changes, in the model's dtype."""
        x, y = as_batch(x, "x"), as_batch(y, "y")
        self._check_chain(x.shape[1])
        expected = (len(x), self._out_features_for(x.shape[1]))
        if y.shape != expected:
            raise ValueError(f"y must have shape {expected} for this x and model, "
                             f"got {y.shape}")
        x = self._inputs(x)
        return x, y.astype(self.dtype, copy=False)

    def evaluate(self, x, y, *, loss: Loss) -> float:
        """The loss of the model's predictions on (x, y)."""
        x, y = self._data(x, y)
        return loss(y, self.forward(x))

    def fit(self, x, y, *, loss: Loss, optimizer: Optimizer, epochs: int,
            batch_size: int | None = None, shuffle: bool = True, verbose: int = 1,
            callbacks=()) -> History:
        """Train with mini-batch gradient descent; ``batch_size=None`` is the full batch.

        Every batch: forward, loss, backward through every layer, then one optimizer
        step. Returns a History whose ``history["loss"]`` holds each epoch's mean loss.
        """
        if not isinstance(loss, Loss):
            raise TypeError(f"loss must be an nn loss such as nn.MSE(), got {loss!r}")
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"optimizer must be an nn optimizer such as "
                            f"nn.SGD(learning_rate=0.1), got {optimizer!r}")
        epochs = check_positive_int("epochs", epochs)
        if batch_size is not None:
            batch_size = check_positive_int("batch_size", batch_size)
        x = as_batch(x, "x")                           # check everything first:
        y = as_batch(y, "y", x.dtype)                  # no state changes on bad input
        if len(y) != len(x):
            raise ValueError(f"x and y must have the same number of samples (rows), "
                             f"got {len(x)} and {len(y)}")
        self._check_chain(x.shape[1])
        if y.shape[1] != self._out_features_for(x.shape[1]):
            raise ValueError(f"the model outputs {self._out_features_for(x.shape[1])} "
                             f"values per sample, but y has {y.shape[1]} columns "
                             f"(shape {y.shape})")
        if x.dtype != self.dtype:
            self.astype(x.dtype)                       # float32 data trains in float32
        x = self._inputs(x)

        n = len(x)
        size = n if batch_size is None else min(batch_size, n)
        history = History()
        progress = _Progress(epochs, verbose)
        for callback in callbacks:
            callback.on_train_begin(self)
        for epoch in range(1, epochs + 1):
            if shuffle and size < n:
                order = self.rng.permutation(n)
                xs, ys = x[order], y[order]
            else:
                xs, ys = x, y
            total = 0.0
            for start in range(0, n, size):
                xb, yb = xs[start:start + size], ys[start:start + size]
                try:
                    total += self.train_step(xb, yb, loss, optimizer) * len(xb)
                except FloatingPointError as error:
                    raise FloatingPointError(
                        f"{error} in epoch {epoch} (batch starting at sample {start}); "
                        "training stopped before that update: try a smaller learning "
                        "rate") from None
            history.history["loss"].append(total / n)
            history.epoch.append(epoch)
            for callback in callbacks:
                callback.on_epoch_end(self, epoch, total / n)
            progress.update(epoch, total / n)
        progress.close()
        for index, layer in enumerate(self.layers):
            for key, value in layer.params.items():
                if not np.isfinite(value).all():
                    raise FloatingPointError(f"layers[{index}].params[{key!r}] became "
                                             f"non-finite in epoch {epochs}")
        return history

    # -- describing, saving -----------------------------------------------------------

    def summary(self, print_fn=print) -> str:
        """A table of layers, output shapes and parameter counts; printed and returned."""
        rows = [("layer", "output", "parameters")]
        n, total = self.in_features, 0
        for index, layer in enumerate(self.layers):
            n = layer.output_features(n)
            count = sum(value.size for value in layer.params.values())
            if not layer.built and isinstance(layer, Dense) and layer.declared_in_features:
                count = (layer.declared_in_features + 1) * layer.out_features
            total += count
            rows.append((f"{index}: {layer.describe()}", f"(batch, {n or '?'})", str(count)))
        widths = [max(len(row[c]) for row in rows) for c in range(3)]
        lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()
                 for row in rows]
        lines.insert(1, "-" * len(lines[0]))
        lines.append(f"total parameters: {total}")
        text = "\n".join(lines)
        if print_fn is not None:
            print_fn(text)
        return text

    def get_config(self) -> dict:
        return {"format": FORMAT, "dtype": self.dtype.name,
                "layers": [{"class": type(layer).__name__, "config": layer.get_config()}
                           for layer in self.layers]}

    def save(self, path) -> None:
        """Write architecture and weights to a .npz file (no pickle)."""
        for index, layer in enumerate(self.layers):
            if SAVABLE_LAYERS.get(type(layer).__name__) is not type(layer):
                raise TypeError(f"layers[{index}] {layer.describe()} cannot be saved: "
                                f"save supports {sorted(SAVABLE_LAYERS)}")
        if not self.built:
            raise ValueError("the model has no weights yet: call fit or build(in_features) "
                             "before save")
        arrays = {f"layers.{index}.{key}": value
                  for index, layer in enumerate(self.layers)
                  for key, value in layer.params.items()}
        arrays["config"] = np.array(json.dumps(self.get_config()))
        with open(path, "wb") as file:
            np.savez(file, **arrays)

    @classmethod
    def load(cls, path) -> "Sequential":
        """Read a model written by ``save``; the file is opened with allow_pickle=False."""
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(f"no model file at {path}")
        with np.load(path, allow_pickle=False) as data:
            if "config" not in data:
                raise ValueError(f"{path} is not a model saved by nn.Sequential.save "
                                 f"(it has no 'config' entry)")
            config = json.loads(str(data["config"]))
            if config.get("format") != FORMAT:
                raise ValueError(f"{path} has format {config.get('format')!r}, "
                                 f"expected {FORMAT!r}")
            layers = []
            for spec in config["layers"]:
                if spec["class"] not in SAVABLE_LAYERS:
                    raise ValueError(f"{path} holds an unknown layer {spec['class']!r}")
                layers.append(SAVABLE_LAYERS[spec["class"]](**spec["config"]))
            model = cls(layers)
            model.dtype = np.dtype(config["dtype"])
            for index, layer in enumerate(model.layers):
                if isinstance(layer, Dense):
                    layer.params = {key: data[f"layers.{index}.{key}"]
                                    for key in ("weights", "bias")}
                    layer.grads = {key: np.zeros_like(v) for key, v in layer.params.items()}
                    layer.in_features = layer.params["weights"].shape[1]
                else:
                    layer.in_features = model._in_features_of(index)
        return model

    def _in_features_of(self, index: int) -> int | None:
        n = self.in_features
        for layer in self.layers[:index]:
            n = layer.output_features(n)
        return n

    def __repr__(self) -> str:
        return f"Sequential([{', '.join(layer.describe() for layer in self.layers)}])"


class _Progress:
    """Keras-like progress: one rewritten line on a terminal, a few lines in a log."""

    def __init__(self, epochs: int, verbose: int, stream=None) -> None:
        self.epochs, self.verbose = epochs, verbose
        self.stream = stream or sys.stdout
        self.tty = getattr(self.stream, "isatty", lambda: False)()
        self.start = self.last = time.perf_counter()
        self.every = max(1, epochs // 10)       # at most ~10 lines in a log file

    def update(self, epoch: int, loss: float) -> None:
        if not self.verbose:
            return
        now = time.perf_counter()
        width = len(str(self.epochs))
        line = (f"epoch {epoch:>{width}}/{self.epochs}  loss {loss:.6g}  "
                f"{now - self.start:.1f}s")
        if self.verbose >= 2:
            print(line, file=self.stream)
        elif self.tty:
            if now - self.last >= 0.1 or epoch == self.epochs:
                print("\r" + line, end="", file=self.stream, flush=True)
                self.last = now
        elif epoch % self.every == 0 or epoch == self.epochs or epoch == 1:
            print(line, file=self.stream)

    def close(self) -> None:
        if self.verbose == 1 and self.tty:
            print(file=self.stream)
