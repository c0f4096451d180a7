"""The build's options, checked once: everything a build needs to know, in one value.

``BuildOptions.create(...)`` takes what the command line (or a caller) gives, validates
every piece before anything renders (BuildError names the option, what was expected and
what came), and returns a frozen BuildOptions that the build hands down whole.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..chapters import DEFAULT_VIDEO, Video, video_named
from ..speech.voice import VoiceError, VoiceSettings, check_available
from ..story import ENV_VAR, ConfigError, StoryConfig, voice_settings
from .render import DEFAULT_QUALITY, Quality, manim_arguments, quality_named

ROOT = Path(__file__).resolve().parent.parent.parent


DEFAULT_NAME = video_named().output_name        # the first video's: nn-from-scratch


class BuildError(Exception):
    """Bad input, found before rendering: exit code 2."""


@dataclass(frozen=True)
class BuildOptions:
    parts: tuple                       # the parts to build, in the outline's order
    quality: Quality
    story: StoryConfig
    config_path: Path | None           # the story's TOML, if any
    voice: VoiceSettings
    name: str                          # the outputs' base name
    output_dir: Path
    cache_dir: Path
    root: Path                         # the project (scene paths, the render's inputs)
    jobs: int                          # parts rendered at once
    keep_going: bool = False           # keep rendering after a part fails
    preload_story: bool = True         # compute the story once, hand it to every part
    segment_cache: bool = True         # manim's per-animation cache
    encoder_options: tuple[tuple[str, str], ...] = ()
    system_check: bool = True
    video: str = DEFAULT_VIDEO         # which video: "nn" (the first) or "cnn" (the sequel)
    cnn: object = None                 # the sequel's story configuration (a CnnConfig)

    @classmethod
    def create(cls, *, parts=None, chapters: list[str] | None = None,
               quality: str | Quality = DEFAULT_QUALITY, output_dir=None, config=None,
               name: str | None = None, jobs: int | None = None, cache_dir=None,
               root: Path = ROOT, voice: str | None = None, voice_speed: float | None = None,
               encoder_options: dict[str, str] | None = None, video: str | None = None,
               **flags) -> "BuildOptions":
        """Validated options.  ``parts``: the part registry (the parts of ``video`` by
        default: scenes.chapters.PARTS for "nn", SEQUEL_PARTS for "cnn"; tests pass their
        own).  ``flags``: keep_going, preload_story, segment_cache, system_check."""
        chosen = pick_video(video)
        parts = list(chosen.parts if parts is None else parts)
        story, config_path = load_config(config)
        cnn = load_cnn_config(config_path) if chosen.name == "cnn" else None
        selected = select_parts(parts, chapters)
        try:
            quality = quality if isinstance(quality, Quality) else quality_named(quality)
        except ValueError as error:
            raise BuildError(f"quality: {error}") from None
        if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int)
                                 or jobs < 1):
            raise BuildError(f"jobs: expected a positive number of parallel renders, "
                             f"got {jobs!r}")
        root = Path(root)
        return cls(parts=tuple(selected), quality=quality, story=story,
                   config_path=config_path,
                   voice=resolve_voice(config_path, voice, voice_speed),
                   name=check_name(name or default_name(config_path, selected, parts, chosen)),
                   output_dir=Path(output_dir) if output_dir else root / "media",
                   cache_dir=Path(cache_dir) if cache_dir else root / "media" / "build-cache",
                   root=root, jobs=jobs or os.cpu_count() or 1,
                   encoder_options=tuple(sorted((encoder_options or {}).items())),
                   video=chosen.name, cnn=cnn, **flags)

    @property
    def title(self) -> str:
        """The video's title: the story's, or the sequel's ([cnn] title)."""
        return self.cnn.title if self.cnn is not None else self.story.title

    @property
    def manim_args(self) -> list[str]:
        """The render flags that decide the output."""
        args = manim_arguments(self.quality, dict(self.encoder_options))
        return args + ([] if self.segment_cache else ["--disable_caching"])

    @property
    def key_extra(self) -> str:
        """What, besides files, the configuration and the quality, decides a part."""
        return " ".join(manim_arguments(self.quality, dict(self.encoder_options))) \
            + f" voice={self.voice.key()}"

    def render_env(self) -> dict[str, str]:
        """What every render process is told through its environment."""
        return {"NN_VOICE": self.voice.engine, "NN_VOICE_SPEED": str(self.voice.speed),
                **({ENV_VAR: str(self.config_path)} if self.config_path else {})}


# -- the checks ---------------------------------------------------------------------------
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


def pick_video(name: str | None) -> Video:
    """The video called ``name`` (None: the first); BuildError names the valid ones."""
    try:
        return video_named(name)
    except KeyError as error:
        raise BuildError(f"video: {error.args[0]}") from None


def load_cnn_config(path: Path | None):
    """The sequel's story configuration, the [cnn] table of the story's TOML, checked
    before anything renders."""
    from ..cnn_story import cnn_config

    try:
        return cnn_config(path)
    except ConfigError as error:
        raise BuildError(str(error)) from None
    except TypeError as error:
        raise BuildError(f"configuration {path}: [cnn]: {error}") from None


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


def default_name(config_path: Path | None, selected: list, all_parts: list,
                 video: Video | None = None) -> str:
    video = video or video_named()
    base = config_path.stem if config_path else video.output_name
    if config_path and video.name != DEFAULT_VIDEO:
        base += f"-{video.name}"
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
