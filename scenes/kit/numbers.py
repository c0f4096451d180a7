"""How numbers read on screen and in the narration: one rule, ``precision``.

- Values keep two significant digits of the largest one (never fewer than DECIMALS):
  0.53, 0.012, 0.0031; or fewer decimals, if those show every value exactly: XOR's 0
  and 1, a learning rate of 0.1 or 0.001.
- Values too small for that in MOST decimals are shown as textbooks do, with a power of
  ten factored out: 10⁻⁵ × [2.31 −0.57].  So no matrix of real, nonzero numbers reads as
  a matrix of zeros: an entry reads 0 only when it is 0 at the precision of the largest.

The same Precision gives the narration's text (``fmt``): "0.0031", "2.31 × 10⁻⁵".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DECIMALS = 2          # the fewest decimals of a value that is not exact
MOST = 4              # the most decimals before a power of ten is factored out
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def tidy(values, decimals: int = DECIMALS) -> np.ndarray:
    """Values rounded as shown, with -0.00 turned into 0.00 (DecimalNumber would print -0.00)."""
    return np.round(np.asarray(values, dtype=float), decimals) + 0.0


@dataclass(frozen=True)
class Precision:
    """``decimals`` shown of values divided by 10**power (power 0: no factor)."""

    decimals: int
    power: int = 0

    def scaled(self, values) -> np.ndarray:
        """What the entries display: the values over 10**power, rounded."""
        return tidy(np.asarray(values, dtype=float) / 10.0 ** self.power, self.decimals)

    def shown(self, values) -> np.ndarray:
        """The values that the screen says, factor included."""
        return self.scaled(values) * 10.0 ** self.power

    def factor_tex(self) -> str:
        """TeX of the factor before a matrix ("10^{-5} \\times"), or "" without one."""
        return rf"10^{{{self.power}}} \times" if self.power else ""

    def text(self, value: float) -> str:
        """One value as written in the narration: "0.0031", "2.31 × 10⁻⁵"."""
        number = f"{float(self.scaled(value)):.{self.decimals}f}"
        if number.startswith("-") and float(number) == 0:
            number = number[1:]
        if not self.power:
            return number
        return f"{number} × 10{str(self.power).translate(SUPERSCRIPT)}"


def _exact_decimals(values: np.ndarray) -> int | None:
    """The fewest decimals (up to MOST) that show every value exactly, or None."""
    for decimals in range(MOST + 1):
        if np.all(np.abs(np.round(values, decimals) - values)
                  <= 1e-9 * np.maximum(1.0, np.abs(values))):
            return decimals
    return None


def precision(*arrays, rows: int | None = None) -> Precision:
    """How ``arrays`` read on screen, together (the matrices of one equation read alike).

    rows: only the first rows of each array are shown (a truncated column)."""
    shown = [np.atleast_2d(np.asarray(a, dtype=float)) for a in arrays if np.size(a)]
    if rows is not None:
        shown = [a[:rows] for a in shown]
    values = np.concatenate([a.ravel() for a in shown]) if shown else np.zeros(0)
    values = values[np.isfinite(values)]
    exact = _exact_decimals(values)
    largest = float(np.abs(values).max(initial=0.0))
    if largest == 0.0 or largest >= 10.0 ** -(MOST - 1):
        significant = int(np.clip(np.ceil(-np.log10(largest or 1.0)) + 1, DECIMALS, MOST))
        return Precision(exact if exact is not None and exact <= significant else significant)
    power = int(np.floor(np.log10(largest)))
    if round(largest / 10.0 ** power, DECIMALS) >= 10:      # 9.999e-6 reads 1.00 × 10⁻⁵
        power += 1
    return Precision(DECIMALS, power)


def as_precision(decimals: int | Precision | None, *values) -> Precision:
    """``decimals`` as a Precision: None chooses one for ``values``, an int fixes it."""
    if decimals is None:
        return precision(*values)
    return decimals if isinstance(decimals, Precision) else Precision(int(decimals))


def fmt(value: float, decimals: int | Precision | None = None) -> str:
    """A number as the narration says it, written as the screen shows it."""
    return as_precision(decimals, value).text(value)


def fmt_vector(values, decimals: int | Precision | None = None) -> str:
    """``(0, 1)`` for a sample's values in the narration; a single value without brackets."""
    values = np.ravel(values)
    shown = as_precision(decimals, values)
    if values.size == 1:
        return shown.text(values[0])
    return "(" + ", ".join(shown.text(v) for v in values) + ")"
