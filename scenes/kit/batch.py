"""Matrices of a whole batch (one column per sample), elided when the batch is large."""

from __future__ import annotations

import numpy as np
from manim import DecimalNumber, MathTex, MobjectMatrix

from .matrices import cell_width, number_matrix, with_factor
from .numbers import Precision, as_precision
from .palette import DIM_COLOR

LIMIT = 5          # rows or columns shown in full up to this many


def kept(count: int, limit: int = LIMIT) -> list[int | None]:
    """Indices shown: all of them, or the first two, None (dots) and the last."""
    return list(range(count)) if count <= limit else [0, 1, None, count - 1]


def batch_matrix(values: np.ndarray, color, font_size: float = 30, limit: int = LIMIT,
                 decimals: int | Precision | None = None):
    """kit.number_matrix when it fits; otherwise a matrix with dots for the middle rows or
    columns.  Either way .kept_rows and .kept_columns say which entries are shown."""
    values = np.atleast_2d(np.asarray(values, dtype=float))
    rows, columns = kept(values.shape[0], limit), kept(values.shape[1], limit)
    shown = as_precision(decimals, values[[r for r in rows if r is not None]][
        :, [c for c in columns if c is not None]])
    if None not in rows and None not in columns:
        matrix = number_matrix(values, color, shown, font_size=font_size)
    else:
        def cell(r, c):
            if r is None or c is None:
                dots = r"\ddots" if r is None and c is None else (
                    r"\vdots" if r is None else r"\cdots")
                return MathTex(dots, font_size=font_size, color=DIM_COLOR)
            return DecimalNumber(shown.scaled(values[r, c]), num_decimal_places=shown.decimals,
                                 font_size=font_size, color=color)
        matrix = MobjectMatrix([[cell(r, c) for c in columns] for r in rows],
                               h_buff=cell_width(shown, values, font_size),
                               v_buff=0.65 * font_size / 30 + 0.1)
        with_factor(matrix, shown, font_size, color)
    matrix.kept_rows, matrix.kept_columns = rows, columns
    return matrix


def column_of(matrix, index: int):
    """The shown entries of column ``index`` (None if that column is elided)."""
    if index not in matrix.kept_columns:
        return None
    return matrix.get_columns()[matrix.kept_columns.index(index)]
