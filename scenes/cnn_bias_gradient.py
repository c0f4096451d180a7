# Render: manim render -ql scenes/cnn_bias_gradient.py BiasGradient     (-qh for 1080p60)
"""The sequel, chapter 6: backward, the bias gradient.

dE/dB_i = the sum of dE/dY_i over its positions: the bias is added at every position, so
each position passes its gradient to it.  The numbers are the recorded step's
(kit.cnn_story's ``step``: the first training step of the untrained network on the
training digit ``config.sample``): the Conv2D record's ``output_gradient`` (dE/dY, one
map per kernel), which the chapter sums itself, position by position, and its
``grads["bias"]`` (nn's dE/dB), which the sums equal.

Then the original video's choice against ours: its layer had one bias per output pixel
(untied, of shape (kernels, m, m)), whose gradient is dE/dY itself; nn's is tied, one per
kernel, as in PyTorch and Keras.  The parameter counts come from the record's shapes
(dE/dY's, grads["bias"]'s, grads["kernels"]'s); the reasons are the paragraph of
Conv2D's docstring in nn/conv.py, shown verbatim; the layer's any image size is nn's
own: its ``in_features`` and its forward pass on the digit at twice the size, whose maps
an untied bias of the 8x8 digit's shape cannot be added to (numpy says so).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, FadeIn, Line, MathTex, SurroundingRectangle, Text,
                   TransformFromCopy, VGroup, Write)

import nn
from scenes import kit

DETAIL_CELL = 0.6            # the largest cell of the one map summed on screen
LABEL_SIZE = 30
GAP = 0.35
ZOOM = 2                     # the digit at twice its size, for a layer of any image size
TIED_PARAGRAPH = ("The bias is tied", "any height and width")   # Conv2D's docstring


@dataclass(frozen=True)
class Numbers:
    """The recorded step's Conv2D numbers (the batch of one dropped), and the chapter's."""

    dy: np.ndarray             # (i, m, m): the Conv2D's output_gradient, dE/dY
    sums: np.ndarray           # (i,): each map summed over its positions, here
    nn_bias: np.ndarray        # (i,): the record's grads["bias"]
    dy_shape: tuple            # (i, m, m): one untied bias per output pixel
    bias_shape: tuple          # (i,): one tied bias per kernel
    kernels_shape: tuple       # (i, j, k, k): grads["kernels"]'s shape
    in_features: tuple         # the layer's: (channels, None, None)
    image_side: int            # the digit's side, 8
    large_shape: tuple         # the layer's output on the digit at ZOOM times its size
    untied_fits_large: bool    # whether numpy can add an untied bias to that output

    @property
    def count(self) -> int:
        return len(self.dy)

    @property
    def m(self) -> int:
        return self.dy.shape[-1]

    @property
    def detail(self) -> int:
        """The map summed on screen: the first whose gradient is not all zero."""
        return next((i for i, g in enumerate(self.dy) if g.any()), 0)


def position_sums(maps: np.ndarray) -> np.ndarray:
    """Each map's entries added one position at a time: dE/dB_i = sum_rc (dE/dY_i)_rc."""
    sums = np.zeros(len(maps))
    for i, r, c in np.ndindex(maps.shape):
        sums[i] += maps[i, r, c]
    return sums


def adds(shape_a: tuple, shape_b: tuple) -> bool:
    """Whether numpy can add arrays of these shapes."""
    try:
        np.broadcast_shapes(shape_a, shape_b)
    except ValueError:
        return False
    return True


def numbers_of(story) -> Numbers:
    conv = story.conv_step
    layer = story.new_model().layers[0]
    large = np.kron(story.image, np.ones((ZOOM, ZOOM)))[None, None]
    large_shape = layer.forward(large).shape
    dy = conv.output_gradient[0]
    return Numbers(dy=dy, sums=position_sums(dy), nn_bias=conv.grads["bias"],
                   dy_shape=dy.shape, bias_shape=conv.grads["bias"].shape,
                   kernels_shape=conv.grads["kernels"].shape, in_features=layer.in_features,
                   image_side=story.image.shape[-1], large_shape=large_shape,
                   untied_fits_large=adds(dy.shape, large_shape[1:]))


def bias_count(count: int) -> str:
    """'5 biases', '1 bias'."""
    return f"{count} bias{'es' * (count != 1)}"


def named(tex: str, size: float = LABEL_SIZE) -> MathTex:
    return kit.formula(tex, font_size=size)


def tied_paragraph() -> str:
    """The lines of Conv2D's docstring on the tied bias, verbatim (dedented)."""
    source = kit.source_of(nn.Conv2D)
    first, last = kit.region_of(source, *TIED_PARAGRAPH)
    return textwrap.dedent("\n".join(source.splitlines()[first:last + 1])) + "\n"


class BiasGradient(kit.StoryScene):
    tells = staticmethod(kit.cnn_story)      # the sequel's story, not XOR's

    def setup(self) -> None:
        super().setup()
        self.n = n = numbers_of(self.story)
        self.p = kit.precision(n.sums, n.nn_bias)
        self.shown.update(label=self.story.label, count=n.count, size=n.m,
                          positions=n.m * n.m, detail=n.detail + 1, sums=n.sums,
                          untied_count=math.prod(n.dy_shape),
                          tied_count=math.prod(n.bias_shape),
                          kernel_count=math.prod(n.kernels_shape),
                          large_side=n.image_side * ZOOM, large_shape=n.large_shape)

    def construct(self) -> None:
        self.chapter("Backward: the bias gradient")
        self.the_rule()
        self.one_map_summed()
        self.every_map_summed()
        self.untied_and_tied()
        self.why_tied()

    # -- the rule --------------------------------------------------------------------------

    def the_rule(self) -> None:
        forward = named(r"(Y_i)_{rc} = B_i + (X \star K_i)_{rc}", size=50)
        local = named(r"\frac{\partial (Y_i)_{rc}}{\partial B_i} = 1", size=50)
        rule = named(kit.grad_of("B_i") + r" = \sum_{r,c} \frac{\partial E}{\partial (Y_i)_{rc}}"
                     r" \cdot 1 = \sum_{r,c} \left(" + kit.grad_of("Y_i") + r"\right)_{rc}",
                     size=50)
        screen = VGroup(forward, local, rule).arrange(DOWN, buff=0.6)
        kit.place_between(screen, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        with self.narrate('In the forward pass, <bookmark mark="f"/>the bias B_i is added to '
                          'every entry of map i, at every row r and column c.') as line:
            line.wait_until("f")
            self.play(Write(forward), run_time=1.2)
        with self.narrate('Each entry moves one for one with it: <bookmark mark="d"/>its '
                          'derivative with respect to B_i is 1.') as line:
            line.wait_until("d")
            self.play(FadeIn(local), run_time=1.0)
        with self.narrate('So, by the chain rule, <bookmark mark="s"/>every position passes its '
                          'gradient to the bias: dE/dB_i is dE/dY_i summed over all the '
                          'positions of the map.') as line:
            line.wait_until("s")
            self.play(Write(rule), run_time=1.6)
        self.clear_all()

    # -- one map, summed -------------------------------------------------------------------

    def one_map_screen(self) -> VGroup:
        n, d = self.n, self.n.detail
        caption = kit.text(rf"The recorded step: the first training step of the untrained "
                           rf"network, on one training digit, a {self.story.label}",
                           font_size=28, color=kit.DIM_COLOR)
        kit.fit(caption, width=kit.WIDTH)
        grid = kit.legible_grid(n.dy[d], kit.Y_COLOR, DETAIL_CELL * n.m,
                                decimals=kit.precision(n.dy))
        named_grid = VGroup(named(kit.grad_of(f"Y_{{{d + 1}}}")), grid).arrange(DOWN, buff=0.2)
        total = kit.number(n.sums[d], kit.B_COLOR, self.p, font_size=44)
        ours = VGroup(named(kit.grad_of(f"B_{{{d + 1}}}") + r" = \sum_{r,c} =", size=40), total)
        recorded = kit.number(n.nn_bias[d], kit.B_COLOR, self.p, font_size=44)
        agree = bool(np.isclose(n.sums[d], n.nn_bias[d], rtol=0, atol=1e-12))
        theirs = VGroup(kit.formula(rf'\texttt{{grads["bias"][{d}]}}', font_size=32),
                        MathTex("=", font_size=44), recorded, kit.verdict(agree, 44))
        for row in (ours, theirs):
            row.arrange(RIGHT, buff=0.2)
        right = VGroup(ours, theirs).arrange(DOWN, buff=0.7, aligned_edge=LEFT)
        body = VGroup(named_grid, right).arrange(RIGHT, buff=1.0)
        screen = VGroup(caption, body).arrange(DOWN, buff=0.5)
        kit.place_between(screen, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        self.shown.update(detail_grid=grid, detail_sum=total, detail_nn=recorded,
                          detail_agree=agree)
        screen.grid, screen.ours, screen.theirs = named_grid, ours, theirs
        return screen

    def one_map_summed(self) -> None:
        n, d = self.n, self.n.detail
        screen = self.one_map_screen()
        with self.narrate(f'Back to the recorded step: the very first training step of the '
                          f'untrained network, on a {self.story.label}. <bookmark mark="g"/>Here '
                          f'is map {d + 1} of the gradient that reached the Conv2D, '
                          f'dE/dY_{d + 1}.') as line:
            self.play(FadeIn(screen[0]), run_time=0.8)
            line.wait_until("g")
            self.play(FadeIn(screen.grid), run_time=1.0)
        with self.narrate(f'Add up its {n.m * n.m} numbers, one per position: '
                          f'<bookmark mark="s"/>{kit.fmt(n.sums[d], self.p)}.') as line:
            line.wait_until("s")
            self.play(FadeIn(screen.ours[0]),
                      TransformFromCopy(screen.grid[1].numbers, screen.ours[1]), run_time=1.4)
        with self.narrate('<bookmark mark="nn"/>nn\'s backward computed the same number, its '
                          'bias gradient.') as line:
            line.wait_until("nn")
            self.play(FadeIn(screen.theirs), run_time=0.8)
        self.clear_all()

    # -- every map, summed -----------------------------------------------------------------

    def vector(self, values) -> VGroup:
        """Values written as a vector, (1.75, 0.00, ...), in the colour of B."""
        entries = [kit.number(v, kit.B_COLOR, self.p, font_size=30) for v in values]
        items = []
        for k, entry in enumerate(entries):
            if k < len(entries) - 1:          # a comma on the line, right after its entry
                comma = MathTex(",", font_size=36).next_to(entry, RIGHT, buff=0.04)
                items.append(VGroup(entry, comma.align_to(entry, DOWN).shift(DOWN * 0.08)))
            else:
                items.append(entry)
        vector = VGroup(MathTex("(", font_size=40), *items, MathTex(")", font_size=40))
        vector.arrange(RIGHT, buff=0.2)
        for item, entry in zip(items, entries):      # the numbers on one line
            item.shift(UP * (vector[0].get_y() - entry.get_y()))
        vector.entries = VGroup(*entries)
        return vector

    def every_map_screen(self) -> VGroup:
        n = self.n
        under = [VGroup(MathTex(r"\textstyle\sum =", font_size=26),
                        kit.number(s, kit.B_COLOR, self.p, font_size=26)).arrange(RIGHT, buff=0.1)
                 for s in n.sums]
        names = [kit.grad_of(f"Y_{{{i + 1}}}") for i in range(n.count)]
        maps = kit.channel_maps(n.dy, kit.Y_COLOR, names, kit.WIDTH, 4.6,
                                decimals=kit.precision(n.dy), under=under)
        agree = bool(np.allclose(n.sums, n.nn_bias, rtol=0, atol=1e-12))
        vector = self.vector(n.nn_bias)
        row = VGroup(kit.formula(r'\texttt{grads["bias"]}', font_size=32),
                     MathTex("=", font_size=40), vector, kit.verdict(agree, 44))
        row.arrange(RIGHT, buff=0.2)
        screen = VGroup(maps, row).arrange(DOWN, buff=0.6)
        kit.place_between(screen, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        self.shown.update(map_grids=maps.grids, map_sums=VGroup(*(u[1] for u in under)),
                          nn_bias=vector.entries, all_agree=agree)
        screen.maps, screen.row = maps, row
        return screen

    def every_map_summed(self) -> None:
        n = self.n
        screen = self.every_map_screen()
        maps = screen.maps
        how = ("" if maps.legible else " Too small for their numbers, the maps are shading "
               "only: the brighter the larger, purple below zero.")
        what = ('Every kernel alike: <bookmark mark="m"/>each map of dE/dY' if n.count > 1
                else '<bookmark mark="m"/>The layer\'s only map of dE/dY')
        with self.narrate(f'{what}, <bookmark mark="s"/>summed over its {n.m * n.m} '
                          f'positions.{how}') as line:
            line.wait_until("m")
            self.play(*(FadeIn(VGroup(p[0], p[1])) for p in maps), run_time=1.2)
            line.wait_until("s")
            self.play(*(FadeIn(p[2]) for p in maps), run_time=1.0)
        with self.narrate(f'<bookmark mark="nn"/>nn\'s bias gradient holds the same '
                          f'{n.count} number{"s" * (n.count > 1)}.{self.zero_maps()}',
                          pause=kit.PAUSE) as line:
            line.wait_until("nn")
            self.play(FadeIn(screen.row), run_time=1.0)
        self.clear_all()

    def zero_maps(self) -> str:
        """A sentence on the maps whose gradient is zero everywhere ('' if none)."""
        zero = [i + 1 for i, g in enumerate(self.n.dy) if not g.any()]
        if not zero:
            return ""
        if len(zero) == 1:
            return f" Map {zero[0]}'s gradient is zero everywhere, so its bias gets none."
        return " Where a map's gradient is zero everywhere, its bias gets none."

    # -- untied and tied -------------------------------------------------------------------

    @staticmethod
    def shape_tex(shape: tuple) -> str:
        return str(tuple(shape)).replace(",)", ")")

    def counts(self, biases: int, product: str = "") -> VGroup:
        """The count of biases (``product``: how it is made, TeX), and of the layer's
        parameters with the kernels'."""
        weights = self.shown["kernel_count"]
        self.shown[f"layer_total_{biases}"] = weights + biases
        return VGroup(MathTex(rf"{product} \text{{{bias_count(biases)}}}", font_size=34),
                      MathTex(rf"\text{{layer: }} {weights} + {biases} = {weights + biases}"
                              r"\text{ parameters}", font_size=30, color=kit.DIM_COLOR)
                      ).arrange(DOWN, buff=0.25)

    def untied_column(self) -> VGroup:
        n, d = self.n, self.n.detail
        grid = kit.legible_grid(n.dy[d], kit.Y_COLOR, min(DETAIL_CELL * n.m, 2.8),
                                decimals=kit.precision(n.dy))
        self.shown["untied_grid"] = grid
        dims = " \\cdot ".join(str(s) for s in n.dy_shape)
        return VGroup(kit.text("The original video: untied", font_size=34),
                      named(rf"B:\ (i, m, m) = {self.shape_tex(n.dy_shape)}", size=32),
                      named(kit.grad_of(f"B_{{{d + 1}}}") + " = " +
                            kit.grad_of(f"Y_{{{d + 1}}}"), size=32),
                      grid, self.counts(self.shown["untied_count"], rf"{dims} =")
                      ).arrange(DOWN, buff=0.25)

    def tied_column(self) -> VGroup:
        n, d = self.n, self.n.detail
        total = kit.number(n.sums[d], kit.B_COLOR, self.p, font_size=36)
        self.shown["tied_sum"] = total
        value = VGroup(named(kit.grad_of(f"B_{{{d + 1}}}") + r" = \sum_{r,c} \left(" +
                             kit.grad_of(f"Y_{{{d + 1}}}") + r"\right)_{rc} =", size=32),
                       total).arrange(RIGHT, buff=0.15)
        return VGroup(kit.text("nn, PyTorch, Keras: tied", font_size=34),
                      named(rf"B:\ (i) = {self.shape_tex(n.bias_shape)}", size=32), value,
                      self.counts(self.shown["tied_count"])).arrange(DOWN, buff=0.35)

    def untied_and_tied(self) -> None:
        left, right = self.untied_column(), self.tied_column()
        columns = VGroup(left, right).arrange(RIGHT, buff=1.2, aligned_edge=UP)
        right[-1].align_to(left[-1], DOWN)
        divider = Line(columns.get_top(), columns.get_bottom(), color=kit.DIM_COLOR,
                       stroke_width=2).set_x((left.get_right()[0] + right.get_left()[0]) / 2)
        screen = VGroup(columns, divider)
        kit.place_between(screen, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        untied, tied = self.shown["untied_count"], self.shown["tied_count"]
        weights = self.shown["kernel_count"]
        with self.narrate(f'The video this sequel follows made another choice: '
                          f'<bookmark mark="u"/>one bias per output pixel, {self.maps_of()}. '
                          f'Each of them sits at one position only, so <bookmark mark="g"/>its '
                          f'gradient is that position\'s dE/dY, with no sum.') as line:
            line.wait_until("u")
            self.play(FadeIn(left[:2]), FadeIn(divider), run_time=1.0)
            line.wait_until("g")
            self.play(FadeIn(left[2:4]), run_time=1.0)
        with self.narrate('Ours is tied, as in PyTorch and Keras: <bookmark mark="t"/>one bias '
                          'per kernel, whose gradient is the sum.') as line:
            line.wait_until("t")
            self.play(FadeIn(right[:3]), run_time=1.0)
        with self.narrate(f'For our layer, <bookmark mark="c"/>{untied} biases against {tied}; '
                          f'with the {weights} weights of the kernels, {weights + untied} '
                          f'parameters against {weights + tied}.') as line:
            line.wait_until("c")
            self.play(FadeIn(left[4:]), FadeIn(right[3:]), run_time=1.2)
        self.clear_all()

    def maps_of(self) -> str:
        """'5 maps of 6 by 6', '1 map of 4 by 4'."""
        n = self.n
        return f"{n.count} map{'s' * (n.count != 1)} of {n.m} by {n.m}"

    # -- why tied --------------------------------------------------------------------------

    def docstring(self) -> VGroup:
        """The paragraph of Conv2D's docstring, its lines as the source has them, framed."""
        lines = VGroup(*(Text(line, font=kit.CODE_FONT, font_size=20, color=kit.TEXT_COLOR)
                         for line in tied_paragraph().splitlines()))
        lines.arrange(DOWN, buff=0.16, aligned_edge=LEFT)
        frame = SurroundingRectangle(lines, buff=0.25, corner_radius=0.12,
                                     color=kit.DIM_COLOR, stroke_width=2)
        where = kit.text(rf"{kit.tt('nn/conv.py')}, Conv2D's docstring", font_size=26,
                         color=kit.DIM_COLOR).next_to(frame, UP, buff=0.15, aligned_edge=LEFT)
        box = VGroup(where, frame, lines)
        box.lines = lines
        return box

    def reason(self, head: str, *details: str) -> VGroup:
        """A bullet: its head, and its details in dim below."""
        text = VGroup(kit.text(head, font_size=30),
                      *(kit.text(d, font_size=26, color=kit.DIM_COLOR) for d in details))
        text.arrange(DOWN, buff=0.12, aligned_edge=LEFT)
        bullet = MathTex(r"\bullet", font_size=30).next_to(text[0], LEFT, buff=0.2)
        return VGroup(bullet, text)

    def reasons(self) -> VGroup:
        n = self.n
        side, large = n.image_side * ZOOM, n.large_shape
        fits = "fits them" if n.untied_fits_large else "does not fit them"
        group = VGroup(
            self.reason("A feature is the same wherever it appears",
                        "one kernel and one bias, at every position"),
            self.reason("Fewer parameters",
                        rf"{bias_count(self.shown['tied_count'])} instead of "
                        rf"{self.shown['untied_count']}"),
            self.reason(rf"Any image size: {kit.tt('in_features')} $= "
                        rf"{kit.tt(str(n.in_features))}$",
                        rf"the digit at {side}$\times${side} gives maps of shape "
                        rf"${self.shape_tex(large[1:])}$;",
                        rf"an untied bias of shape ${self.shape_tex(n.dy_shape)}$ {fits}"))
        return group.arrange(DOWN, buff=0.35, aligned_edge=LEFT)

    def why_tied(self) -> None:
        n = self.n
        box, reasons = self.docstring(), self.reasons()
        screen = VGroup(box, reasons).arrange(DOWN, buff=0.5)
        kit.place_between(screen, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        self.shown.update(docstring=box.lines, docstring_source=tied_paragraph(),
                          reasons=reasons)
        side, large = n.image_side * ZOOM, n.large_shape[-1]
        with self.narrate('Why tie it? <bookmark mark="d"/>nn\'s Conv2D says why, in its '
                          'docstring.') as line:
            line.wait_until("d")
            self.play(FadeIn(box), run_time=1.0)
        with self.narrate('<bookmark mark="a"/>A feature is the same feature wherever it '
                          'appears in the image: the kernel looks for it at every position, '
                          'and its bias comes along.') as line:
            line.wait_until("a")
            self.play(FadeIn(reasons[0]), run_time=0.8)
        with self.narrate(f'<bookmark mark="b"/>Fewer parameters: '
                          f'{bias_count(self.shown["tied_count"])} instead of '
                          f'{self.shown["untied_count"]}.') as line:
            line.wait_until("b")
            self.play(FadeIn(reasons[1]), run_time=0.8)
        fits = "fits" if n.untied_fits_large else "does not fit"
        with self.narrate(f'<bookmark mark="c"/>And a layer that takes images of any size: only '
                          f'its channels are fixed. Our digit at {side} by {side} gives maps of '
                          f'{large} by {large}, which a bias of {n.m} by {n.m} {fits}.',
                          pause=kit.PAUSE) as line:
            line.wait_until("c")
            self.play(FadeIn(reasons[2]), run_time=1.0)
