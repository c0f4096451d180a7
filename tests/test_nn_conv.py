"""nn beyond vectors (issue 14): Conv2D, Flatten and Reshape. Gradient checks, PyTorch
and Keras parity, shapes, bad input, save/load through the registry, use alone and lazily, a seed that
decides everything, float32 kept, and the digits CNN's stated accuracy."""

import numpy as np
import pytest

import nn
from nn_testing import assert_close, assert_refused, assert_weights_equal, load_example, \
    weights_of

GRAD_TOLERANCE = 1e-7


def images(shape, seed=1, dtype=np.float64):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def conv_model(seed=0, lazy=False):
    first = nn.Conv2D(4, 3) if lazy else nn.Conv2D(2, 4, 3)
    return nn.Sequential([first, nn.Tanh(), nn.Flatten(), nn.Dense(3), nn.Softmax()],
                         seed=seed)


def targets(count, seed=2):
    return np.eye(3)[np.random.default_rng(seed).integers(0, 3, count)]


# -- gradients ----------------------------------------------------------------------------

@pytest.mark.parametrize("in_channels, out_channels, k, height, width", [
    (1, 5, 3, 8, 8), (2, 3, 3, 5, 6), (3, 2, 1, 4, 4), (2, 2, 4, 4, 5), (1, 1, 2, 2, 2)],
    ids=["1->5 3x3 on 8x8", "2->3 3x3 on 5x6", "1x1 kernel", "4x4 kernel", "image = kernel"])
def test_conv2d_gradients_match_finite_differences(in_channels, out_channels, k, height,
                                                   width):
    layer = nn.Conv2D(in_channels, out_channels, k, rng=np.random.default_rng(0))
    layer.params["bias"][...] = np.random.default_rng(3).standard_normal(out_channels)
    errors = nn.gradcheck(layer, images((2, in_channels, height, width)))
    assert max(errors.values()) < GRAD_TOLERANCE, f"expected errors < 1e-7, got {errors}"


def test_a_conv_network_passes_the_gradient_check_with_its_loss():
    layers = [nn.Conv2D(2, 3), nn.Tanh(), nn.Conv2D(2, 2), nn.ReLU(), nn.Flatten(),
              nn.Dense(3), nn.Softmax()]
    x = images((3, 2, 6, 5))
    errors = nn.gradcheck(layers, x, y=targets(3), loss=nn.CategoricalCrossEntropy())
    assert set(errors) == {"dE/dX", "layers[0].kernels", "layers[0].bias", "layers[2].kernels",
                           "layers[2].bias", "layers[5].weights", "layers[5].bias"}, errors
    assert max(errors.values()) < GRAD_TOLERANCE, f"expected errors < 1e-7, got {errors}"


def test_reshape_and_flatten_pass_the_gradient_check():
    errors = nn.gradcheck([nn.Reshape((2, 3)), nn.Tanh(), nn.Flatten(), nn.Dense(2)],
                          images((4, 6)))
    assert max(errors.values()) < GRAD_TOLERANCE, f"expected errors < 1e-7, got {errors}"


def test_backward_params_fills_the_same_grads_and_backward_keeps_params():
    layer = nn.Conv2D(2, 3, 3, rng=np.random.default_rng(0))
    x, upstream = images((4, 2, 7, 6)), images((4, 3, 5, 4), seed=2)
    before = {key: value.copy() for key, value in layer.params.items()}
    layer.forward(x)
    layer.backward(upstream)
    full = {key: value.copy() for key, value in layer.grads.items()}
    assert layer.backward_params(upstream) is None, "expected backward_params to return None"
    for key in full:
        assert_close(layer.grads[key], full[key], what=f"backward_params grads[{key!r}]",
                     rtol=1e-12, atol=1e-12)
        assert np.array_equal(layer.params[key], before[key]), f"backward changed {key}"


@pytest.mark.parametrize("images_shape, kernels_shape", [
    ((3, 2, 7, 6), (4, 2, 3, 3)),         # small kernels, more kernels than channels: im2col
    ((3, 6, 7, 6), (2, 6, 3, 3)),         # fewer kernels than channels: shifted sums
    ((2, 12, 9, 9), (1, 12, 7, 7)),       # fewer kernels, but 7x7: im2col again
    ((2, 8, 6, 6), (3, 8, 4, 5)),         # kernels larger than the output: the kernel's rows
    ((1, 1, 3, 3), (1, 1, 3, 3))], ids=["im2col", "shifted", "7x7", "large kernel", "1x1 out"])
def test_correlate_matches_a_direct_loop(images_shape, kernels_shape):
    from nn.conv import correlate
    pictures, kernels = images(images_shape), images(kernels_shape, seed=2)
    n, c, h, w = pictures.shape
    o, _, kh, kw = kernels.shape
    expected = np.zeros((n, o, h - kh + 1, w - kw + 1))
    for index in np.ndindex(expected.shape):
        b, i, y, x = index
        expected[index] = np.sum(pictures[b, :, y:y + kh, x:x + kw] * kernels[i])
    assert_close(correlate(pictures, kernels), expected, what=f"correlate {images_shape} "
                 f"with {kernels_shape}", rtol=1e-12, atol=1e-12)


# -- PyTorch parity -----------------------------------------------------------------------

TOLERANCES = {np.float64: (1e-12, 1e-12), np.float32: (1e-4, 1e-5)}


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
@pytest.mark.parametrize("in_channels, out_channels, k, size", [
    (1, 5, 3, 8), (3, 4, 3, 10), (2, 6, 5, 9)], ids=["1->5 3x3 8x8", "3->4 3x3 10x10",
                                                     "2->6 5x5 9x9"])
def test_conv2d_forward_and_backward_match_torch(dtype, in_channels, out_channels, k, size):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    layer = nn.Conv2D(in_channels, out_channels, k, rng=rng)
    layer.params = {key: value.astype(dtype) for key, value in layer.params.items()}
    layer.params["bias"][...] = rng.standard_normal(out_channels)
    x = images((6, in_channels, size, size + 1), dtype=dtype)
    upstream = images((6, out_channels, size - k + 1, size - k + 2), seed=2, dtype=dtype)

    tx = torch.tensor(x, requires_grad=True)
    tk = torch.tensor(layer.params["kernels"], requires_grad=True)
    tb = torch.tensor(layer.params["bias"], requires_grad=True)
    ty = torch.nn.functional.conv2d(tx, tk, tb)
    ty.backward(torch.tensor(upstream))

    rtol, atol = TOLERANCES[dtype]
    y = layer.forward(x)
    assert y.dtype == dtype, f"expected a {np.dtype(dtype)} output, got {y.dtype}"
    assert_close(y, ty.detach().numpy(), what="Conv2D forward vs torch", rtol=rtol, atol=atol)
    dx = layer.backward(upstream)
    assert_close(dx, tx.grad.numpy(), what="dE/dX vs torch", rtol=rtol, atol=atol)
    assert_close(layer.grads["kernels"], tk.grad.numpy(), what="dE/dK vs torch", rtol=rtol,
                 atol=atol)
    assert_close(layer.grads["bias"], tb.grad.numpy(), what="dE/dB vs torch", rtol=rtol,
                 atol=atol)
    for key, value in (("dE/dX", dx), *layer.grads.items()):
        assert value.dtype == dtype, f"expected {key} in {np.dtype(dtype)}, got {value.dtype}"


def keras_on_torch():
    """Keras 3 on its PyTorch backend (run.sh installs both), or skip."""
    import os
    pytest.importorskip("torch")
    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != "torch":
        pytest.skip(f"keras runs on {keras.backend.backend()}, not torch")
    return keras


@pytest.mark.filterwarnings("ignore::DeprecationWarning")   # numpy 2 warnings inside keras
def test_keras_conv2d_is_a_cross_correlation_with_one_bias_per_kernel():
    """What the sequel says of Keras (chapters 2 and 6): its Conv2D correlates, as nn and
    PyTorch do (no kernel flip), with a tied bias of one number per kernel; and its
    gradients, through the torch backend, are nn's."""
    keras = keras_on_torch()
    import torch
    rng = np.random.default_rng(0)
    layer = nn.Conv2D(2, 3, 3, rng=rng)
    layer.params["bias"][...] = rng.standard_normal(3)
    x = images((4, 2, 7, 8))
    upstream = images((4, 3, 5, 6), seed=2)
    theirs = keras.layers.Conv2D(3, 3, data_format="channels_first", dtype="float64")
    theirs.build((None, 2, 7, 8))
    kernel, bias = theirs.get_weights()
    assert kernel.shape == (3, 3, 2, 3) and bias.shape == (3,), \
        f"expected a (k, k, in, out) kernel and one bias per kernel, got {kernel.shape}, " \
        f"{bias.shape}"
    theirs.set_weights([layer.params["kernels"].transpose(2, 3, 1, 0), layer.params["bias"]])
    tx = torch.tensor(x, requires_grad=True)
    ty = theirs(tx)
    ty.backward(torch.tensor(upstream))
    assert_close(layer.forward(x), ty.detach().numpy(), what="Conv2D forward vs keras",
                 rtol=1e-12, atol=1e-12)
    assert_close(layer.backward(upstream), tx.grad.numpy(), what="dE/dX vs keras",
                 rtol=1e-12, atol=1e-12)
    kernel_grad = theirs.kernel.value.grad.numpy().transpose(3, 2, 0, 1)
    assert_close(layer.grads["kernels"], kernel_grad, what="dE/dK vs keras", rtol=1e-12,
                 atol=1e-12)
    flipped = layer.params["kernels"][:, :, ::-1, ::-1].transpose(2, 3, 1, 0)
    theirs.set_weights([flipped.copy(), layer.params["bias"]])
    assert not np.allclose(layer.forward(x), theirs(x).detach().numpy()), \
        "expected keras's output to change when its kernels are turned (a convolution " \
        "would match the turned kernels)"


def test_flatten_matches_torch_flatten():
    torch = pytest.importorskip("torch")
    x = images((3, 2, 4, 5))
    assert_close(nn.Flatten().forward(x), torch.flatten(torch.tensor(x), 1).numpy(),
                 what="Flatten vs torch.flatten", rtol=0, atol=0)


# -- shapes and sizes ---------------------------------------------------------------------

def test_shapes_of_a_conv_layer():
    layer = nn.Conv2D(3, 4, 3)
    assert layer.params["kernels"].shape == (4, 3, 3, 3), layer.params["kernels"].shape
    assert layer.params["bias"].shape == (4,), layer.params["bias"].shape
    assert layer.in_features == (3, None, None), layer.in_features
    assert layer.output_features((3, 10, 7)) == (4, 8, 5)
    assert layer.output_features(None) == (4, None, None)
    y = layer.forward(images((2, 3, 10, 7)))
    assert y.shape == (2, 4, 8, 5), y.shape
    assert layer.backward(np.ones_like(y)).shape == (2, 3, 10, 7)
    assert repr(layer) == "Conv2D(3 -> 4, 3x3)"


def test_the_bias_is_tied_one_per_kernel():
    layer = nn.Conv2D(1, 2, 3)
    layer.params["kernels"][...] = 0
    layer.params["bias"][...] = [1.5, -2.0]
    y = layer.forward(images((2, 1, 5, 5)))
    assert np.array_equal(y[:, 0], np.full((2, 3, 3), 1.5)), y[:, 0]
    assert np.array_equal(y[:, 1], np.full((2, 3, 3), -2.0)), y[:, 1]
    layer.backward(np.ones_like(y))
    assert np.array_equal(layer.grads["bias"], [18.0, 18.0]), layer.grads["bias"]


def test_flatten_and_reshape_shapes():
    x = images((4, 2, 3, 5))[:, :, ::-1]                 # a view that is not contiguous
    flatten = nn.Flatten()
    y = flatten.forward(x)
    assert y.shape == (4, 30) and np.array_equal(y, x.reshape(4, 30)), y.shape
    assert np.array_equal(flatten.backward(y), x), "expected backward to undo the reshape"
    assert flatten.output_features((2, 3, 5)) == 30 and flatten.output_features(7) == 7
    assert flatten.output_features((2, None, 5)) is None
    reshape = nn.Reshape((5, -1))
    assert reshape.output_features((2, 3, 5)) == (5, 6)
    assert reshape.forward(x).shape == (4, 5, 6)
    assert nn.Reshape(6).output_features((2, 3)) == 6
    with pytest.raises(ValueError, match=r"cannot reshape samples of shape \(2, 3, 5\)"):
        nn.Reshape((4, 4)).output_features((2, 3, 5))
    with pytest.raises(ValueError, match="at most one -1"):
        nn.Reshape((-1, -1))


def test_summary_shows_image_shapes():
    model = conv_model()
    text = model.summary(print_fn=None)
    assert "(batch, 4, ?, ?)" in text and "?" in text.splitlines()[-1], text
    model.build((2, 8, 8))
    text = model.summary(print_fn=None)
    for expected in ("Conv2D(2 -> 4, 3x3)", "(batch, 4, 6, 6)", "(batch, 144)",
                     "Dense(144 -> 3)", "total parameters: 511"):
        assert expected in text, f"expected {expected!r} in the summary, got\n{text}"


# -- a model of images --------------------------------------------------------------------

@pytest.mark.parametrize("lazy", [False, True], ids=["declared", "lazy"])
def test_a_conv_model_trains_predicts_evaluates(lazy):
    model, x, y = conv_model(lazy=lazy), images((12, 2, 7, 7)), targets(12)
    loss = nn.CategoricalCrossEntropy()
    history = model.fit(x, y, loss=loss, optimizer=nn.Adam(0.01), epochs=30, batch_size=4,
                        verbose=0, validation_data=(x, y), metrics=["accuracy"])
    losses = history.history["loss"]
    assert losses[-1] < losses[0] / 2, f"expected the loss to fall, got {losses[0]} -> {losses[-1]}"
    assert model.in_features == (2, 7, 7) and model.out_features == 3
    assert model.predict(x, batch_size=5).shape == (12, 3)
    assert set(model.evaluate(x, y, loss=loss, metrics=["accuracy"])) == {"loss", "accuracy"}
    error = model.train_step(x, y, loss, nn.SGD(0.01))
    assert np.isfinite(error)


def test_the_seed_decides_every_weight_and_the_training():
    x, y = images((8, 2, 6, 6)), targets(8)
    runs = []
    for _ in range(2):
        model = conv_model(seed=7, lazy=True)
        model.fit(x, y, loss=nn.CategoricalCrossEntropy(), optimizer=nn.Adam(0.01), epochs=3,
                  batch_size=3, verbose=0)
        runs.append(weights_of(model))
    assert_weights_equal(runs[1], runs[0], what="two runs with seed 7")
    other = conv_model(seed=8).build((2, 6, 6))
    assert not np.array_equal(weights_of(other)[0]["kernels"], conv_model(seed=7).build(
        (2, 6, 6)).layers[0].params["kernels"]), "expected seeds 7 and 8 to draw other kernels"


def test_a_layer_with_its_own_rng_keeps_its_kernels():
    layer = nn.Conv2D(1, 3, 3, rng=np.random.default_rng(5))
    kernels = layer.params["kernels"].copy()
    model = nn.Sequential([layer, nn.Flatten(), nn.Dense(2)], seed=0)
    model.predict(images((2, 1, 5, 5)))
    assert np.array_equal(model.layers[0].params["kernels"], kernels), "expected them kept"


def test_initializers_count_the_kernel_window_in_the_fans():
    layer = nn.Conv2D(4, 6, 3, rng=np.random.default_rng(0))
    limit = np.sqrt(6 / (4 * 9 + 6 * 9))                  # Glorot: fan_in 4*3*3, fan_out 6*3*3
    kernels = layer.params["kernels"]
    assert np.abs(kernels).max() <= limit and np.abs(kernels).max() > 0.9 * limit, (
        f"expected Glorot uniform within {limit}, got max {np.abs(kernels).max()}")
    assert np.array_equal(layer.params["bias"], np.zeros(6)), "expected a zero bias"
    model = nn.Sequential([nn.Conv2D(1, 64, 3), nn.ReLU(), nn.Flatten(), nn.Dense(2)], seed=0)
    model.build((1, 5, 5))
    assert model.layers[0].initializer == "he_normal", model.layers[0].initializer
    std = model.layers[0].params["kernels"].std()
    assert abs(std - np.sqrt(2 / 9)) < 0.1 * np.sqrt(2 / 9), f"expected He's std, got {std}"


def test_float32_data_trains_in_float32():
    model, x = conv_model(), images((6, 2, 6, 6), dtype=np.float32)
    model.fit(x, targets(6).astype(np.float32), loss=nn.CategoricalCrossEntropy(),
              optimizer=nn.Adam(0.01), epochs=2, verbose=0)
    for index, layer in enumerate(model.layers):
        for key in layer.params:
            for kind, array in (("params", layer.params[key]), ("grads", layer.grads[key])):
                assert array.dtype == np.float32, (
                    f"expected layers[{index}].{kind}[{key!r}] float32, got {array.dtype}")
    assert model.predict(x).dtype == np.float32
    conv = model.layers[0]
    y = conv.forward(x)
    assert y.dtype == np.float32 and conv.backward(np.ones_like(y)).dtype == np.float32


# -- alone, and lazily ----------------------------------------------------------------------

def test_a_conv_layer_works_alone():
    layer = nn.Conv2D(1, 5, 3)
    assert layer.built and layer.params["kernels"].shape == (5, 1, 3, 3)
    x = images((2, 1, 8, 8))
    y = layer.forward(x)
    assert y.shape == (2, 5, 6, 6)
    assert layer.forward(images((1, 1, 11, 9))).shape == (1, 5, 9, 7), "any image size"
    nn.SGD(0.1).step([layer]) if layer.backward(np.ones((1, 5, 9, 7))) is not None else None
    assert np.isfinite(layer.params["kernels"]).all()


def test_a_lazy_conv_layer_reads_its_channels_from_the_first_forward():
    layer = nn.Conv2D(4, 3)
    assert not layer.built and layer.params == {} and repr(layer) == "Conv2D(? -> 4, 3x3)"
    with pytest.raises(nn.NotBuiltError, match="forward first"):
        layer.backward(np.ones((1, 4, 3, 3)))
    y = layer.forward(images((2, 3, 5, 5)))
    assert layer.built and layer.in_features == (3, None, None) and y.shape == (2, 4, 3, 3)
    assert layer.params["kernels"].shape == (4, 3, 3, 3)


# -- bad input ------------------------------------------------------------------------------

@pytest.mark.parametrize("arguments, fragments", [
    ((1, 5, 0), ["kernel_size", "0"]), ((1, 5, -2), ["kernel_size", "-2"]),
    ((1, 5, 2.5), ["kernel_size", "2.5"]), ((1, 5, True), ["kernel_size", "True"]),
    ((1, 5, "3"), ["kernel_size", "'3'"]), ((1, 0, 3), ["out_channels", "0"]),
    ((0, 5, 3), ["in_channels", "0"]), ((5,), ["kernel_size", "None"])])
def test_bad_sizes_are_refused(arguments, fragments):
    assert_refused(lambda: nn.Conv2D(*arguments), ValueError, fragments)


def test_a_bad_initializer_or_rng_is_refused():
    assert_refused(lambda: nn.Conv2D(1, 2, 3, initializer="nope"), ValueError, ["nope"])
    assert_refused(lambda: nn.Conv2D(1, 2, 3, rng=0), TypeError, ["Generator"])


@pytest.mark.parametrize("shape, fragments", [
    ((4, 8, 8), ["Conv2D(1 -> 5, 3x3)", "4-D (batch, channels, height, width)", "(4, 8, 8)",
                 "x[:, None]"]),
    ((4, 64), ["4-D", "(4, 64)"]),
    ((4, 3, 8, 8), ["1 channel", "got 3", "(4, 3, 8, 8)"]),
    ((4, 1, 2, 8), ["at least 3x3", "2x8", "(4, 1, 2, 8)"])],
    ids=["3-D", "2-D", "channels", "smaller than the kernel"])
def test_a_standalone_layer_refuses_bad_images(shape, fragments):
    layer = nn.Conv2D(1, 5, 3)
    assert_refused(lambda: layer.forward(np.ones(shape)), ValueError, fragments)


@pytest.mark.parametrize("shape, fragments", [
    ((4, 8, 8), ["learns its input size", "4-D (batch, channels, height, width)", "(4, 8, 8)"]),
    ((4, 1, 2, 2), ["at least 3x3", "2x2"])], ids=["3-D", "smaller than the kernel"])
def test_a_lazy_layer_refuses_bad_first_images(shape, fragments):
    layer = nn.Conv2D(5, 3)
    assert_refused(lambda: layer.forward(np.ones(shape)), ValueError, fragments)
    assert not layer.built, "expected the layer still unbuilt"


@pytest.mark.parametrize("lazy", [False, True], ids=["declared", "lazy"])
@pytest.mark.parametrize("shape, fragments", [
    ((4, 8, 8), ["x must be 4-D (batch, channels, height, width)", "(4, 8, 8)", "x[:, None]"]),
    ((4, 64), ["x must be 4-D", "(4, 64)"]),
    ((4, 2, 2, 2), ["layers[0]", "at least 3x3", "2x2"])],
    ids=["3-D", "2-D", "smaller than the kernel"])
def test_a_conv_model_refuses_bad_images_and_changes_nothing(lazy, shape, fragments):
    model, x = conv_model(lazy=lazy), np.ones(shape)
    assert_refused(lambda: model.fit(x, targets(4), loss=nn.CategoricalCrossEntropy(),
                                     optimizer=nn.SGD(0.1), epochs=1, verbose=0),
                   ValueError, fragments, model, [x])
    assert_refused(lambda: model.predict(x), ValueError, fragments, model, [x])


def test_a_conv_model_refuses_other_channels_and_sizes_once_built():
    model = conv_model()
    x = np.ones((4, 3, 8, 8))
    assert_refused(lambda: model.predict(x), ValueError,
                   ["Conv2D(2 -> 4, 3x3)", "(2, ?, ?)", "(3, 8, 8)"], model, [x])
    model.predict(np.ones((4, 2, 8, 8)))
    x = np.ones((4, 2, 9, 9))                              # the Dense after Flatten is fixed
    assert_refused(lambda: model.predict(x), ValueError, ["Dense(144 -> 3)", "144", "196"],
                   model, [x])
    y, x = np.zeros((4, 2)), np.ones((4, 2, 8, 8))
    assert_refused(lambda: model.evaluate(x, y, loss=nn.MSE()), ValueError, ["(4, 3)", "(4, 2)"],
                   model, [x, y])
    x_val = np.ones((4, 2, 7, 7))
    assert_refused(lambda: model.fit(x, targets(4), loss=nn.MSE(), optimizer=nn.SGD(0.1),
                                     epochs=1, verbose=0,
                                     validation_data=(x_val, targets(4))),
                   ValueError, ["Dense(144 -> 3)", "144", "100"], model, [x_val])


def test_a_dense_after_images_needs_a_flatten():
    assert_refused(lambda: nn.Sequential([nn.Conv2D(1, 2, 3), nn.Dense(3)]), ValueError,
                   ["layers[1] Dense(? -> 3)", "2-D (batch, features)", "(batch, 2, ?, ?)",
                    "nn.Flatten()"])
    assert_refused(lambda: nn.Sequential([nn.Conv2D(2, 3), nn.Tanh(), nn.Dense(3)]),
                   ValueError, ["layers[2] Dense(? -> 3)", "layers[1] outputs (batch, 2, ?, ?)"])
    assert_refused(lambda: nn.Dense(3).forward(np.ones((2, 1, 5, 5))), ValueError,
                   ["2-D (batch, features)", "(2, 1, 5, 5)", "nn.Flatten()"])


def test_non_finite_images_name_the_sample_and_pixel():
    model, x = conv_model(), np.ones((3, 2, 5, 5))
    x[1, 0, 2, 3] = np.nan
    assert_refused(lambda: model.predict(x), ValueError,
                   ["x must be finite", "sample 1, index (0, 2, 3)"], model, [x])


# -- saving -----------------------------------------------------------------------------------

@pytest.mark.parametrize("lazy", [False, True], ids=["declared", "lazy"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
def test_save_and_load_a_conv_model(tmp_path, lazy, dtype):
    model = nn.Sequential([nn.Conv2D(3, 3) if lazy else nn.Conv2D(2, 3, 3), nn.ReLU(),
                           nn.Reshape((3, -1)), nn.Flatten(), nn.Dense(3), nn.Softmax()],
                          seed=1)
    x = images((5, 2, 6, 7), dtype=dtype)
    model.fit(x, targets(5).astype(dtype), loss=nn.CategoricalCrossEntropy(),
              optimizer=nn.Adam(0.01), epochs=2, verbose=0)
    model.save(tmp_path / "cnn.npz")
    loaded = nn.Sequential.load(tmp_path / "cnn.npz")
    assert [repr(layer) for layer in loaded.layers] == [repr(layer) for layer in model.layers]
    assert loaded.in_features == (2, 6, 7) and loaded.dtype == dtype
    assert_weights_equal(weights_of(loaded), weights_of(model), what="loaded weights")
    assert np.array_equal(loaded.predict(x), model.predict(x))
    assert loaded.summary(print_fn=None) == model.summary(print_fn=None)


def test_a_layer_with_any_image_size_saves_and_loads(tmp_path):
    model = nn.Sequential([nn.Conv2D(1, 2, 3, rng=np.random.default_rng(0)), nn.Tanh()])
    model.predict(images((2, 1, 5, 5)))
    model.save(tmp_path / "conv.npz")
    loaded = nn.Sequential.load(tmp_path / "conv.npz")
    x = images((2, 1, 9, 6))
    assert np.array_equal(loaded.predict(x), model.predict(x)), "expected any image size"


def test_a_fully_convolutional_model_takes_any_image_size():
    model = nn.Sequential([nn.Tanh(), nn.Conv2D(1, 2, 3), nn.ReLU()], seed=0)
    assert model.predict(images((2, 1, 8, 8))).shape == (2, 2, 6, 6)
    assert model.predict(images((2, 1, 9, 7))).shape == (2, 2, 7, 5)
    assert model.in_features == (1, 9, 7) and model.out_features == (2, 7, 5)
    assert "(batch, 2, 7, 5)" in model.summary(print_fn=None)


# -- the digits CNN ---------------------------------------------------------------------------

def test_the_digits_cnn_reaches_its_stated_accuracy():
    pytest.importorskip("sklearn")
    example = load_example("digits_cnn")
    model, accuracy = example.train(seed=0)
    assert accuracy >= 0.95, f"expected a test accuracy of at least 0.95, got {accuracy:.4f}"
    assert repr(model.layers[0]) == "Conv2D(1 -> 5, 3x3)"
