"""Fading big mobjects (code listings) in and out without copying them.

FadeIn/FadeOut of a Code listing deep-copies its thousand glyphs and interpolates each
of them every frame (seconds per fade, at build and at render time).  A curtain, a
rectangle of the background colour over the mobject's area, fades instead: the viewer
sees the same fade, and the listing itself is never copied.
"""

from __future__ import annotations

from manim import FadeIn, FadeOut, Rectangle, Scene


def curtain(scene: Scene, mobject, buff: float = 0.1) -> Rectangle:
    """A background-coloured rectangle over ``mobject``'s bounding box."""
    color = scene.camera.background_color
    return Rectangle(width=mobject.width + 2 * buff, height=mobject.height + 2 * buff,
                     stroke_width=0, fill_color=color, fill_opacity=1).move_to(mobject)


def curtain_in(scene: Scene, mobject, *animations, run_time: float = 0.8) -> None:
    """Show ``mobject`` by fading away a curtain over it (with other ``animations``)."""
    cover = curtain(scene, mobject)
    scene.add(mobject, cover)
    scene.play(FadeOut(cover), *animations, run_time=run_time)


def curtain_out(scene: Scene, mobject, *animations, run_time: float = 0.6) -> None:
    """Hide ``mobject`` (or a VGroup of mobjects in the scene) by fading in a curtain over
    it, then remove it and the curtain."""
    cover = curtain(scene, mobject)
    scene.play(FadeIn(cover), *animations, run_time=run_time)
    # a VGroup made only to pass several mobjects is not in the scene itself: remove its parts
    scene.remove(mobject, *mobject.submobjects, cover)
