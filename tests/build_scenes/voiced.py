"""Two tiny narrated scenes for tests/test_build_voice.py (no LaTeX, two lines each)."""

from manim import BLUE, GREEN, Circle, Create, FadeIn, Square

from scenes.kit.narration import NarratedScene


class VoicedOne(NarratedScene):
    def construct(self):
        self.next_section("Voiced one")
        with self.narrate('A circle <bookmark mark="circle"/>appears now.') as line:
            line.wait_until("circle")
            self.play(Create(Circle(color=BLUE)), run_time=0.6)
        with self.narrate("The error dE/dY is 0.47.", pause=0.3):
            pass


class VoicedTwo(NarratedScene):
    def construct(self):
        self.next_section("Voiced two")
        with self.narrate("Then a green square."):
            self.play(FadeIn(Square(color=GREEN)), run_time=0.5)
