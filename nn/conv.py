"""Conv2D: the convolutional layer of the sequel, Y_i = B_i + sum_j X_j ⋆ K_ij."""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import initializers
from .layer import Layer
from .shapes import Size, as_shape, batch_form, check_size, format_batch, format_size
from .validation import check_positive_int


def windows(images: np.ndarray, size: int | tuple[int, int]) -> np.ndarray:
    """Every window of ``size`` (k: k x k) of a batch of images (batch, channels, h, w), as
    a view (nothing is copied): shape (batch, channels, h - k + 1, w - k + 1, k, k), where
    window [y, x] holds the pixels [y : y + k, x : x + k]."""
    return sliding_window_view(images, (size, size) if np.ndim(size) == 0 else size,
                               axis=(2, 3))


class Conv2D(Layer):
    """Convolutional layer: ``Conv2D(in_channels, out_channels, kernel_size)`` or
    ``Conv2D(out_channels, kernel_size)``.

    Shapes, in the sequel's symbols (j input channels, i output channels, k x k kernels):
        K = params["kernels"]: (i, j, k, k), kernel K_ij joins input channel j to output i
        B = params["bias"]:    (i,)
        x: (batch, j, h, w)    y: (batch, i, h - k + 1, w - k + 1)    one sample per row

    forward is a valid cross-correlation (⋆), stride 1, no padding, as in PyTorch's
    ``conv2d``: Y_i = B_i + sum_j X_j ⋆ K_ij. backward:
        dE/dK_ij = X_j ⋆ dE/dY_i
        dE/dB_i  = dE/dY_i, summed over its positions (and over the batch)
        dE/dX_j  = sum_i dE/dY_i *full K_ij   (a full convolution: dE/dY padded with k - 1
                   zeros all round, correlated with the kernel turned by 180 degrees)
    Each einsum reads like its formula: b is the sample, j and i the channels, y, x a
    window's position and u, v a pixel in the window (or in the kernel).

    The bias is tied: one number per kernel, added at every position (PyTorch and Keras do
    the same). The original video's layer had one bias per output pixel, of shape
    (i, h - k + 1, w - k + 1): more parameters, and a layer that only takes one image size.
    Tied, the layer sees every position alike, and takes images of any height and width.

    ``Conv2D(in_channels, out_channels, kernel_size)`` has its parameters at once; its
    ``in_features`` is (in_channels, None, None): any height and width. In
    ``Conv2D(out_channels, kernel_size)`` the input channels are read from the first
    forward (or given by a Sequential). initializer and rng: as in ``Dense``; the default
    is Glorot, with fan_in = j k k and fan_out = i k k.
    """

    input_axes = ("channels", "height", "width")

    def __init__(self, in_channels: int | None = None, out_channels: int | None = None,
                 kernel_size: int | None = None, *, initializer: str | None = None,
                 rng: np.random.Generator | None = None) -> None:
        super().__init__()
        if kernel_size is None:  # Conv2D(out_channels, kernel_size): channels inferred
            in_channels, out_channels, kernel_size = None, in_channels, out_channels
        self.out_channels = check_positive_int("Conv2D out_channels", out_channels)
        self.kernel_size = check_positive_int("Conv2D kernel_size", kernel_size)
        initializers.check_choice(initializer, rng)     # fail now, not at the first draw
        self.initializer = initializer
        self._chosen_initializer = initializer is not None    # by the user, not suggested
        self.rng = rng
        self.input: np.ndarray | None = None
        if in_channels is not None:
            self.build((check_positive_int("Conv2D in_channels", in_channels), None, None))

    # -- sizes ----------------------------------------------------------------------------

    def _check(self, shape: tuple) -> None:
        """Raise unless a batch of ``shape`` fits: 4-D, the layer's input channels (once
        known), images at least as large as the kernel (None: any size)."""
        k, channels = self.kernel_size, self.in_features and self.in_features[0]
        shown = format_batch(shape[1:]) if shape[0] is None else format_size(shape)
        if len(shape) != 4:
            hint = ": use x[:, None] for images of one channel" if len(shape) == 3 else ""
            raise ValueError(f"{self.describe()} takes {batch_form(self.input_axes)} batches, "
                             f"got shape {shown}{hint}")
        if channels is not None and shape[1] is not None and shape[1] != channels:
            raise ValueError(f"{self.describe()} expects images of {channels} channel"
                             f"{'s' * (channels != 1)}, got {shape[1]} (shape {shown})")
        if any(side is not None and side < k for side in shape[2:]):
            raise ValueError(f"{self.describe()} needs images of at least {k}x{k} pixels, its "
                             f"kernel's size, got {shape[2]}x{shape[3]} (shape {shown})")

    def build(self, in_features: Size, rng: np.random.Generator | None = None) -> None:
        """Build for images of ``in_features`` = (channels, height, width): the parameters
        depend on the channels alone, so the layer keeps (channels, None, None)."""
        shape = as_shape(check_size(in_features, f"{self.describe()}: in_features"))
        self._check((None, *shape))
        super().build((shape[0], None, None), rng)

    def output_features(self, in_features: Size | None) -> Size:
        shape = as_shape(in_features if in_features is not None else (None,) * 3)
        self._check((None, *shape))
        k = self.kernel_size
        return (self.out_channels, *(None if side is None else side - k + 1
                                     for side in shape[1:]))

    def init_params(self, in_features: Size, rng: np.random.Generator) -> dict[str, np.ndarray]:
        k = self.kernel_size
        kernels, bias = initializers.weights_and_bias(
            self.initializer, (self.out_channels, in_features[0], k, k), rng)
        return {"kernels": kernels, "bias": bias}

    def suggest_initializer(self, name: str) -> None:
        if not self._chosen_initializer:
            self.initializer = name

    # -- computing ------------------------------------------------------------------------

    def forward(self, x: np.ndarray) -> np.ndarray:
        if x.ndim != 4 or x.shape[1] != self.in_features[0] or \
                min(x.shape[2:]) < self.kernel_size:
            self._check(x.shape)
        self.input = x
        K, B = self.params["kernels"], self.params["bias"]
        X = windows(x, self.kernel_size)                # X[b, j, y, x] is a k x k window
        Y = np.einsum("bjyxuv,ijuv->biyx", X, K, optimize=True)   # sum_j X_j ⋆ K_ij
        Y += B[:, None, None]                           # Y_i = B_i + sum_j X_j ⋆ K_ij
        return Y

    def backward(self, output_gradient: np.ndarray) -> np.ndarray:
        dY, K, k = output_gradient, self.params["kernels"], self.kernel_size
        X = windows(self.input, dY.shape[2:])           # windows of X as large as dE/dY
        self.grads["kernels"] = np.einsum("bjuvyx,biyx->ijuv", X, dY,
                                          optimize=True)    # dE/dK_ij = X_j ⋆ dE/dY_i
        self.grads["bias"] = dY.sum(axis=(0, 2, 3))     # dE/dB_i = dE/dY_i, summed
        full = np.pad(dY, ((0, 0), (0, 0), (k - 1, k - 1), (k - 1, k - 1)))
        turned = K[:, :, ::-1, ::-1]                    # each kernel turned by 180 degrees
        return np.einsum("biyxuv,ijuv->bjyx", windows(full, k), turned,
                         optimize=True)                 # dE/dX_j = sum_i dE/dY_i *full K_ij

    def backward_params(self, output_gradient: np.ndarray) -> None:
        """backward without dE/dX, for a first layer: its input is the data, and nothing
        below needs dE/dX, which costs more than the kernels' gradient."""
        dY = output_gradient
        X = windows(self.input, dY.shape[2:])
        self.grads["kernels"] = np.einsum("bjuvyx,biyx->ijuv", X, dY, optimize=True)
        self.grads["bias"] = dY.sum(axis=(0, 2, 3))

    # -- describing -----------------------------------------------------------------------

    def get_config(self) -> dict:
        return {"in_channels": self.in_features and self.in_features[0],
                "out_channels": self.out_channels, "kernel_size": self.kernel_size,
                "initializer": self.initializer}

    def describe(self) -> str:
        k = self.kernel_size
        channels = self.in_features[0] if self.in_features else "?"
        return f"Conv2D({channels} -> {self.out_channels}, {k}x{k})"
