"""Mean squared error (chapter 15): Y*, Y, E and dE/dY are nn's values for the whole data
set as one batch, and the dE/dY shown entering the last layer is the one nn recorded
there.  A 200-sample data set shows its first rows only, with E over all of them."""

from __future__ import annotations

import numpy as np
import pytest

import nn
from scene_testing import build_skipping, check_narration, story_config
from scenes import story as story_module
from scenes.kit import as_column, shown_values
from scenes.mse import MAX_ROWS, MeanSquaredError

CONFIGS = {
    "default": {},
    "sigmoid-2-4-1-seed-3": dict(layers=[2, 4, 1], activation="sigmoid", seed=3),
    "moons-200-samples": dict(dataset="moons"),
}


@pytest.fixture(scope="module", params=list(CONFIGS))
def built(request, tmp_path_factory):
    with story_config(**CONFIGS[request.param]):
        scene = build_skipping(MeanSquaredError, tmp_path_factory.mktemp("media"))
        story = story_module.story()
    return scene, story


def assert_shows(matrix, expected, what: str) -> None:
    """The column shows the first rows of ``expected``, rounded as displayed."""
    expected = as_column(expected)
    shown = shown_values(matrix)
    rows = min(len(expected), MAX_ROWS)
    decimals = matrix.get_entries()[0].num_decimal_places
    assert shown.shape == (rows, 1), f"{what}: shape {shown.shape}, expected {(rows, 1)}"
    np.testing.assert_allclose(shown, np.round(expected[:rows], decimals), rtol=0,
                               atol=1e-12, err_msg=f"{what} on screen differs from nn's")
    assert matrix.truncated == (len(expected) > MAX_ROWS)
    assert matrix.total_rows == len(expected)


def test_n_is_every_output_of_the_batch(built):
    scene, story = built
    assert scene.shown["n"].number == story.batch_step.y_pred.size == len(story.x)


def test_targets_outputs_and_squares(built):
    scene, story = built
    batch = story.batch_step
    np.testing.assert_array_equal(batch.y_true, story.y)
    assert_shows(scene.shown["target"], batch.y_true, "Y*")
    assert_shows(scene.shown["output"], batch.y_pred, "Y")
    assert_shows(scene.shown["squares"], (batch.y_true - batch.y_pred) ** 2, "(Y* - Y)^2")


def test_error_is_nn_loss_over_all_samples(built):
    scene, story = built
    batch = story.batch_step
    assert scene.shown["E"].number == batch.loss
    assert batch.loss == pytest.approx(np.mean((batch.y_true - batch.y_pred) ** 2), abs=1e-12)
    assert batch.loss == pytest.approx(nn.MSE()(batch.y_true, batch.y_pred), abs=1e-15)


def test_gradient_is_nn_loss_gradient(built):
    scene, story = built
    batch = story.batch_step
    assert_shows(scene.shown["dE_dY"], batch.loss_gradient, "dE/dY")
    n = batch.y_pred.size
    np.testing.assert_allclose(batch.loss_gradient, 2 / n * (batch.y_pred - batch.y_true),
                               rtol=0, atol=1e-15)


def test_the_last_layer_receives_this_gradient(built):
    scene, story = built
    batch = story.batch_step
    last = batch.layers[-1]
    np.testing.assert_array_equal(last.output_gradient, batch.loss_gradient)
    assert_shows(scene.shown["received"], last.output_gradient, "dE/dY received")


def test_long_columns_say_they_are_cut(built):
    scene, story = built
    said = " ".join(line.content for line in scene.renderer.file_writer.subcaptions)
    long = len(story.x) > MAX_ROWS
    assert (f"Only the first {MAX_ROWS} rows" in said) == long
    assert f"all {len(story.x)}" in said or not long


def test_narration_is_speakable_and_true(built):
    scene, story = built
    check_narration(scene, story)
