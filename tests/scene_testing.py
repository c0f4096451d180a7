"""Helpers for scene tests: build a scene cheaply, read back what it shows, compare frames.

build_skipping builds a scene without playing its animations: construct() runs in full
(LaTeX too), every animation jumps to its end state, and no frame is drawn. Much faster
than a dry run, which still steps through every frame; the mobjects end up the same.
key_frame renders only the final picture of a scene (one frame), for frame tests.

frames_comparison from manim skips every Cairo test on cairo < 1.18 (Debian 12 has 1.16),
so the frame tests here use this small helper instead: render at low resolution, take the
last frame as a numpy array, and compare it with stored control data within a tolerance.
"""

from __future__ import annotations

import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from manim import config, tempconfig

from scenes import story as story_module

CONTROL_DIR = Path(__file__).parent / "control"
UPDATE_ENV = "NN_UPDATE_CONTROL"     # set to 1 to (re)write control frames
SKIP_ALL = 10 ** 9                   # from_animation_number: every play is skipped


def toml_of(values: dict) -> str:
    """TOML text of story keys; a dict value becomes a table after the top-level keys."""
    def line(key, value) -> str:
        if isinstance(value, str):
            return f'{key} = "{value}"'
        if isinstance(value, (list, tuple)):
            return f"{key} = [{', '.join(str(v) for v in value)}]"
        return f"{key} = {value}"

    plain = [line(k, v) for k, v in values.items() if not isinstance(v, dict)]
    tables = [f"\n[{name}]\n" + "\n".join(line(k, v) for k, v in table.items())
              for name, table in values.items() if isinstance(table, dict)]
    return "\n".join(plain + tables) + "\n"


@contextmanager
def story_config(**values):
    """Run the scenes inside with a non-default story configuration (TOML via $NN_STORY);
    a dict value is a table ([beyond], [optimizers], [voice])."""
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as file:
        file.write(toml_of(values))
    saved = os.environ.get(story_module.ENV_VAR)
    os.environ[story_module.ENV_VAR] = file.name
    try:
        yield story_module.current_config()
    finally:
        if saved is None:
            os.environ.pop(story_module.ENV_VAR, None)
        else:
            os.environ[story_module.ENV_VAR] = saved
        os.unlink(file.name)


# LaTeX's output, shared by every scene a test session builds: a formula or a digit is
# compiled once, not once per test's media folder (files are named by their TeX's hash).
# One folder per process: two test sessions at once never read each other's half-written
# files.
TEX_DIR = Path(tempfile.mkdtemp(prefix="nn-tests-tex-"))


def build_scene(scene_class, tmp_path=None):
    """Run a scene's construct() without writing video (LaTeX still runs); return the scene."""
    media = tmp_path or Path(tempfile.mkdtemp())
    with tempconfig({"dry_run": True, "quality": "low_quality", "media_dir": str(media),
                     "tex_dir": str(TEX_DIR), "disable_caching": True,
                     "verbosity": "WARNING"}):
        scene = scene_class()
        scene.render()
    return scene


# Control frames: rendered this high, and compared so strictly that one changed number or a
# ✗ for a ✓ fails (at 180 pixels and 0.2% of them allowed, a sparse screen let both through).
CONTROL_HEIGHT = 360
CONTROL_BAD_FRACTION = 0.00005       # 11 of 230400 pixels


def last_frame(scene_class, tmp_path=None, pixel_height: int = CONTROL_HEIGHT) -> np.ndarray:
    """Render a scene at a low resolution without writing video; return its last frame."""
    media = tmp_path or Path(tempfile.mkdtemp())
    with tempconfig({"quality": "low_quality", "pixel_height": pixel_height,
                     "pixel_width": pixel_height * 16 // 9, "media_dir": str(media),
                     "tex_dir": str(TEX_DIR),
                     "write_to_movie": False, "disable_caching": True,
                     "verbosity": "WARNING", "frame_rate": 15}):
        scene = scene_class()
        scene.render()
        return np.array(scene.renderer.get_frame())


def skipping():
    """A manim configuration in which every play is skipped (see build_skipping)."""
    return tempconfig({"from_animation_number": SKIP_ALL})


def build_skipping(scene_class, media=None):
    with skipping():
        return build_scene(scene_class, media)


def story_told(toml_text: str):
    """The stories that a chapter reads from a TOML of ``toml_text``, computed here, not
    taken from the scene: (the [beyond] story, the [cnn] story)."""
    import tomllib

    from scenes import cnn_story

    tables = tomllib.loads(toml_text)
    return (story_module.beyond_story(story_module.beyond_from_table(tables.get("beyond", {}))),
            cnn_story.cnn_story(cnn_story.cnn_from_table(tables.get("cnn", {}))))


def build_told(scene_class, toml_text: str, media: Path, build=build_skipping):
    """``build(scene_class, media)`` with the story's TOML (``$NN_STORY``) holding
    ``toml_text`` (its [beyond] or [cnn] table, say) and the layout check on; restored after."""
    import pytest
    from scenes.kit.layout_check import ENV as LAYOUT_ENV

    media.mkdir(parents=True, exist_ok=True)
    toml = media / f"story-{abs(hash(toml_text))}.toml"
    toml.write_text(toml_text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(story_module.ENV_VAR, str(toml))
        patch.setenv(LAYOUT_ENV, "1")
        return build(scene_class, media)


def key_frame(scene_class, media=None, pixel_height: int = CONTROL_HEIGHT):
    """The last frame of ``scene_class`` (skip its final clear-out in a subclass)."""

    class OneFrame(scene_class):
        def construct(self) -> None:
            super().construct()
            config.from_animation_number = 0      # play from here on: one still frame
            self.wait(1 / config.frame_rate)

    OneFrame.__name__ = scene_class.__name__
    with skipping():
        return last_frame(OneFrame, media, pixel_height)


def assert_frame_matches(name: str, frame: np.ndarray, tolerance: float = 2.0,
                         max_bad_fraction: float = CONTROL_BAD_FRACTION) -> None:
    """Compare a frame with tests/control/<name>.npz: mean abs difference and bad pixels."""
    path = CONTROL_DIR / f"{name}.npz"
    if os.environ.get(UPDATE_ENV) == "1":
        CONTROL_DIR.mkdir(exist_ok=True)
        np.savez_compressed(path, frame=frame)
    assert path.exists(), (f"no control frame {path}; render it once with "
                           f"{UPDATE_ENV}=1 and look at it before committing")
    expected = np.load(path)["frame"]
    assert frame.shape == expected.shape, f"frame shape {frame.shape}, expected {expected.shape}"
    diff = np.abs(frame.astype(int) - expected.astype(int))
    mean = diff.mean()
    bad = (diff.max(axis=-1) > 40).mean()
    assert mean <= tolerance and bad <= max_bad_fraction, (
        f"frame {name} differs from its control: mean abs diff {mean:.2f} (allowed "
        f"{tolerance}), {bad:.4%} of pixels off by > 40 (allowed {max_bad_fraction:.2%})")


# -- narration ----------------------------------------------------------------------------

NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w])")
# a value with a power of ten factored out, written (2.31 × 10⁻⁵) or said (2.31 times 10
# to the minus 5): one number, read as 2.31e-5
POWER = re.compile(r"(-?\d+(?:\.\d+)?)(?: × 10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)| times 10 to the (minus )?(\d+))")
SUPERSCRIPTS = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def _power_token(match: re.Match) -> str:
    mantissa, written, minus, said = match.groups()
    power = written.translate(SUPERSCRIPTS) if written else ("-" if minus else "") + said
    return f" {mantissa}e{power} "
FREE_INTEGERS = 20        # counts and indices up to this need no registered value


def numbers_in(text: str) -> list[str]:
    """The numbers written in a line, as written ("-0.35", "2", "0.1")."""
    text = POWER.sub(_power_token, text.replace("−", "-"))
    return re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e-?\d+)?(?![\w])", text)


def _values_of(item, out: list) -> None:
    """Every number that ``item`` (a mobject, array, number, text, or a collection of them)
    displays or holds."""
    from manim import Mobject

    if isinstance(item, Mobject):
        for mob in item.get_family():
            if hasattr(mob, "number"):
                out.append(float(mob.number))
            if getattr(mob, "power", 0):           # a matrix with a factored power of ten
                out.extend(float(entry.number) * 10.0 ** mob.power
                           for entry in mob.get_entries() if hasattr(entry, "number"))
            for attr in ("tex_string", "text", "code_string"):
                value = getattr(mob, attr, None)
                if isinstance(value, str):
                    out.extend(float(n) for n in numbers_in(value))
    elif isinstance(item, str):
        out.extend(float(n) for n in numbers_in(item))
    elif isinstance(item, dict):
        for value in item.values():
            _values_of(value, out)
    elif isinstance(item, (list, tuple, set)):
        for value in item:
            _values_of(value, out)
    elif isinstance(item, np.ndarray) and item.dtype.kind in "biuf":
        out.extend(float(v) for v in item.ravel())
    elif isinstance(item, (int, float, np.integer, np.floating)) and not isinstance(item, bool):
        out.append(float(item))


def narrated_number_ok(token: str, values: np.ndarray) -> bool:
    value = float(token)
    if "." not in token and abs(value) <= FREE_INTEGERS:
        return True
    mantissa, _, power = token.partition("e")
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    half = (0.5 * 10 ** -decimals + 1e-9) * 10.0 ** int(power or 0)
    return bool(np.any(np.abs(values - value) <= half))


def check_narration(scene, story=None) -> None:
    """What a scene says is speakable and true: every line has a spoken form with no
    symbol the voice would spell out; its numbers are read as written; and every number
    it says is one that the scene shows or registered (scene.shown) or a value of the
    story's configuration, at the precision said (counts and indices up to 20 are free)."""
    from scenes.speech.spoken import unspeakable

    assert scene.narration, f"{type(scene).__name__} says nothing"
    values: list[float] = []
    _values_of(scene.shown, values)
    if story is not None:
        _values_of([v for v in vars(story.config).values()
                    if not isinstance(v, str)], values)
    known = np.array(values, dtype=float)
    for line in scene.narration:
        bad = unspeakable(line.spoken)
        assert not bad, (f"the voice would spell out {sorted(bad)} in {line.spoken!r} "
                         f"(written: {line.written!r})")
        written = [n.lstrip("-") for n in numbers_in(line.written)]
        said = [n.lstrip("-") for n in numbers_in(line.spoken)]
        assert sorted(said) == sorted(written), (
            f"the voice reads numbers other than those written: {said} for {written} in "
            f"{line.written!r}")
        for token in numbers_in(line.written):
            assert narrated_number_ok(token, known), (
                f"{type(scene).__name__} says {token} in {line.written!r}, but shows no such "
                f"value and registers none in scene.shown")


def assert_shows(matrix, values) -> None:
    """``matrix`` (a kit number matrix) shows ``values``: each entry within half a unit of
    its last decimal, its factored power of ten included, and honestly: when the values
    are not all zero, neither are the entries shown."""
    from scenes.kit import shown_values

    values = np.atleast_2d(np.asarray(values, dtype=float))
    if hasattr(matrix, "kept_rows"):                 # an elided matrix: the entries kept
        values = values[[r for r in matrix.kept_rows if r is not None]][
            :, [c for c in matrix.kept_columns if c is not None]]
    shown = shown_values(matrix)
    assert shown.shape == values.shape, f"shows shape {shown.shape}, expected {values.shape}"
    decimals = max(int(getattr(e, "num_decimal_places", 0)) for e in matrix.get_entries())
    unit = 10.0 ** (getattr(matrix, "power", 0) - decimals)
    worst = float(np.max(np.abs(shown - values), initial=0.0))
    assert worst <= unit / 2 + 1e-12, (
        f"shows {shown.tolist()} for {values.tolist()} (off by {worst:g}; the last shown "
        f"decimal is worth {unit:g})")
    if np.any(values != 0):
        assert np.any(shown != 0), f"every entry reads 0 for {values.tolist()}"


def assert_grid_shows(grid, values) -> None:
    """A kit grid shows ``values``: as shading always (its values, to 1e-12), as numbers
    (assert_shows) when it writes them."""
    np.testing.assert_allclose(grid.values, values, atol=1e-12)
    if len(grid.numbers):
        assert_shows(grid, values)


# -- the sequel's chapters ------------------------------------------------------------------

# The [cnn] tables the sequel's chapter tests build their scenes with, by name: each chapter
# takes the default (no table) and one other, chosen for what its screens do differently.
CNN_STORIES = {
    "default": {},
    "3-kernels-4x4-tanh-seed-1": dict(kernels=3, kernel_size=4, activation="tanh", seed=1),
    "3-kernels-4x4-sigmoid-seed-1-40-epochs": dict(kernels=3, kernel_size=4,
                                                   activation="sigmoid", seed=1, epochs=40),
    "3-kernels-5x5-sigmoid-seed-1": dict(kernels=3, kernel_size=5, activation="sigmoid",
                                         seed=1),
    "3-kernels-5x5-sigmoid-seed-3": dict(kernels=3, kernel_size=5, activation="sigmoid",
                                         seed=3),
    "4-kernels-4x4-sigmoid-seed-3": dict(kernels=4, kernel_size=4, activation="sigmoid",
                                         seed=3),
    "4x4-sigmoid-seed-1": dict(kernel_size=4, activation="sigmoid", seed=1),
    "8-kernels-2x2-tanh-seed-2": dict(kernels=8, kernel_size=2, activation="tanh", seed=2),
}


def cnn_toml(name: str) -> str:
    """The story's TOML of the sequel story ``name`` (CNN_STORIES): its [cnn] table, or
    nothing for the default."""
    table = CNN_STORIES[name]
    return toml_of({"cnn": table}) if table else ""


def built_chapter(scene_class, *stories: str):
    """A module fixture ``built`` for a sequel chapter's tests: (name, scene, story) for each
    named story of CNN_STORIES, the scene built once per story by build_told (without
    playing, the layout check on), the story computed here (story_told)."""
    import pytest

    @pytest.fixture(scope="module", params=stories)
    def built(request, tmp_path_factory):
        toml_text = cnn_toml(request.param)
        folder = tmp_path_factory.mktemp(scene_class.__name__)
        scene = build_told(scene_class, toml_text, folder / "media")
        _, story = story_told(toml_text)
        return request.param, scene, story

    return built


def assert_told(scene, story) -> None:
    """What holds for every chapter of the sequel: the scene read ``story`` (the very one
    its TOML names), the digit it names (if it does) is the story's, it says only what it
    shows (check_narration) and the layout check found nothing."""
    assert scene.story is story
    if "label" in scene.shown:
        assert scene.shown["label"] == story.label
    check_narration(scene, story)
    assert scene.layout_problems == [], "\n".join(map(str, scene.layout_problems))
