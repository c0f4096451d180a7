# Render: manim render -ql scenes/cnn_input_gradient.py InputGradient     (-qh for 1080p60)
"""The sequel, chapter 7: backward through the convolutional layer, the input gradient.

    dE/dX_j = sum_i dE/dY_i *full K_ij = sum_i pad(dE/dY_i, k - 1) ⋆ (K_ij turned 180°)

The numbers are the recorded step's (kit.cnn_story: ``story.step``, the FIRST training
step of the untrained network on the digit ``config.sample``): the Conv2D's dE/dY
(``story.conv_step.output_gradient``), its kernels as the forward used them
(``params_before``), and the dE/dX that nn's Conv2D.backward returned
(``input_gradient``).  The chapter pads dE/dY, turns the kernels and computes every
kernel's part of dE/dX itself, with plain loops (``padded_correlation``), one entry
written out as its products and sum; the entry equals nn.conv.correlate of nn.conv.pad's
padded gradient with the turned kernel, and the sum over the kernels equals the record's
dE/dX.  The layers and the listing of Sequential.backward are nn's own.

Said on screen: this Conv2D is the network's first layer, its input the data, so nothing
below needs dE/dX and nn's training skips it (Conv2D.backward_params); a conv layer with a
layer below passes it down, and the record computed it with Conv2D.backward.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Arrow, Create, FadeIn, FadeOut, MathTex, Succession,
                   SurroundingRectangle, Transform, UpdateFromAlphaFunc, VGroup, Write, linear)

import nn
from nn.conv import correlate, pad
from scenes import kit

PADDED_SIDE = 5.0            # the padded gradient's side on the sliding screen
SLIDE_CELL = 0.55            # the largest cell there
KERNEL_SIDE = 2.5            # the turned kernel and the products: at most this wide,
KERNEL_CELL = 0.8            # with cells at most this large
PART_SIDE = 1.6              # the largest side of one kernel's part, shading only
SUM_CELL = 0.45              # dE/dX and nn's, numbers written
SLIDE_TIME = 0.1             # seconds per position of the sliding kernel
FACTOR_SIZE = 30             # a grid's power-of-ten factor, at least this large
LABEL_SIZE = 30
GAP = 0.6
BACK_DROP = 0.4              # the backward arrows, below the network's row
KERNEL_COLOR = kit.W_COLOR   # a kernel holds the layer's weights
DY, DX = kit.grad_of("Y"), kit.grad_of("X")
NN_BACKWARD = r"\texttt{Conv2D.backward}"
turned = kit.turned          # K[..., ::-1, ::-1], the kit's (the test reads it here)


# -- the chapter's own arithmetic: plain loops ----------------------------------------------

def padded_correlation(gradient: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """dE/dY padded with k - 1 zeros, correlated with the turned kernel: entry (a, b) is
    sum_m sum_n pad(dE/dY)_(a+m)(b+n) k_(k-1-m)(k-1-n), over an image's side of a, b."""
    k = len(kernel)
    padded = np.pad(gradient, k - 1)
    side = len(padded) - k + 1
    out = np.zeros((side, side))
    for a in range(side):
        for b in range(side):
            for m in range(k):
                for n in range(k):
                    out[a, b] += padded[a + m, b + n] * kernel[k - 1 - m, k - 1 - n]
    return out


@dataclass(frozen=True)
class Numbers:
    """The recorded step's Conv2D (nn's numbers) and the chapter's own sums."""

    dY: np.ndarray             # dE/dY, (i, m, m): output_gradient of the batch of one
    kernels: np.ndarray        # K_i1, (i, k, k): params_before, those the forward used
    parts: np.ndarray          # (i, 8, 8): pad(dE/dY_i) ⋆ turned K_i, computed here
    nn_part: np.ndarray        # (8, 8): nn.conv.correlate(pad(dE/dY_s), turned K_s)
    nn_dX: np.ndarray          # (8, 8): the record's input_gradient, Conv2D.backward's
    shown: int                 # s, the kernel written out: the first whose dE/dY is not 0

    @property
    def k(self) -> int:
        return self.kernels.shape[-1]

    @property
    def count(self) -> int:
        return len(self.kernels)

    @property
    def total(self) -> np.ndarray:
        return self.parts.sum(axis=0)

    @property
    def entry(self) -> tuple[int, int]:
        """The entry written out: of those whose window reaches into the padding, the one
        of the shown kernel's part largest in size."""
        k, side = self.k, self.parts.shape[-1]
        border = np.ones((side, side), bool)
        border[k - 1:side - k + 1, k - 1:side - k + 1] = False
        size = np.where(border, np.abs(self.parts[self.shown]), -1.0)
        a, b = np.unravel_index(int(np.argmax(size)), size.shape)
        return int(a), int(b)


def numbers_of(story) -> Numbers:
    conv = story.conv_step
    dY, kernels = conv.output_gradient[0], conv.params_before["kernels"][:, 0]
    alive = [i for i in range(len(dY)) if np.any(dY[i])]
    s = alive[0] if alive else 0
    k = kernels.shape[-1]
    nn_part = correlate(pad(dY[None, s:s + 1], k - 1),
                        kernels[s:s + 1, None, ::-1, ::-1])[0, 0]
    return Numbers(dY=dY, kernels=kernels,
                   parts=np.array([padded_correlation(g, K) for g, K in zip(dY, kernels)]),
                   nn_part=nn_part, nn_dX=conv.input_gradient[0, 0], shown=s)


def padded_tex(symbol: str) -> str:
    """TeX of pad(dE/d symbol), the gradient a piece of its own (kit.formula colours it)."""
    return rf"\operatorname{{pad}}\!\left( {kit.grad_of(symbol)} \right)"


def ring(side: int, width: int) -> np.ndarray:
    """The mask of a padding ``width`` cells wide round a ``side`` x ``side`` grid."""
    mask = np.ones((side, side), bool)
    mask[width:side - width, width:side - width] = False
    return mask


def grid(values, color, cell: float, **kwargs) -> kit.NumberGrid:
    """A NumberGrid whose power-of-ten factor, if any, reads at FACTOR_SIZE at least."""
    g = kit.NumberGrid(values, color, cell=cell, **kwargs)
    factor = getattr(g, "factor", None)
    if factor is not None and factor.font_size < FACTOR_SIZE:
        factor.scale(FACTOR_SIZE / factor.font_size)
        factor.next_to(g.cells, LEFT, buff=0.15)
    return g


def relabel(old, new) -> Succession:
    """The old label fades out, then the new one in (a cross-fade of two formulas of other
    shapes smears their glyphs over each other)."""
    return Succession(FadeOut(old), FadeIn(new))


def labelled(mob, tex: str, size: float = LABEL_SIZE, buff: float = 0.2) -> VGroup:
    """``mob`` with its label (kit.formula) above its cells; .label and .body."""
    body = getattr(mob, "cells", mob)
    label = kit.formula(tex, font_size=size).next_to(body, UP, buff=buff)
    label.set_x(body.get_x())
    group = VGroup(label, mob)
    group.label, group.body = label, mob
    return group


class InputGradient(kit.StoryScene):
    tells = staticmethod(kit.cnn_story)      # the sequel's story, not XOR's

    def setup(self) -> None:
        super().setup()
        self.n = numbers_of(self.story)
        n = self.n
        self.s = n.shown + 1                     # the kernel's name: K_1 for index 0
        self.kernel_cell = min(KERNEL_CELL, KERNEL_SIDE / n.k)
        self.shown.update(dY=n.dY, kernels=n.kernels, parts=n.parts, total=n.total,
                          nn_dX=n.nn_dX, k=n.k, padding=n.k - 1, count=n.count,
                          products=n.k * n.k, padded_size=len(n.dY[0]) + 2 * (n.k - 1),
                          label=self.story.label, shown_kernel=self.s)

    def construct(self) -> None:
        self.chapter("Backward: the input gradient")
        self.the_layer_below()
        self.what_training_skips()
        self.the_chain_rule()
        self.the_full_convolution()
        self.pad_and_turn()
        self.slide_the_kernel()
        self.one_entry()
        self.every_kernel()

    # -- where dE/dX goes ----------------------------------------------------------------

    def network(self) -> VGroup:
        """The digit and the network's layers (nn's describe()), the gradients below."""
        image = kit.NumberGrid(self.story.image, kit.X_COLOR, cell=0.16, numbers=False,
                               scale=1.0)
        blocks = [kit.layer_block(layer.describe(), type(layer).__name__)
                  for layer in self.story.new_model().layers]
        row = kit.chain([labelled(image, "X", size=28), *blocks], buff=0.5)
        kit.fit(row, width=kit.WIDTH)
        image, conv, above = row.items[0].body, row.items[1], row.items[2]
        y = row.get_bottom()[1] - BACK_DROP         # the backward pass, under the layers
        dy = Arrow([above.get_x(), y, 0], [conv.get_x(), y, 0], color=kit.Y_COLOR, buff=0.15)
        dx = Arrow([conv.get_x(), y, 0], [image.get_x(), y, 0], color=kit.X_COLOR, buff=0.15)
        dy_label = kit.formula(DY, font_size=32).next_to(dy, DOWN, buff=0.15)
        dx_label = kit.formula(DX + " = ?", font_size=32).next_to(dx, DOWN, buff=0.15)
        keep = VGroup(row, dy, dx, dy_label, dx_label)
        kit.keep_inside(keep)
        keep.row, keep.dy, keep.dx = row, VGroup(dy, dy_label), VGroup(dx, dx_label)
        return keep

    def listing(self) -> VGroup:
        """nn's Sequential.backward, captioned; .code, .frame (its backward_params lines)."""
        source = kit.source_of(nn.Sequential.backward)
        code = kit.code_block(source, font_size=18)
        caption = kit.text(r"nn's " + kit.tt("Sequential.backward"), font_size=36,
                           color=kit.DIM_COLOR)
        listing = VGroup(caption, code).arrange(DOWN, buff=0.2)
        listing.caption, listing.code = caption, code
        listing.lines = kit.region_of(source, "if not input_gradient", "backward_params")
        self.shown.update(listing=source)
        return listing

    def the_layer_below(self) -> None:
        net, listing = self.network(), self.listing()
        kit.place_between(VGroup(net, listing).arrange(DOWN, buff=0.5), kit.TOP, kit.BOTTOM,
                          width=kit.WIDTH)
        self.net, self.code = net, listing
        self.shown.update(layers=[b.label for b in net.row.items[1:]])
        with self.narrate(f'Back to the recorded step: the first training step of the '
                          f'untrained network, on the {self.story.label} of our training '
                          f'images. <bookmark mark="dy"/>The convolutional layer has received '
                          f'dE/dY, and found the gradients of its kernels and its bias.') as line:
            self.play(FadeIn(net.row), run_time=1.0)
            line.wait_until("dy")
            self.play(Create(net.dy[0]), FadeIn(net.dy[1]), run_time=0.8)
        with self.narrate('One gradient is left: <bookmark mark="dx"/>dE/dX, what the layer '
                          'passes down to the layer below it.') as line:
            line.wait_until("dx")
            self.play(Create(net.dx[0]), FadeIn(net.dx[1]), run_time=0.8)

    def what_training_skips(self) -> None:
        caption, code = self.code.caption, self.code.code
        frame = kit.highlight(code, *self.code.lines)
        with self.narrate('Here, nothing is below: this Conv2D is the first layer, its input '
                          'the digit itself, data. So nothing needs dE/dX, and in training '
                          '<bookmark mark="code"/>nn\'s Sequential skips it: '
                          '<bookmark mark="skip"/>the first layer only fills its parameters\' '
                          'gradients, with backward_params.') as line:
            line.wait_until("code")
            self.play(FadeIn(caption), *kit.fade_in(code), run_time=0.8)
            line.wait_until("skip")
            self.play(Create(frame), run_time=0.6)
        with self.narrate('A convolutional layer with another layer below it must pass dE/dX '
                          'down, and the recorded step computed it, with Conv2D.backward. '
                          'Here is how.', pause=kit.PAUSE):
            pass
        self.play(*kit.fade_out(code), *(FadeOut(m) for m in self.mobjects if m is not code),
                  run_time=0.8)

    # -- the derivation ------------------------------------------------------------------

    def the_chain_rule(self) -> None:
        forward = kit.formula(r"y_{i,rc} = b_i + \sum_m \sum_n x_{(r+m)(c+n)} \, k_{i,mn}",
                              font_size=44)
        reach = kit.formula(r"x_{ab} \;\xrightarrow{\;k_{i,mn}\;}\; y_{i,(a-m)(b-n)}"
                            r"\quad \text{for every } i, m, n", font_size=44)
        rule = kit.formula(kit.grad_of("x_{ab}") + r" = \sum_i \sum_m \sum_n " +
                           kit.grad_of("y_{i,(a-m)(b-n)}") + r" \, k_{i,mn}", font_size=44)
        VGroup(forward, reach, rule).arrange(DOWN, buff=0.7)
        kit.place_between(VGroup(forward, reach, rule), kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        with self.narrate('In the forward pass, <bookmark mark="f"/>output y of kernel i at '
                          'row r, column c adds the pixels under the kernel, each times a '
                          'kernel weight.') as line:
            line.wait_until("f")
            self.play(Write(forward), run_time=1.4)
        with self.narrate('So a pixel x a b <bookmark mark="r"/>reaches every output of every '
                          'kernel that covers it: output a minus m, b minus n, through '
                          'weight k m n.') as line:
            line.wait_until("r")
            self.play(FadeIn(reach), run_time=1.0)
        with self.narrate('By the chain rule, <bookmark mark="d"/>dE/dx_ab adds the gradients '
                          'of all those outputs, each times its weight: a sum over the kernels '
                          'and over the kernel\'s positions.') as line:
            line.wait_until("d")
            self.play(Write(rule), run_time=1.4)
        self.rule = rule
        self.play(*(FadeOut(m) for m in (forward, reach)), run_time=0.6)

    def the_full_convolution(self) -> None:
        border = kit.formula(r"\text{outputs outside } Y \text{: pad } " + DY +
                             r" \text{ with } k - 1 \text{ zeros all round}", font_size=34,
                             color=kit.DIM_COLOR)
        swap = kit.formula(kit.grad_of("x_{ab}") + r" = \sum_i \sum_m \sum_n \," +
                           padded_tex("Y_i") + r"_{(a+m)(b+n)} \, k_{i,(k-1-m)(k-1-n)}",
                           font_size=40)
        full = kit.formula(kit.grad_of("X_j") + r" = \sum_i " + kit.grad_of("Y_i") +
                           r" \ast_{\text{full}} K_{ij} = \sum_i " + padded_tex("Y_i") +
                           r" \star " + kit.ROT180 + r"(K_{ij})", font_size=44)
        boxed = VGroup(full, SurroundingRectangle(full, color=kit.DIM_COLOR, buff=0.2))
        screen = VGroup(self.rule.copy(), border, swap, boxed).arrange(DOWN, buff=0.55)
        kit.place_between(screen, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        self.shown.update(full_formula=full)
        with self.narrate('Near the border some of those outputs do not exist. '
                          '<bookmark mark="pad"/>Pad dE/dY with k minus 1 zeros all round, and '
                          'they read as zero.') as line:
            self.play(Transform(self.rule, screen[0]), run_time=0.8)
            line.wait_until("pad")
            self.play(FadeIn(border), run_time=0.8)
        with self.narrate('The sum runs over the kernel backwards, a minus m. '
                          '<bookmark mark="s"/>Count m from the other end, and it is the '
                          'padded gradient under the kernel turned by 180 degrees.') as line:
            line.wait_until("s")
            self.play(Write(swap), run_time=1.4)
        with self.narrate('That is a full convolution: <bookmark mark="full"/>dE/dX_j is the '
                          'sum over i of dE/dY_i fully convolved with K_ij: the padded gradient '
                          'correlated with each kernel turned around.', pause=kit.PAUSE
                          ) as line:
            line.wait_until("full")
            self.play(Write(full), Create(boxed[1]), run_time=1.6)
        self.clear_all()

    # -- the recorded numbers ------------------------------------------------------------

    def step_heading(self) -> None:
        self.head = self.heading(rf"The recorded step: the untrained network's first "
                                 rf"training step, on the digit {self.story.label}")
        self.top = self.head.get_bottom()[1] - 0.3

    def slide_screen(self):
        n, s, k = self.n, self.n.shown, self.n.k
        values = np.pad(n.dY[s], k - 1)
        cell = min(SLIDE_CELL, PADDED_SIDE / len(values))
        padded = grid(values, kit.Y_COLOR, cell, blank=ring(len(values), k - 1))
        dy = grid(n.dY[s], kit.Y_COLOR, cell)
        precision = kit.precision(n.kernels)
        kernel = grid(n.kernels[s], KERNEL_COLOR, self.kernel_cell, decimals=precision)
        rot = grid(turned(n.kernels[s]), KERNEL_COLOR, self.kernel_cell, decimals=precision)
        part = grid(n.parts[s], kit.X_COLOR, cell, decimals=kit.precision(n.parts[s], n.nn_part))
        empty = grid(np.zeros_like(n.parts[s]), kit.X_COLOR, cell, numbers=False)
        left = labelled(padded, padded_tex(f"Y_{self.s}"))
        right = labelled(part, DX + rf"\text{{ from }} K_{{{self.s}}}")
        middle = labelled(rot, f"{kit.ROT180}(K_{{{self.s}}})")
        screen = VGroup(left, middle, right).arrange(RIGHT, buff=GAP)
        middle.align_to(left.body.cells, UP)
        right.shift(UP * (left.body.cells.get_y() - right.body.cells.get_y()))
        kit.place_between(screen, self.top, kit.BOTTOM, width=kit.WIDTH)
        for mob, at in ((dy, padded), (kernel, rot), (empty, part)):   # as fitted
            mob.scale(at.cells[0][0].width / mob.cells[0][0].width)
            mob.shift(at.cells.get_center() - mob.cells.get_center())
        self.shown.update(dy_grid=dy, padded_grid=padded, kernel_grid=kernel, turned_grid=rot,
                          part_grid=part)
        return left, middle, right, dy, kernel, empty

    def pad_and_turn(self) -> None:
        n, s = self.n, self.s
        self.step_heading()
        left, middle, right, dy, kernel, empty = self.slide_screen()
        self.screen = left, middle, right, empty
        side, size = len(n.dY[0]), len(left.body.values)
        dy_label = kit.formula(kit.grad_of(f"Y_{s}"), font_size=LABEL_SIZE).move_to(left.label)
        k_label = kit.formula(f"K_{{{s}}}", font_size=LABEL_SIZE).move_to(middle.label)
        why = (f' Kernel {s} is the first whose gradient is not all zeros.' if s > 1 else '')
        with self.narrate(f'Kernel {s}\'s numbers: <bookmark mark="dy"/>dE/dY_{s}, the gradient '
                          f'of its map, {side} by {side}, and <bookmark mark="k"/>the kernel '
                          f'itself, as the forward pass used it.{why}') as line:
            line.wait_until("dy")
            self.play(FadeIn(dy), FadeIn(dy_label), run_time=1.0)
            line.wait_until("k")
            self.play(FadeIn(kernel), FadeIn(k_label), run_time=0.8)
        padding = VGroup(*(cell for row, flags in zip(left.body.cells, ring(size, n.k - 1))
                           for cell, blank in zip(row, flags) if blank))
        with self.narrate(f'<bookmark mark="pad"/>Pad it with {n.k - 1} rings of zeros, drawn '
                          f'empty: {size} by {size}.') as line:
            line.wait_until("pad")
            factor = [Transform(dy.factor, left.body.factor)] if hasattr(dy, "factor") else []
            self.play(Create(padding), relabel(dy_label, left.label), *factor,
                      run_time=1.2)
        self.remove(padding, dy, left.label)
        self.add(left)
        with self.narrate('<bookmark mark="turn"/>Turn the kernel by 180 degrees: its last row '
                          'becomes its first, read backwards.') as line:
            line.wait_until("turn")
            self.play(*kit.half_turn(kernel), relabel(k_label, middle.label),
                      run_time=1.8)
        self.remove(kernel, middle.label)
        self.add(middle)

    def slide_the_kernel(self) -> None:
        left, middle, right, empty = self.screen
        n, side = self.n, len(self.n.parts[0])
        padded, part = left.body, right.body
        positions = [(a, b) for a in range(side) for b in range(side)]
        window = padded.window(0, 0, n.k, KERNEL_COLOR)
        places = [padded.window(a, b, n.k, KERNEL_COLOR).get_center() for a, b in positions]
        entries = [VGroup(part.cells[a][b], part.numbers[a][b]) for a, b in positions]
        if getattr(part, "factor", None) is not None:
            entries[0].add(part.factor)
        with self.narrate(f'<bookmark mark="w"/>Lay the turned kernel on the top left corner: it '
                          f'covers a single entry of the gradient, the rest is zeros. '
                          f'<bookmark mark="fill"/>Slide it over every position, and kernel '
                          f'{self.s}\'s part of dE/dX fills in, {side} by {side}, the size of '
                          f'the image.') as line:
            line.wait_until("w")
            self.play(Create(window), run_time=0.8)
            line.wait_until("fill")
            self.play(Create(empty), FadeIn(right.label), run_time=0.6)
            self.sweep(window, places, entries)
            self.remove(empty, right.label)
            self.add(right)
        self.play(FadeOut(window), FadeOut(middle), FadeOut(right), run_time=0.8)

    def sweep(self, window, places, entries) -> None:
        """One play: the window steps through ``places``, and entry k appears when the
        window reaches place k (one animation, not one per place: cheap to build).  The
        window and the entries are the play's mobject, so that every frame redraws them;
        afterwards the window alone stays."""
        looks = [[(part, part.get_fill_opacity(), part.get_stroke_opacity())
                  for part in entry.family_members_with_points()] for entry in entries]

        def show(k: int, on: bool) -> None:
            for part, fill, stroke in looks[k]:
                part.set_fill(opacity=fill * on).set_stroke(opacity=stroke * on)

        for k in range(len(entries)):
            show(k, False)

        def step(_, alpha: float) -> None:
            reached = min(int(alpha * len(places)), len(places) - 1)
            window.move_to(places[reached])
            for k in range(len(entries)):
                show(k, k <= reached)

        sweeping = VGroup(window, *entries)
        self.remove(window)
        self.play(UpdateFromAlphaFunc(sweeping, step), rate_func=linear,
                  run_time=SLIDE_TIME * len(places))
        self.remove(sweeping)
        self.add(window)

    # -- one entry -----------------------------------------------------------------------

    def entry_rows(self, products: np.ndarray) -> VGroup:
        """Σ of the products, and nn's correlate of nn's pad with the turned kernel."""
        n, (a, b) = self.n, self.n.entry
        total = 0.0
        for value in products.flat:
            total += value
        p = kit.precision(products, total, n.nn_part[a, b])
        ours = VGroup(kit.formula(rf"\left( {DX} \right)_{{{a},{b}}} \text{{ from }} K_{{{self.s}}}"
                                  r" = \textstyle\sum =", font_size=34),
                      kit.number(total, kit.X_COLOR, p, font_size=36))
        recorded = kit.number(n.nn_part[a, b], kit.X_COLOR, p, font_size=36)
        agree = bool(np.isclose(total, n.nn_part[a, b]))
        call = kit.tt(f"nn.conv.correlate(pad(dY, {n.k - 1}), K[::-1, ::-1])")
        theirs = VGroup(kit.formula(call, font_size=26), MathTex(":", font_size=36),
                        recorded, kit.verdict(agree, font_size=40))
        for row in (ours, theirs):
            row.arrange(RIGHT, buff=0.15)
        self.shown.update(entry_sum=ours[1], entry_nn=recorded, entry_agree=agree)
        rows = VGroup(ours, theirs).arrange(DOWN, buff=0.3)
        rows.total, rows.p = total, p
        return rows

    def entry_column(self):
        """Beside the padded gradient: the turned kernel, the products at the entry, their
        sum and nn's."""
        n, s, k, (a, b) = self.n, self.n.shown, self.n.k, self.n.entry
        values, rot = np.pad(n.dY[s], k - 1), turned(n.kernels[s])
        products = np.zeros((k, k))
        for m in range(k):
            for q in range(k):
                products[m, q] = values[a + m, b + q] * rot[m, q]
        kernel = grid(rot, KERNEL_COLOR, self.kernel_cell, decimals=kit.precision(n.kernels))
        rows = self.entry_rows(products)
        product_grid = grid(products, kit.X_COLOR, self.kernel_cell, decimals=rows.p,
                            blank=ring(len(values), k - 1)[a:a + k, b:b + k])
        pair = kit.row_of((kernel, f"{kit.ROT180}(K_{{{self.s}}})"),
                          (product_grid, r"\text{products}"), buff=GAP, label_size=LABEL_SIZE,
                          width=None)
        column = VGroup(pair, rows).arrange(DOWN, buff=0.6)
        left = self.screen[0].get_right()[0] + GAP
        kit.place_between(column, self.top, kit.BOTTOM, width=kit.WIDTH / 2 - left,
                          x=(kit.WIDTH / 2 + left) / 2)
        self.shown.update(entry_products=product_grid, entry=(a, b))
        return pair, rows

    def one_entry(self) -> None:
        (a, b), (pair, rows) = self.n.entry, self.entry_column()
        window = self.screen[0].body.window(a, b, self.n.k, KERNEL_COLOR)
        value = kit.fmt(rows.total, rows.p)
        with self.narrate(f'One entry, row {a}, column {b}: <bookmark mark="w"/>there the turned '
                          f'kernel lies partly over the zeros. <bookmark mark="p"/>Its '
                          f'{self.n.k * self.n.k} products, those with the zeros left '
                          f'empty.') as line:
            self.play(FadeIn(pair.labels[0]), FadeIn(pair.row[0]), run_time=0.8)
            line.wait_until("w")
            self.play(Create(window), run_time=0.6)
            line.wait_until("p")
            self.play(FadeIn(pair.labels[1]), FadeIn(pair.row[1]), run_time=0.8)
        with self.narrate(f'Their sum <bookmark mark="s"/>is {value}; <bookmark mark="nn"/>nn\'s '
                          f'correlate of the padded gradient with the turned kernel has the '
                          f'same number.') as line:
            line.wait_until("s")
            self.play(FadeIn(rows[0]), run_time=0.8)
            line.wait_until("nn")
            self.play(FadeIn(rows[1]), run_time=0.6)
        self.clear_all()

    # -- every kernel, and the sum -------------------------------------------------------

    def parts_row(self) -> VGroup:
        """Every kernel's part of dE/dX, shading only, on one scale, with + between."""
        n = self.n
        side = min(PART_SIDE, kit.WIDTH / n.count - GAP)
        largest = float(np.abs(n.parts).max()) or 1.0
        parts = [labelled(grid(part, kit.X_COLOR, side / part.shape[-1], numbers=False,
                               scale=largest), f"K_{{{i + 1}}}", size=26, buff=0.12)
                 for i, part in enumerate(n.parts)]
        items = [parts[0]]
        for part in parts[1:]:
            items += [MathTex("+", font_size=36), part]
        row = VGroup(*items).arrange(RIGHT, buff=0.2)
        for i, part in enumerate(parts):
            self.shown[f"part_grid_{i}"] = part.body
        row.parts = VGroup(*parts)
        return row

    def sum_screen(self):
        n = self.n
        row = self.parts_row()
        p = kit.precision(n.total, n.nn_dX)
        ours, theirs = (grid(v, kit.X_COLOR, SUM_CELL, decimals=p) for v in (n.total, n.nn_dX))
        agree = bool(np.allclose(n.total, n.nn_dX))
        bottom = kit.row_of((ours, DX + r" = \sum_i"), MathTex("=", font_size=48),
                            (theirs, NN_BACKWARD, 28), kit.verdict(agree), buff=0.4,
                            label_size=LABEL_SIZE)
        screen = VGroup(row, bottom).arrange(DOWN, buff=0.5)
        kit.place_between(screen, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        self.shown.update(sum_grid=ours, nn_grid=theirs, sum_agree=agree)
        return row, bottom

    def silent_kernels(self) -> str:
        """What the narration says of kernels whose dE/dY is zero everywhere (a relu that
        was off at every position of their map): they add nothing."""
        silent = [str(i + 1) for i, g in enumerate(self.n.dY) if not np.any(g)]
        if not silent:
            return ""
        if len(silent) == 1:
            return (f' Kernel {silent[0]} got a dE/dY of zeros, the activation off over its '
                    f'whole map, and adds nothing.')
        names = ", ".join(silent[:-1]) + " and " + silent[-1]
        return (f' Kernels {names} got a dE/dY of zeros, the activation off over their whole '
                f'maps, and add nothing.')

    def every_kernel(self) -> None:
        n, side = self.n, len(self.n.total)
        row, bottom = self.sum_screen()
        if n.count == 1:
            text = (f'With a single kernel, <bookmark mark="parts"/>its part, {side} by {side}, '
                    f'<bookmark mark="sum"/>is all of dE/dX.')
        else:
            text = (f'Each of the {n.count} kernels gives its part, <bookmark mark="parts"/>'
                    f'{side} by {side}, shaded on one scale, purple below zero.'
                    f'{self.silent_kernels()} <bookmark mark="sum"/>Their sum is dE/dX.')
        with self.narrate(text) as line:
            line.wait_until("parts")
            self.play(FadeIn(row), run_time=1.2)
            line.wait_until("sum")
            self.play(FadeIn(bottom.row[0]), FadeIn(bottom.labels[0]), run_time=1.0)
        with self.narrate('The recorded step\'s <bookmark mark="nn"/>Conv2D.backward returned '
                          'the same numbers, entry for entry.', pause=kit.PAUSE) as line:
            line.wait_until("nn")
            self.play(FadeIn(bottom.row[1:]), FadeIn(bottom.labels[1]), run_time=1.0)
