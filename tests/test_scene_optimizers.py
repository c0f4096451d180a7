"""Beyond the video, part 2: the optimizers chapter shows what nn did.

The paths are recomputed here from nn's recorded parameters and gradients, by the update
rules written out in numpy; the gradients are recomputed with a fresh model from the
recorded parameters; the live step is compared with nn's optimizer; the slice with nn's
loss at sampled grid points.  Each configuration is built once, animations skipped.
"""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path

import numpy as np
import pytest
from scene_testing import (assert_frame_matches, build_skipping, check_narration, key_frame,
                           story_config)

import nn
from scenes.kit import optimizer_runs as opt
from scenes.kit.layout_check import ENV as LAYOUT_ENV
from scenes.optimizers import Optimizers
from scenes.story import ConfigError, StoryConfig, story

MEDIA = Path(tempfile.mkdtemp(prefix="nn-scene-tests-"))


def build(scene_class=Optimizers):
    saved = os.environ.get(LAYOUT_ENV)
    os.environ[LAYOUT_ENV] = "1"
    try:
        return build_skipping(scene_class, MEDIA)
    finally:
        if saved is None:
            os.environ.pop(LAYOUT_ENV, None)
        else:
            os.environ[LAYOUT_ENV] = saved


@pytest.fixture(scope="module")
def default():
    return build(), story()


@pytest.fixture(scope="module")
def sigmoid():
    with story_config(layers=[2, 4, 1], activation="sigmoid", seed=3) as config:
        return build(), story(config)


def by_hand(run: opt.PathRun) -> np.ndarray:
    """The path of (w_11, w_12) from its start and the recorded gradients, by the rules."""
    w = run.path[0].copy()
    velocity, m, v = np.zeros(2), np.zeros(2), np.zeros(2)
    path = [w.copy()]
    for t, g in enumerate(run.grads, start=1):
        if run.rule == "SGD":
            w = w - run.rate * g
        elif run.rule == "momentum":
            velocity = run.momentum * velocity + g
            w = w - run.rate * velocity
        else:
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            m_hat, v_hat = m / (1 - 0.9 ** t), v / (1 - 0.999 ** t)
            w = w - run.rate * m_hat / (np.sqrt(v_hat) + 1e-8)
        path.append(w.copy())
    return np.array(path)


def gradient_at(s, run: opt.PathRun, t: int) -> np.ndarray:
    """dE/dw_11, dE/dw_12 of step t, from a fresh model holding the recorded parameters."""
    model = s.new_model()
    model.set_weights(run.params[t - 1])
    x, y = s.x[run.batches[t - 1]], s.y[run.batches[t - 1]]
    loss = nn.MSE()
    model.backward(loss.gradient(y, model.forward(x)))
    return model.layers[0].grads["weights"][0, :2]


def check_paths(scene, s) -> None:
    for runs in scene.shown["runs"]:
        assert [run.rule for run in runs] == ["SGD", "momentum", "Adam"]
        for run in runs:
            assert run.steps >= 1 and len(run.grads) == run.steps
            np.testing.assert_allclose(by_hand(run), run.path, rtol=1e-9, atol=1e-12,
                                       err_msg=f"{run.rule} at {run.rate}")
            for t in sorted({1, 2, run.steps // 2, run.steps}):
                np.testing.assert_array_equal(gradient_at(s, run, t), run.grads[t - 1])
                np.testing.assert_array_equal(run.params[t][0]["weights"][0, :2], run.path[t])
            start = s.new_model().get_weights()
            for layer, params in zip(start, run.params[0]):
                for key in layer:
                    np.testing.assert_array_equal(layer[key], params[key])


def test_paths_are_the_paths_nn_took(default):
    check_paths(*default)


def test_the_story_rule_retraces_the_story_run(default):
    scene, s = default
    run = scene.shown["runs"][0][0]                  # plain SGD at 0.1: the story's own
    assert s.config.optimizer == "sgd" and run.rate == s.config.learning_rate
    per_epoch = len(s.x) // s.config.batch_size
    for epoch in (1, 10, run.steps // per_epoch):
        for mine, theirs in zip(run.params[epoch * per_epoch], s.run.weights[epoch]):
            for key in mine:
                np.testing.assert_array_equal(mine[key], theirs[key])


def test_each_point_of_the_loss_curves_is_the_loss_on_all_the_data(default):
    scene, s = default
    for runs in scene.shown["runs"]:
        for run in runs:
            for t in (0, run.steps // 3, run.steps):
                model = s.new_model()
                model.set_weights(run.params[t])
                assert run.loss[t] == model.evaluate(s.x, s.y, loss=nn.MSE())


def test_the_live_step_is_nn_s_update(default):
    scene, s = default
    for k, rule in enumerate(opt.RULES):
        run = scene.shown["runs"][0][k]
        t = min(opt.LIVE_STEP, run.steps)
        shown = scene.shown["steps"][rule]
        assert shown["recorded"]["w"] == run.params[t][0]["weights"][0, 0]
        assert shown["given"]["w"] == run.params[t - 1][0]["weights"][0, 0]
        assert shown["given"]["g"] == gradient_at(s, run, t)[0]
        assert math.isclose(shown["computed"]["w"], shown["recorded"]["w"], rel_tol=1e-12)
        for key in ("m", "v"):
            if key in shown["recorded"]:
                assert math.isclose(shown["computed"][key], shown["recorded"][key],
                                    rel_tol=1e-12)
    # nn's own optimizer, run here on the recorded state, does what the screen says
    run = scene.shown["runs"][0][1]
    t = min(opt.LIVE_STEP, run.steps)
    w = np.array([[scene.shown["steps"]["momentum"]["given"]["w"]]])
    optimizer = nn.SGD(run.rate, momentum=run.momentum)
    optimizer.update(w, np.array([[scene.shown["steps"]["momentum"]["given"]["v"]]]))
    optimizer.state[id(w)][1][...] = scene.shown["steps"]["momentum"]["given"]["v"]
    w[...] = scene.shown["steps"]["momentum"]["given"]["w"]
    optimizer.update(w, np.array([[run.grads[t - 1, 0]]]))
    assert w[0, 0] == scene.shown["steps"]["momentum"]["recorded"]["w"]


def test_the_checks_show_nn_s_values(default):
    scene, _ = default
    for rule in opt.RULES:
        step = scene.shown["steps"][rule]
        numbers = [m.number for m in step["check"].get_family() if hasattr(m, "number")
                   and type(m).__name__ == "DecimalNumber"]
        assert numbers, rule
        w_shown = numbers[-1]
        assert abs(w_shown - step["recorded"]["w"]) < 0.5 * 10.0 ** -2, rule


def test_the_slice_is_nn_s_loss(default):
    scene, s = default
    rng = np.random.default_rng(1)
    for loss_slice in scene.shown["slices"]:
        assert loss_slice.centre == tuple(s.new_model().layers[0].params["weights"][0, :2])
        for r, c in rng.integers(0, loss_slice.n, size=(6, 2)):
            model = s.new_model()
            weights = model.layers[0].params["weights"]
            weights[0, 0], weights[0, 1] = loss_slice.w1[c], loss_slice.w2[r]
            assert loss_slice.values[r, c] == model.evaluate(s.x, s.y, loss=nn.MSE())
    for loss_slice, runs in zip(scene.shown["slices"], scene.shown["runs"]):
        for run in runs:                              # every path stays on its map
            unit = loss_slice.to_unit(run.path)
            assert np.all((unit > 0) & (unit < 1)), run.rule


def test_the_surface_is_the_slice_nn_computed(default):
    """The 3-D view's corners are grid points of the first slice, at nn's loss there
    (recomputed here with a fresh model), evenly spaced, ends included, no more faces
    than the decision boundary's turning surface (24 per side)."""
    scene, s = default
    shown, loss_slice = scene.shown["surface"], scene.shown["slices"][0]
    rows, heights, n = shown["rows"], shown["heights"], loss_slice.n
    m = len(rows)
    assert rows[0] == 0 and rows[-1] == n - 1 and len(set(np.diff(rows))) == 1
    assert 12 <= m - 1 <= 24
    lo, step = np.array(loss_slice.lo), 2 * loss_slice.half / n
    rng = np.random.default_rng(2)
    picks = [(0, 0), (0, m - 1), (m - 1, 0), (m - 1, m - 1),
             *map(tuple, rng.integers(0, m, size=(4, 2)))]
    for i, j in picks:
        model = s.new_model()
        weights = model.layers[0].params["weights"]
        weights[0, 0] = lo[0] + (rows[j] + 0.5) * step            # w_11: left to right
        weights[0, 1] = lo[1] + (n - rows[i] - 0.5) * step        # w_12: top row largest
        assert heights[i, j] == model.evaluate(s.x, s.y, loss=nn.MSE()), (i, j)
    assert shown["base"] == loss_slice.values.min()           # the map's colour scale
    # the mesh draws those heights: face k's first corner is vertex (k // (m-1), k % (m-1))
    corners = shown["mesh"].corners.reshape(m - 1, m - 1, 4, 3)
    np.testing.assert_allclose(corners[:, :, 0, 2],
                               (heights[:-1, :-1] - shown["base"]) * shown["height_scale"],
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(corners[:, :, 2, 2],
                               (heights[1:, 1:] - shown["base"]) * shown["height_scale"],
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(corners[0, :, 0, 0], -1 + 2 * rows[:-1] / (n - 1), atol=1e-12)


def test_the_paths_on_the_surface_are_at_the_slice_s_loss(default):
    """Each path of the first race is drawn at the slice's loss under its weights,
    interpolated bilinearly between the slice's grid points (scipy's, here)."""
    from scipy.interpolate import RegularGridInterpolator

    scene, _ = default
    loss_slice = scene.shown["slices"][0]
    between = RegularGridInterpolator((loss_slice.w2[::-1], loss_slice.w1),
                                      loss_slice.values[::-1], method="linear")
    paths = scene.shown["surface"]["paths"]
    assert len(paths) == len(scene.shown["runs"][0]) == 3
    for run, heights in zip(scene.shown["runs"][0], paths):
        points = run.path[:, ::-1]                                  # (w_12, w_11)
        np.testing.assert_allclose(heights, between(points), rtol=1e-12, err_msg=run.rule)
        assert not np.allclose(heights, run.loss, rtol=1e-3), run.rule  # not the run's loss


def test_layout(default):
    scene, _ = default
    assert scene.layout_problems == []


def test_narration_is_speakable_and_true(default, sigmoid):
    for scene, s in (default, sigmoid):
        check_narration(scene, s)


def test_other_configuration(sigmoid):
    scene, s = sigmoid
    assert s.config.activation == "sigmoid" and s.config.layers == (2, 4, 1)
    check_paths(scene, s)
    assert scene.layout_problems == []


def test_optimizer_settings(tmp_path):
    config = StoryConfig()
    assert opt.settings_from_table({}, config) == opt.OptimizerSettings((0.1, 1.0), 0.9, 200)
    path = tmp_path / "story.toml"
    path.write_text('seed = 0\n[optimizers]\nrates = [0.1, 2.0]\nmomentum = 0.5\n')
    assert StoryConfig.from_toml(path) == config          # the table is not the story's
    assert opt.optimizer_settings(config, path) == opt.OptimizerSettings((0.1, 2.0), 0.5, 200)
    bad = [({"rates": [0.1]}, "rates"), ({"rates": [1.0, 0.1]}, "rates"),
           ({"rates": [0.1, "2"]}, "rates"), ({"rates": [-1, 2.0]}, "rates"),
           ({"momentum": 1.0}, "momentum"), ({"momentum": True}, "momentum"),
           ({"steps": 0}, "steps"), ({"steps": 10 ** 9}, "steps"), ({"step": 5}, "step")]
    for table, key in bad:
        with pytest.raises(ConfigError, match=key):
            opt.settings_from_table(table, config)
    path.write_text('[optimizers]\nmomentum = 2\n')
    with pytest.raises(ConfigError, match=f"{path}.*momentum"):
        opt.optimizer_settings(config, path)


def test_a_run_whose_loss_stops_being_finite_is_recorded_up_to_there():
    """A rate so large that the first update overflows: the loss becomes nan, the run
    stops there (no error), and the outcome says so."""
    run = opt.path_run(StoryConfig(), "SGD", 1e308, 0.9, 40)
    assert run.stopped and "step 1" in run.stopped and run.steps == 0
    assert np.all(np.isfinite(run.path)) and np.all(np.isfinite(run.loss))
    outcome = opt.Outcome.of(run)
    assert outcome.kind == "diverged" and outcome.stopped_at == 1


class MapWithPaths(Optimizers):
    """The map with the three paths at the story's rate, as the first race ends."""

    def construct(self) -> None:
        self.chapter("Beyond the video: how the weights move", card=False)
        self.run_the_optimizers()
        self.slice_the_loss()
        self.race(0)


def test_map_with_paths_frame():
    frame = key_frame(MapWithPaths, MEDIA)
    assert_frame_matches("optimizers_paths", frame)
