"""DenseForward (chapter 6) shows the story's real first Dense layer: W, X, B, the product
worked out on screen, and the Y that nn's Dense.forward returned."""

from __future__ import annotations

import pytest
import scene_testing
from scene_testing import build_skipping, check_narration, story_config

from scenes import kit
from scenes.dense_forward import DenseForward
from scenes.kit.symbolic import entry_texts
from scenes.story import story

CONFIGS = {"default": {}, "2-4-1-sigmoid-seed3": dict(layers=[2, 4, 1], activation="sigmoid",
                                                      seed=3)}


@pytest.fixture(scope="module", params=list(CONFIGS))
def built(request, tmp_path_factory):
    with story_config(**CONFIGS[request.param]) as config:
        record = story().dense_steps[0]
        scene = build_skipping(DenseForward, tmp_path_factory.getbasetemp() / "media")
    scene.config_used = config
    return scene, record


def assert_shows(matrix, expected, what):
    """``matrix`` reads nn's values at its shown precision (scene_testing.assert_shows)."""
    try:
        scene_testing.assert_shows(matrix, expected)
    except AssertionError as error:
        raise AssertionError(f"{what}: {error}") from None


def test_real_layer_values(built):
    scene, layer = built
    W = layer.params_before["weights"]
    assert_shows(scene.shown["W"], W, "W")
    assert_shows(scene.shown["X"], kit.as_column(layer.input), "X (the sample, as a column)")
    assert_shows(scene.shown["B"], kit.as_column(layer.params_before["bias"]), "B")


def test_product_on_screen_equals_nn_output(built):
    scene, layer = built
    Y = kit.as_column(layer.output)
    assert_shows(scene.shown["Y_computed"], Y, "Y computed on screen")
    assert_shows(scene.shown["Y_nn"], Y, "Y returned by nn.Dense.forward")


def test_row_sums_use_the_shown_numbers(built):
    scene, layer = built
    W, b = layer.params_before["weights"], layer.params_before["bias"]
    x = layer.input[0]
    assert len(scene.shown["terms"]) == (W.shape[0] if W.shape[0] <= 4 else 2), "rows worked"
    for j, line in enumerate(scene.shown["terms"]):
        numbers = [number.number for number in line.numbers]
        expected = [v for pair in zip(W[j], x) for v in pair] + [b[j], layer.output[0, j]]
        units = [last_unit(number) for number in line.numbers]
        assert all(abs(n - e) <= u / 2 + 1e-12 for n, e, u in zip(numbers, expected, units)), \
            f"row {j + 1}: shows {numbers}, expected {expected}"


def last_unit(number) -> float:
    """What the last decimal shown of a kit.number is worth (its power of ten included)."""
    decimal = number if hasattr(number, "num_decimal_places") else number[0]
    power = 0 if decimal is number else int(number[1].tex_string.split("{")[1].rstrip("}"))
    return 10.0 ** (power - decimal.num_decimal_places)


def test_sizes_follow_the_config(built):
    scene, _ = built
    n_in, hidden = scene.config_used.layers[:2]
    for name, shape in (("W", (hidden, n_in)), ("X", (n_in, 1)), ("B", (hidden, 1)),
                        ("Y_computed", (hidden, 1))):
        assert kit.shown_values(scene.shown[name]).shape == shape, name


def test_symbolic_w_is_indexed_output_first(built):
    scene, _ = built
    rows = entry_texts(scene.shown["W_symbolic"])
    assert rows[0] == ["w_{11}", "w_{12}", r"\cdots", "w_{1i}"]
    assert rows[-1] == ["w_{j1}", "w_{j2}", r"\cdots", "w_{ji}"]


def test_narration_is_speakable_and_true(built):
    scene, _ = built
    check_narration(scene, scene.story)
