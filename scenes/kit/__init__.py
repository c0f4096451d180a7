"""The explainer's kit: everything a chapter may use, in one place.

A chapter imports only from here (``from scenes import kit`` or ``from scenes.kit import
...``); a test enforces it.  The submodules are the kit's own business.

One of each thing:

- The scene: StoryScene (self.story, self.chapter, self.narrate, self.shown), PAUSE
  (the calm that closes a step), LINE_PAUSE (after each line).
- Colours: X_COLOR ... (one per symbol), SYMBOL_COLORS, TEXT_COLOR, DIM_COLOR.
- Formulas: ``formula`` (symbols split by rule, or by hand in {{ }}, each in its colour),
  ``grad_of`` (dE/dS), part_of, color_of, text (prose), tt (a code name in prose); symbol_matrix, general_rows;
  the activation's formulas (formulas_for).
- Numbers: ``precision`` decides how any values read (decimals, and a power of ten
  factored out when they are small); number_matrix, number, head_matrix, batch_matrix,
  labelled and fmt / fmt_vector (the narration's text) all follow it.  shown_values reads
  back what a matrix shows, factor included.  as_column, stack, GlyphNumber, SciNumber.
- Code: source_of, source_file, source_lines, class_excerpt, code_block, highlight;
  line_number_of / region_of / source_between / paragraph_of (code found by content);
  fade_in / fade_out (any big mobject, without copying it) and focus (dim all but some
  lines); traced (run code, and read the shapes each line made: Call, made_by, shape_of).
- Layout: row_of (a row of things, labelled, fitted to the frame), fit, place_between,
  keep_inside (shift into the usable width, keeping the size),
  WIDTH / TOP / BOTTOM (the usable frame), checked, verdict, CODE_FONT, layer_block,
  chain, arrow_between.
- Pictures of the run: InputPlane, boundary images (one output, or a softmax's classes:
  picture_of, boundary_lines), LossPlot and AccuracyPlot (curves against the epoch), the
  3-D SurfaceMesh, XOR's example runs;
  TrainingScene (a chapter that shows the run learning on its input square).
- The sequel's pictures: NumberGrid (an image, a kernel or a map as shaded cells, its
  numbers written in), window_values, reshade (new values, the same cells: live
  training); channel_maps / legible_grid / maps_layout (every channel's map side by side,
  numbers only where legible).
- How the weights move: optimizer_settings ([optimizers] in the story's TOML), runs_at
  (SGD, momentum and Adam from the story's start), slice_for / loss_slice (the loss over
  two weights), one_step (one step of a rule, live numbers, checked against nn).
- A kernel turned by 180°: turned (the values), ROT180 (its TeX), half_turn / set_upright
  (the turn on screen, the numbers carried upright or turned back after), read_back (a
  grid's numbers where they sit on screen).
"""

from types import ModuleType

from ..program import program_for
from ..story import make_optimizer
from .activation_formulas import color_f_prime, formulas_for
from .batch import batch_matrix, column_of
from .blocks import BLOCK_FILL, CODE_FONT, arrow_between, block_color, chain, layer_block
from .boundary import (CLASS_COLORS, COARSE, Grid, boundary_frames, boundary_image,
                       boundary_lines, class_color, class_indices, contour_lines,
                       decision_level, first_epoch_all_correct, grid_for, grid_values,
                       heat_colors, outputs_over_run, picture_of, predicted_classes,
                       region_colors, snapshot_model)
from .code import (code_block, highlight, line_number_of, paragraph_of, region_of, source_file,
                   source_of)
from .fade import fade_in, fade_out, focus
from .excerpt import class_excerpt, source_between, source_lines
from .glyph_number import GlyphNumber
from .image_camera import RegionImageCamera
from .layout import (BOTTOM, TOP, WIDTH, checked, fit, keep_inside, place_between, row_of,
                     verdict)
from .layout_check import problems_in as layout_problems
from .live_training import TrainingScene
from .long_matrices import head_matrix
from .loss_plot import AccuracyPlot, LossPlot, SciNumber, scientific
from .matrices import as_column, labelled, number, number_matrix, shown_values, stack
from .narration import LINE_PAUSE
from .numbers import DECIMALS, Precision, fmt, fmt_vector, precision, tidy
from .optimizer_runs import (LIVE_STEP, RULES, WEIGHT_NAMES, LossSlice, OneStep,
                             OptimizerSettings, Outcome, PathRun, axis_top, color_levels,
                             loss_slice, one_step, optimizer_settings, round_values, runs_at,
                             settings_from_table, slice_colors, slice_for, story_rule)
from .palette import (B_COLOR, DIM_COLOR, E_COLOR, F_PRIME_COLOR, RATE_COLOR, SYMBOL_COLORS,
                      TARGET_COLOR, TEXT_COLOR, W_COLOR, X_COLOR, Y_COLOR)
from .plane import CONTOUR_STYLE, InputPlane
from .scene import PAUSE, StoryScene
from .surface import CUBE_EDGES, SurfaceMesh, View, cube_corners, face_colors, plane_in_cube
from .symbolic import (color_of, formula, general_rows, grad_of, part_of, symbol_matrix,
                       text, tt)
from .trace import Call, made_by, shape_of, traced

from .xor_runs import hidden_view, linear_run

# Beyond the video: the story of many classes (its [beyond] table), softmax and the
# categorical cross-entropy with its numbers (kit.softmax_numbers).
from ..story import beyond_story
from .softmax_numbers import EXP_LIMIT, SHIFT, SoftmaxNumbers, fused_and_chained, softmax_numbers

# The sequel, a convolutional network on the 8x8 digits: its story (the [cnn] table of the
# story's TOML, scenes.cnn_story) and images, kernels and feature maps as grids of numbers.
from ..cnn_story import CnnConfig, CnnStory, cnn_config, cnn_story
from .cnn_grids import NumberGrid, reshade, window_values

# The sequel's maps of every channel side by side (feature maps and their gradients).
from .cnn_maps import LEGIBLE_CELL, channel_maps, legible_grid, maps_layout

# A kernel turned by 180°, on screen and in numbers (the sequel's chapters 2 and 7).
from .kernel_turn import ROT180, half_turn, read_back, set_upright, turned

__all__ = [name for name, value in dict(globals()).items()
           if not name.startswith("_") and not isinstance(value, ModuleType)]
