"""Behaviour: XOR converges across seeds, digits reaches its accuracy, seeds are reproducible,
the default initialisations are the stated ones, and the examples run."""

import re
import subprocess
import sys

import numpy as np
import pytest

import nn
from nn_testing import ROOT, assert_weights_equal, load_example

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
XOR_Y = np.array([[0], [1], [1], [0]], dtype=float)


def train_xor(seed: int, epochs: int = 2000) -> tuple[nn.Sequential, float]:
    model = nn.Sequential([nn.Dense(2, 3), nn.Tanh(), nn.Dense(3, 1), nn.Tanh()], seed=seed)
    model.fit(XOR_X, XOR_Y, loss=nn.MSE(), optimizer=nn.SGD(learning_rate=0.1),
              epochs=epochs, batch_size=1, verbose=0)
    return model, model.evaluate(XOR_X, XOR_Y, loss=nn.MSE())


def test_xor_converges_for_at_least_19_of_20_seeds():
    losses = {seed: train_xor(seed)[1] for seed in range(20)}
    failed = {seed: round(loss, 4) for seed, loss in losses.items() if not loss < 0.01}
    assert len(failed) <= 1, (
        f"expected MSE < 0.01 after 2000 epochs for at least 19 of 20 seeds, got "
        f"{20 - len(failed)}; seeds that did not converge (final MSE): {failed}")


def test_digits_reaches_96_percent_test_accuracy():
    digits = load_example("digits")
    model, accuracy = digits.train(seed=0)
    assert accuracy >= 0.96, f"expected test accuracy >= 0.96 on digits, got {accuracy:.4f}"


def test_digits_example_prints_its_accuracy(capsys):
    load_example("digits").main()
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith("test accuracy:")]
    assert len(lines) == 1, f"expected one 'test accuracy: ...' line, got output:\n{out}"
    accuracy = float(lines[0].split(":")[1])
    assert accuracy >= 0.96, f"expected a printed accuracy >= 0.96, got {accuracy}"


XOR_EXAMPLE = ROOT / "examples" / "xor.py"


def printed_xor_predictions(stdout: str) -> list[float]:
    """The four predictions, in the order of the truth table, from the example's output.

    Either lines "x1 x2 ... prediction" (any brackets or arrows) for the four inputs, or,
    failing that, the last four numbers printed (such as a printed (4, 1) array).
    """
    rows = []
    for line in stdout.splitlines():
        rows.append([float(n) for n in re.findall(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?",
                                                  line, flags=re.IGNORECASE)])
    by_input = {(r[0], r[1]): r[-1] for r in rows if len(r) >= 3 and {r[0], r[1]} <= {0.0, 1.0}}
    table = [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)]
    if all(pair in by_input for pair in table):
        return [by_input[pair] for pair in table]
    return [number for r in rows for number in r][-4:]


# examples/xor.py is another engineer's file and lands separately: until then this skips.
@pytest.mark.skipif(not XOR_EXAMPLE.exists(), reason="examples/xor.py has not landed yet")
def test_xor_example_prints_predictions_close_to_xor():
    result = subprocess.run([sys.executable, str(XOR_EXAMPLE)], capture_output=True, text=True,
                            timeout=120, cwd=ROOT)
    assert result.returncode == 0, (
        f"expected examples/xor.py to exit 0, got {result.returncode}\n{result.stderr}")
    predictions = printed_xor_predictions(result.stdout)
    assert len(predictions) == 4 and np.allclose(predictions, [0, 1, 1, 0], atol=0.2), (
        f"expected printed predictions close to XOR [0, 1, 1, 0], got {predictions} from:\n"
        f"{result.stdout}")


def test_reading_printed_xor_predictions():
    """The reader above understands the usual ways of printing them."""
    as_pairs = "epoch 1000 loss 0.001\n[0. 0.] -> 0.012\n[0. 1.] -> 0.981\n" \
               "[1. 0.] -> 0.979\n[1. 1.] -> -0.02\n"
    as_array = "loss 0.001\n[[ 0.012]\n [ 0.981]\n [ 0.979]\n [-0.02 ]]\n"
    for text in (as_pairs, as_array):
        got = printed_xor_predictions(text)
        assert got == [0.012, 0.981, 0.979, -0.02], f"expected the four predictions, got {got}"


# -- reproducibility ----------------------------------------------------------------------

def short_run(seed):
    rng = np.random.default_rng(7)
    x, y = rng.standard_normal((20, 3)), rng.standard_normal((20, 2))
    model = nn.Sequential([nn.Dense(3, 5), nn.Tanh(), nn.Dense(2)], seed=seed)
    history = model.fit(x, y, loss=nn.MSE(), optimizer=nn.Adam(0.01), epochs=15, batch_size=3,
                        verbose=0)                       # shuffled: the seed orders batches too
    return model.get_weights(), history.history["loss"]


def test_same_seed_gives_bit_identical_training():
    weights_a, losses_a = short_run(seed=11)
    weights_b, losses_b = short_run(seed=11)
    assert losses_a == losses_b, f"expected identical losses, got\n{losses_a}\n{losses_b}"
    assert_weights_equal(weights_b, weights_a, what="same seed, second run")


def test_different_seeds_give_different_training():
    weights_a, losses_a = short_run(seed=11)
    weights_b, losses_b = short_run(seed=12)
    assert not np.array_equal(weights_a[0]["weights"], weights_b[0]["weights"]), (
        "expected seeds 11 and 12 to draw different initial weights, got the same")
    assert losses_a != losses_b, "expected seeds 11 and 12 to give different losses, got the same"


def test_same_seed_shuffles_the_same_with_equal_initial_weights():
    """The seed also drives the shuffling: equal start, same seed => same batches."""
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((9, 2)), rng.standard_normal((9, 1))
    runs = []
    for _ in range(2):
        model = nn.Sequential([nn.Dense(2, 1)], seed=3)
        runs.append(model.fit(x, y, loss=nn.MSE(), optimizer=nn.SGD(0.1), epochs=5,
                              batch_size=2, verbose=0).history["loss"])
    assert runs[0] == runs[1], f"expected identical shuffled runs, got {runs}"


# -- initialisation -------------------------------------------------------------------------

def built(layers, in_features, seed=0):
    return nn.Sequential(layers, seed=seed).build(in_features)


@pytest.mark.parametrize("activation", [nn.Tanh, nn.Sigmoid, None],
                         ids=["before Tanh", "before Sigmoid", "last layer"])
def test_default_is_glorot_before_tanh_and_sigmoid(activation):
    layers = [nn.Dense(400, 300)] + ([activation()] if activation else [])
    dense = built(layers, 400).layers[0]
    assert dense.initializer == "glorot_uniform", (
        f"expected 'glorot_uniform', got {dense.initializer!r}")
    W = dense.params["weights"]
    limit = np.sqrt(6 / (400 + 300))
    assert np.abs(W).max() <= limit, f"expected |w| <= {limit:.4f}, got {np.abs(W).max():.4f}"
    expected_std = np.sqrt(2 / (400 + 300))
    assert abs(W.std() / expected_std - 1) < 0.03, (
        f"expected std {expected_std:.4f} (Glorot), got {W.std():.4f}")
    assert not dense.params["bias"].any(), f"expected zero biases, got {dense.params['bias'][:5]}"


def test_default_is_he_before_relu():
    dense = built([nn.Dense(400, 300), nn.ReLU()], 400).layers[0]
    assert dense.initializer == "he_normal", f"expected 'he_normal', got {dense.initializer!r}"
    expected_std = np.sqrt(2 / 400)
    W = dense.params["weights"]
    assert abs(W.std() / expected_std - 1) < 0.03, (
        f"expected std {expected_std:.4f} (He), got {W.std():.4f}")
    assert abs(W.mean()) < 0.003, f"expected mean near 0, got {W.mean():.4f}"
    assert not dense.params["bias"].any(), f"expected zero biases, got {dense.params['bias'][:5]}"


def test_standard_normal_by_name_is_the_videos_choice():
    dense = built([nn.Dense(400, 300, initializer="standard_normal"), nn.ReLU()], 400).layers[0]
    assert dense.initializer == "standard_normal", (
        f"expected the named initializer to be kept, got {dense.initializer!r}")
    W, B = dense.params["weights"], dense.params["bias"]
    assert abs(W.std() - 1) < 0.02 and abs(W.mean()) < 0.01, (
        f"expected W ~ N(0, 1), got mean {W.mean():.4f}, std {W.std():.4f}")
    assert abs(B.std() - 1) < 0.15, f"expected B ~ N(0, 1) as in the video, got std {B.std():.3f}"


def test_unknown_initializer_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="glorot_uniform") as error:
        nn.Dense(3, initializer="glorot")
    assert "'glorot'" in str(error.value), f"expected the bad name in {str(error.value)!r}"


def test_initial_weights_come_from_the_model_seed():
    a = built([nn.Dense(4, 3), nn.Tanh(), nn.Dense(2)], 4, seed=5).get_weights()
    b = built([nn.Dense(4, 3), nn.Tanh(), nn.Dense(2)], 4, seed=5).get_weights()
    assert_weights_equal(b, a, what="two models built with seed 5")


@pytest.mark.parametrize("name, expected_std, uniform", [
    ("he_uniform", np.sqrt(2 / 400), True),
    ("he_normal", np.sqrt(2 / 400), False),
    ("glorot_uniform", np.sqrt(2 / (400 + 300)), True),
    ("glorot_normal", np.sqrt(2 / (400 + 300)), False),
])
def test_every_named_initializer_has_its_variance(name, expected_std, uniform):
    """W of shape (out, in) = (300, 400): fan_in 400, fan_out 300."""
    dense = nn.Dense(400, 300, initializer=name, rng=np.random.default_rng(0))
    W = dense.params["weights"]
    assert abs(W.std() / expected_std - 1) < 0.02, (
        f"{name}: expected std {expected_std:.5f}, got {W.std():.5f}")
    assert abs(W.mean()) < 0.05 * expected_std, f"{name}: expected mean near 0, got {W.mean()}"
    limit = np.sqrt(3) * expected_std                 # a uniform's half-width
    if uniform:
        assert np.abs(W).max() <= limit and np.abs(W).max() > 0.99 * limit, (
            f"{name}: expected |w| up to {limit:.5f}, got {np.abs(W).max():.5f}")
    else:
        assert np.abs(W).max() > 1.5 * limit, (
            f"{name}: expected a normal's tails beyond {limit:.5f}, got {np.abs(W).max():.5f}")
    assert not dense.params["bias"].any(), f"{name}: expected zero biases"
    assert nn.Sequential([dense], seed=1).layers[0].initializer == name, (
        "expected a chosen initializer kept inside a Sequential")
