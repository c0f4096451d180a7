"""Sequential: layers in a chain, trained with fit, used with predict, saved as .npz.

The model knows no layer by name: it asks each layer for its sizes (``in_features``,
``output_features``, ``input_axes``), its parameters, its config, and which initializer
suits the layer before it; ``load`` finds classes again in the registry that subclassing
``Layer`` fills. Sizes are those of ``nn.shapes``: an int for vectors, a tuple for images.
"""

from __future__ import annotations

import inspect
import json
import math
import sys
import time
import zipfile
from pathlib import Path

import numpy as np

from . import initializers, metrics as metric_functions
from .callbacks import Callback
from .layer import LAYERS, Layer
from .losses import Loss
from .optimizers import Optimizer
from .shapes import Size, as_shape, batch_form, check_size, describe_input, fits, fits_rank, \
    format_batch, format_size, is_known, sample_size
from .validation import as_batch, check_positive_int

FORMAT = "nn.Sequential/1"

__all__ = ["Sequential", "History", "Callback", "FORMAT"]


class History:
    """What ``fit`` returns: ``history["loss"][e]`` is the mean training loss of epoch e + 1.

    With ``validation_data``, ``history["val_loss"]``; with ``metrics=["accuracy"]``,
    ``history["accuracy"]`` (and ``"val_accuracy"``): one number per epoch each.
    """

    def __init__(self, keys=("loss",)) -> None:
        self.history: dict[str, list[float]] = {key: [] for key in keys}
        self.epoch: list[int] = []

    def __repr__(self) -> str:
        losses = self.history["loss"]
        last = f", last loss {losses[-1]:.6g}" if losses else ""
        return f"History({len(losses)} epochs{last})"


class Sequential:
    """A chain of layers: X -> layer -> layer -> ... -> Y.

    seed seeds the model's own ``numpy.random.Generator``, which draws the initial
    weights and the shuffling order: the same seed gives bit-identical training.

    Whose weights: the model draws, from its seed and in layer order, the parameters of
    every layer that has none of its own choosing: a layer not built yet, or one still
    holding what it drew from a fresh default Generator (built without ``rng=``),
    unchanged since. It keeps the parameters of a layer given its own ``rng=``, and any
    that were trained or set by hand. It draws at construction when the first layer's input
    size is known (declared), else when ``build``, ``fit`` or ``predict`` first sees
    the data.
    """

    def __init__(self, layers, seed: int | np.random.Generator | None = None) -> None:
        self.layers: list[Layer] = list(layers)
        if not self.layers:
            raise ValueError("Sequential needs at least one layer, got none")
        for index, layer in enumerate(self.layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"layers[{index}] must be an nn layer (a subclass of "
                                f"nn.Layer), got {layer!r}")
        self._check_chain(None)
        self.rng = np.random.default_rng(seed)
        self._to_draw = [not layer.built or layer.holds_default_draw() for layer in self.layers]
        kept = [value.dtype for layer, draw in zip(self.layers, self._to_draw) if not draw
                for value in layer.params.values()]
        self.dtype = np.dtype(kept[0] if kept else np.float64)
        self._dtype_chosen = bool(kept)     # else the first data decides (float32 stays)
        self.history: History | None = None          # the History being filled by fit
        self.stop_training = False                    # a callback may set it during fit
        self._data_size: Size | None = None           # the data's sample size, once seen
        if is_known(self.in_features):
            self._build(self.in_features)

    # -- structure --------------------------------------------------------------------

    def _check_chain(self, in_features: Size | None, name: str = "the input") -> None:
        """Fail early, naming the layer, when layer sizes do not chain (or do not fit
        samples of size ``in_features``, those of the array ``name``)."""
        n = in_features
        for index, layer in enumerate(self.layers):
            expected = _expected_size(layer)
            source = f"layers[{index - 1}] outputs" if index else f"{name} has"
            where = f"layers[{index}] {layer.describe()}"
            if n is not None and not fits_rank(layer.input_axes, (None, *as_shape(n))):
                hint = (": nn.Flatten() before it makes vectors of them"
                        if layer.input_axes == ("features",) else "")
                raise ValueError(f"{where} takes {batch_form(layer.input_axes)} batches, but "
                                 f"{source} {format_batch(n)}{hint}")
            if n is not None and expected is not None and not fits(expected, n):
                raise ValueError(f"{where} expects {describe_input(expected)}, but {source} "
                                 f"{format_size(n)}")
            try:
                n = layer.output_features(n if n is not None else expected)
            except ValueError as error:                # such as an image below kernel size
                raise ValueError(f"layers[{index}]: {error}") from None

    @property
    def built(self) -> bool:
        return all(layer.built for layer in self.layers) and not any(self._to_draw)

    @property
    def in_features(self) -> Size | None:
        """The size of one input sample: the first layer's, or, where that takes more than
        one (Conv2D: any image size), the data's last seen."""
        first = _expected_size(self.layers[0])
        return first if is_known(first) or self._data_size is None else self._data_size

    @property
    def out_features(self) -> Size | None:
        return self._out_features_for(self.in_features)

    def build(self, in_features: Size) -> "Sequential":
        """Give every layer its parameters for input samples of size ``in_features`` (an
        int: features; a tuple: a shape such as (channels, height, width)): draw those the
        model draws (see the class), from its seed, in layer order. The model then
        computes in its dtype (float64 unless ``astype`` said otherwise), whatever data
        comes; a model not built by hand takes the dtype of the first data it sees."""
        in_features = (check_positive_int("in_features", in_features)
                       if not isinstance(in_features, (tuple, list)) else
                       check_size(in_features, "in_features"))
        if not is_known(in_features):
            raise ValueError(f"in_features must be known, got {format_size(in_features)}")
        self._check_chain(in_features)
        self._dtype_chosen = True
        self._data_size = in_features
        return self._build(in_features)

    def _build(self, in_features: Size) -> "Sequential":
        n = in_features
        for index, layer in enumerate(self.layers):
            if self._to_draw[index]:
                following = self.layers[index + 1] if index + 1 < len(self.layers) else None
                layer.suggest_initializer(initializers.DEFAULT if following is None
                                          else following.initializer_before)
                layer.build(n, self.rng)
                layer.params = {key: value.astype(self.dtype, copy=False)
                                for key, value in layer.params.items()}
                layer.grads = {key: np.zeros_like(value) for key, value in layer.params.items()}
                self._to_draw[index] = False
            n = layer.output_features(n)
        return self

    def astype(self, dtype) -> "Sequential":
        """Convert every parameter to ``dtype`` (float32 or float64)."""
        dtype = np.dtype(dtype)
        if dtype.kind != "f":
            raise TypeError(f"a model's dtype must be a float type, got {dtype}")
        self.dtype, self._dtype_chosen = dtype, True
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
        """Copy parameters in, as returned by ``get_weights`` (names and shapes must match).
        Every layer is checked before any changes."""
        if len(weights) != len(self.layers):
            raise ValueError(f"expected weights for {len(self.layers)} layers, "
                             f"got {len(weights)}")
        for index, (layer, values) in enumerate(zip(self.layers, weights)):
            if values or layer.params or not layer.built:
                layer.check_params(values, f"layers[{index}] {layer.describe()}")
        for index, (layer, values) in enumerate(zip(self.layers, weights)):
            if values:
                layer.set_params(values)
            self._to_draw[index] = False                 # chosen: never drawn again

    # -- computing --------------------------------------------------------------------

    def forward(self, x: np.ndarray) -> np.ndarray:
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, output_gradient: np.ndarray,
                 input_gradient: bool = True) -> np.ndarray | None:
        """dE/dY of the last layer -> every layer's grads, last to first; returns dE/dX.

        input_gradient=False: the caller has no use for dE/dX (X is the data), so the
        first layer only fills its grads (``backward_params``) and None is returned.
        """
        first, *upper = self.layers
        for layer in reversed(upper):
            output_gradient = layer.backward(output_gradient)
        if not input_gradient:
            return first.backward_params(output_gradient)
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

    # -- data -------------------------------------------------------------------------

    def _input_axes(self) -> tuple[str, ...] | None:
        """The axes of a data sample: the first layer's ``input_axes``, looking past the
        layers that take any shape and keep it (activations); None: any shape."""
        for layer in self.layers:
            if layer.input_axes is not None or \
                    type(layer).output_features is not Layer.output_features:
                return layer.input_axes
        return None

    def _batch(self, data, name: str, dtype=None) -> tuple[np.ndarray, Size]:
        """``data`` checked as the model's input (``as_batch``, then the chain of sizes),
        and the size of its samples."""
        data = as_batch(data, name, dtype, self._input_axes())
        size = sample_size(data.shape[1:])
        self._check_chain(size, name)
        first, expected = self.layers[0], _expected_size(self.layers[0])
        if expected is not None and not fits(expected, size):
            raise ValueError(f"layers[0] {first.describe()} expects "
                             f"{describe_input(expected)}, but {name} has "
                             f"{format_size(size)} (shape {data.shape})")
        return data, size

    def _inputs(self, x, name: str = "x") -> np.ndarray:
        """x checked (before any state changes), then in the model's dtype; builds a lazy
        model, and a model whose dtype is not chosen yet takes x's (float32 stays)."""
        x, size = self._batch(x, name, self.dtype if self._dtype_chosen else None)
        if not self._dtype_chosen:
            self.astype(x.dtype)
        self._data_size = size
        if not self.built:
            self._build(size)
        return x

    def _out_features_for(self, in_features: Size | None) -> Size | None:
        n = in_features
        for layer in self.layers:
            n = layer.output_features(n)
        return n

    def _pair(self, x, y, x_name: str = "x", y_name: str = "y"):
        """x and y checked together, before any state changes (not yet in the model's
        dtype): 2-D, finite, numbers, as many samples, sizes that fit the model."""
        x, size = self._batch(x, x_name)
        outputs = self._out_features_for(size)
        vectors = not isinstance(outputs, tuple)       # y: (batch, outputs), else any shape
        y = as_batch(y, y_name, x.dtype, ("features",) if vectors else None)
        if len(y) != len(x):
            raise ValueError(f"{x_name} and {y_name} must have the same number of samples "
                             f"(rows), got {len(x)} and {len(y)}")
        if not vectors and y.shape[1:] != outputs:
            raise ValueError(f"{y_name} must have shape {(len(x), *outputs)} for this "
                             f"{x_name} and model, got {y.shape}")
        if vectors and y.shape[1] != outputs:
            raise ValueError(f"{y_name} must have shape {(len(x), outputs)} for this "
                             f"{x_name} and model: the model outputs {outputs} values per "
                             f"sample, but {y_name} has {y.shape[1]} columns "
                             f"(shape {y.shape})")
        return x, y

    def _data(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """x and y checked together before any state changes, in the model's dtype."""
        x, y = self._pair(x, y)
        x = self._inputs(x)
        return x, y.astype(self.dtype, copy=False)

    def predict(self, x, batch_size: int | None = None) -> np.ndarray:
        """The model's output for x of shape (batch, features), or (batch, *sample_shape)
        for a model whose first layer takes other samples (images)."""
        if batch_size is not None:
            batch_size = check_positive_int("batch_size", batch_size)
        x = self._inputs(x)
        if batch_size is None:
            return self.forward(x)
        return np.concatenate([self.forward(x[i:i + batch_size])
                               for i in range(0, len(x), batch_size)])

    def evaluate(self, x, y, *, loss: Loss, metrics=None) -> float | dict[str, float]:
        """The loss of the model's predictions on (x, y). With ``metrics`` (such as
        ["accuracy"]), a dict: {"loss": ..., "accuracy": ...}."""
        if not isinstance(loss, Loss):
            raise TypeError(f"loss must be an nn loss such as nn.MSE(), got {loss!r}")
        chosen = None if metrics is None else metric_functions.get(metrics)
        x, y = self._pair(x, y)
        if chosen:
            metric_functions.check_targets(chosen, y, "y")
        x, y = self._data(x, y)
        y_pred = self.forward(x)
        if chosen is None:
            return loss(y, y_pred)
        return {"loss": loss(y, y_pred),
                **{name: float(metric(y, y_pred)) for name, metric in chosen.items()}}

    # -- training ---------------------------------------------------------------------

    def fit(self, x, y, *, loss: Loss, optimizer: Optimizer, epochs: int,
            batch_size: int | None = None, shuffle: bool = True, verbose: int = 1,
            callbacks=(), validation_data=None, metrics=()) -> History:
        """Train with mini-batch gradient descent; ``batch_size=None`` is the full batch.

        Every batch: forward, loss, backward through every layer, then one optimizer
        step. Returns a History whose ``history["loss"]`` holds each epoch's mean loss
        (over its batches, each taken before its update).

        validation_data=(x_val, y_val): ``history["val_loss"]``, the loss on it after each
        epoch. metrics=["accuracy"]: ``history["accuracy"]`` after each epoch on the
        training data (and ``"val_accuracy"``). callbacks: ``nn.Callback`` objects, such as
        ``nn.EarlyStopping``. Every argument is checked before anything changes.
        """
        if not isinstance(loss, Loss):
            raise TypeError(f"loss must be an nn loss such as nn.MSE(), got {loss!r}")
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"optimizer must be an nn optimizer such as "
                            f"nn.SGD(learning_rate=0.1), got {optimizer!r}")
        epochs = check_positive_int("epochs", epochs)
        if batch_size is not None:
            batch_size = check_positive_int("batch_size", batch_size)
        chosen = metric_functions.get(metrics)
        callbacks = list(callbacks)
        for index, callback in enumerate(callbacks):
            if not isinstance(callback, Callback):
                raise TypeError(f"callbacks[{index}] must be an nn.Callback (such as "
                                f"nn.EarlyStopping()), got {callback!r}")
        x, y = self._pair(x, y)                        # check everything first:
        metric_functions.check_targets(chosen, y, "y")  # no state changes on bad input
        keys = ["loss", *chosen]
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise ValueError(f"validation_data must be a pair (x_val, y_val), got "
                                 f"{_describe(validation_data)}")
            x_val, y_val = self._pair(*validation_data, "x_val", "y_val")
            if x_val.shape[1:] != x.shape[1:]:
                what = (f"the {x.shape[1]} features of x" if x.ndim == 2 else
                        f"samples of x's shape {x.shape[1:]}")
                raise ValueError(f"x_val must have {what}, got "
                                 f"{format_size(sample_size(x_val.shape[1:]))} "
                                 f"(shape {x_val.shape})")
            metric_functions.check_targets(chosen, y_val, "y_val")
            keys += ["val_loss", *(f"val_{name}" for name in chosen)]
        for callback in callbacks:
            callback.check(self, keys)

        if x.dtype != self.dtype:
            self.astype(x.dtype)                       # float32 data trains in float32
        x = self._inputs(x)
        y = y.astype(self.dtype, copy=False)
        if validation_data is not None:
            x_val = x_val.astype(self.dtype, copy=False)
            y_val = y_val.astype(self.dtype, copy=False)

        n = len(x)
        size = n if batch_size is None else min(batch_size, n)
        history = self.history = History(keys)
        self.stop_training = False
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
            logs = {"loss": total / n}
            if chosen:
                y_pred = self.forward(x)
                logs.update({name: float(metric(y, y_pred)) for name, metric in chosen.items()})
            if validation_data is not None:
                y_pred = self.forward(x_val)
                logs["val_loss"] = loss(y_val, y_pred)
                logs.update({f"val_{name}": float(metric(y_val, y_pred))
                             for name, metric in chosen.items()})
            for key, value in logs.items():
                history.history[key].append(value)
            history.epoch.append(epoch)
            for callback in callbacks:
                callback.on_epoch_end(self, epoch, total / n)
            progress.update(epoch, logs)
            if self.stop_training:
                break
        progress.close()
        for callback in callbacks:
            callback.on_train_end(self)
        for index, layer in enumerate(self.layers):
            for key, value in layer.params.items():
                if not np.isfinite(value).all():
                    raise FloatingPointError(f"layers[{index}].params[{key!r}] became "
                                             f"non-finite in epoch {history.epoch[-1]}")
        return history

    # -- describing, saving -----------------------------------------------------------

    def summary(self, print_fn=print) -> str:
        """A table of layers, output shapes and parameter counts; printed and returned."""
        rows = [("layer", "output", "parameters")]
        n, total, unknown = self.in_features, 0, False
        for index, layer in enumerate(self.layers):
            n = layer.output_features(n)
            if layer.built or type(layer).init_params is Layer.init_params:
                count = sum(value.size for value in layer.params.values())
                total += count
            else:
                count, unknown = "?", True            # its sizes are not known yet
            rows.append((f"{index}: {layer.describe()}", format_batch(n), str(count)))
        widths = [max(len(row[c]) for row in rows) for c in range(3)]
        lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()
                 for row in rows]
        lines.insert(1, "-" * len(lines[0]))
        lines.append(f"total parameters: {total}" + (" + ? (not built yet)" if unknown else ""))
        text = "\n".join(lines)
        if print_fn is not None:
            print_fn(text)
        return text

    def get_config(self) -> dict:
        n = self.in_features                           # JSON: a tuple becomes a list
        return {"format": FORMAT, "dtype": self.dtype.name,
                "in_features": list(n) if isinstance(n, tuple) else n,
                "layers": [{"class": type(layer).__name__, "config": layer.get_config()}
                           for layer in self.layers]}

    def save(self, path) -> None:
        """Write architecture and weights to a .npz file (no pickle).

        Any layer class can be saved: ``load`` finds it again by its name, and rebuilds it
        as ``cls(**layer.get_config())`` before putting its parameters back.
        """
        for index, layer in enumerate(self.layers):
            _check_savable(layer, f"layers[{index}] {layer.describe()}")
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
        """Read a model written by ``save``; the file is opened with allow_pickle=False.

        A layer class of your own must be defined (or imported) before ``load``: defining
        a subclass of ``nn.Layer`` registers it by its name.
        """
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(f"no model file at {path}")
        config, arrays = _read_model_file(path)

        def refuse(reason: str) -> ValueError:
            return ValueError(f"{path} is not an nn model file: {reason}")

        if not isinstance(config, dict) or config.get("format") != FORMAT:
            found = config.get("format") if isinstance(config, dict) else None
            raise refuse(f"its config has format {found!r}, expected {FORMAT!r}")
        specs = config.get("layers")
        if not isinstance(specs, list) or not specs or not all(
                isinstance(s, dict) and isinstance(s.get("class"), str)
                and isinstance(s.get("config"), dict) for s in specs):
            raise refuse("its config lists no layers")
        layers = []
        for index, spec in enumerate(specs):
            name = spec["class"]
            if name not in LAYERS:
                raise ValueError(
                    f"{path} holds layers[{index}] of class {name!r}, which is not known "
                    f"here: define or import the class {name} (a subclass of nn.Layer) "
                    f"before calling Sequential.load; a Layer subclass is registered by "
                    f"its name when it is defined")
            try:
                layers.append(LAYERS[name](**spec["config"]))
            except (TypeError, ValueError) as error:
                raise ValueError(f"{path}: layers[{index}] {name}(**{spec['config']}) "
                                 f"failed: {error}") from None
        n = config.get("in_features") or layers[0].in_features
        if n is None:
            raise refuse("it does not say the model's input size")
        try:
            n = check_size(n, "its input size")
        except ValueError as error:
            raise refuse(str(error)) from None
        stored = n
        for index, layer in enumerate(layers):
            if not layer.built:
                layer.build(n)
            values = {key[len(f"layers.{index}."):]: value for key, value in arrays.items()
                      if key.startswith(f"layers.{index}.")}
            if values or layer.params:
                try:
                    layer.check_params(values, f"layers[{index}] {layer.describe()}")
                except ValueError as error:
                    raise refuse(str(error)) from None
                layer.set_params(values)
            n = layer.output_features(n)
        model = cls(layers)                           # keeps them: they were set, not drawn
        model._data_size = stored if is_known(stored) else None
        model.astype(config.get("dtype", "float64"))  # float32 -> float64 -> float32: exact
        return model

    def __repr__(self) -> str:
        return f"Sequential([{', '.join(layer.describe() for layer in self.layers)}])"


def _expected_size(layer: Layer) -> Size | None:
    """The input size ``layer`` insists on: its ``in_features``, but None for a layer
    without parameters that takes images of any shape (it only kept the last it saw)."""
    size = layer.in_features
    return None if isinstance(size, tuple) and not layer.params else size


def _describe(value) -> str:
    """A value in an error message, short: "a tuple of 3 items"."""
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} item{'s' * (len(value) != 1)}"
    return f"{type(value).__name__} {value!r}"[:80]


def _check_savable(layer: Layer, where: str) -> None:
    """Raise unless ``load`` can rebuild ``layer``: a registered class, and a JSON config
    that its constructor accepts."""
    cls, name = type(layer), type(layer).__name__
    if LAYERS.get(name) is not cls:
        other = LAYERS.get(name)
        owner = f"{other.__module__}.{other.__qualname__}" if other else "no layer class"
        raise TypeError(f"{where} cannot be saved: load finds layer classes by name, and "
                        f"the name {name!r} belongs to {owner}: give your class another name")
    config = layer.get_config()
    try:
        json.dumps(config)
        inspect.signature(cls).bind(**config)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{where} cannot be saved: {name}(**layer.get_config()) must rebuild "
                        f"it from JSON values, but get_config() returns {config!r} ({error}); "
                        f"give {name} a get_config() that returns its constructor's "
                        f"arguments") from None


def _read_model_file(path: Path) -> tuple[object, dict[str, np.ndarray]]:
    """The config (parsed JSON) and the arrays of an .npz written by ``save``; anything
    else, damaged or not, is refused as not an nn model file."""
    def refuse(reason: str) -> ValueError:
        return ValueError(f"{path} is not an nn model file: {reason}")

    try:
        data = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:
        raise refuse(f"numpy cannot read it as an .npz archive ({type(error).__name__})") \
            from None
    if not isinstance(data, np.lib.npyio.NpzFile):
        raise refuse("it holds a single array, not an .npz archive")
    with data:
        if "config" not in data.files:
            raise refuse("it has no 'config' entry")
        try:
            text = str(data["config"])
            arrays = {key: data[key] for key in data.files if key != "config"}
        except Exception as error:                   # truncated, corrupted, or pickled
            raise refuse(f"its entries cannot be read ({type(error).__name__})") from None
    try:
        config = json.loads(text)
    except ValueError:
        raise refuse("its 'config' entry is not JSON") from None
    return config, arrays


class _Progress:
    """Keras-like progress: one rewritten line on a terminal, a few lines in a log."""

    def __init__(self, epochs: int, verbose: int, stream=None) -> None:
        self.epochs, self.verbose = epochs, verbose
        self.stream = stream or sys.stdout
        self.tty = getattr(self.stream, "isatty", lambda: False)()
        self.start = self.last = time.perf_counter()
        self.every = max(1, epochs // 10)       # at most ~10 lines in a log file
        self.line = self.shown = None

    def update(self, epoch: int, logs: dict[str, float]) -> None:
        if not self.verbose:
            return
        now = time.perf_counter()
        width = len(str(self.epochs))
        numbers = "  ".join(f"{key} {value:.6g}" for key, value in logs.items())
        self.line = f"epoch {epoch:>{width}}/{self.epochs}  {numbers}  {now - self.start:.1f}s"
        if self.verbose >= 2:
            self.show()
        elif self.tty:
            if now - self.last >= 0.1 or epoch == self.epochs:
                self.show()
                self.last = now
        elif epoch % self.every == 0 or epoch == self.epochs or epoch == 1:
            self.show()

    def show(self) -> None:
        if self.tty and self.verbose == 1:
            print("\r" + self.line, end="", file=self.stream, flush=True)
        else:
            print(self.line, file=self.stream)
        self.shown = self.line

    def close(self) -> None:
        """The last epoch's line if not shown yet (training stopped early)."""
        if self.verbose and getattr(self, "line", None) not in (None, self.shown):
            self.show()
        if self.verbose == 1 and self.tty:
            print(file=self.stream)
