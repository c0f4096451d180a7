"""Layout: keep groups inside the frame whatever the story's matrix sizes are.

One way to place things: build a ``row_of`` things (fitted to the frame's width), ``fit``
anything else into a width and height, ``place_between`` two heights, and ``keep_inside``
the usable width without resizing.  Sizes are read from the
frame (WIDTH, the usable width; TOP and BOTTOM, the usable band), never typed in.
"""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, Line, MathTex, Mobject, VGroup, config

from .palette import DIM_COLOR, E_COLOR, Y_COLOR
from .symbolic import formula


MARGIN = 0.5                                   # kept clear around the frame's edges
WIDTH = config.frame_width - 2 * MARGIN        # the usable width
TOP = config.frame_height / 2 - MARGIN         # the usable band, top to bottom
BOTTOM = -TOP


def fit(mob: Mobject, width: float | None = None, height: float | None = None) -> Mobject:
    """Scale ``mob`` down (never up) so that it fits in width x height (default: the frame
    less a margin).  Matrix sizes follow the story's configuration, so scenes call this
    instead of trusting one layout."""
    width = config.frame_width - 1.0 if width is None else width
    height = config.frame_height - 1.0 if height is None else height
    factor = min(1.0, width / max(mob.width, 1e-6), height / max(mob.height, 1e-6))
    if factor < 1.0:
        mob.scale(factor)
    return mob


def keep_inside(mob: Mobject, width: float = WIDTH) -> Mobject:
    """Shift ``mob`` sideways, as little as needed, into the middle ``width`` of the frame
    (the usable width by default), keeping its size (fit scales instead)."""
    half = width / 2
    if mob.get_right()[0] > half:
        mob.shift(LEFT * (mob.get_right()[0] - half))
    if mob.get_left()[0] < -half:
        mob.shift(RIGHT * (-half - mob.get_left()[0]))
    return mob


def place_between(mob: Mobject, top: float, bottom: float, width: float | None = None,
                  x: float = 0.0) -> Mobject:
    """Fit ``mob`` into the horizontal band between heights top and bottom, centred in it."""
    fit(mob, width=width, height=top - bottom)
    return mob.move_to([x, (top + bottom) / 2, 0])


def row_of(*items, buff: float = 0.3, label_buff: float = 0.2, label_size: float = 38,
        width: float | None = WIDTH):
    """A row of things, fitted to ``width`` (the frame's usable width; None: not fitted).
    Each item is a Mobject (an operator such as MathTex("=")), or a pair (matrix, label
    TeX), or (matrix, label TeX, label font size): the labels (kit.formula) sit above
    their matrices, all on one line.

    Returns VGroup(row, labels) with .row and .labels."""
    things, labels = VGroup(), VGroup()
    pairs = []
    for item in items:
        if isinstance(item, tuple):
            matrix, tex, *size = item
            things.add(matrix)
            pairs.append((matrix, formula(tex, font_size=size[0] if size else label_size)))
        else:
            things.add(item)
    things.arrange(RIGHT, buff=buff)
    top = max(matrix.get_top()[1] for matrix, _ in pairs) if pairs else 0
    for matrix, label in pairs:
        label.move_to([matrix.get_x(), top + label_buff + label.height / 2, 0])
        labels.add(label)
    group = VGroup(things, labels)
    group.row, group.labels = things, labels
    return fit(group, width=width) if width is not None else group


def verdict(agree: bool, font_size: float = 48):
    """A check mark when the numbers computed on screen equal nn's, a red ≠ otherwise."""
    return MathTex(r"\checkmark" if agree else r"\neq", font_size=font_size,
                   color=Y_COLOR if agree else E_COLOR)


def checked(lhs, rhs: list, recorded, recorded_label: str, agree: bool,
            label_size: float = 38, recorded_label_size: float = 28,
            stacked: bool = False) -> VGroup:
    """``lhs = rhs... | recorded ✓`` on one labelled row: the value computed on screen from
    the numbers shown, then, past a separator, the value nn recorded, labelled as code.
    stacked: the recorded value on a line of its own below (``label = recorded ✓``).
    lhs and rhs items are as for row_of; .computed and .recorded are the two halves,
    .row the computed row's mobjects (lhs, =, rhs...)."""
    if stacked:
        computed = row_of(lhs, MathTex("=", font_size=40), *rhs, label_size=label_size)
        recorded_row = VGroup(formula(recorded_label, font_size=recorded_label_size * 1.2),
                              MathTex("=", font_size=40), recorded, verdict(agree))
        recorded_row.arrange(RIGHT, buff=0.25)
        group = VGroup(computed, recorded_row).arrange(DOWN, buff=0.45)
        group.row, group.labels = computed.row, computed.labels
        group.computed, group.recorded = computed, recorded_row
        return group
    separator = Line(UP, DOWN, color=DIM_COLOR, stroke_width=2)
    group = row_of(lhs, MathTex("=", font_size=40), *rhs, separator,
                         (recorded, recorded_label, recorded_label_size), verdict(agree),
                         label_size=label_size)
    separator.scale_to_fit_height(max(m.height for m in group.row))
    group.computed = VGroup(*group.row[:-3], *group.labels[:-1])
    group.recorded = VGroup(*group.row[-3:], group.labels[-1])
    return group
