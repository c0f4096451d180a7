"""Enough decimals for small numbers to read: gradients of a sigmoid network are ~0.01."""

from __future__ import annotations

import numpy as np

from .matrices import DECIMALS


def decimals_for_scale(*arrays, least: int = DECIMALS, most: int = 4) -> int:
    """One count of decimals for every array of an equation: ``least``, or more when the
    largest value is below 0.1, so that it shows two significant digits (0.012, 0.0031)."""
    top = max((float(np.max(np.abs(a))) for a in arrays if np.size(a)), default=0.0)
    if top == 0 or top >= 10 ** -(least - 1):
        return least
    return int(min(most, max(least, -np.floor(np.log10(top)) + 1)))
