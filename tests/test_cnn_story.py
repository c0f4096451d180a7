"""The sequel's story (scenes.cnn_story): the digits CNN trains to the stated accuracy, is
reproducible by its seed, records what the chapters read (the first training step of the
untrained network on the digit, for every story the chapters' tests build with:
scene_testing.CNN_STORIES), and refuses bad [cnn] values before any work, naming the key."""

from __future__ import annotations

import tomllib

import numpy as np
import pytest
from scene_testing import CNN_STORIES, cnn_toml, story_told

import nn
from scenes import cnn_story as cnn
from scenes.story import ConfigError

ACCURACY = 0.95          # the stated test accuracy of the default story


@pytest.fixture(scope="module")
def story():
    return cnn.cnn_story(cnn.CnnConfig())


def test_the_default_story_trains_to_the_stated_accuracy(story):
    assert story.accuracy[-1] >= ACCURACY
    assert story.accuracy[0] < 0.5, "the fresh network guesses"
    assert len(story.accuracy) == len(story.run.weights) == story.config.epochs + 1
    model = story.model_at(len(story.run.weights) - 1)
    predicted = model.predict(story.x_test).argmax(axis=1)
    assert np.mean(predicted == story.y_test.argmax(axis=1)) == story.accuracy[-1]


def test_the_data_are_the_ten_digits_split_by_class(story):
    x, y = story.x_train, story.y_train
    assert x.shape[1:] == (1, 8, 8) and story.x_test.shape[1:] == (1, 8, 8)
    assert len(x) + len(story.x_test) == 1797
    assert x.min() == 0.0 and x.max() == 1.0
    assert y.shape == (len(x), 10) and np.all(y.sum(axis=1) == 1)
    test_share = story.y_test.sum(axis=0) / (story.y_test.sum(axis=0) + y.sum(axis=0))
    np.testing.assert_allclose(test_share, cnn.TEST_FRACTION, atol=0.01)
    assert len(x) == cnn.n_train()


def test_the_confusion_matrix_counts_the_test_set(story):
    counts = story.confusion
    assert counts.shape == (10, 10) and counts.sum() == len(story.x_test)
    np.testing.assert_array_equal(counts.sum(axis=1), story.y_test.sum(axis=0))
    assert np.trace(counts) / counts.sum() == pytest.approx(story.accuracy[-1])


@pytest.mark.parametrize("name", list(CNN_STORIES))
def test_every_chapter_story_is_its_table_and_records_the_fresh_networks_step(name, tmp_path):
    """The stories the sequel's chapter tests build with (scene_testing.CNN_STORIES): each
    TOML reads as its table, and each story's recorded step is the first training step of
    the untrained network on the training image ``sample``."""
    table = CNN_STORIES[name]
    toml = tmp_path / "story.toml"
    toml.write_text(cnn_toml(name))
    assert tomllib.loads(cnn_toml(name)).get("cnn", {}) == table
    assert cnn.cnn_config(toml) == cnn.cnn_from_table(table)
    _, story = story_told(cnn_toml(name))
    config = story.config
    assert config == cnn.cnn_from_table(table)
    s, kernels, k = config.sample, config.kernels, config.kernel_size
    assert [layer.kind for layer in story.step.layers] == \
        ["Conv2D", cnn.CNN_ACTIVATIONS[config.activation].__name__, "Flatten", "Dense",
         "Softmax"]
    np.testing.assert_array_equal(story.step.x, story.x_train[s:s + 1])
    conv = story.conv_step
    assert conv.output.shape == (1, kernels, 8 - k + 1, 8 - k + 1)
    assert conv.params_before["kernels"].shape == (kernels, 1, k, k)
    if name == "default":
        assert conv.output.shape == (1, 5, 6, 6)
    np.testing.assert_array_equal(conv.input[0, 0], story.image)      # the step ran on the digit
    # every layer starts from the fresh network's weights: the run's first snapshot, the
    # config's network, the story's new model
    fresh = (story.run.weights[0], cnn.build_cnn(config).get_weights(),
             story.new_model().get_weights())
    for weights in fresh:
        assert len(weights) == len(story.step.layers)
        for layer, values in zip(story.step.layers, weights):
            assert layer.params_before.keys() == values.keys()
            for key, value in values.items():
                np.testing.assert_array_equal(layer.params_before[key], value)
    np.testing.assert_array_equal(story.image, story.x_train[s, 0])
    assert story.label == int(story.y_train[s].argmax())


def test_the_story_is_reproducible_by_seed(story):
    again = cnn.compute_cnn_story(cnn.CnnConfig())
    np.testing.assert_array_equal(again.x_train, story.x_train)
    np.testing.assert_array_equal(again.run.weights[-1][0]["kernels"],
                                  story.run.weights[-1][0]["kernels"])
    np.testing.assert_array_equal(again.accuracy, story.accuracy)
    other = cnn.compute_cnn_story(cnn.CnnConfig(seed=1, epochs=1))
    assert not np.array_equal(other.x_train, story.x_train)
    assert not np.array_equal(other.run.weights[0][0]["kernels"],
                              story.run.weights[0][0]["kernels"])


def test_the_cnn_table_sets_the_network(tmp_path):
    toml = tmp_path / "story.toml"
    toml.write_text('[cnn]\nkernels = 3\nkernel_size = 4\nactivation = "tanh"\nseed = 2\n')
    config = cnn.cnn_config(toml)
    assert (config.kernels, config.kernel_size, config.activation, config.seed) == \
        (3, 4, "tanh", 2)
    assert config.epochs == cnn.CNN_DEFAULTS["epochs"] and config.output_size == 5
    model = cnn.build_cnn(config)
    assert model.layers[0].params["kernels"].shape == (3, 1, 4, 4)
    assert isinstance(model.layers[1], nn.Tanh)
    assert cnn.cnn_config(None) == cnn.CnnConfig()       # no file: the defaults


@pytest.mark.parametrize("key, value, expected", [
    ("kernels", 0, "from 1 to 8"),
    ("kernels", 9, "from 1 to 8"),
    ("kernels", 2.5, "whole number"),
    ("kernel_size", 1, "from 2 to 5"),
    ("kernel_size", 6, "from 2 to 5"),
    ("activation", "softmax", "one of"),
    ("seed", -1, "non-negative"),
    ("epochs", 0, "from 1 to"),
    ("epochs", 10 ** 6, "from 1 to"),
    ("learning_rate", 0, "positive"),
    ("learning_rate", "fast", "positive"),
    ("batch_size", 0, "positive"),
    ("sample", 10 ** 5, "from 0 to"),
    ("sample", True, "from 0 to"),
    ("title", "", "non-empty"),
])
def test_bad_values_are_refused_naming_the_key(key, value, expected, monkeypatch):
    monkeypatch.setattr(cnn, "compute_cnn_story", lambda c: pytest.fail("trained"))
    with pytest.raises(ConfigError, match=rf"^\[cnn\] {key}: expected .*{expected}.*got "
                                          rf"{value!r}"):
        cnn.cnn_from_table({key: value})


def test_unknown_keys_and_bad_files_are_refused(tmp_path):
    with pytest.raises(ConfigError, match="unknown key 'kernel'; expected keys among"):
        cnn.cnn_from_table({"kernel": 3})
    with pytest.raises(ConfigError, match="expected a table"):
        cnn.cnn_from_table(3)
    toml = tmp_path / "story.toml"
    toml.write_text("[cnn]\nkernels = 12\n")
    with pytest.raises(ConfigError, match=rf"{toml}: \[cnn\] kernels"):
        cnn.cnn_config(toml)
    toml.write_text("[cnn\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        cnn.cnn_config(toml)
    with pytest.raises(ConfigError, match="not found"):
        cnn.cnn_config(tmp_path / "missing.toml")
