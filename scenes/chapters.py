"""The explainer's parts, in order: each a file in scenes/ holding one Scene.

A part's sections (StoryScene.chapter) are the chapters of the outline; the video
build reads their names and durations for the chapter list.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SCENES_DIR = Path(__file__).parent


@dataclass(frozen=True)
class Part:
    name: str          # the file's stem, used on the command line: --chapters dense_forward
    scene: str         # the Scene class inside it
    chapters: tuple[int, ...]   # numbers in the original video's outline

    @property
    def path(self) -> Path:
        return SCENES_DIR / f"{self.name}.py"

    @property
    def module(self) -> str:
        return f"scenes.{self.name}"


PARTS = (
    Part("intro", "Intro", (1, 2)),
    Part("ml_reminder", "MLReminder", (3,)),
    Part("chain_rule", "ChainRule", (4,)),
    Part("layer_code", "LayerCode", (5,)),
    Part("dense_forward", "DenseForward", (6,)),
    Part("dense_backward", "DenseBackward", (7, 8, 9, 10)),
    Part("dense_code", "DenseCode", (11,)),
    Part("activation_layer", "ActivationLayer", (12, 13)),
    Part("activation_function", "ActivationFunction", (14,)),
    Part("mse", "MeanSquaredError", (15,)),
    Part("xor_problem", "XorProblem", (16, 17)),
    Part("xor_code", "XorCode", (18,)),
    Part("decision_boundary", "DecisionBoundary", (19,)),
    Part("softmax", "Softmax", (20,)),
    Part("class_regions", "ClassRegions", (21,)),
    Part("optimizers", "Optimizers", (22,)),
)


def available_parts() -> list[Part]:
    """The parts whose file exists (all of them once the explainer is complete)."""
    return [part for part in PARTS if part.path.exists()]


def part_named(name: str) -> Part:
    for part in PARTS:
        if part.name == name:
            return part
    raise KeyError(f"unknown chapter {name!r}; expected one of {[p.name for p in PARTS]}")
