"""Benchmark the video build: full builds at 480p15 and 1080p60, serial and parallel.

    .venv/bin/python benchmarks/render.py                      # everything (long at 1080p60)
    .venv/bin/python benchmarks/render.py --chapters intro mse --qualities low

It builds a snapshot of the last commit (git archive HEAD), so that files being edited
in the checkout meanwhile do not change what is measured.  For each quality and each
job count, one cold build (an empty cache: LaTeX, the story
run and every part from scratch) through the real command line, `python -m scenes.build`,
then, after the last of them, a rebuild with nothing changed.  It reports:

- the wall time of each build and its real-time factor (seconds of build per second of
  video; below 1 is faster than real time), and the CPU time the parts used;
- the no-change rebuild time;
- each part's render time, CPU time and video duration at each quality (from the serial
  build, where parts do not compete for the cores).

The table is printed and written to benchmarks/RENDER_RESULTS.md with the command, the
date, the commit and the machine's load (the machine may be shared: the load average
before and after each build is part of the result).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scenes.video.render import quality_named  # noqa: E402


def clock(seconds: float) -> str:
    seconds = int(round(seconds))
    m, s = divmod(seconds, 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def run_build(args: list[str], log: Path, source: Path) -> tuple[float, int]:
    start = time.monotonic()
    env = dict(os.environ, PYTHONPATH=str(source))
    env.pop("NN_STORY", None)
    with open(log, "w") as handle:
        code = subprocess.run([sys.executable, "-m", "scenes.build", *args], cwd=source,
                              stdout=handle, stderr=subprocess.STDOUT, env=env).returncode
    return time.monotonic() - start, code


def snapshot(work: Path) -> Path:
    """A copy of the committed tree: edits made in the checkout meanwhile do not count."""
    source = work / "src"
    source.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True,
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
    return source


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--chapters", nargs="+", help="only these parts (default: all that exist)")
    p.add_argument("--qualities", default="low,high", help="comma-separated (default low,high)")
    p.add_argument("--jobs", default="1,2", help="comma-separated job counts (default 1,2)")
    p.add_argument("--work", default=str(ROOT / "media" / "bench"),
                   help="scratch folder for caches and outputs (emptied first)")
    p.add_argument("--results", default=str(ROOT / "benchmarks" / "RENDER_RESULTS.md"))
    p.add_argument("--no-write", action="store_true", help="print only")
    p.add_argument("--build-args", default="",
                   help="more options for every build, e.g. \"--no-segment-cache\"")
    p.add_argument("--checkout", action="store_true",
                   help="build the working tree as it is, not a snapshot of the last commit")
    args = p.parse_args(argv)

    qualities = [quality_named(q) for q in args.qualities.split(",")]
    job_counts = [int(j) for j in args.jobs.split(",")]
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    source = ROOT if args.checkout else snapshot(work)
    chapter_args = ["--chapters", *args.chapters] if args.chapters else []
    command = "benchmarks/render.py " + " ".join(argv if argv is not None else sys.argv[1:])
    started = time.strftime("%Y-%m-%d %H:%M")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()

    builds, rebuilds, parts = [], {}, {}
    for quality in qualities:
        for jobs in job_counts:
            tag = f"{quality.name}-j{jobs}"
            out, cache = work / tag / "out", work / tag / "cache"
            build_args = [*chapter_args, "--quality", quality.name, "-j", str(jobs),
                          "--output-dir", str(out), "--cache-dir", str(cache), "--name", "bench",
                          *args.build_args.split()]
            load_before = os.getloadavg()[0]
            print(f"[bench] {tag}: cold build ...", file=sys.stderr, flush=True)
            seconds, code = run_build(build_args, work / f"{tag}.log", source)
            load_after = os.getloadavg()[0]
            if code != 0:
                print(f"[bench] {tag} failed (exit {code}); see {work / (tag + '.log')}",
                      file=sys.stderr)
                print((work / f"{tag}.log").read_text()[-3000:], file=sys.stderr)
                return 1
            manifest = json.loads((out / "bench.build.json").read_text())
            cpu = sum(part["cpu_seconds"] or 0 for part in manifest["parts"])
            builds.append(dict(quality=quality, jobs=jobs, seconds=seconds,
                               duration=manifest["duration"], cpu=cpu,
                               chapters=len(manifest["chapters"]),
                               parts=len(manifest["parts"]),
                               load=(load_before, load_after)))
            print(f"[bench] {tag}: {clock(seconds)} for {clock(manifest['duration'])} of video "
                  f"(RTF {seconds / manifest['duration']:.2f})", file=sys.stderr, flush=True)
            if jobs == min(job_counts) or quality.label not in parts:
                parts[quality.label] = manifest["parts"]
            if not args.no_write:           # partial results, in case a long run is stopped
                Path(args.results).write_text(
                    report(builds, rebuilds, parts, command, started, commit, args.checkout)
                    + "\n(in progress: more builds follow)\n")
            if jobs == job_counts[-1]:
                print(f"[bench] {tag}: rebuild with nothing changed ...", file=sys.stderr)
                again, code = run_build(build_args, work / f"{tag}-rebuild.log", source)
                rebuilt = json.loads((out / "bench.build.json").read_text())
                rendered = [p["name"] for p in rebuilt["parts"] if not p["cached"]]
                rebuilds[quality.label] = (again, rendered)

    text = report(builds, rebuilds, parts, command, started, commit, args.checkout)
    print(text)
    if not args.no_write:
        Path(args.results).write_text(text)
        print(f"[bench] written to {args.results}", file=sys.stderr)
    return 0


def report(builds, rebuilds, parts, command, started, commit, checkout=False) -> str:
    lines = [
        "# Video build benchmark",
        "",
        f"- Command: `.venv/bin/python {command.strip()}`",
        f"- Date: {started}; built from {'the working tree at' if checkout else 'a snapshot of'} "
        f"commit {commit}",
        f"- Machine: {os.cpu_count()} cores, {platform.machine()}, Python "
        f"{platform.python_version()}; shared with other work, so the load average "
        "(1 min) before and after each build is given",
        "- Each build is cold: empty cache (LaTeX, story run, every part), through "
        "`python -m scenes.build`. RTF = build wall time / video duration (< 1 is faster "
        "than real time). CPU = the parts' manim processes, LaTeX included.",
        "",
        "## Full builds",
        "",
        "| quality | jobs | video | chapters | build (wall) | RTF | parts' CPU | CPU per video s | load before / after |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for b in builds:
        lines.append(
            f"| {b['quality'].label} | {b['jobs']} | {clock(b['duration'])} | {b['chapters']} | "
            f"{clock(b['seconds'])} | {b['seconds'] / b['duration']:.2f} | {clock(b['cpu'])} | "
            f"{b['cpu'] / b['duration']:.2f} | {b['load'][0]:.1f} / {b['load'][1]:.1f} |")
    lines += ["", "## Rebuild with nothing changed", "",
              "| quality | rebuild (wall) | parts re-rendered |", "|---|---|---|"]
    for label, (seconds, rendered) in rebuilds.items():
        lines.append(f"| {label} | {seconds:.1f} s | {', '.join(rendered) or 'none'} |")
    labels = list(parts)
    names = [p["name"] for p in parts[labels[0]]] if labels else []
    fewest = min((b["jobs"] for b in builds), default=1)
    lines += ["", "## Parts (serial build)" if fewest == 1 else
              f"## Parts (from the build of {fewest} jobs: parts shared the cores)", "",
              "| part | " + " | ".join(f"{l} video | {l} render | {l} CPU | {l} RTF"
                                     for l in labels) + " |",
              "|---|" + "---|---|---|---|" * len(labels)]
    for name in names:
        cells = []
        for label in labels:
            part = next((p for p in parts[label] if p["name"] == name), None)
            if part is None or part["render_seconds"] is None:
                cells.append("| | | ")
                continue
            cells.append(f"{clock(part['duration'])} | {part['render_seconds']:.0f} s | "
                         f"{(part['cpu_seconds'] or 0):.0f} s | "
                         f"{part['render_seconds'] / part['duration']:.2f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
