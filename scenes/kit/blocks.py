"""Layers drawn as blocks, the lego pieces of the library, and chains of them.

    model = story.new_model()
    blocks = [layer_block(layer.describe(), kind=type(layer).__name__) for layer in model.layers]
    row = chain(blocks)          # blocks joined by arrows, left to right

Every label comes from the layer itself (``describe()``, recorded shapes); nothing typed.
"""

from __future__ import annotations

from manim import (RIGHT, Arrow, RoundedRectangle, Text, VGroup)

import nn

from .palette import DIM_COLOR, TEXT_COLOR, W_COLOR

CODE_FONT = "DejaVu Sans Mono"
BLOCK_FILL = "#1b1f2e"


def has_params(kind: str) -> bool:
    """Whether nn's layer class of that name holds parameters (overrides init_params):
    Dense, Conv2D, and any layer registered later."""
    layer = nn.LAYERS.get(kind)
    return layer is not None and layer.init_params is not nn.Layer.init_params


def block_color(kind: str):
    """Layers with parameters take the colour of W; the others stay neutral."""
    return W_COLOR if has_params(kind) else DIM_COLOR


def layer_block(title: str, kind: str, subtitle: str | None = None, font_size: float = 22,
                min_width: float = 0.0, height: float | None = None,
                subtitle_size: float | None = None) -> VGroup:
    """A rounded block labelled ``title`` (monospace), with an optional second line (at
    ``subtitle_size``, by default 0.8 of ``font_size``).

    ``group.frame`` is the rectangle, ``group.label`` the text; ``group.kind`` the class name.
    """
    label = Text(title, font=CODE_FONT, font_size=font_size, color=TEXT_COLOR)
    if subtitle is not None:
        second = Text(subtitle, font=CODE_FONT, font_size=subtitle_size or font_size * 0.8,
                      color=DIM_COLOR)
        label = VGroup(label, second).arrange(direction=[0, -1, 0], buff=0.12)
    width = max(label.width + 0.45, min_width)
    frame = RoundedRectangle(corner_radius=0.12, width=width,
                             height=height or label.height + 0.45,
                             stroke_color=block_color(kind), stroke_width=3,
                             fill_color=BLOCK_FILL, fill_opacity=1)
    label.move_to(frame)
    group = VGroup(frame, label)
    group.frame, group.label, group.kind = frame, label, kind
    return group


def arrow_between(left, right, color=DIM_COLOR, buff: float = 0.1) -> Arrow:
    return Arrow(left.get_right(), right.get_left(), buff=buff, color=color,
                 stroke_width=3, max_tip_length_to_length_ratio=0.25, tip_length=0.18)


def chain(items, buff: float = 0.6, color=DIM_COLOR) -> VGroup:
    """``items`` arranged left to right with arrows between them.

    Returns VGroup(items_group, arrows_group); ``group.items`` and ``group.arrows``.
    """
    items = VGroup(*items).arrange(RIGHT, buff=buff)
    arrows = VGroup(*(arrow_between(a, b, color) for a, b in zip(items, items[1:])))
    group = VGroup(items, arrows)
    group.items, group.arrows = items, arrows
    return group
