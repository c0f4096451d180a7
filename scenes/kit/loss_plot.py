"""Curves of a training run against the epoch, on a logarithmic epoch axis, drawn up to any
epoch: the loss on log-log axes (LossPlot; it falls over several decades, from about 1 to
0.00002), an accuracy on a linear 0-100 % axis (AccuracyPlot); and a loss readout in
scientific notation (SciNumber).
"""

from __future__ import annotations

import math as pymath

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Axes, Dot, MathTex, Tex, VGroup, VMobject

from .glyph_number import GlyphNumber
from .palette import DIM_COLOR, E_COLOR, TEXT_COLOR
from .symbolic import formula


def scientific(value: float, decimals: int = 2) -> tuple[float, int]:
    """value = mantissa * 10^exponent with 1 <= |mantissa| < 10 after rounding."""
    if value == 0:
        return 0.0, 0
    exponent = int(np.floor(np.log10(abs(value))))
    mantissa = round(value / 10 ** exponent, decimals)
    if abs(mantissa) >= 10:
        exponent += 1
        mantissa = round(value / 10 ** exponent, decimals)
    return mantissa, exponent


class SciNumber(VGroup):
    """m x 10^e, updated with set_value; ``.value`` is the number it stands for."""

    def __init__(self, value: float, decimals: int = 2, font_size: float = 36,
                 color=E_COLOR) -> None:
        super().__init__()
        self.decimals, self.font_size, self.color_ = decimals, font_size, color
        self.mantissa = GlyphNumber(0, num_decimal_places=decimals, font_size=font_size,
                                    color=color)
        self.times = MathTex(r"\times 10", font_size=font_size, color=color)
        self.exponent = GlyphNumber(0, font_size=font_size * 0.7, color=color)
        self.add(self.mantissa, self.times, self.exponent)
        self.set_value(value)

    def set_value(self, value: float) -> "SciNumber":
        self.value = float(value)
        mantissa, exponent = scientific(self.value, self.decimals)
        left = self.mantissa.get_left()
        self.mantissa.set_value(mantissa)
        self.exponent.set_value(exponent)
        self.times.next_to(self.mantissa, RIGHT, buff=0.12).align_to(self.mantissa, DOWN)
        self.exponent.next_to(self.times, RIGHT, buff=0.05).align_to(self.times, UP)
        self.exponent.shift(UP * self.font_size / 36 * 0.12)
        self.shift(left - self.mantissa.get_left())
        return self


def _sample_epochs(last: int, count: int = 400) -> np.ndarray:
    """Epochs 1..last, every one at first and then spaced evenly on a log scale."""
    dense = np.arange(1, min(last, 100) + 1)
    sparse = np.geomspace(1, last, count).round().astype(int) if last > 1 else dense
    return np.union1d(dense, sparse)


class EpochPlot(VGroup):
    """values[e] against epoch e, on a logarithmic epoch axis, drawn up to any epoch with
    ``show_until``.  values[e] is the value after epoch e (0: before training), as in
    RunRecord.loss; epoch 0 has no place on a log axis: it sits at the left edge, and the
    curve starts at epoch 1.  A subclass says how values map to the y axis (``y_axis``,
    ``y_of``) and names it (``y_name``)."""

    def __init__(self, values, width: float = 5.2, height: float = 3.0,
                 font_size: float = 24, color=E_COLOR, epoch_labels: bool = True) -> None:
        super().__init__()
        self.values = np.asarray(values, dtype=float)
        last = len(self.values) - 1
        x_max = max(1, pymath.ceil(np.log10(max(last, 2)) - 1e-9))
        y_length, y_step, y_labels = self.y_axis()
        self.axes = Axes(x_range=[0, x_max, 1], y_range=[0, y_length, y_step],
                         x_length=width, y_length=height, tips=False,
                         axis_config={"stroke_color": DIM_COLOR, "stroke_width": 2,
                                      "include_ticks": True, "tick_size": 0.06})
        self.labels = VGroup()
        for k in range(0, x_max + 1) if epoch_labels else ():
            label = MathTex(f"10^{{{k}}}", font_size=font_size, color=DIM_COLOR)
            self.labels.add(label.next_to(self.axes.c2p(k, 0), DOWN, buff=0.15))
        for y, tex in y_labels:
            label = MathTex(tex, font_size=font_size, color=DIM_COLOR)
            self.labels.add(label.next_to(self.axes.c2p(0, y), LEFT, buff=0.15))
        self.x_title = MathTex(r"\text{epoch}", font_size=font_size * 1.1, color=DIM_COLOR)
        self.x_title.next_to(self.axes.x_axis, DOWN, buff=0.55)
        self.y_title = self.y_name(font_size)
        self.y_title.next_to(self.axes.y_axis, LEFT, buff=0.7)
        self.epochs = _sample_epochs(last) if last >= 1 else np.array([], dtype=int)
        self.curve_coords = np.array([self.coords(e) for e in self.epochs]).reshape(-1, 2)
        self.curve = VMobject(stroke_color=color, stroke_width=3)
        self.dot = Dot(radius=0.06, color=color)
        titles = (self.x_title,) if epoch_labels else ()
        self.add(self.axes, self.labels, *titles, self.y_title, self.curve, self.dot)
        self.shown_epoch = -1
        self.show_until(0)

    def y_axis(self) -> tuple[float, float, list[tuple[float, str]]]:
        """The y axis's length and tick step in its coordinates, and its labels (y, TeX)."""
        raise NotImplementedError

    def y_of(self, value: float) -> float:
        """Where a value sits on the y axis, in its coordinates."""
        raise NotImplementedError

    def y_name(self, font_size: float) -> VMobject:
        """The y axis's title."""
        raise NotImplementedError

    def coords(self, epoch: int) -> tuple[float, float]:
        """(epoch, value) in the axes' coordinates; epoch 0 at the left edge."""
        epoch = int(epoch)
        return (np.log10(epoch) if epoch >= 1 else 0.0), self.y_of(self.values[epoch])

    def point(self, epoch: int) -> np.ndarray:
        """Where (epoch, value) is drawn, wherever and however large the plot is now."""
        return self.axes.c2p(*self.coords(epoch))

    def points_until(self, epoch: int) -> np.ndarray:
        """The curve's points from epoch 1 to ``epoch`` (where the plot is now, at its
        present size: the plot may have been moved or scaled since it was made)."""
        count = int(np.searchsorted(self.epochs, epoch, side="right"))
        xs, ys = self.curve_coords[:count].T
        points = np.array(self.axes.c2p(xs, ys)).T.reshape(-1, 3) if count else \
            np.zeros((0, 3))
        if count == 0 or self.epochs[count - 1] != epoch:
            points = np.vstack([points, self.point(epoch)])
        return points

    def show_until(self, epoch: int) -> "EpochPlot":
        """Draw the curve from epoch 1 to ``epoch`` and put the dot there."""
        self.shown_epoch = int(epoch)
        points = self.points_until(epoch)
        if len(points) >= 2:
            self.curve.set_points_as_corners(points)
        else:
            self.curve.set_points_as_corners([points[0], points[0]])
        self.dot.move_to(self.point(epoch))
        return self


class LossPlot(EpochPlot):
    """E against epoch on log-log axes: whole decades, from below the smallest loss to
    above the largest."""

    @property
    def losses(self) -> np.ndarray:
        """losses[e]: the loss after epoch e (0: before training), the curve's values."""
        return self.values

    def y_axis(self) -> tuple[float, float, list[tuple[float, str]]]:
        logs = np.log10(np.maximum(self.values, 1e-300))
        y_min = pymath.floor(logs.min())
        y_max = max(pymath.ceil(logs.max()), y_min + 1)
        y_step = 1 if y_max - y_min <= 6 else 2
        self.y_min = y_min       # the axes count decades above y_min: the x axis at the bottom
        return (y_max - y_min, y_step,
                [(k - y_min, f"10^{{{k}}}") for k in range(y_min, y_max + 1, y_step)])

    def y_of(self, value: float) -> float:
        return np.log10(max(value, 1e-300)) - self.y_min

    def y_name(self, font_size: float) -> VMobject:
        return formula("E", font_size=font_size * 1.4)


class AccuracyPlot(EpochPlot):
    """A share (an accuracy, from 0 to 1) against epoch, on a linear axis from 0 to 100 %,
    with its title (``name``, in the plot's colour) on the left."""

    def __init__(self, shares, name: str = "accuracy", width: float = 5.2,
                 height: float = 1.5, font_size: float = 24, color=TEXT_COLOR,
                 epoch_labels: bool = True) -> None:
        self.title, self.color_ = name, color   # (Mobject.name is the class name)
        super().__init__(shares, width, height, font_size, color, epoch_labels)

    def y_axis(self) -> tuple[float, float, list[tuple[float, str]]]:
        return 100, 50, [(y, rf"{y}\%") for y in (0, 50, 100)]

    def y_of(self, value: float) -> float:
        return 100 * float(value)

    def y_name(self, font_size: float) -> VMobject:
        return VGroup(*(Tex(word, font_size=font_size * 1.1, color=self.color_)
                        for word in self.title.split())).arrange(DOWN, buff=0.08)
