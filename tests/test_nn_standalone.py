"""Layers that work alone (issue 15): Dense(in, out) has its weights at once, Dense(out)
builds on its first forward, an unbuilt layer says so, the video's own loop trains, and a
Sequential's seed still decides every weight, bit for bit as before."""

import copy
import inspect
import pickle
import subprocess
import sys

import numpy as np
import pytest

import nn
from nn_testing import ROOT, assert_close, assert_weights_equal, load_example, weights_of

XOR_LAYERS = lambda: [nn.Dense(2, 3), nn.Tanh(), nn.Dense(3, 1), nn.Tanh()]  # noqa: E731
XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
XOR_Y = np.array([[0], [1], [1], [0]], dtype=float)

# Sequential(XOR_LAYERS(), seed=0) before issue 15, and after 300 epochs of
# fit(SGD(0.1), batch_size=1): the seed must still decide these, bit for bit.
SEED_0_WEIGHTS = [
    {"weights": [[0.30006802263971943, -0.5043720396356872],
                 [-1.0056766217290054, -1.0592348798055353],
                 [0.6863407064201135, 0.9043021616442999]], "bias": [0.0, 0.0, 0.0]},
    {},
    {"weights": [[0.26120323895543396, 0.5621494721343181, 0.10685896912355708]],
     "bias": [0.0]},
    {},
]
SEED_0_AFTER_300 = {
    0: [[-1.0482042122462418, -1.0712562909338903], [-0.9230319877435972, -1.0239896754365363],
        [2.1016907200263923, 2.247532562564704]],
    2: [[1.9342749209809884, 0.1952590917721967, 1.9054686520801583]],
}


def as_arrays(weights):
    return [{key: np.array(value) for key, value in layer.items()} for layer in weights]


# -- a layer alone ---------------------------------------------------------------------------

def test_the_issues_first_lines_run():
    d = nn.Dense(2, 3)
    y = d.forward(np.ones((4, 2)))
    assert y.shape == (4, 3), f"expected Dense(2, 3) to map (4, 2) to (4, 3), got {y.shape}"
    assert d.params["weights"].shape == (3, 2) and d.params["bias"].shape == (3,), (
        f"expected W (3, 2) and B (3,), got {[v.shape for v in d.params.values()]}")
    assert set(d.grads) == {"weights", "bias"}, f"expected grads ready, got {sorted(d.grads)}"
    dx = d.backward(np.ones((4, 3)))
    assert dx.shape == (4, 2), f"expected dE/dX of shape (4, 2), got {dx.shape}"


def test_rng_decides_a_layers_weights():
    a = nn.Dense(4, 3, rng=np.random.default_rng(5))
    b = nn.Dense(4, 3, rng=np.random.default_rng(5))
    assert_weights_equal(weights_of([a]), weights_of([b]), what="Dense(4, 3, rng=seed 5), twice")
    expected = nn.initializers.glorot_uniform((3, 4), np.random.default_rng(5))
    assert np.array_equal(a.params["weights"], expected), (
        f"expected Glorot uniform drawn from the given Generator\n{expected}\ngot\n"
        f"{a.params['weights']}")
    assert not a.params["bias"].any(), f"expected zero biases, got {a.params['bias']}"


def test_without_rng_each_layer_draws_fresh_weights():
    a, b = nn.Dense(4, 3), nn.Dense(4, 3)
    assert not np.array_equal(a.params["weights"], b.params["weights"]), (
        "expected two Dense(4, 3) without rng= to draw different weights")


def test_rng_must_be_a_generator():
    with pytest.raises(TypeError, match="numpy.random.Generator"):
        nn.Dense(2, 3, rng=0)


def test_lazy_dense_builds_on_its_first_forward():
    d = nn.Dense(3, rng=np.random.default_rng(0))
    assert not d.built and d.in_features is None and d.params == {}, (
        f"expected an unbuilt layer, got in_features={d.in_features}, params {d.params}")
    y = d.forward(np.ones((4, 5)))
    assert d.built and d.in_features == 5, f"expected in_features 5, got {d.in_features}"
    assert d.params["weights"].shape == (3, 5) and y.shape == (4, 3), (
        f"expected W (3, 5) and y (4, 3), got {d.params['weights'].shape} and {y.shape}")
    assert d.forward.__func__ is nn.Dense.forward, "expected Dense.forward itself once built"
    assert_close(d.forward(np.ones((4, 5))), y, what="a second forward", rtol=0, atol=0)
    with pytest.raises(ValueError, match="expects 5 input features, got 7"):
        d.build(7)


def test_lazy_dense_first_input_must_be_2d():
    d = nn.Dense(3)
    with pytest.raises(ValueError, match=r"reshape\(1, -1\)") as raised:
        d.forward(np.ones(5))
    assert "(5,)" in str(raised.value), f"expected the shape named, got {raised.value}"
    assert not d.built, "expected the layer left unbuilt by a refused first input"


@pytest.mark.parametrize("method", ["backward", "backward_params"])
def test_unbuilt_layer_backward_is_a_clear_error(method):
    d = nn.Dense(3)
    with pytest.raises(nn.NotBuiltError) as raised:
        getattr(d, method)(np.ones((2, 3)))
    message = str(raised.value)
    assert not isinstance(raised.value, KeyError), "expected no KeyError"
    assert "Dense(? -> 3)" in message and "forward first" in message, (
        f"expected the layer named and forward asked for, got {message!r}")


def test_unbuilt_layer_set_params_and_model_set_weights_are_clear_errors():
    with pytest.raises(nn.NotBuiltError, match="no parameters yet"):
        nn.Dense(3).set_params({"weights": np.ones((3, 2)), "bias": np.ones(3)})
    model = nn.Sequential([nn.Dense(3), nn.Tanh()], seed=0)
    with pytest.raises(nn.NotBuiltError, match=r"layers\[0\] Dense\(\? -> 3\)"):
        model.set_weights([{"weights": np.ones((3, 2)), "bias": np.ones(3)}, {}])


def test_copies_of_an_unbuilt_layer_build_themselves():
    original = nn.Dense(3, rng=np.random.default_rng(0))
    for clone in (copy.copy(original), copy.deepcopy(original),
                  pickle.loads(pickle.dumps(original))):
        clone.forward(np.ones((2, 4)))
        assert clone.built and not original.built, (
            "expected a copy's first forward to build the copy, not the original")
    built = nn.Dense(2, 3)
    clone = copy.deepcopy(built)
    assert clone.forward.__func__ is nn.Dense.forward and clone.forward.__self__ is clone, (
        "expected a built layer's copy to use its own Dense.forward")
    assert_close(clone.forward(np.ones((1, 2))), built.forward(np.ones((1, 2))),
                 what="a deep copy's forward", rtol=0, atol=0)


def test_a_built_layer_keeps_fast_attributes():
    """Building binds the class's methods in place of the first-forward hooks: nothing is
    deleted and __dict__ is not read, so CPython keeps the attributes compact."""
    import timeit
    plain = type("Plain", (), {})()
    plain.params = {}
    model = nn.Sequential([nn.Dense(3), nn.Tanh(), nn.Dense(3, 1)], seed=0).build(2)
    ten = "(o.{0}, o.{0}, o.{0}, o.{0}, o.{0}, o.{0}, o.{0}, o.{0}, o.{0}, o.{0})"
    for layer in model.layers:
        layer_time = min(timeit.repeat(ten.format("in_features"), number=20000, repeat=7,
                                       globals={"o": layer}))
        plain_time = min(timeit.repeat(ten.format("params"), number=20000, repeat=7,
                                       globals={"o": plain}))
        assert layer_time < 1.5 * plain_time, (
            f"{layer.describe()}: attribute lookups {layer_time / plain_time:.1f}x a plain "
            f"object's: its __dict__ was materialised (read or an attribute deleted)")


def test_one_attribute_for_the_input_size():
    lazy, declared = nn.Dense(3), nn.Dense(4, 3)
    assert lazy.in_features is None and declared.in_features == 4, (
        f"expected in_features None and 4, got {lazy.in_features} and {declared.in_features}")
    assert not hasattr(declared, "declared_in_features"), "expected one attribute, in_features"
    assert not hasattr(nn.Layer(), "output"), "expected no promised-but-unset Layer.output"


# -- Dense reads like the math ----------------------------------------------------------------

def test_backward_params_fills_the_same_grads_as_backward():
    rng = np.random.default_rng(0)
    x, g = rng.standard_normal((6, 4)), rng.standard_normal((6, 3))
    d = nn.Dense(4, 3, rng=rng)
    d.forward(x)
    dx = d.backward(g)
    full = {key: value.copy() for key, value in d.grads.items()}
    assert d.backward_params(g) is None, "expected backward_params to return nothing"
    assert_weights_equal([d.grads], [full], what="grads of backward_params against backward")
    assert_close(dx, g @ d.params["weights"], what="dE/dX", rtol=0, atol=0)


def test_dense_lines_read_like_their_comments():
    source = inspect.getsource(nn.Dense.backward)
    for line, comment in [("dY @ X.T", "# dE/dW = dE/dY X^T"),
                          ("dY.sum(axis=1)", "# dE/dB = dE/dY"),
                          ("dY.T @ W", "# dE/dX = W^T dE/dY; in rows: dE/dY^T W")]:
        found = [text for text in source.splitlines() if line in text]
        assert found and comment in found[0], (
            f"expected a line computing {line!r} beside {comment!r}, got {found}")
    assert "input_gradient" not in source and "return None" not in source, (
        "expected the first layer's dE/dX skip out of Dense.backward")


# -- the video's loop ---------------------------------------------------------------------------

def test_video_loop_converges_for_most_seeds():
    video = load_example("video_loop")
    errors = {seed: video.train(seed, epochs=2000, verbose=False)[1] for seed in range(20)}
    failed = {seed: round(error, 4) for seed, error in errors.items() if not error < 0.01}
    assert len(failed) <= 2, (
        f"expected the video's loop to reach MSE < 0.01 in 2000 epochs for at least 18 of 20 "
        f"seeds, got {20 - len(failed)}; not converged (final MSE): {failed}")


def test_video_loop_starts_where_sequential_starts():
    video = load_example("video_loop")
    network = video.make_network(3)
    model = nn.Sequential(XOR_LAYERS(), seed=3)
    assert_weights_equal(weights_of(network), model.get_weights(),
                         what="the loop's layers against Sequential(seed=3)")


def test_video_loop_example_runs_and_prints_xor():
    result = subprocess.run([sys.executable, str(ROOT / "examples" / "video_loop.py")],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, f"expected exit 0, got {result.returncode}\n{result.stderr}"
    predictions = [float(line.split("->")[1]) for line in result.stdout.splitlines()
                   if "->" in line]
    assert np.allclose(predictions, [0, 1, 1, 0], atol=0.1), (
        f"expected predictions close to XOR, got {predictions} from:\n{result.stdout}")


def test_sgd_step_updates_a_list_of_layers():
    rng = np.random.default_rng(0)
    network = [nn.Dense(2, 3, rng=rng), nn.Tanh(), nn.Dense(3, 1, rng=rng)]
    before = weights_of(network)
    output = XOR_X
    for layer in network:
        output = layer.forward(output)
    grad = nn.MSE().gradient(XOR_Y, output)
    for layer in reversed(network):
        grad = layer.backward(grad)
    nn.SGD(learning_rate=0.5).step(network)
    for index, layer in enumerate(network):
        for key, value in layer.params.items():
            assert_close(value, before[index][key] - 0.5 * layer.grads[key],
                         what=f"layers[{index}].{key} after SGD.step", rtol=0, atol=1e-15)


# -- inside a Sequential: whose weights --------------------------------------------------------

def test_the_seed_decides_the_weights_bit_for_bit_as_before():
    model = nn.Sequential(XOR_LAYERS(), seed=0)
    assert_weights_equal(model.get_weights(), as_arrays(SEED_0_WEIGHTS),
                         what="Sequential(XOR, seed=0), as before issue 15")
    model.fit(XOR_X, XOR_Y, loss=nn.MSE(), optimizer=nn.SGD(0.1), epochs=300, batch_size=1,
              verbose=0)
    for index, expected in SEED_0_AFTER_300.items():
        got = model.layers[index].params["weights"]
        assert np.array_equal(got, np.array(expected)), (
            f"layers[{index}] after 300 epochs: expected\n{expected}\ngot\n{got.tolist()}")


def test_lazy_and_declared_sizes_draw_the_same_weights():
    declared = nn.Sequential([nn.Dense(2, 8), nn.ReLU(), nn.Dense(8, 4), nn.Tanh(),
                              nn.Dense(4, 1)], seed=7)
    lazy = nn.Sequential([nn.Dense(8), nn.ReLU(), nn.Dense(4), nn.Tanh(), nn.Dense(1)], seed=7)
    lazy.build(2)
    assert_weights_equal(lazy.get_weights(), declared.get_weights(),
                         what="lazy sizes against declared sizes, seed 7")
    assert [layer.initializer for layer in declared.layers[::2]] == \
        ["he_normal", "glorot_uniform", "glorot_uniform"], "expected He before ReLU only"


def test_a_model_with_all_sizes_declared_has_weights_and_saves(tmp_path):
    model = nn.Sequential([nn.Dense(2, 3), nn.Tanh()], seed=0)
    assert model.built, "expected a model whose sizes are all declared to be built"
    model.save(tmp_path / "m.npz")                 # said "no weights yet" before issue 15
    loaded = nn.Sequential.load(tmp_path / "m.npz")
    assert_weights_equal(loaded.get_weights(), model.get_weights(), what="loaded")


def test_a_layer_given_its_own_rng_keeps_its_weights():
    first = nn.Dense(2, 3, rng=np.random.default_rng(1))
    kept = weights_of([first])
    model = nn.Sequential([first, nn.Tanh(), nn.Dense(3, 1), nn.Tanh()], seed=0)
    assert_weights_equal(weights_of(model.layers[:1]), kept, what="a layer with its own rng")
    reference = nn.Sequential([nn.Dense(3, 1)], seed=0)     # the model's first draw
    assert_weights_equal(weights_of(model.layers[2:3]), reference.get_weights(),
                         what="the next layer, drawn from the seed")


def test_trained_or_hand_set_weights_are_kept():
    video = load_example("video_loop")
    network, _ = video.train(0, epochs=50, verbose=False)
    trained = weights_of(network)
    model = nn.Sequential(network, seed=123)
    assert_weights_equal(model.get_weights(), trained, what="layers trained by hand, wrapped")
    hand = nn.Dense(2, 3)
    hand.params["weights"][...] = 0.5
    model = nn.Sequential([hand], seed=0)
    assert (model.layers[0].params["weights"] == 0.5).all(), (
        f"expected weights set by hand kept, got {model.layers[0].params['weights']}")


def test_a_layer_trained_alone_then_saved_with_a_model(tmp_path):
    video = load_example("video_loop")
    network, _ = video.train(1, epochs=400, verbose=False)
    model = nn.Sequential(network)
    assert_close(model.predict(XOR_X), np.vstack([video.predict(network, x) for x in
                                                  video.X]),
                 what="the wrapped network's predictions", rtol=0, atol=0)
    model.save(tmp_path / "loop.npz")
    loaded = nn.Sequential.load(tmp_path / "loop.npz")
    assert_close(loaded.predict(XOR_X), model.predict(XOR_X), what="loaded", rtol=0, atol=0)


def test_a_model_dtype_follows_its_first_data():
    model = nn.Sequential(XOR_LAYERS(), seed=0)
    model.predict(XOR_X.astype(np.float32))
    assert model.dtype == np.float32, f"expected float32 from the first data, got {model.dtype}"
    model = nn.Sequential(XOR_LAYERS(), seed=0).build(2)          # built by hand: float64
    assert model.predict(XOR_X.astype(np.float32)).dtype == np.float64, (
        "expected a model built by hand to compute in its own dtype")


def test_nn_imports_numpy_and_the_standard_library_only():
    """Every module that ``import nn`` loads from the installed packages is numpy's."""
    code = ("import os, sys, numpy\n"
            "site = os.path.dirname(os.path.dirname(numpy.__file__))\n"
            "before = set(sys.modules)\n"
            "import nn\n"
            "print(' '.join(sorted(m for m in set(sys.modules) - before if m.split('.')[0] "
            "not in ('numpy', 'nn') and (getattr(sys.modules[m], '__file__', None) or '')"
            ".startswith(site))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [], (
        f"expected nn to import numpy and the standard library only, got {result.stdout}")
