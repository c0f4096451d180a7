"""Chain rule (chapter 4): the real dE/dY flows backward through the real blocks, and the
parameters change only after the whole backward pass.  Plus the chapter's key frame."""

from __future__ import annotations

import numpy as np
import pytest

from scene_testing import build_skipping, check_narration, key_frame
from scene_testing import assert_frame_matches, assert_shows, story_config
from scenes import story as story_module
from scenes.chain_rule import ChainRule
from scenes.kit import shown_values

CONFIGS = {
    "default": {},
    "sigmoid-2-4-1-seed-3": dict(layers=[2, 4, 1], activation="sigmoid", seed=3),
}
KINDS = {"tanh": "Tanh", "sigmoid": "Sigmoid"}


@pytest.fixture(scope="module", params=list(CONFIGS))
def built(request, tmp_path_factory):
    media = tmp_path_factory.getbasetemp() / "media"
    with story_config(**CONFIGS[request.param]):
        scene = build_skipping(ChainRule, media)
        story = story_module.story()
    return scene, story


def test_blocks_have_the_configured_shapes(built):
    scene, story = built
    expected = []
    for n_in, n_out in zip(story.config.layers, story.config.layers[1:]):
        expected += [("Dense", n_in, n_out), (KINDS[story.config.activation], n_out, n_out)]
    assert scene.shown["block_shapes"] == expected


def test_first_gradient_is_the_mse_derivative(built):
    scene, story = built
    step = story.step
    n = step.y_pred.size
    expected = 2 / n * (step.y_pred - step.y_true)
    np.testing.assert_allclose(step.loss_gradient, expected, rtol=1e-12)
    assert scene.shown["loss_n"].number == n
    assert_shows(scene.shown["loss_y"], step.y_pred.T)
    np.testing.assert_allclose(shown_values(scene.shown["loss_target"]), step.y_true.T)
    assert_shows(scene.shown["loss_gradient"], expected.T)


def test_gradient_flows_through_every_slot(built):
    scene, story = built
    layers = story.step.layers
    last = len(layers)
    assert_shows(scene.shown[f"slot_{last}"], story.step.loss_gradient.T)
    for k, layer in enumerate(layers):
        # what a layer returns is what the layer below it receives
        if k:
            np.testing.assert_array_equal(layer.input_gradient, layers[k - 1].output_gradient)
        assert_shows(scene.shown[f"slot_{k}"], layer.input_gradient.T)
        kept = [r for r in scene.shown[f"slot_{k}"].kept_rows if r is not None]
        assert shown_values(scene.shown[f"slot_{k}"]).shape == (len(kept), 1)
        assert kept[-1] == layer.input.shape[1] - 1, "the last entry is always shown"


def test_weights_change_only_in_the_optimizer(built):
    scene, story = built
    rate = story.config.learning_rate
    dense = [layer for layer in story.step.layers if layer.kind == "Dense"]
    assert dense
    for layer in dense:
        before = layer.params_before["weights"]
        after = layer.params_after["weights"]
        assert_shows(scene.shown[f"weights_before_{layer.index}"], before)
        assert_shows(scene.shown[f"weights_after_{layer.index}"], after)
        np.testing.assert_allclose(after, before - rate * layer.grads["weights"], atol=1e-12)
        # dE/dX was computed with the forward pass's weights: dE/dY W (rows are samples)
        np.testing.assert_allclose(layer.input_gradient, layer.output_gradient @ before,
                                   rtol=1e-12)


class ChainRuleEnd(ChainRule):
    """The chapter's last picture, before it clears: the update after the backward pass."""

    def clear_all(self, run_time: float = 0.8) -> None:
        pass


def test_key_frame_after_the_update(tmp_path_factory):
    with story_config():
        frame = key_frame(ChainRuleEnd, tmp_path_factory.getbasetemp() / "media")
    assert_frame_matches("chain_rule_after_update", frame)


def test_narration_is_speakable_and_true(built):
    scene, story = built
    check_narration(scene, story)
