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
import tempfile
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from manim import config, tempconfig

from scenes import story as story_module

CONTROL_DIR = Path(__file__).parent / "control"
UPDATE_ENV = "NN_UPDATE_CONTROL"     # set to 1 to (re)write control frames
SKIP_ALL = 10 ** 9                   # from_animation_number: every play is skipped


@contextmanager
def story_config(**values):
    """Run the scenes inside with a non-default story configuration (TOML via $NN_STORY)."""
    lines = []
    for key, value in values.items():
        if isinstance(value, str):
            lines.append(f'{key} = "{value}"')
        elif isinstance(value, (list, tuple)):
            lines.append(f"{key} = [{', '.join(str(v) for v in value)}]")
        else:
            lines.append(f"{key} = {value}")
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as file:
        file.write("\n".join(lines) + "\n")
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


def build_scene(scene_class, tmp_path=None):
    """Run a scene's construct() without writing video (LaTeX still runs); return the scene."""
    media = tmp_path or Path(tempfile.mkdtemp())
    with tempconfig({"dry_run": True, "quality": "low_quality", "media_dir": str(media),
                     "disable_caching": True, "verbosity": "WARNING"}):
        scene = scene_class()
        scene.render()
    return scene


def last_frame(scene_class, tmp_path=None, pixel_height: int = 180) -> np.ndarray:
    """Render a scene at a low resolution without writing video; return its last frame."""
    media = tmp_path or Path(tempfile.mkdtemp())
    with tempconfig({"quality": "low_quality", "pixel_height": pixel_height,
                     "pixel_width": pixel_height * 16 // 9, "media_dir": str(media),
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


def key_frame(scene_class, media=None, pixel_height: int = 180):
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
                         max_bad_fraction: float = 0.002) -> None:
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
