"""Source code of `nn`, read from the package, shown syntax-highlighted."""

from __future__ import annotations

import inspect
import textwrap
from pathlib import Path

import numpy as np
from manim import Code, Rectangle, SurroundingRectangle, VGroup, YELLOW


def source_of(obj) -> str:
    """The exact source of a class or function, dedented (what the video shows)."""
    return textwrap.dedent(inspect.getsource(obj)).rstrip() + "\n"


def source_file(path: str | Path) -> str:
    return Path(path).read_text()


def code_block(source: str, font_size: float = 18) -> Code:
    return Code(code_string=source, language="python", background="window",
                formatter_style="monokai", add_line_numbers=False,
                paragraph_config={"font_size": font_size})


def line_number_of(source: str, needle: str) -> int:
    """0-based index of the first line of ``source`` that contains ``needle``."""
    for index, line in enumerate(source.splitlines()):
        if needle in line:
            return index
    raise ValueError(f"no line contains {needle!r}")


def highlight(code: Code, first: int, last: int | None = None, color=YELLOW) -> Rectangle:
    """A frame around code lines first..last (0-based, inclusive).

    Code lines sit so close that glyphs of neighbouring lines nearly touch: the frame's
    top and bottom edges run halfway between lines, on the listing's regular line pitch
    (fitted over all its lines), so they cross no glyph of the lines around.
    """
    lines = code.code_lines if hasattr(code, "code_lines") else code[1]
    last = first if last is None else last
    drawn = [k for k, line in enumerate(lines) if len(line)]
    chosen = VGroup(*(lines[k] for k in drawn if first <= k <= last))
    if len(drawn) < 2:
        return SurroundingRectangle(chosen, color=color, buff=0.06, stroke_width=2)
    pitch, top = np.polyfit(drawn, [lines[k].get_center()[1] for k in drawn], 1)
    pitch = -pitch                                    # line k's centre: top - k * pitch
    upper, lower = top - (first - 0.5) * pitch, top - (last + 0.5) * pitch
    return Rectangle(width=chosen.width + 0.3, height=upper - lower, color=color,
                     stroke_width=2).move_to([chosen.get_center()[0], (upper + lower) / 2, 0])
