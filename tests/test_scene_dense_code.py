"""DenseCode (chapter 11) shows nn's current source, highlights lines by their content, and
shows the second error fixed with the numbers of the story's recorded step."""

from __future__ import annotations

import inspect
import textwrap
from pathlib import Path

import numpy as np
import pytest
from scene_testing import assert_shows, build_skipping, check_narration, story_config

import nn
from scenes import kit
from scenes.dense_code import DenseCode
from scenes.story import story

# Issue #13: tiny gradients (a batch of 200 through sigmoids); here the step alpha dE/dW is
# too small for four decimals, and the weights must not read 10^-4 x 5300.00.
TINY = dict(dataset="circles", activation="sigmoid", layers=[2, 6, 6, 1], optimizer="sgd",
            batch_size=200, epochs=2)
# The default and one other (sigmoid, two hidden layers, another data set, the whole set
# in one batch); more configurations are the layout sweep's (tests/test_layout_sweep.py).
CONFIGS = {"default": {}, "circles-batch200-tiny": TINY}


@pytest.fixture(scope="module", params=list(CONFIGS))
def built(request, tmp_path_factory):
    with story_config(**CONFIGS[request.param]) as config:
        recorded = story()
        scene = build_skipping(DenseCode, tmp_path_factory.getbasetemp() / "media")
    return scene, recorded, config


def method_in_file(method) -> str:
    """The method's text as its source file holds it now: read from disk, not a copy."""
    lines = Path(inspect.getsourcefile(method)).read_text().splitlines()
    start = method.__code__.co_firstlineno - 1
    assert lines[start].lstrip().startswith(f"def {method.__name__}("), lines[start]
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and (not lines[end].strip()
                                or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    return textwrap.dedent("\n".join(lines[start:end])).rstrip() + "\n"


def assert_code_shows(code, source):
    """The Code mobject draws exactly ``source``: the same lines, glyph for glyph."""
    lines = source.splitlines()
    drawn = code.code_lines
    assert len(drawn) == len(lines), f"{len(drawn)} lines drawn, source has {len(lines)}"
    for number, (glyphs, line) in enumerate(zip(drawn, lines)):
        assert len(glyphs) == len("".join(line.split())), f"line {number}: {line!r}"


def test_dense_code_is_nn_source(built):
    scene, _, _ = built
    source = scene.shown["code_source"]
    expected = method_in_file(nn.Dense.forward) + "\n" + method_in_file(nn.Dense.backward)
    assert source == expected
    assert_code_shows(scene.shown["code"], source)


def test_highlighted_lines_are_the_formulas(built):
    scene, _, _ = built
    lines = scene.shown["code_source"].splitlines()
    keep, forward, reads, weights, bias, inputs = (lines[k] for k in scene.shown["highlighted"])
    assert "self.input" in keep
    assert "W.T" in forward or "Y = W X + B" in forward
    assert "self.input" in reads or 'params["weights"]' in reads
    assert 'grads["weights"]' in weights or "dE/dW" in weights
    assert 'grads["bias"]' in bias or "dE/dB" in bias
    assert "dE/dX" in inputs or "return" in inputs
    backward_start = next(k for k, line in enumerate(lines) if line.startswith("def backward"))
    assert all(k > backward_start for k in scene.shown["highlighted"][2:])


def test_optimizer_code_is_nn_source(built):
    scene, recorded, config = built
    optimizer = nn.SGD if config.optimizer == "sgd" else nn.Adam
    source = scene.shown["optimizer_source"]
    assert source == method_in_file(nn.Optimizer.step) + "\n" + method_in_file(optimizer.update)
    assert_code_shows(scene.shown["optimizer_code"], source)
    assert "param -=" in source.splitlines()[scene.shown["optimizer_highlighted"]]


def test_input_gradient_needs_the_forward_weights(built):
    scene, recorded, _ = built
    layer = recorded.dense_steps[0]
    dY = kit.as_column(layer.output_gradient)
    after = layer.params_after["weights"].T @ dY            # the original video's order
    assert_shows(scene.shown["dX_updated_W"], after)
    assert_shows(scene.shown["dX_forward_W"], kit.as_column(layer.input_gradient))
    assert np.allclose(layer.params_before["weights"].T @ dY,
                       kit.as_column(layer.input_gradient))


def test_optimizer_update_values(built):
    scene, recorded, config = built
    layer = recorded.dense_steps[0]
    W, dW = layer.params_before["weights"], layer.grads["weights"]
    assert_shows(scene.shown["W_old"], W)
    assert_shows(scene.shown["dW_step"], dW)
    assert_shows(scene.shown["W_new"], W - config.learning_rate * dW)
    assert_shows(scene.shown["W_after_nn"], layer.params_after["weights"])
    assert kit.shown_values(scene.shown["W_old"]).shape == (config.layers[1], config.layers[0])
    for name in ("W_old", "W_new", "W_after_nn"):       # weights read as weights, no factor
        assert scene.shown[name].power == 0, f"{name}: power {scene.shown[name].power}"


def test_narration_is_speakable_and_true(built):
    scene, recorded, _ = built
    check_narration(scene, recorded)
