"""The bias gradient (the sequel, chapter 6): the maps shown are the recorded step's dE/dY
(the Conv2D's output gradient, in the first training step of the untrained network on the
digit ``sample``), each sum shown is its map summed, recomputed here with numpy, and
equals nn's grads["bias"]; the untied bias's gradient is dE/dY itself; the parameter
counts are those of the layer's shapes; the docstring shown is Conv2D's own; the layer's
output on the digit at twice its size is nn's, and an untied bias does not fit it; the
narration says only what is shown and the layout check finds nothing.

Two sequel stories: the default [cnn] (5 kernels, 3x3, relu, seed 0) and 4x4 kernels,
sigmoid, seed 1 (5 kernels).  Each is built once, without playing, with NN_LAYOUT_CHECK=1.
(scene_testing.CNN_STORIES names them; that each records the untrained network's first
training step on its digit is test_cnn_story's to check.)"""

from __future__ import annotations

import inspect
import re

import numpy as np
from scene_testing import assert_grid_shows, assert_told, built_chapter

import nn
from scenes.cnn_bias_gradient import BiasGradient, position_sums

built = built_chapter(BiasGradient, "default", "4x4-sigmoid-seed-1")


def close(shown, value) -> bool:
    """A kit number shows ``value`` to its last decimal (a factored power of ten, written
    "× 10^{p}" beside the digits, included)."""
    digits = shown if hasattr(shown, "num_decimal_places") else shown[0]
    power = 0 if digits is shown else \
        int(re.search(r"\{(-?\d+)\}", shown[1].get_tex_string()).group(1))
    return abs(shown.number - value) <= 0.5 * 10.0 ** (power - digits.num_decimal_places) + 1e-12


def test_position_sums_add_every_position():
    maps = np.random.default_rng(2).normal(size=(3, 5, 5))
    np.testing.assert_allclose(position_sums(maps), maps.sum(axis=(1, 2)), atol=1e-12)


def test_each_maps_sum_is_nns_bias_gradient(built):
    _, scene, story = built
    conv = story.conv_step
    dy = conv.output_gradient[0]
    sums = dy.sum(axis=(1, 2))
    np.testing.assert_allclose(conv.grads["bias"], sums, atol=1e-12)
    d = scene.shown["detail"] - 1
    assert dy[d].any() or not dy.any()          # the first map with a gradient
    assert_grid_shows(scene.shown["detail_grid"], dy[d])
    assert close(scene.shown["detail_sum"], sums[d])
    assert close(scene.shown["detail_nn"], conv.grads["bias"][d])
    assert scene.shown["detail_agree"] is True
    grids, shown_sums = scene.shown["map_grids"], scene.shown["map_sums"]
    assert len(grids) == len(shown_sums) == len(scene.shown["nn_bias"]) == story.config.kernels
    for i in range(story.config.kernels):
        assert_grid_shows(grids[i], dy[i])
        assert close(shown_sums[i], sums[i]), i
        assert close(scene.shown["nn_bias"][i], conv.grads["bias"][i]), i
    assert scene.shown["all_agree"] is True
    assert scene.shown["positions"] == dy[0].size


def test_untied_and_tied(built):
    _, scene, story = built
    conv = story.conv_step
    kernels, k, m = story.config.kernels, story.config.kernel_size, story.config.output_size
    d = scene.shown["detail"] - 1
    # untied: one bias per output pixel, dE/dB = dE/dY itself
    assert_grid_shows(scene.shown["untied_grid"], conv.output_gradient[0, d])
    assert scene.shown["untied_count"] == kernels * m * m == conv.output[0].size
    assert scene.shown["tied_count"] == kernels == conv.params_before["bias"].size
    assert scene.shown["kernel_count"] == kernels * k * k == conv.params_before["kernels"].size
    assert close(scene.shown["tied_sum"], conv.output_gradient[0, d].sum())


def test_why_tied_is_nns_docstring_and_nns_layer(built):
    _, scene, story = built
    source = inspect.getsource(nn.Conv2D).splitlines()
    lines = scene.shown["docstring_source"].splitlines()
    assert lines[0].startswith("The bias is tied") and lines[-1].endswith("height and width.")
    start = next(i for i, line in enumerate(source) if line.strip() == lines[0])
    assert [line.strip() for line in source[start:start + len(lines)]] == lines
    drawn = scene.shown["docstring"]               # Text drops the spaces
    assert [text.text for text in drawn] == ["".join(line.split()) for line in lines]
    conv = nn.Conv2D(1, story.config.kernels, story.config.kernel_size)
    assert conv.in_features == (1, None, None)
    side = 2 * 8
    assert scene.shown["large_side"] == side
    large = conv.forward(np.zeros((1, 1, side, side)))
    assert scene.shown["large_shape"] == large.shape
    assert large.shape[2:] != story.conv_step.output.shape[2:]
    said = " ".join(line.written for line in scene.narration)
    assert "does not fit" in said


def test_story_narration_and_layout(built):
    _, scene, story = built
    assert_told(scene, story)
    said = " ".join(line.written for line in scene.narration)
    assert "first training step of the untrained network" in said
