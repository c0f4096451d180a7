"""Loudness of the narration: integrated LUFS (ITU-R BS.1770, measured with pyloudnorm)
and true peak (4x oversampling, as BS.1770 describes), and the gain and limiter that
bring a track to the target: -16 LUFS integrated, true peak at most -1 dBTP.
"""

from __future__ import annotations

import numpy as np

RATE = 48_000               # every narration sample is stored and mixed at this rate
TARGET_LUFS = -16.0
PEAK_CEILING_DB = -2.0      # under the -1 dBTP limit, with room for AAC's overshoot


def lufs(samples: np.ndarray, rate: int = RATE) -> float:
    """Integrated loudness in LUFS (-inf for silence or less than 0.4 s of sound)."""
    import pyloudnorm

    if len(samples) < int(0.4 * rate):
        return float("-inf")
    with np.errstate(divide="ignore"):
        return float(pyloudnorm.Meter(rate).integrated_loudness(samples.astype(np.float64)))


def true_peak_db(samples: np.ndarray) -> float:
    """The highest inter-sample peak, in dBTP, from a 4x oversampled copy."""
    from scipy.signal import resample_poly

    if not len(samples):
        return float("-inf")
    chunk, pad, peak = 1 << 20, 64, 0.0      # in pieces: a long track would need GBs
    for start in range(0, len(samples), chunk):
        piece = samples[max(0, start - pad):start + chunk + pad].astype(np.float64)
        peak = max(peak, float(np.max(np.abs(resample_poly(piece, 4, 1)))))
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def limit(samples: np.ndarray, ceiling_db: float = PEAK_CEILING_DB,
          rate: int = RATE) -> np.ndarray:
    """A look-ahead peak limiter: a smooth gain under 1 wherever the (oversampled) signal
    would pass the ceiling; unchanged elsewhere."""
    from scipy.ndimage import maximum_filter1d, uniform_filter1d
    from scipy.signal import resample_poly

    ceiling = 10 ** (ceiling_db / 20)
    over = np.abs(resample_poly(samples.astype(np.float64), 4, 1)).reshape(-1, 4).max(axis=1)
    over = over[:len(samples)]
    if over.max(initial=0.0) <= ceiling:
        return samples
    window = max(1, int(0.005 * rate))                   # 5 ms attack and release
    need = np.minimum(1.0, ceiling / np.maximum(over, 1e-12))
    gain = -maximum_filter1d(-need, size=2 * window + 1)     # hold the lowest gain nearby
    gain = np.minimum(uniform_filter1d(gain, size=window), need)
    return (samples * gain).astype(samples.dtype)


def normalize(samples: np.ndarray, rate: int = RATE, target: float = TARGET_LUFS,
              ceiling_db: float = PEAK_CEILING_DB) -> np.ndarray:
    """Gain to ``target`` LUFS, then limit the peaks under ``ceiling_db``; the limiter
    lowers the loudness a little, so gain and limit again until within 0.2 LU."""
    for _ in range(4):
        level = lufs(samples, rate)
        if not np.isfinite(level):
            return samples
        if abs(level - target) < 0.2 and true_peak_db(samples) <= ceiling_db + 0.05:
            break
        samples = limit(samples * 10 ** ((target - level) / 20), ceiling_db, rate)
    return samples
