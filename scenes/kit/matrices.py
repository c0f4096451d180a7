"""Matrices of real numbers, shown in the video's notation (a sample is a column)."""

from __future__ import annotations

import numpy as np
from manim import DOWN, RIGHT, DecimalMatrix, MathTex, VGroup

from .tex import color_of

DECIMALS = 2


def as_column(row: np.ndarray) -> np.ndarray:
    """One sample, stored by nn as a row (1, n) or (n,), shown as a column (n, 1)."""
    return np.asarray(row, dtype=float).reshape(-1, 1)


def number_matrix(values: np.ndarray, color=None, decimals: int = DECIMALS,
                  font_size: float = 30) -> DecimalMatrix:
    """A DecimalMatrix of ``values`` (2-D), spaced so that negative numbers never touch."""
    values = np.atleast_2d(np.asarray(values, dtype=float))
    widest = max(len(f"{v:.{decimals}f}") for v in values.flat)
    matrix = DecimalMatrix(
        values,
        element_to_mobject_config={"num_decimal_places": decimals, "font_size": font_size},
        h_buff=0.28 * widest * font_size / 30 + 0.35, v_buff=0.65 * font_size / 30 + 0.1,
    )
    if color is not None:
        matrix.get_entries().set_color(color)
    return matrix


def labelled(symbol: str, values: np.ndarray, decimals: int = DECIMALS,
             font_size: float = 30, label_tex: str | None = None) -> VGroup:
    """``symbol = [numbers]``, both in the symbol's colour; returns VGroup(label, =, matrix).

    The matrix is reachable as ``group.matrix`` and its values as ``group.values``.
    """
    color = color_of(symbol)
    label = MathTex(label_tex or symbol, font_size=font_size * 1.3, color=color)
    equals = MathTex("=", font_size=font_size * 1.3)
    matrix = number_matrix(values, color, decimals, font_size)
    group = VGroup(label, equals, matrix).arrange(RIGHT, buff=0.2)
    group.matrix = matrix
    group.values = np.atleast_2d(np.asarray(values, dtype=float))
    return group


def shown_values(matrix: DecimalMatrix) -> np.ndarray:
    """The numbers a DecimalMatrix displays, in its shape (for tests)."""
    rows = len(matrix.get_rows())
    entries = [entry.number for entry in matrix.get_entries()]
    return np.array(entries, dtype=float).reshape(rows, -1)


def stack(*mobjects, buff: float = 0.4) -> VGroup:
    return VGroup(*mobjects).arrange(DOWN, buff=buff)
