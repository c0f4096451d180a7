"""Backward to the convolution (the sequel, chapter 4): the vectors and maps shown are the
recorded step's (the first training step of the untrained network on the digit
``sample``): the loss gradient, Softmax's and Dense's dE/dX, Flatten's dE/dX as maps (its
output gradient reshaped, channel by channel and row by row), f'(Y) at the Conv2D's
output, and the Conv2D's dE/dY, equal to the product computed on screen; each is
recomputed here with plain numpy, not read from the chapter; the narration says only what
is shown and the layout check finds nothing.

Two sequel stories: the default [cnn] (5 kernels, 3x3, relu, seed 0) and the most kernels,
8 of 2x2, tanh, seed 2.  Each is built once, without playing, with NN_LAYOUT_CHECK=1.
(scene_testing.CNN_STORIES names them; that each records the untrained network's first
training step on its digit is test_cnn_story's to check.)"""

from __future__ import annotations

import numpy as np
from scene_testing import assert_grid_shows, assert_shows, assert_told, built_chapter

from scenes.cnn_flatten_backward import FlattenBackward, unflatten

F_PRIME = {"relu": lambda y: (y > 0).astype(float),
           "tanh": lambda y: 1 - np.tanh(y) ** 2,
           "sigmoid": lambda y: 1 / (1 + np.exp(-y)) * (1 - 1 / (1 + np.exp(-y)))}

built = built_chapter(FlattenBackward, "default", "8-kernels-2x2-tanh-seed-2")


def records(story):
    """The step's layer records: Conv2D, activation, Flatten, Dense, Softmax."""
    conv, activation, flatten, dense, softmax = story.step.layers
    assert [r.kind for r in (conv, flatten, dense, softmax)] == \
        ["Conv2D", "Flatten", "Dense", "Softmax"]
    return conv, activation, flatten, dense, softmax


class FirstRow:
    """The first row of a grid, read like a kit matrix of one row."""

    def __init__(self, grid):
        self.power = grid.power
        self.rows = [grid.numbers[0]]

    def get_rows(self):
        return self.rows

    def get_entries(self):
        return list(self.rows[0])


def test_the_chapters_unflatten_is_numpys_reshape():
    rng = np.random.default_rng(4)
    for count, m in ((1, 4), (5, 6), (8, 7)):
        vector = rng.normal(size=count * m * m)
        np.testing.assert_array_equal(unflatten(vector, count, m), vector.reshape(count, m, m))


def test_the_gradient_from_the_loss_to_flatten(built):
    _, scene, story = built
    conv, _, flatten, dense, softmax = records(story)
    # the categorical cross-entropy's gradient: -y*/y, zero but at the true digit
    y, target = story.step.y_pred[0], story.y_train[story.config.sample]
    expected = -target / y
    assert np.flatnonzero(expected).tolist() == [story.label]
    assert_shows(scene.shown["output_gradient"], expected[None])
    # Softmax's dE/dX: its Jacobian times dE/dY; Dense's: W^T dE/dY
    jacobian = np.diag(y) - np.outer(y, y)
    softmax_dx = jacobian @ expected
    assert_shows(scene.shown["softmax_gradient"], softmax_dx[None])
    dense_dx = dense.params_before["weights"].T @ softmax_dx
    assert_grid_shows(scene.shown["dense_gradient"], dense_dx[None])
    np.testing.assert_allclose(flatten.output_gradient[0], dense_dx, atol=1e-12)
    kernels, m = story.config.kernels, story.config.output_size
    assert scene.shown["length"] == dense_dx.size == kernels * m * m
    assert (scene.shown["count"], scene.shown["size"]) == (kernels, m)


def test_flattens_backward_puts_the_vector_back_row_by_row(built):
    _, scene, story = built
    _, _, flatten, _, _ = records(story)
    kernels, m = story.config.kernels, story.config.output_size
    vector = flatten.output_gradient[0]
    maps = np.array([[[vector[i * m * m + r * m + c] for c in range(m)] for r in range(m)]
                     for i in range(kernels)])
    np.testing.assert_array_equal(flatten.input_gradient[0], maps)
    grids = scene.shown["flatten_maps"]
    assert len(grids) == kernels
    assert len(grids[0].numbers), "the first map writes its numbers"
    for grid, values in zip(grids, maps):
        assert_grid_shows(grid, values)
    assert_shows(FirstRow(grids[0]), vector[:m][None])      # its first row: the first m
    assert scene.shown["reshape_agree"] is True


def test_the_activations_derivative_and_the_product(built):
    _, scene, story = built
    conv, activation, flatten, _, _ = records(story)
    d = scene.shown["detail"] - 1
    y = conv.output[0]
    np.testing.assert_array_equal(activation.input[0], y)
    f_prime = F_PRIME[story.config.activation](y)
    assert_grid_shows(scene.shown["detail_y"], y[d])
    assert_grid_shows(scene.shown["detail_f_prime"], f_prime[d])
    assert_grid_shows(scene.shown["detail_incoming"], flatten.input_gradient[0, d])
    product = flatten.input_gradient[0] * f_prime
    np.testing.assert_allclose(conv.output_gradient[0], product, atol=1e-12)
    assert_grid_shows(scene.shown["detail_product"], product[d])
    assert scene.shown["detail_agree"] is True
    if story.config.activation == "relu":        # a map with both signs: 1s and 0s shown
        assert (y[d] > 0).any() and (y[d] <= 0).any()


def test_every_map_of_the_conv_layers_gradient(built):
    _, scene, story = built
    conv, _, flatten, _, _ = records(story)
    expected = flatten.input_gradient[0] * F_PRIME[story.config.activation](conv.output[0])
    grids = scene.shown["conv_maps"]
    assert len(grids) == story.config.kernels
    for grid, values in zip(grids, expected):
        assert_grid_shows(grid, values)
    assert scene.shown["conv_agree"] is True
    assert scene.shown["conv_shape"].tex_string == str(conv.output_gradient.shape)


def test_story_narration_and_layout(built):
    _, scene, story = built
    assert_told(scene, story)
    said = " ".join(line.written for line in scene.narration)
    assert "first training step of the untrained network" in said
