"""Every layer goes through the same harness (tests/nn_testing.py), one property per test."""

import numpy as np
import pytest

import nn
from nn_testing import LAYER_CASES, LAYER_CHECKS, assert_close


@pytest.mark.parametrize("case", LAYER_CASES, ids=str)
@pytest.mark.parametrize("check", LAYER_CHECKS, ids=lambda check: check.__name__[6:])
def test_layer_contract(case, check):
    check(case)


def test_dense_is_the_videos_Y_equals_W_X_plus_B():
    layer = nn.Dense(2, 3)
    layer.build(2, np.random.default_rng(0))
    W = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])     # (out, in): entry w_ji
    B = np.array([0.5, -1.0, 2.0])
    layer.params["weights"][...] = W
    layer.params["bias"][...] = B
    X = np.array([[1.0, -1.0], [2.0, 0.5]])
    assert layer.params["weights"].shape == (3, 2), (
        f"expected W of shape (out, in) = (3, 2), got {layer.params['weights'].shape}")
    expected = np.stack([W @ X[0] + B, W @ X[1] + B])     # per sample, as a column
    assert_close(layer.forward(X), expected, what="Dense forward")


def test_dense_backward_is_the_videos_formulas():
    layer = nn.Dense(2, 3)
    layer.build(2, np.random.default_rng(0))
    W = layer.params["weights"].copy()
    X = np.array([[1.0, -1.0], [2.0, 0.5]])
    G = np.array([[0.1, 0.2, 0.3], [-0.4, 0.5, -0.6]])    # dE/dY, one row per sample
    layer.forward(X)
    dX = layer.backward(G)
    # summed over the batch: dE/dW = dE/dY X^T, dE/dB = dE/dY, dE/dX = W^T dE/dY
    assert_close(layer.grads["weights"], sum(np.outer(G[s], X[s]) for s in range(2)),
                 what="dE/dW")
    assert_close(layer.grads["bias"], G.sum(axis=0), what="dE/dB")
    assert_close(dX, np.stack([W.T @ G[s] for s in range(2)]), what="dE/dX")


def test_lazy_dense_infers_its_input_size_in_a_model():
    model = nn.Sequential([nn.Dense(2, 8), nn.Tanh(), nn.Dense(3)], seed=0)
    model.predict(np.zeros((1, 2)))
    shape = model.layers[2].params["weights"].shape
    assert shape == (3, 8), f"expected the lazy Dense(3) to build W of shape (3, 8), got {shape}"


def test_softmax_is_stable_for_large_logits():
    x = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])
    y = nn.Softmax().forward(x)
    shifted = np.exp([0.0, 1.0, 2.0]) / np.exp([0.0, 1.0, 2.0]).sum()
    assert np.isfinite(y).all(), f"expected finite probabilities, got {y}"
    assert_close(y[0], shifted, what="softmax of [1000, 1001, 1002]")
    assert_close(y[1], [0.0, 0.0, 1.0], what="softmax of [-1000, 0, 1000]")


def test_sigmoid_does_not_overflow():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = nn.Sigmoid().forward(np.array([[-1000.0, 0.0, 1000.0]]))
    assert_close(y, [[0.0, 0.5, 1.0]], what="sigmoid of [-1000, 0, 1000]")
