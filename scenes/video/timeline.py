"""Parts and their sections laid end to end: where each chapter starts in the full video.

manim 0.22 with --save_sections writes <Scene>.json beside the section videos: a list of
{"name", "video", "nb_frames", "duration", "avg_frame_rate", ...}, one per non-empty
section, in order.  A scene's first section is named "autocreated" when it plays
anything before its first next_section(); that lead-in joins the chapter after it.
Times are exact fractions of frames, so chapters add up to the video to the frame.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av

AUTOCREATED = "autocreated"


@dataclass(frozen=True)
class VideoInfo:
    frames: int
    fps: Fraction
    time_base: Fraction
    width: int
    height: int
    codec: str
    ticks: int                      # total duration in time_base units
    frame_ticks: int = 0            # one frame's duration in time_base units

    @property
    def duration(self) -> Fraction:
        return self.ticks * self.time_base


def probe(path: Path) -> VideoInfo:
    """Count a video's frames and duration from its packets (no decoding)."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = ticks = 0
        durations: Counter = Counter()
        for packet in container.demux(stream):
            if packet.dts is None and packet.pts is None:
                continue                         # the flush packet at the end
            frames += 1
            ticks += packet.duration or 0
            durations[packet.duration or 0] += 1
        time_base = Fraction(stream.time_base)
        common = durations.most_common(1)[0][0] if durations else 0
        # The frame rate from the usual frame duration: exact, unlike average_rate.
        fps = 1 / (common * time_base) if common else Fraction(stream.base_rate)
        if common:
            ticks = frames * common             # constant frame rate: exact to the frame
        return VideoInfo(frames=frames, fps=fps, time_base=time_base,
                         width=stream.codec_context.width, height=stream.codec_context.height,
                         codec=stream.codec_context.name, ticks=ticks, frame_ticks=common)


def read_sections(path: Path) -> list[tuple[str, int]]:
    """(name, frames) of each section in manim's section index."""
    sections = json.loads(Path(path).read_text())
    return [(s["name"], int(s["nb_frames"])) for s in sections]


def prettify(scene: str) -> str:
    """'DenseForward' -> 'Dense Forward' (a title for a part without named sections)."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", scene)


@dataclass
class PartVideo:
    name: str
    scene: str
    video: Path
    info: VideoInfo
    sections: list[tuple[str, int]]
    subtitles: Path | None = None
    audio: Path | None = None                # the part's narration mix (a wav), if any
    rendered_seconds: float | None = None    # None when it came from the cache
    cpu_seconds: float | None = None         # CPU time of its (last) render
    warnings: list[str] = field(default_factory=list)

    def chapters(self) -> list[tuple[str, int]]:
        """(title, frames) of this part's chapters, summing to the part's frames."""
        sections = [(n, f) for n, f in self.sections if f > 0]
        if len(sections) > 1 and sections[0][0] == AUTOCREATED:
            lead = sections.pop(0)[1]
            sections[0] = (sections[0][0], sections[0][1] + lead)
        if not sections or sections == [] or (len(sections) == 1 and sections[0][0] == AUTOCREATED):
            sections = [(prettify(self.scene), self.info.frames)]
        total = sum(f for _, f in sections)
        if total != self.info.frames:
            self.warnings.append(f"{self.name}: sections hold {total} frames, the video "
                                 f"{self.info.frames}; the last chapter absorbs the difference")
            title, frames = sections[-1]
            sections[-1] = (title, max(frames + self.info.frames - total, 0))
        return sections


@dataclass(frozen=True)
class Chapter:
    title: str
    part: str
    start: Fraction        # seconds from the start of the full video
    end: Fraction

    @property
    def duration(self) -> Fraction:
        return self.end - self.start


def lay_out(parts: list[PartVideo]) -> tuple[list[Chapter], list[Fraction]]:
    """The chapters of the full video, and each part's start time in it."""
    chapters: list[Chapter] = []
    part_starts: list[Fraction] = []
    offset = Fraction(0)
    for part in parts:
        part_starts.append(offset)
        inside = Fraction(0)
        for title, frames in part.chapters():
            length = frames / part.info.fps
            chapters.append(Chapter(title, part.name, offset + inside, offset + inside + length))
            inside += length
        offset += part.info.duration
    return chapters, part_starts
