"""How the weights move: SGD, momentum and Adam on the story's own loss (numpy, no drawing).

- ``optimizer_settings``: the learning rates compared, the momentum and the number of
  steps, from the optional ``[optimizers]`` table of the story's TOML (read like
  ``[voice]``); by default the story's rate, ten times it, momentum 0.9, 200 steps.
- ``path_run``: one short run from the story's initial weights with one of nn's own
  optimizers, on the story's data and batches (shuffled as ``fit`` shuffles), recorded
  step by step: the two chosen weights, their gradients, the optimizer's state for them,
  every parameter, and the loss on all the data.  A loss that stops being finite ends
  the run (``stopped``): an outcome, not an error.
- ``loss_slice``: the full-data loss on a grid of the two chosen weights, every other
  parameter held at its start: a real 2-D slice of the loss surface.
- ``one_step``: one step of a run's rule for one weight, its numbers substituted into the
  rule here and compared with what nn's optimizer did.

The two weights are w_11 and w_12 of the first Dense layer: the two inputs' weights into
the first hidden neuron (``params["weights"][0, 0]`` and ``[0, 1]``; nn stores W as
(outputs, inputs), w_ji).
"""

from __future__ import annotations

import functools
import math
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

import nn

from ..story import ENV_VAR, ConfigError, Story, StoryConfig, build_model, make_data

TABLE = "optimizers"
LAYER = 0                          # index of the first Dense layer in the model
ENTRIES = ((0, 0), (0, 1))         # (j, i) of w_11 and w_12
WEIGHT_NAMES = ("w_{11}", "w_{12}")   # their TeX
RULES = ("SGD", "momentum", "Adam")
DEFAULT_MOMENTUM = 0.9
DEFAULT_STEPS = 200
MAX_STEPS = 2000
LARGE_FACTOR = 10                  # the default large rate: this times the story's
SLICE_SIZE = 64                    # grid points per side of the slice
MARGIN = 1.15                      # the slice's half-width over the paths' reach
SMALLEST_HALF = 0.25               # the slice's least half-width
LIVE_STEP = 10                     # the step shown with live numbers (or the last one)


# -- the settings ------------------------------------------------------------------------

@dataclass(frozen=True)
class OptimizerSettings:
    rates: tuple[float, float]     # the story's rate, and a larger one
    momentum: float = DEFAULT_MOMENTUM
    steps: int = DEFAULT_STEPS


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) \
        and math.isfinite(value)


def settings_from_table(table, config: StoryConfig, where: str = "[optimizers]"
                        ) -> OptimizerSettings:
    """The settings of an ``[optimizers]`` table (a dict); every bad value names its key."""
    def fail(key: str, expected: str) -> None:
        raise ConfigError(f"{where} {key}: expected {expected}, got {table[key]!r}")

    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table with the keys rates, momentum and "
                          f"steps, got {table!r}")
    unknown = sorted(set(table) - {"rates", "momentum", "steps"})
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}; expected keys among "
                          f"['momentum', 'rates', 'steps']")
    rates = table.get("rates", [config.learning_rate, LARGE_FACTOR * config.learning_rate])
    if not isinstance(rates, (list, tuple)) or len(rates) != 2 \
            or not all(_number(r) and r > 0 for r in rates) or not rates[0] < rates[1]:
        fail("rates", "two positive learning rates, the second the larger, such as "
                      "[0.1, 1.0]")
    momentum = table.get("momentum", DEFAULT_MOMENTUM)
    if not _number(momentum) or not 0 < momentum < 1:
        fail("momentum", "a number between 0 and 1, such as 0.9")
    steps = table.get("steps", DEFAULT_STEPS)
    if not isinstance(steps, int) or isinstance(steps, bool) or not 2 <= steps <= MAX_STEPS:
        fail("steps", f"a whole number of training steps from 2 to {MAX_STEPS}")
    return OptimizerSettings((float(rates[0]), float(rates[1])), float(momentum), steps)


def optimizer_settings(config: StoryConfig, path: str | os.PathLike | None = None
                       ) -> OptimizerSettings:
    """The ``[optimizers]`` table of the story's TOML ($NN_STORY), or the defaults."""
    path = path or os.environ.get(ENV_VAR)
    table = {}
    if path and Path(path).is_file():
        table = tomllib.loads(Path(path).read_text()).get(TABLE, {})
    return settings_from_table(table, config, f"{path}: [optimizers]" if path else
                               "[optimizers]")


def make_rule(rule: str, rate: float, momentum: float) -> nn.Optimizer:
    """nn's own optimizer for a rule of RULES."""
    if rule == "SGD":
        return nn.SGD(learning_rate=rate)
    if rule == "momentum":
        return nn.SGD(learning_rate=rate, momentum=momentum)
    if rule == "Adam":
        return nn.Adam(learning_rate=rate)
    raise ValueError(f"rule: expected one of {list(RULES)}, got {rule!r}")


# -- the runs ----------------------------------------------------------------------------

@dataclass
class PathRun:
    """One run, step by step.  Index 0 is the start; index t is after step t.

    path (k+1, 2): w_11, w_12.  loss (k+1,): the loss on all the data.  grads (k, 2): the
    two weights' gradients in step t (index t-1).  slots (k+1, s): the optimizer's state
    for w_11 (momentum: the velocity; Adam: m, v; SGD: none).  params: every parameter.
    batches: the samples of each step.  stopped: why the run ended early, or None.
    """

    rule: str
    rate: float
    momentum: float
    optimizer: str
    path: np.ndarray
    loss: np.ndarray
    grads: np.ndarray
    slots: np.ndarray
    params: list = field(repr=False)
    batches: list = field(repr=False)
    stopped: str | None = None

    @property
    def steps(self) -> int:
        return len(self.path) - 1


def _chosen(array: np.ndarray) -> np.ndarray:
    return np.array([array[j, i] for j, i in ENTRIES], dtype=float)


def _slots_of(optimizer: nn.Optimizer, weights: np.ndarray) -> np.ndarray:
    """The optimizer's state for w_11 (empty for plain SGD, zeros before the first step)."""
    count = 2 if isinstance(optimizer, nn.Adam) else int(bool(optimizer.momentum))
    entry = optimizer.state.get(id(weights))
    if entry is None:
        return np.zeros(count)
    j, i = ENTRIES[0]
    return np.array([slot[j, i] for slot in entry[1:]], dtype=float)


def batches_of(model: nn.Sequential, config: StoryConfig, n: int, steps: int) -> list:
    """The samples of each of ``steps`` steps, shuffled each epoch as ``fit`` shuffles
    (with the model's own generator, so the story's optimizer retraces the story run)."""
    size = min(config.batch_size or n, n)
    out = []
    while len(out) < steps:
        order = model.rng.permutation(n) if size < n else np.arange(n)
        out += [order[start:start + size] for start in range(0, n, size)]
    return out[:steps]


def path_run(config: StoryConfig, rule: str, rate: float, momentum: float,
             steps: int) -> PathRun:
    x, y = make_data(config)
    model = build_model(config).build(x.shape[1])
    optimizer = make_rule(rule, rate, momentum)
    weights = model.layers[LAYER].params["weights"]
    record = dict(path=[_chosen(weights)], loss=[model.evaluate(x, y, loss=nn.MSE())],
                  grads=[], slots=[_slots_of(optimizer, weights)],
                  params=[model.get_weights()])
    stopped, batches = None, []
    with np.errstate(all="ignore"):
        for t, batch in enumerate(batches_of(model, config, len(x), steps), start=1):
            try:
                model.train_step(x[batch], y[batch], nn.MSE(), optimizer)
                loss = model.evaluate(x, y, loss=nn.MSE())
            except FloatingPointError as error:
                stopped = f"step {t}: {error}"
                break
            if not (math.isfinite(loss) and np.isfinite(weights).all()):
                stopped = f"step {t}: the loss became {loss}"
                break
            batches.append(batch)
            record["grads"].append(_chosen(model.layers[LAYER].grads["weights"]))
            for key, value in (("path", _chosen(weights)), ("loss", loss),
                               ("slots", _slots_of(optimizer, weights)),
                               ("params", model.get_weights())):
                record[key].append(value)
    return PathRun(rule=rule, rate=rate, momentum=momentum, optimizer=repr(optimizer),
                   path=np.array(record["path"]), loss=np.array(record["loss"]),
                   grads=np.array(record["grads"]).reshape(-1, 2),
                   slots=np.array(record["slots"]), params=record["params"],
                   batches=batches, stopped=stopped)


@functools.cache
def runs_at(config: StoryConfig, rate: float, momentum: float, steps: int
            ) -> tuple[PathRun, ...]:
    """The three rules at one rate, from the story's initial weights."""
    return tuple(path_run(config, rule, rate, momentum, steps) for rule in RULES)


def story_rule(config: StoryConfig) -> str:
    """The rule of RULES the story trains with."""
    return "Adam" if config.optimizer == "adam" else "SGD"


@dataclass(frozen=True)
class Outcome:
    """What a run's loss did: "diverged" (stopped being finite), "rose" (ended above its
    start or climbed above it on the way), or "fell"."""

    kind: str
    peak: float            # the highest loss after the start
    final: float
    stopped_at: int | None

    @classmethod
    def of(cls, run: PathRun) -> "Outcome":
        peak = float(run.loss[1:].max(initial=run.loss[0]))
        final = float(run.loss[-1])
        if run.stopped:
            return cls("diverged", peak, final, run.steps + 1)
        kind = "rose" if peak > run.loss[0] or final > run.loss[0] else "fell"
        return cls(kind, peak, final, None)


# -- the slice -----------------------------------------------------------------------------

@dataclass(frozen=True)
class LossSlice:
    """The loss on all the data over a square of (w_11, w_12) around the start.

    values[r, c]: the loss with w_11 = w1[c] and w_12 = w2[r] (row 0 at the top: the
    largest w_12), as an image shows it; pixel centres, like kit.boundary.Grid.
    """

    centre: tuple[float, float]
    half: float
    values: np.ndarray

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def lo(self) -> tuple[float, float]:
        return (self.centre[0] - self.half, self.centre[1] - self.half)

    @property
    def w1(self) -> np.ndarray:
        return self.lo[0] + (np.arange(self.n) + 0.5) / self.n * 2 * self.half

    @property
    def w2(self) -> np.ndarray:
        return self.lo[1] + (1 - (np.arange(self.n) + 0.5) / self.n) * 2 * self.half

    def to_unit(self, points: np.ndarray) -> np.ndarray:
        """(w_11, w_12) -> fractions of the square, (0, 0) bottom left."""
        return (np.asarray(points, dtype=float) - np.array(self.lo)) / (2 * self.half)

    def index_of(self, weights) -> np.ndarray:
        """(w_11, w_12), one pair or many -> fractional (row, col) in the grid of values
        (row 0 at the top), one row per pair."""
        unit = np.atleast_2d(self.to_unit(weights)) * self.n - 0.5
        return np.column_stack([self.n - 1 - unit[:, 1], unit[:, 0]])

    def value_at(self, rc: np.ndarray) -> np.ndarray:
        """The loss at fractional (row, col): bilinear between its four grid points (a
        point beyond the outermost grid points takes the edge's value)."""
        n, v = self.n, self.values
        rc = np.clip(rc, 0, n - 1)
        r0, c0 = (np.minimum(np.floor(rc[:, k]).astype(int), n - 2) for k in (0, 1))
        fr, fc = rc[:, 0] - r0, rc[:, 1] - c0
        return ((1 - fr) * ((1 - fc) * v[r0, c0] + fc * v[r0, c0 + 1])
                + fr * ((1 - fc) * v[r0 + 1, c0] + fc * v[r0 + 1, c0 + 1]))


def reach(runs, centre) -> float:
    """How far the runs' paths go from ``centre``, in either weight."""
    return max(float(np.abs(run.path - np.asarray(centre)).max()) for run in runs)


def loss_slice(story: Story, half: float, n: int = SLICE_SIZE) -> LossSlice:
    """The story's loss (nn.MSE on all its data, by nn) over an n x n grid of w_11, w_12
    around their initial values, every other parameter at its initial value."""
    model = story.new_model()
    weights = model.layers[LAYER].params["weights"]
    centre = tuple(float(v) for v in _chosen(weights))
    empty = LossSlice(centre, half, np.zeros((n, n)))
    values = np.empty((n, n))
    (j1, i1), (j2, i2) = ENTRIES
    with np.errstate(all="ignore"):
        for r, b in enumerate(empty.w2):
            weights[j2, i2] = b
            for c, a in enumerate(empty.w1):
                weights[j1, i1] = a
                values[r, c] = model.evaluate(story.x, story.y, loss=nn.MSE())
    return LossSlice(centre, half, values)


def slice_for(story: Story, runs) -> LossSlice:
    """A slice wide enough for the runs' paths."""
    centre = runs[0].path[0]
    return loss_slice(story, max(SMALLEST_HALF, MARGIN * reach(runs, centre)))


# -- the slice's colours --------------------------------------------------------------------

COLORMAP = ("#0b1f3a", "#164a7a", "#2f7fb0", "#6fb5cf", "#c9e6ee")   # low loss dark


def _hex(color: str) -> np.ndarray:
    return np.array([int(color[k:k + 2], 16) for k in (1, 3, 5)], dtype=float)


def color_levels(values: np.ndarray) -> tuple[float, float]:
    """The loss range the colours span (the slice's own)."""
    return float(np.nanmin(values)), float(np.nanmax(values))


def slice_colors(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """RGBA uint8 image of loss values: low loss dark blue, high loss pale."""
    t = np.clip((np.asarray(values, dtype=float) - low) / max(high - low, 1e-12), 0, 1)
    anchors = np.array([_hex(c) for c in COLORMAP])
    where = np.linspace(0, 1, len(anchors))
    rgb = np.stack([np.interp(t, where, anchors[:, k]) for k in range(3)], axis=-1)
    rgba = np.empty(t.shape + (4,), dtype=np.uint8)
    rgba[..., :3] = np.round(rgb)
    rgba[..., 3] = 255
    return rgba


def round_values(low: float, high: float, most: int = 4) -> np.ndarray:
    """At most ``most`` round values (1, 2 or 5 times a power of ten apart) strictly
    inside (low, high), as many as fit: contour levels, and the ticks of an axis."""
    if not high > low:
        return np.array([])
    for step in sorted(m * 10.0 ** e for e in range(-8, 8) for m in (1, 2, 5)):
        if math.ceil(high / step) - math.floor(low / step) - 1 > most:
            continue
        values = np.arange(np.floor(low / step) + 1, np.ceil(high / step)) * step
        values = values[(values > low + 1e-12 * step) & (values < high - 1e-12 * step)]
        if len(values) <= most:
            return np.round(values, 10)
    return np.array([])


def axis_top(high: float, most: int = 4) -> tuple[float, float]:
    """A round top for an axis from 0 to at least ``high``, and its tick step."""
    for step in sorted(m * 10.0 ** e for e in range(-8, 8) for m in (1, 2, 5)):
        top = math.ceil(high / step - 1e-9) * step
        if top / step <= most:
            return float(round(top, 10)), float(step)
    return float(high), float(high)


# -- one step, with live numbers ------------------------------------------------------------

@dataclass(frozen=True)
class OneStep:
    """Step t of a run, for w_11: the numbers going in (``given``: w, g, and the state
    before), the numbers the rule gives, computed here from ``given`` (``computed``), and
    what nn's optimizer left (``recorded``: the weight and its state after the step)."""

    rule: str
    t: int
    rate: float
    given: dict
    computed: dict
    recorded: dict

    @property
    def agrees(self) -> bool:
        return all(math.isclose(self.computed[k], self.recorded[k], rel_tol=1e-12,
                                abs_tol=1e-15) for k in self.recorded)


def one_step(run: PathRun, t: int, beta_1: float = 0.9, beta_2: float = 0.999,
             epsilon: float = 1e-8) -> OneStep:
    """Step t (1-based) of ``run``, for w_11, by the textbook rule."""
    w, g = float(run.path[t - 1, 0]), float(run.grads[t - 1, 0])
    before, after = run.slots[t - 1], run.slots[t]
    given, computed = {"w": w, "g": g}, {}
    recorded = {"w": float(run.path[t, 0])}
    alpha = run.rate
    if run.rule == "SGD":
        computed["w"] = w - alpha * g
    elif run.rule == "momentum":
        given["v"] = float(before[0])
        computed["v"] = run.momentum * given["v"] + g
        computed["w"] = w - alpha * computed["v"]
        recorded["v"] = float(after[0])
    else:
        given.update(m=float(before[0]), v=float(before[1]))
        m = beta_1 * given["m"] + (1 - beta_1) * g
        v = beta_2 * given["v"] + (1 - beta_2) * g * g
        m_hat, v_hat = m / (1 - beta_1 ** t), v / (1 - beta_2 ** t)
        computed.update(m=m, v=v, m_hat=m_hat, v_hat=v_hat,
                        w=w - alpha * m_hat / (math.sqrt(v_hat) + epsilon))
        recorded.update(m=float(after[0]), v=float(after[1]))
    return OneStep(run.rule, t, alpha, given, computed, recorded)
