"""Shared helpers for the nn tests: a Keras-like layer harness that every layer goes through.

A ``LayerCase`` says how to make a layer and what input suits it; ``LAYER_CHECKS`` holds one
function per property of the layer contract (STYLE.md), so that a test parametrized over
cases x checks fails for exactly one reason:

    @pytest.mark.parametrize("case", LAYER_CASES, ids=str)
    @pytest.mark.parametrize("check", LAYER_CHECKS, ids=lambda c: c.__name__)
    def test_layer_contract(case, check):
        check(case)

The finite differences here (``numeric_gradient``) are written independently of
``nn.gradcheck``, so that a broken ``nn.gradcheck`` cannot hide a wrong gradient.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pytest

import nn

ROOT = Path(__file__).resolve().parent.parent
GRAD_TOLERANCE = 1e-7        # relative error allowed between backward and finite differences


# -- comparing ------------------------------------------------------------------------------

def assert_close(got, expected, *, what: str, rtol: float = 1e-10, atol: float = 1e-12) -> None:
    """Assert two arrays agree; the message says what, the expected and the got values."""
    got, expected = np.asarray(got), np.asarray(expected)
    assert got.shape == expected.shape, (
        f"{what}: expected shape {expected.shape}, got shape {got.shape}")
    if not np.allclose(got, expected, rtol=rtol, atol=atol):
        diff = np.abs(got.astype(np.float64) - expected.astype(np.float64))
        worst = np.unravel_index(np.argmax(diff), diff.shape) if diff.ndim else ()
        raise AssertionError(
            f"{what}: expected {expected[worst]!r} at index {worst}, got {got[worst]!r} "
            f"(max abs difference {diff.max():.3g}, rtol={rtol}, atol={atol})\n"
            f"expected:\n{expected}\ngot:\n{got}")


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    scale = max(np.linalg.norm(analytic) + np.linalg.norm(numeric), 1e-12)
    return float(np.linalg.norm(analytic - numeric) / scale)


def assert_gradient(analytic, numeric, *, what: str, tolerance: float = GRAD_TOLERANCE) -> None:
    analytic, numeric = np.asarray(analytic), np.asarray(numeric)
    assert analytic.shape == numeric.shape, (
        f"{what}: expected gradient of shape {numeric.shape}, got {analytic.shape}")
    error = relative_error(analytic, numeric)
    assert error < tolerance, (
        f"{what}: relative error {error:.3g} between backward and finite differences, "
        f"expected < {tolerance}\nfinite differences:\n{numeric}\nbackward:\n{analytic}")


def numeric_gradient(f: Callable[[], float], array: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """d f() / d array by central differences in float64 (``array`` is perturbed in place
    and restored).  Independent of ``nn.gradcheck`` on purpose."""
    assert array.dtype == np.float64, f"finite differences need float64, got {array.dtype}"
    grad = np.empty_like(array)
    flat, out = array.reshape(-1), grad.reshape(-1)
    assert np.shares_memory(flat, array), "numeric_gradient needs a contiguous array"
    for i in range(flat.size):
        saved = flat[i]
        flat[i] = saved + eps
        plus = f()
        flat[i] = saved - eps
        minus = f()
        flat[i] = saved
        out[i] = (plus - minus) / (2 * eps)
    return grad


def weights_of(model_or_layers) -> list[dict[str, np.ndarray]]:
    layers = getattr(model_or_layers, "layers", model_or_layers)
    return [{key: value.copy() for key, value in layer.params.items()} for layer in layers]


def assert_weights_equal(got, expected, *, what: str) -> None:
    """Bit-for-bit equality of two ``get_weights()``-style lists."""
    assert len(got) == len(expected), f"{what}: expected {len(expected)} layers, got {len(got)}"
    for index, (g, e) in enumerate(zip(got, expected)):
        assert set(g) == set(e), f"{what}: layers[{index}] expected keys {sorted(e)}, got {sorted(g)}"
        for key in e:
            assert g[key].dtype == e[key].dtype and np.array_equal(g[key], e[key]), (
                f"{what}: layers[{index}].params[{key!r}] expected\n{e[key]!r}\ngot\n{g[key]!r}")


# -- refusing bad input ---------------------------------------------------------------------

def model_state(model):
    return {"weights": model.get_weights(), "dtype": model.dtype,
            "in_features": [layer.in_features for layer in model.layers],
            "rng": model.rng.bit_generator.state}


def assert_refused(call, error, fragments, model=None, arrays=(), optimizer=None):
    """call() raises ``error`` whose message holds every fragment, and changes nothing."""
    before = model_state(model) if model is not None else None
    copies = [np.array(a, copy=True) for a in arrays]
    for a in arrays:
        if isinstance(a, np.ndarray):
            a.setflags(write=False)
    with pytest.raises(error) as raised:
        call()
    message = str(raised.value)
    missing = [f for f in fragments if f not in message]
    assert not missing, f"expected the message to mention {missing}, got: {message!r}"
    if model is not None:
        after = model_state(model)
        assert_weights_equal(after["weights"], before["weights"], what="parameters after the error")
        for key in ("dtype", "in_features", "rng"):
            assert after[key] == before[key], (
                f"expected {key} unchanged by the error, was {before[key]}, got {after[key]}")
    if optimizer is not None:
        assert not optimizer.state, f"expected no optimizer state, got {len(optimizer.state)} slots"
    for a, copy in zip(arrays, copies):
        assert np.array_equal(np.asarray(a), copy, equal_nan=copy.dtype.kind == "f"), (
            "expected the caller's array unchanged")


# -- a float32 guard -------------------------------------------------------------------------

class Float32Only(np.ndarray):
    """An ndarray that fails as soon as any numpy operation on it produces float64.

    Put a model's parameters in it (``guard_float32(model)``): everything computed from
    them (outputs, gradients, optimizer slots made with zeros_like) stays a Float32Only,
    so a silent upcast anywhere in forward, loss, backward or the update is caught where
    it happens.
    """

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        plain = [i.view(np.ndarray) if isinstance(i, Float32Only) else i for i in inputs]
        if "out" in kwargs:
            kwargs["out"] = tuple(o.view(np.ndarray) if isinstance(o, Float32Only) else o
                                  for o in kwargs["out"])
        result = getattr(ufunc, method)(*plain, **kwargs)
        results = result if isinstance(result, tuple) else (result,)
        for r in results:
            dtype = getattr(r, "dtype", None)
            if dtype is not None and dtype.kind in "fc" and dtype != np.float32:
                raise AssertionError(
                    f"silent upcast: np.{ufunc.__name__}.{method} on float32 data gave {dtype}; "
                    f"operand dtypes {[getattr(i, 'dtype', type(i).__name__) for i in inputs]}")
        wrapped = tuple(r.view(Float32Only) if isinstance(r, np.ndarray) else r for r in results)
        return wrapped if isinstance(result, tuple) else wrapped[0]


def guard_float32(model: nn.Sequential) -> None:
    for layer in model.layers:
        for key, value in layer.params.items():
            assert value.dtype == np.float32, f"expected float32 params, got {value.dtype}"
            layer.params[key] = value.view(Float32Only)


# -- examples --------------------------------------------------------------------------------

def load_example(name: str):
    """Import examples/<name>.py as a module by its path (examples/ is not a package)."""
    path = ROOT / "examples" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"example_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the layer harness -----------------------------------------------------------------------

def normal_input(rng: np.random.Generator, shape) -> np.ndarray:
    return rng.standard_normal(shape)


def away_from_zero(rng: np.random.Generator, shape) -> np.ndarray:
    """Values with |x| >= 0.1, where ReLU is differentiable and finite differences are exact."""
    u = rng.standard_normal(shape)
    return np.sign(u) * (0.1 + np.abs(u))


@dataclass
class LayerCase:
    """How to make one layer for the harness, and what it should do."""

    name: str
    make: Callable[[], nn.Layer]
    in_features: int = 4
    out_features: int | None = None          # None: same as in_features
    make_input: Callable = normal_input
    rebuild_from_config: bool = True         # False for layers holding functions
    batch: int = 5
    extra: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return self.name

    @property
    def expected_out(self) -> int:
        return self.in_features if self.out_features is None else self.out_features

    def built(self, seed: int = 0) -> nn.Layer:
        """The layer built for ``in_features`` inputs, its parameters drawn from ``seed``
        (again, for a layer that drew its own at construction)."""
        layer = self.make()
        layer.build(self.in_features, np.random.default_rng(seed))
        return layer

    def input(self, seed: int = 1, dtype=np.float64) -> np.ndarray:
        return self.make_input(np.random.default_rng(seed),
                               (self.batch, self.in_features)).astype(dtype)

    def upstream(self, seed: int = 2, dtype=np.float64) -> np.ndarray:
        """A fixed random dE/dY, so that E = sum(R * Y)."""
        return np.random.default_rng(seed).standard_normal(
            (self.batch, self.expected_out)).astype(dtype)


def check_output_shape(case: LayerCase) -> None:
    layer = case.built()
    y = layer.forward(case.input())
    assert y.shape == (case.batch, case.expected_out), (
        f"{case}: expected output shape {(case.batch, case.expected_out)}, got {y.shape}")
    assert layer.output_features(case.in_features) == case.expected_out, (
        f"{case}: output_features({case.in_features}) expected {case.expected_out}, "
        f"got {layer.output_features(case.in_features)}")


def check_backward_shapes(case: LayerCase) -> None:
    """backward returns dE/dX shaped like X and fills grads with the keys of params."""
    layer = case.built()
    x = case.input()
    layer.forward(x)
    dx = layer.backward(case.upstream())
    assert dx.shape == x.shape, f"{case}: expected dE/dX of shape {x.shape}, got {dx.shape}"
    assert set(layer.grads) == set(layer.params), (
        f"{case}: expected grads keys {sorted(layer.params)}, got {sorted(layer.grads)}")
    for key, value in layer.params.items():
        assert layer.grads[key].shape == value.shape, (
            f"{case}: grads[{key!r}] expected shape {value.shape}, got {layer.grads[key].shape}")


def check_backward_keeps_params(case: LayerCase) -> None:
    """backward never changes params (the video's second correction, made structural)."""
    layer = case.built()
    before = {key: value.copy() for key, value in layer.params.items()}
    identity = {key: id(value) for key, value in layer.params.items()}
    layer.forward(case.input())
    layer.backward(case.upstream())
    for key, value in before.items():
        assert np.array_equal(layer.params[key], value), (
            f"{case}: backward changed params[{key!r}]: expected\n{value}\ngot\n{layer.params[key]}")
        assert id(layer.params[key]) == identity[key], (
            f"{case}: backward replaced the params[{key!r}] array (optimizer state would detach)")


def check_inputs_unchanged(case: LayerCase) -> None:
    """forward leaves X and backward leaves dE/dY as the caller gave them (read-only works)."""
    layer = case.built()
    x, upstream = case.input(), case.upstream()
    x_copy, upstream_copy = x.copy(), upstream.copy()
    x.setflags(write=False)
    upstream.setflags(write=False)
    try:
        layer.forward(x)
    except ValueError as error:           # numpy refuses to write into a read-only array
        raise AssertionError(f"{case}: forward tried to change its input X: {error}") from None
    try:
        layer.backward(upstream)
    except ValueError as error:
        raise AssertionError(f"{case}: backward tried to change dE/dY in place: {error}") from None
    assert np.array_equal(x, x_copy), f"{case}: forward changed its input"
    assert np.array_equal(upstream, upstream_copy), f"{case}: backward changed dE/dY"


def check_gradcheck(case: LayerCase) -> None:
    """nn.gradcheck, the tool users run on their own layers, passes."""
    errors = nn.gradcheck(case.built(), case.input(), rng=np.random.default_rng(3))
    assert "dE/dX" in errors, f"{case}: expected a 'dE/dX' entry, got {sorted(errors)}"
    bad = {name: error for name, error in errors.items() if not error < GRAD_TOLERANCE}
    assert not bad, f"{case}: expected relative errors < {GRAD_TOLERANCE}, got {bad}"


def check_finite_differences(case: LayerCase) -> None:
    """backward against this module's own central differences, not nn.gradcheck."""
    layer = case.built()
    x, upstream = case.input(), case.upstream()
    energy = lambda: float(np.sum(upstream * layer.forward(x)))  # noqa: E731
    layer.forward(x)
    dx = layer.backward(upstream)
    grads = {key: value.copy() for key, value in layer.grads.items()}
    assert_gradient(dx, numeric_gradient(energy, x), what=f"{case} dE/dX")
    for key, param in layer.params.items():
        assert_gradient(grads[key], numeric_gradient(energy, param),
                        what=f"{case} dE/d{key}")


def check_float32(case: LayerCase) -> None:
    """float32 in, float32 out: outputs, dE/dX and grads keep the data's dtype."""
    layer = case.built()
    for key in layer.params:
        layer.params[key] = layer.params[key].astype(np.float32)
    y = layer.forward(case.input(dtype=np.float32))
    dx = layer.backward(case.upstream(dtype=np.float32))
    got = {"output": y.dtype, "dE/dX": dx.dtype,
           **{f"grads[{k!r}]": v.dtype for k, v in layer.grads.items()}}
    wrong = {name: dtype for name, dtype in got.items() if dtype != np.float32}
    assert not wrong, f"{case}: expected float32 everywhere, got {wrong}"


def check_config_round_trip(case: LayerCase) -> None:
    """type(layer)(**layer.get_config()) rebuilds an equivalent layer (used by save/load)."""
    if not case.rebuild_from_config:
        pytest.skip(f"{case} holds Python functions: it has no config to rebuild from")
    layer = case.built()
    clone = type(layer)(**layer.get_config())
    clone.build(case.in_features, np.random.default_rng(0))
    assert clone.get_config() == layer.get_config(), (
        f"{case}: expected config {layer.get_config()}, got {clone.get_config()}")
    for key, value in layer.params.items():
        clone.params[key][...] = value
    x = case.input()
    assert_close(clone.forward(x), layer.forward(x), what=f"{case} rebuilt from its config",
                 rtol=0, atol=0)


def check_f_prime(case: LayerCase) -> None:
    """An element-wise activation's f_prime (what the scenes plot) is the derivative of its
    f, by central differences; and its forward is f."""
    layer = case.built()
    if not hasattr(layer, "f_prime"):
        pytest.skip(f"{case} is not an element-wise activation: it has no f and f_prime")
    x, eps = case.input(), 1e-6
    numeric = (layer.f(x + eps) - layer.f(x - eps)) / (2 * eps)
    assert_close(layer.f_prime(x), numeric, what=f"{case} f_prime against differences of f",
                 rtol=1e-7, atol=1e-9)
    assert_close(layer.forward(x), layer.f(x), what=f"{case} forward against f", rtol=0, atol=0)
    for value in (-1.5, 0.3, 2.0):                # plain floats, as a plot evaluates them
        got = float(layer.f_prime(value))
        slope = (float(layer.f(value + eps)) - float(layer.f(value - eps))) / (2 * eps)
        assert abs(got - slope) < 1e-7, f"{case} f_prime({value}): {got}, slope {slope}"


LAYER_CHECKS = [check_output_shape, check_backward_shapes, check_backward_keeps_params,
                check_inputs_unchanged, check_gradcheck, check_finite_differences,
                check_float32, check_config_round_trip, check_f_prime]

LAYER_CASES = [
    LayerCase("Dense(4, 3)", lambda: nn.Dense(4, 3), out_features=3),
    LayerCase("Dense(3) lazy", lambda: nn.Dense(3), out_features=3),
    LayerCase("Dense standard_normal", lambda: nn.Dense(4, 2, initializer="standard_normal"),
              out_features=2),
    LayerCase("Tanh", nn.Tanh),
    LayerCase("Sigmoid", nn.Sigmoid),
    LayerCase("ReLU", nn.ReLU, make_input=away_from_zero),
    LayerCase("Softmax", nn.Softmax),
    LayerCase("Activation(sin, cos)", lambda: nn.Activation(np.sin, np.cos),
              rebuild_from_config=False),
]
