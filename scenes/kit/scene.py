"""StoryScene: the base of every chapter file.

- ``self.story`` is the recorded story run (scenes.story): every number comes from it;
  a chapter that tells another story says which (``tells = staticmethod(kit.beyond_story)``).
- ``self.chapter(title)`` starts a chapter of the outline: a manim section of that name
  (the video build reads the sections for its chapter list) and a short title card.
- ``with self.narrate(text):`` speaks a line (kit.narration) while its animations play;
  the subtitle (an .srt beside every render) shows it as written.
- ``self.shown[name] = mobject`` registers what a scene displays, so tests can check
  that the values on screen are the values `nn` computed.
- A dry run that skips every animation (the tests' builds) finishes fades, writes and
  creations at once, without manim's copies of their mobjects (``_finish_at_once``):
  the same scene afterwards, at a fraction of the cost.
- With $NN_LAYOUT_CHECK=1, every ``play`` ends with a check of the layout (kit.layout_check);
  ``self.layout_problems`` collects what it finds.
"""

from __future__ import annotations

import os

from manim import DOWN, Create, FadeIn, FadeOut, Tex, UP, Write, config

from ..story import Story, story
from . import layout_check
from .narration import NarratedScene
from .palette import DIM_COLOR

PAUSE = 1.0          # seconds of calm after an idea that closes a step of the story
TITLE_SIZE = 44
# Animations whose end leaves their mobject as it was, shown (or, FadeOut, removed): a
# skipped play of these alone can be finished without running them.
INTRODUCERS = (FadeIn, Write, Create)


class StoryScene(NarratedScene):
    story: Story
    # The story the chapter tells: the video's by default; the chapters beyond the video
    # and the sequel name theirs (kit.beyond_story, kit.cnn_story), and the video's story
    # is then never computed.
    tells = staticmethod(story)

    def setup(self) -> None:
        super().setup()
        self.story = self.tells()
        self.shown: dict = {}
        self.layout_problems = [] if os.environ.get(layout_check.ENV) == "1" else None
        self.section_title = ""

    def play(self, *animations, **kwargs) -> None:
        if not self._finish_at_once(animations, kwargs):
            super().play(*animations, **kwargs)
        if self.layout_problems is not None:
            where = (f"{type(self).__name__} ({self.section_title}), animation "
                     f"{self.renderer.num_plays}")
            self.layout_problems += layout_check.problems_in(self.mobjects, where)

    def _finish_at_once(self, animations, kwargs) -> bool:
        """In a dry run whose plays are all skipped, a play of fades, writes and creations
        only: add (or remove) the mobjects, run the updaters, count the play and advance
        the clock by its run time, as manim would, and say True.  Anything else is left to manim (False)."""
        renderer = self.renderer
        if not (config.dry_run and renderer.num_plays < config.from_animation_number) or \
                set(kwargs) - {"run_time"} or \
                not all(type(a) in (*INTRODUCERS, FadeOut) for a in animations):
            return False
        for animation in animations:       # added first, as manim does (a FadeOut too:
            mobject = animation.mobject    # adding takes its parts out of other groups)
            if mobject not in self.get_mobject_family_members():
                self.add(mobject)
            if type(animation) is FadeOut:
                self.remove(mobject)
        duration = kwargs.get("run_time") or max(a.get_run_time() for a in animations)
        self.update_mobjects(duration)          # updaters run once, as in a skipped play
        renderer.time += duration
        renderer.num_plays += 1
        return True

    def chapter(self, title: str, card: bool = True) -> None:
        """Start a chapter of the outline (a section), with a brief title card."""
        self.next_section(title)
        self.section_title = title
        if card:
            heading = Tex(title, font_size=TITLE_SIZE)
            self.play(Write(heading), run_time=1.0)
            self.wait(0.6)
            self.play(FadeOut(heading, shift=UP * 0.3), run_time=0.6)

    def heading(self, text: str) -> Tex:
        """A small heading at the top edge for the current idea."""
        mob = Tex(text, font_size=32, color=DIM_COLOR).to_edge(UP, buff=0.3)
        self.play(FadeIn(mob, shift=DOWN * 0.2), run_time=0.6)
        return mob

    def clear_all(self, run_time: float = 0.8) -> None:
        if self.mobjects:
            self.play(*(FadeOut(m) for m in self.mobjects), run_time=run_time)
