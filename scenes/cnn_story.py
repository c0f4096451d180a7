"""The sequel's story: one seeded run of a small convolutional network on real digits.

Data flows one way, as in scenes.story: CnnConfig -> nn run -> records -> scenes.

The data are scikit-learn's bundled 8x8 digits (sklearn.datasets.load_digits: 1797
images, all ten classes, nothing downloaded), pixel values scaled from 0..16 to [0, 1],
shaped (batch, 1, 8, 8) with one-hot labels (batch, 10).  A seeded numpy Generator
splits them (a quarter of each class for the test set) and seeds the network:

    Conv2D(1 -> kernels, k x k) -> activation -> Flatten -> Dense(10) -> Softmax

trained with the categorical cross-entropy and Adam.  The defaults (CNN_DEFAULTS) reach
about 0.97 test accuracy in a few seconds.  To change them, give the story's TOML
($NN_STORY, the same file as the first video's story) a ``[cnn]`` table:

    [cnn]
    kernels = 4
    kernel_size = 4
    activation = "tanh"
    seed = 3
    sample = 10

Bad values are refused (ConfigError, naming the key) before anything trains.  The story
is computed in-process by cnn_story(), once per process.
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

from .story import ENV_VAR, ConfigError

CNN_TABLE = "cnn"
CLASSES = 10                      # the ten digits
IMAGE = 8                         # load_digits: 8x8 pixels
PIXEL_MAX = 16.0                  # its pixel values run 0..16
TEST_FRACTION = 0.25              # of each class, held out for the test accuracy
CNN_ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}
# Limits that keep the chapters legible: a kernel's numbers must fit in its grid, the
# feature maps of every kernel on one screen.
KERNELS = (1, 8)
KERNEL_SIZES = (2, 5)
MAX_EPOCHS = 200
CNN_DEFAULTS = dict(kernels=5, kernel_size=3, activation="relu", seed=0, epochs=20,
                    learning_rate=0.005, batch_size=32, sample=0,
                    title="Convolutional Neural Network from Scratch")


@dataclass(frozen=True)
class CnnConfig:
    """Everything that decides the sequel's numbers.  Defaults: CNN_DEFAULTS."""

    kernels: int = CNN_DEFAULTS["kernels"]               # Conv2D's output channels
    kernel_size: int = CNN_DEFAULTS["kernel_size"]       # k: kernels are k x k
    activation: str = CNN_DEFAULTS["activation"]         # after the Conv2D
    seed: int = CNN_DEFAULTS["seed"]                     # the split and the network
    epochs: int = CNN_DEFAULTS["epochs"]
    learning_rate: float = CNN_DEFAULTS["learning_rate"]  # Adam's
    batch_size: int = CNN_DEFAULTS["batch_size"]
    sample: int = CNN_DEFAULTS["sample"]                 # the training image the chapters show
    title: str = CNN_DEFAULTS["title"]

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        def fail(key: str, expected: str) -> None:
            raise ConfigError(f"{key}: expected {expected}, got {getattr(self, key)!r}")

        def whole(value, low: int, high: int | None = None) -> bool:
            return isinstance(value, int) and not isinstance(value, bool) and value >= low \
                and (high is None or value <= high)

        if not whole(self.kernels, *KERNELS):
            fail("kernels", f"a whole number of kernels from {KERNELS[0]} to {KERNELS[1]} "
                            f"(the most whose feature maps fit on one screen)")
        if not whole(self.kernel_size, *KERNEL_SIZES):
            fail("kernel_size", f"a whole number from {KERNEL_SIZES[0]} to {KERNEL_SIZES[1]} "
                                f"(a k x k kernel on {IMAGE}x{IMAGE} images)")
        if self.activation not in CNN_ACTIVATIONS:
            fail("activation", f"one of {sorted(CNN_ACTIVATIONS)}")
        if not whole(self.seed, 0):
            fail("seed", "a non-negative integer")
        if not whole(self.epochs, 1, MAX_EPOCHS):
            fail("epochs", f"a whole number from 1 to {MAX_EPOCHS} (the run trains before "
                           f"the first frame: about a second per 5 epochs)")
        rate = self.learning_rate
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not rate > 0 \
                or not np.isfinite(rate):
            fail("learning_rate", "a positive number")
        if not whole(self.batch_size, 1):
            fail("batch_size", "a positive integer")
        if not whole(self.sample, 0, n_train() - 1):
            fail("sample", f"an index into the training images, from 0 to {n_train() - 1}")
        if not isinstance(self.title, str) or not self.title.strip():
            fail("title", "a non-empty string")

    @property
    def output_size(self) -> int:
        """The side of a valid feature map: 8 - k + 1."""
        return IMAGE - self.kernel_size + 1

    def key(self) -> str:
        """A stable text form, for caches that must notice any change."""
        return repr(dataclasses.astuple(self))


def cnn_from_table(table, path=None) -> CnnConfig:
    """The sequel's configuration from a ``[cnn]`` table (a dict): CNN_DEFAULTS, then the
    table.  Unknown keys and bad values raise ConfigError naming the key."""
    where = f"{path}: [{CNN_TABLE}]" if path else f"[{CNN_TABLE}]"
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table of keys among {sorted(CNN_DEFAULTS)}, "
                          f"got {table!r}")
    unknown = sorted(set(table) - set(CNN_DEFAULTS))
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}; expected keys among "
                          f"{sorted(CNN_DEFAULTS)}")
    try:
        return CnnConfig(**table)
    except ConfigError as error:
        raise ConfigError(f"{where} {error}") from None


def cnn_config(path: str | os.PathLike | None = None) -> CnnConfig:
    """The ``[cnn]`` table of the story's TOML ($NN_STORY), or the defaults."""
    path = path or os.environ.get(ENV_VAR)
    table = {}
    if path:
        if not Path(path).is_file():
            raise ConfigError(f"configuration file not found: {path}")
        try:
            table = tomllib.loads(Path(path).read_text()).get(CNN_TABLE, {})
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path} is not valid TOML: {error}") from None
    return cnn_from_table(table, path)


# -- the data and the network -------------------------------------------------------------

@functools.cache
def digits() -> tuple[np.ndarray, np.ndarray]:
    """All 1797 images (n, 1, 8, 8) in [0, 1] and their labels (n,), from scikit-learn."""
    from sklearn.datasets import load_digits      # the video's extra; nn never imports it

    data = load_digits()
    return data.images[:, None] / PIXEL_MAX, data.target.copy()


def n_train() -> int:
    """How many training images the split leaves (the same for every seed)."""
    labels = digits()[1]
    counts = np.bincount(labels, minlength=CLASSES)
    return int(np.sum(counts - np.round(counts * TEST_FRACTION).astype(int)))


def split(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Training and test indices: a quarter of each class for the test, chosen by a
    Generator seeded with ``seed``; each set in a shuffled order."""
    rng = np.random.default_rng(seed)
    labels = digits()[1]
    train, test = [], []
    for digit in range(CLASSES):
        members = rng.permutation(np.flatnonzero(labels == digit))
        cut = int(np.round(len(members) * TEST_FRACTION))
        test.append(members[:cut])
        train.append(members[cut:])
    return rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(test))


def build_cnn(config: CnnConfig) -> nn.Sequential:
    """The sequel's network, built for 1-channel 8x8 images, seeded by config.seed."""
    model = nn.Sequential([nn.Conv2D(1, config.kernels, config.kernel_size),
                           CNN_ACTIVATIONS[config.activation](), nn.Flatten(),
                           nn.Dense(CLASSES), nn.Softmax()], seed=config.seed)
    return model.build((1, IMAGE, IMAGE))


def confusion_matrix(true: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    """counts[t, p]: how many images of digit t the network called p."""
    counts = np.zeros((CLASSES, CLASSES), dtype=int)
    np.add.at(counts, (true, predicted), 1)
    return counts


# -- the record ---------------------------------------------------------------------------

@dataclass(frozen=True)
class CnnStory:
    """The recorded data every chapter of the sequel reads.

    x_train, x_test: images (batch, 1, 8, 8) in [0, 1]; y_train, y_test: one-hot (batch, 10).
    step: one training step of the fresh network on the one image ``config.sample``.
    run: snapshots of the whole training run, one per epoch (0: before training).
    accuracy[k]: snapshot k's test accuracy; confusion: the last snapshot's, on the test
    set (rows: the true digit, columns: the predicted one).
    """

    config: CnnConfig
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    step: nn.StepRecord
    run: nn.RunRecord
    accuracy: np.ndarray
    confusion: np.ndarray

    def new_model(self) -> nn.Sequential:
        """A fresh, built model of the story's architecture (its initial weights)."""
        return build_cnn(self.config)

    def model_at(self, k: int) -> nn.Sequential:
        """A model holding the parameters of snapshot k of the run."""
        return self.run.model_at(self.new_model(), k)

    @property
    def image(self) -> np.ndarray:
        """The sample's image, (8, 8)."""
        return self.x_train[self.config.sample, 0]

    @property
    def label(self) -> int:
        """The sample's digit."""
        return int(np.argmax(self.y_train[self.config.sample]))

    @property
    def conv_step(self) -> nn.LayerRecord:
        """The Conv2D layer during the recorded step."""
        return next(layer for layer in self.step.layers if layer.kind == "Conv2D")

    def conv_params(self, k: int) -> dict[str, np.ndarray]:
        """The Conv2D layer's parameters at snapshot k (kernels (i, 1, k, k), bias (i,))."""
        return self.run.weights[k][0]


def compute_cnn_story(config: CnnConfig) -> CnnStory:
    images, labels = digits()
    train, test = split(config.seed)
    one_hot = np.eye(CLASSES)[labels]
    x_train, y_train, x_test, y_test = images[train], one_hot[train], images[test], \
        one_hot[test]
    s = config.sample
    step = nn.record_step(build_cnn(config), x_train[s:s + 1], y_train[s:s + 1],
                          loss=nn.CategoricalCrossEntropy(),
                          optimizer=nn.Adam(learning_rate=config.learning_rate))
    print(f"[cnn story] training the digits network: {config.epochs} epochs",
          file=sys.stderr, flush=True)
    run = nn.record_run(build_cnn(config), x_train, y_train,
                        loss=nn.CategoricalCrossEntropy(),
                        optimizer=nn.Adam(learning_rate=config.learning_rate),
                        epochs=config.epochs, batch_size=config.batch_size)
    model, true = build_cnn(config), labels[test]
    accuracy = []
    for weights in run.weights:
        model.set_weights(weights)
        predicted = model.predict(x_test).argmax(axis=1)
        accuracy.append(float(np.mean(predicted == true)))
    return CnnStory(config=config, x_train=x_train, y_train=y_train, x_test=x_test,
                    y_test=y_test, step=step, run=run, accuracy=np.array(accuracy),
                    confusion=confusion_matrix(true, predicted))


@functools.cache
def _cnn_story_for(config: CnnConfig) -> CnnStory:
    return compute_cnn_story(config)


def cnn_story(config: CnnConfig | None = None) -> CnnStory:
    """The sequel's story for ``config`` (default: cnn_config(), the [cnn] table of
    $NN_STORY), computed here, once per process: it takes a few seconds."""
    return _cnn_story_for(config or cnn_config())
