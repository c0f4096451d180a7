"""The YouTube chapter list: one `MM:SS Title` line per chapter, the first at 00:00.

YouTube shows chapters when the description lists at least three timestamps in
ascending order, the first at 00:00, each chapter at least 10 seconds long.  The list is
always written; warnings say when YouTube would ignore it (short test builds do).
"""

from __future__ import annotations

import math
from fractions import Fraction

from .timeline import Chapter

YOUTUBE_MIN_CHAPTERS = 3
YOUTUBE_MIN_SECONDS = 10


def timestamp(seconds: Fraction | float, hours: bool = False) -> str:
    whole = math.floor(seconds)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if hours else f"{m:02d}:{s:02d}"


def chapter_lines(chapters: list[Chapter]) -> list[str]:
    hours = bool(chapters) and chapters[-1].end >= 3600
    return [f"{timestamp(ch.start, hours)} {ch.title}" for ch in chapters]


def youtube_warnings(chapters: list[Chapter]) -> list[str]:
    warnings = []
    if len(chapters) < YOUTUBE_MIN_CHAPTERS:
        warnings.append(f"YouTube needs at least {YOUTUBE_MIN_CHAPTERS} chapters to show "
                        f"them; this video has {len(chapters)}")
    short = [ch.title for ch in chapters if ch.duration < YOUTUBE_MIN_SECONDS]
    if short:
        warnings.append(f"YouTube ignores chapter lists with a chapter under "
                        f"{YOUTUBE_MIN_SECONDS} s: {', '.join(short)}")
    return warnings
