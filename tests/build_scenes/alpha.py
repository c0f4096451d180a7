"""A tiny two-chapter scene for the build tests (no LaTeX, a second or two per chapter)."""

from manim import BLUE, Circle, Create, FadeOut, Scene, Square, Text, Transform

from scenes.story import current_config


class Alpha(Scene):
    def construct(self):
        self.next_section("Alpha one")
        story_title = current_config().title          # from $NN_STORY, set by the build
        title = Text(story_title, font_size=28)
        self.add_subcaption(f"{story_title}: the first chapter begins.", duration=1.0)
        self.play(Create(Circle(color=BLUE)), run_time=1.0)
        self.wait(0.4)
        self.next_section("Alpha two")
        self.add_subcaption("The second chapter.", duration=0.8)
        self.play(Transform(self.mobjects[0], Square()), run_time=0.8)
        self.play(FadeOut(self.mobjects[0]), run_time=0.4)
        self.add(title)
        self.wait(0.2)
