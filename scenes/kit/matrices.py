"""Matrices of real numbers, shown in the video's notation (a sample is a column).

Their decimals follow kit.numbers.precision; values too small for them are shown with a
power of ten factored out, before the brackets (``matrix.power``; kit.shown_values
multiplies it back, so tests read the values that the viewer reads).
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, DecimalMatrix, DecimalNumber, MathTex, VGroup

from .numbers import Precision, as_precision
from .symbolic import color_of


def as_column(row: np.ndarray) -> np.ndarray:
    """One sample, stored by nn as a row (1, n) or (n,), shown as a column (n, 1)."""
    return np.asarray(row, dtype=float).reshape(-1, 1)


def with_factor(matrix, shown: Precision, font_size: float, color=None):
    """Give ``matrix`` (entries already divided by 10**power) its factor, to its left, as
    a part of it: it moves and scales with the matrix.  Sets ``matrix.power``."""
    matrix.power = shown.power
    if shown.power:
        factor = MathTex(shown.factor_tex(), font_size=font_size * 1.1)
        if color is not None:
            factor.set_color(color)
        factor.next_to(matrix, LEFT, buff=0.15)
        matrix.factor = factor
        matrix.add(factor)
    return matrix


def cell_width(shown: Precision, values: np.ndarray, font_size: float) -> float:
    """The horizontal spacing of a matrix's columns, from its widest entry."""
    widest = max((len(f"{v:.{shown.decimals}f}") for v in shown.scaled(values).flat),
                 default=1)
    return 0.28 * widest * font_size / 30 + 0.35


def number(value: float, color=None, decimals: int | Precision | None = None,
           font_size: float = 36):
    """One value on screen: a DecimalNumber, or, for a value too small for MOST decimals,
    ``2.31 × 10⁻⁵`` (a VGroup whose ``.number`` is the value shown, factor included)."""
    shown = as_precision(decimals, value)
    mantissa = DecimalNumber(float(shown.scaled(value)), num_decimal_places=shown.decimals,
                             font_size=font_size)
    if color is not None:
        mantissa.set_color(color)
    if not shown.power:
        return mantissa
    factor = MathTex(rf"\times 10^{{{shown.power}}}", font_size=font_size * 1.1)
    if color is not None:
        factor.set_color(color)
    group = VGroup(mantissa, factor).arrange(RIGHT, buff=0.12)
    group.number = float(shown.shown(value))
    return group


def number_matrix(values: np.ndarray, color=None, decimals: int | Precision | None = None,
                  font_size: float = 30) -> DecimalMatrix:
    """A DecimalMatrix of ``values`` (2-D), spaced so that negative numbers never touch.
    decimals: None (kit.precision of the values), a count, or a Precision."""
    values = np.atleast_2d(np.asarray(values, dtype=float))
    shown = as_precision(decimals, values)
    matrix = DecimalMatrix(
        shown.scaled(values),
        element_to_mobject_config={"num_decimal_places": shown.decimals,
                                   "font_size": font_size},
        h_buff=cell_width(shown, values, font_size), v_buff=0.65 * font_size / 30 + 0.1,
    )
    if color is not None:
        matrix.get_entries().set_color(color)
    return with_factor(matrix, shown, font_size, color)


def labelled(symbol: str, values: np.ndarray, decimals: int | Precision | None = None,
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


def shown_values(matrix) -> np.ndarray:
    """The numbers a matrix of kit displays, in its shape, its factor included (for tests).
    Of an elided matrix (kit.batch_matrix), the entries shown: its kept rows and columns."""
    rows = [[entry.number for entry in row if hasattr(entry, "number")]
            for row in matrix.get_rows()]
    rows = [row for row in rows if row]
    return np.array(rows, dtype=float).reshape(len(rows), -1) \
        * 10.0 ** getattr(matrix, "power", 0)


def stack(*mobjects, buff: float = 0.4) -> VGroup:
    return VGroup(*mobjects).arrange(DOWN, buff=buff)
