"""Chapter 19: the decision boundary the scene shows is the story network's, snapshot by
snapshot; the snapshots come from the recorded run; the final frame is stable.

Each configuration is built once, with animations skipped (every frame's picture is
computed in construct and kept in scene.shown; the updaters still run to their end), at
320 x 180, which also gives the final frame for the graphical regression test.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from manim import tempconfig
from manim.animation.animation import prepare_animation
from scene_testing import CONTROL_HEIGHT, assert_frame_matches, check_narration, story_config

import nn
from scenes.decision_boundary import DecisionBoundary
from scenes.kit.boundary import decision_level, heat_colors
from scenes.story import story


MEDIA = Path(tempfile.mkdtemp(prefix="nn-scene-tests-"))    # one LaTeX cache per module


def final_state(scene_class, pixel_height: int = CONTROL_HEIGHT):
    """Build the scene with animations skipped; return it and its last frame."""
    with tempconfig({"quality": "low_quality", "pixel_height": pixel_height,
                     "pixel_width": pixel_height * 16 // 9, "frame_rate": 15,
                     "media_dir": str(MEDIA), "save_last_frame": True,
                     "write_to_movie": False, "disable_caching": True,
                     "verbosity": "WARNING", "progress_bar": "none"}):
        scene = scene_class()
        scene.render()
        return scene, np.array(scene.renderer.get_frame())


def model_at(s, k: int) -> nn.Sequential:
    model = s.new_model()
    model.build(2)
    model.set_weights(s.run.weights[k])
    return model


class WatchedBoundary(DecisionBoundary):
    """The chapter, noting at each play once the surface is on screen whether manim will
    redraw the surface every frame: it redraws only the mobjects from the first one that
    is animated or has an updater on, and the surface turns by an updater elsewhere."""

    def play(self, *animations, **kwargs):
        animations = [prepare_animation(animation) for animation in animations]
        surface = self.shown.get("surface")
        if surface is not None and surface in self.mobjects:
            moving = self.get_moving_mobjects(*animations)
            self.surface_redrawn.append(all(face in moving for face in surface.faces))
        super().play(*animations, **kwargs)

    def construct(self) -> None:
        self.surface_redrawn = []
        super().construct()


@pytest.fixture(scope="module")
def default():
    scene, frame = final_state(WatchedBoundary)
    return scene, frame, story()


@pytest.fixture(scope="module")
def sigmoid():
    with story_config(layers=[2, 4, 1], activation="sigmoid", seed=3) as config:
        scene, _ = final_state(DecisionBoundary)
        return scene, story(config)


@pytest.fixture(scope="module")
def spiral():
    with story_config(dataset="spiral") as config:
        scene, _ = final_state(DecisionBoundary)
        return scene, story(config)


def check_images_are_predictions(scene, s, every: int = 1) -> None:
    grid = scene.shown["grid"]
    frames = scene.shown["boundary_frames"]
    for frame in frames[::every] + frames[-1:]:
        expected = model_at(s, frame.k).predict(grid.points)[:, 0].reshape(grid.n, grid.n)
        np.testing.assert_allclose(frame.values, expected, rtol=0, atol=1e-6,
                                   err_msg=f"grid output of snapshot {frame.k}")
        low, high = float(s.y.min()), float(s.y.max())
        assert np.array_equal(frame.image, heat_colors(expected, low, high)), (
            f"the image of snapshot {frame.k} is not the colours of nn.predict's output")
    assert scene.shown["trained_image"] is frames[-1].image, "the image after training"
    assert scene.shown["displayed"][-1] == len(frames) - 1, "the animation ends on the last"


def test_every_boundary_image_is_nn_predict_over_the_grid(default):
    scene, _, s = default
    check_images_are_predictions(scene, s)


def test_the_grid_covers_the_data(default, spiral):
    for scene, s in ((default[0], default[2]), spiral):
        grid = scene.shown["grid"]
        assert np.all(np.array(grid.lo) < s.x.min(axis=0))
        assert np.all(np.array(grid.hi) > s.x.max(axis=0))


def test_snapshots_come_from_the_recorded_run(default):
    scene, _, s = default
    frames = scene.shown["boundary_frames"]
    ks = [frame.k for frame in frames]
    assert ks[0] == 0 and ks[-1] == len(s.run.weights) - 1
    assert all(a < b for a, b in zip(ks, ks[1:])), "snapshots in training order, no repeats"
    for frame in frames:
        assert frame.epoch == s.run.epochs[frame.k]
        assert frame.loss == s.run.loss[frame.k]
    # Each snapshot's loss is the loss of its weights on the data, as recorded...
    for frame in frames[::25]:
        assert model_at(s, frame.k).evaluate(s.x, s.y, loss=nn.MSE()) == pytest.approx(
            frame.loss, rel=1e-12)
    # ...and it falls as the run's history says: the recorded losses, in order.
    losses = np.array([frame.loss for frame in frames])
    assert losses[-1] < losses[0] / 1000
    assert np.array_equal(losses, np.array(s.run.loss)[ks])
    assert frames[-1].loss < 1e-3 and s.run.history[-1] < 1e-3


def test_snapshots_are_dense_where_the_boundary_moves(default):
    scene, _, s = default
    epochs = np.array([frame.epoch for frame in scene.shown["boundary_frames"]])
    early = np.sum(epochs <= 300) / 300           # XOR is solved in the first few hundred
    late = np.sum(epochs > 1000) / (epochs[-1] - 1000)
    assert early > 50 * late, f"{early:.3f} frames per epoch early, {late:.5f} late"


def test_counters_show_the_last_snapshot(default):
    scene, _, s = default
    assert scene.shown["epoch"].number == s.run.epochs[-1]
    loss = scene.shown["loss"]
    assert loss.value == s.run.loss[-1]
    shown = loss.mantissa.number * 10.0 ** loss.exponent.number
    assert shown == pytest.approx(s.run.loss[-1], rel=0.01)
    np.testing.assert_allclose(scene.shown["predictions"], model_at(s, -1).predict(s.x)[:, 0])


def test_surface_is_the_trained_network(default):
    scene, _, s = default
    values = scene.shown["surface_values"]
    grid = scene.shown["grid"]
    t = np.linspace(0, 1, len(values))
    a, b = np.meshgrid(grid.lo[0] + t * grid.size, grid.lo[1] + (1 - t) * grid.size)
    expected = model_at(s, -1).predict(np.column_stack([a.ravel(), b.ravel()]))
    np.testing.assert_allclose(values, expected.reshape(values.shape))


def test_the_surface_is_redrawn_while_it_rises_and_turns(default):
    scene, _, _ = default
    assert scene.surface_redrawn and all(scene.surface_redrawn), (
        f"expected the surface redrawn at every play once shown, got {scene.surface_redrawn}")


def test_other_configuration(sigmoid):
    scene, s = sigmoid
    assert s.config.activation == "sigmoid" and s.config.layers == (2, 4, 1)
    check_images_are_predictions(scene, s, every=10)
    assert scene.shown["epoch"].number == s.run.epochs[-1]


def test_spiral_builds(spiral):
    scene, s = spiral
    assert s.config.dataset == "spiral" and s.config.layers == (2, 8, 8, 1)
    check_images_are_predictions(scene, s, every=20)
    assert scene.shown["level"] == decision_level(s.y)
    assert len(scene.shown["boundary_frames"]) > 100


def test_narration_is_speakable_and_true(default, sigmoid, spiral):
    for scene, s in ((default[0], default[2]), sigmoid, spiral):
        check_narration(scene, s)


def test_the_epoch_named_is_on_screen_as_it_is_said(default):
    """The voice says "From epoch N on" while the animation shows epoch N; the training
    ends on the last snapshot, with its last line."""
    scene, _, s = default
    frames = scene.shown["boundary_frames"]
    solved = scene.shown["solved_epoch"]
    train = next(k for k, line in enumerate(scene.narration) if line.written.startswith("Now"))
    first, named = scene.narration[train:train + 2]
    assert named.written.startswith(f"From epoch {solved} on,")
    said = named.start + named.speech.marks["epoch"] - first.start
    shown = [index for seconds, index in scene.shown["knots"] if abs(seconds - said) < 1e-6]
    assert shown and frames[shown[0]].epoch == solved
    assert scene.shown["displayed"][-1] == len(frames) - 1


def test_final_frame(default):
    _, frame, _ = default
    assert_frame_matches("decision_boundary_final", frame)
