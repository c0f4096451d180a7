"""The story run: one seeded `nn` training run that every chapter reads.

Data flows one way: StoryConfig -> nn run -> records -> scenes.  Nothing here draws.

The configuration defaults to the original video's network (XOR, 2-3-1, tanh, MSE,
SGD at learning rate 0.1, one sample per step).  To change it for every chapter, point
the environment variable NN_STORY at a TOML file, for example:

    dataset = "spiral"
    layers = [2, 8, 8, 1]
    activation = "tanh"
    learning_rate = 0.01
    seed = 3

Keys left out take the data set's defaults (see DATASET_DEFAULTS).  A ``[voice]`` table
chooses the narrator (see voice_settings): it changes the sound, not the numbers.

Chapters 1-19 tell the original's one-output story: the output is the hidden activation
and the loss MSE.  The chapters beyond the video read a second story, of many classes: the
``[beyond]`` table of the same TOML (beyond_config), with its own defaults (BEYOND_DEFAULTS:
3 spiral arms, 2-8-3, tanh, softmax output, categorical cross-entropy, Adam):

    [beyond]
    dataset = "blobs"
    classes = 4
    layers = [2, 8, 4]
    seed = 2

It is computed in-process (beyond_story), in about a second, once per process.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import nn
from nn import datasets

from .speech.voice import VoiceError, VoiceSettings, settings_from_env

ENV_VAR = "NN_STORY"
RECORDS_ENV = "NN_STORY_RECORDS"     # the build's records of the story run (scenes.records)
VOICE_TABLE = "voice"
ACTIVATIONS = {"tanh": nn.Tanh, "sigmoid": nn.Sigmoid}
OUTPUTS = {**ACTIVATIONS, "softmax": nn.Softmax}
LOSSES = {"mse": nn.MSE, "bce": nn.BinaryCrossEntropy, "cce": nn.CategoricalCrossEntropy}
OPTIMIZERS = ("sgd", "adam")
BEYOND_TABLE = "beyond"            # the second story: the chapters beyond the video

# Each data set's default network and training, used for keys the configuration omits.
DATASET_DEFAULTS = {
    "xor": dict(layers=(2, 3, 1), optimizer="sgd", learning_rate=0.1, batch_size=1,
                epochs=10000, samples=4, sample=1),
    "circles": dict(layers=(2, 8, 1), optimizer="adam", learning_rate=0.03, batch_size=16,
                    epochs=300, samples=200, sample=0),
    "moons": dict(layers=(2, 8, 8, 1), optimizer="adam", learning_rate=0.03, batch_size=16,
                  epochs=300, samples=200, sample=0),
    "spiral": dict(layers=(2, 8, 8, 1), optimizer="adam", learning_rate=0.01, batch_size=16,
                   epochs=1000, samples=200, sample=0),
}

# The data sets of many classes (nn.datasets.MULTI_CLASS): one-hot labels, a class count.
# Only the story beyond the video reads them; their defaults are that story's.
MULTI_CLASS_DEFAULTS = {
    "blobs": dict(layers=(2, 8, 3), optimizer="adam", learning_rate=0.03, batch_size=16,
                  epochs=100, samples=150, sample=0, classes=3, output="softmax",
                  loss="cce"),
    "spiral_arms": dict(layers=(2, 8, 3), optimizer="adam", learning_rate=0.03,
                        batch_size=16, epochs=300, samples=150, sample=0, classes=3,
                        output="softmax", loss="cce"),
}
ALL_DATASETS = {**DATASET_DEFAULTS, **MULTI_CLASS_DEFAULTS}
BEYOND_DEFAULTS = dict(dataset="spiral_arms", activation="tanh")


STORY_SECONDS_LIMIT = 120.0     # a story run estimated longer than this is refused
# The largest networks whose every chapter the layout sweep (tests/test_layout_sweep.py)
# has checked: inside the frame, legible, no text on text.  Larger ones are refused.
MAX_DENSE_LAYERS = 4            # three hidden layers
MAX_UNITS = 8                   # units in a hidden layer
SHOW_PROGRESS_AFTER = 3.0       # seconds: a longer story run shows its progress


class ConfigError(ValueError):
    """A story configuration that cannot run; the message names the key."""


@dataclass(frozen=True)
class StoryConfig:
    """Everything that decides the numbers on screen.  Defaults: the original video."""

    dataset: str = "xor"
    layers: tuple[int, ...] = (2, 3, 1)      # sizes: input, hidden..., output
    activation: str = "tanh"                 # after every Dense
    optimizer: str = "sgd"
    learning_rate: float = 0.1
    batch_size: int | None = 1               # None: the full batch
    epochs: int = 10000
    seed: int = 0
    samples: int = 4                         # points generated (XOR always has 4)
    sample: int = 1                          # the sample the step chapters follow
    title: str = "Neural Network from Scratch"
    output: str | None = None                # the last layer's activation (None: activation)
    loss: str = "mse"                        # mse, bce (after sigmoid), cce (after softmax)
    classes: int | None = None               # for data sets that take a count (blobs, ...)

    def __post_init__(self) -> None:
        self.validate()

    @classmethod
    def for_dataset(cls, dataset: str = "xor", **overrides) -> "StoryConfig":
        if dataset not in ALL_DATASETS:
            raise ConfigError(f"dataset: expected one of {sorted(ALL_DATASETS)}, "
                              f"got {dataset!r}")
        values = {**ALL_DATASETS[dataset], **overrides, "dataset": dataset}
        if "layers" in values and isinstance(values["layers"], list):
            values["layers"] = tuple(values["layers"])
        return cls(**values)

    @classmethod
    def from_toml(cls, path: str | os.PathLike) -> "StoryConfig":
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"configuration file not found: {path}")
        try:
            values = tomllib.loads(path.read_text())
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path} is not valid TOML: {error}") from None
        values.pop(VOICE_TABLE, None)             # the narrator: see voice_settings
        values.pop("optimizers", None)            # the optimizers chapter: kit.optimizer_runs
        values.pop("cnn", None)                   # the sequel's story: scenes.cnn_story
        beyond = values.pop(BEYOND_TABLE, {})     # the second story: beyond_config
        _check_keys(values, path)
        config = cls.for_dataset(**values)
        config.check_video_story()
        beyond_from_table(beyond, path)           # refused here, before any rendering
        return config

    def check_video_story(self) -> None:
        """Chapters 1-19 tell the original's story: one output, the hidden activation at
        the output, the MSE loss.  Other outputs and losses belong in [beyond]."""
        if self.dataset not in DATASET_DEFAULTS:
            raise ConfigError(f"dataset: chapters 1-19 take a data set of two classes, one "
                              f"of {sorted(DATASET_DEFAULTS)}, got {self.dataset!r}; "
                              f"{self.dataset!r} belongs in the [beyond] table")
        if self.output not in (None, self.activation):
            raise ConfigError(f"output: chapters 1-19 use the hidden activation at the "
                              f"output ({self.activation!r}), got {self.output!r}; set "
                              f"output in the [beyond] table")
        if self.loss != "mse":
            raise ConfigError(f"loss: chapters 1-19 tell the mean squared error, expected "
                              f"'mse', got {self.loss!r}; set loss in the [beyond] table")

    def validate(self) -> None:
        def fail(key: str, expected: str) -> None:
            raise ConfigError(f"{key}: expected {expected}, got {getattr(self, key)!r}")

        def positive_int(value) -> bool:
            return isinstance(value, int) and not isinstance(value, bool) and value >= 1

        if self.dataset not in ALL_DATASETS:
            fail("dataset", f"one of {sorted(ALL_DATASETS)}")
        if self.activation not in ACTIVATIONS:
            fail("activation", f"one of {sorted(ACTIVATIONS)}")
        if self.output is not None and self.output not in OUTPUTS:
            fail("output", f"one of {sorted(OUTPUTS)}")
        if self.loss not in LOSSES:
            fail("loss", f"one of {sorted(LOSSES)}")
        if self.optimizer not in OPTIMIZERS:
            fail("optimizer", f"one of {list(OPTIMIZERS)}")
        if not isinstance(self.layers, tuple) or len(self.layers) < 2 \
                or not all(positive_int(n) for n in self.layers):
            fail("layers", "a list of at least two positive layer sizes, such as [2, 3, 1]")
        self._validate_output()
        if len(self.layers) - 1 > MAX_DENSE_LAYERS or max(self.layers[1:-1], default=1) \
                > MAX_UNITS:
            fail("layers", f"at most {MAX_DENSE_LAYERS - 1} hidden layers of at most "
                           f"{MAX_UNITS} units (the largest networks whose chapters are "
                           f"checked to fit the screen)")
        rate = self.learning_rate
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not rate > 0 \
                or not np.isfinite(rate):
            fail("learning_rate", "a positive number")
        if self.batch_size is not None and not positive_int(self.batch_size):
            fail("batch_size", "a positive integer")
        if not positive_int(self.epochs):
            fail("epochs", "a positive integer")
        if not isinstance(self.seed, int) or isinstance(self.seed, bool) or self.seed < 0:
            fail("seed", "a non-negative integer")
        if not positive_int(self.samples):
            fail("samples", "a positive integer")
        if not isinstance(self.sample, int) or not 0 <= self.sample < self.n_samples:
            fail("sample", f"an index from 0 to {self.n_samples - 1}")
        if not isinstance(self.title, str) or not self.title.strip():
            fail("title", "a non-empty string")
        seconds = self.estimated_seconds()
        if seconds > STORY_SECONDS_LIMIT:
            raise ConfigError(
                f"epochs: the story run would train for about {_duration(seconds)} "
                f"({self.epochs} epochs of {self.n_samples} samples, batch "
                f"{self.batch_size or self.n_samples}, layers {list(self.layers)}) before the "
                f"first frame; the limit is {_duration(STORY_SECONDS_LIMIT)}. Lower epochs "
                f"(or samples)")

    def _validate_output(self) -> None:
        """The last layer, its activation, the loss and the class count fit together."""
        last = self.layers[-1]
        if self.output == "softmax" and last < 2:
            raise ConfigError(f"output: softmax needs at least 2 outputs (it shares one "
                              f"probability among them), but the last of layers "
                              f"{list(self.layers)} has {last}")
        if self.loss == "cce" and self.output_name != "softmax":
            raise ConfigError(f"loss: 'cce' (categorical cross-entropy) expects "
                              f"probabilities, from output = \"softmax\"; got output "
                              f"{self.output_name!r}")
        if self.loss == "bce" and self.output_name != "sigmoid":
            raise ConfigError(f"loss: 'bce' (binary cross-entropy) expects probabilities, "
                              f"from output = \"sigmoid\"; got output {self.output_name!r}")
        if self.dataset in MULTI_CLASS_DEFAULTS:
            if isinstance(self.classes, bool) or not isinstance(self.classes, int) \
                    or not 2 <= self.classes <= MAX_UNITS:
                raise ConfigError(f"classes: expected a whole number from 2 to {MAX_UNITS}, "
                                  f"got {self.classes!r}")
            if last != self.classes:
                raise ConfigError(f"classes: {self.classes} classes need {self.classes} "
                                  f"outputs, but the last of layers {list(self.layers)} has "
                                  f"{last}; make them match")
        elif self.classes not in (None, 2):
            raise ConfigError(f"classes: the data set {self.dataset!r} has 2 classes and "
                              f"takes no count, got {self.classes!r}")
        if self.layers[0] != 2 or (self.dataset in DATASET_DEFAULTS and last != 1):
            raise ConfigError(f"layers: expected sizes that chain from the data set's 2 "
                              f"input features to its {self.n_outputs} output"
                              f"{'s' if self.n_outputs > 1 else ''}, such as "
                              f"{[2, 3, self.n_outputs]}, got {self.layers!r}")

    @property
    def n_outputs(self) -> int:
        return self.classes if self.dataset in MULTI_CLASS_DEFAULTS else 1

    @property
    def output_name(self) -> str:
        """The last layer's activation."""
        return self.output or self.activation

    def estimated_seconds(self) -> float:
        """A generous estimate of the story run's time on one core, measured on this
        project's 2-core machine: each step costs about 70 us per Dense layer plus its
        arithmetic, and each epoch a snapshot and a full-data loss (the run keeps them)."""
        n, dense = self.n_samples, len(self.layers) - 1
        batch = min(self.batch_size or n, n)
        steps = self.epochs * -(-n // batch)
        weights = sum(a * b for a, b in zip(self.layers, self.layers[1:]))
        return (steps * (70e-6 * dense + 4e-9 * batch * weights)
                + self.epochs * (400e-6 + 4e-9 * n * weights))

    @property
    def n_samples(self) -> int:
        return 4 if self.dataset == "xor" else self.samples

    @property
    def activation_name(self) -> str:
        return {"tanh": "Hyperbolic tangent", "sigmoid": "Sigmoid"}[self.activation]

    def key(self) -> str:
        """A stable text form, for caches that must notice any change."""
        return repr(dataclasses.astuple(self))


@dataclass(frozen=True)
class Story:
    """The recorded data every chapter reads.

    x, y: the data set (one row per sample).
    step: one training step of the fresh network on the single sample ``config.sample``.
    batch_step: one training step of the same fresh network on the whole data set.
    run: snapshots of the full training run (every epoch; see RunRecord).
    """

    config: StoryConfig
    x: np.ndarray
    y: np.ndarray
    step: nn.StepRecord
    batch_step: nn.StepRecord
    run: nn.RunRecord

    def new_model(self) -> nn.Sequential:
        """A fresh, built model of the story's architecture (its initial weights)."""
        return build_model(self.config).build(self.x.shape[1])

    def model_at(self, k: int) -> nn.Sequential:
        """A model holding the parameters of snapshot k of the run."""
        return self.run.model_at(self.new_model(), k)

    def model_before_step(self) -> nn.Sequential:
        """A model holding the parameters the recorded step started from."""
        model = self.new_model()
        model.set_weights([layer.params_before for layer in self.step.layers])
        return model

    @property
    def dense_steps(self) -> list[nn.LayerRecord]:
        return [layer for layer in self.step.layers if layer.kind == "Dense"]


def build_model(config: StoryConfig) -> nn.Sequential:
    layers = []
    for n_in, n_out in zip(config.layers, config.layers[1:]):
        layers += [nn.Dense(n_in, n_out), ACTIVATIONS[config.activation]()]
    layers[-1] = OUTPUTS[config.output_name]()
    return nn.Sequential(layers, seed=config.seed)


def make_loss(config: StoryConfig) -> nn.Loss:
    return LOSSES[config.loss]()


def make_optimizer(config: StoryConfig) -> nn.Optimizer:
    if config.optimizer == "adam":
        return nn.Adam(learning_rate=config.learning_rate)
    return nn.SGD(learning_rate=config.learning_rate)


def make_data(config: StoryConfig) -> tuple[np.ndarray, np.ndarray]:
    if config.dataset == "xor":
        return datasets.xor()
    rng = np.random.default_rng(config.seed)
    if config.dataset in datasets.MULTI_CLASS:
        return datasets.MULTI_CLASS[config.dataset](config.samples, rng, classes=config.classes)
    return datasets.DATASETS[config.dataset](config.samples, rng)


def _duration(seconds: float) -> str:
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= 2 * size:
            return f"{seconds / size:.0f} {unit}"
    return f"{seconds:.0f} seconds"


def compute_story(config: StoryConfig) -> Story:
    x, y = make_data(config)
    expected = config.estimated_seconds()
    if expected > SHOW_PROGRESS_AFTER:
        print(f"[story] training the story network: {config.epochs} epochs, about "
              f"{_duration(expected)} at most", file=sys.stderr, flush=True)
    s = config.sample
    step = nn.record_step(build_model(config), x[s:s + 1], y[s:s + 1],
                          loss=make_loss(config), optimizer=make_optimizer(config))
    batch_step = nn.record_step(build_model(config), x, y, loss=make_loss(config),
                                optimizer=make_optimizer(config))
    run = nn.record_run(build_model(config), x, y, loss=make_loss(config),
                        optimizer=make_optimizer(config), epochs=config.epochs,
                        batch_size=config.batch_size,
                        verbose=1 if expected > SHOW_PROGRESS_AFTER else 0)
    return Story(config=config, x=x, y=y, step=step, batch_step=batch_step, run=run)


def voice_settings(path: str | os.PathLike | None = None) -> VoiceSettings:
    """The narrator: $NN_VOICE / $NN_VOICE_SPEED (the build's --voice), else the
    ``[voice]`` table of the story's TOML (``engine = "piper" | "none"``, ``speed``),
    else Piper at speed 1."""
    path = path or os.environ.get(ENV_VAR)
    base = VoiceSettings()
    if path and Path(path).is_file():
        table = tomllib.loads(Path(path).read_text()).get(VOICE_TABLE, {})
        if not isinstance(table, dict) or set(table) - {"engine", "speed"}:
            raise ConfigError(f"{path}: [voice] takes the keys 'engine' (\"piper\" or "
                              f"\"none\") and 'speed' (0.5 to 2.0), got {table!r}")
        try:
            base = VoiceSettings(**table)
        except VoiceError as error:
            raise ConfigError(f"{path}: {error}") from None
    return settings_from_env(base)


def current_config() -> StoryConfig:
    """The configuration named by $NN_STORY, or the video's defaults."""
    path = os.environ.get(ENV_VAR)
    return StoryConfig.from_toml(path) if path else StoryConfig()


@functools.cache
def _story_for(config: StoryConfig) -> Story:
    """The build's records of this configuration's run ($NN_STORY_RECORDS, written once
    for every part), or the run computed here."""
    path = os.environ.get(RECORDS_ENV)
    if path and Path(path).is_file():
        from . import records

        try:
            recorded = records.load(Path(path))
        except (ValueError, TypeError) as error:
            print(f"[story] {path} not used ({error}); computing the story",
                  file=sys.stderr)
        else:
            if isinstance(recorded, Story) and recorded.config == config:
                return recorded
    return compute_story(config)


def story(config: StoryConfig | None = None) -> Story:
    """The story for ``config`` (default: current_config()), computed once per process."""
    return _story_for(config or current_config())


# -- the second story: beyond the video ---------------------------------------------------

def _check_keys(values: dict, where) -> None:
    known = {f.name for f in dataclasses.fields(StoryConfig)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}; expected keys among "
                          f"{sorted(known)}")


def beyond_from_table(table, path=None) -> StoryConfig:
    """The story of the chapters beyond the video from a ``[beyond]`` table (a dict):
    BEYOND_DEFAULTS, then its data set's defaults, then the table.  Its output is a
    softmax and its loss the categorical cross-entropy (what those chapters explain)."""
    where = f"{path}: [{BEYOND_TABLE}]" if path else f"[{BEYOND_TABLE}]"
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table of story keys, got {table!r}")
    _check_keys(table, where)
    try:
        config = StoryConfig.for_dataset(**{**BEYOND_DEFAULTS, **table})
        if config.output != "softmax":
            raise ConfigError(f"output: the chapters beyond the video explain a softmax "
                              f"output, expected \"softmax\", got {config.output_name!r}")
        if config.loss != "cce":
            raise ConfigError(f"loss: the chapters beyond the video explain the categorical "
                              f"cross-entropy, expected \"cce\", got {config.loss!r}")
    except ConfigError as error:
        raise ConfigError(f"{where} {error}") from None
    except TypeError as error:
        raise ConfigError(f"{where}: {error}") from None
    return config


def beyond_config(path: str | os.PathLike | None = None) -> StoryConfig:
    """The ``[beyond]`` table of the story's TOML ($NN_STORY), or its defaults."""
    path = path or os.environ.get(ENV_VAR)
    table = {}
    if path and Path(path).is_file():
        table = tomllib.loads(Path(path).read_text()).get(BEYOND_TABLE, {})
    return beyond_from_table(table, path)


def beyond_story(config: StoryConfig | None = None) -> Story:
    """The story of many classes that the chapters beyond the video read (default:
    beyond_config()), computed here, once per process: it takes about a second."""
    return _story_for(config or beyond_config())
