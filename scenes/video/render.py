"""Render parts in parallel manim subprocesses; keep their logs aside unless one fails.

Each part runs as `python -m manim render <file> <Scene> -q<x> --save_sections` with its
own media_dir (cache/work/<part>: manim's segment cache, LaTeX and text SVGs), the story
configuration in $NN_STORY, and its output captured in cache/logs/<part>-<quality>.log.
Finished outputs move into the store (cache.Store) through a temporary folder.  The
longest parts (by their last render time) start first, to shorten the whole build.
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from ..story import ENV_VAR, RECORDS_ENV
from . import deps
from .cache import Entry, PartCache, Store, share_tex, write_atomic
from .manim_main import PARENT_ENV
from .progress import Progress

LOG_TAIL_LINES = 30
SPEECH_MARK = "[speech] synthesised"      # what scenes.speech.voice logs per new line
SPEECH_REPORT_EVERY = 20.0                # seconds between synthesis progress lines


@dataclass(frozen=True)
class Quality:
    name: str          # low, medium, high, 4k
    flag: str          # manim's -q letter
    label: str         # manim's folder name: <height>p<fps>

    @property
    def height(self) -> int:
        return int(self.label.split("p")[0])

    @property
    def fps(self) -> int:
        return int(self.label.split("p")[1])


QUALITIES = {
    "low": Quality("low", "l", "480p15"),
    "medium": Quality("medium", "m", "720p30"),
    "high": Quality("high", "h", "1080p60"),
    "4k": Quality("4k", "k", "2160p60"),
}
DEFAULT_QUALITY = "high"


def quality_named(text: str) -> Quality:
    """A quality by name (low, high, 4k...) or by label (480p15, 1080p60, 2160p60)."""
    key = text.strip().lower()
    for quality in QUALITIES.values():
        if key in (quality.name, quality.label, quality.flag):
            return quality
    if key in ("2160p", "uhd"):
        return QUALITIES["4k"]
    raise ValueError(f"unknown quality {text!r}; expected one of "
                     + ", ".join(f"{q.name} ({q.label})" for q in QUALITIES.values()))


@dataclass(frozen=True)
class PartSpec:
    """A part to render: a scene file and the Scene class in it (scenes.chapters.Part fits)."""

    name: str
    scene: str
    path: Path


@dataclass
class Failure:
    name: str
    path: Path
    scene: str
    returncode: int | None
    seconds: float
    log: Path
    tail: str

    def report(self) -> str:
        return (f"part {self.name} failed ({self.path}, scene {self.scene}, exit code "
                f"{self.returncode}, after {self.seconds:.1f} s). Last lines of its log "
                f"({self.log}):\n{self.tail}")


def manim_config_file(store: Store, root: Path) -> Path:
    """The project's manim.cfg plus build settings (manim reads only one custom file)."""
    parser = configparser.ConfigParser()
    project_cfg = root / "manim.cfg"
    if project_cfg.is_file():
        parser.read(project_cfg)
    if not parser.has_section("CLI"):
        parser.add_section("CLI")
    parser.set("CLI", "max_files_cached", "2000")   # keep every segment of a long part
    target = store.folder / "manim.cfg"
    lines = []
    for section in parser.sections():
        lines.append(f"[{section}]")
        lines += [f"{k} = {v}" for k, v in parser.items(section)]
    write_atomic(target, "\n".join(lines) + "\n")
    return target


# x264 settings for the parts.  manim's default is crf 23 at preset "medium"; "veryfast"
# with the "animation" tune at crf 20 gives the same PSNR on these scenes (flat colours,
# thin lines) for about a third less encoding time and a slightly larger file.  At
# 1080p60 encoding is about half of a part's CPU time, so this matters.
# --encoder-option preset=medium (etc.) on the command line overrides any of them.
ENCODER_OPTIONS = {"preset": "veryfast", "tune": "animation", "crf": "20"}
INFLIGHT_ENCODERS = 2      # encode one animation while the next one renders


def manim_arguments(quality: Quality, encoder_options: dict[str, str] | None = None) -> list[str]:
    """The render flags that decide the output (part of the cache key)."""
    args = [f"-q{quality.flag}", "--save_sections", "--format", "mp4",
            "--max-inflight-encoders", str(INFLIGHT_ENCODERS)]
    options = {**ENCODER_OPTIONS, **(encoder_options or {})}
    for key, value in sorted(options.items()):
        if value != "":                         # KEY= removes a default
            args += ["--encoder-option", f"{key}={value}"]
    return args


def _relative(path: Path, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(root.resolve()))
    except ValueError:
        return str(Path(path).resolve())


class _Running:
    def __init__(self, part, process: subprocess.Popen, log, started: float,
                 out_dir: Path) -> None:
        self.part, self.process, self.log = part, process, log
        self.started, self.out_dir = started, out_dir
        self.cpu_seconds: float | None = None
        self.speech_lines = 0                     # lines of narration synthesised so far

    def count_speech(self, log_path: Path) -> int:
        """New lines of narration this render has synthesised since the last count."""
        try:
            total = log_path.read_text(errors="replace").count(SPEECH_MARK)
        except OSError:
            return 0
        new, self.speech_lines = total - self.speech_lines, total
        return new


def _reap(run: _Running) -> bool:
    """True when the render has ended; notes its CPU time (with LaTeX's) from wait4."""
    try:
        pid, status, usage = os.wait4(run.process.pid, os.WNOHANG)
    except ChildProcessError:                     # already reaped
        return run.process.poll() is not None
    if pid == 0:
        return False
    run.process.returncode = os.waitstatus_to_exitcode(status)
    run.cpu_seconds = usage.ru_utime + usage.ru_stime
    return True


UNFINISHED = "render.unfinished"   # in a part's work folder while its render has not succeeded


def render_parts(parts: list, *, options, cache: PartCache, progress: Progress,
                 story_file: Path | None = None
                 ) -> tuple[dict[str, tuple[Entry, float]], list[Failure]]:
    """Render ``parts``, up to ``options.jobs`` at a time, into ``cache``.

    Each render records the project files it read (scenes.video.deps); the cache keeps
    the finished part under the key of those files, the key its next build looks for.
    Returns the finished entries by part name (with render seconds) and the failures.
    After a failure no new part starts (unless options.keep_going); running ones finish,
    so their work is cached.
    """
    renders = _Renders(parts, options, cache, progress, story_file)
    renders.run()
    return renders.done, renders.failures


def render_env(options, cache: PartCache, story_file: Path | None) -> dict[str, str]:
    """The environment of every part's render process."""
    env = dict(os.environ)
    for name in (ENV_VAR, RECORDS_ENV):
        env.pop(name, None)
    env.update(options.render_env())
    if story_file is not None:
        env[RECORDS_ENV] = str(story_file)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(options.root),
                                                      env.get("PYTHONPATH")]))
    env["NN_SPEECH_CACHE"] = str(cache.store.speech_dir)
    env[deps.ROOT_ENV] = str(Path(options.root).resolve())
    env[deps.IGNORE_ENV] = str(cache.folder.resolve())
    env["PYTHONUNBUFFERED"] = "1"
    env["COLUMNS"] = "200"                     # fewer wrapped log lines
    env[PARENT_ENV] = str(os.getpid())         # a render ends when the build does
    return env


class _Renders:
    """The parts' render processes: launched up to options.jobs at a time, reaped,
    their videos committed to the cache, their failures reported."""

    def __init__(self, parts, options, cache: PartCache, progress: Progress,
                 story_file: Path | None) -> None:
        self.options, self.cache, self.progress = options, cache, progress
        self.env = render_env(options, cache, story_file)
        self.cfg = manim_config_file(cache.store, options.root)
        self.pending = deque(longest_first(parts, cache))
        self.running: list[_Running] = []
        self.done: dict[str, tuple[Entry, float]] = {}
        self.failures: list[Failure] = []

    def run(self) -> None:
        last_speech_report = time.monotonic()
        try:
            while self.pending or self.running:
                while self.pending and len(self.running) < max(1, self.options.jobs):
                    self.launch(self.pending.popleft())
                time.sleep(0.1)
                if time.monotonic() - last_speech_report > SPEECH_REPORT_EVERY:
                    for run in self.running:
                        self.report_speech(run)
                    last_speech_report = time.monotonic()
                for run in list(self.running):
                    if _reap(run):
                        self.report_speech(run, final=True)
                        self.running.remove(run)
                        self.collect(run)
                self.progress.tick()
        except BaseException:
            for run in self.running:
                _terminate(run.process)
                run.log.close()
            raise

    def launch(self, part) -> None:
        root, cache = self.options.root, self.cache
        work = cache.work_dir(part)
        share_tex(cache.store.tex_dir, work / "Tex")
        out_dir = work / "videos" / Path(part.path).stem / self.options.quality.label
        for stale in (out_dir / f"{part.scene}.{suffix}" for suffix in ("mp4", "srt", "wav")):
            stale.unlink(missing_ok=True)
        shutil.rmtree(out_dir / "sections", ignore_errors=True)
        unfinished = work / UNFINISHED
        if unfinished.exists():
            # the last render of this part was killed or failed: a partial movie it was
            # writing may be truncated, and manim would reuse it by its name
            shutil.rmtree(out_dir / "partial_movie_files", ignore_errors=True)
        unfinished.parent.mkdir(parents=True, exist_ok=True)
        unfinished.touch()
        log_path = cache.log_path(part)
        log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(log_path, "w")
        command = [sys.executable, "-m", "scenes.video.manim_main", "render",
                   _relative(part.path, root), part.scene, *self.options.manim_args,
                   "--media_dir", str(work), "-c", str(self.cfg),
                   "--progress_bar", "none", "-v", "INFO"]
        log.write("$ " + " ".join(command) + "\n\n")
        log.flush()
        self.progress.started(part.name)
        deps_file = work / "deps.json"
        deps_file.unlink(missing_ok=True)
        process = subprocess.Popen(command, cwd=root, env={**self.env, deps.ENV: str(deps_file)},
                                   stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        self.running.append(_Running(part, process, log, time.monotonic(), out_dir))

    def collect(self, run: _Running) -> None:
        part, seconds = run.part, time.monotonic() - run.started
        run.log.close()
        problem, entry, info = self.check(run, seconds)
        if problem is not None:
            self.fail(run, seconds, problem)
            return
        (self.cache.work_dir(part) / UNFINISHED).unlink(missing_ok=True)
        share_tex(self.cache.work_dir(part) / "Tex", self.cache.store.tex_dir)
        self.done[part.name] = (entry, seconds)
        self.progress.finished(part.name, seconds, float(info.duration))

    def check(self, run: _Running, seconds: float):
        """(problem or None, cache entry, video info) of a finished render."""
        part, code = run.part, run.process.returncode
        if code != 0:
            return f"exit code {code}", None, None
        if not (run.out_dir / f"{part.scene}.mp4").is_file() \
                or not (run.out_dir / "sections" / f"{part.scene}.json").is_file():
            return f"manim wrote no video for scene {part.scene}", None, None
        try:
            entry, info = self.cache.commit(
                part, _read_deps(self.cache.work_dir(part) / "deps.json"), run.out_dir,
                part.scene, seconds, run.cpu_seconds)
        except Exception as error:          # a broken video, an unreadable index
            return f"its output could not be read: {error}", None, None
        return None, entry, info

    def fail(self, run: _Running, seconds: float, problem: str) -> None:
        part = run.part
        log_path = self.cache.log_path(part)
        self.failures.append(Failure(part.name, Path(part.path), part.scene,
                                     run.process.returncode, seconds, log_path,
                                     _tail(log_path, problem)))
        self.progress.failed(part.name)
        self.progress.say("FAILED " + self.failures[-1].report())
        if not self.options.keep_going:
            for part_left in self.pending:
                self.progress.skipped(part_left.name)
            self.pending.clear()

    def report_speech(self, run: _Running, final: bool = False) -> None:
        new = run.count_speech(self.cache.log_path(run.part))
        if new:
            self.progress.say(f"{run.part.name}: synthesised {new} line(s) of narration "
                              f"({run.speech_lines} {'in all' if final else 'so far'})")


def longest_first(parts, cache: PartCache) -> list:
    """The parts, the longest expected render first (a shorter build on N cores).

    A part's expected time is its last render time at this quality; a part never rendered
    is guessed from its scene file's size at the rate of the parts that were.
    """
    known = {p.name: cache.expected_seconds(p) for p in parts}
    size = {p.name: max(Path(p.path).stat().st_size, 1) for p in parts}
    rated = [p.name for p in parts if known[p.name]]
    rate = (sum(known[n] for n in rated) / sum(size[n] for n in rated)) if rated else 0.01
    expected = {n: known[n] or size[n] * rate for n in size}
    return sorted(parts, key=lambda p: -expected[p.name])


def _read_deps(path: Path) -> list[str] | None:
    try:
        files = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return [f for f in files if isinstance(f, str)] or None


def _tail(log_path: Path, problem: str) -> str:
    try:
        lines = log_path.read_text(errors="replace").splitlines()
    except OSError:
        lines = []
    lines = [line.rstrip() for line in lines if line.strip()]
    return "\n".join(["    " + line for line in lines[-LOG_TAIL_LINES:]] + [f"    ({problem})"])


def _terminate(process: subprocess.Popen) -> None:
    """Stop a render we started, with its children (it runs in its own session)."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
