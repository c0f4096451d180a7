"""A scene that takes two minutes doing nothing: a render to interrupt."""

import time

from manim import Scene


class Slow(Scene):
    def construct(self):
        time.sleep(120)
