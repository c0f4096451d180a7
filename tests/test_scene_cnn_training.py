"""Training live (the sequel, chapter 9): the set-up shown is the story's (its image counts,
epochs, batch size, the steps per epoch nn's fit takes, Adam's learning rate, the layers'
own descriptions); every picture of the live screen is a recorded snapshot (its kernels,
the digit's feature maps through that snapshot's Conv2D and activation, recomputed here
with numpy), with its epoch, its loss on the training set and its test accuracy
(recomputed here from the snapshot's predictions) and their curves; between two snapshots
the grids blend them while the counters and curves show the nearer one; the confusion
matrix is the trained network's test predictions counted here, its diagonal over its
total is the accuracy, the most common confusion and the misclassified digits are read
from those predictions; the narration says only what is shown and the layout check finds
nothing.

Two sequel stories: the default [cnn] (5 kernels, 3x3, relu, 20 epochs: every snapshot
shown) and 3 kernels of 4x4, sigmoid, seed 1, 40 epochs (41 snapshots: a sample of them).
Each is built once, without playing, with NN_LAYOUT_CHECK=1."""

from __future__ import annotations

import numpy as np
import pytest
from scene_testing import (assert_frame_matches, assert_shows, assert_told, build_told,
                           built_chapter, key_frame)

import nn
from scenes import cnn_story as cnn_module
from scenes import kit
from scenes.cnn_training import MAX_PICTURES, MISTAKES_SHOWN, CnnTraining, chosen_snapshots

ACTIVATIONS = {"relu": lambda y: np.maximum(y, 0), "tanh": np.tanh,
               "sigmoid": lambda y: 1 / (1 + np.exp(-y))}


built = built_chapter(CnnTraining, "default", "3-kernels-4x4-sigmoid-seed-1-40-epochs")


def feature_maps(story, k: int) -> np.ndarray:
    """The digit through snapshot k's kernels and bias and the activation, with numpy:
    map_i[r, c] = f(b_i + sum of the k x k pixels at (r, c) times kernel i)."""
    params = story.run.weights[k][0]
    kernels, bias = params["kernels"][:, 0], params["bias"]
    size = kernels.shape[-1]
    windows = np.lib.stride_tricks.sliding_window_view(story.image, (size, size))
    maps = np.einsum("rcmn,imn->irc", windows, kernels) + bias[:, None, None]
    return ACTIVATIONS[story.config.activation](maps)


def predictions(story, k: int) -> np.ndarray:
    return story.model_at(k).predict(story.x_test).argmax(axis=1)


def true_digits(story) -> np.ndarray:
    return story.y_test.argmax(axis=1)


# -- the chapter's helpers ---------------------------------------------------------------------

def test_every_snapshot_or_an_even_sample_on_the_log_axis():
    assert chosen_snapshots(21) == list(range(21))
    assert chosen_snapshots(MAX_PICTURES) == list(range(MAX_PICTURES))
    for count in (MAX_PICTURES + 1, 41, 201):
        chosen = chosen_snapshots(count)
        assert len(chosen) == MAX_PICTURES, count
        assert chosen[0] == 0 and chosen[-1] == count - 1
        assert all(a < b for a, b in zip(chosen, chosen[1:]))
    steps = np.diff(np.log(chosen_snapshots(201)[1:]))
    assert steps[-10:].max() < 2 * steps[-10:].min()     # even on the log axis, at the end


def test_a_reshaded_grid_looks_like_a_grid_of_the_new_values():
    rng = np.random.default_rng(3)
    old, new = rng.normal(size=(4, 4)), rng.normal(size=(4, 4))
    scale = 2.5
    grid = kit.reshade(kit.NumberGrid(old, kit.W_COLOR, numbers=False, scale=scale), new,
                       kit.W_COLOR, scale)
    fresh = kit.NumberGrid(new, kit.W_COLOR, numbers=False, scale=scale)
    for row, fresh_row in zip(grid.cells, fresh.cells):
        for square, expected in zip(row, fresh_row):
            assert square.get_fill_color().to_hex() == expected.get_fill_color().to_hex()
            assert square.get_fill_opacity() == pytest.approx(expected.get_fill_opacity())
    np.testing.assert_array_equal(grid.values, new)
    with pytest.raises(ValueError, match="shape"):
        kit.reshade(grid, np.zeros((3, 3)), kit.W_COLOR, scale)


# -- the chapter -----------------------------------------------------------------------------


def test_the_setup_is_the_storys(built):
    _, scene, story = built
    config, shown = story.config, scene.shown
    n_train = len(story.x_train)
    assert shown["n_train"] == n_train == cnn_module.n_train()
    assert shown["n_test"] == len(story.x_test) == len(story.y_test)
    assert n_train + shown["n_test"] == len(cnn_module.digits()[1])
    # nn's fit takes batches starting every batch_size samples
    assert shown["steps"] == len(range(0, n_train, config.batch_size))
    assert float(shown["rate"]) == config.learning_rate
    texts = [value.tex_string for value in shown["setup_values"]]
    assert texts[0] == str(n_train) and texts[1] == str(shown["n_test"])
    assert texts[2] == str(config.epochs) == str(len(story.run.history))
    assert texts[3].startswith(f"{config.batch_size}") and f"{{{shown['steps']} step" in texts[3]
    assert texts[4].endswith(f"= {shown['rate']}")
    activation = {"relu": "ReLU()", "tanh": "Tanh()", "sigmoid": "Sigmoid()"}
    assert shown["blocks"] == [f"Conv2D(1 -> {config.kernels}, {config.kernel_size}x"
                               f"{config.kernel_size})", activation[config.activation],
                               "Flatten()",
                               f"Dense({config.kernels * config.output_size ** 2} -> 10)",
                               "Softmax()"]


def test_every_picture_is_a_recorded_snapshot(built):
    _, scene, story = built
    shown, count = scene.shown, len(story.run.weights)
    snapshots = shown["snapshots"]
    assert snapshots == chosen_snapshots(count)
    assert len(snapshots) == min(count, MAX_PICTURES) == shown["pictures"]
    assert shown["snapshot_count"] == count == story.config.epochs + 1
    loss = nn.CategoricalCrossEntropy()
    true = true_digits(story)
    kernel_scale = max(np.abs(weights[0]["kernels"]).max() for weights in story.run.weights)
    map_scale = max(np.abs(feature_maps(story, k)).max() for k in range(count))
    assert shown["kernel_scale"] == pytest.approx(kernel_scale, rel=1e-12)
    assert shown["map_scale"] == pytest.approx(map_scale, rel=1e-9)
    for j, k in enumerate(snapshots):
        np.testing.assert_array_equal(shown["kernels_shown"][j],
                                      story.run.weights[k][0]["kernels"][:, 0])
        np.testing.assert_allclose(shown["maps_shown"][j], feature_maps(story, k), atol=1e-9)
        assert shown["epochs_shown"][j] == k == story.run.epochs[k]
        evaluated = story.model_at(k).evaluate(story.x_train, story.y_train, loss=loss)
        assert shown["losses_shown"][j] == pytest.approx(evaluated, rel=1e-9)
        right = np.mean(predictions(story, k) == true)
        assert shown["accuracies_shown"][j] == round(100 * right, 1)
    assert shown["epoch"].number == story.config.epochs
    assert shown["loss"].value == story.run.loss[-1]
    assert shown["accuracy"].number == shown["accuracies_shown"][-1]
    for plot in (shown["plot"], shown["accuracy_plot"]):
        assert plot.shown_epoch == story.config.epochs
    np.testing.assert_array_equal(shown["plot"].losses, story.run.loss)
    accuracies = [np.mean(predictions(story, k) == true) for k in range(count)]
    np.testing.assert_allclose(shown["accuracy_plot"].values, accuracies, rtol=1e-12)
    np.testing.assert_array_equal(shown["image_grid"].values, story.image)


def test_the_confusion_matrix_counts_the_trained_networks_test_predictions(built):
    _, scene, story = built
    predicted, true = predictions(story, len(story.run.weights) - 1), true_digits(story)
    counts = np.zeros((10, 10), dtype=int)
    for t, p in zip(true, predicted):
        counts[t, p] += 1
    np.testing.assert_array_equal(story.confusion, counts)
    assert_shows(scene.shown["confusion_grid"], counts)
    shown = scene.shown
    assert shown["right"] == int(np.sum(predicted == true)) == np.trace(counts)
    assert shown["total"] == len(true) == counts.sum()
    accuracy = np.mean(predicted == true)
    assert shown["share"] == shown["recorded"] == round(100 * accuracy, 1)
    assert shown["accuracy_agree"] is True
    assert shown["accuracies_shown"][-1] == shown["share"]


def test_the_most_common_confusion_and_the_misclassified_digits(built):
    _, scene, story = built
    predicted, true = predictions(story, len(story.run.weights) - 1), true_digits(story)
    pairs = {}
    for t, p in zip(true, predicted):
        if t != p:
            pairs[(int(t), int(p))] = pairs.get((int(t), int(p)), 0) + 1
    worst = max(pairs.values(), default=0)
    cells = sorted(pair for pair, n in pairs.items() if n == worst)
    assert scene.shown["worst"] == worst and sorted(scene.shown["worst_cells"]) == cells
    tex = scene.shown["worst_words"].tex_string
    if 1 <= len(cells) <= 3:
        assert all(rf"{t} \to {p}" in tex for t, p in cells), tex
    wrong = np.flatnonzero(predicted != true)
    mistakes = scene.shown["mistakes"]
    assert len(mistakes) == min(MISTAKES_SHOWN, len(wrong))
    for (i, t, p), image in zip(mistakes, scene.shown["mistake_images"]):
        assert t == true[i] != p == predicted[i]
        np.testing.assert_array_equal(image.values, story.x_test[i, 0])
    in_worst = [(t, p) in cells for _, t, p in mistakes]
    assert in_worst == sorted(in_worst, reverse=True)      # the most common ones first


@pytest.mark.parametrize("t", [0.3, 0.5, 2.4, 2.6])
def test_between_two_snapshots_the_counters_show_the_nearer_and_the_grids_a_blend(built, t):
    """Mid-move the grids blend the snapshots around t; the counters and both curves show
    the nearer snapshot, a recorded one, in step with the grids."""
    _, scene, story = built
    k, a = int(t), t - int(t)
    nearer = k + 1 if a >= 0.5 else k
    scene.show_at(t)
    blend = (1 - a) * story.run.weights[k][0]["kernels"][:, 0] + \
        a * story.run.weights[k + 1][0]["kernels"][:, 0]
    np.testing.assert_allclose([grid.values for grid in scene.kernel_grids], blend, atol=1e-12)
    blend = (1 - a) * feature_maps(story, k) + a * feature_maps(story, k + 1)
    np.testing.assert_allclose([grid.values for grid in scene.map_grids], blend, atol=1e-9)
    assert scene.epoch.number == story.run.epochs[nearer] == nearer
    assert scene.loss.value == story.run.loss[nearer]
    assert scene.accuracy.number == round(100 * story.accuracy[nearer], 1)
    assert scene.plot.shown_epoch == scene.accuracy_plot.shown_epoch == nearer
    scene.show_at(len(story.run.weights) - 1)              # back to the end, for the others


def test_story_narration_and_layout(built):
    _, scene, story = built
    assert_told(scene, story)


class LastScreen(CnnTraining):
    """The chapter's last screen alone (the confusion matrix, the accuracy checked, the
    most common confusion, the misclassified digits): the control frame."""

    def construct(self) -> None:
        self.the_confusion_matrix()
        self.the_accuracy_checked()
        self.the_most_common_mistake()
        self.some_mistakes()


def test_control_frame(tmp_path):
    frame = build_told(LastScreen, "", tmp_path / "media", build=key_frame)
    assert_frame_matches("cnn_training_confusion", frame)
