"""The explainer's parts, in order: each a file in scenes/ holding one Scene.

A part's sections (StoryScene.chapter) are the chapters of the outline; the video
build reads their names and durations for the chapter list.

Two videos: "nn" (PARTS, the first video: the default) and "cnn" (SEQUEL_PARTS, the
sequel on convolutional networks, issue 14).  ``video_named`` picks one by name, with
its parts, its outputs' base name and the part its thumbnail is taken from.
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


# The sequel (issue 14): a convolutional network on the 8x8 digits (scenes.cnn_story).
# Its chapters are numbered in the sequel's own outline.
SEQUEL_PARTS = (
    Part("cnn_correlation", "CrossCorrelation", (1,)),
    Part("cnn_convolution", "Convolution", (2,)),
    Part("cnn_forward", "ConvForward", (3,)),
    Part("cnn_flatten_backward", "FlattenBackward", (4,)),
    Part("cnn_kernel_gradient", "KernelGradient", (5,)),
    Part("cnn_bias_gradient", "BiasGradient", (6,)),
    Part("cnn_input_gradient", "InputGradient", (7,)),
    Part("cnn_code", "ConvCode", (8,)),
    Part("cnn_training", "CnnTraining", (9,)),
)


@dataclass(frozen=True)
class Video:
    name: str                  # on the command line: --video cnn
    parts: tuple[Part, ...]    # in order
    output_name: str           # the outputs' base name (without a config file)
    thumbnail_part: str        # the part whose last chapter gives the thumbnail
    reads_story: bool = True   # whether its parts read the first video's story run (the
                               # sequel's tell kit.cnn_story: the build need not compute it)


VIDEOS = {
    "nn": Video("nn", PARTS, "nn-from-scratch", "decision_boundary"),
    "cnn": Video("cnn", SEQUEL_PARTS, "cnn-from-scratch", "cnn_training", reads_story=False),
}
DEFAULT_VIDEO = "nn"


def video_named(name: str | None = None) -> Video:
    """The video called ``name`` (None: the first video); a KeyError names the valid ones."""
    name = DEFAULT_VIDEO if name is None else name
    if name not in VIDEOS:
        raise KeyError(f"unknown video {name!r}; expected one of {sorted(VIDEOS)}")
    return VIDEOS[name]


def available_parts() -> list[Part]:
    """The parts whose file exists (all of them once the explainer is complete)."""
    return [part for part in PARTS if part.path.exists()]


def part_named(name: str) -> Part:
    for part in PARTS:
        if part.name == name:
            return part
    raise KeyError(f"unknown chapter {name!r}; expected one of {[p.name for p in PARTS]}")
