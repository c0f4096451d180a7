"""Chapter 18: the code shown is the story's own program (examples/xor.py for the
original's story), the nn code shown is nn's source, the output shown is what the program
prints when run; and the programs themselves run, and end with the story's weights."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from scene_testing import build_skipping, check_narration
from scene_testing import story_config

import nn
from scenes.program import program_for
from scenes.story import DATASET_DEFAULTS, StoryConfig, compute_story, story
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
                "fit": ("network.fit(", "epochs="), "test": ("# test", "print(")}
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


def test_other_configuration_shows_and_runs_its_own_program(sigmoid):
    scene, s = sigmoid
    assert s.config.activation == "sigmoid"
    program = program_for(s.config)
    assert program.text != EXAMPLE.read_text()
    assert "nn.Sigmoid()" in scene.shown["code_text"] and "seed=3" in scene.shown["code_text"]
    assert program.text.endswith(scene.shown["code_text"])
    assert scene.shown["output_text"] == run_file(program.text)
    assert scene.shown["same_as_story"], "the story's own program: the story's outputs"


def run_file(text: str) -> str:
    """Write a program to a file and run it as a user would, from the repository root."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "program.py"
        path.write_text(text)
        done = subprocess.run([sys.executable, str(path)], cwd=ROOT, capture_output=True,
                              text=True, timeout=300,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_default_storys_program_is_examples_xor_byte_for_byte():
    assert program_for(StoryConfig()).text == EXAMPLE.read_text()
    done = subprocess.run([sys.executable, "-m", "scenes.program"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == EXAMPLE.read_text()


@pytest.mark.parametrize("dataset", sorted(DATASET_DEFAULTS))
def test_every_datasets_program_runs_and_ends_with_the_storys_weights(dataset):
    """The generated program trains exactly as the story run: what it prints are the
    outputs of the story's network after its last recorded epoch."""
    overrides = dict(epochs=40, layers=(2, 5, 1), activation="sigmoid", seed=4) \
        if dataset != "xor" else dict(epochs=200, seed=4)
    config = StoryConfig.for_dataset(dataset, **overrides)
    printed = run_file(program_for(config).text).splitlines()
    s = compute_story(config)
    outputs = np.array([float(line.split("->")[1]) for line in printed if "->" in line])
    assert len(outputs) == 4
    final = s.model_at(-1).predict(s.x)[:4, 0]
    np.testing.assert_array_equal(np.round(final, 3), outputs)
    if dataset != "xor":
        accuracy = float(printed[-1].split(":")[1])
        predictions = s.model_at(-1).predict(s.x)
        assert accuracy == round(float(np.mean((predictions > 0.5) == (s.y > 0.5))), 3)


def test_narration_is_speakable_and_true(default, sigmoid):
    for scene, recorded in (default, sigmoid):
        check_narration(scene, recorded)
