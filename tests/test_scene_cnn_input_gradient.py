"""Backward, the input gradient (the sequel, chapter 7): the numbers shown are the recorded
step's (the untrained network's first training step on the story's digit): dE/dY of the
Conv2D and its kernels as the forward used them (params_before); the padded gradient, the
turned kernel, every kernel's part of dE/dX, the entry written out and the whole dE/dX are
recomputed here independently (the derivation's sum over the kernel with plain loops, and
nn's correlate of nn's pad) and equal what the scene shows; the sum is the recorded
input_gradient and a fresh Conv2D.backward's; the listing is Sequential.backward's own
source; the narration says only what is shown and the layout check finds nothing.

Two sequel stories: the default [cnn] (5 kernels, 3x3, relu, seed 0) and 3 kernels of 4x4,
tanh, seed 1.  Each is built once, without playing, with NN_LAYOUT_CHECK=1.
(scene_testing.CNN_STORIES names them; that each records the untrained network's first
training step on its digit is test_cnn_story's to check.)"""

from __future__ import annotations

import inspect
import textwrap

import numpy as np
from scene_testing import assert_shows, assert_told, built_chapter

import nn
from nn.conv import correlate, pad
from scenes.cnn_input_gradient import InputGradient, padded_correlation, turned

built = built_chapter(InputGradient, "default", "3-kernels-4x4-tanh-seed-1")


def recorded(story):
    """The recorded step's Conv2D: dE/dY (i, m, m), kernels (i, k, k), dE/dX (8, 8)."""
    conv = story.conv_step
    assert conv.kind == "Conv2D" and conv.index == 0      # the network's first layer
    return (conv.output_gradient[0], conv.params_before["kernels"][:, 0],
            conv.input_gradient[0, 0])


def by_the_chain_rule(gradient, kernel):
    """dE/dx_ab = sum_m sum_n dE/dy_(a-m)(b-n) k_mn over the outputs that exist: the
    derivation's first sum, without padding or turning (plain loops)."""
    k, m = len(kernel), len(gradient)
    side = m + k - 1
    out = np.zeros((side, side))
    for a in range(side):
        for b in range(side):
            for u in range(k):
                for v in range(k):
                    if 0 <= a - u < m and 0 <= b - v < m:
                        out[a, b] += gradient[a - u, b - v] * kernel[u, v]
    return out


def nn_part(gradient, kernel):
    """nn's correlate of nn's pad of dE/dY_i with K_i turned 180 degrees."""
    k = len(kernel)
    return correlate(pad(gradient[None, None], k - 1), kernel[None, None, ::-1, ::-1])[0, 0]


def shown_entry(scene, key):
    shown = scene.shown[key]
    return shown.number, 0.5 * 10.0 ** -shown.num_decimal_places + 1e-12


# -- the chapter's own arithmetic ------------------------------------------------------------

def test_the_chapters_full_convolution_is_the_chain_rules_sum_and_nns():
    rng = np.random.default_rng(7)
    for k in (2, 3, 5):
        gradient, kernel = rng.normal(size=(8 - k + 1,) * 2), rng.normal(size=(k, k))
        ours = padded_correlation(gradient, kernel)
        assert ours.shape == (8, 8)
        np.testing.assert_allclose(ours, by_the_chain_rule(gradient, kernel), atol=1e-12)
        np.testing.assert_allclose(ours, nn_part(gradient, kernel), atol=1e-12)
        np.testing.assert_array_equal(turned(kernel), np.rot90(kernel, 2))


# -- the chapter -----------------------------------------------------------------------------

def test_the_kernels_are_those_the_untrained_network_started_from(built):
    _, scene, story = built
    fresh = story.new_model().layers[0].params["kernels"][:, 0]
    np.testing.assert_array_equal(scene.n.kernels, fresh)


def test_the_gradient_is_padded_and_the_kernel_turned(built):
    _, scene, story = built
    dY, kernels, _ = recorded(story)
    s, k = scene.n.shown, story.config.kernel_size
    assert s == next(i for i in range(len(dY)) if np.any(dY[i]))
    assert_shows(scene.shown["dy_grid"], dY[s])
    padded = scene.shown["padded_grid"]
    assert scene.shown["padded_size"] == len(padded.values) == 8 + k - 1
    np.testing.assert_array_equal(padded.values, pad(dY[None, s:s + 1], k - 1)[0, 0])
    assert_shows(padded, dY[s])                 # numbers in the middle; the zeros blank
    assert len(padded.get_entries()) == dY[s].size
    assert_shows(scene.shown["kernel_grid"], kernels[s])
    by_loops = np.array([[kernels[s, k - 1 - m, k - 1 - n] for n in range(k)]
                         for m in range(k)])
    assert_shows(scene.shown["turned_grid"], by_loops)


def test_the_kernels_part_is_the_chain_rules_sum_and_nns(built):
    _, scene, story = built
    dY, kernels, _ = recorded(story)
    s = scene.n.shown
    expected = by_the_chain_rule(dY[s], kernels[s])
    np.testing.assert_allclose(expected, nn_part(dY[s], kernels[s]), atol=1e-12)
    assert_shows(scene.shown["part_grid"], expected)


def test_the_entry_written_out_is_its_products_and_nns_sum(built):
    _, scene, story = built
    dY, kernels, _ = recorded(story)
    s, k = scene.n.shown, story.config.kernel_size
    a, b = scene.shown["entry"]
    window = np.pad(dY[s], k - 1)[a:a + k, b:b + k]
    assert min(a, b) < k - 1 or max(a, b) > 8 - k       # the window reaches the padding
    products = window * kernels[s, ::-1, ::-1]
    # the products shown are those over dE/dY, the padding's left blank
    rows = [r for r in range(k) if k - 1 <= a + r < k - 1 + len(dY[s])]
    columns = [c for c in range(k) if k - 1 <= b + c < k - 1 + len(dY[s])]
    assert_shows(scene.shown["entry_products"], products[np.ix_(rows, columns)])
    np.testing.assert_array_equal(scene.shown["entry_products"].values, products)
    for key, value in (("entry_sum", products.sum()),
                       ("entry_nn", nn_part(dY[s], kernels[s])[a, b]),
                       ("entry_nn", by_the_chain_rule(dY[s], kernels[s])[a, b])):
        number, half = shown_entry(scene, key)
        assert abs(number - value) <= half, (key, number, value)
    assert scene.shown["entry_agree"] is True


def test_the_sum_over_the_kernels_is_the_recorded_input_gradient(built):
    _, scene, story = built
    dY, kernels, dX = recorded(story)
    parts = [by_the_chain_rule(g, K) for g, K in zip(dY, kernels)]
    total = np.sum(parts, axis=0)
    np.testing.assert_allclose(total, dX, atol=1e-12)
    # a fresh Conv2D with the same kernels, on the same digit, returns the same dE/dX
    conv = nn.Conv2D(1, story.config.kernels, story.config.kernel_size)
    conv.set_params(story.conv_step.params_before)
    conv.forward(story.conv_step.input)
    np.testing.assert_allclose(conv.backward(story.conv_step.output_gradient)[0, 0], dX,
                               atol=1e-12)
    for i, part in enumerate(parts):
        np.testing.assert_allclose(scene.shown[f"part_grid_{i}"].values, part, atol=1e-12)
    assert_shows(scene.shown["sum_grid"], total)
    assert_shows(scene.shown["nn_grid"], dX)
    assert scene.shown["sum_agree"] is True


def test_the_layers_and_the_listing_are_nns(built):
    _, scene, story = built
    described = [layer.describe() for layer in story.new_model().layers]
    assert [text.original_text for text in scene.shown["layers"]] == described
    source = scene.shown["listing"]
    assert source == textwrap.dedent(inspect.getsource(nn.Sequential.backward)).rstrip() + "\n"
    assert "first.backward_params(output_gradient)" in source


def test_story_narration_and_layout(built):
    _, scene, story = built
    assert_told(scene, story)
