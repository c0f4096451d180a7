"""Open to new layers (issue 15): any Layer subclass, even one defined in a user's script,
trains, saves and loads with its parameters and config; an unknown class is named with what
to do; and the model container knows no layer by name."""

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import nn
from nn_testing import GRAD_TOLERANCE, ROOT, assert_close, assert_weights_equal

X = np.random.default_rng(0).standard_normal((12, 2))
Y = np.tanh(X[:, :1] * 2 - X[:, 1:])


class LearnedScale(nn.Layer):
    """y = s * x: one learnable scale per feature, starting at ``initial``."""

    def __init__(self, initial=1.0):
        super().__init__()
        self.initial = initial

    def init_params(self, in_features, rng):
        return {"scale": np.full(in_features, self.initial) + rng.normal(0, 0.1, in_features)}

    def forward(self, x):
        self.input = x
        return x * self.params["scale"]

    def backward(self, output_gradient):
        self.grads["scale"] = (output_gradient * self.input).sum(axis=0)
        return output_gradient * self.params["scale"]

    def get_config(self):
        return {"initial": self.initial}


def trained_with_scale(seed=0):
    model = nn.Sequential([nn.Dense(2, 4), nn.Tanh(), LearnedScale(0.5), nn.Dense(1)], seed=seed)
    history = model.fit(X, Y, loss=nn.MSE(), optimizer=nn.Adam(0.02), epochs=60, batch_size=4,
                        verbose=0)
    return model, history


def test_a_custom_layer_is_registered_by_its_name():
    assert nn.LAYERS["LearnedScale"] is LearnedScale, (
        f"expected LearnedScale registered, got {nn.LAYERS.get('LearnedScale')}")
    assert nn.LAYERS["Dense"] is nn.Dense and nn.LAYERS["Tanh"] is nn.Tanh


def test_a_custom_layer_passes_gradcheck():
    errors = nn.gradcheck(LearnedScale(0.5), X[:4], rng=np.random.default_rng(1))
    assert max(errors.values()) < GRAD_TOLERANCE, f"expected small errors, got {errors}"


def test_a_custom_layer_trains_saves_and_loads(tmp_path):
    model, history = trained_with_scale()
    losses = history.history["loss"]
    assert losses[-1] < losses[0] / 2, f"expected the loss to fall, got {losses[0]} -> {losses[-1]}"
    assert not np.allclose(model.layers[2].params["scale"], 0.5, atol=0.2), (
        "expected the scales to have trained")
    model.save(tmp_path / "scaled.npz")
    loaded = nn.Sequential.load(tmp_path / "scaled.npz")
    assert type(loaded.layers[2]) is LearnedScale and loaded.layers[2].initial == 0.5, (
        f"expected LearnedScale(initial=0.5) back, got {loaded.layers[2]!r}")
    assert_weights_equal(loaded.get_weights(), model.get_weights(), what="loaded weights")
    assert_close(loaded.predict(X), model.predict(X), what="loaded predictions", rtol=0, atol=0)
    for m in (model, loaded):                     # and it keeps training alike
        m.fit(X, Y, loss=nn.MSE(), optimizer=nn.SGD(0.05), epochs=3, shuffle=False, verbose=0)
    assert_weights_equal(loaded.get_weights(), model.get_weights(), what="after 3 more epochs")


def test_the_model_seed_draws_a_custom_layers_parameters():
    a, _ = trained_with_scale(seed=4)
    b, _ = trained_with_scale(seed=4)
    assert_weights_equal(a.get_weights(), b.get_weights(), what="same seed, custom layer")


SCRIPT = '''
import sys
import numpy as np
import nn

{definition}

x = np.random.default_rng(0).standard_normal((8, 3))
if sys.argv[1] == "save":
    model = nn.Sequential([nn.Dense(3, 4), Shift(), nn.Dense(1)], seed=0)
    model.fit(x, x[:, :1] ** 2, loss=nn.MSE(), optimizer=nn.Adam(0.05), epochs=20, verbose=0)
    model.save(sys.argv[2])
else:
    model = nn.Sequential.load(sys.argv[2])
print(repr(model.predict(x).round(12).tolist()))
'''

SHIFT = '''
class Shift(nn.Layer):
    """y = x + b: a learnable shift per feature."""

    def init_params(self, in_features, rng):
        return {"shift": rng.normal(0, 1, in_features)}

    def forward(self, x):
        return x + self.params["shift"]

    def backward(self, output_gradient):
        self.grads["shift"] = output_gradient.sum(axis=0)
        return output_gradient
'''


def run_script(tmp_path, definition, *args):
    script = tmp_path / "user_script.py"
    script.write_text(SCRIPT.format(definition=definition))
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


def test_a_layer_defined_in_a_users_script_saves_and_loads(tmp_path):
    path = str(tmp_path / "shift.npz")
    saved = run_script(tmp_path, SHIFT, "save", path)
    assert saved.returncode == 0, f"expected the script to save, got:\n{saved.stderr}"
    loaded = run_script(tmp_path, SHIFT, "load", path)
    assert loaded.returncode == 0, f"expected the script to load, got:\n{loaded.stderr}"
    assert loaded.stdout == saved.stdout, (
        f"expected the same predictions after load\n{saved.stdout}\n{loaded.stdout}")


def test_loading_an_unknown_class_names_it_and_says_what_to_do(tmp_path):
    path = str(tmp_path / "shift.npz")
    assert run_script(tmp_path, SHIFT, "save", path).returncode == 0
    without = run_script(tmp_path, "", "load", path)
    assert without.returncode != 0, "expected load to fail without the class"
    message = without.stderr.strip().splitlines()[-1]
    for fragment in ("'Shift'", "define or import", "before calling Sequential.load"):
        assert fragment in message, f"expected {fragment!r} in the error, got {message!r}"


def test_a_class_named_like_one_of_nns_is_not_confused_with_it(tmp_path):
    class Dense(nn.Layer):                        # a user's own "Dense", not nn's
        def forward(self, x):
            return x

        def backward(self, output_gradient):
            return output_gradient

    assert nn.LAYERS["Dense"] is nn.Dense, "expected nn.Dense to keep its name"
    model = nn.Sequential([nn.Dense(2, 2), Dense()], seed=0)
    with pytest.raises(TypeError, match="'Dense' belongs to nn.dense.Dense") as raised:
        model.save(tmp_path / "m.npz")
    assert "another name" in str(raised.value), f"expected advice, got {raised.value}"
    assert not (tmp_path / "m.npz").exists(), "expected no file written"


def test_a_layer_whose_config_cannot_rebuild_it_is_refused(tmp_path):
    class Power(nn.Layer):
        def __init__(self, p):
            super().__init__()
            self.p = p

        def forward(self, x):
            return x ** self.p

    model = nn.Sequential([nn.Dense(2, 2), Power(2)], seed=0)
    with pytest.raises(TypeError, match="cannot be saved") as raised:
        model.save(tmp_path / "m.npz")
    assert "get_config" in str(raised.value) and "'p'" in str(raised.value), (
        f"expected the missing argument and get_config named, got {raised.value}")


def test_a_subclass_that_redefines_backward_is_trained_through_it():
    class Doubled(nn.Dense):
        def backward(self, output_gradient):
            return super().backward(2 * output_gradient)

    assert Doubled.backward_params is nn.Layer.backward_params, (
        "expected Dense's dE/dX shortcut not inherited past a redefined backward")
    x, g = X[:4], np.ones((4, 3))
    mine, plain = Doubled(2, 3), nn.Dense(2, 3)
    for layer in (mine, plain):
        nn.Sequential([layer]).forward(x)
    nn.Sequential([mine]).backward(g, input_gradient=False)
    nn.Sequential([plain]).backward(2 * g, input_gradient=False)
    assert_close(mine.grads["weights"], plain.grads["weights"], what="grads through Doubled")


def test_model_py_knows_no_layer_by_name():
    source = (ROOT / "nn" / "model.py").read_text()
    found = [name for name in ("Dense", "Tanh", "ReLU", "Sigmoid", "Softmax")
             if re.search(rf"\b{name}\b", source)]
    assert not found, f"expected nn/model.py to name no layer class, found {found}"


def readme_python_blocks(heading: str) -> list[str]:
    """The ```python blocks of README.md between ``heading`` and the next heading of its
    level or above."""
    text = (ROOT / "README.md").read_text()
    level = len(heading) - len(heading.lstrip("#"))
    start = text.index(heading + "\n")
    rest = text[start + len(heading):]
    stop = re.search(rf"^#{{1,{level}}} ", rest, flags=re.MULTILINE)
    section = rest[:stop.start()] if stop else rest
    return [textwrap.dedent(block) for block in re.findall(r"```python\n(.*?)```", section,
                                                           flags=re.DOTALL)]


def test_readme_write_your_own_layer_runs(tmp_path, monkeypatch):
    blocks = readme_python_blocks("### Write your own layer")
    assert blocks, "expected a python example under 'Write your own layer'"
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": "readme_own_layer"}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    model = namespace["model"]
    assert isinstance(model, nn.Sequential) and Path("scaled.npz").exists(), (
        "expected the README's example to train, save and load a model")
    custom = [layer for layer in model.layers if type(layer).__module__ == "readme_own_layer"]
    assert custom and custom[0].params, "expected the loaded model to hold the custom layer"


def test_readme_first_example_and_the_video_loop_run(tmp_path, monkeypatch):
    blocks = readme_python_blocks("# nn from scratch — and the video that shows it computing")
    assert len(blocks) >= 2, f"expected the Sequential example and the video's loop, got {blocks}"
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": "readme_top"}
    for block in blocks[:2]:
        exec(compile(block, "README.md", "exec"), namespace)
    assert "optimizer.step(network)" in blocks[1], "expected the loop to use SGD.step(network)"
    predictions = namespace["model"].predict(namespace["X"])
    assert np.allclose(predictions, [[0], [1], [1], [0]], atol=0.2), (
        f"expected the README's model to learn XOR, got {predictions.ravel()}")
