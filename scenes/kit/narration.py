"""Pacing of narrated beats: a subcaption, the animations it covers, then calm until it ends."""

from __future__ import annotations

from contextlib import contextmanager

CHARACTERS_PER_SECOND = 15     # as StoryScene.say


def reading_time(text: str) -> float:
    return max(2.0, len(text) / CHARACTERS_PER_SECOND)


@contextmanager
def beat(scene, text: str, linger: float = 0.0):
    """Say ``text`` (a subcaption), run the body's animations, and wait until the text
    has had its reading time (plus ``linger``), so narration never outruns the picture.

        with beat(self, "Each weight joins one input to one output."):
            self.play(Create(edges))
    """
    duration = reading_time(text)
    scene.say(text, duration)
    start = scene.time
    yield
    left = start + duration + linger - scene.time
    if left > 0.05:
        scene.wait(left)
