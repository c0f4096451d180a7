"""Build a scene without playing its animations: construct() runs in full (LaTeX too),
every animation jumps to its end state, and no frame is drawn. Much faster than a
dry run, which still steps through every frame; the mobjects end up the same.

key_frame renders only the final picture of a scene (one frame), for frame tests.
"""

from __future__ import annotations

from manim import config, tempconfig

from scene_testing import build_scene, last_frame

SKIP_ALL = 10 ** 9          # from_animation_number: every play is skipped


def build_skipping(scene_class, media=None):
    with tempconfig({"from_animation_number": SKIP_ALL}):
        return build_scene(scene_class, media)


def key_frame(scene_class, media=None, pixel_height: int = 180):
    """The last frame of ``scene_class`` (skip its final clear-out in a subclass)."""

    class OneFrame(scene_class):
        def construct(self) -> None:
            super().construct()
            config.from_animation_number = 0      # play from here on: one still frame
            self.wait(1 / config.frame_rate)

    OneFrame.__name__ = scene_class.__name__
    with tempconfig({"from_animation_number": SKIP_ALL}):
        return last_frame(OneFrame, media, pixel_height)
