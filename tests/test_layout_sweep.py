"""The layout sweep: chapters retold for configurations that no person has looked at,
checked by machine after every animation (scenes.kit.layout_check): everything inside
the frame, text legible at 480p, no two text groups on top of each other.

The suite runs one demanding configuration (many samples in one batch, sigmoid, the
deepest and widest network the story allows: three hidden layers of 8 units) over the
chapters whose layout follows the network.  ``NN_LAYOUT_SWEEP=full`` runs every
configuration of SWEEP over every chapter (about 15 minutes per configuration on one core;
``NN_LAYOUT_SWEEP_CONFIG=seven-units`` picks one, so that two can run side by side).
"""

from __future__ import annotations

import importlib
import os
import tempfile
from pathlib import Path

import pytest
from scene_testing import build_skipping, story_config

from scenes.chapters import PARTS, SEQUEL_PARTS
from scenes.kit import layout_check

MEDIA = Path(tempfile.mkdtemp(prefix="nn-layout-sweep-"))

# Each configuration also has a story of many classes ([beyond]) for the chapters beyond
# the video (the most classes the story allows, an odd count, two, and a deep one) and a
# sequel's story ([cnn]: the most and the largest kernels, one of 2x2, 4x4, the default).
SWEEP = {
    "deep-wide-batch": dict(dataset="circles", layers=[2, 8, 8, 8, 1],
                            activation="sigmoid", optimizer="sgd", learning_rate=0.5,
                            batch_size=200, epochs=40, seed=2,
                            beyond=dict(dataset="blobs", classes=8, layers=[2, 8, 8, 8],
                                        batch_size=200, epochs=60, seed=2),
                            cnn=dict(kernels=8, kernel_size=5, epochs=3, seed=2)),
    "seven-units": dict(dataset="moons", layers=[2, 7, 1], epochs=30, seed=5,
                        beyond=dict(classes=5, layers=[2, 7, 5], epochs=60, seed=5),
                        cnn=dict(kernels=1, kernel_size=2, activation="tanh", epochs=3, seed=5)),
    "one-hidden-unit": dict(dataset="xor", layers=[2, 1, 1], epochs=300, seed=1,
                            beyond=dict(dataset="blobs", classes=2, layers=[2, 1, 2],
                                        activation="sigmoid", epochs=40, seed=1),
                            cnn=dict(kernels=3, kernel_size=4, activation="sigmoid", epochs=3,
                                     seed=1)),
    "spiral-minibatch": dict(dataset="spiral", layers=[2, 8, 8, 1], epochs=20, seed=3,
                             batch_size=16, samples=120, sample=7,
                             beyond=dict(classes=4, layers=[2, 8, 8, 4], epochs=40,
                                         samples=120, sample=7, seed=3),
                             cnn=dict(epochs=3, sample=7, seed=3)),
}
SUITE_CONFIG = "deep-wide-batch"
# the chapters whose layout follows the network's sizes and the data set, in the suite's
# time budget; the others (layer_code, the mini-batch chapters dense_backward and dense_code,
# and the chapters beyond the video and of the sequel) are checked by the full sweep
SUITE_PARTS = ("intro", "chain_rule", "dense_forward", "activation_layer", "mse")

FULL = os.environ.get("NN_LAYOUT_SWEEP") == "full"
ONLY = os.environ.get("NN_LAYOUT_SWEEP_CONFIG")       # one configuration of the full sweep
CASES = [(config, part.name) for config in SWEEP for part in (*PARTS, *SEQUEL_PARTS)
         if ONLY in (None, config)] if FULL else [(SUITE_CONFIG, name) for name in SUITE_PARTS]


@pytest.fixture
def layout_checked(monkeypatch):
    monkeypatch.setenv(layout_check.ENV, "1")
    monkeypatch.setenv("NN_VOICE", "none")


@pytest.mark.parametrize("config_name, part_name", CASES)
def test_layout_holds(layout_checked, config_name, part_name):
    part = next(p for p in (*PARTS, *SEQUEL_PARTS) if p.name == part_name)
    scene_class = getattr(importlib.import_module(f"scenes.{Path(part.path).stem}"), part.scene)
    with story_config(**SWEEP[config_name]):
        scene = build_skipping(scene_class, MEDIA)
    assert scene.layout_problems is not None, "the layout check did not run"
    assert not scene.layout_problems, (
        f"{len(scene.layout_problems)} layout problem(s) for {config_name}:\n"
        + "\n".join(scene.layout_problems[:20]))
