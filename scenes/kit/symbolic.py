"""Symbolic matrices in the video's index notation (w_{ji}, x_i, dE/dy_j), with dots.

A general matrix is drawn with its first two rows and columns, dots, and the last one:
rows 1, 2, ..., j and columns 1, 2, ..., i, as the video draws them.  Entries are MathTex
coloured by the palette (kit.tex.color_of), so w_{ji} is orange like W everywhere.
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

from manim import ORIGIN, Matrix, MathTex

from .palette import DIM_COLOR, RATE_COLOR
from .tex import math

DOTS = {r"\cdots", r"\vdots", r"\ddots"}
GRAD = r"\frac{\partial E}{\partial "


def grad_of(symbol: str) -> str:
    """TeX of dE/d(symbol) for an entry such as y_j: \\frac{\\partial E}{\\partial y_j}."""
    return GRAD + symbol + "}"


def general_rows(entry: Callable[[str, str], str], rows: Sequence[str] = ("1", "2", "j"),
                 columns: Sequence[str] = ("1", "2", "i")) -> list[list[str]]:
    """A general matrix: entry(r, c) for the given row and column indices, with dots
    before the last row and the last column.  A single column (columns == ("",)) gets
    vertical dots only; a single row (rows == ("",)) horizontal dots only."""
    def row(r: str) -> list[str]:
        if len(columns) == 1:
            return [entry(r, columns[0])]
        return [entry(r, c) for c in columns[:-1]] + [r"\cdots", entry(r, columns[-1])]

    if len(rows) == 1:
        return [row(rows[0])]
    width = len(row(rows[0]))
    middle = [r"\vdots"] * width
    if len(columns) > 1:
        middle[-2] = r"\ddots"
    return [row(r) for r in rows[:-1]] + [middle] + [row(rows[-1])]


def symbol_matrix(rows: list[list[str]], font_size: float = 34, h_buff: float | None = None,
                  v_buff: float | None = None) -> Matrix:
    """A Matrix of TeX entries, centred in their cells and coloured by symbol."""
    tall = any(GRAD in entry for row in rows for entry in row)
    matrix = Matrix(
        rows,
        element_to_mobject=formula,
        element_to_mobject_config={"font_size": font_size},
        element_alignment_corner=ORIGIN,
        h_buff=h_buff if h_buff is not None else 1.05 * font_size / 34 + (0.35 if tall else 0),
        v_buff=v_buff if v_buff is not None else (1.2 if tall else 0.7) * font_size / 34,
    )
    for entry in matrix.get_entries():
        if entry.get_tex_string() in DOTS:
            entry.set_color(DIM_COLOR)
    return matrix


def entry_texts(matrix: Matrix) -> list[list[str]]:
    """The TeX of each entry, row by row (for tests)."""
    return [[entry.get_tex_string() for entry in row] for row in matrix.get_rows()]


# Pieces of a formula that take a symbol's colour: dE/d(anything), indexed x_i, y_j, w_ji,
# b_j (also with a superscript such as y_j^{(1)}), and the capitals X, Y, W, B, E with an
# optional ^T or ^*.  Letters inside words and commands (\sum_i, \partial) are left alone.
_SYMBOL = re.compile(
    r"\\frac\{\\partial E\}\{\\partial [^{}]*(?:\{[^{}]*\}[^{}]*)*\}"
    r"|(?<![\\A-Za-z])[xywb]_(?:\{[^{}]*\}|[A-Za-z0-9])(?:\^\{[^{}]*\})?"
    r"|(?<![\\A-Za-z{])[XYWBE](?:\^\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|\^[T*])?(?![A-Za-z])"
    r"|\\alpha(?![A-Za-z])")


def split_symbols(tex: str) -> str:
    """Wrap each symbol of ``tex`` in {{ }}, so kit.tex.math colours it (x_1 blue, w_{ji}
    orange, dE/dW orange...).  ``tex`` must not contain {{ }} already."""
    return _SYMBOL.sub(lambda m: "{{" + m.group(0) + "}}", tex)


def formula(tex: str, font_size: float = 40, **kwargs) -> MathTex:
    """A formula in index notation with every symbol in its colour."""
    mob = math(split_symbols(tex), font_size=font_size, **kwargs)
    for part in mob.submobjects:
        if getattr(part, "tex_string", "").strip() == r"\alpha":
            part.set_color(RATE_COLOR)
    return mob


def part_of(mob: MathTex, tex: str, occurrence: int = 0):
    """The piece of a formula() whose TeX is ``tex`` (its n-th occurrence), to point at it."""
    found = [part for part in mob.submobjects
             if getattr(part, "tex_string", "").strip() == tex]
    if len(found) <= occurrence:
        raise ValueError(f"{tex!r} is not a piece of {mob.get_tex_string()!r}")
    return found[occurrence]
