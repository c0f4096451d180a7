"""The network's output over the input plane: grid, heat-map image, 0.5 contour, snapshots.

Everything here is numpy first (tests and the thumbnail step can use it without a scene),
with thin helpers that turn the arrays into manim mobjects.

    grid = grid_for(story.x)                       # a square around the data, n x n points
    rgba = boundary_image(model, grid)             # one vectorised predict over the grid
    lines = contour_lines(grid_values(model, grid), decision_level(story.y))

A grid's row 0 is its top edge (largest x2) and column 0 its left edge (smallest x1),
so ``values[r, c]`` is pixel (r, c) of the image, exactly where the image shows it.

One output (a score: class 1 above the decision level) or many (class probabilities, a
softmax): the same functions take both.  With many outputs the values carry a last axis
of classes, each class has its colour (CLASS_COLORS[k]), a pixel blends the colours by
probability, and the boundaries are where the most probable class changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from manim import RESAMPLING_ALGORITHMS, ImageMobject, VMobject, color_to_rgb

import nn

from ..story import Story

# Class k's colour: target y* = 0 and y* = 1 for one output, then the classes of a one-hot
# target (nn.datasets.MULTI_CLASS; the story takes at most 8).
CLASS_COLORS = ("#4A8FE0", "#F2A93B", "#5DBB63", "#E0607E", "#A67FE0", "#3FC1C9", "#E8D44D",
                "#C8755A")
NEUTRAL_COLOR = "#161a24"       # the heat map where the network is undecided (output 0.5)
CONTOUR_COLOR = "#FFFFFF"
STRENGTH = 0.8                  # how far a confident output goes from neutral to its colour
IMAGE_SIZE = 128                # grid points per side for heat maps and contours
PAD = 0.25                      # margin around the data, as a fraction of its extent
COARSE = 24                     # grid points per side when comparing every snapshot
__all__ = ["CLASS_COLORS", "Grid", "grid_for", "grid_values", "heat_colors", "region_colors",
           "picture_of", "boundary_lines", "boundary_image", "decision_level", "class_indices",
           "predicted_classes", "contour_lines", "outputs_over_run", "choose_snapshots",
           "image_mobject", "polyline_mobject", "class_color", "BoundaryFrame",
           "boundary_frames", "snapshot_model", "first_epoch_all_correct"]


@dataclass(frozen=True)
class Grid:
    """n x n points at pixel centres of the square [lo, lo + size]^2 of the input plane."""

    lo: tuple[float, float]
    size: float
    n: int

    @property
    def hi(self) -> tuple[float, float]:
        return (self.lo[0] + self.size, self.lo[1] + self.size)

    @property
    def coords(self) -> np.ndarray:
        """Pixel-centre coordinates along one side, as fractions of the side (0..1)."""
        return (np.arange(self.n) + 0.5) / self.n

    @property
    def points(self) -> np.ndarray:
        """(n * n, 2) inputs, one row per pixel, row-major from the top-left pixel."""
        t = self.coords
        x1 = self.lo[0] + t * self.size
        x2 = self.lo[1] + (1 - t) * self.size           # row 0 = top = largest x2
        a, b = np.meshgrid(x1, x2)
        return np.column_stack([a.ravel(), b.ravel()])

    def to_unit(self, xy: np.ndarray) -> np.ndarray:
        """Input coordinates -> fractions of the square (0, 0) bottom-left .. (1, 1)."""
        return (np.asarray(xy, dtype=float) - np.asarray(self.lo)) / self.size

    def index_to_unit(self, rc: np.ndarray) -> np.ndarray:
        """Fractional (row, col) grid indices -> fractions of the square, (x1, x2) order."""
        rc = np.asarray(rc, dtype=float)
        return np.column_stack([(rc[:, 1] + 0.5) / self.n, 1 - (rc[:, 0] + 0.5) / self.n])

    def resized(self, n: int) -> "Grid":
        return Grid(self.lo, self.size, n)


def grid_for(x: np.ndarray, n: int = IMAGE_SIZE, pad: float = PAD) -> Grid:
    """A square grid around the data x (n, 2): its extent plus ``pad`` on each side."""
    x = np.asarray(x, dtype=float)
    low, high = x.min(axis=0), x.max(axis=0)
    side = float(max(high - low)) or 1.0
    size = side * (1 + 2 * pad)
    centre = (low + high) / 2
    lo = centre - size / 2
    return Grid((float(lo[0]), float(lo[1])), size, n)


def _squeezed(outputs: np.ndarray) -> np.ndarray:
    """Outputs with a last axis of one output dropped (many outputs keep their axis)."""
    return outputs[..., 0] if outputs.shape[-1] == 1 else outputs


def grid_values(model: nn.Sequential, grid: Grid) -> np.ndarray:
    """The network's output over the grid, (n, n), or (n, n, classes) for many outputs:
    one vectorised forward pass."""
    outputs = model.predict(grid.points)
    return _squeezed(outputs.reshape(grid.n, grid.n, outputs.shape[-1]))


def decision_level(y: np.ndarray) -> float:
    """The output between the two classes: midway between the two target values (0.5)."""
    return float((np.min(y) + np.max(y)) / 2)


def class_indices(y: np.ndarray) -> np.ndarray:
    """The class of each target row: 1 where y* is above the decision level (one output),
    or the position of the one-hot's 1 (many)."""
    y = np.asarray(y, dtype=float).reshape(len(y), -1)
    if y.shape[1] == 1:
        return (y[:, 0] > decision_level(y)).astype(int)
    return np.argmax(y, axis=1)


def predicted_classes(outputs: np.ndarray, level: float = 0.5) -> np.ndarray:
    """The class that outputs over the snapshots and points choose: above ``level`` for
    (snapshots, m), one output per point; the most probable for (snapshots, m, classes)."""
    outputs = np.asarray(outputs)
    return np.argmax(outputs, axis=-1) if outputs.ndim == 3 else (outputs > level).astype(int)


def _rgb(color) -> np.ndarray:
    return np.asarray(color_to_rgb(color), dtype=float)


def heat_colors(values: np.ndarray, low: float = 0.0, high: float = 1.0) -> np.ndarray:
    """RGBA uint8 image of outputs: neutral at the midpoint, class colours towards low/high."""
    t = np.clip((np.asarray(values, dtype=float) - low) / (high - low), 0, 1) * 2 - 1
    strength = STRENGTH * np.abs(t) ** 0.75
    neutral = _rgb(NEUTRAL_COLOR)
    target = np.where((t >= 0)[..., None], _rgb(CLASS_COLORS[1]), _rgb(CLASS_COLORS[0]))
    rgb = neutral + (target - neutral) * strength[..., None]
    rgba = np.empty(values.shape + (4,), dtype=np.uint8)
    rgba[..., :3] = np.round(rgb * 255)
    rgba[..., 3] = 255
    return rgba


def region_colors(probabilities: np.ndarray) -> np.ndarray:
    """RGBA uint8 image of class probabilities (n, n, classes): the class colours blended
    by probability, from neutral where every class is equally likely (1 / classes) to
    STRENGTH of the way where one class is certain, as heat_colors does for one output."""
    p = np.asarray(probabilities, dtype=float)
    classes = p.shape[-1]
    palette = np.array([_rgb(color) for color in CLASS_COLORS[:classes]])
    neutral = _rgb(NEUTRAL_COLOR)
    confidence = np.clip((p.max(axis=-1) - 1 / classes) / (1 - 1 / classes), 0, 1)
    strength = STRENGTH * confidence ** 0.75
    rgb = neutral + (p @ palette - neutral) * strength[..., None]
    rgba = np.empty(p.shape[:-1] + (4,), dtype=np.uint8)
    rgba[..., :3] = np.round(rgb * 255)
    rgba[..., 3] = 255
    return rgba


def picture_of(values: np.ndarray, low: float = 0.0, high: float = 1.0) -> np.ndarray:
    """The image of grid values: heat_colors for one output, region_colors for many."""
    return region_colors(values) if np.ndim(values) == 3 else heat_colors(values, low, high)


def boundary_image(model: nn.Sequential, grid: Grid, low: float = 0.0,
                   high: float = 1.0) -> np.ndarray:
    """The image (n, n, 4) uint8 of ``model``'s output over ``grid``."""
    return picture_of(grid_values(model, grid), low, high)


def class_color(label: float, low: float = 0.0, high: float = 1.0):
    return CLASS_COLORS[int(label >= (low + high) / 2)]


def boundary_lines(values: np.ndarray, level: float = 0.5) -> list[np.ndarray]:
    """Where the decision changes: the contour at ``level`` of one output, or, for class
    probabilities, where each class stops being the most probable: the contour at 0 of
    its probability minus the largest other one.  Every boundary lies between two classes,
    one of them not the last, so the last class's contour would add nothing."""
    if np.ndim(values) == 2:
        return contour_lines(values, level)
    p = np.asarray(values, dtype=float)
    lines = []
    for k in range(p.shape[-1] - 1):
        margin = p[..., k] - np.delete(p, k, axis=-1).max(axis=-1)
        lines += contour_lines(margin, 0.0)
    return lines


# -- the contour -------------------------------------------------------------------------

# Marching squares.  Cell corners: a top-left, b top-right, c bottom-right, d bottom-left;
# case = 8a + 4b + 2c + d (1 where above the level).  Edges: T, R, B, L.
_SEGMENTS = {
    1: (("L", "B"),), 2: (("B", "R"),), 3: (("L", "R"),), 4: (("T", "R"),),
    6: (("T", "B"),), 7: (("T", "L"),), 8: (("T", "L"),), 9: (("T", "B"),),
    11: (("T", "R"),), 12: (("L", "R"),), 13: (("R", "B"),), 14: (("L", "B"),),
}
# Saddles, resolved by the value at the cell centre: (centre above, centre below).
_SADDLES = {
    5: ((("T", "L"), ("R", "B")), (("T", "R"), ("L", "B"))),
    10: ((("T", "R"), ("L", "B")), (("T", "L"), ("R", "B"))),
}


def contour_lines(values: np.ndarray, level: float) -> list[np.ndarray]:
    """Polylines where ``values`` (n, n) crosses ``level``, in fractional (row, col) indices.

    Linear interpolation along cell edges; segments are joined into polylines, so that
    each closed or open curve is one array of shape (m, 2).
    """
    v = np.asarray(values, dtype=float)
    n_rows, n_cols = v.shape
    above = v > level
    a, b, c, d = above[:-1, :-1], above[:-1, 1:], above[1:, 1:], above[1:, :-1]
    case = 8 * a + 4 * b + 2 * c + 1 * d

    def crossing(v0, v1):
        with np.errstate(divide="ignore", invalid="ignore"):
            t = (level - v0) / (v1 - v0)
        return np.clip(np.nan_to_num(t, nan=0.5), 0, 1)

    # Crossing points on horizontal edges (between columns j, j+1 of row i), and vertical.
    h_t = crossing(v[:, :-1], v[:, 1:])          # (n_rows, n_cols - 1)
    v_t = crossing(v[:-1, :], v[1:, :])          # (n_rows - 1, n_cols)

    def edge(i: int, j: int, side: str) -> tuple[int, float, float]:
        if side == "T":
            return (2 * (i * n_cols + j), i, j + h_t[i, j])
        if side == "B":
            return (2 * ((i + 1) * n_cols + j), i + 1, j + h_t[i + 1, j])
        if side == "L":
            return (2 * (i * n_cols + j) + 1, i + v_t[i, j], j)
        return (2 * (i * n_cols + j + 1) + 1, i + v_t[i, j + 1], j + 1)

    links: dict[int, list[int]] = {}
    where: dict[int, tuple[float, float]] = {}
    for i, j in zip(*np.nonzero((case != 0) & (case != 15))):
        k = int(case[i, j])
        if k in _SADDLES:
            centre = v[i:i + 2, j:j + 2].mean() > level
            pairs = _SADDLES[k][0 if centre else 1]
        else:
            pairs = _SEGMENTS[k]
        for s0, s1 in pairs:
            e0, e1 = edge(i, j, s0), edge(i, j, s1)
            for e, other in ((e0, e1), (e1, e0)):
                where[e[0]] = (e[1], e[2])
                links.setdefault(e[0], []).append(other[0])

    return _join(links, where)


def _join(links: dict[int, list[int]], where: dict[int, tuple[float, float]]
          ) -> list[np.ndarray]:
    """Chain the crossing points (keyed by edge id, linked to their neighbours) into
    polylines: open curves first, from an end with one neighbour; then closed loops."""
    lines, seen = [], set()
    starts = [e for e, nbrs in links.items() if len(nbrs) == 1] + list(links)
    for start in starts:
        if start in seen:
            continue
        chain, previous, current = [start], None, start
        seen.add(start)
        while True:
            following = [e for e in links[current] if e != previous and e not in seen]
            if not following:
                if len(chain) > 2 and start in links[current]:
                    chain.append(start)          # close the loop
                break
            previous, current = current, following[0]
            chain.append(current)
            seen.add(current)
        if len(chain) >= 2:
            lines.append(np.array([where[e] for e in chain]))
    return lines


# -- choosing snapshots ------------------------------------------------------------------

def outputs_over_run(story: Story, points: np.ndarray) -> np.ndarray:
    """The output at ``points`` (m, 2) for every snapshot of the run: (snapshots, m)
    float32, or (snapshots, m, classes) for many outputs.

    One forward pass per snapshot; for choosing snapshots use a coarse grid's points.
    """
    model = snapshot_model(story, 0)
    width = story.config.layers[-1]
    outputs = np.empty((len(story.run.weights), len(points), width), dtype=np.float32)
    for k in range(len(story.run.weights)):
        outputs[k] = snapshot_model(story, k, model).predict(points)
    return _squeezed(outputs)


def _moving(outputs: np.ndarray, threshold: float, chunk: int = 64) -> list[int]:
    """Snapshots where the picture has moved by more than ``threshold`` (mean absolute
    change of the output) since the last one kept; the first is always kept."""
    kept, k = [0], 1
    while k < len(outputs):
        distance = np.abs(outputs[k:k + chunk] - outputs[kept[-1]]).mean(axis=1)
        over = np.flatnonzero(distance > threshold)
        if len(over) == 0:
            k += chunk
        else:
            kept.append(k + int(over[0]))
            k = kept[-1] + 1
    return kept


def choose_snapshots(outputs: np.ndarray, count: int, steady_share: float = 0.15) -> np.ndarray:
    """About ``count`` snapshot indices, increasing, from the first to the last.

    Most are chosen where the picture moves: a snapshot is kept when the output over
    the grid has changed by more than a threshold since the last one kept (the
    threshold is tuned to give the count).  Comparing with the last kept picture, not
    the previous epoch, ignores the epoch-to-epoch jitter of stochastic gradient descent
    that goes nowhere.  A share ``steady_share`` is spread evenly over the epochs, so
    that quiet stretches still move on.  Shown one per frame, the boundary then moves
    at an even pace and quiet epochs fly by.
    """
    outputs = np.asarray(outputs, dtype=np.float32).reshape(len(outputs), -1)
    last = len(outputs) - 1
    if last <= 0 or count < 2:
        return np.array([last])
    steady = np.unique(np.round(np.linspace(0, last, max(2, int(count * steady_share)))))
    wanted = count - len(steady)
    low, high = 0.0, float(np.abs(outputs - outputs[0]).mean(axis=1).max()) + 1e-12
    best = _moving(outputs, high)
    for _ in range(24):                          # bisect until within 3 % of the count
        middle = (low + high) / 2
        kept = _moving(outputs, middle)
        if len(kept) > wanted:
            low = middle
        else:
            high, best = middle, kept
        if abs(len(kept) - wanted) <= 0.03 * wanted:
            best = kept
            break
    chosen = np.union1d(np.asarray(best), steady.astype(int))
    return np.union1d(chosen, [0, last]).astype(int)


# -- mobjects ----------------------------------------------------------------------------

def image_mobject(rgba: np.ndarray, side: float) -> ImageMobject:
    """The heat map as an image of ``side`` x ``side`` scene units."""
    image = ImageMobject(rgba)
    image.set_resampling_algorithm(RESAMPLING_ALGORITHMS["bilinear"])   # smooth when enlarged
    image.stretch_to_fit_width(side).stretch_to_fit_height(side)
    return image


def polyline_mobject(lines: list[np.ndarray], to_point: Callable[[np.ndarray], np.ndarray],
                     mob: VMobject | None = None, **style) -> VMobject:
    """One VMobject drawing every polyline (each (m, 2) in whatever to_point takes)."""
    mob = mob if mob is not None else VMobject(**style)
    mob.clear_points()
    for line in lines:
        pts = to_point(line)
        if len(pts) < 2:
            continue
        mob.start_new_path(pts[0])
        mob.add_points_as_corners(pts[1:])
    return mob


# -- the frames of a boundary animation ----------------------------------------------------

@dataclass(frozen=True)
class BoundaryFrame:
    """One snapshot of the run as the boundary animation shows it."""

    k: int                       # index into story.run (weights, loss, epochs)
    epoch: int
    loss: float                  # story.run.loss[k]: the loss of these weights on the data
    values: np.ndarray           # the output over the grid, (n, n) or (n, n, classes) float32
    image: np.ndarray            # picture_of(values): what the image shows, (n, n, 4)
    lines: list[np.ndarray]      # boundary_lines(values, level)


def snapshot_model(story: Story, k: int, model: nn.Sequential | None = None) -> nn.Sequential:
    """A model holding snapshot k of the story run: ``model`` (same architecture), or a new one."""
    return story.model_at(k) if model is None else story.run.model_at(model, k)


def boundary_frames(story: Story, grid: Grid, count: int,
                    coarse_outputs: np.ndarray | None = None,
                    keep: tuple[int, ...] = ()) -> list[BoundaryFrame]:
    """About ``count`` frames chosen by choose_snapshots, each with its image and contour.

    coarse_outputs: outputs_over_run on a coarse grid, if already computed.
    keep: snapshot indices that must be among the frames (one the narration names).
    """
    if coarse_outputs is None:
        coarse_outputs = outputs_over_run(story, grid.resized(COARSE).points)
    chosen = np.union1d(choose_snapshots(coarse_outputs, count), keep).astype(int)
    level = decision_level(story.y)
    low, high = float(np.min(story.y)), float(np.max(story.y))
    model = snapshot_model(story, 0)
    frames = []
    for k in chosen:
        snapshot_model(story, int(k), model)
        values = grid_values(model, grid)
        frames.append(BoundaryFrame(k=int(k), epoch=int(story.run.epochs[k]),
                                    loss=float(story.run.loss[k]),
                                    values=values.astype(np.float32),     # kept for tests
                                    image=picture_of(values, low, high),
                                    lines=boundary_lines(values, level)))
    return frames


def first_epoch_all_correct(story: Story, outputs_on_x: np.ndarray | None = None) -> int | None:
    """The first epoch from which every sample stays on its own side of the decision level
    (None if the run ends with a sample on the wrong side).

    outputs_on_x: outputs_over_run(story, story.x), if already computed.
    """
    if outputs_on_x is None:
        outputs_on_x = outputs_over_run(story, story.x)
    chosen = predicted_classes(outputs_on_x, decision_level(story.y))
    correct = np.all(chosen == class_indices(story.y), axis=1)
    if not correct[-1]:
        return None
    wrong = np.flatnonzero(~correct)
    first = 0 if len(wrong) == 0 else wrong[-1] + 1
    return int(story.run.epochs[first])
