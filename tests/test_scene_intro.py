"""Intro (chapters 1-2): the blocks, the table and the plan show the story run's real values."""

from __future__ import annotations

import numpy as np
import pytest

from scene_testing import build_skipping, check_narration
from scene_testing import story_config
from scenes import story as story_module
from scenes.intro import Intro
from scenes.kit import precision, shown_values

CONFIGS = {
    "default": {},
    "sigmoid-2-4-1-seed-3": dict(layers=[2, 4, 1], activation="sigmoid", seed=3),
}
ACTIVATION_NAMES = {"tanh": "Tanh()", "sigmoid": "Sigmoid()"}


@pytest.fixture(scope="module", params=list(CONFIGS))
def built(request, tmp_path_factory):
    media = tmp_path_factory.getbasetemp() / "media"     # one LaTeX cache for the session
    with story_config(**CONFIGS[request.param]):
        scene = build_skipping(Intro, media)
        story = story_module.story()
    return scene, story


def model_at(story, k):
    model = story_module.build_model(story.config).build(story.x.shape[1])
    model.set_weights(story.run.weights[k])
    return model


def test_blocks_are_the_configured_layers(built):
    scene, story = built
    sizes = story.config.layers
    expected = []
    for n_in, n_out in zip(sizes, sizes[1:]):
        expected += [f"Dense({n_in} -> {n_out})", ACTIVATION_NAMES[story.config.activation]]
    assert scene.shown["blocks"] == expected
    assert scene.shown["model_repr"] == f"Sequential([{', '.join(expected)}])"


def test_table_shows_data_and_real_predictions(built):
    scene, story = built
    rows = min(4, len(story.x))
    x = story.x[:rows]
    np.testing.assert_allclose(shown_values(scene.shown["inputs"]), x)
    np.testing.assert_allclose(shown_values(scene.shown["targets"]), story.y[:rows])
    before = model_at(story, 0).predict(x)
    after = model_at(story, -1).predict(x)
    np.testing.assert_allclose(shown_values(scene.shown["before"]), np.round(before, 2),
                               atol=1e-9)
    np.testing.assert_allclose(shown_values(scene.shown["after"]), np.round(after, 2),
                               atol=1e-9)
    assert scene.shown["epoch_before"].number == 0
    assert scene.shown["epoch_after"].number == story.config.epochs


def test_plan_shows_sizes_and_one_sample(built):
    scene, story = built
    sizes = story.config.layers
    expected_sizes = [sizes[0]]
    for n_out in sizes[1:]:
        expected_sizes += [n_out, n_out]          # after the Dense, after its activation
    assert [c.number for c in scene.shown["sizes"]] == expected_sizes
    s = story.config.sample
    np.testing.assert_allclose(shown_values(scene.shown["plan_x"]), story.x[s].reshape(-1, 1))
    np.testing.assert_allclose(shown_values(scene.shown["plan_target"]),
                               story.y[s].reshape(-1, 1))
    y = model_at_step(story).predict(story.x[s:s + 1])
    np.testing.assert_allclose(shown_values(scene.shown["plan_y"]), np.round(y.T, 2),
                               atol=1e-9)
    error = float(np.mean((story.y[s:s + 1] - y) ** 2))
    # the value on screen: the error at kit.precision's decimals
    assert scene.shown["plan_error"].number == pytest.approx(float(precision(error).shown(error)),
                                                             abs=1e-12)


def model_at_step(story):
    """The fresh network the step starts from: the same seed gives the same weights."""
    return story_module.build_model(story.config).build(story.x.shape[1])


def test_narration_is_speakable_and_true(built):
    scene, story = built
    check_narration(scene, story)
