"""Build the whole explainer with one command: every part, the full cut, chapters,
subtitles and a thumbnail.

    python -m scenes.build [options]        (also: python -m scenes, nn-video, ./run.sh video)

    --video nn|cnn            which video: nn (the first, the default) or cnn (the
                              sequel on convolutional networks: cnn-from-scratch.*)
    --chapters intro mse ...  only these parts of the video (files in scenes/; see --list)
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
import hashlib
import json
import signal
import sys
import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from .chapters import video_named
from .story import ENV_VAR, beyond_config
from .video import chapters_list, subtitles
from .video.cache import PartCache, Store, write_atomic
from .video.options import DEFAULT_NAME, BuildError, BuildOptions
from .video.progress import Progress, clock
from .video.render import DEFAULT_QUALITY, QUALITIES, Failure, render_parts
from .video.stitch import StitchError, stitch
from .video.storyfile import prepare_story
from .video.system import MissingDependency, check_system
from .video.thumbnail import write_thumbnail
from .video.timeline import Chapter, PartVideo, lay_out, probe, read_sections

THUMBNAIL_PART = video_named().thumbnail_part     # the first video's; each video names its own


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


# -- the build --------------------------------------------------------------------------
def build(options: BuildOptions | None = None, *, stream=None, **arguments) -> BuildResult:
    """Render what changed, then write the video, chapter list, subtitles and thumbnail.

    ``options``: a BuildOptions, or the keyword ``arguments`` of BuildOptions.create
    (chapters=, quality=, config=, voice=...), checked before anything renders.
    Raises BuildError for bad input and RenderError if a part fails.
    """
    started = time.monotonic()
    stream = stream or sys.stderr

    def say(text: str) -> None:
        print(f"[build] {text}", file=stream, flush=True)

    options = options or BuildOptions.create(**arguments)
    if options.system_check:
        check_system()
    store, quality = Store(options.cache_dir), options.quality
    cache = PartCache(store, root=options.root, config_key=_config_key(options),
                      quality=quality.name, label=quality.label, extra=options.key_extra)
    with store.locked(lambda: say(f"another build holds {store.folder}; waiting for it")):
        cached = {part.name: cache.lookup(part) for part in options.parts}
        todo = [part for part in options.parts if cached[part.name] is None]
        jobs = min(options.jobs, max(len(todo), 1))
        say(f"{len(options.parts)} part(s) at {quality.label} ({quality.name}): "
            f"{len(options.parts) - len(todo)} unchanged, {len(todo)} to render"
            + (f", up to {jobs} at a time" if todo else ""))
        progress = Progress([p.name for p in todo],
                            {p.name: cache.expected_seconds(p) for p in todo}, jobs, stream,
                            weights={p.name: Path(p.path).stat().st_size for p in todo})
        story_file = None
        if todo and options.preload_story and video_named(options.video).reads_story:
            say("the story run: computed once here, read by every part")
            try:
                story_file = prepare_story(store, options.story, options.root)
            except Exception as error:
                raise BuildError(f"the story run for this configuration failed before "
                                 f"rendering: {type(error).__name__}: {error}") from error
        done, failures = render_parts(todo, options=options, cache=cache, progress=progress,
                                      story_file=story_file)
        if failures:
            _refuse(failures, options)
        videos = [_part_video(part, *(done[part.name] if part.name in done
                                      else (cached[part.name], None)))
                  for part in options.parts]
        return _assemble(videos, options, started, say)


def _config_key(options: BuildOptions) -> str:
    """The story configurations a part may read: the video's, and the story beyond the
    video (the [beyond] table, scenes.story.beyond_config)."""
    key = f"{options.story.key()} beyond={beyond_config(options.config_path).key()}"
    return key + (f" cnn={options.cnn.key()}" if options.cnn is not None else "")


def _refuse(failures: list, options: BuildOptions) -> None:
    names = ", ".join(f.name for f in failures)
    target = options.output_dir / f"{options.name}.mp4"
    kept = (f"the earlier {target} and its files are unchanged" if target.exists()
            else f"nothing in {options.output_dir} was changed")
    raise RenderError(f"{len(failures)} part(s) failed: {names}. No video was written; "
                      f"{kept}. Parts rendered meanwhile are cached.", failures)


def _part_video(part, entry, seconds: float | None) -> PartVideo:
    """A part's cached video, read for the full cut (seconds: its render time, if new)."""
    return PartVideo(name=part.name, scene=part.scene, video=entry.video,
                     info=probe(entry.video), sections=read_sections(entry.sections),
                     subtitles=_if_file(entry.subtitles), audio=_if_file(entry.audio),
                     rendered_seconds=seconds, cpu_seconds=entry.meta().get("cpu_seconds"))


def _if_file(path: Path) -> Path | None:
    return path if path.is_file() else None


def _assemble(videos: list[PartVideo], options: BuildOptions, started: float,
              say) -> BuildResult:
    """The full cut, its subtitles, chapter list, thumbnail and manifest, from the parts."""
    output_dir, name = options.output_dir, options.name
    chapters, starts = lay_out(videos)
    duration = sum((v.info.duration for v in videos), Fraction(0))
    output_dir.mkdir(parents=True, exist_ok=True)
    video_path = output_dir / f"{name}.mp4"
    manifest = output_dir / f"{name}.build.json"
    cut = _cut_key(videos, chapters, options.title)
    if _cut_unchanged(manifest, video_path, cut):
        say(f"{video_path} is up to date: the same parts in the same order")
    else:                # joining the picture is quick; the narration track takes minutes
        stitch(videos, chapters, video_path, title=options.title)

    srt_path = output_dir / f"{name}.srt"
    write_atomic(srt_path, subtitles.compose(subtitles.merge(videos, starts)))
    list_path = output_dir / f"{name}.chapters.txt"
    write_atomic(list_path, "\n".join(chapters_list.chapter_lines(chapters)) + "\n")
    warnings = [w for v in videos for w in v.warnings] + chapters_list.youtube_warnings(chapters)
    thumb_path = _thumbnail(videos, chapters, starts, options, warnings)

    seconds = time.monotonic() - started
    rendered = [v.name for v in videos if v.rendered_seconds is not None]
    cached = [v.name for v in videos if v.rendered_seconds is None]
    outputs = {"video": video_path.name, "chapters": list_path.name,
               "subtitles": srt_path.name,
               "thumbnail": thumb_path.name if thumb_path else None}
    write_atomic(manifest, json.dumps(_manifest(videos, chapters, starts, options, duration,
                                                seconds, outputs) | {"cut": cut}, indent=1))
    for warning in warnings:
        say(f"note: {warning}")
    say(f"built {video_path} ({clock(float(duration))}, {len(chapters)} chapters; "
        f"{len(rendered)} part(s) rendered, {len(cached)} from the cache) in {clock(seconds)}")
    return BuildResult(video=video_path, chapter_list=list_path, subtitles=srt_path,
                       thumbnail=thumb_path, manifest=manifest, chapters=chapters,
                       parts=videos, rendered=rendered, cached=cached, seconds=seconds,
                       duration=duration, warnings=warnings)


def _cut_key(videos: list[PartVideo], chapters: list[Chapter], title: str) -> str:
    """What the full cut is made of: each part's video and sound files (the cache's, named
    by their inputs; size and modification time), the chapters and the title."""
    digest = hashlib.sha256(repr((title, [(c.title, str(c.start), str(c.end))
                                          for c in chapters])).encode())
    for video in videos:
        for path in (video.video, video.audio):
            if path is not None:
                stat = Path(path).stat()
                digest.update(f"{Path(path).resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
                              .encode())
    return digest.hexdigest()[:20]


def _cut_unchanged(manifest: Path, video: Path, cut: str) -> bool:
    """Whether ``video`` is the full cut of exactly these parts (its manifest says so)."""
    try:
        return video.is_file() and json.loads(manifest.read_text()).get("cut") == cut
    except (OSError, ValueError):
        return False


def _thumbnail(videos, chapters, starts, options: BuildOptions, warnings: list) -> Path | None:
    """The thumbnail from the last chapter of the video's thumbnail part (THUMBNAIL_PART
    for the first video; a failure is a warning)."""
    story_config = options.story
    path = options.output_dir / f"{options.name}.png"
    wanted = video_named(options.video).thumbnail_part
    source = next((v for v in videos if v.name == wanted), videos[-1])
    own = [ch for ch in chapters if ch.part == source.name]
    offset = starts[videos.index(source)]
    dataset = story_config.dataset.upper() if story_config.dataset == "xor" \
        else story_config.dataset
    subtitle = (f"{dataset}"
                f" · {'-'.join(map(str, story_config.layers))} · {story_config.activation}")
    if options.cnn is not None:
        cnn = options.cnn
        subtitle = (f"8x8 digits · Conv2D {cnn.kernels}×{cnn.kernel_size}×{cnn.kernel_size}"
                    f" · {cnn.activation}")
    try:
        write_thumbnail(source.video, path, options.title,
                        own[-1].start - offset, own[-1].end - offset, subtitle)
    except Exception as error:         # a thumbnail must not cost the whole build
        warnings.append(f"no thumbnail: {error}")
        return None
    return path


def _manifest(videos, chapters, starts, options: BuildOptions, duration, seconds: float,
              outputs: dict) -> dict:
    """What was built, from what, and how long it took (the .build.json file)."""
    return {
        "name": options.name, "quality": options.quality.name,
        "resolution": options.quality.label,
        "config": {k: list(v) if isinstance(v, tuple) else v
                   for k, v in dataclasses.asdict(options.story).items()},
        "duration": float(duration), "frames": sum(v.info.frames for v in videos),
        "build_seconds": round(seconds, 3), "built": time.strftime("%Y-%m-%d %H:%M:%S"),
        "parts": [{"name": v.name, "scene": v.scene, "cached": v.rendered_seconds is None,
                   "render_seconds": v.rendered_seconds, "cpu_seconds": v.cpu_seconds,
                   "duration": float(v.info.duration),
                   "frames": v.info.frames, "start": float(s)}
                  for v, s in zip(videos, starts)],
        "chapters": [{"title": c.title, "part": c.part, "start": float(c.start),
                      "end": float(c.end)} for c in chapters],
        "outputs": outputs,
    }


# -- command line -----------------------------------------------------------------------
def parser() -> argparse.ArgumentParser:
    qualities = ", ".join(f"{q.name} ({q.label})" for q in QUALITIES.values())
    p = argparse.ArgumentParser(
        prog="python -m scenes.build",
        description="Render the explainer's parts (only what changed), then write the full "
                    "video with chapters, its YouTube chapter list, subtitles and thumbnail.")
    p.add_argument("--video", default=None, metavar="NAME",
                   help="which video: nn (the first, default) or cnn (the sequel on "
                        "convolutional networks)")
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


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP (timeout, CI, a service manager, a closed terminal): stop like
    Ctrl-C, so the renders are stopped and the earlier outputs stay as they were."""


def _stop_on_signals() -> None:
    def stop(number, frame):
        raise Stopped(signal.Signals(number).name)

    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, stop)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    _stop_on_signals()
    if args.list:
        try:
            chosen = video_named(args.video)
        except KeyError as error:
            print(f"error: video: {error.args[0]}", file=sys.stderr)
            return 2
        for part in chosen.parts:
            state = "" if part.path.is_file() else "  (no scene file yet)"
            chapters = ", ".join(map(str, part.chapters))
            print(f"{part.name:22} {part.scene:20} chapters {chapters}{state}")
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
                       voice_speed=args.voice_speed, video=args.video)
    except (BuildError, MissingDependency) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (RenderError, StitchError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as stop:
        why = f" by {stop}" if isinstance(stop, Stopped) else ""
        print(f"\ninterrupted{why}; earlier outputs are unchanged", file=sys.stderr)
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
