"""The explainer's kit: everything a chapter may use, in one place.

A chapter imports only from here (``from scenes import kit`` or ``from scenes.kit import
...``); a test enforces it.  The submodules are the kit's own business.

- The scene: StoryScene (self.story, self.chapter, self.narrate, self.shown), PAUSE
  (the calm that closes a step), LINE_PAUSE (after each line).
- Colours: X_COLOR ... (one per symbol), SYMBOL_COLORS, TEXT_COLOR, DIM_COLOR.
- Formulas: math (pieces split by hand in {{ }}), formula (index notation, split by
  rule), grad / grad_of, symbol_matrix, general_rows, part_of, activation formulas.
- Numbers: number_matrix, labelled, shown_values, as_column, stack, head_matrix,
  batch_matrix, GlyphNumber, SciNumber; how many decimals: decimals_for and friends,
  fmt / fmt_vector / tidy for text.
- Code: source_of, source_file, source_lines, class_excerpt, code_block, highlight,
  line_number_of / region_of (code found by content), focus, curtain_in / curtain_out.
- Layout: fit, place_between, labelled_row, checked, verdict, CODE_FONT, layer_block,
  chain, arrow_between.
- Pictures of the run: InputPlane, boundary images, LossPlot, the 3-D SurfaceMesh, XOR's
  example runs.
"""

from types import ModuleType

from ..story import make_optimizer
from .activation_formulas import color_f_prime, formulas_for
from .batch import batch_matrix, column_of
from .blocks import BLOCK_FILL, CODE_FONT, arrow_between, block_color, chain, layer_block
from .boundary import (COARSE, Grid, boundary_frames, boundary_image, class_color,
                       contour_lines, decision_level, first_epoch_all_correct, grid_for,
                       grid_values, heat_colors, outputs_over_run, snapshot_model)
from .code import code_block, highlight, line_number_of, region_of, source_file, source_of
from .code_focus import focus
from .curtain import curtain_in, curtain_out
from .excerpt import class_excerpt, source_lines
from .glyph_number import GlyphNumber
from .image_camera import RegionImageCamera
from .layout import checked, fit, labelled_row, place_between, verdict
from .long_matrices import head_matrix
from .loss_plot import LossPlot, SciNumber, scientific
from .matrices import DECIMALS, as_column, labelled, number_matrix, shown_values, stack
from .narration import LINE_PAUSE
from .numbers import (decimals_for, decimals_for_scale, decimals_to_show, exact_decimals,
                      fmt, fmt_vector, significant_decimals, tidy)
from .palette import (B_COLOR, DIM_COLOR, E_COLOR, F_PRIME_COLOR, RATE_COLOR, SYMBOL_COLORS,
                      TARGET_COLOR, TEXT_COLOR, W_COLOR, X_COLOR, Y_COLOR)
from .plane import CONTOUR_STYLE, InputPlane
from .scene import PAUSE, StoryScene
from .surface import CUBE_EDGES, SurfaceMesh, View, cube_corners, face_colors, plane_in_cube
from .symbolic import formula, general_rows, grad_of, part_of, symbol_matrix
from .tex import color_of, grad, math, text
from .xor_runs import EXAMPLES_DIR, hidden_view, linear_run, run_example

__all__ = [name for name, value in dict(globals()).items()
           if not name.startswith("_") and not isinstance(value, ModuleType)]
