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


def line_number_of(source: str, *needles: str, start: int = 0) -> int:
    """0-based index of the first line of ``source``, from line ``start`` on, that contains
    a needle (the first needle found wins): code is found by its content, never by its
    line number, so a scene follows edits to nn."""
    lines = source.splitlines()
    for needle in needles:
        for index in range(start, len(lines)):
            if needle in lines[index]:
                return index
    raise ValueError(f"no line from line {start} on contains any of {list(needles)}")


def region_of(source: str, first: str, last: str | None = None) -> tuple[int, int]:
    """0-based lines (inclusive) from the line containing ``first`` to the next line
    containing ``last`` (the first line alone when ``last`` is None)."""
    a = line_number_of(source, first)
    return a, a if last is None else line_number_of(source, last, start=a)


def paragraph_of(source: str, needle: str) -> tuple[int, int]:
    """The lines (0-based, inclusive) of the docstring paragraph holding ``needle``: up to
    a blank line or the docstring's opening quotes, down to a blank line or its closing
    quotes."""
    lines = source.splitlines()
    first = last = line_number_of(source, needle)
    while first > 0 and lines[first - 1].strip() and '"""' not in lines[first]:
        first -= 1
    while last + 1 < len(lines) and lines[last + 1].strip() not in ("", '"""') and \
            not lines[last].rstrip().endswith('"""'):
        last += 1
    return first, last


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
