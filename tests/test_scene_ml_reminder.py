"""ML reminder (chapter 3): one real weight's real gradient-descent step, and the real run."""

from __future__ import annotations

import numpy as np
import pytest

import nn
from scene_testing import build_skipping, check_narration
from scene_testing import story_config
from scenes import story as story_module
from scenes.kit import precision, shown_values
from scenes.ml_reminder import UPDATE_DECIMALS, MLReminder

CONFIGS = {
    "default": {},
    "sigmoid-2-4-1-seed-3": dict(layers=[2, 4, 1], activation="sigmoid", seed=3),
}


@pytest.fixture(scope="module", params=list(CONFIGS))
def built(request, tmp_path_factory):
    media = tmp_path_factory.getbasetemp() / "media"
    with story_config(**CONFIGS[request.param]):
        scene = build_skipping(MLReminder, media)
        story = story_module.story()
    return scene, story


def on_screen(value: float, decimals: int | None = None) -> float:
    """A value as the screen shows it: at kit.precision's decimals (or ``decimals``), its
    power of ten included."""
    return float(precision(value).shown(value) if decimals is None
                 else round(value, decimals))


def largest_gradient(step):
    """(layer index, j, i) of the weight whose gradient is largest in size."""
    candidates = [(abs(layer.grads["weights"][j, i]), layer.index, j, i)
                  for layer in step.layers if layer.kind == "Dense"
                  for j, i in np.ndindex(layer.grads["weights"].shape)]
    _, index, j, i = max(candidates)
    return index, j, i


def test_forward_and_error_are_the_recorded_step(built):
    scene, story = built
    step = story.step
    np.testing.assert_allclose(shown_values(scene.shown["reminder_x"]), step.x.T)
    np.testing.assert_allclose(shown_values(scene.shown["reminder_y"]),
                               np.round(step.y_pred.T, 2), atol=1e-9)
    np.testing.assert_allclose(shown_values(scene.shown["reminder_target"]), step.y_true.T)
    assert scene.shown["reminder_error"].number == pytest.approx(
        on_screen(float(np.mean((step.y_true - step.y_pred) ** 2))))


def test_one_weight_takes_nns_step(built):
    scene, story = built
    index, j, i = largest_gradient(story.step)
    layer = story.step.layers[index]
    w = layer.params_before["weights"][j, i]
    g = layer.grads["weights"][j, i]
    after = layer.params_after["weights"][j, i]
    rate = story.config.learning_rate
    shown = {key: scene.shown[key].number for key in
             ("weight_before", "gradient", "update_before", "update_gradient",
              "update_after", "learning_rate")}
    # what the screen shows: the update at UPDATE_DECIMALS, the gradient at kit.precision
    assert shown["weight_before"] == shown["update_before"] == pytest.approx(
        on_screen(w, UPDATE_DECIMALS))
    assert shown["gradient"] == shown["update_gradient"] == pytest.approx(on_screen(g))
    assert shown["update_after"] == pytest.approx(on_screen(after, UPDATE_DECIMALS))
    assert shown["learning_rate"] == rate
    # nn's SGD did exactly w - alpha * dE/dw, and the rounded numbers on screen agree
    assert after == pytest.approx(w - rate * g, abs=1e-12)
    assert round(after, 3) == pytest.approx(round(round(w, 3) - rate * round(g, 3), 3),
                                            abs=1.5e-3)


def test_error_curve_is_nns_error_along_that_weight(built):
    scene, story = built
    index, j, i = largest_gradient(story.step)
    ws, es = scene.shown["curve_weights"], scene.shown["curve_errors"]
    # at the weight's own value the curve passes through the step's recorded error
    assert scene.shown["curve_error_at_w"] == pytest.approx(story.step.loss, rel=1e-12)
    # a fresh nn model, weight by weight, gives the same curve
    model = story_module.build_model(story.config).build(2)
    model.set_weights([layer.params_before for layer in story.step.layers])
    for k in (0, len(ws) // 3, len(ws) - 1):
        model.layers[index].params["weights"][j, i] = ws[k]
        error = nn.MSE()(story.step.y_true, model.predict(story.step.x))
        assert es[k] == pytest.approx(error, rel=1e-12)
    # its slope at w is the gradient backward computed
    middle = len(ws) // 2
    assert ws[middle] == pytest.approx(story.step.layers[index].params_before["weights"][j, i])
    slope = (es[middle + 1] - es[middle - 1]) / (ws[middle + 1] - ws[middle - 1])
    assert slope == pytest.approx(story.step.layers[index].grads["weights"][j, i], rel=0.02)
    assert scene.shown["curve_error_after"] < scene.shown["curve_error_at_w"]


def test_run_curve_is_the_recorded_run(built):
    scene, story = built
    run = story.run
    assert scene.shown["loss_first"].number == pytest.approx(on_screen(run.loss[0]))
    assert scene.shown["loss_last"].number == pytest.approx(on_screen(run.loss[-1]))
    assert scene.shown["loss_epoch_start"].number == 0
    assert scene.shown["loss_epoch_end"].number == story.config.epochs
    epochs, values = scene.shown["loss_curve_epochs"], scene.shown["loss_curve_values"]
    np.testing.assert_array_equal(values, np.asarray(run.loss)[epochs])


def test_narration_is_speakable_and_true(built):
    scene, story = built
    check_narration(scene, story)
