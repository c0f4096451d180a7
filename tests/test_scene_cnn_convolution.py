"""Convolution (the sequel, chapter 2): the kernel shown is the trained network's first
(the story's last snapshot) and its turned copy is that kernel turned by 180° (numpy's
rot90, twice); the entry written out and the whole map are the valid convolution of the
digit with the kernel (scipy's convolve2d) and equal nn's correlate with the turned
kernel; the convolving copy of the network, recomputed here with scipy, gives the feature
maps and the class probabilities shown, the trained network's; PyTorch's conv2d is a
cross-correlation (as the chapter says); the narration says only what is shown and the
layout check finds nothing.

Two sequel stories: the default [cnn] (5 kernels, 3x3, relu, seed 0) and 3 kernels of
5x5, sigmoid, seed 3.  Each is built once, without playing, with NN_LAYOUT_CHECK=1."""

from __future__ import annotations

import numpy as np
import pytest
from scene_testing import assert_grid_shows, assert_shows, assert_told, built_chapter
from scipy.signal import convolve2d

from nn.conv import correlate
from scenes.cnn_convolution import (Convolution, ConvolvingConv2D, turned,
                                    valid_convolution)

built = built_chapter(Convolution, "default", "3-kernels-5x5-sigmoid-seed-3")


def trained(story):
    """The trained network (the last snapshot), its kernels (i, 1, k, k) and biases."""
    model = story.model_at(len(story.run.weights) - 1)
    params = model.layers[0].params
    return model, params["kernels"], params["bias"]


def close(shown, value) -> bool:
    """A kit.number shows ``value``, within half its last decimal."""
    return abs(shown.number - value) <= 0.5 * 10.0 ** -shown.num_decimal_places + 1e-12


# -- the chapter's own convolution, against scipy's and nn's --------------------------------

def test_the_chapters_convolution_is_scipys_and_nns_correlation_with_the_turned_kernel():
    rng = np.random.default_rng(7)
    for k in (2, 3, 5):
        image, kernel = rng.normal(size=(8, 8)), rng.normal(size=(k, k))
        np.testing.assert_array_equal(turned(kernel), np.rot90(kernel, 2))
        ours = valid_convolution(image, kernel)
        np.testing.assert_allclose(ours, convolve2d(image, kernel, mode="valid"), atol=1e-12)
        np.testing.assert_allclose(ours, correlate(image[None, None],
                                                   np.rot90(kernel, 2)[None, None])[0, 0],
                                   atol=1e-12)
        # not the correlation with the kernel itself (a random kernel is not symmetric)
        assert not np.allclose(ours, correlate(image[None, None], kernel[None, None])[0, 0])


def test_the_convolving_layer_convolves_every_channel_pair():
    rng = np.random.default_rng(8)
    layer = ConvolvingConv2D(2, 3, 3)
    kernels, bias = rng.normal(size=(3, 2, 3, 3)), rng.normal(size=3)
    layer.set_params({"kernels": kernels, "bias": bias})
    x = rng.normal(size=(4, 2, 6, 7))
    expected = np.array([[bias[i] + sum(convolve2d(sample[j], kernels[i, j], mode="valid")
                                        for j in range(2)) for i in range(3)] for sample in x])
    np.testing.assert_allclose(layer.forward(x), expected, atol=1e-12)


def test_pytorchs_conv2d_is_a_cross_correlation():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(9)
    x, kernels = rng.normal(size=(2, 1, 8, 8)), rng.normal(size=(3, 1, 3, 3))
    theirs = torch.nn.functional.conv2d(torch.from_numpy(x), torch.from_numpy(kernels))
    np.testing.assert_allclose(theirs.numpy(), correlate(x, kernels), atol=1e-12)


# -- the chapter -----------------------------------------------------------------------------

def test_the_kernel_and_its_turned_copy(built):
    _, scene, story = built
    _, kernels, _ = trained(story)
    kernel = kernels[0, 0]
    assert_shows(scene.shown["kernel_grid"], kernel)
    assert_shows(scene.shown["turned_grid"], np.rot90(kernel, 2))
    assert scene.shown["turn_agree"] is True      # the copy turned on screen reads the same
    assert "180" in scene.shown["identity"].get_tex_string()


def test_the_entry_is_the_convolutions_with_its_products(built):
    _, scene, story = built
    _, kernels, _ = trained(story)
    kernel, k = kernels[0, 0], story.config.kernel_size
    expected = convolve2d(story.image, kernel, mode="valid")
    r, c = np.unravel_index(np.argmax(expected), expected.shape)
    assert scene.shown["entry"] == (r, c)
    products = story.image[r:r + k, c:c + k] * np.rot90(kernel, 2)
    np.testing.assert_allclose(products.sum(), expected[r, c], atol=1e-12)
    assert_shows(scene.shown["entry_image"], story.image)
    assert_shows(scene.shown["entry_kernel"], np.rot90(kernel, 2))
    assert_shows(scene.shown["entry_grid"], products)
    for key in ("entry_sum", "entry_nn"):
        assert close(scene.shown[key], expected[r, c]), key
    assert scene.shown["entry_agree"] is True


def test_the_whole_map_is_the_convolution_and_nns_correlation_with_the_turned_kernel(built):
    _, scene, story = built
    _, kernels, _ = trained(story)
    expected = convolve2d(story.image, kernels[0, 0], mode="valid")
    assert expected.shape == (story.config.output_size,) * 2
    assert_shows(scene.shown["conv_grid"], expected)
    assert_shows(scene.shown["nn_conv_grid"], expected)
    assert scene.shown["map_agree"] is True


def test_the_two_networks_kernels(built):
    _, scene, story = built
    _, kernels, _ = trained(story)
    for i, kernel in enumerate(kernels[:, 0]):
        np.testing.assert_array_equal(scene.shown[f"network_kernel_{i}"].values, kernel)
        np.testing.assert_array_equal(scene.shown[f"copy_kernel_{i}"].values,
                                      np.rot90(kernel, 2))
    assert f"network_kernel_{len(kernels)}" not in scene.shown


def test_the_convolving_copy_gives_the_trained_networks_outputs(built):
    _, scene, story = built
    model, kernels, bias = trained(story)
    x = story.image[None, None]
    maps = model.layers[0].forward(x)[0]
    probabilities = model.forward(x)[0]
    # the copy, here: every turned kernel convolved (scipy), then the trained later layers
    copy_maps = np.array([b + convolve2d(story.image, np.rot90(K[0], 2), mode="valid")
                          for K, b in zip(kernels, bias)])
    np.testing.assert_allclose(copy_maps, maps, atol=1e-12)
    y = copy_maps[None]
    for layer in model.layers[1:]:
        y = layer.forward(y)
    np.testing.assert_allclose(y[0], probabilities, atol=1e-12)
    for key, values in (("map_1", maps[0]), ("copy_map_1", copy_maps[0])):
        assert_grid_shows(scene.shown[key], values)
    assert_shows(scene.shown["probabilities"], probabilities[None])
    assert_shows(scene.shown["copy_probabilities"], y)
    assert scene.shown["maps_agree"] is True
    assert scene.shown["probabilities_agree"] is True
    assert 0 <= scene.shown["difference"].number <= 1e-12


def test_story_narration_and_layout(built):
    _, scene, story = built
    assert_told(scene, story)
