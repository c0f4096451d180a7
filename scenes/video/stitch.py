"""Join the parts into one mp4 without re-encoding the picture, with chapter markers and
one continuous narration track (soundtrack.py: the parts' sound, encoded once).

Every part is rendered with the same encoder settings, so their H.264 packets can be
copied one after the other; each part's timestamps are shifted by the length of the parts
before it.  Chapters go into the container with PyAV's OutputContainer.set_chapters
(PyAV >= 16); FFmpeg's mp4 muxer writes them both as a QuickTime chapter track and as a
Nero 'chpl' box, which VLC, mpv, QuickTime and most players show.  The file is written
beside its target and renamed into place, so a failure leaves the previous video intact.
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import av

from . import soundtrack
from .timeline import Chapter, PartVideo


class StitchError(RuntimeError):
    pass


def _check_compatible(parts: list[PartVideo]) -> None:
    first = parts[0].info
    for part in parts[1:]:
        info = part.info
        if (info.width, info.height, info.fps, info.codec, info.time_base) != \
                (first.width, first.height, first.fps, first.codec, first.time_base):
            raise StitchError(
                f"part {part.name} is {info.width}x{info.height} {info.codec} at {info.fps} fps "
                f"(time base {info.time_base}), unlike {parts[0].name} ({first.width}x"
                f"{first.height} {first.codec} at {first.fps} fps); they cannot be joined "
                f"without re-encoding")


def stitch(parts: list[PartVideo], chapters: list[Chapter], target: Path,
           title: str | None = None) -> Path:
    """Write the parts, in order, into target (an .mp4 or .mkv) with chapter metadata."""
    if not parts:
        raise StitchError("nothing to stitch")
    _check_compatible(parts)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.stem}.{os.getpid()}.tmp{target.suffix}")
    scratch = target.with_name(f".{target.stem}.{os.getpid()}.audio.m4a")
    time_base = parts[0].info.time_base
    options = {"movflags": "+faststart"} if target.suffix in (".mp4", ".mov", ".m4v") else {}
    try:
        with av.open(str(parts[0].video)) as first:
            template = first.streams.video[0]
            out = av.open(str(tmp), mode="w", options=options)
            try:
                stream = out.add_stream_from_template(template)
                stream.time_base = template.time_base
                if title:
                    out.metadata["title"] = title
                out.metadata["comment"] = "Built by scenes.build from manim sections"
                out.set_chapters([
                    {"id": i + 1,
                     "start": int(round(ch.start / time_base)),
                     "end": int(round(ch.end / time_base)),
                     "time_base": time_base,
                     "metadata": {"title": ch.title}}
                    for i, ch in enumerate(chapters)])
                feed = _audio_feed(parts, out, time_base, scratch)
                offset = 0
                for part in parts:
                    offset = _copy_part(part, stream, out, offset, feed)
                feed(None)
            finally:
                out.close()
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        scratch.unlink(missing_ok=True)
    return target


def _audio_feed(parts: list[PartVideo], out, time_base: Fraction, scratch: Path):
    """A function that muxes the narration's packets up to a video time (in ticks of
    time_base; None: all that is left), so sound and picture interleave in the file.
    Without narration in any part, it does nothing.  The track is encoded (and its peak
    checked) in ``scratch``, then copied packet by packet."""
    if not any(part.audio for part in parts):
        return lambda ticks: None
    soundtrack.write_track(soundtrack.join([(part.audio, part.info.duration)
                                            for part in parts]), scratch)
    source = av.open(str(scratch))
    template = source.streams.audio[0]
    audio_base = Fraction(template.time_base)     # read now: not after the file closes
    stream = out.add_stream_from_template(template)
    stream.time_base = audio_base
    packets = [p for p in source.demux(template) if p.dts is not None]
    left = list(reversed(packets))

    def feed(ticks: int | None) -> None:
        limit = None if ticks is None else Fraction(ticks) * time_base
        while left and (limit is None or left[-1].pts is None
                        or left[-1].pts * audio_base <= limit):
            packet = left.pop()
            packet.stream = stream
            out.mux(packet)
        if ticks is None:
            source.close()

    return feed


def _copy_part(part: PartVideo, stream, out, offset: int, feed=lambda ticks: None) -> int:
    """Mux the packets of one part, shifted by offset ticks; return the next offset."""
    with av.open(str(part.video)) as source:
        src = source.streams.video[0]
        if Fraction(src.time_base) != Fraction(stream.time_base):
            raise StitchError(f"part {part.name}: time base {src.time_base}, expected "
                              f"{stream.time_base}")
        step = part.info.frame_ticks

        def snap(ticks: int) -> int:
            # manim's own concatenation leaves a few ticks of jitter at its segment
            # joins; the parts are constant frame rate, so put every frame on the grid.
            return offset + (round(ticks / step) * step if step else ticks)

        start = None
        for packet in source.demux(src):
            if packet.dts is None and packet.pts is None:
                continue
            if start is None:
                start = packet.pts or 0      # first frame's presentation time
            packet.pts = snap(packet.pts - start)
            if packet.dts is not None:
                packet.dts = snap(packet.dts - start)
            if step:
                packet.duration = step
            packet.stream = stream
            feed(packet.dts if packet.dts is not None else packet.pts)
            out.mux(packet)
    return offset + part.info.ticks
