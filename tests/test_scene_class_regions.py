"""The decision regions of many classes (beyond the video, after the softmax chapter):
every picture is the colours of nn's probabilities over the square for a recorded
snapshot, its white lines are where nn's most probable class changes, the counters and
the verdict are nn's, the ringed sample's probabilities are nn's, and the layout check
finds nothing.

Two stories beyond the video, as for the softmax chapter: the default [beyond] (3 spiral
arms, 2-8-3) and 4 blobs, 2-8-4, seed 2.  Each is built once, without playing."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from manim import FadeIn
from scene_testing import (assert_frame_matches, assert_shows, build_told, check_narration,
                           key_frame, story_told)

import nn
from scenes.class_regions import ClassRegions
from scenes.kit.boundary import (CLASS_COLORS, NEUTRAL_COLOR, STRENGTH, boundary_lines,
                                 class_indices, region_colors)

CONFIGS = {
    "default": "",
    "four-blobs-seed-2": ('[beyond]\ndataset = "blobs"\nclasses = 4\nlayers = [2, 8, 4]\n'
                          'seed = 2\n'),
}
ACCURACY = 0.95          # the stated accuracy of the story of many classes
MEDIA = Path(tempfile.mkdtemp(prefix="nn-scene-tests-"))


@pytest.fixture(scope="module", params=list(CONFIGS))
def built(request):
    scene = build_told(ClassRegions, CONFIGS[request.param], MEDIA)
    return request.param, scene, story_told(CONFIGS[request.param])[0]


def probabilities_at(story, k: int, points: np.ndarray) -> np.ndarray:
    return story.model_at(k).predict(points)


# -- the colours and the borders, on their own --------------------------------------------

def rgb(color: str) -> np.ndarray:
    return np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)


def test_a_certain_class_takes_its_colour_and_a_tie_is_neutral():
    certain = np.eye(3)[None]                          # one row of 3 pixels, each certain
    image = region_colors(certain)[0].astype(float)
    neutral = rgb(NEUTRAL_COLOR)
    for k in range(3):
        expected = neutral + (rgb(CLASS_COLORS[k]) - neutral) * STRENGTH
        np.testing.assert_allclose(image[k, :3], expected, atol=0.51)
    tie = region_colors(np.full((1, 1, 4), 0.25))[0, 0].astype(float)
    np.testing.assert_allclose(tie[:3], neutral, atol=0.51)


def test_colours_blend_by_probability():
    """Between two classes a pixel takes the mix of their colours in the proportions of
    their probabilities, on its way from neutral: further the surer the network is."""
    p = np.linspace(0, 1, 11)
    image = region_colors(np.stack([p, 1 - p], axis=-1)[None])[0, :, :3].astype(float)
    neutral = rgb(NEUTRAL_COLOR)
    mix = p[:, None] * rgb(CLASS_COLORS[0]) + (1 - p[:, None]) * rgb(CLASS_COLORS[1])
    towards = mix - neutral
    how_far = np.sum((image - neutral) * towards, axis=1) / np.sum(towards ** 2, axis=1)
    np.testing.assert_allclose(neutral + how_far[:, None] * towards, image, atol=1.0)
    sure = np.abs(p - 0.5)
    assert how_far[5] == pytest.approx(0, abs=0.01) and how_far.max() <= STRENGTH + 0.01
    assert np.all(np.diff(how_far[5:]) > 0) and np.all(np.diff(how_far[:6]) < 0)
    np.testing.assert_allclose(how_far, how_far[::-1], atol=0.01)      # either side alike
    assert np.argmax(how_far) in (0, 10) and sure[np.argmax(how_far)] == 0.5


def test_borders_are_where_the_most_probable_class_changes():
    """Three classes by sector of angle: the borders are the three rays between them."""
    n = 64
    t = (np.arange(n) + 0.5) / n * 2 - 1
    a, b = np.meshgrid(t, -t)                         # row 0 at the top
    angle = np.arctan2(b, a)
    logits = np.stack([np.cos(angle - c) for c in (np.pi / 2, np.pi / 2 + 2.094,
                                                   np.pi / 2 + 4.189)], axis=-1) * 5
    p = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
    lines = boundary_lines(p)
    points = np.vstack(lines)
    y, x = -((points[:, 0] + 0.5) / n * 2 - 1), (points[:, 1] + 0.5) / n * 2 - 1
    on_border = np.arctan2(y, x)
    borders = np.array([np.pi / 2 + np.pi / 3 + k * 2 * np.pi / 3 for k in range(3)])
    off = np.abs(np.angle(np.exp(1j * (on_border[:, None] - borders[None])))).min(axis=1)
    far = np.hypot(x, y) > 0.2                        # the centre is a single point
    assert np.all(off[far] < 0.05), "every border point lies on a ray between two sectors"
    for ray in borders:                               # and every ray is drawn
        assert np.any(np.abs(np.angle(np.exp(1j * (on_border - ray)))) < 0.05)


# -- the chapter -------------------------------------------------------------------------

def test_the_scene_reads_the_story_of_many_classes(built):
    name, scene, story = built
    assert scene.story is story
    assert story.config.dataset == ("blobs" if "blobs" in name else "spiral_arms")
    assert story.y.shape[1] == story.config.layers[-1] == story.config.classes


def test_every_picture_is_nn_probabilities_over_the_grid(built):
    _, scene, story = built
    grid = scene.shown["grid"]
    frames = scene.shown["boundary_frames"]
    for frame in frames[::7] + frames[-1:]:
        expected = probabilities_at(story, frame.k, grid.points).reshape(grid.n, grid.n, -1)
        np.testing.assert_allclose(frame.values, expected, rtol=0, atol=1e-6,
                                   err_msg=f"probabilities of snapshot {frame.k}")
        assert np.array_equal(frame.image, region_colors(expected)), (
            f"the image of snapshot {frame.k} is not the colours of nn.predict's output")
        assert len(frame.lines) == len(boundary_lines(expected))
    assert scene.shown["trained_image"] is frames[-1].image
    assert scene.shown["displayed"][-1] == len(frames) - 1


def test_the_borders_separate_the_classes_nn_chooses(built):
    """On either side of a drawn border point, nn's most probable class differs."""
    _, scene, story = built
    grid, last = scene.shown["grid"], scene.shown["boundary_frames"][-1]
    model = story.model_at(last.k)
    points = np.vstack(last.lines)[::5]
    unit = grid.index_to_unit(points)
    centre = np.array(grid.lo) + unit * grid.size
    step = grid.size / grid.n
    differ = 0
    for offset in ([step, 0], [0, step]):
        a = model.predict(centre + offset).argmax(axis=1)
        b = model.predict(centre - offset).argmax(axis=1)
        differ += np.count_nonzero(a != b)
    assert differ >= 0.9 * len(points), f"{differ} of {len(points)} border points"


def test_snapshots_are_the_recorded_run(built):
    _, scene, story = built
    frames = scene.shown["boundary_frames"]
    ks = [frame.k for frame in frames]
    assert ks[0] == 0 and ks[-1] == len(story.run.weights) - 1
    assert all(a < b for a, b in zip(ks, ks[1:]))
    loss = nn.CategoricalCrossEntropy()
    for frame in frames[::40] + frames[-1:]:
        assert frame.epoch == story.run.epochs[frame.k]
        assert story.model_at(frame.k).evaluate(story.x, story.y, loss=loss) == \
            pytest.approx(frame.loss, rel=1e-9)
    assert scene.shown["epoch"].number == story.run.epochs[-1]
    assert scene.shown["loss"].value == story.run.loss[-1]


def test_the_accuracy_said_is_nn_and_the_story_trains(built):
    _, scene, story = built
    final = story.model_at(len(story.run.weights) - 1)
    chosen = final.predict(story.x).argmax(axis=1)
    np.testing.assert_array_equal(scene.shown["predictions"], chosen)
    accuracy = np.mean(chosen == class_indices(story.y))
    assert scene.shown["accuracy"] == accuracy >= ACCURACY


def test_the_ringed_sample_shows_nn_probabilities(built):
    _, scene, story = built
    i = story.config.sample
    x = story.x[i:i + 1]
    fresh, trained = probabilities_at(story, 0, x)[0], probabilities_at(story, -1, x)[0]
    np.testing.assert_array_equal(scene.shown["fresh"], fresh)
    np.testing.assert_array_equal(scene.shown["trained"], trained)
    assert_shows(scene.shown["sample_fresh"], fresh[:, None])
    assert_shows(scene.shown["sample_trained"], trained[:, None])
    # the fresh network is the one whose step the softmax chapter shows
    np.testing.assert_allclose(fresh, story.step.layers[-1].output[0], atol=1e-12)


def test_narration_and_layout(built):
    _, scene, story = built
    check_narration(scene, story)
    assert scene.layout_problems == [], "\n".join(map(str, scene.layout_problems))


class TrainedRegions(ClassRegions):
    """The input square after training, alone: the control frame."""

    def construct(self) -> None:
        self.take_the_snapshots()
        self.make_the_square()
        self.add_foreground_mobjects(self.plane.dots)
        self.play(FadeIn(self.plane), FadeIn(self.image), FadeIn(self.contour))
        self.image.pixel_array = self.frames[-1].image
        self.plane.contour(self.frames[-1].lines, self.contour)


def test_control_frame():
    frame = build_told(TrainedRegions, "", MEDIA, build=key_frame)
    assert_frame_matches("class_regions_trained", frame)
