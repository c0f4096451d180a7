"""Conv2D: the convolutional layer of the sequel, Y_i = B_i + sum_j X_j ⋆ K_ij."""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import initializers
from .layer import Layer
from .shapes import Size, as_shape, batch_form, check_size, format_batch, format_size
from .validation import check_positive_int


def correlate(images: np.ndarray, kernels: np.ndarray) -> np.ndarray:
    """Valid cross-correlation of every image with every kernel, summed over the channels:
    out[n, o] = sum_c images[n, c] ⋆ kernels[o, c]; images (n, c, h, w), kernels
    (o, c, kh, kw), out (n, o, h - kh + 1, w - kw + 1).

    Always one matrix product, arranged so that the least is copied:
    - fewer kernels than channels (dE/dX: the layer's j from its i), kernels up to 5x5:
      every kernel pixel multiplies the whole images first, and the products are added,
      shifted by the pixel's offset (u, v);
    - else the images' windows are copied into columns (im2col, from numpy's
      ``sliding_window_view``), along their longer rows: those of the output when the
      kernels are small (forward), those of the kernel when it is the larger (dE/dK, where
      dE/dY plays the kernel); the kernels, as rows, multiply all the columns at once.
    """
    n, c, h, w = images.shape
    o, _, kh, kw = kernels.shape
    oh, ow = h - kh + 1, w - kw + 1
    if o * h * w < c * oh * ow and kh * kw <= 25:   # multiply, then add kh kw shifted
        rows = kernels.transpose(0, 2, 3, 1).reshape(o * kh * kw, c)
        products = (rows @ images.reshape(n, c, h * w)).reshape(n, o, kh, kw, h, w)
        out = products[:, :, 0, 0, :oh, :ow].copy()                      # [n, o, y, x]
        for u, v in np.ndindex(kh, kw):
            if u or v:
                out += products[:, :, u, v, u:u + oh, v:v + ow]
        return out
    if kw <= ow:    # windows as large as the output, at every kernel offset (u, v)
        columns = sliding_window_view(images, (oh, ow), axis=(2, 3))   # [n, c, u, v, y, x]
        columns = columns.transpose(1, 2, 3, 0, 4, 5).reshape(c * kh * kw, n * oh * ow)
        out = kernels.reshape(o, c * kh * kw) @ columns                 # [o, (n, y, x)]
        return swap(out.reshape(o, n, oh, ow))
    columns = sliding_window_view(images, (kh, kw), axis=(2, 3))        # [n, c, y, x, u, v]
    columns = columns.transpose(0, 2, 3, 1, 4, 5).reshape(n * oh * ow, c * kh * kw)
    out = columns @ kernels.reshape(o, c * kh * kw).T                   # [(n, y, x), o]
    return out.reshape(n, oh, ow, o).transpose(0, 3, 1, 2)


def pad(images: np.ndarray, size: int) -> np.ndarray:
    """``images`` (n, c, h, w) with ``size`` zeros added all round."""
    n, c, h, w = images.shape
    padded = np.zeros((n, c, h + 2 * size, w + 2 * size), images.dtype)
    padded[:, :, size:size + h, size:size + w] = images
    return padded


def swap(array: np.ndarray) -> np.ndarray:
    """The first two axes exchanged (a view): samples and channels, or a kernel's i and j."""
    return array.transpose(1, 0, 2, 3)


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
    All three are one operation, ``correlate`` (one matrix product each): dE/dK correlates
    the inputs with dE/dY, samples taking the place of channels (``swap``).

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
        self.choose_initializer(initializer, rng)
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
        Y = correlate(x, K)                             # sum_j X_j ⋆ K_ij
        Y += B[:, None, None]                           # Y_i = B_i + sum_j X_j ⋆ K_ij
        return Y

    def backward(self, output_gradient: np.ndarray) -> np.ndarray:
        X, dY, K = self.input, output_gradient, self.params["kernels"]
        dK = correlate(swap(X), swap(dY))               # [j, i]: summed over the samples
        self.grads["kernels"] = swap(dK)                # dE/dK_ij = X_j ⋆ dE/dY_i
        self.grads["bias"] = dY.sum(axis=(0, 2, 3))     # dE/dB_i = dE/dY_i, summed
        full = pad(dY, self.kernel_size - 1)            # k - 1 zeros all round dE/dY
        turned = swap(K[:, :, ::-1, ::-1])              # every K_ij turned 180°, as [j, i]
        return correlate(full, turned)                  # dE/dX_j = sum_i dE/dY_i *full K_ij

    def backward_params(self, output_gradient: np.ndarray) -> None:
        """backward without dE/dX, for a first layer: its input is the data, and nothing
        below needs dE/dX, which costs more than the kernels' gradient."""
        dY = output_gradient
        self.grads["kernels"] = swap(correlate(swap(self.input), swap(dY)))  # X_j ⋆ dE/dY_i
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
