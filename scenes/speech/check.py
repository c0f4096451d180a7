"""Hear a video without ears: its loudness, and whether its speech sits inside its cues.

    python -m scenes.speech.check media/nn-from-scratch.mp4 [subtitles.srt]

Decodes the audio track, measures integrated loudness (LUFS) and true peak (dBTP), finds
where someone is speaking (20 ms windows louder than -50 dBFS), and compares that with
the .srt beside the video: speech outside every cue (beyond ``TOLERANCE``), and cues
whose speech starts or ends more than ``TOLERANCE`` away from the cue's own edges.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import loudness

WINDOW = 0.02            # seconds per activity window
ACTIVE_DB = -50.0        # a window louder than this (RMS, dBFS) holds speech
TOLERANCE = 0.1          # seconds


@dataclass
class Report:
    duration: float
    lufs: float
    true_peak: float
    speech_outside_cues: float                    # seconds of speech outside every cue
    misaligned: list[tuple[str, float, float, float, float]] = field(default_factory=list)
    # (cue text, cue start, cue end, speech start, speech end) for cues off by > TOLERANCE

    def lines(self) -> list[str]:
        out = [f"audio {self.duration:.2f} s, {self.lufs:.1f} LUFS integrated, "
               f"true peak {self.true_peak:.1f} dBTP",
               f"speech outside the cues: {self.speech_outside_cues:.2f} s",
               f"cues whose speech is off their edges by > {TOLERANCE} s: "
               f"{len(self.misaligned)}"]
        out += [f"  {a:8.2f}-{b:8.2f} cue, {c:8.2f}-{d:8.2f} speech: {text[:50]!r}"
                for text, a, b, c, d in self.misaligned[:20]]
        return out


def decode_audio(path: Path, rate: int = loudness.RATE) -> np.ndarray:
    """The first audio track of a media file, as mono float samples at ``rate``."""
    import av

    with av.open(str(path)) as container:
        if not container.streams.audio:
            raise ValueError(f"{path} has no audio track")
        resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
        chunks = []
        for frame in container.decode(audio=0):
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray().reshape(-1))
        for out in resampler.resample(None):
            chunks.append(out.to_ndarray().reshape(-1))
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)


def activity(samples: np.ndarray, rate: int = loudness.RATE) -> np.ndarray:
    """One boolean per WINDOW: is someone speaking?"""
    size = int(WINDOW * rate)
    n = len(samples) // size
    rms = np.sqrt((samples[:n * size].reshape(n, size).astype(np.float64) ** 2).mean(axis=1))
    return rms > 10 ** (ACTIVE_DB / 20)


def check(video: Path, subtitles: Path | None = None) -> Report:
    import srt

    video = Path(video)
    subtitles = Path(subtitles) if subtitles else video.with_suffix(".srt")
    samples = decode_audio(video)
    active = activity(samples)
    times = np.arange(len(active)) * WINDOW
    cues = list(srt.parse(subtitles.read_text(encoding="utf-8"))) if subtitles.is_file() else []
    inside = np.zeros(len(active), dtype=bool)
    misaligned = []
    for cue in cues:
        start, end = cue.start.total_seconds(), cue.end.total_seconds()
        window = (times >= start - TOLERANCE) & (times + WINDOW <= end + TOLERANCE)
        inside |= window
        spoken = np.flatnonzero(window & active)
        if not len(spoken):
            continue
        first, last = times[spoken[0]], times[spoken[-1]] + WINDOW
        if abs(first - start) > TOLERANCE + WINDOW or abs(last - end) > TOLERANCE + WINDOW:
            misaligned.append((cue.content, start, end, float(first), float(last)))
    return Report(duration=len(samples) / loudness.RATE, lufs=loudness.lufs(samples),
                  true_peak=loudness.true_peak_db(samples),
                  speech_outside_cues=float((active & ~inside).sum() * WINDOW),
                  misaligned=misaligned)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    report = check(Path(args[0]), Path(args[1]) if len(args) > 1 else None)
    print("\n".join(report.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
