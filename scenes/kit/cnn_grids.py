"""Images, kernels and feature maps as grids of numbers: one square cell per pixel, its
value written inside and its fill shaded by the value (the sequel's chapters).

A NumberGrid reads like a kit number matrix for tests (get_rows, get_entries, power:
kit.shown_values and assert_shows work on it); its decimals follow kit.precision.
"""

from __future__ import annotations

import numpy as np
from manim import BLACK, DOWN, LEFT, UP, DecimalNumber, Rectangle, Square, VGroup

from .matrices import with_factor
from .numbers import Precision, as_precision

GRID_STROKE = 1.5            # the cells' edges
WINDOW_STROKE = 6            # a window's outline
SHADE = 0.85                 # the fill opacity of the largest value
NEGATIVE_COLOR = "#7E57C2"   # the fill of negative values (positive: the grid's colour)
READABLE = 0.45              # past this much shade a number is written dark


class NumberGrid(VGroup):
    """``values`` (2-D) as a grid: ``cells`` (Squares of side ``cell``) shaded by value in
    ``color`` (negative values in NEGATIVE_COLOR; the shade is |value| over ``scale``,
    default the largest |value|), and ``numbers`` written inside (None: cells alone).

    .cells[i][j] and .numbers[i][j] are rows of VGroups; .values the values; .shown the
    Precision: values too small for its decimals are written over a power of ten, shown
    as a factor left of the grid (kit.precision's rule).  ``blank``: a mask of cells left without a number (a padding's zeros, drawn
    dim)."""

    def __init__(self, values, color, *, cell: float = 0.6, decimals=None,
                 font_size: float | None = None, scale: float | None = None,
                 numbers: bool = True, blank=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.values = np.atleast_2d(np.asarray(values, dtype=float))
        rows, columns = self.values.shape
        self.shown: Precision = as_precision(decimals, self.values)
        self.power = self.shown.power
        largest = scale or float(np.abs(self.values).max(initial=0.0)) or 1.0
        font_size = font_size or cell * 30
        self.cell_size = cell
        self.cells = VGroup(*(VGroup(*(self._cell(v, color, largest, cell)
                                       for v in row)) for row in self.values))
        for i, row in enumerate(self.cells):
            for j, square in enumerate(row):
                square.move_to([j * cell, -i * cell, 0])
        self.numbers = VGroup()
        self.add(self.cells)
        if numbers:
            blank = np.zeros_like(self.values, bool) if blank is None else blank
            for i, row in enumerate(self.values):
                line = VGroup()
                for j, value in enumerate(row):
                    if blank[i, j]:
                        continue
                    number = DecimalNumber(float(self.shown.scaled(value)),
                                           num_decimal_places=self.shown.decimals,
                                           font_size=font_size)
                    shade = abs(value) / largest * SHADE
                    number.set_color(BLACK if shade > READABLE else "#FFFFFF")
                    line.add(number.move_to(self.cells[i][j]))
                self.numbers.add(line)
            self.add(self.numbers)
            with_factor(self, self.shown, font_size * 1.4)   # "10⁻³ ×" when factored
        self.center()

    @staticmethod
    def _cell(value: float, color, largest: float, cell: float) -> Square:
        fill, shade = fill_of(value, color, largest)
        return Square(side_length=cell, stroke_width=GRID_STROKE, stroke_color="#555555",
                      fill_color=fill, fill_opacity=shade)

    # -- read back, as a kit number matrix ------------------------------------------------

    def get_rows(self) -> VGroup:
        return self.numbers

    def get_entries(self) -> VGroup:
        return VGroup(*(number for row in self.numbers for number in row))

    # -- places on the grid ---------------------------------------------------------------

    def window(self, i: int, j: int, k: int, color, stroke: float = WINDOW_STROKE) -> Rectangle:
        """The outline of the k x k cells whose top left cell is (i, j)."""
        top_left = self.cells[i][j].get_corner(UP + LEFT)
        bottom_right = self.cells[i + k - 1][j + k - 1].get_corner(DOWN - LEFT)
        box = Rectangle(width=bottom_right[0] - top_left[0],
                        height=top_left[1] - bottom_right[1], color=color,
                        stroke_width=stroke)
        return box.move_to((top_left + bottom_right) / 2)


def fill_of(value: float, color, largest: float) -> tuple:
    """A cell's fill colour and opacity: ``color`` (NEGATIVE_COLOR below zero), |value| /
    ``largest`` times SHADE."""
    return (color if value >= 0 else NEGATIVE_COLOR), min(abs(value) / largest, 1.0) * SHADE


def reshade(grid: NumberGrid, values, color, scale: float) -> NumberGrid:
    """Shade ``grid``'s cells for ``values`` (its shape) as NumberGrid(values, color,
    scale=scale) shades them, in place, without building new cells (the training chapter
    changes its kernels and maps every frame).  For grids of shading alone
    (numbers=False): any numbers are left as they were.  Sets grid.values."""
    values = np.asarray(values, dtype=float)
    if values.shape != grid.values.shape:
        raise ValueError(f"values of shape {values.shape} for a grid of {grid.values.shape}")
    for row, line in zip(grid.cells, values):
        for square, value in zip(row, line):
            fill, shade = fill_of(value, color, scale)
            square.set_fill(fill, opacity=shade)
    grid.values = values
    return grid


def window_values(image: np.ndarray, i: int, j: int, k: int) -> np.ndarray:
    """The k x k pixels of ``image`` under a kernel whose top left sits at (i, j)."""
    return np.asarray(image)[i:i + k, j:j + k]
