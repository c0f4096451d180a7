"""Bad input: every error names what was expected and what came, and is raised before any
state changes (parameters, dtype, built-ness, the seeded Generator, the caller's arrays)."""

import re

import numpy as np
import pytest

import nn
from nn_testing import assert_refused, assert_weights_equal


def built_model():
    return nn.Sequential([nn.Dense(5, 3), nn.Tanh(), nn.Dense(2)], seed=0).build(5)


def unbuilt_model():
    return nn.Sequential([nn.Dense(5, 3), nn.Tanh(), nn.Dense(2)], seed=0)


MODELS = {"built": built_model, "unbuilt": unbuilt_model}
GOOD_X, GOOD_Y = np.ones((4, 5)), np.zeros((4, 2))


def fit_call(model, x, y, optimizer=None, **options):
    optimizer = optimizer or nn.SGD(0.1)
    settings = {"loss": nn.MSE(), "optimizer": optimizer, "epochs": 3, "verbose": 0, **options}
    return lambda: model.fit(x, y, **settings)


# -- data ---------------------------------------------------------------------------------

@pytest.mark.parametrize("state", MODELS)
def test_fit_wrong_feature_count_names_the_layer_and_both_sizes(state):
    model, x, optimizer = MODELS[state](), np.ones((4, 7)), nn.SGD(0.1)
    assert_refused(fit_call(model, x, GOOD_Y, optimizer), ValueError,
                   ["Dense(5 -> 3)", "5", "7"], model, [x], optimizer)


@pytest.mark.parametrize("state", MODELS)
@pytest.mark.parametrize("method", ["predict", "evaluate"])
def test_predict_and_evaluate_wrong_feature_count(state, method):
    model, x = MODELS[state](), np.ones((4, 7), dtype=np.float32)
    call = (lambda: model.predict(x)) if method == "predict" else \
        (lambda: model.evaluate(x, GOOD_Y, loss=nn.MSE()))
    assert_refused(call, ValueError, ["Dense(5 -> 3)", "5", "7"], model, [x])


def test_lazy_model_refuses_a_new_feature_count_once_built():
    model = nn.Sequential([nn.Dense(3), nn.Tanh(), nn.Dense(2)], seed=0)
    model.predict(np.ones((1, 4)))
    x = np.ones((4, 6))
    assert_refused(fit_call(model, x, GOOD_Y), ValueError, ["Dense(4 -> 3)", "4", "6"], model, [x])


@pytest.mark.parametrize("which", ["x", "y"])
def test_one_dimensional_data_says_how_to_reshape(which):
    model = unbuilt_model()
    x, y = (np.ones(5), GOOD_Y) if which == "x" else (GOOD_X, np.zeros(4))
    assert_refused(fit_call(model, x, y), ValueError, [f"{which}.reshape(-1, 1)", "1-D"],
                   model, [x, y])


def test_predict_one_dimensional_input_says_how_to_reshape():
    model, x = built_model(), np.ones(5)
    assert_refused(lambda: model.predict(x), ValueError, ["reshape(1, -1)", "(5,)"], model, [x])


def test_three_dimensional_data_is_refused():
    model, x = unbuilt_model(), np.ones((4, 5, 1))
    assert_refused(fit_call(model, x, GOOD_Y), ValueError, ["2-D", "(4, 5, 1)"], model, [x])


def test_x_and_y_with_different_sample_counts():
    model, x, y = unbuilt_model(), np.ones((4, 5)), np.zeros((6, 2))
    assert_refused(fit_call(model, x, y), ValueError, ["same number of samples", "4", "6"],
                   model, [x, y])


def test_y_with_the_wrong_number_of_outputs():
    model, y = built_model(), np.zeros((4, 3))
    assert_refused(fit_call(model, GOOD_X, y), ValueError, ["2", "3", "(4, 3)"], model, [y])


@pytest.mark.parametrize("state", MODELS)
def test_evaluate_with_the_wrong_y_shape(state):
    model, y = MODELS[state](), np.zeros((4, 3))
    assert_refused(lambda: model.evaluate(GOOD_X, y, loss=nn.MSE()), ValueError,
                   ["(4, 2)", "(4, 3)"], model, [y])


@pytest.mark.parametrize("which", ["x", "y"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf], ids=["nan", "inf", "-inf"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_non_finite_data(which, bad, dtype):
    x, y = GOOD_X.astype(dtype), GOOD_Y.astype(dtype)
    (x if which == "x" else y)[2, 1] = bad
    model = unbuilt_model()
    assert_refused(fit_call(model, x, y), ValueError,
                   [f"{which} must be finite", str(dtype(bad)), "row 2, column 1"], model, [x, y])


def test_non_finite_input_to_predict():
    model, x = built_model(), np.ones((2, 5))
    x[1, 4] = np.nan
    assert_refused(lambda: model.predict(x), ValueError, ["finite", "row 1, column 4"], model, [x])


@pytest.mark.parametrize("which", ["x", "y"])
@pytest.mark.parametrize("bad", [
    np.array([["a", "b", "c", "d", "e"]] * 4),
    np.array([[1, 2, 3, 4, None]] * 4, dtype=object),
    np.ones((4, 5)) * 1j,
], ids=["strings", "objects", "complex"])
def test_non_numeric_data(which, bad):
    x, y = (bad, GOOD_Y) if which == "x" else (GOOD_X, bad[:, :2])
    model = unbuilt_model()
    assert_refused(fit_call(model, x, y), TypeError, [f"{which} must hold numbers", "dtype"],
                   model, [x, y])


# -- settings -----------------------------------------------------------------------------

@pytest.mark.parametrize("make", [nn.SGD, nn.Adam], ids=["SGD", "Adam"])
@pytest.mark.parametrize("rate", [0, -0.1, float("nan"), float("inf")])
def test_learning_rate_must_be_positive(make, rate):
    with pytest.raises(ValueError) as raised:
        make(learning_rate=rate)
    message = str(raised.value)
    assert "learning_rate" in message and repr(rate) in message and "positive" in message, (
        f"expected the message to name learning_rate, 'positive' and {rate!r}, got {message!r}")


@pytest.mark.parametrize("epochs", [0, -1, 2.5, True])
def test_epochs_must_be_at_least_one(epochs):
    model, optimizer = built_model(), nn.SGD(0.1)
    assert_refused(fit_call(model, GOOD_X, GOOD_Y, optimizer, epochs=epochs), ValueError,
                   ["epochs", ">= 1", repr(epochs)], model, optimizer=optimizer)


@pytest.mark.parametrize("batch_size", [0, -2, 1.5])
def test_batch_size_must_be_a_positive_integer(batch_size):
    model = built_model()
    assert_refused(fit_call(model, GOOD_X, GOOD_Y, batch_size=batch_size), ValueError,
                   ["batch_size", repr(batch_size)], model)


def test_predict_batch_size_must_be_a_positive_integer():
    model = built_model()
    assert_refused(lambda: model.predict(GOOD_X, batch_size=0), ValueError, ["batch_size", "0"],
                   model)


def test_loss_and_optimizer_must_be_nn_objects():
    model = built_model()
    assert_refused(lambda: model.fit(GOOD_X, GOOD_Y, loss="mse", optimizer=nn.SGD(0.1),
                                     epochs=1, verbose=0), TypeError, ["loss", "'mse'"], model)
    assert_refused(lambda: model.fit(GOOD_X, GOOD_Y, loss=nn.MSE(), optimizer="sgd",
                                     epochs=1, verbose=0), TypeError, ["optimizer", "'sgd'"], model)


# -- architecture -------------------------------------------------------------------------

def test_layer_sizes_that_do_not_chain():
    with pytest.raises(ValueError) as raised:
        nn.Sequential([nn.Dense(2, 3), nn.Tanh(), nn.Dense(4, 1)])
    message = str(raised.value)
    assert "layers[2]" in message and "Dense(4 -> 1)" in message and "3" in message, (
        f"expected the message to name layers[2] Dense(4 -> 1), 4 and 3, got {message!r}")


@pytest.mark.parametrize("size", [0, -3, 2.5, "3"])
def test_dense_sizes_must_be_positive_integers(size):
    with pytest.raises(ValueError, match=re.escape(repr(size))):
        nn.Dense(size)


def test_sequential_refuses_what_is_not_a_layer():
    with pytest.raises(TypeError, match=r"layers\[1\]"):
        nn.Sequential([nn.Dense(2, 3), np.tanh])


# -- training that blows up -----------------------------------------------------------------

def diverging_fit(epochs):
    x, y = np.full((4, 2), 100.0), np.ones((4, 1))
    model = nn.Sequential([nn.Dense(2, 1)], seed=0)
    with np.errstate(over="ignore", invalid="ignore"):
        return model, model.fit(x, y, loss=nn.MSE(), optimizer=nn.SGD(1e3), epochs=epochs,
                                verbose=0)


def test_loss_that_becomes_infinite_stops_fit_naming_the_right_epoch():
    with pytest.raises(FloatingPointError) as raised:
        diverging_fit(100)
    found = re.search(r"epoch (\d+)", str(raised.value))
    assert found, f"expected the error to name the epoch, got {str(raised.value)!r}"
    epoch = int(found.group(1))
    model, history = diverging_fit(epoch - 1)          # one epoch fewer trains without error
    assert len(history.history["loss"]) == epoch - 1, (
        f"expected {epoch - 1} finite epochs before the named epoch {epoch}, "
        f"got {len(history.history['loss'])}")
    assert all(np.isfinite(v).all() for v in model.get_weights()[0].values()), (
        "expected finite weights up to the named epoch")


def test_parameters_that_become_infinite_are_not_returned_silently():
    x, y = np.ones((4, 2)), np.full((4, 1), 5.0)
    model = nn.Sequential([nn.Dense(2, 1)], seed=0)
    with np.errstate(over="ignore", invalid="ignore"):
        with pytest.raises(FloatingPointError, match="epoch 1"):
            model.fit(x, y, loss=nn.MSE(), optimizer=nn.SGD(1e308), epochs=1, verbose=0)


# -- the caller's arrays ------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
@pytest.mark.parametrize("batch_size, shuffle", [(None, True), (1, True), (3, False), (3, True)])
def test_fit_never_modifies_the_callers_arrays(dtype, batch_size, shuffle):
    rng = np.random.default_rng(0)
    x = (rng.standard_normal((7, 5)) * 3).astype(dtype)
    y = (rng.standard_normal((7, 2)) * 3).astype(dtype)
    x_copy, y_copy = x.copy(), y.copy()
    x.setflags(write=False)
    y.setflags(write=False)
    model = unbuilt_model()
    model.fit(x, y, loss=nn.MSE(), optimizer=nn.Adam(0.01), epochs=3, batch_size=batch_size,
              shuffle=shuffle, verbose=0)
    model.predict(x)
    model.evaluate(x, y, loss=nn.MSE())
    assert np.array_equal(x, x_copy) and x.dtype == dtype, "expected x unchanged by fit"
    assert np.array_equal(y, y_copy) and y.dtype == dtype, "expected y unchanged by fit"


def test_fit_accepts_nested_lists():
    model = nn.Sequential([nn.Dense(2, 1)], seed=0)
    history = model.fit([[0, 1], [1, 0]], [[1], [0]], loss=nn.MSE(), optimizer=nn.SGD(0.1),
                        epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2, f"expected 2 epochs, got {history.history}"


def test_a_loss_that_becomes_infinite_stops_fit_before_that_update():
    """Full batch: one update per epoch. After the error, the weights are exactly those of
    the end of the epoch before."""
    class Keep(nn.Callback):
        def __init__(self):
            self.weights = []

        def on_train_begin(self, model):
            self.weights.append(model.get_weights())

        def on_epoch_end(self, model, epoch, loss):
            self.weights.append(model.get_weights())

    keep = Keep()
    x, y = np.full((4, 2), 100.0), np.ones((4, 1))
    model = nn.Sequential([nn.Dense(2, 1)], seed=0)
    with np.errstate(over="ignore", invalid="ignore"):
        with pytest.raises(FloatingPointError) as raised:
            model.fit(x, y, loss=nn.MSE(), optimizer=nn.SGD(1e3), epochs=100, verbose=0,
                      callbacks=[keep])
    epoch = int(re.search(r"epoch (\d+)", str(raised.value)).group(1))
    assert len(keep.weights) == epoch, (
        f"expected {epoch - 1} finished epochs before the named epoch {epoch}, "
        f"got {len(keep.weights) - 1}")
    assert_weights_equal(model.get_weights(), keep.weights[-1],
                         what=f"weights after the error in epoch {epoch}: those of epoch "
                              f"{epoch - 1}")


# -- files that are not models ------------------------------------------------------------

def saved_model(path):
    model = nn.Sequential([nn.Dense(3, 4), nn.Tanh(), nn.Dense(2)], seed=0)
    model.save(path)
    return path.read_bytes()


def damaged_files(tmp_path):
    good = saved_model(tmp_path / "good.npz")
    np.save(tmp_path / "array.npy", np.ones(3))
    np.savez(tmp_path / "other.npz", config=np.array("not json {"))
    np.savez(tmp_path / "format.npz", config=np.array('{"format": "keras/3"}'))
    import zipfile
    with zipfile.ZipFile(tmp_path / "zip.npz", "w") as archive:
        archive.writestr("readme.txt", "hello")
    files = {
        "random bytes": np.random.default_rng(0).bytes(2000),
        "truncated copy": good[: len(good) // 2],
        "truncated end": good[:-30],
        "empty": b"",
        "text": b"weights = [1, 2, 3]\n",
        "pickle": b"\x80\x04\x95" + bytes(40),
        ".npy array": (tmp_path / "array.npy").read_bytes(),
        "config not JSON": (tmp_path / "other.npz").read_bytes(),
        "another format": (tmp_path / "format.npz").read_bytes(),
        "zip, not npz": (tmp_path / "zip.npz").read_bytes(),
    }
    return files


@pytest.mark.parametrize("kind", ["random bytes", "truncated copy", "truncated end", "empty",
                                  "text", "pickle", ".npy array", "config not JSON",
                                  "another format", "zip, not npz"])
def test_a_file_that_is_not_a_model_is_refused_as_such(tmp_path, kind):
    path = tmp_path / "model.npz"
    path.write_bytes(damaged_files(tmp_path)[kind])
    with pytest.raises(ValueError) as raised:
        nn.Sequential.load(path)
    message = str(raised.value)
    assert "is not an nn model file" in message and str(path) in message, (
        f"expected '{path} is not an nn model file', got {message!r}")
    assert "allow_pickle" not in message and "pickle" not in message.lower(), (
        f"expected no advice to load with pickle, got {message!r}")
