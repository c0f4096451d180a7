"""A kernel turned by 180°, one way for every chapter (the sequel's convolution and its
input gradient): the turned values, the turn's TeX, the turn on screen, and the numbers
read back from where the turn left them.

- ``turned(kernels)``: K[..., ::-1, ::-1], row m, column n holding k_(k-1-m)(k-1-n).
- ``ROT180``: rot_180°, the TeX of the turn (kit.formula leaves it uncoloured).
- ``half_turn(grid, *riders, upright=...)``: the animations that turn a NumberGrid half a
  turn about its cells' centre, with marks drawn on it (``riders``: a window, say); its
  numbers either carried round on arcs, upright all the way, or turned with the cells,
  upside down, for ``set_upright`` to turn back in their cells afterwards.
- ``read_back(grid)``: a grid's numbers as they sit on screen, row by row from the top.

The animations move the grid's own parts (cells, numbers, riders), never a new group
round them, so that playing them adds nothing to the scene; a power-of-ten factor stays
where it is, left of the grid, where the turned values' grid has it too.
"""

from __future__ import annotations

import numpy as np
from manim import PI, Animation, Rotate

from .cnn_grids import NumberGrid

ROT180 = r"\operatorname{rot}_{180^\circ}"


def turned(kernels) -> np.ndarray:
    """Kernels turned by 180° in their last two axes: row m, column n holds
    k_(k-1-m)(k-1-n).  A new array."""
    return np.asarray(kernels)[..., ::-1, ::-1].copy()


def half_turn(grid: NumberGrid, *riders, upright: bool = True) -> list[Animation]:
    """``grid``'s cells and ``riders`` turned half a turn about the cells' centre.  Its
    numbers go to their turned cells: carried round on arcs and upright all the way
    (``upright=True``), or turned with the cells and left upside down (``upright=False``:
    ``set_upright(grid)`` then turns each back)."""
    centre = grid.cells.get_center()
    turning = [grid.cells, *riders] + ([] if upright else [grid.numbers])
    turns = [Rotate(part, PI, about_point=centre) for part in turning]
    if not upright:
        return turns
    return turns + [number.animate(path_arc=PI).move_to(2 * centre - number.get_center())
                    for row in grid.numbers for number in row]


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
