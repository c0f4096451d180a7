"""The input plane of a two-feature data set: a framed square with ticks, axis labels
x_1 and x_2, the data as dots coloured by class (one output or one-hot targets), and the heat map and contour on top.

The square is the grid's square (scenes.kit.boundary.Grid), so an image of the grid's
values fills it exactly and a contour computed on the grid lands where it belongs.
"""

from __future__ import annotations

import numpy as np
from manim import (DL, DOWN, LEFT, DecimalNumber, Dot, ImageMobject, Line, Rectangle, VGroup,
                   VMobject)

from .boundary import (CLASS_COLORS, CONTOUR_COLOR, Grid, class_indices, image_mobject,
                       polyline_mobject)
from .palette import DIM_COLOR
from .symbolic import formula

CONTOUR_STYLE = dict(stroke_color=CONTOUR_COLOR, stroke_width=3.5)


def nice_ticks(lo: float, hi: float, most: int = 5) -> np.ndarray:
    """Round values inside [lo, hi]: steps of 1, 2 or 5 times a power of ten."""
    span = hi - lo
    for exponent in range(int(np.floor(np.log10(span))) - 1, int(np.ceil(np.log10(span))) + 1):
        for mantissa in (1, 2, 5):
            step = mantissa * 10.0 ** exponent
            ticks = np.arange(np.ceil(lo / step) * step, hi + 1e-9, step)
            if len(ticks) <= most:
                return np.round(ticks, 10)
    return np.array([lo, hi])


class InputPlane(VGroup):
    """The square of ``grid``, ``side`` scene units wide, with the data (x, y) on it."""

    def __init__(self, grid: Grid, side: float, x: np.ndarray, y: np.ndarray,
                 dot_radius: float | None = None, font_size: float = 26, **kwargs) -> None:
        super().__init__(**kwargs)
        self.grid, self.side = grid, side
        self.frame = Rectangle(width=side, height=side, stroke_color=DIM_COLOR,
                               stroke_width=2)
        self.add(self.frame)
        ticks = tuple(values if len(values := np.unique(x[:, axis])) <= 3
                      else nice_ticks(grid.lo[axis], grid.hi[axis]) for axis in (0, 1))
        every = np.concatenate(ticks)
        decimals = 0 if np.all(every == np.round(every)) else 1
        self.ticks = VGroup()
        for axis, values in enumerate(ticks):
            for value in values:
                point = np.array(grid.lo, dtype=float)
                point[axis] = value
                at = self.to_point(point[None])[0]
                direction = DOWN if axis == 0 else LEFT
                mark = Line(at, at + direction * 0.12, stroke_color=DIM_COLOR, stroke_width=2)
                label = DecimalNumber(value, num_decimal_places=decimals, font_size=font_size,
                                      color=DIM_COLOR)
                label.next_to(mark, direction, buff=0.08)
                self.ticks.add(VGroup(mark, label))
        framed = VGroup(self.frame, self.ticks)
        self.x_label = formula("x_1", font_size=font_size * 1.3).next_to(framed, DOWN, buff=0.12)
        self.y_label = formula("x_2", font_size=font_size * 1.3).next_to(framed, LEFT, buff=0.15)
        self.add(self.ticks, self.x_label, self.y_label)
        radius = dot_radius or (0.11 if len(x) <= 16 else 0.05)
        self.dots = VGroup(*(
            Dot(point, radius=radius, fill_color=CLASS_COLORS[label], fill_opacity=1,
                stroke_color="#0b0d12", stroke_width=2 if len(x) <= 16 else 1)
            for point, label in zip(self.to_point(x), class_indices(y))))
        self.add(self.dots)

    def to_point(self, xy: np.ndarray) -> np.ndarray:
        """Input coordinates (m, 2) -> scene points (m, 3), where the plane is now."""
        return self.unit_to_point(self.grid.to_unit(xy))

    def unit_to_point(self, unit: np.ndarray) -> np.ndarray:
        unit = np.atleast_2d(unit)
        corner = self.frame.get_corner(DL)
        return corner + np.column_stack([unit * self.frame.width, np.zeros(len(unit))])

    def index_to_point(self, rc: np.ndarray) -> np.ndarray:
        """Fractional grid indices (row, col), as contour_lines gives them -> scene points."""
        return self.unit_to_point(self.grid.index_to_unit(rc))

    def image(self, rgba: np.ndarray) -> ImageMobject:
        """An image of the grid (n, n, 4) that fills the square exactly."""
        return image_mobject(rgba, self.frame.width).move_to(self.frame)

    def contour(self, lines: list[np.ndarray], mob: VMobject | None = None) -> VMobject:
        return polyline_mobject(lines, self.index_to_point, mob, **CONTOUR_STYLE)
