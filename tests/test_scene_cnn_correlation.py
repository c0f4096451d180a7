"""Cross-correlation (the sequel, chapter 1): the digit and the kernel shown are the story's
(the training image ``sample``, the trained network's first kernel), each window's
products and sum are computed from them and equal nn's correlate, the whole map plus the
bias is the trained Conv2D's forward output, the full correlation is nn's correlate of
nn's pad; the narration says only what is shown and the layout check finds nothing.

Two sequel stories: the default [cnn] (5 kernels, 3x3, seed 0) and 3 kernels of 4x4,
tanh, seed 1.  Each is built once, without playing, with NN_LAYOUT_CHECK=1."""

from __future__ import annotations

import numpy as np
from scene_testing import assert_shows, assert_told, built_chapter

from nn.conv import correlate, pad
from scenes.cnn_correlation import (STEP_POSITIONS, CrossCorrelation, full_correlation,
                                    valid_correlation)

built = built_chapter(CrossCorrelation, "default", "3-kernels-4x4-tanh-seed-1")


def trained(story):
    """The trained network's first kernel (k, k), its bias, and the image as a batch."""
    params = story.run.weights[-1][0]
    return params["kernels"][0, 0], float(params["bias"][0]), story.image[None, None]


# -- the chapter's own correlation, against nn's --------------------------------------------

def test_the_chapters_correlations_equal_nns_on_random_images():
    rng = np.random.default_rng(5)
    for k in (2, 3, 5):
        image, kernel = rng.normal(size=(8, 8)), rng.normal(size=(k, k))
        x, K = image[None, None], kernel[None, None]
        np.testing.assert_allclose(valid_correlation(image, kernel), correlate(x, K)[0, 0],
                                   atol=1e-12)
        full = full_correlation(image, kernel)
        assert full.shape == (8 + k - 1,) * 2
        np.testing.assert_allclose(full, correlate(pad(x, k - 1), K)[0, 0], atol=1e-12)
        middle = slice(k - 1, k - 1 + 8 - k + 1)        # where the kernel lies on the image
        np.testing.assert_allclose(full[middle, middle], valid_correlation(image, kernel),
                                   atol=1e-12)


# -- the chapter -----------------------------------------------------------------------------

def test_the_digit_and_the_kernel_are_the_storys(built):
    _, scene, story = built
    kernel, _, _ = trained(story)
    assert_shows(scene.shown["image_grid"], story.image)
    assert_shows(scene.shown["kernel_grid"], kernel)
    assert scene.shown["label"] == story.label == int(story.y_train[story.config.sample].argmax())


def test_each_window_shows_its_products_and_nns_sum(built):
    _, scene, story = built
    kernel, _, x = trained(story)
    k, size = len(kernel), story.config.output_size
    expected = correlate(x, kernel[None, None])[0, 0]
    for s in range(STEP_POSITIONS):
        i, j = divmod(s, size)
        products = story.image[i:i + k, j:j + k] * kernel
        assert_shows(scene.shown[f"products_{i}{j}"], products)
        for key in (f"sum_{i}{j}", f"nn_{i}{j}"):
            shown = scene.shown[key]
            assert abs(shown.number - expected[i, j]) <= \
                0.5 * 10.0 ** -shown.num_decimal_places + 1e-12, key


def test_the_map_is_nns_correlation_and_with_the_bias_its_forward(built):
    _, scene, story = built
    kernel, bias, x = trained(story)
    size = story.config.output_size
    expected = correlate(x, kernel[None, None])[0, 0]
    assert expected.shape == (size, size) == (8 - len(kernel) + 1,) * 2
    assert_shows(scene.shown["map_grid"], expected)
    assert_shows(scene.shown["ours"], expected)
    conv = story.model_at(len(story.run.weights) - 1).layers[0]
    forward = conv.forward(x)[0, 0]
    np.testing.assert_allclose(forward, expected + bias, atol=1e-12)
    assert_shows(scene.shown["forward"], forward)
    shown_bias = scene.shown["bias"]
    assert abs(shown_bias.number - bias) <= 0.5 * 10.0 ** -shown_bias.num_decimal_places


def test_the_full_correlation_is_nns_correlate_of_the_padded_image(built):
    _, scene, story = built
    kernel, _, x = trained(story)
    k = len(kernel)
    expected = correlate(pad(x, k - 1), kernel[None, None])[0, 0]
    assert scene.shown["full_size"] == len(expected) == 8 + k - 1
    assert_shows(scene.shown["full_grid"], expected)


def test_story_narration_and_layout(built):
    _, scene, story = built
    assert_told(scene, story)
