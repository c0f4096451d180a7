"""Source code of `nn`, read from the package, shown syntax-highlighted."""

from __future__ import annotations

import inspect
import textwrap
from pathlib import Path

from manim import Code, SurroundingRectangle, YELLOW, VGroup


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


def highlight(code: Code, first: int, last: int | None = None, color=YELLOW) -> SurroundingRectangle:
    """A frame around code lines first..last (0-based, inclusive)."""
    lines = code.code_lines if hasattr(code, "code_lines") else code[1]
    chosen = VGroup(*lines[first:(last if last is not None else first) + 1])
    return SurroundingRectangle(chosen, color=color, buff=0.06, stroke_width=2)
