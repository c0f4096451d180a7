"""Columns too long for the screen: the first rows of real numbers, then a vertical ellipsis.

``head_matrix`` returns a DecimalMatrix whose entries (get_entries, get_rows, and so
kit.shown_values) are exactly the rows shown; the ellipsis sits inside the brackets as a
plain MathTex, not an entry.
"""

from __future__ import annotations

import numpy as np
from manim import MathTex

from .matrices import number_matrix
from .numbers import Precision, as_precision


def head_matrix(values: np.ndarray, max_rows: int, color=None,
                decimals: int | Precision | None = None, font_size: float = 30):
    """``values`` (2-D) as a DecimalMatrix; beyond ``max_rows`` rows, the first rows and ⋮.

    The result has ``.total_rows`` (all rows of ``values``) and ``.truncated`` (bool).
    """
    values = np.atleast_2d(np.asarray(values, dtype=float))
    decimals = as_precision(decimals, values[:max_rows])
    total = len(values)
    if total <= max_rows:
        matrix = number_matrix(values, color, decimals, font_size)
        matrix.total_rows, matrix.truncated = total, False
        return matrix
    # One more row than shown, so the brackets leave room; its entries become the ellipsis.
    matrix = number_matrix(values[:max_rows + 1], color, decimals, font_size)
    placeholders = matrix.mob_matrix[-1]
    for entry in placeholders:
        dots = MathTex(r"\vdots", font_size=font_size)
        if color is not None:
            dots.set_color(color)
        dots.move_to(entry)
        matrix.elements.remove(entry)
        matrix.add(dots)
    matrix.mob_matrix = matrix.mob_matrix[:-1]
    matrix.total_rows, matrix.truncated = total, True
    return matrix
