"""The explainer's shared kit: palette, formulas, matrices, code, and the StoryScene base."""

from .code import code_block, highlight, line_number_of, source_file, source_of
from .matrices import as_column, labelled, number_matrix, shown_values, stack
from .palette import (B_COLOR, DIM_COLOR, E_COLOR, RATE_COLOR, SYMBOL_COLORS, TARGET_COLOR,
                      TEXT_COLOR, W_COLOR, X_COLOR, Y_COLOR)
from .scene import PAUSE, StoryScene
from .tex import color_of, grad, math, text

__all__ = [
    "StoryScene", "PAUSE", "math", "grad", "text", "color_of",
    "labelled", "number_matrix", "as_column", "shown_values", "stack",
    "code_block", "highlight", "line_number_of", "source_of", "source_file",
    "X_COLOR", "Y_COLOR", "TARGET_COLOR", "W_COLOR", "B_COLOR", "E_COLOR", "RATE_COLOR",
    "TEXT_COLOR", "DIM_COLOR", "SYMBOL_COLORS",
]
