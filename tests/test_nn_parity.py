"""PyTorch parity in float64: the same weights, data and settings give the same numbers.

nn stores W as (out, in), like torch.nn.Linear.weight, so weights copy across unchanged.
"""

import numpy as np
import pytest

import nn
from nn_testing import assert_close

torch = pytest.importorskip("torch")
F = torch.nn.functional

RTOL, ATOL = 1e-12, 1e-12


def t(array, grad=False):
    return torch.tensor(np.asarray(array), dtype=torch.float64, requires_grad=grad)


def test_dense_forward_and_backward():
    rng = np.random.default_rng(0)
    layer = nn.Dense(4, 3)
    layer.build(4, rng)
    layer.params["bias"][...] = rng.standard_normal(3)
    x, upstream = rng.standard_normal((6, 4)), rng.standard_normal((6, 3))

    linear = torch.nn.Linear(4, 3).double()
    with torch.no_grad():
        linear.weight.copy_(t(layer.params["weights"]))
        linear.bias.copy_(t(layer.params["bias"]))
    tx = t(x, grad=True)
    ty = linear(tx)
    ty.backward(t(upstream))

    assert_close(layer.forward(x), ty.detach().numpy(), what="Dense forward vs torch",
                 rtol=RTOL, atol=ATOL)
    dx = layer.backward(upstream)
    assert_close(dx, tx.grad.numpy(), what="dE/dX vs torch", rtol=RTOL, atol=ATOL)
    assert_close(layer.grads["weights"], linear.weight.grad.numpy(), what="dE/dW vs torch",
                 rtol=RTOL, atol=ATOL)
    assert_close(layer.grads["bias"], linear.bias.grad.numpy(), what="dE/dB vs torch",
                 rtol=RTOL, atol=ATOL)


ACTIVATIONS = {
    "Tanh": (nn.Tanh, torch.tanh),
    "Sigmoid": (nn.Sigmoid, torch.sigmoid),
    "ReLU": (nn.ReLU, torch.relu),
    "Softmax": (nn.Softmax, lambda x: torch.softmax(x, dim=1)),
    "Activation(tanh, 1 - tanh^2)": (
        lambda: nn.Activation(np.tanh, lambda x: 1 - np.tanh(x) ** 2), torch.tanh),
}


@pytest.mark.parametrize("name", ACTIVATIONS)
@pytest.mark.parametrize("scale", [1.0, 30.0], ids=["small", "large"])
def test_activation_forward_and_backward(name, scale):
    make, torch_f = ACTIVATIONS[name]
    rng = np.random.default_rng(1)
    x = rng.standard_normal((5, 4)) * scale
    x[np.abs(x) < 0.01] = 0.5                      # ReLU: away from its kink at 0
    upstream = rng.standard_normal((5, 4))
    layer = make()
    tx = t(x, grad=True)
    ty = torch_f(tx)
    ty.backward(t(upstream))
    assert_close(layer.forward(x), ty.detach().numpy(), what=f"{name} forward vs torch",
                 rtol=RTOL, atol=ATOL)
    assert_close(layer.backward(upstream), tx.grad.numpy(), what=f"{name} dE/dX vs torch",
                 rtol=1e-10, atol=ATOL)


def test_softmax_with_huge_logits_matches_torch():
    x = np.array([[1000.0, 1001.0, 999.0], [-800.0, 0.0, 800.0]])
    assert_close(nn.Softmax().forward(x), torch.softmax(t(x), dim=1).numpy(),
                 what="softmax of huge logits vs torch", rtol=RTOL, atol=ATOL)


def losses():
    rng = np.random.default_rng(2)
    logits = rng.standard_normal((6, 4))
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    labels = rng.integers(0, 4, 6)
    return {
        "MSE": (nn.MSE(), rng.standard_normal((6, 3)), rng.standard_normal((6, 3)),
                lambda y, p: F.mse_loss(p, y)),
        "BinaryCrossEntropy": (
            nn.BinaryCrossEntropy(), rng.integers(0, 2, (6, 3)).astype(float),
            rng.uniform(0.02, 0.98, (6, 3)), lambda y, p: F.binary_cross_entropy(p, y)),
        "CategoricalCrossEntropy": (
            nn.CategoricalCrossEntropy(), np.eye(4)[labels], probabilities,
            lambda y, p: F.nll_loss(torch.log(p), torch.tensor(labels))),
        "CategoricalCrossEntropy, soft targets": (
            nn.CategoricalCrossEntropy(), probabilities[::-1].copy(), probabilities,
            lambda y, p: -(y * torch.log(p)).sum(dim=1).mean()),
    }


@pytest.mark.parametrize("name", list(losses()))
def test_loss_value_and_gradient(name):
    loss, y_true, y_pred, torch_loss = losses()[name]
    tp = t(y_pred, grad=True)
    value = torch_loss(t(y_true), tp)
    value.backward()
    got = loss(y_true, y_pred)
    assert isinstance(got, float), f"{name}: expected a float, got {type(got).__name__}"
    assert_close(got, value.item(), what=f"{name} value vs torch", rtol=RTOL, atol=ATOL)
    assert_close(loss.gradient(y_true, y_pred), tp.grad.numpy(),
                 what=f"{name} gradient vs torch", rtol=1e-10, atol=ATOL)


# -- optimizers over many steps ------------------------------------------------------------

OPTIMIZERS = {
    "SGD": (lambda: nn.SGD(learning_rate=0.1),
            lambda params: torch.optim.SGD(params, lr=0.1)),
    "SGD momentum": (lambda: nn.SGD(learning_rate=0.05, momentum=0.9),
                     lambda params: torch.optim.SGD(params, lr=0.05, momentum=0.9)),
    "Adam": (lambda: nn.Adam(learning_rate=0.01),
             lambda params: torch.optim.Adam(params, lr=0.01)),
    "Adam custom": (
        lambda: nn.Adam(learning_rate=0.02, beta_1=0.8, beta_2=0.99, epsilon=1e-6),
        lambda params: torch.optim.Adam(params, lr=0.02, betas=(0.8, 0.99), eps=1e-6)),
}

STEPS_DATA = 12        # samples; batches of 4 without shuffling: 3 steps per epoch
EPOCHS = 20            # 60 optimizer steps


def torch_twin(model):
    """The same MLP in torch, weights copied."""
    modules = []
    for layer in model.layers:
        if isinstance(layer, nn.Dense):
            out_features, in_features = layer.params["weights"].shape
            linear = torch.nn.Linear(in_features, out_features).double()
            with torch.no_grad():
                linear.weight.copy_(t(layer.params["weights"]))
                linear.bias.copy_(t(layer.params["bias"]))
            modules.append(linear)
        else:
            modules.append({nn.Tanh: torch.nn.Tanh, nn.ReLU: torch.nn.ReLU,
                            nn.Sigmoid: torch.nn.Sigmoid}[type(layer)]())
    return torch.nn.Sequential(*modules)


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_optimizer_trains_like_torch(name):
    make_nn, make_torch = OPTIMIZERS[name]
    rng = np.random.default_rng(3)
    x, y = rng.standard_normal((STEPS_DATA, 3)), rng.standard_normal((STEPS_DATA, 2))
    model = nn.Sequential([nn.Dense(3, 8), nn.Tanh(), nn.Dense(8, 6), nn.ReLU(), nn.Dense(2)],
                          seed=0).build(3)
    twin = torch_twin(model)
    optimizer = make_torch(twin.parameters())
    torch_losses = []
    for _ in range(EPOCHS):
        epoch_loss = 0.0
        for start in range(0, STEPS_DATA, 4):
            optimizer.zero_grad()
            loss = F.mse_loss(twin(t(x[start:start + 4])), t(y[start:start + 4]))
            loss.backward()
            optimizer.step()
            epoch_loss += loss.item() * 4
        torch_losses.append(epoch_loss / STEPS_DATA)

    history = model.fit(x, y, loss=nn.MSE(), optimizer=make_nn(), epochs=EPOCHS, batch_size=4,
                        shuffle=False, verbose=0)

    assert_close(history.history["loss"], torch_losses, what=f"{name}: loss per epoch vs torch",
                 rtol=1e-9, atol=1e-12)
    dense = [layer for layer in model.layers if isinstance(layer, nn.Dense)]
    linears = [m for m in twin if isinstance(m, torch.nn.Linear)]
    for index, (layer, linear) in enumerate(zip(dense, linears)):
        assert_close(layer.params["weights"], linear.weight.detach().numpy(),
                     what=f"{name}: W of Dense {index} after {EPOCHS * 3} steps vs torch",
                     rtol=1e-9, atol=1e-12)
        assert_close(layer.params["bias"], linear.bias.detach().numpy(),
                     what=f"{name}: B of Dense {index} after {EPOCHS * 3} steps vs torch",
                     rtol=1e-9, atol=1e-12)
