"""One continuous narration track for the full video.

Each part's video carries its own AAC track, but AAC adds priming samples and rounds to
1024-sample packets: copied packet by packet, every part would push the sound about
21 ms later, 0.3 s over the whole video.  So the full cut is built from the parts'
exact sound instead: manim's mix of each part (<Scene>.wav, kept in the render cache
as audio.wav), padded or cut to the part's video duration to the sample, joined,
brought to -16 LUFS with peaks under -2 dBTP, and encoded to AAC once.  At every
chapter boundary sound and picture agree to the sample (a test checks it).
"""

from __future__ import annotations

import wave
from fractions import Fraction
from pathlib import Path

import numpy as np

from ..speech import loudness

RATE = loudness.RATE
FRAME = 1024                    # AAC's frame size


def read_pcm(path: Path) -> np.ndarray:
    """A 16-bit PCM wav as mono float samples at RATE."""
    with wave.open(str(path), "rb") as source:
        rate, channels = source.getframerate(), source.getnchannels()
        width = source.getsampwidth()
        data = source.readframes(source.getnframes())
    if width != 2:
        raise ValueError(f"{path}: expected 16-bit PCM, got {8 * width}-bit")
    samples = np.frombuffer(data, dtype="<i2").reshape(-1, channels).mean(axis=1) / 32768.0
    if rate != RATE:
        from math import gcd

        from scipy.signal import resample_poly

        g = gcd(RATE, rate)
        samples = resample_poly(samples, RATE // g, rate // g)
    return samples.astype(np.float32)


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
        sound = read_pcm(path) if path is not None else np.zeros(0, dtype=np.float32)
        piece = np.zeros(want, dtype=np.float32)
        piece[:min(want, len(sound))] = sound[:want]
        pieces.append(piece)
        written += want
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)


def master(samples: np.ndarray) -> np.ndarray:
    """The whole track to -16 LUFS integrated, true peak under -2 dBTP."""
    return loudness.normalize(samples.astype(np.float64)).astype(np.float32)


def add_track(container, samples: np.ndarray, bit_rate: int = 128_000):
    """Add an AAC stream to an open output container; return its encoded packets, in
    order, to be muxed (interleaved with the video) by the caller."""
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
