"""One continuous narration track for the full video.

Each part's video carries its own AAC track, but AAC adds priming samples and rounds to
1024-sample packets: copied packet by packet, every part would push the sound about
21 ms later, 0.3 s over the whole video.  So the full cut is built from the parts'
exact sound instead: manim's mix of each part (<Scene>.wav, kept in the render cache
as audio.wav), padded or cut to the part's video duration to the sample, joined,
brought to -16 LUFS with peaks under -2 dBTP, and encoded to AAC once.  At every
chapter boundary sound and picture agree to the sample (a test checks it).

AAC does not keep peaks exactly: a limited transient can come back 2 dB higher.  So the
encoded track is decoded and measured; if its true peak passes -1 dBTP, the ceiling is
lowered by the overshoot and the track encoded again.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np

from ..speech import loudness
from ..speech.voice import read_wav

RATE = loudness.RATE
FRAME = 1 << 16                 # samples per frame handed to the encoder (it re-cuts them)


def samples_for(duration: Fraction) -> int:
    return int(round(duration * RATE))


def join(parts: list[tuple[Path | None, Fraction]]) -> np.ndarray:
    """The sound of the parts, each (its wav or None for silence, its video duration),
    laid end to end on the video's clock."""
    pieces, total = [], Fraction(0)
    written = 0
    for path, duration in parts:
        total += duration
        want = samples_for(total) - written           # no rounding drift across parts
        sound = read_wav(path) if path is not None else np.zeros(0, dtype=np.float32)
        piece = np.zeros(want, dtype=np.float32)
        piece[:min(want, len(sound))] = sound[:want]
        pieces.append(piece)
        written += want
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)


MAX_TRUE_PEAK_DB = -1.0


MASTER_TOLERANCE = 0.5         # LU: the lines are already at -16 LUFS each


def master(samples: np.ndarray, ceiling_db: float = loudness.PEAK_CEILING_DB) -> np.ndarray:
    """The whole track to -16 LUFS integrated, true peak under ``ceiling_db``.  Every
    line was brought there when it was synthesised, so the joined track is usually
    within MASTER_TOLERANCE already and is left as it is (a pass over half an hour of
    sound costs minutes)."""
    level = loudness.lufs(samples)
    if abs(level - loudness.TARGET_LUFS) <= MASTER_TOLERANCE \
            and ceiling_db >= loudness.PEAK_CEILING_DB:
        return samples.astype(np.float32)
    return loudness.normalize(samples.astype(np.float64),
                              ceiling_db=ceiling_db).astype(np.float32)


def write_track(samples: np.ndarray, path: Path, tries: int = 4) -> float:
    """Master ``samples`` and encode them to an AAC file at ``path``, lowering the peak
    ceiling until the decoded file's true peak is at most MAX_TRUE_PEAK_DB; return it."""
    import av

    from ..speech.check import decode_audio

    ceiling = loudness.PEAK_CEILING_DB
    for _ in range(tries):
        with av.open(str(path), "w", format="mp4") as container:
            stream, packets = add_track(container, master(samples, ceiling))
            for packet in packets:
                packet.stream = stream
                container.mux(packet)
        peak = loudness.true_peak_db(decode_audio(path))
        if peak <= MAX_TRUE_PEAK_DB:
            break
        ceiling -= peak - MAX_TRUE_PEAK_DB + 0.3
    return peak


def add_track(container, samples: np.ndarray, bit_rate: int = 128_000):
    """Add an AAC stream to an open output container; return its encoded packets, in
    order, for the caller to mux."""
    import av

    stream = container.add_stream("aac", rate=RATE, layout="mono")
    stream.bit_rate = bit_rate
    packets = []
    for start in range(0, len(samples), FRAME):
        chunk = samples[start:start + FRAME]
        frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate = RATE
        frame.pts = start
        frame.time_base = Fraction(1, RATE)
        packets.extend(stream.encode(frame))
    packets.extend(stream.encode(None))
    return stream, packets
