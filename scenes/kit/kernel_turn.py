"""A kernel turned by 180°, one way for every chapter (the sequel's convolution and its
input gradient): the turned values, the turn's TeX, the turn on screen, and the numbers
read back from where the turn left them.

- ``turned(kernels)``: K[..., ::-1, ::-1], row m, column n holding k_(k-1-m)(k-1-n).
- ``ROT180``: rot_180°, the TeX of the turn (kit.formula leaves it uncoloured).
- ``half_turn(grid, *riders, upright=...)``: the animations that turn a NumberGrid half a
  turn about its cells' centre, with marks drawn on it (``riders``: a window, say); its
  numbers either carried round on arcs, upright all the way, or turned with the cells,
  upside down, for ``set_upright`` to turn back in their cells afterwards.  On the way
  the grid never leaves its own square: ``square_fit(angle)`` is the scale at which a
  square turned by ``angle`` fits inside the square it was.
- ``read_back(grid)``: a grid's numbers as they sit on screen, row by row from the top.

The animations move the grid's own parts (cells, numbers, riders), never a new group
round them, so that playing them adds nothing to the scene; a power-of-ten factor stays
where it is, left of the grid, where the turned values' grid has it too.
"""

from __future__ import annotations

import numpy as np
from manim import PI, Animation, MoveToTarget, Rotate

from .cnn_grids import NumberGrid

ROT180 = r"\operatorname{rot}_{180^\circ}"


def turned(kernels) -> np.ndarray:
    """Kernels turned by 180° in their last two axes: row m, column n holds
    k_(k-1-m)(k-1-n).  A new array."""
    return np.asarray(kernels)[..., ::-1, ::-1].copy()


def square_fit(angle: float) -> float:
    """The scale at which a square turned by ``angle`` fits inside the square it was:
    1 / (|cos| + |sin|); 1 at 0° and 180°, 1/√2 at 45° (where its corners would reach
    √2 times further out than its sides)."""
    return 1.0 / (abs(np.cos(angle)) + abs(np.sin(angle)))


class _InItsSquare:
    """A part of a turning grid, scaled about the turn's centre by square_fit(θ) after
    each step, θ = π times how far the turn has gone: inside the unturned grid's square
    all the way, and at the start and the end (θ = 0, π) exactly where the turn alone
    puts it (the scale is left out there, not applied as a 1.0 that could round)."""

    centre: np.ndarray

    def interpolate_mobject(self, alpha: float) -> None:
        super().interpolate_mobject(alpha)
        done = self.rate_func(alpha)
        if 0 < done < 1:
            self.mobject.scale(square_fit(PI * done), about_point=self.centre)


class _Turn(_InItsSquare, Rotate):
    """A part turned half a turn about ``centre``."""

    def __init__(self, part, centre) -> None:
        self.centre = centre
        super().__init__(part, PI, about_point=centre)


class _Carry(_InItsSquare, MoveToTarget):
    """A number carried on an arc, upright, to the place half a turn about ``centre``,
    shrunk with the grid on the way: it keeps to its cell (at full size the wider
    numbers, -0.33 say, would reach over a 45° cell's edges into its neighbours), and
    at 1/√2 of its size it still reads; the numbers turned with the cells shrink too."""

    def __init__(self, number, centre) -> None:
        self.centre = centre
        number.generate_target().move_to(2 * centre - number.get_center())
        super().__init__(number, path_arc=PI)


def half_turn(grid: NumberGrid, *riders, upright: bool = True) -> list[Animation]:
    """``grid``'s cells and ``riders`` turned half a turn about the cells' centre,
    shrunk on the way to stay inside the grid's own square (``square_fit``).  Its numbers
    go to their turned cells: carried round on arcs and upright all the way, shrinking
    with their cells (``upright=True``), or turned with the cells and left upside down
    (``upright=False``: ``set_upright(grid)`` then turns each back)."""
    centre = grid.cells.get_center()
    turning = [grid.cells, *riders] + ([] if upright else [grid.numbers])
    turns = [_Turn(part, centre) for part in turning]
    if not upright:
        return turns
    return turns + [_Carry(number, centre) for row in grid.numbers for number in row]


def set_upright(grid: NumberGrid) -> list[Animation]:
    """Each number of a turned grid turned back in its own cell, to read it."""
    return [Rotate(number, PI) for row in grid.numbers for number in row]


def read_back(grid: NumberGrid) -> np.ndarray:
    """The numbers of a grid as they sit on screen (turned or not), row by row from the
    top, each row from the left: found by their places among the grid's cells (as shown:
    over a power of ten if the grid factors one out; NaN where a cell holds none)."""
    rows, columns = grid.values.shape
    left, top = grid.cells.get_left()[0], grid.cells.get_top()[1]
    cell = grid.cells.width / columns
    read = np.full((rows, columns), np.nan)
    for number in (n for row in grid.numbers for n in row):
        x, y = number.get_center()[:2]
        read[int((top - y) // cell), int((x - left) // cell)] = number.get_value()
    return read
