"""Sample sizes: what a layer takes and gives, for one sample (the batch axis left out).

A size is an ``int`` for a vector sample, its number of features (Dense: ``in_features``
columns), or a ``tuple`` for any other sample shape: Conv2D takes (channels, height,
width). ``None`` in a tuple is a size the layer accepts any of: ``Conv2D(1, 5, 3)`` takes
``(1, None, None)``, images of one channel and any height and width. A size of ``None``
altogether is not known yet.
"""

from __future__ import annotations

import math

import numpy as np

Size = int | tuple[int | None, ...]


def _is_count(value) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, np.integer)) and value >= 1


def sample_size(shape) -> Size:
    """A sample's shape as a size: ``(n,)`` -> ``n``, any other shape a tuple."""
    shape = tuple(None if s is None else int(s) for s in shape)
    return shape[0] if len(shape) == 1 and shape[0] is not None else shape


def as_shape(size: Size) -> tuple[int | None, ...]:
    """A size as a tuple: ``n`` -> ``(n,)``."""
    return (size,) if isinstance(size, (int, np.integer)) else tuple(size)


def check_size(size, what: str) -> Size:
    """``size`` as a size (a positive int, or a tuple of positive ints and None), else a
    ValueError that names ``what``."""
    if _is_count(size):
        return int(size)
    if isinstance(size, (tuple, list)) and size and all(s is None or _is_count(s)
                                                        for s in size):
        return sample_size(size)
    raise ValueError(f"{what} must be a positive integer or a shape (a tuple of positive "
                     f"integers), got {size!r}")


def is_known(size: Size | None) -> bool:
    """Whether every number of ``size`` is known."""
    return size is not None and None not in as_shape(size)


def fits(expected: Size, size: Size) -> bool:
    """Whether a sample of ``size`` fits a layer that expects ``expected`` (None: any)."""
    expected, size = as_shape(expected), as_shape(size)
    return len(expected) == len(size) and all(
        e is None or s is None or e == s for e, s in zip(expected, size))


def count(size: Size | None) -> int | None:
    """How many numbers one sample of ``size`` holds; None if not known."""
    return math.prod(as_shape(size)) if is_known(size) else None


def format_size(size: Size | None) -> str:
    """``5`` -> ``5``; ``(1, None, None)`` -> ``(1, ?, ?)``; None -> ``?``."""
    if size is None or isinstance(size, (int, np.integer)):
        return "?" if size is None else str(size)
    return "(" + ", ".join("?" if s is None else str(s) for s in size) + \
        ("," if len(size) == 1 else "") + ")"


def format_batch(size: Size | None) -> str:
    """The shape of a batch of samples of ``size``: ``(batch, 5, 6, 6)``."""
    inner = "?" if size is None else format_size(as_shape(size))[1:-1].rstrip(",")
    return f"(batch, {inner})"


def describe_input(size: Size) -> str:
    """What a layer expects, in words: ``5 input features``, ``input of shape (1, ?, ?)``."""
    if isinstance(size, (int, np.integer)):
        return f"{size} input features"
    return f"input of shape {format_size(size)}"


def batch_form(axes: tuple[str, ...] | None) -> str:
    """A batch of samples with ``axes``, in words: ``2-D (batch, features)``; None (any
    sample shape): ``at least 2-D (batch, ...)``."""
    if axes is None:
        return "at least 2-D (batch, ...)"
    return f"{len(axes) + 1}-D (batch, {', '.join(axes)})"


def fits_rank(axes: tuple[str, ...] | None, shape: tuple) -> bool:
    """Whether an array of ``shape`` is a batch of samples with ``axes`` (None: any)."""
    return len(shape) >= 2 if axes is None else len(shape) == len(axes) + 1
