"""A number that can change every frame cheaply: digits copied from glyphs typeset once.

manim's DecimalNumber.set_value deep-copies a MathTex per character: tens of milliseconds
per update, which dominates an animation whose counter changes on every frame (the epoch
and the loss while the boundary learns).  GlyphNumber typesets "0123456789.-" once per
font size with LaTeX and builds each value from copies of those outlines, on TeX's own
baseline and digit spacing.  Like DecimalNumber it has ``.number`` and ``set_value``.
"""

from __future__ import annotations

import numpy as np
from manim import WHITE, MathTex, VMobject

CHARS = "0123456789.-"


class GlyphNumber(VMobject):
    _glyphs: dict[float, tuple[dict[str, tuple[list[np.ndarray], float]], float]] = {}

    def __init__(self, number: float = 0, num_decimal_places: int = 0,
                 font_size: float = 36, color=WHITE, **kwargs) -> None:
        super().__init__(**kwargs)
        self.num_decimal_places = num_decimal_places
        self.glyph_font_size = font_size
        self.glyph_color = color
        self._left, self._baseline = 0.0, 0.0
        self.number = None
        self.set_value(number)

    @classmethod
    def glyphs(cls, font_size: float):
        """Outlines of each character, relative to (its left edge, the baseline), and the
        gap TeX leaves between digits."""
        if font_size not in cls._glyphs:
            tex = MathTex(*CHARS, font_size=font_size)
            baseline = tex[1].get_bottom()[1]                   # "1" sits on the baseline
            gap = tex[1].get_left()[0] - tex[0].get_right()[0]
            glyphs = {}
            for char, part in zip(CHARS, tex):
                origin = np.array([part.get_left()[0], baseline, 0.0])
                paths = [m.points - origin for m in part.family_members_with_points()]
                glyphs[char] = (paths, part.width)
            cls._glyphs[font_size] = (glyphs, gap)
        return cls._glyphs[font_size]

    def text_of(self, number: float) -> str:
        text = f"{number:.{self.num_decimal_places}f}"
        return text[1:] if text.startswith("-") and float(text) == 0 else text

    def set_value(self, number: float) -> "GlyphNumber":
        if self.number is not None and self.submobjects:
            self._left = self.get_left()[0]
            self._baseline = self.get_bottom()[1] - self._bottom_offset
        self.number = number
        glyphs, gap = self.glyphs(self.glyph_font_size)
        x, parts, bottom = self._left, [], np.inf
        for char in self.text_of(number):
            paths, width = glyphs[char]
            for path in paths:
                part = VMobject(fill_color=self.glyph_color, fill_opacity=1, stroke_width=0)
                part.points = path + np.array([x, self._baseline, 0.0])
                bottom = min(bottom, part.points[:, 1].min())
                parts.append(part)
            x += width + gap
        self._bottom_offset = bottom - self._baseline
        for old in self.submobjects:     # a renderer may still hold the old parts: empty them
            old.clear_points()
        self.submobjects = parts
        return self

    def get_value(self) -> float:
        return self.number
