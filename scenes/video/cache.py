"""What decides a rendered part, and the store of finished parts.

A part is reused when the hash of everything that decides its pixels is unchanged: its
scene file, every other project file its last render read (recorded by the render
itself: scenes.video.deps), the story configuration, the voice, the quality and the manim
and PyAV versions.  A part never rendered has no recorded inputs, so it renders.

Store layout (under the cache folder):

    parts/<part>/<quality>/<key>/   video.mp4, sections.json, subtitles.srt, meta.json,
                                    audio.wav (the part's narration mix, when it speaks)
    speech/                         synthesised lines (scenes.speech.voice), shared
    deps/<part>.json                the project files the part's last render read
    work/<part>/                    manim's media_dir for that part (its segment cache)
    tex/                            LaTeX SVGs shared between parts and builds
    logs/<part>-<quality>.log       the last manim log of each part
    stats.json                      last render time of each part, for estimates

An entry is written into a temporary folder and renamed into place, so an interrupted
or failed render never leaves a half entry behind.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

BUILD_FORMAT = "nn-video-part-2"   # bump when what is stored in an entry changes
KEEP_ENTRIES = 3                   # per part and quality, most recent first

def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"


def part_key(part, *, root: Path, config_key: str, quality: str, deps: list[str],
             extra: str = "") -> str:
    """The hex digest that names a rendered part; any change to its inputs changes it.
    ``deps``: the project files (relative to root) that its render read."""
    h = hashlib.sha256()

    def add(label: str, value: str | bytes) -> None:
        data = value.encode() if isinstance(value, str) else value
        h.update(f"{label}:{len(data)}:".encode())
        h.update(data)

    add("format", BUILD_FORMAT)
    add("manim", _version("manim"))
    add("av", _version("av"))
    add("part", f"{part.name}/{part.scene}")
    add("quality", quality)
    add("config", config_key)
    add("extra", extra)
    for path in [Path(part.path), *sorted(root / name for name in deps)]:
        try:
            label = str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            label = str(path)
        add("file", label)
        add("content", path.read_bytes() if path.is_file() else b"<missing>")
    return h.hexdigest()[:20]


@dataclass
class Entry:
    """A finished part in the store."""

    folder: Path

    @property
    def video(self) -> Path:
        return self.folder / "video.mp4"

    @property
    def sections(self) -> Path:
        return self.folder / "sections.json"

    @property
    def subtitles(self) -> Path:
        return self.folder / "subtitles.srt"

    @property
    def audio(self) -> Path:
        return self.folder / "audio.wav"

    @property
    def meta_path(self) -> Path:
        return self.folder / "meta.json"

    def meta(self) -> dict:
        return json.loads(self.meta_path.read_text())

    def complete(self) -> bool:
        return self.video.is_file() and self.sections.is_file() and self.meta_path.is_file()


class Store:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    # -- finished parts -------------------------------------------------------------
    def entry(self, name: str, quality: str, key: str) -> Entry:
        return Entry(self.folder / "parts" / name / quality / key)

    def lookup(self, name: str, quality: str, key: str) -> Entry | None:
        entry = self.entry(name, quality, key)
        if entry.complete():
            os.utime(entry.meta_path)        # most recently used
            return entry
        return None

    def new_entry_dir(self, name: str, quality: str, key: str) -> Path:
        tmp = self.folder / "parts" / name / quality / f".tmp-{key}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        return tmp

    def commit(self, tmp: Path, name: str, quality: str, key: str) -> Entry:
        """Move a filled temporary folder into place, then prune old entries."""
        entry = self.entry(name, quality, key)
        if entry.folder.exists():
            shutil.rmtree(entry.folder)
        os.replace(tmp, entry.folder)
        self.prune(name, quality)
        return entry

    def prune(self, name: str, quality: str, keep: int = KEEP_ENTRIES) -> None:
        folder = self.folder / "parts" / name / quality
        entries = [Entry(p) for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")]
        entries.sort(key=lambda e: e.meta_path.stat().st_mtime if e.meta_path.exists() else 0,
                     reverse=True)
        for old in entries[keep:]:
            shutil.rmtree(old.folder, ignore_errors=True)

    # -- the rest of the cache ------------------------------------------------------
    def deps_path(self, name: str) -> Path:
        return self.folder / "deps" / f"{name}.json"

    def deps(self, name: str) -> list[str] | None:
        """The project files the part's last render read (None: never rendered here)."""
        try:
            files = json.loads(self.deps_path(name).read_text())
        except (OSError, ValueError):
            return None
        return files if isinstance(files, list) and files else None

    def save_deps(self, name: str, files: list[str]) -> None:
        write_atomic(self.deps_path(name), json.dumps(sorted(files), indent=0))

    @property
    def speech_dir(self) -> Path:
        return self.folder / "speech"

    def work_dir(self, name: str) -> Path:
        return self.folder / "work" / name

    @property
    def tex_dir(self) -> Path:
        return self.folder / "tex"

    def log_path(self, name: str, quality: str) -> Path:
        return self.folder / "logs" / f"{name}-{quality}.log"

    @property
    def stats_path(self) -> Path:
        return self.folder / "stats.json"

    def expected_seconds(self, name: str, quality: str) -> float | None:
        """How long this part took to render last time, if known."""
        try:
            return json.loads(self.stats_path.read_text())[quality][name]
        except (OSError, ValueError, KeyError):
            return None

    def record_seconds(self, name: str, quality: str, seconds: float) -> None:
        try:
            stats = json.loads(self.stats_path.read_text())
        except (OSError, ValueError):
            stats = {}
        stats.setdefault(quality, {})[name] = round(seconds, 2)
        write_atomic(self.stats_path, json.dumps(stats, indent=1, sort_keys=True))

    @contextmanager
    def locked(self, wait_message=None):
        """Hold the cache for one build at a time (two builds would race on work dirs)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / "lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if wait_message:
                    wait_message()
                fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def share_tex(source: Path, target: Path) -> int:
    """Hard-link (or copy) the LaTeX SVGs of source that target lacks; return how many.

    manim never rewrites an existing SVG (it returns it), so linking is safe; each part
    still compiles in its own folder, because manim deletes the folder's non-SVG files
    after each formula and two processes sharing one folder would race.
    """
    if not source.is_dir():
        return 0
    target.mkdir(parents=True, exist_ok=True)
    have = {p.name for p in target.iterdir()}
    added = 0
    for svg in source.glob("*.svg"):
        if svg.name in have:
            continue
        tmp = target / f".{svg.name}.{os.getpid()}.tmp"
        try:
            os.link(svg, tmp)
        except OSError:
            shutil.copyfile(svg, tmp)
        os.replace(tmp, target / svg.name)
        added += 1
    return added


def write_atomic(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    if isinstance(data, str):
        tmp.write_text(data, encoding="utf-8")
    else:
        tmp.write_bytes(data)
    os.replace(tmp, path)


class PartCache:
    """The store as one build sees it: the keys, lookups and commits of its parts at its
    quality.  The render loop asks it where to work, what to keep, and where."""

    def __init__(self, store: Store, *, root: Path, config_key: str, quality: str,
                 label: str, extra: str) -> None:
        self.store, self.root, self.config_key = store, Path(root), config_key
        self.quality, self.label, self.extra = quality, label, extra

    @property
    def folder(self) -> Path:
        return self.store.folder

    def key(self, part, files: list[str]) -> str:
        return part_key(part, root=self.root, config_key=self.config_key,
                        quality=self.quality, deps=files, extra=self.extra)

    def lookup(self, part) -> Entry | None:
        """The finished part, if nothing its last render read has changed."""
        files = self.store.deps(part.name)
        return self.store.lookup(part.name, self.quality, self.key(part, files)) \
            if files else None

    def commit(self, part, files: list[str] | None, folder: Path, scene: str,
               seconds: float, cpu_seconds: float | None):
        """Keep what a render left in ``folder`` (<scene>.mp4, .srt, .wav and
        sections/<scene>.json) under the key of the files it read; return the entry and
        the video's VideoInfo.  Raises if the video or its index cannot be read."""
        from .timeline import probe, read_sections

        video, sections = folder / f"{scene}.mp4", folder / "sections" / f"{scene}.json"
        info, section_list = probe(video), read_sections(sections)
        if files:
            self.store.save_deps(part.name, files)
        key = self.key(part, files) if files else "unrecorded"
        tmp = self.store.new_entry_dir(part.name, self.quality, key)
        os.replace(video, tmp / "video.mp4")
        shutil.copyfile(sections, tmp / "sections.json")
        for suffix, name in ((".srt", "subtitles.srt"), (".wav", "audio.wav")):
            if video.with_suffix(suffix).is_file():
                os.replace(video.with_suffix(suffix), tmp / name)
        (tmp / "meta.json").write_text(json.dumps({
            "name": part.name, "scene": part.scene, "key": key, "quality": self.quality,
            "label": self.label, "render_seconds": round(seconds, 3),
            "cpu_seconds": round(cpu_seconds, 3) if cpu_seconds is not None else None,
            "frames": info.frames, "duration": float(info.duration),
            "sections": section_list, "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }, indent=1))
        self.store.record_seconds(part.name, self.quality, seconds)
        return self.store.commit(tmp, part.name, self.quality, key), info

    def work_dir(self, part) -> Path:
        return self.store.work_dir(part.name)

    def log_path(self, part) -> Path:
        return self.store.log_path(part.name, self.quality)

    def expected_seconds(self, part) -> float | None:
        return self.store.expected_seconds(part.name, self.quality)
