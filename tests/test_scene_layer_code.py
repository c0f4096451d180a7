"""Base layer code (chapter 5): the code on screen is nn's source, and the table of
parameters is the story network's."""

from __future__ import annotations

import inspect
import textwrap

import pytest

import nn
from scene_testing import build_skipping, check_narration
from scene_testing import story_config
from scenes import story as story_module
from scenes.layer_code import LayerCode

CONFIGS = {
    "default": {},
    "sigmoid-2-4-1-seed-3": dict(layers=[2, 4, 1], activation="sigmoid", seed=3),
}


@pytest.fixture(scope="module", params=list(CONFIGS))
def built(request, tmp_path_factory):
    media = tmp_path_factory.getbasetemp() / "media"
    with story_config(**CONFIGS[request.param]):
        scene = build_skipping(LayerCode, media)
        story = story_module.story()
    return scene, story


def source(obj) -> list[str]:
    return textwrap.dedent(inspect.getsource(obj)).rstrip("\n").splitlines()


def is_subsequence(lines: list[str], of: list[str]) -> bool:
    remaining = iter(of)
    return all(any(line == other for other in remaining) for line in lines)


def displayed(code) -> str:
    """The text a manim Code mobject shows."""
    return code._code_html.get_text()


def test_layer_excerpt_is_nns_source(built):
    scene, _ = built
    text = scene.shown["layer_code"]
    lines = [line for line in text.rstrip("\n").splitlines() if line]
    assert lines[0] == "class Layer:"
    assert is_subsequence(lines, source(nn.Layer))
    for member in (nn.Layer.__init__, nn.Layer.forward, nn.Layer.backward):
        body = textwrap.indent("\n".join(source(member)), "    ")
        assert body in text, f"{member.__qualname__} is not shown verbatim"
    assert displayed(scene.shown["layer_code_block"]).rstrip("\n") == text.rstrip("\n")


def test_training_step_and_update_are_nns_source(built):
    scene, _ = built
    step_text, update_text = scene.shown["train_step_code"], scene.shown["update_code"]
    shown_lines = step_text.rstrip("\n").splitlines()
    full = source(nn.Sequential.train_step)
    assert is_subsequence(shown_lines, full)
    left_out = [line for line in full if line not in shown_lines]
    assert all('"""' in line for line in left_out), f"only the docstring is left out: {left_out}"
    assert any("optimizer.step(" in line for line in shown_lines)
    assert update_text.rstrip("\n").splitlines() == source(nn.SGD.update)
    assert displayed(scene.shown["train_step_block"]).rstrip("\n") == step_text.rstrip("\n")
    assert displayed(scene.shown["update_block"]).rstrip("\n") == update_text.rstrip("\n")


def test_params_table_is_the_story_network(built):
    scene, story = built
    sizes = story.config.layers
    activation = {"tanh": "Tanh()", "sigmoid": "Sigmoid()"}[story.config.activation]
    expected = []
    for n_in, n_out in zip(sizes, sizes[1:]):
        expected.append((f"Dense({n_in} -> {n_out})",
                         f'"weights" ({n_out}, {n_in})   "bias" ({n_out},)'))
        expected.append((activation, "{}"))
    assert scene.shown["params_table"] == expected
    # and grads really has the same keys and shapes, as the table says
    for layer in story.step.layers:
        assert {k: v.shape for k, v in layer.grads.items()} == \
            {k: v.shape for k, v in layer.params_before.items()}


def test_narration_is_speakable_and_true(built):
    scene, story = built
    check_narration(scene, story)
