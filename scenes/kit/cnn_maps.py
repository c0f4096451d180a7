"""A layer's maps side by side: one NumberGrid per channel (feature maps, their gradients),
each named above, in one or two rows, as large as the space allows (the sequel's chapters).

    maps = channel_maps(dY, Y_COLOR, [grad_of(f"Y_{{{i + 1}}}") for i in range(len(dY))],
                        width=WIDTH, height=4.0, decimals=precision(dY))

A grid writes its numbers only when its cells are large enough to read them
(LEGIBLE_CELL); smaller grids are shading alone.  All the grids share one shading scale
(the largest |value| of all the maps), so that a brighter cell is a larger value in any
of them, and one Precision (``decimals``), so that they read alike.
"""

from __future__ import annotations

import math

import numpy as np
from manim import DOWN, UP, DecimalNumber, VGroup

from .cnn_grids import NumberGrid
from .numbers import Precision, as_precision
from .symbolic import formula

LEGIBLE_CELL = 0.45          # a cell's side from which its number is written (font 13.5)
GAP = 0.3                    # between two maps, and between a map and what is under it
LABEL_ROOM = 0.55            # a name above a grid, with its gap
MAX_SIDE = 2.8               # the largest side of a map
FILL = 0.85                  # the most of a cell's width that its number may take


def legible_grid(values, color, side: float, decimals=None, **kwargs) -> NumberGrid:
    """``values`` as a NumberGrid ``side`` wide, its numbers written only if legible, at a
    font size whose widest number fits inside its cell (four decimals need a smaller one)."""
    values = np.atleast_2d(np.asarray(values, dtype=float))
    cell = side / values.shape[-1]
    shown = as_precision(decimals, values)
    return NumberGrid(values, color, cell=cell, numbers=cell >= LEGIBLE_CELL, decimals=shown,
                      font_size=fitting_font(values, cell, shown), **kwargs)


def fitting_font(values: np.ndarray, cell: float, shown: Precision) -> float:
    """NumberGrid's font size for ``cell`` (cell·30), smaller if the widest number, as
    ``shown`` writes it, would fill more than FILL of the cell's width."""
    written = [f"{v:.{shown.decimals}f}" for v in shown.scaled(values).ravel()]
    widest = max(range(len(written)), key=lambda k: len(written[k]), default=None)
    font = cell * 30
    if widest is None:
        return font
    probe = DecimalNumber(float(shown.scaled(values).ravel()[widest]),
                          num_decimal_places=shown.decimals, font_size=font)
    return font * min(1.0, FILL * cell / max(probe.width, 1e-6))


def maps_layout(count: int, width: float, height: float, under: float = 0.0,
                max_side: float = MAX_SIDE) -> tuple[int, float]:
    """Maps per row and a map's side for ``count`` maps in width x height, in one row or
    two, whichever gives the larger maps; ``under``: the height of what sits under each."""
    def side(rows: int) -> float:
        per_row = math.ceil(count / rows)
        return min((height - (rows - 1) * GAP) / rows - LABEL_ROOM - under,
                   (width - (per_row - 1) * GAP) / per_row, max_side)

    rows = max((1, 2) if count > 1 else (1,), key=side)
    return math.ceil(count / rows), side(rows)


def channel_maps(maps, color, names: list[str], width: float, height: float, *,
                 decimals=None, under: list | None = None, label_size: float = 28,
                 max_side: float = MAX_SIDE, scale: float | None = None) -> VGroup:
    """``maps`` (channels, m, m) as named grids (``names``: TeX, kit.formula) in one or two
    rows that fit width x height; ``under``: a mobject to put under each grid (a sum, a
    value), or None; ``scale``: the shading's (default: the largest |value| of the maps).
    Returns a VGroup of panels (name, grid[, under]); ``.grids`` the
    NumberGrids, ``.names`` and ``.under`` the rest, ``.legible`` whether numbers show."""
    maps = np.asarray(maps, dtype=float)
    below = max((mob.height for mob in under), default=0.0) + GAP if under else 0.0
    per_row, side = maps_layout(len(maps), width, height, below, max_side)
    scale = scale or float(np.abs(maps).max(initial=0.0)) or 1.0
    panels, grids, labels = VGroup(), VGroup(), VGroup()
    for i, values in enumerate(maps):
        grid = legible_grid(values, color, side, decimals=decimals, scale=scale)
        name = formula(names[i], font_size=label_size).next_to(grid.cells, UP, buff=0.15)
        panel = VGroup(name, grid)
        if under:
            panel.add(under[i].next_to(grid.cells, DOWN, buff=GAP))
        panels.add(panel)
        grids.add(grid)
        labels.add(name)
    panels.arrange_in_grid(cols=per_row, buff=(GAP, GAP), cell_alignment=UP)
    panels.grids, panels.names = grids, labels
    panels.under = VGroup(*under) if under else VGroup()
    panels.legible = bool(len(grids[0].numbers))
    return panels
