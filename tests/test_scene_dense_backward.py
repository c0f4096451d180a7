"""DenseBackward (chapters 7-10): the gradients it shows are the ones nn computed on the
story's recorded step, symbols first (W^T's bottom row reads w_1i, w_2i, ..., w_ji)."""

from __future__ import annotations

import numpy as np
import pytest
import scene_testing
from scene_testing import (assert_frame_matches, build_skipping, check_narration, last_frame,
                           story_config)

from scenes import kit
from scenes.dense_backward import DenseBackward
from scenes.kit.symbolic import entry_texts
from scenes.story import story

# Issue #13: a batch of 200 samples through sigmoids makes tiny gradients (about 1e-5 for a
# sample's dE/dY in the batch): they must read with a power of ten factored out, never as
# matrices of 0.0000.  Two epochs: the run is not what these chapters show.
TINY = dict(dataset="circles", activation="sigmoid", layers=[2, 6, 6, 1], optimizer="sgd",
            batch_size=200, epochs=2)
# The default and one other (sigmoid, two hidden layers, another data set, the whole set
# in one batch); more configurations are the layout sweep's (tests/test_layout_sweep.py).
CONFIGS = {"default": {}, "circles-batch200-tiny": TINY}


@pytest.fixture(scope="module", params=list(CONFIGS))
def built(request, tmp_path_factory):
    with story_config(**CONFIGS[request.param]) as config:
        recorded = story()
        scene = build_skipping(DenseBackward, tmp_path_factory.getbasetemp() / "media")
    return scene, recorded, config


def assert_shows(scene, name, expected):
    """scene.shown[name] reads nn's values at its shown precision, its factor included, and
    is not all zeros when they are not.  An elided batch matrix: its first and last rows
    and columns are those of the values, and the entries it shows read them."""
    matrix, expected = scene.shown[name], np.atleast_2d(expected)
    rows, columns = getattr(matrix, "kept_rows", [0]), getattr(matrix, "kept_columns", [0])
    if None in rows or None in columns:
        assert (rows[-1], columns[-1]) == (expected.shape[0] - 1, expected.shape[1] - 1), (
            f"{name}: shows up to row {rows[-1]}, column {columns[-1]}; values {expected.shape}")
    try:
        scene_testing.assert_shows(matrix, expected)
    except AssertionError as error:
        raise AssertionError(f"{name}: {error}") from None


def first_dense(step):
    return next(layer for layer in step.layers if layer.kind == "Dense")


def test_weights_gradient(built):
    scene, recorded, _ = built
    layer = first_dense(recorded.step)
    assert_shows(scene, "dY", kit.as_column(layer.output_gradient))
    assert_shows(scene, "XT", kit.as_column(layer.input).T)
    assert_shows(scene, "dW", layer.grads["weights"])        # dE/dY X^T, computed on screen
    assert_shows(scene, "dW_nn", layer.grads["weights"])


def test_minibatch_weights_gradient(built):
    scene, recorded, config = built
    layer = first_dense(recorded.batch_step)
    assert_shows(scene, "batch_dY", layer.output_gradient.T)   # one column per sample
    assert_shows(scene, "batch_XT", layer.input)
    assert_shows(scene, "batch_dW", layer.grads["weights"])
    assert_shows(scene, "batch_dW_nn", layer.grads["weights"])
    # Our sample's column is its single-sample dE/dY over n: the 1/n of the mean.
    single = first_dense(recorded.step).output_gradient
    assert_shows(scene, "single_dY_row", single)
    n = layer.input.shape[0]
    assert np.allclose(layer.output_gradient[config.sample], single[0] / n)


def test_tiny_batch_gradients_are_factored(built):
    """Issue #13: the batch's gradients are too small for four decimals; the matrices carry
    a power of ten (10^{-5} x ...) instead of reading 0.0000 (the values themselves are
    checked by the tests above, factor included)."""
    scene, recorded, config = built
    if config.batch_size != TINY["batch_size"]:
        pytest.skip("only the tiny-gradient configuration")
    for name in ("batch_dY", "batch_dW", "batch_dW_nn", "batch_dY_bias", "batch_dB_nn"):
        assert scene.shown[name].power < 0, f"{name} has no factor: power {scene.shown[name].power}"


def test_bias_gradient(built):
    scene, recorded, _ = built
    layer = first_dense(recorded.step)
    assert_shows(scene, "dB", kit.as_column(layer.grads["bias"]))
    assert_shows(scene, "dB_nn", kit.as_column(layer.grads["bias"]))
    assert_shows(scene, "dY_bias", kit.as_column(layer.output_gradient))
    batch = first_dense(recorded.batch_step)
    assert_shows(scene, "batch_dY_bias", batch.output_gradient.T)
    assert_shows(scene, "batch_dB_nn", kit.as_column(batch.grads["bias"]))


def test_input_gradient_uses_forward_weights(built):
    scene, recorded, _ = built
    layer = first_dense(recorded.step)
    assert_shows(scene, "WT", layer.params_before["weights"].T)
    assert_shows(scene, "dY_input", kit.as_column(layer.output_gradient))
    assert_shows(scene, "dX", kit.as_column(layer.input_gradient))
    assert_shows(scene, "dX_nn", kit.as_column(layer.input_gradient))


def test_summary(built):
    scene, recorded, _ = built
    layer = first_dense(recorded.step)
    assert_shows(scene, "summary_dW", layer.grads["weights"])
    assert_shows(scene, "summary_dB", kit.as_column(layer.grads["bias"]))
    assert_shows(scene, "summary_dX", kit.as_column(layer.input_gradient))


def test_sizes_follow_the_config(built):
    scene, _, config = built
    n_in, hidden = config.layers[:2]
    assert kit.shown_values(scene.shown["dW"]).shape == (hidden, n_in)
    assert kit.shown_values(scene.shown["WT"]).shape == (n_in, hidden)
    assert kit.shown_values(scene.shown["dX"]).shape == (n_in, 1)


def test_w_transpose_bottom_row_is_right(built):
    """The original video's first error, fixed: W^T's last row is w_1i, w_2i, ..., w_ji."""
    scene, _, _ = built
    rows = entry_texts(scene.shown["WT_symbolic"])
    assert rows[-1] == ["w_{1i}", "w_{2i}", r"\cdots", "w_{ji}"], rows[-1]
    assert rows[0] == ["w_{11}", "w_{21}", r"\cdots", "w_{j1}"], rows[0]


def test_narration_is_speakable_and_true(built):
    scene, recorded, _ = built
    check_narration(scene, recorded)


class BackwardClose(DenseBackward):
    """Only the closing summary of DenseBackward: its last frame, rendered cheaply."""

    def construct(self) -> None:
        self.prepare()
        self.summary()


def test_last_frame_matches_control(tmp_path):
    with story_config():
        frame = last_frame(BackwardClose, tmp_path)
    assert_frame_matches("dense_backward_last", frame)
