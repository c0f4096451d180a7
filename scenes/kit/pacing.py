"""Narration beats: say a line, animate, then hold until the line has been read."""

from __future__ import annotations

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
