"""Chapter 18: the code shown is examples/xor.py, the nn code shown is nn's source, the
output shown is what the file prints; and the example itself runs and converges."""

from __future__ import annotations

import inspect
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from scene_testing import build_skipping, check_narration
from scene_testing import story_config

import nn
from scenes.story import story
from scenes.xor_code import XorCode

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "xor.py"
MEDIA = Path(tempfile.mkdtemp(prefix="nn-scene-tests-"))    # one LaTeX cache per module


@pytest.fixture(scope="module")
def run_output() -> str:
    """`python examples/xor.py` from the repository root, as a user runs it."""
    done = subprocess.run([sys.executable, "examples/xor.py"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def default():
    return build_skipping(XorCode, MEDIA), story()


@pytest.fixture(scope="module")
def sigmoid():
    with story_config(layers=[2, 4, 1], activation="sigmoid", seed=3) as config:
        return build_skipping(XorCode, MEDIA), story(config)


def test_example_runs_and_converges(run_output):
    lines = run_output.strip().splitlines()
    assert len(lines) == 4
    outputs = np.array([float(line.split("->")[1]) for line in lines])
    np.testing.assert_allclose(outputs, [0, 1, 1, 0], atol=0.1)


def test_code_shown_is_the_file(default):
    scene, _ = default
    text = EXAMPLE.read_text()
    shown = scene.shown["code_text"]
    assert text.endswith(shown), "the scene shows the file's code, verbatim, to its end"
    head = text[:len(text) - len(shown)]
    assert head.lstrip().startswith('"""') and head.rstrip().endswith('"""'), (
        "only the module docstring is left out")
    assert len(scene.shown["code_block"].code_lines) == len(shown.splitlines())


def test_regions_are_found_by_content(default):
    scene, _ = default
    lines = scene.shown["code_text"].splitlines()
    regions = scene.shown["regions"]
    expected = {"data": ("X = ", "Y = "), "model": ("network = nn.Sequential", "seed="),
                "fit": ("network.fit(", "epochs="), "test": ("for x, y in zip", "print(")}
    assert set(regions) == set(expected)
    for name, (first, last) in expected.items():
        a, b = regions[name]
        assert first in lines[a] and last in lines[b], f"region {name}: lines {a}-{b}"


def test_nn_code_shown_is_nn_source(default):
    scene, _ = default
    detours = scene.shown["detours"]
    functions = {"model": [nn.Sequential.forward, nn.Sequential.backward],
                 "fit": [nn.Sequential.fit, nn.Sequential.train_step]}
    for name, pieces in detours.items():
        for piece, function in zip(pieces, functions[name]):
            source = [line.strip() for line in inspect.getsource(function).splitlines()]
            for line in piece.splitlines():
                assert line.strip() in source, f"{line!r} is not in {function.__qualname__}"
    assert any("self.train_step(" in line for line in detours["fit"][0].splitlines())


def test_output_shown_is_what_the_file_prints(default, run_output):
    scene, s = default
    assert scene.shown["output_text"] == run_output
    # the file is the story network: same seed and settings, same final outputs
    model = s.new_model()
    model.build(2)
    model.set_weights(s.run.weights[-1])
    printed = [float(line.split("->")[1]) for line in run_output.strip().splitlines()]
    np.testing.assert_array_equal(np.round(model.predict(s.x)[:, 0], 3), printed)
    assert scene.shown["same_as_story"]


def test_other_configuration(sigmoid, run_output):
    scene, s = sigmoid
    assert s.config.activation == "sigmoid"
    assert scene.shown["code_text"] == EXAMPLE.read_text()[-len(scene.shown["code_text"]):]
    assert scene.shown["output_text"] == run_output
    assert not scene.shown["same_as_story"], "another network: not the story's outputs"


def test_narration_is_speakable_and_true(default, sigmoid):
    for scene, story in (default, sigmoid):
        check_narration(scene, story)
