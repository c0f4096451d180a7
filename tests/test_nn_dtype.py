"""dtypes: float64 by default; float32 data trains in float32 end to end, no silent upcast."""

import numpy as np
import pytest

import nn
from nn_testing import Float32Only, guard_float32

OPTIMIZERS = {"SGD": lambda: nn.SGD(0.05), "SGD momentum": lambda: nn.SGD(0.05, momentum=0.9),
              "Adam": lambda: nn.Adam(0.01)}
LOSSES = {"MSE": (nn.MSE, nn.Tanh), "BinaryCrossEntropy": (nn.BinaryCrossEntropy, nn.Sigmoid),
          "CategoricalCrossEntropy": (nn.CategoricalCrossEntropy, nn.Softmax)}


def data(dtype, outputs=3):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((12, 4)).astype(dtype)
    y = np.eye(outputs)[rng.integers(0, outputs, 12)].astype(dtype)
    return x, y


def model_for(output_activation):
    return nn.Sequential([nn.Dense(4, 6), nn.ReLU(), nn.Dense(5), nn.Tanh(), nn.Dense(3),
                          output_activation()], seed=0)


def dtypes_in(model, optimizer):
    """Every array the model and optimizer hold, by name."""
    found = {}
    for index, layer in enumerate(model.layers):
        for key, value in layer.params.items():
            found[f"layers[{index}].params[{key!r}]"] = value.dtype
        for key, value in layer.grads.items():
            found[f"layers[{index}].grads[{key!r}]"] = value.dtype
        for name in ("input", "output"):
            if getattr(layer, name, None) is not None:
                found[f"layers[{index}].{name}"] = getattr(layer, name).dtype
    for number, (_, *slots) in enumerate(optimizer.state.values()):
        for slot_index, slot in enumerate(slots):
            found[f"optimizer slot {number}.{slot_index}"] = slot.dtype
    return found


@pytest.mark.parametrize("optimizer_name", OPTIMIZERS)
@pytest.mark.parametrize("loss_name", LOSSES)
def test_float32_data_trains_in_float32_end_to_end(optimizer_name, loss_name):
    make_loss, activation = LOSSES[loss_name]
    model, optimizer = model_for(activation), OPTIMIZERS[optimizer_name]()
    x, y = data(np.float32)
    history = model.fit(x, y, loss=make_loss(), optimizer=optimizer, epochs=3, batch_size=5,
                        verbose=0)
    prediction = model.predict(x)
    wrong = {name: dtype for name, dtype in dtypes_in(model, optimizer).items()
             if dtype != np.float32}
    assert not wrong, f"expected float32 everywhere, got {wrong}"
    assert model.dtype == np.float32, f"expected model.dtype float32, got {model.dtype}"
    assert prediction.dtype == np.float32, f"expected float32 predictions, got {prediction.dtype}"
    if optimizer_name != "SGD":
        assert optimizer.state, "expected the optimizer to hold state after training"
    assert all(np.isfinite(history.history["loss"])), f"got losses {history.history['loss']}"


@pytest.mark.parametrize("optimizer_name", OPTIMIZERS)
@pytest.mark.parametrize("loss_name", LOSSES)
def test_no_operation_on_float32_data_upcasts(optimizer_name, loss_name):
    """Every numpy operation of a training step on float32 data returns float32."""
    make_loss, activation = LOSSES[loss_name]
    model, optimizer, loss = model_for(activation), OPTIMIZERS[optimizer_name](), make_loss()
    x, y = data(np.float32)
    model.predict(x[:1])                         # builds the model in float32
    guard_float32(model)
    for start in (0, 5, 10, 0):
        model.train_step(x[start:start + 5], y[start:start + 5], loss, optimizer)
    assert isinstance(model.layers[0].params["weights"], Float32Only), (
        "expected the guarded parameters to stay guarded (updated in place)")


def test_the_float32_guard_catches_an_upcast():
    guarded = np.ones(3, dtype=np.float32).view(Float32Only)
    with pytest.raises(AssertionError, match="silent upcast"):
        guarded / np.float64(2.0)


@pytest.mark.parametrize("data_dtype", [np.float64, np.int64, bool])
def test_default_is_float64(data_dtype):
    model, optimizer = model_for(nn.Softmax), nn.Adam(0.01)
    x, y = data(np.float64)
    model.fit((x > 0).astype(data_dtype), y.astype(data_dtype), loss=nn.CategoricalCrossEntropy(),
              optimizer=optimizer, epochs=2, verbose=0)
    wrong = {name: dtype for name, dtype in dtypes_in(model, optimizer).items()
             if dtype != np.float64}
    assert not wrong, f"expected float64 everywhere, got {wrong}"
    assert nn.Sequential([nn.Dense(2, 1)]).build(2).layers[0].params["weights"].dtype == \
        np.float64, "expected a model built without data to be float64"


def test_float64_model_given_float32_data_trains_in_float32():
    model = model_for(nn.Softmax).build(4)
    x, y = data(np.float32)
    model.fit(x, y, loss=nn.CategoricalCrossEntropy(), optimizer=nn.SGD(0.1), epochs=1, verbose=0)
    got = model.layers[0].params["weights"].dtype
    assert got == np.float32, f"expected fit on float32 data to train in float32, got {got}"


def test_float32_model_predicts_float64_data_in_float32():
    model = model_for(nn.Softmax)
    model.predict(data(np.float32)[0])
    got = model.predict(data(np.float64)[0]).dtype
    assert got == np.float32, f"expected a float32 model to compute in float32, got {got}"


@pytest.mark.parametrize("loss_name", LOSSES)
def test_losses_keep_float32(loss_name):
    loss = LOSSES[loss_name][0]()
    y_true, _ = data(np.float32)
    y_pred = np.full_like(y_true, 0.3)
    value, gradient = loss(y_true, y_pred), loss.gradient(y_true, y_pred)
    assert isinstance(value, float), f"expected a Python float, got {type(value).__name__}"
    assert gradient.dtype == np.float32, f"expected a float32 gradient, got {gradient.dtype}"
    assert np.isfinite(loss(y_true, np.clip(y_true, 0, 1))), (
        "expected a finite loss at perfectly confident predictions in float32")
