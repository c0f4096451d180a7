"""How many decimals a value gets on screen, and the same text for the narration."""

from __future__ import annotations

import numpy as np

from .matrices import DECIMALS


def decimals_for(values, decimals: int = DECIMALS) -> int:
    """0 for whole numbers (XOR's inputs and targets), else ``decimals``."""
    values = np.asarray(values, dtype=float)
    return 0 if np.all(values == np.round(values)) else decimals


def decimals_to_show(value: float, significant: int = 2, least: int = DECIMALS) -> int:
    """Enough decimals to show ``significant`` digits of one value too small for ``least``
    decimals (0.000018); ``least`` otherwise."""
    value = abs(float(value))
    if value == 0 or value >= 10 ** -least:
        return least
    return int(-np.floor(np.log10(value))) + significant - 1


def fmt(value: float, decimals: int = DECIMALS) -> str:
    """A number as the narration says it, rounded like the screen shows it."""
    text = f"{float(value):.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def fmt_vector(values, decimals: int = DECIMALS) -> str:
    """``(0, 1)`` for a sample's values in the narration; a single value without brackets."""
    values = np.ravel(values)
    if values.size == 1:
        return fmt(values[0], decimals)
    return "(" + ", ".join(fmt(v, decimals) for v in values) + ")"


def tidy(values, decimals: int = DECIMALS) -> np.ndarray:
    """Values rounded as shown, with -0.00 turned into 0.00 (DecimalNumber would print -0.00)."""
    return np.round(np.asarray(values, dtype=float), decimals) + 0.0


def exact_decimals(value: float, least: int = DECIMALS, most: int = 6) -> int:
    """The fewest decimals (at least ``least``) that show ``value`` exactly: 0.1 -> 2."""
    for decimals in range(least, most + 1):
        if abs(round(float(value), decimals) - float(value)) < 1e-12:
            return decimals
    return most


MAX_DECIMALS = 5


def significant_decimals(values, rows: int | None = None, least: int = DECIMALS,
                         most: int = MAX_DECIMALS) -> int:
    """Decimals that keep two significant digits of the largest value of a matrix (0.012,
    0.0031), between ``least`` and ``most``.

    Gradients shrink (a 2/n factor, saturated activations): at two decimals they read 0.00.
    ``rows``: only the first rows are shown (a truncated column); None: all of them.
    """
    shown = np.atleast_2d(np.asarray(values, dtype=float))
    if rows is not None:
        shown = shown[:rows]
    largest = float(np.abs(shown).max(initial=0.0))
    if largest == 0.0 or largest >= 10 ** -(least - 1):
        return least
    return int(np.clip(np.ceil(-np.log10(largest)) + 1, least, most))


def decimals_for_scale(*arrays, least: int = DECIMALS, most: int = 4) -> int:
    """One count of decimals for every array of an equation (significant_decimals of the
    largest value among them), so that all its matrices read alike."""
    largest = max((float(np.max(np.abs(a))) for a in arrays if np.size(a)), default=0.0)
    return significant_decimals(largest, least=least, most=most)
