"""A NumberGrid that changes its values live: its cells re-shaded in place, as NumberGrid
would draw the new values, without building new cells (the sequel's training chapter,
where kernels and feature maps change with every snapshot of the run, every frame).
"""

from __future__ import annotations

import numpy as np

from .cnn_grids import NEGATIVE_COLOR, SHADE, NumberGrid


def reshade(grid: NumberGrid, values, color, scale: float) -> NumberGrid:
    """Shade ``grid``'s cells for ``values`` (its shape) as NumberGrid(values, color,
    scale=scale) shades them: ``color`` for values >= 0, NEGATIVE_COLOR below zero, the
    opacity |value| / scale times SHADE.  For grids of shading alone (numbers=False): any
    numbers are left as they were.  Sets grid.values."""
    values = np.asarray(values, dtype=float)
    if values.shape != grid.values.shape:
        raise ValueError(f"values of shape {values.shape} for a grid of {grid.values.shape}")
    for row, line in zip(grid.cells, values):
        for square, value in zip(row, line):
            square.set_fill(color if value >= 0 else NEGATIVE_COLOR,
                            opacity=min(abs(value) / scale, 1.0) * SHADE)
    grid.values = values
    return grid
