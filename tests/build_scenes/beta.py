"""A tiny scene for the build tests: a lead-in before its only named section."""

from manim import GREEN, Dot, FadeIn, Scene, Square


class Beta(Scene):
    def construct(self):
        # Played before the first next_section(): manim files it under "autocreated",
        # and the build must fold it into the chapter that follows.
        self.play(FadeIn(Dot()), run_time=0.4)
        self.next_section("Beta")
        self.play(FadeIn(Square(color=GREEN)), subcaption="A green square.",
                  subcaption_duration=0.6, run_time=0.7)
        self.wait(0.3)
