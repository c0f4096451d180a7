"""Formulas in the video's notation, coloured by symbol.

Write formulas with the symbols split out in double braces, as manim expects for
colouring: ``math(r"{{Y}} = {{W}} {{X}} + {{B}}")``.  Gradients use ``grad("W")`` ->
\\frac{\\partial E}{\\partial W}, coloured like W.
"""

from __future__ import annotations

from manim import MathTex, Tex

from .palette import SYMBOL_COLORS, TEXT_COLOR

COLORS_BY_LETTER = {"x": "X", "y": "Y", "w": "W", "b": "B"}


def grad(symbol: str) -> str:
    """TeX for dE/d(symbol)."""
    return r"\frac{\partial E}{\partial " + symbol + "}"


def color_of(symbol: str):
    """The palette colour of a symbol such as "W", "w_{ji}", "X^T" or "Y^*"."""
    if symbol.startswith("Y^*") or symbol.startswith("y^*"):
        return SYMBOL_COLORS["Y^*"]
    head = symbol.lstrip("\\").strip("{")[:1]
    head = COLORS_BY_LETTER.get(head, head)
    return SYMBOL_COLORS.get(head, TEXT_COLOR)


def math(tex: str, *more: str, font_size: float = 40, **kwargs) -> MathTex:
    """MathTex coloured by the palette: pieces in {{ }} that start with a symbol take its colour."""
    mob = MathTex(tex, *more, font_size=font_size, **kwargs)
    for part in mob.submobjects:
        text = getattr(part, "tex_string", "").strip()
        if text.startswith(r"\frac{\partial E}{\partial "):
            part.set_color(color_of(text[len(r"\frac{\partial E}{\partial "):]))
        elif text:
            part.set_color(color_of(text))
    return mob


def text(words: str, font_size: float = 34, **kwargs) -> Tex:
    return Tex(words, font_size=font_size, **kwargs)
