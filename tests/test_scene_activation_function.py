"""Activation function (chapter 14): the chapter is the story's activation, its curves are
nn's own f and f', and the points marked are the story's real pre-activations.  Plus a
key frame of the plot with its points."""

from __future__ import annotations

import numpy as np
import pytest
from manim import config

from scene_testing import (assert_frame_matches, build_skipping, check_narration,
                           last_frame, skipping, story_config)
from scenes import story as story_module
from scenes.activation_function import ActivationFunction
from scenes.kit import as_column, shown_values
from scenes.kit.activation_formulas import FORMULAS

CONFIGS = {
    "default": {},
    "sigmoid-2-4-1-seed-3": dict(layers=[2, 4, 1], activation="sigmoid", seed=3),
}
TITLES = {"tanh": "Hyperbolic tangent", "sigmoid": "Sigmoid"}
DERIVATIVES = {"tanh": r"1 - \tanh^2(x)", "sigmoid": r"\sigma(x)\,\big(1 - \sigma(x)\big)"}
# f and f' written independently of nn, to check the curves and the points
FUNCTIONS = {
    "tanh": (np.tanh, lambda x: 1 - np.tanh(x) ** 2),
    "sigmoid": (lambda x: 1 / (1 + np.exp(-x)),
                lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2),
}


@pytest.fixture(scope="module", params=list(CONFIGS))
def built(request, tmp_path_factory):
    with story_config(**CONFIGS[request.param]):
        scene = build_skipping(ActivationFunction, tmp_path_factory.mktemp("media"))
        story = story_module.story()
    return scene, story


def assert_shows(matrix, expected, what: str) -> None:
    expected = as_column(expected)
    shown = shown_values(matrix)
    decimals = matrix.get_entries()[0].num_decimal_places
    assert shown.shape == expected.shape, f"{what}: shape {shown.shape}, expected {expected.shape}"
    np.testing.assert_allclose(shown, np.round(expected, decimals), rtol=0, atol=1e-12,
                               err_msg=f"{what} on screen differs from nn's")


def test_every_story_activation_has_formulas():
    assert set(story_module.ACTIVATIONS) <= set(FORMULAS)


def test_chapter_is_named_after_the_activation(built):
    scene, story = built
    assert scene.shown["chapter"] == TITLES[story.config.activation]
    assert scene.renderer.file_writer.sections[-1].name == TITLES[story.config.activation]


def test_derivative_matches_the_activation(built):
    scene, story = built
    derivative = scene.shown["derivative"].tex_string
    assert DERIVATIVES[story.config.activation] in derivative
    other = {"tanh": r"\sigma", "sigmoid": r"\tanh"}[story.config.activation]
    assert other not in derivative + scene.shown["definition"].tex_string


def test_curves_are_f_and_f_prime(built):
    scene, story = built
    f, f_prime = FUNCTIONS[story.config.activation]
    axes = scene.shown["axes"]
    for graph, function in ((scene.shown["f_graph"], f), (scene.shown["f_prime_graph"],
                                                           f_prime)):
        for alpha in np.linspace(0.05, 0.95, 7):
            x, y = axes.p2c(graph.point_from_proportion(alpha))
            assert y == pytest.approx(function(x), abs=0.02), (alpha, x, y)


def test_points_are_the_real_pre_activations(built):
    scene, story = built
    record = story.step.layers[1]
    f, f_prime = FUNCTIONS[story.config.activation]
    assert_shows(scene.shown["points_x"], record.input, "X")
    assert_shows(scene.shown["points_f"], record.output, "f(X)")
    assert_shows(scene.shown["points_f_prime"], f_prime(record.input), "f'(X)")
    layer = story_module.ACTIVATIONS[story.config.activation]()
    np.testing.assert_allclose(layer.f_prime(record.input), f_prime(record.input), atol=1e-12)
    np.testing.assert_allclose(f(record.input), record.output, atol=1e-12)


def test_narration_is_speakable_and_true(built):
    scene, story = built
    check_narration(scene, story)


class PlotWithPoints(ActivationFunction):
    """The chapter's key picture: both curves and the story's points, before the code."""

    def clear_all(self, run_time: float = 0.8) -> None:
        pass

    def show_code(self) -> None:
        config.from_animation_number = 0          # play from here on: one still frame
        self.wait(1 / config.frame_rate)


def test_key_frame_of_the_plot(tmp_path_factory):
    with story_config(), skipping():
        frame = last_frame(PlotWithPoints, tmp_path_factory.mktemp("frame"))
    assert_frame_matches("activation_function_points", frame)
