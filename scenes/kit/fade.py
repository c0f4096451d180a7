"""Fading big mobjects (code listings) in and out, and dimming lines: one mechanism.

FadeIn/FadeOut deep-copy their mobject and interpolate every point of the copy each frame:
a Code listing of a thousand glyphs takes seconds per fade, at build and at render time.
These animations change only the opacities of the mobject's own parts, each relative to
the opacity it had (a dimmed line stays dimmed when its listing fades back in), and never
copy it.  They return lists of animations, to unpack into ``play``:

    self.play(*kit.fade_in(code), FadeOut(notes), run_time=0.8)
    self.play(*kit.focus(code, 3, 5))         # lines 3..5 forward, the others dimmed
"""

from __future__ import annotations

from manim import Animation, Code, Mobject, VMobject

DIMMED = 0.35


class _Fade(Animation):
    """Scale the opacities of ``mobject``'s parts from 0 to what they are (fading in, the
    mobject is added), or from what they are to 0 (fading out, it is removed, and its
    opacities are restored so that it can come back)."""

    def __init__(self, mobject: Mobject, showing: bool, **kwargs) -> None:
        self.showing = showing
        super().__init__(mobject, introducer=showing, remover=not showing, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return Mobject()          # no copy: the start is the opacities read in begin()

    def begin(self) -> None:
        self.parts = [(part, part.fill_rgbas[:, 3].copy(), part.stroke_rgbas[:, 3].copy(),
                       part.background_stroke_rgbas[:, 3].copy())
                      for part in self.mobject.get_family() if isinstance(part, VMobject)]
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        t = self.rate_func(alpha)
        self._scale(t if self.showing else 1 - t)

    def _scale(self, k: float) -> None:
        for part, fill, stroke, background in self.parts:
            part.fill_rgbas[:, 3] = fill * k
            part.stroke_rgbas[:, 3] = stroke * k
            part.background_stroke_rgbas[:, 3] = background * k

    def clean_up_from_scene(self, scene) -> None:
        super().clean_up_from_scene(scene)
        if not self.showing:
            self._scale(1.0)


def fade_in(*mobjects: Mobject) -> list[Animation]:
    """Animations that bring ``mobjects`` in, each part to its own opacity."""
    return [_Fade(mob, showing=True) for mob in mobjects]


def fade_out(*mobjects: Mobject) -> list[Animation]:
    """Animations that fade ``mobjects`` out and remove them from the scene."""
    return [_Fade(mob, showing=False) for mob in mobjects]


class _LineOpacities(Animation):
    """Fade each line of a code listing to its own opacity, without copying the listing."""

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


def focus(code: Code, first: int | None, last: int | None = None,
          dimmed: float = DIMMED) -> list[Animation]:
    """Animations that bring lines first..last (0-based, inclusive) of ``code`` forward and
    dim the rest; first=None brings every line back."""
    last = first if last is None else last
    lines = code.code_lines if hasattr(code, "code_lines") else code[1]
    targets = [1.0 if first is None or first <= k <= last else dimmed
               for k in range(len(lines))]
    return [_LineOpacities(lines, targets)]
