"""A machine's look at a scene's layout, after every animation: for configurations that
no person has looked at (the layout sweep, tests/test_layout_sweep.py).

With $NN_LAYOUT_CHECK=1, StoryScene checks what is on screen at the end of each ``play``:

- **inside the frame**: every visible part of every mobject lies within the frame;
- **legible**: text, formulas and numbers are drawn at a font size of at least
  LEGIBLE_FONT_SIZE (capitals about 6 pixels high at 480p, 13 at 1080p: the smallest
  that a 480p frame still reads, judged on rendered frames), code at a line pitch that
  matches that size;
- **apart**: no text of one mobject on screen (a formula, a number, a label, a line of
  code) covers more than OVERLAP of a text of another.  Shapes (frames, blocks, arrows,
  lines, images, axes) may hold or cross text: only text on text is a collision.

Each problem is a line of text naming the scene, the animation and the mobject.
"""

from __future__ import annotations

import numpy as np
from manim import Code, DecimalNumber, Mobject, SingleStringMathTex, Text, VMobject, config
from manim.mobject.types.image_mobject import AbstractImageMobject

ENV = "NN_LAYOUT_CHECK"
LEGIBLE_FONT_SIZE = 10
CODE_PITCH_PER_POINT = 0.01698   # a code line's pitch per point of font size (measured)
OVERLAP = 0.15                   # share of the smaller box two text groups may share
EDGE_TOLERANCE = 0.02            # frame units


def _visible(mob: Mobject) -> bool:
    if not isinstance(mob, VMobject):          # images draw; a ValueTracker's points do not
        return isinstance(mob, AbstractImageMobject) and mob.has_points()
    if not mob.has_points():
        return False
    return bool(np.any(mob.get_fill_opacities() > 0.01)
                or (np.any(mob.get_stroke_opacities() > 0.01) and mob.get_stroke_width() > 0))


def _shows(mob: Mobject) -> bool:
    """Whether any part of ``mob`` is visible."""
    return any(_visible(part) for part in mob.get_family())


def visible_box(mob: Mobject) -> np.ndarray | None:
    """[[x0, y0], [x1, y1]] of the visible parts of ``mob``, or None if nothing shows."""
    points = [part.get_all_points() for part in mob.get_family() if _visible(part)]
    points = [p for p in points if len(p)]
    if not points:
        return None
    every = np.concatenate(points)[:, :2]
    return np.array([every.min(axis=0), every.max(axis=0)])


def _font_sizes(mob: Mobject):
    for part in mob.get_family():
        if isinstance(part, Code):
            lines = [line for line in part.code_lines if len(line)]
            if len(lines) > 1:
                pitch = abs(lines[0].get_center()[1] - lines[1].get_center()[1])
                yield part, pitch / CODE_PITCH_PER_POINT
        elif isinstance(part, (SingleStringMathTex, Text, DecimalNumber)) and _shows(part) \
                and part.height > 0:
            try:
                yield part, float(part.font_size)
            except (ZeroDivisionError, AttributeError, TypeError):
                continue


def _texts(mob: Mobject) -> list[tuple[Mobject, np.ndarray]]:
    """The visible texts inside ``mob`` (formulas, numbers, labels, each line of code),
    with their boxes."""
    texts = []
    for part in mob.get_family():
        if isinstance(part, Code):
            texts += [line for line in part.code_lines if len(line)]
        elif isinstance(part, (SingleStringMathTex, Text, DecimalNumber)):
            texts.append(part)
    boxed = [(text, visible_box(text)) for text in texts]
    return [(text, box) for text, box in boxed if box is not None]


def _collision(a: np.ndarray, b: np.ndarray) -> float:
    """The largest share of the smaller box that a box of ``a`` and one of ``b`` share."""
    low = np.maximum(a[:, None, 0], b[None, :, 0])
    high = np.minimum(a[:, None, 1], b[None, :, 1])
    shared = np.prod(np.clip(high - low, 0, None), axis=-1)
    area_a = np.prod(a[:, 1] - a[:, 0], axis=-1)[:, None]
    area_b = np.prod(b[:, 1] - b[:, 0], axis=-1)[None, :]
    smaller = np.minimum(area_a, area_b)
    share = np.where(smaller > 0, shared / np.where(smaller > 0, smaller, 1), 0)
    return float(share.max(initial=0.0))


def _name(mob: Mobject) -> str:
    """The mobject's class and the first text it carries."""
    for part in mob.get_family():
        text = getattr(part, "tex_string", None) or getattr(part, "text", None)
        if isinstance(text, str) and text.strip():
            return f"{type(mob).__name__} {text.strip()[:40]!r}"
        if isinstance(part, DecimalNumber):
            return f"{type(mob).__name__} {part.number:g}"
    return type(mob).__name__


def problems_in(mobjects: list[Mobject], where: str) -> list[str]:
    """The layout problems of the mobjects on screen (see the module's doc)."""
    problems = []
    half_w, half_h = config.frame_width / 2, config.frame_height / 2
    boxes = []
    for mob in mobjects:
        box = visible_box(mob)
        if box is None:
            continue
        (x0, y0), (x1, y1) = box
        if x0 < -half_w - EDGE_TOLERANCE or x1 > half_w + EDGE_TOLERANCE \
                or y0 < -half_h - EDGE_TOLERANCE or y1 > half_h + EDGE_TOLERANCE:
            problems.append(f"{where}: {_name(mob)} leaves the frame "
                            f"(x {x0:.2f}..{x1:.2f}, y {y0:.2f}..{y1:.2f})")
        for part, size in _font_sizes(mob):
            if size < LEGIBLE_FONT_SIZE:
                problems.append(f"{where}: {_name(part)} drawn at font size {size:.1f}, "
                                f"under {LEGIBLE_FONT_SIZE}")
                break
        texts = _texts(mob)
        if texts:
            boxes.append((mob, texts))
    for k, (a, texts_a) in enumerate(boxes):
        for b, texts_b in boxes[k + 1:]:
            common = {id(text) for text, _ in texts_a} & {id(text) for text, _ in texts_b}
            own_a = [box for text, box in texts_a if id(text) not in common]
            own_b = [box for text, box in texts_b if id(text) not in common]
            if not own_a or not own_b:
                continue                        # one is a part of the other
            share = _collision(np.array(own_a), np.array(own_b))
            if share > OVERLAP:
                problems.append(f"{where}: {_name(a)} and {_name(b)} overlap "
                                f"({share:.0%} of the smaller text)")
    return problems
