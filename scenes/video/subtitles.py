"""One .srt for the full video from the parts' subcaptions.

manim writes <Scene>.srt beside a part's video when the scene adds subcaptions
(add_subcaption, or play(..., subcaption=...)).  Each cue is shifted by its part's start,
clipped to its part (a caption never runs into the next part, nor past the end), sorted,
ended where the next one starts, and renumbered.
"""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction
from pathlib import Path

import srt

from .timeline import PartVideo


def _delta(seconds: Fraction) -> timedelta:
    return timedelta(microseconds=int(round(seconds * 1_000_000)))


def merge(parts: list[PartVideo], starts: list[Fraction]) -> list[srt.Subtitle]:
    cues: list[srt.Subtitle] = []
    for part, start in zip(parts, starts):
        if part.subtitles is None or not Path(part.subtitles).is_file():
            continue
        end_of_part = _delta(start + part.info.duration)
        shift = _delta(start)
        for cue in srt.parse(Path(part.subtitles).read_text(encoding="utf-8")):
            begin = cue.start + shift
            end = min(cue.end + shift, end_of_part)
            if begin >= end_of_part or end <= begin or not cue.content.strip():
                continue
            cues.append(srt.Subtitle(index=0, start=begin, end=end, content=cue.content))
    cues.sort(key=lambda c: (c.start, c.end))
    for cue, following in zip(cues, cues[1:]):   # one caption at a time: players stack
        if cue.start < following.start < cue.end:  # overlapping ones
            cue.end = following.start
    for i, cue in enumerate(cues, 1):
        cue.index = i
    return cues


def compose(cues: list[srt.Subtitle]) -> str:
    return srt.compose(cues, reindex=False)
