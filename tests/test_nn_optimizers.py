"""The optimizers' update rules, checked with numpy alone (the PyTorch parity tests skip
without torch): steps computed by hand, from the published rules."""

import math

import numpy as np
import pytest

import nn
from nn_testing import assert_close


class Holder(nn.Layer):
    """A layer that only holds one parameter and its gradient, for optimizer steps."""

    def __init__(self, value):
        super().__init__()
        self.params = {"w": np.array(value, dtype=float)}
        self.grads = {"w": np.zeros_like(self.params["w"])}


def steps(optimizer, start, gradients):
    """The parameter after each step, the gradients given in turn."""
    layer, seen = Holder(start), []
    for gradient in gradients:
        layer.grads["w"][...] = gradient
        optimizer.step([layer, nn.Tanh()])        # a layer without parameters is skipped
        seen.append(layer.params["w"].copy())
    return seen


def test_plain_sgd_by_hand():
    got = steps(nn.SGD(learning_rate=0.1), [1.0, -2.0], [[0.5, 1.0], [0.25, -1.0]])
    assert_close(got[0], [0.95, -2.1], what="SGD step 1: w - 0.1 g", rtol=0, atol=1e-15)
    assert_close(got[1], [0.925, -2.0], what="SGD step 2", rtol=0, atol=1e-15)


def test_sgd_momentum_by_hand():
    # v1 = g1 = 0.5;  w1 = 1 - 0.1 * 0.5 = 0.95
    # v2 = 0.9 * 0.5 + 0.25 = 0.7;  w2 = 0.95 - 0.1 * 0.7 = 0.88
    # v3 = 0.9 * 0.7 + (-1) = -0.37;  w3 = 0.88 + 0.037 = 0.917
    got = steps(nn.SGD(learning_rate=0.1, momentum=0.9), [1.0], [[0.5], [0.25], [-1.0]])
    for k, expected in enumerate([0.95, 0.88, 0.917]):
        assert_close(got[k], [expected], what=f"SGD momentum step {k + 1}", rtol=0, atol=1e-15)


def test_adam_first_step_moves_by_the_learning_rate():
    # m1 = 0.1 g, v1 = 0.001 g^2; corrected: m = g, v = g^2; step = lr g / (|g| + eps)
    got = steps(nn.Adam(learning_rate=0.01), [1.0, 1.0, 1.0], [[0.5, -3.0, 1e-3]])[0]
    expected = [1 - 0.01 * 0.5 / (0.5 + 1e-8), 1 + 0.01 * 3.0 / (3.0 + 1e-8),
                1 - 0.01 * 1e-3 / (1e-3 + 1e-8)]
    assert_close(got, expected, what="Adam step 1", rtol=0, atol=1e-15)


def test_adam_two_steps_by_hand():
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    w, g1, g2 = 2.0, 0.5, -1.5
    m = (1 - b1) * g1                               # step 1
    v = (1 - b2) * g1 ** 2
    w1 = w - lr * (m / (1 - b1)) / (math.sqrt(v / (1 - b2)) + eps)
    m = b1 * m + (1 - b1) * g2                      # step 2
    v = b2 * v + (1 - b2) * g2 ** 2
    w2 = w1 - lr * (m / (1 - b1 ** 2)) / (math.sqrt(v / (1 - b2 ** 2)) + eps)
    got = steps(nn.Adam(learning_rate=lr, beta_1=b1, beta_2=b2, epsilon=eps), [w], [[g1], [g2]])
    assert_close(got[0], [w1], what="Adam step 1", rtol=1e-14, atol=0)
    assert_close(got[1], [w2], what="Adam step 2", rtol=1e-14, atol=0)
    assert abs(w2 - 2.0) < 0.2, f"the hand computation itself: w2 = {w2}"


def test_optimizer_state_follows_each_parameter():
    optimizer = nn.SGD(learning_rate=1.0, momentum=0.5)
    a, b = Holder([0.0]), Holder([0.0])
    a.grads["w"][...] = 1.0
    b.grads["w"][...] = -1.0
    for _ in range(2):
        optimizer.step([a, b])
    # each has its own velocity: v = 1, then 1.5; w = -(1 + 1.5)
    assert_close(a.params["w"], [-2.5], what="a", rtol=0, atol=0)
    assert_close(b.params["w"], [2.5], what="b", rtol=0, atol=0)


@pytest.mark.parametrize("name", ["momentum", "beta_1", "beta_2"])
def test_fractions_must_be_in_zero_one(name):
    make = nn.SGD if name == "momentum" else nn.Adam
    with pytest.raises(ValueError, match=name):
        make(**{name: 1.0})
