"""Finite-difference checks in float64 for every loss and a whole network, and for
nn.gradcheck itself (it must agree with independent differences and catch a wrong gradient).

Every layer's own checks go through the harness in test_nn_layers.py.
"""

import numpy as np
import pytest

import nn
from nn_testing import GRAD_TOLERANCE, assert_gradient, numeric_gradient


def loss_inputs(name: str):
    """(y_true, y_pred) in the range each loss is meant for."""
    rng = np.random.default_rng(0)
    if name == "MSE":
        return rng.standard_normal((5, 3)), rng.standard_normal((5, 3))
    if name == "BinaryCrossEntropy":
        return (rng.integers(0, 2, (5, 3)).astype(float), rng.uniform(0.05, 0.95, (5, 3)))
    logits = rng.standard_normal((5, 4))
    y_pred = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return np.eye(4)[rng.integers(0, 4, 5)], y_pred


LOSSES = {"MSE": nn.MSE, "BinaryCrossEntropy": nn.BinaryCrossEntropy,
          "CategoricalCrossEntropy": nn.CategoricalCrossEntropy}


@pytest.mark.parametrize("name", LOSSES)
def test_loss_gradient_with_nn_gradcheck_loss(name):
    y_true, y_pred = loss_inputs(name)
    error = nn.gradcheck_loss(LOSSES[name](), y_true, y_pred)
    assert error < GRAD_TOLERANCE, f"{name}: expected relative error < {GRAD_TOLERANCE}, got {error}"


@pytest.mark.parametrize("name", LOSSES)
def test_loss_gradient_with_independent_differences(name):
    loss = LOSSES[name]()
    y_true, y_pred = loss_inputs(name)
    numeric = numeric_gradient(lambda: loss(y_true, y_pred), y_pred)
    assert_gradient(loss.gradient(y_true, y_pred), numeric, what=f"{name}.gradient")


def test_bce_with_soft_targets():
    rng = np.random.default_rng(1)
    y_true, y_pred = rng.uniform(0, 1, (4, 2)), rng.uniform(0.1, 0.9, (4, 2))
    loss = nn.BinaryCrossEntropy()
    assert_gradient(loss.gradient(y_true, y_pred),
                    numeric_gradient(lambda: loss(y_true, y_pred), y_pred),
                    what="BinaryCrossEntropy.gradient, soft targets")


NETWORKS = {
    "tanh-sigmoid-softmax + CCE": (
        lambda: [nn.Dense(3, 5), nn.Tanh(), nn.Dense(4), nn.Sigmoid(), nn.Dense(4), nn.Softmax()],
        nn.CategoricalCrossEntropy),
    "relu + sigmoid + BCE": (
        lambda: [nn.Dense(3, 6), nn.ReLU(), nn.Dense(2), nn.Sigmoid()], nn.BinaryCrossEntropy),
    "video's tanh net + MSE": (
        lambda: [nn.Dense(3, 3, initializer="standard_normal"), nn.Tanh(), nn.Dense(3, 2),
                 nn.Tanh()], nn.MSE),
}


def network_case(name):
    make_layers, make_loss = NETWORKS[name]
    model = nn.Sequential(make_layers(), seed=0).build(3)
    y, _ = loss_inputs(make_loss.__name__)                  # targets suited to the loss
    x = np.random.default_rng(5).standard_normal((len(y), 3))
    return model, x, y[:, :model.out_features], make_loss()


@pytest.mark.parametrize("name", NETWORKS)
def test_whole_network_with_nn_gradcheck(name):
    model, x, y, loss = network_case(name)
    errors = nn.gradcheck(model, x, y=y, loss=loss)
    expected_keys = 1 + sum(len(layer.params) for layer in model.layers)
    assert len(errors) == expected_keys, (
        f"{name}: expected {expected_keys} checked gradients, got {sorted(errors)}")
    bad = {key: value for key, value in errors.items() if not value < GRAD_TOLERANCE}
    assert not bad, f"{name}: expected relative errors < {GRAD_TOLERANCE}, got {bad}"


@pytest.mark.parametrize("name", NETWORKS)
def test_whole_network_with_independent_differences(name):
    model, x, y, loss = network_case(name)
    energy = lambda: loss(y, model.forward(x))  # noqa: E731
    dx = model.backward(loss.gradient(y, model.forward(x)))
    grads = [{key: value.copy() for key, value in layer.grads.items()} for layer in model.layers]
    assert_gradient(dx, numeric_gradient(energy, x), what=f"{name} dE/dX")
    for index, layer in enumerate(model.layers):
        for key, param in layer.params.items():
            assert_gradient(grads[index][key], numeric_gradient(energy, param),
                            what=f"{name} layers[{index}].{key}")


# -- nn.gradcheck can fail ----------------------------------------------------------------

class WrongWeightsGradient(nn.Dense):
    def backward(self, output_gradient):
        dx = super().backward(output_gradient)
        self.grads["weights"] = self.grads["weights"] * 1.01
        return dx


class WrongInputGradient(nn.Dense):
    def backward(self, output_gradient):
        super().backward(output_gradient)
        return output_gradient @ (self.params["weights"] - 0.01)   # not the forward's W


@pytest.mark.parametrize("broken, key", [(WrongWeightsGradient, "layers[0].weights"),
                                         (WrongInputGradient, "dE/dX")])
def test_gradcheck_catches_a_wrong_gradient(broken, key):
    errors = nn.gradcheck(broken(3, 2), np.random.default_rng(0).standard_normal((4, 3)))
    assert errors[key] > 1e-3, f"expected nn.gradcheck to report {key} wrong, got {errors}"


def test_gradcheck_loss_catches_a_wrong_gradient():
    class HalfGradientMSE(nn.MSE):
        def gradient(self, y_true, y_pred):
            return super().gradient(y_true, y_pred) / 2

    y_true, y_pred = loss_inputs("MSE")
    error = nn.gradcheck_loss(HalfGradientMSE(), y_true, y_pred)
    assert error > 0.1, f"expected gradcheck_loss to catch a halved gradient, got error {error}"


def test_gradcheck_leaves_parameters_as_they_were():
    layer = nn.Dense(3, 2)
    layer.build(3, np.random.default_rng(0))
    before = {key: value.copy() for key, value in layer.params.items()}
    nn.gradcheck(layer, np.ones((2, 3)))
    for key, value in before.items():
        assert np.array_equal(layer.params[key], value), (
            f"expected params[{key!r}] unchanged by gradcheck, got\n{layer.params[key]}")


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_bce_gradient_is_finite_at_predictions_of_exactly_0_and_1(dtype):
    y_true = np.array([[0.0, 1.0, 0.0, 1.0]], dtype=dtype)
    y_pred = np.array([[0.0, 1.0, 1.0, 0.0]], dtype=dtype)      # right, right, wrong, wrong
    loss = nn.BinaryCrossEntropy()
    gradient = loss.gradient(y_true, y_pred)
    assert np.isfinite(gradient).all() and np.isfinite(loss(y_true, y_pred)), (
        f"expected a finite loss and gradient at 0 and 1, got {loss(y_true, y_pred)}, "
        f"{gradient}")
    assert gradient.dtype == dtype, f"expected a {np.dtype(dtype)} gradient, got {gradient.dtype}"
    assert (np.sign(gradient) == [[1, -1, 1, -1]]).all(), (
        f"expected each gradient to push the prediction toward its target, got {gradient}")


def test_a_float32_sigmoid_that_saturates_trains_with_bce():
    """float32 sigmoid reaches exactly 1.0 from x = 17: the step stays finite."""
    assert nn.Sigmoid().forward(np.array([[20.0]], dtype=np.float32))[0, 0] == 1.0
    model = nn.Sequential([nn.Dense(1, 1), nn.Sigmoid()], seed=0).astype(np.float32)
    model.layers[0].params["weights"][...] = 20.0
    x, y = np.ones((2, 1), np.float32), np.array([[0.0], [1.0]], np.float32)
    model.train_step(x, y, nn.BinaryCrossEntropy(), nn.SGD(0.1))
    grads = model.layers[0].grads
    assert all(np.isfinite(g).all() for g in grads.values()), f"got grads {grads}"
    assert np.isfinite(model.layers[0].params["weights"]).all()
