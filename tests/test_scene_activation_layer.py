"""Activation layer (chapters 12-13): the numbers shown are the story's first activation
layer as nn recorded it, for the default story and a sigmoid 2-4-1 one."""

from __future__ import annotations

import numpy as np
import pytest

from scene_testing import build_skipping, check_narration, story_config
from scenes import story as story_module
from scenes.activation_layer import ActivationLayer
from scenes.kit import as_column, shown_values

CONFIGS = {
    "default": {},
    "sigmoid-2-4-1-seed-3": dict(layers=[2, 4, 1], activation="sigmoid", seed=3),
}
KINDS = {"tanh": "Tanh", "sigmoid": "Sigmoid"}


@pytest.fixture(scope="module", params=list(CONFIGS))
def built(request, tmp_path_factory):
    with story_config(**CONFIGS[request.param]):
        scene = build_skipping(ActivationLayer, tmp_path_factory.mktemp("media"))
        story = story_module.story()
    return scene, story


def assert_shows(matrix, expected, what: str) -> None:
    """The matrix shows ``expected`` (a sample row) as a column, rounded as displayed."""
    expected = as_column(expected)
    shown = shown_values(matrix)
    decimals = matrix.get_entries()[0].num_decimal_places
    assert shown.shape == expected.shape, f"{what}: shape {shown.shape}, expected {expected.shape}"
    assert decimals >= 2, f"{what}: {decimals} decimals"
    np.testing.assert_allclose(shown, np.round(expected, decimals), rtol=0, atol=1e-12,
                               err_msg=f"{what} on screen differs from nn's")


def test_the_layer_is_the_first_activation(built):
    scene, story = built
    record = story.step.layers[1]
    assert record.kind == KINDS[story.config.activation]
    assert scene.record is record
    assert len(shown_values(scene.shown["forward_x"])) == story.config.layers[1]


def test_forward_shows_x_and_y_of_the_recorded_step(built):
    scene, story = built
    record = story.step.layers[1]
    assert_shows(scene.shown["forward_x"], record.input, "X")
    assert_shows(scene.shown["forward_y"], record.output, "Y")
    f = story_module.ACTIVATIONS[story.config.activation]().f
    np.testing.assert_allclose(record.output, f(record.input), rtol=0, atol=1e-12)


def test_backward_shows_nn_gradients(built):
    scene, story = built
    record = story.step.layers[1]
    f_prime = story_module.ACTIVATIONS[story.config.activation]().f_prime(record.input)
    assert_shows(scene.shown["backward_dy"], record.output_gradient, "dE/dY")
    assert_shows(scene.shown["backward_f_prime"], f_prime, "f'(X)")
    assert_shows(scene.shown["backward_dx"], record.input_gradient, "dE/dX")
    # the element-wise product on screen is nn's recorded input gradient
    np.testing.assert_allclose(record.output_gradient * f_prime, record.input_gradient,
                               rtol=0, atol=1e-12)


def test_dE_dY_is_what_the_layer_above_returned(built):
    _, story = built
    above = story.step.layers[2]
    np.testing.assert_array_equal(story.step.layers[1].output_gradient, above.input_gradient)


def test_narration_is_speakable_and_true(built):
    scene, story = built
    check_narration(scene, story)
