"""A tiny one-chapter scene for the build tests; fails on request (NN_BUILD_TEST_FAIL=beta)."""

import os

from manim import GREEN, FadeIn, Scene, Square


class Beta(Scene):
    def construct(self):
        if os.environ.get("NN_BUILD_TEST_FAIL") == "beta":
            raise RuntimeError("beta was asked to fail")
        self.next_section("Beta")
        self.play(FadeIn(Square(color=GREEN)), subcaption="A green square.",
                  subcaption_duration=0.6, run_time=0.7)
        self.wait(0.3)
