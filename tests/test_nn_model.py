"""Sequential: save/load, summary, predict, evaluate, the history fit returns, progress output."""

import io
import json

import numpy as np
import pytest

import nn
from nn_testing import assert_close, assert_weights_equal

X = np.random.default_rng(0).standard_normal((10, 3))
Y = np.random.default_rng(1).uniform(0, 1, (10, 2))


def trained(layers, dtype=np.float64, seed=0):
    model = nn.Sequential(layers, seed=seed)
    model.fit(X.astype(dtype), Y.astype(dtype), loss=nn.MSE(), optimizer=nn.Adam(0.01),
              epochs=5, batch_size=4, verbose=0)
    return model


ARCHITECTURES = {
    "all savable layers": lambda: [nn.Dense(3, 4), nn.Tanh(), nn.Dense(4, 5), nn.ReLU(),
                                   nn.Dense(5, 4), nn.Sigmoid(), nn.Dense(2), nn.Softmax()],
    "lazy Dense(3)": lambda: [nn.Dense(3), nn.Tanh(), nn.Dense(2)],
    "standard_normal": lambda: [nn.Dense(3, 2, initializer="standard_normal")],
}


# -- save / load --------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", ARCHITECTURES)
def test_save_load_round_trip_predicts_the_same(tmp_path, name, dtype):
    model = trained(ARCHITECTURES[name](), dtype)
    path = tmp_path / "model.npz"
    model.save(path)
    loaded = nn.Sequential.load(path)
    assert [type(layer) for layer in loaded.layers] == [type(layer) for layer in model.layers], (
        f"expected layers {model.layers}, got {loaded.layers}")
    assert_weights_equal(loaded.get_weights(), model.get_weights(), what=f"{name} loaded")
    assert loaded.dtype == dtype, f"expected the loaded model in {np.dtype(dtype)}, got {loaded.dtype}"
    got, expected = loaded.predict(X), model.predict(X)
    assert got.dtype == expected.dtype, f"expected {expected.dtype} predictions, got {got.dtype}"
    assert_close(got, expected, what=f"{name}: predictions after load", rtol=0, atol=0)


def test_saved_file_is_plain_npz_without_pickle(tmp_path):
    model = trained(ARCHITECTURES["lazy Dense(3)"]())
    path = tmp_path / "model.npz"
    model.save(path)
    with np.load(path, allow_pickle=False) as data:
        arrays = {key: data[key] for key in data.files}     # raises if anything needs pickle
    config = json.loads(str(arrays.pop("config")))
    assert [spec["class"] for spec in config["layers"]] == ["Dense", "Tanh", "Dense"], (
        f"expected the architecture in the file, got {config}")
    expected_keys = {"layers.0.weights", "layers.0.bias", "layers.2.weights", "layers.2.bias"}
    assert set(arrays) == expected_keys, f"expected arrays {sorted(expected_keys)}, got {sorted(arrays)}"
    assert arrays["layers.0.weights"].shape == (3, 3), (
        f"expected W of shape (out, in) = (3, 3), got {arrays['layers.0.weights'].shape}")


def test_loaded_model_keeps_training_like_the_original(tmp_path):
    model = trained(ARCHITECTURES["lazy Dense(3)"]())
    model.save(tmp_path / "model.npz")
    loaded = nn.Sequential.load(tmp_path / "model.npz")
    for m in (model, loaded):
        m.fit(X, Y, loss=nn.MSE(), optimizer=nn.SGD(0.1), epochs=3, shuffle=False, verbose=0)
    assert_weights_equal(loaded.get_weights(), model.get_weights(),
                         what="loaded model after 3 more epochs")


def test_save_refuses_unbuilt_and_unsavable_models(tmp_path):
    with pytest.raises(ValueError, match="no weights yet"):
        nn.Sequential([nn.Dense(3)]).save(tmp_path / "a.npz")
    model = nn.Sequential([nn.Dense(3, 2), nn.Activation(np.sin, np.cos)]).build(3)
    with pytest.raises(TypeError, match="cannot be saved"):
        model.save(tmp_path / "b.npz")
    assert not (tmp_path / "a.npz").exists() and not (tmp_path / "b.npz").exists(), (
        "expected no file written when save refuses")


def test_load_refuses_other_files(tmp_path):
    np.savez(tmp_path / "other.npz", weights=np.ones(3))
    with pytest.raises(ValueError, match="not an nn model file: it has no 'config' entry"):
        nn.Sequential.load(tmp_path / "other.npz")
    with pytest.raises(FileNotFoundError, match="missing.npz"):
        nn.Sequential.load(tmp_path / "missing.npz")


# -- summary, predict, evaluate -----------------------------------------------------------

def test_summary_lists_layers_shapes_and_parameter_counts(capsys):
    model = nn.Sequential([nn.Dense(2, 3), nn.Tanh(), nn.Dense(3, 1), nn.Tanh()])
    text = model.summary()
    printed = capsys.readouterr().out
    assert printed.strip() == text.strip(), f"expected summary() to print what it returns, got {printed!r}"
    for fragment in ["Dense(2 -> 3)", "Tanh()", "Dense(3 -> 1)", "(batch, 3)", "(batch, 1)",
                     "total parameters: 13"]:
        assert fragment in text, f"expected {fragment!r} in the summary, got:\n{text}"


def test_summary_of_a_lazy_model_before_and_after_building():
    model = nn.Sequential([nn.Dense(4), nn.ReLU(), nn.Dense(2)])
    before = model.summary(print_fn=None)
    assert "Dense(? -> 4)" in before, f"expected an unknown input size shown as '?', got:\n{before}"
    model.build(3)
    after = model.summary(print_fn=None)
    assert "total parameters: 26" in after, f"expected (3+1)*4 + (4+1)*2 = 26, got:\n{after}"


@pytest.mark.parametrize("batch_size", [1, 3, 4, 10, 25])
def test_predict_in_batches_equals_predict_at_once(batch_size):
    model = trained(ARCHITECTURES["all savable layers"]())
    assert_close(model.predict(X, batch_size=batch_size), model.predict(X),
                 what=f"predict(batch_size={batch_size})", rtol=1e-14, atol=1e-15)


def test_predict_builds_a_lazy_model_and_returns_one_row_per_sample():
    model = nn.Sequential([nn.Dense(4), nn.Tanh(), nn.Dense(2)], seed=0)
    got = model.predict(X)
    assert got.shape == (10, 2), f"expected predictions of shape (10, 2), got {got.shape}"


@pytest.mark.parametrize("loss", [nn.MSE(), nn.BinaryCrossEntropy()], ids=repr)
def test_evaluate_is_the_loss_of_the_predictions(loss):
    model = trained([nn.Dense(3, 2), nn.Sigmoid()])
    got = model.evaluate(X, Y, loss=loss)
    assert isinstance(got, float), f"expected a float, got {type(got).__name__}"
    assert_close(got, loss(Y, model.predict(X)), what=f"evaluate with {loss!r}")


# -- fit's history and progress -----------------------------------------------------------

def test_history_holds_the_mean_loss_of_each_epoch():
    model = nn.Sequential([nn.Dense(3, 2)], seed=0)
    initial = model.predict(X)
    history = model.fit(X, Y, loss=nn.MSE(), optimizer=nn.SGD(0.1), epochs=4, verbose=0)
    losses = history.history["loss"]
    assert len(losses) == 4 and history.epoch == [1, 2, 3, 4], (
        f"expected 4 epochs numbered 1..4, got {losses} and {history.epoch}")
    # full batch: epoch 1's loss is the loss before the first update
    assert_close(losses[0], nn.MSE()(Y, initial), what="loss of epoch 1 (full batch)")
    assert losses[-1] < losses[0], f"expected the loss to fall, got {losses}"


def test_history_mean_over_unequal_mini_batches():
    model = nn.Sequential([nn.Dense(3, 2)], seed=0)
    weights = model.build(3).get_weights()
    history = model.fit(X, Y, loss=nn.MSE(), optimizer=nn.SGD(0.1), epochs=1, batch_size=4,
                        shuffle=False, verbose=0)
    replay = nn.Sequential([nn.Dense(3, 2)]).build(3)
    replay.set_weights(weights)
    optimizer, losses = nn.SGD(0.1), []
    for start in (0, 4, 8):                              # batches of 4, 4 and 2 samples
        xb, yb = X[start:start + 4], Y[start:start + 4]
        losses.append(replay.train_step(xb, yb, nn.MSE(), optimizer) * len(xb))
    assert_close(history.history["loss"][0], sum(losses) / 10,
                 what="epoch loss: the sample-weighted mean over batches")


def fit_quietly(verbose, epochs=1000):
    model = nn.Sequential([nn.Dense(3, 2)], seed=0)
    return model.fit(X, Y, loss=nn.MSE(), optimizer=nn.SGD(0.01), epochs=epochs, verbose=verbose)


def test_verbose_1_to_a_log_prints_a_few_lines(capsys):
    fit_quietly(verbose=1)
    lines = capsys.readouterr().out.splitlines()
    assert 2 <= len(lines) <= 12, f"expected 2 to 12 progress lines for 1000 epochs, got {len(lines)}:\n" \
        + "\n".join(lines)
    assert "1000/1000" in lines[-1] and "loss" in lines[-1], (
        f"expected the last line to show epoch 1000/1000 and its loss, got {lines[-1]!r}")


def test_verbose_0_prints_nothing(capsys):
    fit_quietly(verbose=0)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == "", f"expected no output, got {captured}"


def test_verbose_1_on_a_terminal_rewrites_one_line(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stdout", terminal)
    fit_quietly(verbose=1)
    text = terminal.getvalue()
    assert text.count("\n") == 1 and text.endswith("\n"), (
        f"expected one line rewritten with '\\r' and a final newline, got {text!r}")
    assert "1000/1000" in text.split("\r")[-1], f"expected the final epoch shown, got {text!r}"


class ScaledDense(nn.Dense):
    """A user's Dense whose backward does not know the input_gradient keyword."""

    def backward(self, output_gradient):
        return super().backward(output_gradient * 1.0)


def test_first_layer_may_override_backward_without_input_gradient():
    x = np.array([[0.0, 1.0], [1.0, 0.0]])
    y = np.array([[1.0], [0.0]])
    mine = nn.Sequential([ScaledDense(2, 3), nn.Tanh(), nn.Dense(3, 1)], seed=0)
    plain = nn.Sequential([nn.Dense(2, 3), nn.Tanh(), nn.Dense(3, 1)], seed=0)
    for model in (mine, plain):
        model.fit(x, y, loss=nn.MSE(), optimizer=nn.SGD(0.1), epochs=3, verbose=0)
    assert_weights_equal(mine.get_weights(), plain.get_weights(), what="a Dense subclass first")
