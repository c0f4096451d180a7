"""Checks on user data: every error names what was expected and what came."""

from __future__ import annotations

import numpy as np

from .shapes import batch_form, fits_rank


def as_batch(data, name: str, dtype=None, axes=("features",)) -> np.ndarray:
    """``data`` as a floating array (batch, *axes), without copying when possible.

    ``axes`` names a sample's axes: ("features",) for rows of features (2-D data),
    ("channels", "height", "width") for images; None takes any sample shape.
    Integer and boolean data become float64; float32 stays float32 unless ``dtype`` says.
    Never modifies ``data``.
    """
    array = np.asarray(data)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers, got an array of dtype {array.dtype}")
    if array.ndim == 1 and axes == ("features",):
        raise ValueError(
            f"{name} must be 2-D (batch, features), got 1-D shape {array.shape}: use "
            f"{name}.reshape(-1, 1) for one feature per sample, or "
            f"{name}.reshape(1, -1) for a single sample")
    if not fits_rank(axes, array.shape):
        hint = (f": use {name}[:, None] for images of one channel"
                if axes and axes[0] == "channels" and array.ndim == len(axes) else "")
        raise ValueError(f"{name} must be {batch_form(axes)}, got shape {array.shape}{hint}")
    if len(array) == 0:
        raise ValueError(f"{name} is empty: expected at least one sample (row), got shape "
                         f"{array.shape}")
    if dtype is None:
        dtype = array.dtype if array.dtype.kind == "f" else np.float64
    array = array.astype(dtype, copy=False)
    if not np.isfinite(array).all():
        bad = np.argwhere(~np.isfinite(array))[0]
        where = (f"row {bad[0]}, column {bad[1]}" if array.ndim == 2 else
                 f"sample {bad[0]}, index {tuple(int(i) for i in bad[1:])}")
        raise ValueError(f"{name} must be finite, got {array[tuple(bad)]} at {where}")
    return array


def check_positive_int(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    return int(value)
