"""Chapters 16-17: the data shown is the story's, the no-hidden-layer network is a real
nn run of the story's settings, and the hidden layer's view is the trained network's."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from scene_testing import build_skipping, check_narration, story_config

import nn
from scenes.kit import precision
from scenes.kit.boundary import boundary_image, grid_for
from scenes.story import make_optimizer, story
from scenes.xor_problem import CANDIDATE_LINES, XorProblem

MEDIA = Path(tempfile.mkdtemp(prefix="nn-scene-tests-"))    # one LaTeX cache per module
ACTIVATION = {"tanh": np.tanh, "sigmoid": lambda z: 1 / (1 + np.exp(-z))}


@pytest.fixture(scope="module")
def default():
    return build_skipping(XorProblem, MEDIA), story()


@pytest.fixture(scope="module")
def sigmoid():
    with story_config(layers=[2, 4, 1], activation="sigmoid", seed=3) as config:
        return build_skipping(XorProblem, MEDIA), story(config)


@pytest.fixture(scope="module")
def spiral():
    with story_config(dataset="spiral") as config:
        return build_skipping(XorProblem, MEDIA), story(config)


def trained_without_hidden_layer(s) -> tuple[nn.Sequential, list[float]]:
    """The no-hidden-layer network, trained here from the story's settings."""
    c = s.config
    activation = {"tanh": nn.Tanh, "sigmoid": nn.Sigmoid}[c.activation]
    model = nn.Sequential([nn.Dense(2, 1), activation()], seed=c.seed)
    history = model.fit(s.x, s.y, loss=nn.MSE(), optimizer=make_optimizer(c), epochs=c.epochs,
                        batch_size=c.batch_size, verbose=0)
    return model, history.history["loss"]


def check_table(scene, s) -> None:
    rows = len(scene.shown["table_y"])
    assert rows == min(4, len(s.x))
    # the values on screen: the data at kit.precision's decimals (XOR's 0 and 1 exactly)
    np.testing.assert_array_equal(scene.shown["table_x"], precision(s.x).shown(s.x[:rows]))
    np.testing.assert_array_equal(scene.shown["table_y"], precision(s.y).shown(s.y[:rows, 0]))


def check_linear_network(scene, s) -> None:
    model, history = trained_without_hidden_layer(s)
    shown = scene.shown["linear_model"]
    for mine, theirs in zip(model.get_weights(), shown.get_weights()):
        for key in mine:
            np.testing.assert_array_equal(mine[key], theirs[key])
    record = scene.shown["linear_record"]
    assert record.history == history
    assert scene.shown["linear_loss"].value == record.loss[-1]
    assert record.loss[-1] == pytest.approx(model.evaluate(s.x, s.y, loss=nn.MSE()))
    grid = grid_for(s.x)
    expected = boundary_image(model, grid, float(s.y.min()), float(s.y.max()))
    assert np.array_equal(scene.shown["linear_image"].get_pixel_array()[..., :3],
                          expected[..., :3])
    wrong = (model.predict(s.x)[:, 0] > 0.5) != (s.y[:, 0] > 0.5)
    assert scene.shown["linear_wrong"] == wrong.sum()
    assert scene.shown["story_loss"].value == s.run.loss[-1]


def check_hidden_layer(scene, s) -> None:
    weights = s.run.weights[-1]
    f = ACTIVATION[s.config.activation]
    h = s.x
    dense = [w for w in weights if "weights" in w]
    for layer in dense[:-1]:
        h = f(h @ layer["weights"].T + layer["bias"])
    view = scene.shown["hidden_view"]
    np.testing.assert_allclose(view.features, h, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(view.weights, dense[-1]["weights"])
    np.testing.assert_array_equal(view.bias, dense[-1]["bias"])
    # the separating hyperplane is where the network's output is exactly 0.5
    assert f(np.array(view.threshold)) == pytest.approx(0.5, abs=1e-6)
    z = h @ view.weights[0] + view.bias[0]
    np.testing.assert_allclose(f(z), model_output(s), atol=1e-12)
    assert np.array_equal(z > view.threshold, model_output(s) > 0.5)


def model_output(s) -> np.ndarray:
    model = s.new_model()
    model.build(2)
    model.set_weights(s.run.weights[-1])
    return model.predict(s.x)[:, 0]


def test_truth_table_is_the_story_data(default):
    scene, s = default
    check_table(scene, s)
    np.testing.assert_array_equal(s.x, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(s.y[:, 0], [0, 1, 1, 0])


def test_no_hand_drawn_line_separates_xor(default):
    scene, s = default
    grid = grid_for(s.x)
    unit = grid.to_unit(s.x)
    expected = []
    for a, b in np.asarray(CANDIDATE_LINES, dtype=float):
        cross = (b[0] - a[0]) * (unit[:, 1] - a[1]) - (b[1] - a[1]) * (unit[:, 0] - a[0])
        mismatch = int(np.sum((cross > 0) != (s.y[:, 0] > 0.5)))
        expected.append(min(mismatch, len(s.x) - mismatch))
    assert scene.shown["hand_counts"] == expected
    assert min(expected) >= 1
    assert scene.shown["counter"].number == expected[-1]


def test_no_hidden_layer_network_is_a_real_nn_run(default):
    scene, s = default
    check_linear_network(scene, s)
    record = scene.shown["linear_record"]
    assert record.loss[-1] > 0.2, "a line cannot solve XOR: its loss stalls near 0.25"
    assert scene.shown["linear_wrong"] >= 1
    assert s.run.loss[-1] < 1e-3


def test_hidden_layer_separates_xor(default):
    scene, s = default
    check_hidden_layer(scene, s)
    view = scene.shown["hidden_view"]
    assert np.array_equal(view.scores > 0, s.y[:, 0] > 0.5), "the plane separates the classes"
    cut = scene.shown["hidden_cut"]
    assert len(cut) >= 3
    mid, half = (view.low + view.high) / 2, (view.high - view.low) / 2
    h = mid + half * cut                         # the drawn polygon, back in hidden units
    np.testing.assert_allclose(h @ view.weights[0] + view.bias[0], view.threshold, atol=1e-9)
    np.testing.assert_allclose(scene.shown["hidden_world"], (view.features - mid) / half)


def test_other_configuration(sigmoid):
    scene, s = sigmoid
    assert s.config.activation == "sigmoid" and s.config.layers == (2, 4, 1)
    check_table(scene, s)
    check_linear_network(scene, s)
    check_hidden_layer(scene, s)
    assert "hidden_scores" in scene.shown          # 4 hidden units: the flat projection


def test_spiral_builds(spiral):
    scene, s = spiral
    assert s.config.dataset == "spiral"
    check_table(scene, s)
    check_hidden_layer(scene, s)


@pytest.mark.parametrize("built", ["default", "sigmoid", "spiral"])
def test_narration_is_speakable_and_true(built, request):
    scene, s = request.getfixturevalue(built)
    check_narration(scene, s)
