"""Narration beats: say a line, animate, then hold until the line has been read.

Two forms, one reading speed:

    beat(self, "Each weight joins one input to one output.", Create(edges))

    with narrated(self, "Each input gives exactly one output.", linger=0.5):
        self.play(Write(xs))
        self.play(TransformFromCopy(xs, ys))

``beat`` plays its animations in one call; ``narrated`` allows any number of plays and
waits inside the beat.
"""

from __future__ import annotations

from contextlib import contextmanager

from manim import Scene

CHARS_PER_SECOND = 15


def reading_time(text: str) -> float:
    """How long a subcaption stays up (StoryScene.say uses the same rate)."""
    return max(2.0, len(text) / CHARS_PER_SECOND)


def beat(scene: Scene, text: str, *animations, run_time: float = 1.2,
         hold: float = 0.4) -> float:
    """Subcaption ``text``, play ``animations`` (if any), then wait out the reading time.

    Returns the beat's duration.  ``hold`` is the least calm time after the animations.
    """
    played = run_time if animations else 0.0
    rest = max(hold, reading_time(text) - played)
    scene.add_subcaption(text, duration=played + rest)
    if animations:
        scene.play(*animations, run_time=run_time)
    scene.wait(rest)
    return played + rest


@contextmanager
def narrated(scene: Scene, text: str, linger: float = 0.0):
    """Subcaption ``text`` for its reading time, run the body, then wait out what is left
    of the reading time plus ``linger`` (the calm after the idea)."""
    duration = reading_time(text)
    scene.add_subcaption(text, duration=duration)
    start = scene.renderer.time
    yield
    left = start + duration + linger - scene.renderer.time
    if left > 0.05:
        scene.wait(left)
