"""A narrated beat as a context manager: say a line, animate freely, then hold until read.

    with narrated(self, "Each input gives exactly one output.", linger=0.5):
        self.play(Write(xs))
        self.play(TransformFromCopy(xs, ys))

kit.pacing.beat plays its animations in one call; this form allows any number of plays
and waits inside the beat.  Both use kit.pacing's reading speed.
"""

from __future__ import annotations

from contextlib import contextmanager

from .pacing import reading_time


@contextmanager
def narrated(scene, text: str, linger: float = 0.0):
    """Subcaption ``text`` for its reading time, run the body, then wait out what is left
    of the reading time plus ``linger`` (the calm after the idea)."""
    duration = reading_time(text)
    scene.add_subcaption(text, duration=duration)
    start = scene.renderer.time
    yield
    left = start + duration + linger - scene.renderer.time
    if left > 0.05:
        scene.wait(left)
