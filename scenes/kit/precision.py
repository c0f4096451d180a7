"""How many decimals a column of real numbers needs on screen.

Gradients shrink (a 2/n factor, saturated activations): at two decimals they read 0.00.
(kit.numbers.decimals_for answers another question: 0 decimals for whole numbers.)
"""

from __future__ import annotations

import numpy as np

MIN_DECIMALS = 2
MAX_DECIMALS = 5


def significant_decimals(values, rows: int | None = None) -> int:
    """Decimals that keep two significant digits of the largest shown value (at least 2).

    ``rows``: only the first rows are shown (a truncated column); None: all of them.
    """
    shown = np.atleast_2d(np.asarray(values, dtype=float))
    if rows is not None:
        shown = shown[:rows]
    largest = float(np.abs(shown).max(initial=0.0))
    if largest == 0.0 or largest >= 0.1:
        return MIN_DECIMALS
    return int(np.clip(np.ceil(-np.log10(largest)) + 1, MIN_DECIMALS, MAX_DECIMALS))
