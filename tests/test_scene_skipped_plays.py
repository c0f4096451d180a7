"""A dry run that skips its plays finishes fades, writes and creations at once
(StoryScene._finish_at_once): the scene afterwards is the one manim's own skipped plays
leave (the same mobjects, in the same order, the same clock and play count)."""

from __future__ import annotations

import pytest
from manim import (DOWN, Circle, Create, FadeIn, FadeOut, Indicate, Square, Tex, VGroup,
                   Write)
from scene_testing import build_skipping

from scenes import kit


class Fades(kit.StoryScene):
    tells = staticmethod(lambda: None)       # no story needed

    def setup(self) -> None:
        super().setup()
        self.snapshots = []

    def construct(self) -> None:
        a, b, c, d = Square(), Circle(), Square().shift(DOWN), Tex("x")
        self.play(FadeIn(VGroup(a, b)), run_time=0.7)
        self.play(Write(d), Create(c))
        self.play(FadeOut(VGroup(a, c)), run_time=0.4)     # parts of two scene groups
        self.play(FadeIn(a, shift=DOWN), Indicate(b))       # not only fades: manim's path
        self.play(FadeOut(a), FadeOut(b), FadeOut(d))
        self.play(FadeIn(VGroup(a, b, c)))

    def play(self, *animations, **kwargs) -> None:
        super().play(*animations, **kwargs)
        self.snapshots.append([[type(m).__name__ for m in top.get_family()]
                               for top in self.mobjects])


def built(tmp_path, fast: bool):
    """(the scene's mobjects after each play, as type names family by family; plays;
    clock; fast plays)."""
    finish = kit.StoryScene._finish_at_once
    taken = []

    def spy(self, animations, kwargs):
        done = fast and finish(self, animations, kwargs)
        taken.append(done)
        return done

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kit.StoryScene, "_finish_at_once", spy)
        scene = build_skipping(Fades, tmp_path)
    return scene.snapshots, scene.renderer.num_plays, scene.renderer.time, sum(taken)


def test_skipped_fades_leave_the_scene_manims_skipped_plays_leave(tmp_path):
    *fast, taken = built(tmp_path / "fast", fast=True)
    *manims, _ = built(tmp_path / "manim", fast=False)
    assert taken == 5                      # every play but the one with Indicate
    assert fast == manims
    assert len(fast[0]) == 6
    assert [family[0] for family in fast[0][2]] == ["Circle", "Tex"]    # a and c gone
    assert fast[0][-1] == [["VGroup", "Square", "Circle", "Square"]]
    assert fast[2] == pytest.approx(0.7 + 1 + 0.4 + 1 + 1 + 1)
