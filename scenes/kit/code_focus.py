"""Reading code line by line: dim every line but the ones the narration is about."""

from __future__ import annotations

from manim import Animation, Code, Mobject

DIMMED = 0.35


class _LineOpacities(Animation):
    """Fade each line of a code listing to its own opacity, without copying the listing
    (a Code mobject holds thousands of glyph points; .animate on each line copies them all)."""

    def __init__(self, lines, targets: list[float], **kwargs) -> None:
        super().__init__(lines, **kwargs)
        self.targets = targets

    def create_starting_mobject(self) -> Mobject:
        return Mobject()          # the start is the lines' opacities, read in begin()

    def begin(self) -> None:
        self.starts = [line.get_fill_opacity() if len(line) else 1.0 for line in self.mobject]
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        t = self.rate_func(alpha)
        for line, start, target in zip(self.mobject, self.starts, self.targets):
            if len(line) and start != target:
                line.set_opacity(start + (target - start) * t)


def focus(code: Code, first: int | None, last: int | None = None, dimmed: float = DIMMED):
    """An animation (in a list, to unpack into play) that brings lines first..last
    (0-based, inclusive) forward and dims the rest; first=None brings every line back."""
    last = first if last is None else last
    lines = code.code_lines if hasattr(code, "code_lines") else code[1]
    targets = [1.0 if first is None or first <= k <= last else dimmed
               for k in range(len(lines))]
    return [_LineOpacities(lines, targets)]
