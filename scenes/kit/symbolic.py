r"""Formulas in the video's notation, every symbol in its colour: the one formula builder.

``formula(r"E = \frac{1}{n} \sum_i (y^*_i - y_i)^2")`` splits the symbols out by rule
(x_1 blue, w_{ji} orange, dE/dW orange like W, alpha gold), so that each is a piece that
can be coloured and pointed at (``part_of``).  To choose the pieces yourself, write them
in double braces, ``formula(r"{{Y}} = f( {{X}} )")``, or pass several strings; each piece
that starts with a symbol takes its colour.  ``grad_of("W")`` is the TeX of dE/dW.

Symbolic matrices use the video's index notation (w_{ji}, x_i, dE/dy_j), with dots: a
general matrix is drawn with its first two rows and columns, dots, and the last one
(rows 1, 2, ..., j and columns 1, 2, ..., i), as the video draws them.
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

from manim import ORIGIN, Matrix, MathTex, Tex

from .palette import DIM_COLOR, SYMBOL_COLORS, TEXT_COLOR

DOTS = {r"\cdots", r"\vdots", r"\ddots"}
GRAD = r"\frac{\partial E}{\partial "


COLORS_BY_LETTER = {"x": "X", "y": "Y", "w": "W", "b": "B"}


def grad_of(symbol: str) -> str:
    """TeX of dE/d(symbol), for W or an entry such as y_j: \\frac{\\partial E}{\\partial y_j}."""
    return GRAD + symbol + "}"


def color_of(symbol: str):
    """The palette colour of a symbol such as "W", "w_{ji}", "X^T" or "Y^*" (of S for
    dE/dS); TEXT_COLOR for anything else."""
    symbol = symbol.strip()
    if symbol.startswith(GRAD):
        symbol = symbol[len(GRAD):]
    if symbol.startswith(r"\alpha"):
        return SYMBOL_COLORS[r"\alpha"]
    if symbol.startswith("Y^*") or symbol.startswith("y^*"):
        return SYMBOL_COLORS["Y^*"]
    if re.match(r"\\[A-Za-z]", symbol):     # a TeX command (\Big, \sum): not a symbol
        return TEXT_COLOR
    head = symbol.strip("{")[:1]
    head = COLORS_BY_LETTER.get(head, head)
    return SYMBOL_COLORS.get(head, TEXT_COLOR)


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
    """Wrap each symbol of ``tex`` in {{ }}, so formula colours it.  ``tex`` must not
    contain {{ }} already."""
    return _SYMBOL.sub(lambda m: "{{" + m.group(0) + "}}", tex)


def formula(tex: str, *more: str, font_size: float = 40, **kwargs) -> MathTex:
    """MathTex with every symbol in its colour (see the module's doc).  Pieces that are not
    symbols keep ``color`` if given, else the text colour."""
    bad = [piece for piece in (tex, *more) if not isinstance(piece, str)]
    if bad:
        raise TypeError(f"formula takes TeX strings (font_size= by keyword), got {bad!r}")
    pieces = (tex, *more) if more or "{{" in tex else (split_symbols(tex),)
    mob = MathTex(*pieces, font_size=font_size, **kwargs)
    parts = [part for part in mob.submobjects if getattr(part, "tex_string", "").strip()]
    if len(parts) == 1 and not more and "{{" not in pieces[0]:
        parts[0].set_color(color_of(tex))      # no symbol inside: "x" is still x's colour
        if color_of(tex) == TEXT_COLOR and "color" in kwargs:
            parts[0].set_color(kwargs["color"])
        return mob
    for part in parts:
        color = color_of(part.tex_string)
        if color != TEXT_COLOR:
            part.set_color(color)
    return mob


def text(words: str, font_size: float = 34, **kwargs) -> Tex:
    """Prose with inline math ($...$) and code (\\texttt{...}), at the kit's size."""
    return Tex(words, font_size=font_size, **kwargs)


TEX_SPECIALS = {c: "\\" + c for c in "_&%$#{}"}


def tt(code: str) -> str:
    """TeX for a name from the code in prose, in typewriter type, its TeX specials escaped:
    tt("spiral_arms") is \\texttt{spiral\\_arms}."""
    return r"\texttt{" + "".join(TEX_SPECIALS.get(c, c) for c in code) + "}"


def part_of(mob: MathTex, tex: str, occurrence: int = 0):
    """The piece of a formula() whose TeX is ``tex`` (its n-th occurrence), to point at it."""
    found = [part for part in mob.submobjects
             if getattr(part, "tex_string", "").strip() == tex]
    if len(found) <= occurrence:
        raise ValueError(f"{tex!r} is not a piece of {mob.get_tex_string()!r}")
    return found[occurrence]
