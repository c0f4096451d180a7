"""Source code of `nn`, read from the package, shown syntax-highlighted."""

from __future__ import annotations

import inspect
import textwrap
from pathlib import Path

from manim import Code, Rectangle, VGroup, YELLOW


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

    Code lines sit close together: the frame keeps a small vertical margin so that it
    clears the neighbouring lines, and skips empty lines at either end.
    """
    lines = code.code_lines if hasattr(code, "code_lines") else code[1]
    chosen = VGroup(*(line for line in lines[first:(first if last is None else last) + 1]
                      if len(line)))
    return Rectangle(width=chosen.width + 0.16, height=chosen.height + 0.05, color=color,
                     stroke_width=2).move_to(chosen)
