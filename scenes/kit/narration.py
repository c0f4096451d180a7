"""The one narration primitive: a line of speech, and the animations it accompanies.

    with self.narrate("Snap the pieces together, and you have a network."):
        self.play(*snapped, run_time=1.6)

The line is spoken from the moment the block starts (its subtitle shows the written
form, the voice reads the spoken form); the block's animations play meanwhile; when the
block ends, the scene waits until the voice has finished, plus a calm ``pause``.  The
line lasts as long as its speech, or as long as its animations if they take longer.

An animation that must land on a word waits for a bookmark in the text:

    with self.narrate('Row j is <bookmark mark="row"/>dE/dy_j times every input.') as line:
        line.wait_until("row")
        self.play(Indicate(row))

Written and spoken forms: scenes.speech.spoken turns "dE/dY = W^T dE/dY" into "d E by d
Y equals W transpose d E by d Y"; ``spoken=`` gives a line's spoken form by hand.  The
voice (scenes.speech.voice) comes from $NN_VOICE (the build's --voice), else the
story's [voice] table, else Piper; with ``none`` a line lasts its reading time, silently.

NarratedScene gives any manim Scene this primitive (StoryScene is one).  Every line is
kept in ``scene.narration`` (written, spoken, start, duration), so tests
can read what was said, as they read ``scene.shown`` for what was displayed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from manim import Scene, config

from ..speech.spoken import spoken as spoken_form
from ..speech.voice import Speech, VoiceSettings, default_cache_dir, speak

BOOKMARK = re.compile(r'<bookmark\s+mark="([^"]+)"\s*/>')
LINE_PAUSE = 0.5         # seconds of calm after a line


@dataclass
class Line:
    written: str         # the subtitle
    spoken: str          # what the voice says
    start: float         # seconds from the start of the scene
    speech: Speech
    marks: dict[str, tuple[int, int]]   # bookmark -> (written offset, spoken offset)
    end: float = 0.0     # when the next line may start (speech or animations, then pause)

    @property
    def duration(self) -> float:
        return self.speech.duration


def split_marks(text: str, convert=spoken_form) -> tuple[str, str, dict[str, tuple[int, int]]]:
    """(written form, spoken form, {mark: (written offset, spoken offset)}) of a line
    whose bookmarks sit between words."""
    pieces = BOOKMARK.split(text)          # text, mark, text, mark, ..., text
    written = spoken = ""
    pending: list[str] = []                # marks waiting for the next piece's first word
    marks: dict[str, tuple[int, int]] = {}
    for k, piece in enumerate(pieces):
        if k % 2:
            if piece in marks or piece in pending:
                raise ValueError(f"bookmark {piece!r} appears twice in {text!r}")
            pending.append(piece)
            continue
        said = (convert(piece) if convert else piece).strip()
        if said and spoken and said[0] not in ",.;:!?":
            spoken += " "
        written_at = len(written) + len(piece) - len(piece.lstrip())
        for name in pending:
            marks[name] = (written_at, len(spoken))
        pending = []
        written += piece
        spoken += said
    for name in pending:                   # a mark at the very end
        marks[name] = (len(written), len(spoken))
    cleaned = re.sub(r"\s{2,}", " ", written).strip()
    if cleaned != written:                 # keep written offsets on the cleaned text
        marks = {name: (len(re.sub(r"\s{2,}", " ", written[:w]).lstrip()), s)
                 for name, (w, s) in marks.items()}
    return cleaned, spoken.strip(), marks


class Narration:
    """A line being spoken; the context manager that StoryScene.narrate returns."""

    def __init__(self, scene: Scene, text: str, *, voice: VoiceSettings, cache_dir,
                 spoken: str | None = None, pause: float = LINE_PAUSE) -> None:
        written, said, marks = split_marks(text)
        if spoken is not None:
            _, said, spoken_marks = split_marks(spoken, convert=None)
            if set(spoken_marks) != set(marks):
                raise ValueError(f"the spoken form of {written!r} has bookmarks "
                                 f"{sorted(spoken_marks)}, the written form {sorted(marks)}")
            marks = {name: (marks[name][0], spoken_marks[name][1]) for name in marks}
        if not written:
            raise ValueError("a narration line needs some text")
        self.scene, self.pause = scene, pause
        self.speech = speak(written, said, marks, voice, cache_dir)
        self.line = Line(written, said, 0.0, self.speech, marks)

    @property
    def duration(self) -> float:
        """Seconds of speech."""
        return self.speech.duration

    def time_of(self, mark: str) -> float:
        """Seconds from the start of the line to the word after bookmark ``mark``."""
        if mark not in self.speech.marks:
            raise KeyError(f"no bookmark {mark!r} in {self.line.written!r}; it has "
                           f"{sorted(self.speech.marks)}")
        return self.speech.marks[mark]

    def elapsed(self) -> float:
        return self.scene.renderer.time - self.line.start

    def remaining(self) -> float:
        """Seconds of speech still to come (0 once the voice has finished)."""
        return max(0.0, self.duration - self.elapsed())

    def wait_until(self, mark: str) -> None:
        """Hold still until the voice reaches bookmark ``mark``."""
        left = self.time_of(mark) - self.elapsed()
        if left >= 1 / config.frame_rate:        # less than a frame: already there
            self.scene.wait(left)

    def __enter__(self) -> "Narration":
        scene = self.scene
        self.line.start = scene.renderer.time
        scene.add_subcaption(self.line.written, duration=self.duration)
        if self.speech.audio is not None:
            scene.add_sound(str(self.speech.audio))
        scene.narration.append(self.line)
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is not None:
            return
        left = self.remaining() + self.pause
        if left > 0.05:
            self.scene.wait(left)
        self.line.end = self.scene.renderer.time


class NarratedScene(Scene):
    """A Scene that speaks: ``with self.narrate(text): ...``."""

    def setup(self) -> None:
        from ..story import voice_settings

        self.voice: VoiceSettings = voice_settings()
        self.narration: list[Line] = []

    def narrate(self, text: str, *, spoken: str | None = None,
                pause: float = LINE_PAUSE) -> Narration:
        """``with self.narrate(text):`` speak a line while the block's animations play,
        then wait until the voice is done, plus ``pause`` seconds of calm."""
        return Narration(self, text, voice=self.voice, cache_dir=default_cache_dir(),
                         spoken=spoken, pause=pause)
