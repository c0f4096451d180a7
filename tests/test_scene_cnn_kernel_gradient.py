"""Backward: the kernel gradient (the sequel, chapter 5): every value shown comes from the
recorded step, the first training step of the untrained network on the digit ``sample``:
the digit is the Conv2D's input, dE/dY_i its output gradient, the products and their sum
are one entry of X ⋆ dE/dY_i, and every kernel's gradient equals nn's grads["kernels"],
recomputed here with loops and with nn.conv.correlate; the kernels before and after are
the record's, their difference Adam's first step; backward run again leaves the kernels
unchanged; the narration says only what is shown and the layout check finds nothing.

Two sequel stories: the default [cnn] (5 kernels, 3x3, relu, seed 0: kernel 2 gets a
gradient of zeros) and 4 kernels of 4x4, sigmoid, seed 3.  Each is built once, without
playing, with NN_LAYOUT_CHECK=1.  (scene_testing.CNN_STORIES names them; that each records
the untrained network's first training step on its digit is test_cnn_story's to check.)"""

from __future__ import annotations

import numpy as np
from scene_testing import assert_grid_shows, assert_shows, assert_told, built_chapter

from nn.conv import correlate
from scenes.cnn_kernel_gradient import KernelGradient, kernel_gradient

built = built_chapter(KernelGradient, "default", "4-kernels-4x4-sigmoid-seed-3")


def loops(image, output_gradient):
    """dE/dk_mn = sum_ab dE/dy_ab x_(a+m)(b+n), written out here once more."""
    side = len(output_gradient)
    k = len(image) - side + 1
    return np.array([[sum(output_gradient[a, b] * image[a + m, b + n]
                          for a in range(side) for b in range(side))
                      for n in range(k)] for m in range(k)])


def recorded(story):
    """The Conv2D's record of the step: its input digit (8, 8), dE/dY (i, m, m), nn's
    kernel gradients (i, k, k), and the kernels before and after the update."""
    record = story.conv_step
    return (record.input[0, 0], record.output_gradient[0], record.grads["kernels"][:, 0],
            record.params_before["kernels"][:, 0], record.params_after["kernels"][:, 0])


def worked(story) -> int:
    """The kernel the chapter works through: the first with a dE/dY not all zero."""
    dY = story.conv_step.output_gradient[0]
    return next((i for i in range(len(dY)) if np.any(dY[i])), 0)


def close(shown, value) -> bool:
    """A number on screen (kit.number) reads ``value`` to its last decimal, its factored
    power of ten included."""
    mantissa = shown if hasattr(shown, "num_decimal_places") else shown[0]
    unit = 0.5 * 10.0 ** -mantissa.num_decimal_places
    if mantissa is not shown and mantissa.number:
        unit *= abs(shown.number / mantissa.number)            # times 10 to the power
    return abs(shown.number - value) <= unit + 1e-15


# -- the chapter's own gradient, against nn's -------------------------------------------------

def test_the_chapters_loops_equal_nns_correlate_and_backward_on_random_images():
    rng = np.random.default_rng(7)
    for k in (2, 3, 5):
        image, dY = rng.normal(size=(8, 8)), rng.normal(size=(8 - k + 1,) * 2)
        ours = kernel_gradient(image, dY)
        assert ours.shape == (k, k)
        np.testing.assert_allclose(ours, loops(image, dY), atol=1e-12)
        np.testing.assert_allclose(ours, correlate(image[None, None], dY[None, None])[0, 0],
                                   atol=1e-12)


# -- the chapter -----------------------------------------------------------------------------

def test_the_digit_shown_is_the_steps_input(built):
    _, scene, story = built
    image, *_ = recorded(story)
    assert_shows(scene.shown["image_grid"], image)


def test_the_sizes_are_the_storys(built):
    _, scene, story = built
    k = story.config.kernel_size
    _, dY, grads, _, _ = recorded(story)
    assert scene.shown["k"] == k == grads.shape[-1]
    assert scene.shown["size"] == 8 - k + 1 == dY.shape[-1]
    assert scene.shown["products"] == dY.shape[-1] ** 2
    assert scene.shown["count"] == story.config.kernels == len(grads)


def test_the_worked_entry_is_its_products_and_their_sum_nns(built):
    _, scene, story = built
    image, dY, grads, _, _ = recorded(story)
    i = worked(story)
    m = dY.shape[-1]
    assert_shows(scene.shown["dY_grid"], dY[i])
    products = image[:m, :m] * dY[i]                     # the window at the top left
    assert_shows(scene.shown["products_grid"], products)
    assert np.isclose(products.sum(), grads[i, 0, 0])
    for key in ("entry_sum", "entry_nn"):
        assert close(scene.shown[key], grads[i, 0, 0]), key
    assert scene.shown["entry_agree"] is True


def test_every_kernels_gradient_is_nns(built):
    _, scene, story = built
    image, dY, grads, _, _ = recorded(story)
    i = worked(story)
    by_correlate = correlate(image[None, None], dY[:, None])[0]     # X ⋆ dE/dY_i, each i
    np.testing.assert_allclose(by_correlate, grads, atol=1e-12)
    for kernel in range(len(grads)):
        np.testing.assert_allclose(loops(image, dY[kernel]), grads[kernel], atol=1e-12)
    assert_shows(scene.shown["gradient_grid"], grads[i])
    assert scene.shown["gradient_agree"] is True
    for kernel in range(len(grads)):
        assert_grid_shows(scene.shown[f"gradient_{kernel}"], grads[kernel])
        assert scene.shown[f"agree_{kernel}"] is True


def test_a_kernel_whose_dE_dY_is_zero_gets_a_zero_gradient(built):
    name, scene, story = built
    _, dY, grads, _, _ = recorded(story)
    dead = [i for i in range(len(dY)) if not np.any(dY[i])]
    if name == "default":
        assert dead == [1]            # relu cut kernel 2's whole map on this digit
        assert np.all(story.conv_step.output[0, 1] <= 0)
        assert any("kernel 2 is all zero" in line.written for line in scene.narration)
    for i in dead:
        assert not np.any(grads[i])


def test_backward_leaves_the_kernels_and_adam_moves_them(built):
    _, scene, story = built
    _, _, grads, before, after = recorded(story)
    i = worked(story)
    # backward on a fresh network of the story: the kernels stay, the gradients are nn's
    model = story.new_model()
    signal = story.step.x
    for layer in model.layers:
        signal = layer.forward(signal)
    kernels = model.layers[0].params["kernels"].copy()
    np.testing.assert_array_equal(kernels[:, 0], before)
    gradient = story.step.loss_gradient
    for layer in reversed(model.layers):
        gradient = layer.backward(gradient)
    np.testing.assert_array_equal(model.layers[0].params["kernels"], kernels)
    np.testing.assert_allclose(model.layers[0].grads["kernels"][:, 0], grads, atol=1e-12)
    assert scene.shown["backward_kept"] is True
    # Adam's first step: m and v bias-corrected are g and g², the step lr g / (|g| + eps)
    rate = story.config.learning_rate
    np.testing.assert_allclose(after - before, -rate * grads / (np.abs(grads) + 1e-8),
                               atol=1e-12)
    assert_shows(scene.shown["before_grid"], before[i])
    assert_shows(scene.shown["after_grid"], after[i])
    assert_shows(scene.shown["step_grid"], after[i] - before[i])
    assert_shows(scene.shown["update_gradient"], grads[i])
    # the narration's account of the step: the learning rate, a zero gradient's weight kept
    said = next(line.written for line in scene.narration if "Adam" in line.written)
    assert "by the learning rate" in said
    np.testing.assert_allclose(np.abs(after[i] - before[i])[grads[i] != 0], rate, rtol=1e-4)
    assert ("leaves those whose gradient is 0" in said) == (not np.all(grads[i]))


def test_story_narration_and_layout(built):
    _, scene, story = built
    assert_told(scene, story)
    said = " ".join(line.written for line in scene.narration)
    assert "first training step of the untrained network" in said
