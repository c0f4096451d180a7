"""The contract every layer follows.

A batch is an array of shape (batch, *sample_shape): one row (first axis) per sample.
Dense takes vectors, (batch, features); Conv2D takes images, (batch, channels, height,
width); activations and Flatten take any shape.

- ``forward(x)`` keeps what ``backward`` needs (Dense its input, Tanh its output) and
  returns ``y``.
- ``backward(output_gradient)`` receives dE/dY, fills ``self.grads`` (same keys as
  ``self.params``) and returns dE/dX. It never changes ``self.params``: an optimizer
  updates them after the whole backward pass, so dE/dX always uses the weights of
  the forward pass.
- ``backward_params(output_gradient)`` fills ``self.grads`` only: what a first layer
  needs, whose input is the data. By default it calls ``backward`` and drops dE/dX; a
  class that defines both (Dense) skips the product. A subclass that redefines
  ``backward`` alone gets the default again, so its own backward is always the one used.

Sizes and parameters. ``in_features`` is the size of one input sample, None until known:
an int for a vector, its number of features (Dense: its columns, as before), or a tuple for
any other sample shape, where None stands for a size the layer takes any of
(``Conv2D(1, 5, 3)``: ``(1, None, None)``, one channel, any height and width); see
``nn.shapes``. One attribute serves both, rather than an ``in_shape`` beside it, so that a
vector layer's size stays the int it always was. ``output_features(in_features)`` is the
size of one output sample (the default keeps the input's). ``input_axes`` names the axes
of a sample the layer takes, for the checks and their messages: ``("features",)`` unless
the class says otherwise (Conv2D: channels, height, width; None: any shape, as activations
and Flatten, which keep the last size they saw).

``build(in_features)`` fixes the input size and creates the parameters, through
``init_params``. A layer whose sizes are given builds at construction (``Dense(2, 3)``);
one whose input size is not (``Dense(3)``) builds on its first ``forward``. Random
parameters come from a ``numpy.random.Generator``: the layer's own ``rng`` if it was given
one, else the one passed to ``build``, else a fresh ``numpy.random.default_rng()``. A
``Sequential`` draws again, from its seed, the parameters a layer drew from such a fresh
default Generator, as long as they are untouched (see ``Sequential``).

Every subclass is registered by its class name when it is defined (``LAYERS``), so that
``Sequential.load`` finds it again: a layer defined in your own script saves and loads
like nn's own, with its parameters and its ``get_config()``.
"""

from __future__ import annotations

import numpy as np

from . import initializers
from .shapes import Size, as_shape, check_size, describe_input, fits, fits_rank, format_size, \
    sample_size, batch_form

LAYERS: dict[str, type["Layer"]] = {}    # class name -> class, filled by subclassing Layer


class NotBuiltError(RuntimeError):
    """A layer was used in a way that needs its sizes before they were known."""


class Layer:
    """Base layer: no parameters, input size known once the layer is built."""

    def __init__(self) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.in_features: int | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def backward(self, output_gradient: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def backward_params(self, output_gradient: np.ndarray) -> None:
        """Fill ``self.grads`` as ``backward`` does, without returning dE/dX."""
        self.backward(output_gradient)

    # -- sizes and parameters -----------------------------------------------------------

    # The weight initializer that suits a layer feeding this one (ReLU: He); a Sequential
    # suggests it to the layer before this one (see ``suggest_initializer``).
    initializer_before: str = initializers.DEFAULT
    rng: np.random.Generator | None = None           # a layer's own Generator, if given
    # The names of a sample's axes this layer takes (None: any shape)
    input_axes: tuple[str, ...] | None = ("features",)

    @property
    def built(self) -> bool:
        return self.in_features is not None

    def init_params(self, in_features: Size, rng: np.random.Generator) -> dict[str, np.ndarray]:
        """The parameters for input samples of size ``in_features``, drawn from ``rng``.
        Override this in a layer with parameters; the default has none."""
        return {}

    def build(self, in_features: Size, rng: np.random.Generator | None = None) -> None:
        """Fix the input size and create the parameters (again, if the layer was built).

        Random parameters come from the layer's own ``rng``, else from ``rng``, else from a
        fresh ``numpy.random.default_rng()``.
        """
        in_features = check_size(in_features, f"{self.describe()}: in_features")
        if not fits_rank(self.input_axes, (None, *as_shape(in_features))):
            raise ValueError(f"{self.describe()} takes {batch_form(self.input_axes)} batches, "
                             f"got samples of shape {format_size(in_features)}")
        if self.in_features is not None and not fits(self.in_features, in_features):
            raise ValueError(f"{self.describe()} expects {describe_input(self.in_features)}, "
                             f"got {format_size(in_features)}")
        generator = self.rng if self.rng is not None else rng
        default = generator is None
        params = self.init_params(in_features, generator if not default
                                  else np.random.default_rng())
        self.in_features = in_features
        self.params = params
        self.grads = {key: np.zeros_like(value) for key, value in params.items()}
        # a Sequential may draw these again from its seed, as long as nobody changed them
        self._default_draw = ({key: value.copy() for key, value in params.items()}
                              if default and params else None)
        self._use_own_methods()

    def holds_default_draw(self) -> bool:
        """Whether the parameters are still those drawn from a fresh default Generator
        (no ``rng`` anywhere) and unchanged since: nobody chose them."""
        drawn = getattr(self, "_default_draw", None)
        return drawn is not None and drawn.keys() == self.params.keys() and all(
            self.params[key].shape == value.shape and np.array_equal(self.params[key], value)
            for key, value in drawn.items())

    def choose_initializer(self, initializer: str | None,
                           rng: np.random.Generator | None) -> None:
        """For a layer whose weights an initializer draws (Dense, Conv2D), in its
        constructor: the initializer's name (None: Glorot, or what a Sequential suggests)
        and the layer's own Generator, checked now rather than at the first draw."""
        initializers.check_choice(initializer, rng)
        self.initializer = initializer
        self._chosen_initializer = initializer is not None    # by the user, not suggested
        self.rng = rng

    def suggest_initializer(self, name: str) -> None:
        """A container suggests an initializer for the parameters it is about to draw (a
        Sequential: the next layer's ``initializer_before``). Default: ignored."""

    def output_features(self, in_features: Size | None) -> Size | None:
        """The size of one output sample for input samples of size ``in_features`` (None:
        unknown). The default keeps the size (activations)."""
        return in_features

    def check_params(self, values: dict[str, np.ndarray], where: str | None = None) -> None:
        """Raise unless ``values`` has this layer's parameter names and shapes."""
        where = where or self.describe()
        if not self.built:
            raise NotBuiltError(f"{where} has no parameters yet: its input size is not known "
                                f"(build(in_features) or a first forward builds it)")
        if set(values) != set(self.params):
            raise ValueError(f"{where} has parameters {sorted(self.params)}, "
                             f"got {sorted(values)}")
        for key, value in values.items():
            if np.shape(value) != self.params[key].shape:
                raise ValueError(f"{where}.params[{key!r}] has shape "
                                 f"{self.params[key].shape}, got {np.shape(value)}")

    def set_params(self, values: dict[str, np.ndarray]) -> None:
        """Copy parameter values in (same names and shapes), into the arrays the layer
        holds: an optimizer's state stays attached. Raises before changing anything."""
        self.check_params(values)
        for key, value in values.items():
            self.params[key][...] = value

    # -- describing -----------------------------------------------------------------------

    def get_config(self) -> dict:
        """What ``type(self)(**config)`` needs to rebuild this layer (save/load), as JSON
        values. Override it in a layer whose constructor takes arguments."""
        return {}

    def describe(self) -> str:
        """A short name for messages and summaries, such as ``Dense(2 -> 3)``."""
        return f"{type(self).__name__}()"

    def __repr__(self) -> str:
        return self.describe()

    # -- registry, and before the first forward -------------------------------------------

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        known = LAYERS.get(cls.__name__)
        if known is None or (known.__module__, known.__qualname__) == \
                (cls.__module__, cls.__qualname__):       # new, or the same class redefined
            LAYERS[cls.__name__] = cls
        if "backward" in vars(cls) and "backward_params" not in vars(cls):
            cls.backward_params = Layer.backward_params   # its own backward, never a shortcut

    def __new__(cls, *args, **kwargs):
        layer = super().__new__(cls)
        if cls.init_params is not Layer.init_params:      # a layer that may have parameters
            layer._await_build()
        return layer

    _HOOKS = ("forward", "backward", "backward_params")
    _hooked = False

    def _await_build(self) -> None:
        """Until built: forward builds the layer from its input's columns, and backward says
        that forward comes first. (Instance attributes: the class's own forward and
        backward are never wrapped.)"""
        self.forward = self._build_then_forward
        self.backward = self.backward_params = self._not_built
        self._hooked = True

    def _use_own_methods(self) -> None:
        """Once built: the class's own forward and backward. They are bound in place of the
        hooks rather than the hooks deleted, and ``__dict__`` is not read: either would slow
        every attribute lookup on the layer (CPython keeps an instance's attributes compact
        until then)."""
        if self._hooked:
            cls = type(self)
            for name in self._HOOKS:
                setattr(self, name, getattr(cls, name).__get__(self, cls))

    def _build_then_forward(self, x: np.ndarray) -> np.ndarray:
        shape = np.shape(x)
        if not fits_rank(self.input_axes, shape):
            hint = (": use x.reshape(1, -1) for a single sample"
                    if self.input_axes == ("features",) and len(shape) == 1 else
                    ": nn.Flatten() before it makes vectors of them"
                    if self.input_axes == ("features",) and len(shape) > 2 else "")
            raise ValueError(
                f"{self.describe()} learns its input size from its first input, which must "
                f"be {batch_form(self.input_axes)}, got shape {shape}{hint}")
        self.build(sample_size(shape[1:]))
        return self.forward(x)

    def _not_built(self, output_gradient: np.ndarray) -> None:
        raise NotBuiltError(f"{self.describe()} has no parameters yet: backward needs a "
                            f"forward first (which builds the layer from its input's columns)")

    def __getstate__(self) -> dict:
        return {key: value for key, value in self.__dict__.items()
                if key not in (*self._HOOKS, "_hooked")}

    def __setstate__(self, state: dict) -> None:     # copies, pickles
        self.__dict__.update(state)                   # after what __new__ installed
        if self.built:
            self._use_own_methods()
