"""The convolutional layer forward (the sequel, chapter 2): the digit, every kernel and bias
shown are the trained network's (the story's last snapshot), each feature map is its
Conv2D's forward output on the digit, the activated maps its activation's, the vector its
Flatten's (length kernels·(8−k+1)², the input of Dense(10)); the entry checked on screen
is the sum of its k·k products plus the bias and equals nn's; the narration says only
what is shown and the layout check finds nothing.

Two sequel stories: the default [cnn] (5 kernels, 3x3, relu, seed 0) and the most kernels,
8 of 2x2, tanh, seed 2.  Each is built once, without playing, with NN_LAYOUT_CHECK=1."""

from __future__ import annotations

import numpy as np
from scene_testing import assert_grid_shows, assert_shows, assert_told, built_chapter

from nn.conv import correlate
from scenes.cnn_forward import ConvForward

built = built_chapter(ConvForward, "default", "8-kernels-2x2-tanh-seed-2")


def nn_forward(story):
    """The trained network's parameters and its first three layers' outputs on the digit,
    from nn: Conv2D, the activation, Flatten (the batch of one dropped)."""
    model = story.model_at(len(story.run.weights) - 1)
    conv, activation, flatten = model.layers[:3]
    x = story.image[None, None]
    maps = conv.forward(x)
    activated = activation.forward(maps)
    return conv.params, maps[0], activated[0], flatten.forward(activated)[0], model


def test_the_shapes_are_nns(built):
    _, scene, story = built
    params, maps, _, flat, model = nn_forward(story)
    kernels, k = story.config.kernels, story.config.kernel_size
    assert params["kernels"].shape == (kernels, 1, k, k)
    assert params["bias"].shape == (kernels,)
    assert maps.shape == (kernels, 8 - k + 1, 8 - k + 1)
    shapes = scene.shown["shapes"]
    assert shapes[1] == str(params["kernels"].shape)
    assert shapes[3].endswith(", ".join(map(str, maps.shape)) + ")")
    assert scene.shown["length"] == flat.size == kernels * (8 - k + 1) ** 2
    assert scene.shown["dense_shape"] == (10, flat.size) == model.layers[3].params["weights"].shape


def test_every_kernel_its_bias_and_its_feature_map_are_nns(built):
    _, scene, story = built
    params, maps, _, _, _ = nn_forward(story)
    np.testing.assert_allclose(scene.shown["image_grid"].values, story.image)
    for i in range(story.config.kernels):
        kernel = params["kernels"][i, 0]
        assert_grid_shows(scene.shown[f"kernel_grid_{i}"], kernel)
        bias = scene.shown[f"bias_{i}"]
        assert abs(bias.number - params["bias"][i]) <= 0.5 * 10.0 ** -bias.num_decimal_places
        # the map is X ⋆ K_i + b_i, nn's correlate plus the bias
        expected = correlate(story.image[None, None], kernel[None, None])[0, 0] + \
            params["bias"][i]
        np.testing.assert_allclose(maps[i], expected, atol=1e-12)
        assert_grid_shows(scene.shown[f"map_grid_{i}"], maps[i])


def test_the_checked_entry_is_its_products_plus_the_bias(built):
    _, scene, story = built
    params, maps, _, _, _ = nn_forward(story)
    k = story.config.kernel_size
    r, c = np.unravel_index(np.argmax(maps[0]), maps[0].shape)
    products = story.image[r:r + k, c:c + k] * params["kernels"][0, 0]
    assert_shows(scene.shown["check_image"], story.image)
    assert_shows(scene.shown["check_kernel"], params["kernels"][0, 0])
    assert_shows(scene.shown["check_products"], products)
    for key, value in (("check_sum", products.sum()), ("check_bias", params["bias"][0]),
                       ("check_total", products.sum() + params["bias"][0]),
                       ("check_nn", maps[0, r, c])):
        shown = scene.shown[key]
        assert abs(shown.number - value) <= 0.5 * 10.0 ** -shown.num_decimal_places + 1e-12, key
    assert scene.shown["check_agree"] is True


def test_the_activated_maps_and_the_flat_vector_are_nns(built):
    _, scene, story = built
    _, maps, activated, flat, _ = nn_forward(story)
    f = {"relu": lambda y: np.maximum(y, 0), "tanh": np.tanh,
         "sigmoid": lambda y: 1 / (1 + np.exp(-y))}[story.config.activation]
    np.testing.assert_allclose(activated, f(maps), atol=1e-12)
    for i in range(story.config.kernels):
        assert_grid_shows(scene.shown[f"activated_grid_{i}"], activated[i])
    # Flatten's order: channel by channel, row by row
    np.testing.assert_array_equal(flat, activated.reshape(-1))
    np.testing.assert_array_equal(scene.shown["flat_values"], flat)
    head = scene.shown["flat_head"]
    shown = np.array([mob.number for mob in head if hasattr(mob, "number")])
    decimals = head[1].num_decimal_places
    assert np.all(np.abs(shown - flat[:len(shown)]) <= 0.5 * 10.0 ** -decimals + 1e-12)


def test_story_narration_and_layout(built):
    _, scene, story = built
    assert_told(scene, story)
