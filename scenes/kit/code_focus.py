"""Reading code line by line: dim every line but the ones the narration is about."""

from __future__ import annotations

from manim import Code

DIMMED = 0.35


def focus(code: Code, first: int | None, last: int | None = None, dimmed: float = DIMMED):
    """Animations that bring lines first..last (0-based, inclusive) forward and dim the rest;
    first=None brings every line back."""
    last = first if last is None else last
    lines = code.code_lines if hasattr(code, "code_lines") else code[1]
    return [line.animate.set_opacity(1.0 if first is None or first <= k <= last else dimmed)
            for k, line in enumerate(lines) if len(line)]
