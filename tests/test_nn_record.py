"""Recording (what the scenes read): one step equals a forward/backward written out by hand
from the video's formulas; plain SGD moves parameters by exactly -lr * grads; a run's
snapshots equal the training they describe."""

import numpy as np
import pytest

import nn
from nn_testing import assert_close, assert_weights_equal, weights_of

RNG = np.random.default_rng(0)
X, Y = RNG.standard_normal((5, 3)), RNG.uniform(0, 1, (5, 2))
LR = 0.1


def small_model(seed=0):
    return nn.Sequential([nn.Dense(3, 4), nn.Tanh(), nn.Dense(4, 2), nn.Sigmoid()],
                         seed=seed).build(3)


def by_hand(weights, x, y):
    """The step written out from the video's formulas, one row per sample."""
    W1, B1 = weights[0]["weights"], weights[0]["bias"]
    W2, B2 = weights[2]["weights"], weights[2]["bias"]
    z1 = x @ W1.T + B1                       # Y = W X + B
    a1 = np.tanh(z1)
    z2 = a1 @ W2.T + B2
    a2 = 1 / (1 + np.exp(-z2))
    E = np.mean((y - a2) ** 2)
    g4 = 2 * (a2 - y) / a2.size              # dE/dY of MSE
    g3 = g4 * a2 * (1 - a2)                  # sigmoid'
    g2 = g3 @ W2                             # dE/dX = W^T dE/dY
    g1 = g2 * (1 - a1 ** 2)                  # tanh'
    g0 = g1 @ W1
    return {
        "y_pred": a2, "loss": E, "loss_gradient": g4,
        "input": [x, z1, a1, z2], "output": [z1, a1, z2, a2],
        "output_gradient": [g1, g2, g3, g4], "input_gradient": [g0, g1, g2, g3],
        "grads": [{"weights": g1.T @ x, "bias": g1.sum(axis=0)}, {},   # dE/dW = dE/dY X^T
                  {"weights": g3.T @ a1, "bias": g3.sum(axis=0)}, {}],
    }


@pytest.fixture(scope="module")
def step():
    model = small_model()
    before = model.get_weights()
    record = nn.record_step(model, X, Y, loss=nn.MSE(), optimizer=nn.SGD(LR))
    return model, before, record


def test_step_record_of_the_model(step):
    model, before, record = step
    expected = by_hand(before, X, Y)
    assert_close(record.x, X, what="record.x")
    assert_close(record.y_true, Y, what="record.y_true")
    assert_close(record.y_pred, expected["y_pred"], what="record.y_pred")
    assert_close(record.loss, expected["loss"], what="record.loss")
    assert isinstance(record.loss, float), f"expected a float loss, got {type(record.loss)}"
    assert_close(record.loss_gradient, expected["loss_gradient"], what="record.loss_gradient")


@pytest.mark.parametrize("field", ["input", "output", "output_gradient", "input_gradient"])
def test_layer_records_equal_the_hand_computation(step, field):
    model, before, record = step
    expected = by_hand(before, X, Y)[field]
    assert [layer.kind for layer in record.layers] == ["Dense", "Tanh", "Dense", "Sigmoid"], (
        f"expected the four layers' kinds, got {[layer.kind for layer in record.layers]}")
    for index, layer in enumerate(record.layers):
        assert layer.index == index, f"expected index {index}, got {layer.index}"
        assert_close(getattr(layer, field), expected[index], what=f"layers[{index}].{field}")


def test_layer_record_grads_equal_the_hand_computation(step):
    model, before, record = step
    expected = by_hand(before, X, Y)["grads"]
    for index, layer in enumerate(record.layers):
        assert set(layer.grads) == set(expected[index]), (
            f"layers[{index}]: expected grads {sorted(expected[index])}, got {sorted(layer.grads)}")
        for key, value in expected[index].items():
            assert_close(layer.grads[key], value, what=f"layers[{index}].grads[{key!r}]")


def test_params_before_are_the_forward_pass_params(step):
    model, before, record = step
    assert_weights_equal([layer.params_before for layer in record.layers], before,
                         what="params_before")


def test_plain_sgd_moves_params_by_exactly_minus_lr_times_grads(step):
    model, before, record = step
    for layer in record.layers:
        for key, value in layer.params_before.items():
            expected = value - LR * layer.grads[key]
            assert np.array_equal(layer.params_after[key], expected), (
                f"layers[{layer.index}].{key}: expected params_after = params_before - lr * "
                f"grads exactly, got a difference of "
                f"{np.abs(layer.params_after[key] - expected).max():.3g}")
    assert_weights_equal(model.get_weights(), [layer.params_after for layer in record.layers],
                         what="the model's params after the step vs params_after")


def test_records_are_copies_that_later_training_leaves_alone():
    model = small_model()
    record = nn.record_step(model, X, Y, loss=nn.MSE(), optimizer=nn.SGD(LR))
    saved = [{name: np.copy(getattr(layer, name)) for name in
              ("input", "output", "output_gradient", "input_gradient")} for layer in record.layers]
    saved_params = [{k: v.copy() for k, v in layer.params_after.items()}
                    for layer in record.layers]
    model.fit(X * 2, Y, loss=nn.MSE(), optimizer=nn.SGD(LR), epochs=3, verbose=0)
    for layer, arrays, params in zip(record.layers, saved, saved_params):
        for name, value in arrays.items():
            assert np.array_equal(getattr(layer, name), value), (
                f"layers[{layer.index}].{name} changed when the model trained on")
        assert_weights_equal([layer.params_after], [params],
                             what=f"layers[{layer.index}].params_after after more training")


def test_record_step_with_adam_ends_at_the_models_params():
    model = small_model()
    record = nn.record_step(model, X, Y, loss=nn.MSE(), optimizer=nn.Adam(0.01))
    assert_weights_equal(model.get_weights(), [layer.params_after for layer in record.layers],
                         what="params_after with Adam")


def test_record_step_trains_like_train_step():
    recorded, plain = small_model(), small_model()
    record = nn.record_step(recorded, X, Y, loss=nn.MSE(), optimizer=nn.SGD(LR))
    loss = plain.train_step(X, Y, nn.MSE(), nn.SGD(LR))
    assert record.loss == loss, f"expected the loss of train_step {loss}, got {record.loss}"
    assert_weights_equal(recorded.get_weights(), plain.get_weights(),
                         what="record_step vs train_step")


def test_backward_never_changes_params():
    """Each layer's backward, called by hand before any optimizer step, leaves params alone."""
    model = small_model()
    before = weights_of(model)
    gradient = nn.MSE().gradient(Y, model.forward(X))
    for index in reversed(range(len(model.layers))):
        gradient = model.layers[index].backward(gradient)
        assert_weights_equal(weights_of(model), before,
                             what=f"params after layers[{index}].backward")


@pytest.mark.parametrize("bad_y, fragment", [
    (np.zeros(5), "reshape"), (np.zeros((4, 2)), "4"), (np.full((5, 2), np.nan), "finite"),
], ids=["1-D", "sample count", "nan"])
def test_record_step_refuses_bad_y_before_any_change(bad_y, fragment):
    for make in (lambda: nn.Sequential([nn.Dense(3, 4), nn.Tanh(), nn.Dense(4, 2),
                                         nn.Sigmoid()], seed=0),
                 lambda: nn.Sequential([nn.Dense(4), nn.Tanh(), nn.Dense(2)], seed=0)):
        model = make()
        built, before = model.built, weights_of(model)
        rng_state, optimizer = model.rng.bit_generator.state, nn.SGD(LR)
        with pytest.raises(ValueError, match=fragment):
            nn.record_step(model, X, bad_y, loss=nn.MSE(), optimizer=optimizer)
        assert model.built == built, f"expected built={built} after a refused record_step"
        assert_weights_equal(weights_of(model), before, what="params after a refused step")
        assert model.rng.bit_generator.state == rng_state, "expected the Generator untouched"
        assert not optimizer.state, "expected no optimizer state after a refused step"


# -- a run ----------------------------------------------------------------------------------

def run(snapshot_epochs, seed=0, epochs=10):
    model = nn.Sequential([nn.Dense(3, 4), nn.Tanh(), nn.Dense(2), nn.Sigmoid()], seed=seed)
    record = nn.record_run(model, X, Y, loss=nn.MSE(), optimizer=nn.SGD(LR), epochs=epochs,
                           snapshot_epochs=snapshot_epochs, batch_size=2)
    return model, record


def test_run_record_snapshots_at_the_chosen_epochs():
    model, record = run([0, 1, 5, 10])
    assert record.epochs == [0, 1, 5, 10], f"expected epochs [0, 1, 5, 10], got {record.epochs}"
    assert len(record.weights) == len(record.loss) == 4, (
        f"expected 4 snapshots, got {len(record.weights)} weights and {len(record.loss)} losses")
    assert len(record.history) == 10, f"expected 10 epochs of history, got {len(record.history)}"
    assert_weights_equal(record.weights[-1], model.get_weights(), what="snapshot at epoch 10")


def test_run_record_epoch_0_is_the_initial_model():
    model, record = run([0])
    initial = nn.Sequential([nn.Dense(3, 4), nn.Tanh(), nn.Dense(2), nn.Sigmoid()],
                            seed=0).build(3)
    assert_weights_equal(record.weights[0], initial.get_weights(), what="snapshot at epoch 0")


def test_run_record_losses_are_the_full_data_loss_of_each_snapshot():
    model, record = run([0, 3, 10])
    for k, epoch in enumerate(record.epochs):
        at = record.model_at(model, k)
        expected = nn.MSE()(Y, at.predict(X))
        assert_close(record.loss[k], expected, what=f"loss of the snapshot at epoch {epoch}")


def test_run_record_every_epoch_and_same_training_as_fit():
    model, record = run(None, epochs=6)
    assert record.epochs == list(range(7)), f"expected epochs 0..6, got {record.epochs}"
    plain = nn.Sequential([nn.Dense(3, 4), nn.Tanh(), nn.Dense(2), nn.Sigmoid()], seed=0)
    history = plain.fit(X, Y, loss=nn.MSE(), optimizer=nn.SGD(LR), epochs=6, batch_size=2,
                        verbose=0)
    assert record.history == history.history["loss"], (
        f"expected record_run to train exactly like fit, got {record.history} vs "
        f"{history.history['loss']}")
    assert_weights_equal(record.weights[-1], plain.get_weights(), what="record_run vs fit")
