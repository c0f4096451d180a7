"""Build the whole explainer with one command: every part, the full cut, chapters,
subtitles and a thumbnail.

    python -m scenes.build [options]        (also: python -m scenes, nn-video, ./run.sh video)

    --chapters intro mse ...  only these parts (names of files in scenes/; see --list)
    --quality low|medium|high|4k   480p15 draft, 720p30, 1080p60 (default), 2160p60
    --config story.toml       the story run (architecture, activation, data set...); the
                              default is the video's XOR network, or $NN_STORY if set
    --output-dir DIR          where the outputs go (default: media/)
    --name NAME               the outputs' base name (default: nn-from-scratch, or the
                              config file's name)
    -j/--jobs N               parts rendered at once (default: the machine's cores)
    --voice piper|none        the narrator: Piper's "joe" (default), or none for the
                              silent draft timed at reading speed (no speech packages)
    --voice-speed X           how fast the voice speaks, 0.5 to 2.0 (default 1.0)

Outputs in the output folder:

    <name>.mp4            the full video, chapter markers in its metadata
    <name>.chapters.txt   the YouTube chapter list: `00:00 Intro` ...
    <name>.srt            the subtitles (the narration as written), for the full video
    <name>.png            the thumbnail: the decision boundary with the title
    <name>.build.json     what was built: parts, render times, chapters

Each part is rendered once per change: a part whose scene file, every project file its
last render read (recorded by the render), the configuration, the voice, the quality
and the manim version are unchanged is taken from the cache (media/build-cache by
default).  Bad configuration, unknown chapter
names and missing system packages are reported before anything renders.  A part that
fails is named with the end of its log; the outputs of earlier builds stay as they were.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from .speech.voice import VoiceError, VoiceSettings, check_available
from .story import ENV_VAR, ConfigError, StoryConfig, voice_settings
from .video import chapters_list, subtitles
from .video.cache import Store, part_key, write_atomic
from .video.progress import Progress, clock
from .video.render import (DEFAULT_QUALITY, QUALITIES, Failure, Quality, manim_arguments,
                           quality_named, render_parts)
from .video.stitch import StitchError, stitch
from .video.storyfile import prepare_story
from .video.system import MissingDependency, check_system
from .video.thumbnail import write_thumbnail
from .video.timeline import Chapter, PartVideo, lay_out, probe, read_sections

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_NAME = "nn-from-scratch"
THUMBNAIL_PART = "decision_boundary"


class BuildError(Exception):
    """Bad input, found before rendering: exit code 2."""


class RenderError(Exception):
    """A part failed to render: exit code 1.  Earlier outputs are untouched."""

    def __init__(self, message: str, failures: list[Failure]) -> None:
        super().__init__(message)
        self.failures = failures


@dataclass
class BuildResult:
    video: Path
    chapter_list: Path
    subtitles: Path
    thumbnail: Path | None
    manifest: Path
    chapters: list[Chapter]
    parts: list[PartVideo]
    rendered: list[str]
    cached: list[str]
    seconds: float
    duration: Fraction
    warnings: list[str] = field(default_factory=list)


# -- input ------------------------------------------------------------------------------
def load_config(path: str | os.PathLike | None) -> tuple[StoryConfig, Path | None]:
    """The story configuration (validated by StoryConfig) and its file, if any."""
    if path is None and os.environ.get(ENV_VAR):
        path = os.environ[ENV_VAR]
    if path is None:
        return StoryConfig(), None
    path = Path(path)
    try:
        return StoryConfig.from_toml(path), path.resolve()
    except ConfigError as error:
        text = str(error)
        raise BuildError(text if str(path) in text else f"configuration {path}: {text}") from None
    except TypeError as error:          # a value of the wrong type reaching the dataclass
        raise BuildError(f"configuration {path}: {error}") from None


def select_parts(parts, names: list[str] | None) -> list:
    """The parts to build, in the outline's order; unknown names fail with the valid ones."""
    parts = list(parts)
    known = [p.name for p in parts]
    existing = [p for p in parts if Path(p.path).is_file()]
    if not names:
        if not existing:
            raise BuildError("no chapter has a scene file yet; expected files such as "
                             + ", ".join(str(p.path) for p in parts[:3]))
        return existing
    wanted = []
    for raw in names:
        wanted += [n.strip() for n in raw.split(",") if n.strip()]
    for name in wanted:
        if name not in known:
            raise BuildError(f"chapters: unknown chapter {name!r}; expected names among: "
                             + ", ".join(known))
        part = parts[known.index(name)]
        if not Path(part.path).is_file():
            raise BuildError(f"chapters: chapter {name!r} has no scene file yet "
                             f"({part.path}); existing: "
                             + (", ".join(p.name for p in existing) or "none"))
    return [p for p in parts if p.name in wanted]


def default_name(config_path: Path | None, selected: list, all_parts: list) -> str:
    base = config_path.stem if config_path else DEFAULT_NAME
    names = [p.name for p in selected]
    if len(selected) == len([p for p in all_parts if Path(p.path).is_file()]):
        return base
    return base + "-" + ("-".join(names) if len(names) <= 3 else f"{names[0]}-to-{names[-1]}")


def resolve_voice(config_path: Path | None, engine: str | None,
                  speed: float | None) -> VoiceSettings:
    """The narrator: the command line's --voice/--voice-speed, over $NN_VOICE, over the
    configuration's [voice] table; refused before rendering if it cannot speak here."""
    try:
        settings = voice_settings(config_path)
        settings = VoiceSettings(engine=(engine or settings.engine).strip().lower(),
                                 speed=settings.speed if speed is None else speed)
        check_available(settings)
    except (VoiceError, ConfigError) as error:
        raise BuildError(str(error)) from None
    return settings


def check_name(name: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._+-]*", name or ""):
        raise BuildError(f"name: expected letters, digits, '.', '_', '+' or '-' "
                         f"(it names files), got {name!r}")
    return name


# -- the build --------------------------------------------------------------------------
def build(*, parts=None, chapters: list[str] | None = None,
          quality: str | Quality = DEFAULT_QUALITY, output_dir=None, config=None,
          name: str | None = None, jobs: int | None = None, cache_dir=None,
          root: Path = ROOT, system_check: bool = True, keep_going: bool = False,
          preload_story: bool = True,
          segment_cache: bool = True,
          encoder_options: dict[str, str] | None = None, voice: str | None = None,
          voice_speed: float | None = None, stream=None) -> BuildResult:
    """Render what changed, then write the video, chapter list, subtitles and thumbnail.

    parts: the part registry (default scenes.chapters.PARTS); tests pass their own.
    Raises BuildError for bad input (before rendering) and RenderError if a part fails.
    """
    started = time.monotonic()
    stream = stream or sys.stderr

    def say(text: str) -> None:
        print(f"[build] {text}", file=stream, flush=True)

    # Everything that can be wrong with the input is found before rendering.
    if parts is None:
        from .chapters import PARTS
        parts = PARTS
    parts = list(parts)
    story_config, config_path = load_config(config)
    selected = select_parts(parts, chapters)
    try:
        quality = quality if isinstance(quality, Quality) else quality_named(quality)
    except ValueError as error:
        raise BuildError(f"quality: {error}") from None
    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise BuildError(f"jobs: expected a positive number of parallel renders, got {jobs!r}")
    name = check_name(name or default_name(config_path, selected, parts))
    narrator = resolve_voice(config_path, voice, voice_speed)
    output_dir = Path(output_dir) if output_dir else root / "media"
    store = Store(Path(cache_dir) if cache_dir else root / "media" / "build-cache")
    if system_check:
        check_system()

    extra_args = manim_arguments(quality, encoder_options)
    jobs = jobs or os.cpu_count() or 1
    with store.locked(lambda: say(f"another build holds {store.folder}; waiting for it")):
        def key_of(part, files: list[str]) -> str:
            return part_key(part, root=root, config_key=story_config.key(),
                            quality=quality.name, deps=files,
                            extra=" ".join(extra_args) + f" voice={narrator.key()}")

        cached, todo = {}, []
        for part in selected:
            files = store.deps(part.name)         # what its last render read, if any
            key = key_of(part, files) if files else None
            entry = store.lookup(part.name, quality.name, key) if key else None
            if entry is not None:
                cached[part.name] = entry
            else:
                todo.append((part, key or "new"))
        say(f"{len(selected)} part(s) at {quality.label} ({quality.name}): {len(cached)} "
            f"unchanged, {len(todo)} to render"
            + (f", up to {min(jobs, len(todo))} at a time" if todo else ""))
        progress = Progress([p.name for p, _ in todo],
                            {p.name: store.expected_seconds(p.name, quality.name)
                             for p, _ in todo}, min(jobs, max(len(todo), 1)), stream,
                            weights={p.name: Path(p.path).stat().st_size for p, _ in todo})
        story_file = None
        if todo and preload_story:
            say("the story run: computed once here, read by every part")
            try:
                story_file = prepare_story(store, story_config, root)
            except Exception as error:
                raise BuildError(f"the story run for this configuration failed before "
                                 f"rendering: {type(error).__name__}: {error}") from error
        done, failures = render_parts(todo, store=store, quality=quality, root=root,
                                      config_path=config_path, jobs=jobs, progress=progress,
                                      extra_args=extra_args + ([] if segment_cache
                                                               else ["--disable_caching"]),
                                      stop_on_failure=not keep_going,
                                      story_file=story_file,
                                      env_extra={"NN_VOICE": narrator.engine,
                                                 "NN_VOICE_SPEED": str(narrator.speed),
                                                 "NN_SPEECH_CACHE": str(store.speech_dir)},
                                      key_of=key_of)
        if failures:
            names = ", ".join(f.name for f in failures)
            target = output_dir / f"{name}.mp4"
            kept = (f"the earlier {target} and its files are unchanged" if target.exists()
                    else f"nothing in {output_dir} was changed")
            raise RenderError(f"{len(failures)} part(s) failed: {names}. No video was written; "
                              f"{kept}. Parts rendered meanwhile are cached.", failures)

        videos = []
        for part in selected:
            entry, seconds = done[part.name] if part.name in done else (cached[part.name], None)
            videos.append(PartVideo(name=part.name, scene=part.scene, video=entry.video,
                                    info=probe(entry.video),
                                    sections=read_sections(entry.sections),
                                    subtitles=entry.subtitles if entry.subtitles.is_file() else None,
                                    audio=entry.audio if entry.audio.is_file() else None,
                                    rendered_seconds=seconds,
                                    cpu_seconds=entry.meta().get("cpu_seconds")))
        return _assemble(videos, story_config, quality, output_dir, name, started, say)


def _assemble(videos: list[PartVideo], story_config: StoryConfig, quality: Quality,
              output_dir: Path, name: str, started: float, say) -> BuildResult:
    chapters, starts = lay_out(videos)
    duration = sum((v.info.duration for v in videos), Fraction(0))
    output_dir.mkdir(parents=True, exist_ok=True)
    video_path = output_dir / f"{name}.mp4"
    stitch(videos, chapters, video_path, title=story_config.title)

    srt_path = output_dir / f"{name}.srt"
    write_atomic(srt_path, subtitles.compose(subtitles.merge(videos, starts)))

    list_path = output_dir / f"{name}.chapters.txt"
    lines = chapters_list.chapter_lines(chapters)
    write_atomic(list_path, "\n".join(lines) + "\n")

    warnings = [w for v in videos for w in v.warnings] + chapters_list.youtube_warnings(chapters)

    thumb_path = output_dir / f"{name}.png"
    source = next((v for v in videos if v.name == THUMBNAIL_PART), videos[-1])
    own = [ch for ch in chapters if ch.part == source.name]
    offset = starts[videos.index(source)]
    subtitle = (f"{story_config.dataset.upper() if story_config.dataset == 'xor' else story_config.dataset}"
                f" · {'-'.join(map(str, story_config.layers))} · {story_config.activation}")
    try:
        write_thumbnail(source.video, thumb_path, story_config.title,
                        own[-1].start - offset, own[-1].end - offset, subtitle)
    except Exception as error:         # a thumbnail must not cost the whole build
        warnings.append(f"no thumbnail: {error}")
        thumb_path = None

    seconds = time.monotonic() - started
    rendered = [v.name for v in videos if v.rendered_seconds is not None]
    cached = [v.name for v in videos if v.rendered_seconds is None]
    manifest = output_dir / f"{name}.build.json"
    write_atomic(manifest, json.dumps({
        "name": name, "quality": quality.name, "resolution": quality.label,
        "config": {k: list(v) if isinstance(v, tuple) else v
                   for k, v in dataclasses.asdict(story_config).items()},
        "duration": float(duration), "frames": sum(v.info.frames for v in videos),
        "build_seconds": round(seconds, 3), "built": time.strftime("%Y-%m-%d %H:%M:%S"),
        "parts": [{"name": v.name, "scene": v.scene, "cached": v.rendered_seconds is None,
                   "render_seconds": v.rendered_seconds, "cpu_seconds": v.cpu_seconds,
                   "duration": float(v.info.duration),
                   "frames": v.info.frames, "start": float(s)}
                  for v, s in zip(videos, starts)],
        "chapters": [{"title": c.title, "part": c.part, "start": float(c.start),
                      "end": float(c.end)} for c in chapters],
        "outputs": {"video": video_path.name, "chapters": list_path.name,
                    "subtitles": srt_path.name,
                    "thumbnail": thumb_path.name if thumb_path else None},
    }, indent=1))

    for warning in warnings:
        say(f"note: {warning}")
    say(f"built {video_path} ({clock(float(duration))}, {len(chapters)} chapters; "
        f"{len(rendered)} part(s) rendered, {len(cached)} from the cache) in {clock(seconds)}")
    return BuildResult(video=video_path, chapter_list=list_path, subtitles=srt_path,
                       thumbnail=thumb_path, manifest=manifest, chapters=chapters,
                       parts=videos, rendered=rendered, cached=cached, seconds=seconds,
                       duration=duration, warnings=warnings)


# -- command line -----------------------------------------------------------------------
def parser() -> argparse.ArgumentParser:
    qualities = ", ".join(f"{q.name} ({q.label})" for q in QUALITIES.values())
    p = argparse.ArgumentParser(
        prog="python -m scenes.build",
        description="Render the explainer's parts (only what changed), then write the full "
                    "video with chapters, its YouTube chapter list, subtitles and thumbnail.")
    p.add_argument("--chapters", nargs="+", metavar="NAME",
                   help="only these parts, by file name in scenes/ (see --list); "
                        "space- or comma-separated")
    p.add_argument("-q", "--quality", default=DEFAULT_QUALITY,
                   help=f"{qualities}; default {DEFAULT_QUALITY}")
    p.add_argument("--config", metavar="FILE.toml",
                   help=f"story configuration (default: the video's XOR network, or ${ENV_VAR})")
    p.add_argument("-o", "--output-dir", metavar="DIR", help="output folder (default: media/)")
    p.add_argument("--name", help=f"base name of the outputs (default: {DEFAULT_NAME}, or the "
                                  "config file's name)")
    p.add_argument("-j", "--jobs", type=int, help="parts rendered at once (default: all cores)")
    p.add_argument("--cache-dir", metavar="DIR", help="render cache (default: media/build-cache)")
    p.add_argument("--keep-going", action="store_true",
                   help="keep rendering the other parts after one fails")
    p.add_argument("--encoder-option", action="append", default=[], metavar="KEY=VALUE",
                   help="an x264 option for the parts, over the build's preset=veryfast "
                        "tune=animation crf=20, such as preset=medium; KEY= drops one "
                        "(repeatable; part of the cache key)")
    p.add_argument("--no-segment-cache", action="store_true",
                   help="skip manim's per-animation cache (hashing each animation costs "
                        "about 15%% at 480p15; it saves re-rendering the unchanged "
                        "animations of a changed part)")
    p.add_argument("--voice", choices=["piper", "none"],
                   help="the narrator: piper (default; Piper's en_US 'joe', offline) or none "
                        "(the silent draft, timed at reading speed)")
    p.add_argument("--voice-speed", type=float, metavar="X",
                   help="speaking speed, 0.5 to 2.0 (default 1.0, or the config's [voice])")
    p.add_argument("--list", action="store_true", help="list the parts and exit")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.list:
        from .chapters import PARTS
        for part in PARTS:
            state = "" if part.path.is_file() else "  (no scene file yet)"
            print(f"{part.name:22} {part.scene:20} chapters {', '.join(map(str, part.chapters))}{state}")
        return 0
    options = {}
    for item in args.encoder_option:
        key, sep, value = item.partition("=")
        if not sep or not key:
            print(f"error: --encoder-option: expected KEY=VALUE, got {item!r}", file=sys.stderr)
            return 2
        options[key] = value
    try:
        result = build(chapters=args.chapters, quality=args.quality, output_dir=args.output_dir,
                       config=args.config, name=args.name, jobs=args.jobs,
                       cache_dir=args.cache_dir, keep_going=args.keep_going,
                       encoder_options=options or None,
                       segment_cache=not args.no_segment_cache, voice=args.voice,
                       voice_speed=args.voice_speed)
    except (BuildError, MissingDependency) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (RenderError, StitchError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted; earlier outputs are unchanged", file=sys.stderr)
        return 130
    print(f"video:     {result.video}")
    print(f"chapters:  {result.chapter_list}")
    print(f"subtitles: {result.subtitles}")
    print(f"thumbnail: {result.thumbnail or '(none)'}")
    print()
    print(result.chapter_list.read_text(), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
