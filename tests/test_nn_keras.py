"""What a Keras user reaches for next (issue 15): validation data and val_loss, accuracy as
a metric in fit and evaluate, and early stopping built on Callback."""

import io

import numpy as np
import pytest

import nn
from nn_testing import assert_close, assert_refused, assert_weights_equal

RNG = np.random.default_rng(0)
X = RNG.standard_normal((40, 2))
LABELS = (X[:, 0] * X[:, 1] > 0).astype(float)[:, None]     # 0/1, one column
ONE_HOT = np.eye(2)[LABELS[:, 0].astype(int)]                 # the same, one-hot
X_VAL, LABELS_VAL = X[:10] + 0.05, LABELS[:10]


def binary_model(seed=0):
    return nn.Sequential([nn.Dense(2, 8), nn.Tanh(), nn.Dense(1), nn.Sigmoid()], seed=seed)


class Watch(nn.Callback):
    """Keeps, after every epoch, the weights and the numbers the History got."""

    def __init__(self):
        self.weights, self.logs = [], []

    def on_epoch_end(self, model, epoch, loss):
        self.weights.append(model.get_weights())
        self.logs.append({key: values[-1] for key, values in model.history.history.items()})


def fit(model, **options):
    settings = dict(loss=nn.BinaryCrossEntropy(), optimizer=nn.Adam(0.05), epochs=8,
                    batch_size=8, verbose=0)
    return model.fit(X, LABELS, **{**settings, **options})


# -- validation data and metrics ----------------------------------------------------------------

def test_validation_data_records_val_loss_after_each_epoch():
    watch, model = Watch(), binary_model()
    history = fit(model, validation_data=(X_VAL, LABELS_VAL), callbacks=[watch])
    assert list(history.history) == ["loss", "val_loss"], f"got keys {list(history.history)}"
    assert len(history.history["val_loss"]) == 8, f"got {history.history['val_loss']}"
    replay = binary_model()
    for epoch, weights in enumerate(watch.weights):
        replay.set_weights(weights)
        expected = replay.evaluate(X_VAL, LABELS_VAL, loss=nn.BinaryCrossEntropy())
        assert_close(history.history["val_loss"][epoch], expected,
                     what=f"val_loss of epoch {epoch + 1}: the loss on x_val after that epoch")


def test_validation_changes_nothing_in_training():
    plain, validated = binary_model(), binary_model()
    fit(plain)
    fit(validated, validation_data=(X_VAL, LABELS_VAL), metrics=["accuracy"])
    assert_weights_equal(validated.get_weights(), plain.get_weights(),
                         what="training with validation data and metrics")


@pytest.mark.parametrize("targets", ["0/1", "one-hot"])
def test_accuracy_metric_in_fit_and_evaluate(targets):
    y, y_val = (LABELS, LABELS_VAL) if targets == "0/1" else (ONE_HOT, ONE_HOT[:10])
    model = binary_model() if targets == "0/1" else nn.Sequential(
        [nn.Dense(2, 8), nn.Tanh(), nn.Dense(2), nn.Softmax()], seed=0)
    loss = nn.BinaryCrossEntropy() if targets == "0/1" else nn.CategoricalCrossEntropy()
    history = model.fit(X, y, loss=loss, optimizer=nn.Adam(0.05), epochs=30, batch_size=8,
                        verbose=0, validation_data=(X_VAL, y_val), metrics=["accuracy"])
    assert list(history.history) == ["loss", "accuracy", "val_loss", "val_accuracy"], (
        f"got keys {list(history.history)}")
    prediction = model.predict(X)
    expected = (np.mean((prediction >= 0.5) == (y >= 0.5)) if targets == "0/1"
                else np.mean(prediction.argmax(axis=1) == y.argmax(axis=1)))
    assert history.history["accuracy"][-1] == expected, (
        f"expected the last epoch's accuracy {expected}, got {history.history['accuracy'][-1]}")
    assert expected > 0.8, f"expected the model to learn the quadrants, got accuracy {expected}"
    result = model.evaluate(X_VAL, y_val, loss=loss, metrics=["accuracy"])
    assert set(result) == {"loss", "accuracy"}, f"expected loss and accuracy, got {result}"
    assert result["accuracy"] == history.history["val_accuracy"][-1]
    assert_close(result["loss"], history.history["val_loss"][-1], what="evaluate's loss")
    assert isinstance(model.evaluate(X_VAL, y_val, loss=loss), float), (
        "expected evaluate without metrics to stay a float")


def test_accuracy_counts_by_hand():
    y_true = np.array([[0.0], [1.0], [1.0], [0.0]])
    y_pred = np.array([[0.2], [0.7], [0.4], [0.5]])
    assert nn.metrics.accuracy(y_true, y_pred) == 0.5
    one_hot = np.eye(3)[[0, 2, 1]]
    scores = np.array([[0.8, 0.1, 0.1], [0.2, 0.3, 0.5], [0.6, 0.3, 0.1]])
    assert nn.metrics.accuracy(one_hot, scores) == 2 / 3


def test_progress_shows_val_loss(capsys):
    fit(binary_model(), validation_data=(X_VAL, LABELS_VAL), verbose=2, epochs=2)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all("val_loss" in line for line in lines), f"got {lines}"


# -- early stopping -------------------------------------------------------------------------------

def overfitting_fit(callback, watch=None, epochs=40, verbose=0):
    """Validation targets the opposite of the training ones: val_loss rises from the start."""
    model = binary_model()
    history = model.fit(X, LABELS, loss=nn.BinaryCrossEntropy(), optimizer=nn.Adam(0.05),
                        epochs=epochs, batch_size=8, verbose=verbose,
                        validation_data=(X, 1 - LABELS),
                        callbacks=[callback] + ([watch] if watch else []))
    return model, history


def test_early_stopping_waits_patience_epochs_after_the_best():
    stop = nn.EarlyStopping(patience=3)
    model, history = overfitting_fit(stop)
    val = history.history["val_loss"]
    best = int(np.argmin(val)) + 1
    assert stop.best_epoch == best and stop.best == min(val), (
        f"expected the best epoch {best} ({min(val)}), got {stop.best_epoch} ({stop.best})")
    assert len(val) == best + 3 == stop.stopped_epoch, (
        f"expected training to stop 3 epochs after epoch {best}, ran {len(val)} epochs, "
        f"stopped_epoch {stop.stopped_epoch}")
    assert history.epoch == list(range(1, len(val) + 1))


def test_early_stopping_restores_the_best_weights():
    stop, watch = nn.EarlyStopping(patience=2, restore_best_weights=True), Watch()
    model, history = overfitting_fit(stop, watch)
    assert_weights_equal(model.get_weights(), watch.weights[stop.best_epoch - 1],
                         what=f"weights restored from the best epoch {stop.best_epoch}")
    without = nn.EarlyStopping(patience=2)
    model, _ = overfitting_fit(without, watch := Watch())
    assert_weights_equal(model.get_weights(), watch.weights[-1], what="not restored: the last")


def test_early_stopping_on_accuracy_looks_for_a_rise():
    stop = nn.EarlyStopping(monitor="accuracy", patience=100)
    model = binary_model()
    history = fit(model, metrics=["accuracy"], callbacks=[stop], epochs=12)
    accuracy = history.history["accuracy"]
    assert stop.best == max(accuracy) and stop.stopped_epoch == 0, (
        f"expected the highest accuracy {max(accuracy)} as best and no stop, got "
        f"{stop.best}, stopped at {stop.stopped_epoch}")


def test_training_without_improvement_stops_early_without_validation_data():
    stop = nn.EarlyStopping(monitor="loss", patience=0, min_delta=1e9)
    history = fit(binary_model(), callbacks=[stop], epochs=20)
    assert len(history.history["loss"]) == 2, (
        f"expected epoch 1 as best and a stop at epoch 2, got {len(history.history['loss'])}")


def test_verbose_shows_the_last_epoch_of_an_early_stop(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stdout", terminal)
    overfitting_fit(nn.EarlyStopping(patience=1), epochs=40, verbose=1)
    last = terminal.getvalue().split("\r")[-1]
    assert "/40" in last and last.endswith("\n"), f"expected a final line, got {last!r}"


# -- bad input, refused before anything changes ----------------------------------------------------

def fit_call(model, optimizer, **options):
    settings = dict(loss=nn.BinaryCrossEntropy(), optimizer=optimizer, epochs=2, verbose=0)
    return lambda: model.fit(X, LABELS, **{**settings, **options})


@pytest.mark.parametrize("validation_data, error, fragments", [
    ((X_VAL[:, :1], LABELS_VAL), ValueError, ["x_val", "2", "1"]),
    ((X_VAL, LABELS_VAL[:5]), ValueError, ["x_val and y_val", "10", "5"]),
    ((X_VAL, np.zeros((10, 2))), ValueError, ["y_val", "(10, 1)", "(10, 2)"]),
    ((X_VAL,), ValueError, ["validation_data", "pair"]),
    ((X_VAL, np.full((10, 1), np.nan)), ValueError, ["y_val must be finite"]),
], ids=["features", "lengths", "outputs", "not a pair", "nan"])
def test_bad_validation_data(validation_data, error, fragments):
    model, optimizer = binary_model(), nn.Adam(0.05)
    assert_refused(fit_call(model, optimizer, validation_data=validation_data), error,
                   fragments, model, optimizer=optimizer)


@pytest.mark.parametrize("metrics, error, fragments", [
    (["precision"], ValueError, ["'precision'", "accuracy"]),
    ("accuracy", TypeError, ["list"]),
    (["accuracy"], ValueError, ["0/1", "0.3"]),
], ids=["unknown", "not a list", "targets not 0/1"])
def test_bad_metrics(metrics, error, fragments):
    model, optimizer = binary_model(), nn.Adam(0.05)
    y = LABELS.copy()
    y[3] = 0.3
    call = (lambda: model.fit(X, y, loss=nn.MSE(), optimizer=optimizer, epochs=2, verbose=0,
                              metrics=metrics))
    assert_refused(call, error, fragments, model, optimizer=optimizer)


def test_early_stopping_on_what_fit_does_not_record():
    model, optimizer = binary_model(), nn.Adam(0.05)
    assert_refused(fit_call(model, optimizer, callbacks=[nn.EarlyStopping()]), ValueError,
                   ["'val_loss'", "validation_data"], model, optimizer=optimizer)


def test_callbacks_must_be_callbacks():
    model, optimizer = binary_model(), nn.Adam(0.05)
    assert_refused(fit_call(model, optimizer, callbacks=[print]), TypeError,
                   ["callbacks[0]", "nn.Callback"], model, optimizer=optimizer)


@pytest.mark.parametrize("options, fragment", [
    (dict(patience=-1), "patience"), (dict(patience=1.5), "patience"),
    (dict(min_delta=-0.1), "min_delta")])
def test_early_stopping_settings(options, fragment):
    with pytest.raises(ValueError, match=fragment):
        nn.EarlyStopping(**options)
