# Render: manim render -ql scenes/cnn_forward.py ConvForward     (-qh for 1080p60)
"""The sequel, chapter 2: the convolutional layer's forward pass, every kernel at once.

The numbers are the sequel's story's (kit.cnn_story): the training image ``config.sample``
and the trained network (the run's last snapshot).  The chapter runs that network's own
layers on the digit, one at a time: its Conv2D (every kernel's feature map, bias
included), its activation, its Flatten; the shapes come from those outputs and from the
parameters.  One feature-map entry is recomputed on screen from its k·k products and the
bias, and equals the Conv2D's.

Grids write their numbers only when a cell is large enough to read them (kit.legible_grid);
smaller grids are shading alone (the brighter the larger, negative values purple), and the
narration says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Arrow, Brace, Create, FadeIn, MathTex,
                   SurroundingRectangle, Transform, VGroup, Write)

from scenes import kit

IMAGE_CELL = 0.28            # the digit beside the kernels: shading only
CHECK_CELL = 0.5             # the grids of the checked entry
PANEL_EXTRA = 0.8            # a kernel panel's bias and gaps, stacked with its two grids
PANEL_EXTRA_ABOVE = 1.6      # the same with the names above the grids
PANEL_LABEL = 0.6            # the names K_i, Y_i left of a panel's grids
MAX_SIDE = 2.2               # the largest side of a panel's grids
GAP = 0.3
LABEL_SIZE = 28
NN_FORWARD = r"\texttt{Conv2D.forward}"
KERNEL_COLOR = kit.W_COLOR   # a kernel holds the layer's weights


@dataclass(frozen=True)
class Numbers:
    """nn's numbers for the story's digit through the trained network's first layers."""

    image: np.ndarray          # X, 8 x 8
    x_shape: tuple             # the digit as a batch of one: (1, 1, 8, 8)
    kernels: np.ndarray        # params["kernels"]: (i, 1, k, k)
    bias: np.ndarray           # params["bias"]: (i,)
    maps: np.ndarray           # Conv2D.forward: (i, m, m), Y_i = B_i + X ⋆ K_i
    activated: np.ndarray      # the activation's forward: (i, m, m)
    flat: np.ndarray           # Flatten's forward: (i m m,)
    dense_shape: tuple         # the Dense layer's weights: (10, i m m)

    @property
    def count(self) -> int:
        return len(self.kernels)

    @property
    def k(self) -> int:
        return self.kernels.shape[-1]

    @property
    def m(self) -> int:
        return self.maps.shape[-1]

    @property
    def entry(self) -> tuple[int, int]:
        """The checked entry of the first map: its largest."""
        r, c = np.unravel_index(int(np.argmax(self.maps[0])), self.maps[0].shape)
        return int(r), int(c)


def numbers_of(story) -> Numbers:
    last = len(story.run.weights) - 1
    conv, activation, flatten, dense = story.model_at(last).layers[:4]
    x = story.image[None, None]
    maps = conv.forward(x)
    activated = activation.forward(maps)
    flat = flatten.forward(activated)
    return Numbers(image=story.image, x_shape=x.shape, kernels=conv.params["kernels"].copy(),
                   bias=conv.params["bias"].copy(), maps=maps[0], activated=activated[0],
                   flat=flat[0], dense_shape=dense.params["weights"].shape)


def entry_products(n: Numbers) -> np.ndarray:
    """The k x k products of the first kernel with the pixels under it at n.entry."""
    r, c = n.entry
    return kit.window_values(n.image, r, c, n.k) * n.kernels[0, 0]


def shape_tex(shape) -> str:
    return r"(\text{batch}, " + ", ".join(str(s) for s in shape[1:]) + ")"


def labelled(mob, tex: str, size: float = LABEL_SIZE, buff: float = 0.15) -> VGroup:
    label = kit.formula(tex, font_size=size).next_to(mob, UP, buff=buff)
    group = VGroup(label, mob)
    group.label, group.body = label, mob
    return group


class ConvForward(kit.StoryScene):
    tells = staticmethod(kit.cnn_story)      # the sequel's story, not XOR's

    def setup(self) -> None:
        super().setup()
        self.n = numbers_of(self.story)
        f = kit.formulas_for(self.story.config.activation)
        self.f_tex, self.f_name = f.symbol, f.name
        self.shown.update(kernels=self.n.kernels, bias=self.n.bias, maps=self.n.maps,
                          activated=self.n.activated, k=self.n.k, size=self.n.m,
                          count=self.n.count, length=self.n.flat.size,
                          products=self.n.k * self.n.k)

    def construct(self) -> None:
        self.chapter("The convolutional layer forward")
        self.the_formula()
        self.the_shapes()
        self.every_kernel()
        self.one_entry_checked()
        self.the_activation()
        self.the_flatten()

    # -- symbols ---------------------------------------------------------------------------

    def the_formula(self) -> None:
        general = kit.formula(r"Y_i = B_i + \sum_j X_j \star K_{ij}", font_size=60)
        one = kit.formula(r"Y_i = B_i + X \star K_i", font_size=60)
        note = MathTex(rf"\text{{one input channel: }} j = {self.n.x_shape[1]}", font_size=34,
                       color=kit.DIM_COLOR)
        VGroup(general, one, note).arrange(DOWN, buff=0.6)
        with self.narrate('A convolutional layer has many kernels: <bookmark mark="y"/>output '
                          'channel i is its bias B i plus the input channels j, each '
                          'cross-correlated with its kernel K i j.') as line:
            line.wait_until("y")
            self.play(Write(general), run_time=1.4)
        with self.narrate('Our digits have a single channel, <bookmark mark="one"/>so each '
                          'kernel K i makes one map: the image correlated with it, plus its '
                          'bias.') as line:
            line.wait_until("one")
            self.play(FadeIn(one), FadeIn(note), run_time=1.2)
        self.clear_all()

    def the_shapes(self) -> None:
        n = self.n
        rows = [(r"X", r"(\text{batch}, j, h, w)", shape_tex(n.x_shape)),
                (r'\texttt{params["kernels"]}', "(i, j, k, k)", str(n.kernels.shape)),
                (r'\texttt{params["bias"]}', "(i)", str(n.bias.shape).replace(",)", ")")),
                (r"Y", r"(\text{batch}, i, h - k + 1, w - k + 1)",
                 shape_tex((None, *n.maps.shape)))]
        table = VGroup(*(VGroup(kit.formula(name, font_size=36), MathTex(":", font_size=36),
                                MathTex(symbols, font_size=32, color=kit.DIM_COLOR),
                                MathTex("=", font_size=36), MathTex(value, font_size=36)
                                ).arrange(RIGHT, buff=0.2)
                         for name, symbols, value in rows))
        table.arrange(DOWN, buff=0.45, aligned_edge=LEFT)
        kit.place_between(table, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        self.shown.update(shapes=[r[2] for r in rows])
        side = len(n.image)
        with self.narrate(f'The shapes: <bookmark mark="x"/>a batch of {side} by {side} images '
                          f'of one channel; <bookmark mark="k"/>{n.count} kernels of {n.k} by '
                          f'{n.k}, one bias each; <bookmark mark="y"/>out come {n.count} maps '
                          f'of {n.m} by {n.m} per image, {side} minus {n.k} plus 1.') as line:
            for mark, parts in (("x", table[0]), ("k", table[1:3]), ("y", table[3])):
                line.wait_until(mark)
                self.play(FadeIn(parts), run_time=0.8)
        self.clear_all()

    # -- every kernel and its map ----------------------------------------------------------

    def panel_layout(self, width: float, height: float) -> tuple[int, float, bool]:
        """Panels per row, the side of a panel's grids, and whether the names K_i, Y_i sit
        left of the grids (else above them): of one or two rows, names left or above,
        the layout whose grids are largest."""
        def side(rows: int, left: bool) -> float:
            per_row = math.ceil(self.n.count / rows)
            extra, label = (PANEL_EXTRA, PANEL_LABEL) if left else (PANEL_EXTRA_ABOVE, 0.0)
            return min((height / rows - GAP - extra) / 2, width / per_row - GAP - label,
                       MAX_SIDE)

        rows, left = max(((r, left) for r in (1, 2) for left in (True, False)),
                         key=lambda layout: side(*layout))
        return math.ceil(self.n.count / rows), side(rows, left), left

    def panel(self, i: int, side: float, left: bool) -> VGroup:
        """Kernel i (from 0): K and its grid, its bias below, and its feature map Y below
        that; the names left of the grids or above them."""
        n, p = self.n, kit.precision(self.n.bias)
        kernel = kit.legible_grid(n.kernels[i, 0], KERNEL_COLOR, side,
                      decimals=kit.precision(n.kernels))
        bias = kit.number(n.bias[i], kit.B_COLOR, p, font_size=24)
        bias_row = VGroup(kit.formula(f"b_{{{i + 1}}} =", font_size=24), bias)
        bias_row.arrange(RIGHT, buff=0.12)
        scale = float(np.abs(n.maps[i]).max()) or 1.0
        fmap = kit.legible_grid(n.maps[i], kit.Y_COLOR, side, decimals=kit.precision(n.maps),
                                scale=scale)
        names = VGroup(kit.formula(f"K_{{{i + 1}}}", font_size=LABEL_SIZE),
                       kit.formula(f"Y_{{{i + 1}}}", font_size=LABEL_SIZE))
        where, buff = (LEFT, 0.2) if left else (UP, 0.12)
        top = VGroup(kernel, names[0].next_to(kernel, where, buff=buff))
        bottom = VGroup(fmap, names[1].next_to(fmap, where, buff=buff))
        group = VGroup(top, bias_row, bottom).arrange(DOWN, buff=0.2)
        bias_row.set_x(kernel.get_x())
        self.shown.update({f"kernel_grid_{i}": kernel, f"bias_{i}": bias,
                           f"map_grid_{i}": fmap})
        group.kernel, group.bias, group.map = top, bias_row, bottom
        return group

    def kernel_screen(self):
        image = labelled(kit.NumberGrid(self.n.image, kit.X_COLOR, cell=IMAGE_CELL,
                                        numbers=False, scale=1.0), "X")
        image.move_to([-kit.WIDTH / 2 + image.width / 2, 0, 0])
        width = kit.WIDTH / 2 - image.get_right()[0] - 0.6
        per_row, side, left = self.panel_layout(width, kit.TOP - kit.BOTTOM)
        panels = VGroup(*(self.panel(i, side, left) for i in range(self.n.count)))
        panels.arrange_in_grid(cols=per_row, buff=(GAP, GAP), cell_alignment=UP)
        kit.place_between(panels, kit.TOP, kit.BOTTOM, width=width,
                          x=kit.WIDTH / 2 - width / 2)
        self.shown.update(image_grid=image.body)
        return image, panels

    @staticmethod
    def legibility(panel) -> str:
        """What the narration says of the grids' numbers: written, or shading only."""
        kernel, fmap = (len(part[0].numbers) > 0 for part in (panel.kernel, panel.map))
        if fmap:
            return 'its numbers written in' + ('' if kernel else '; the kernels shading only')
        shaded = 'maps and kernels' if not kernel else 'maps'
        return (f'{shaded} too small for their numbers: shading only, the brighter the '
                f'larger, purple below zero')

    def every_kernel(self) -> None:
        n, story = self.n, self.story
        image, panels = self.kernel_screen()
        how = self.legibility(panels[0])
        with self.narrate(f'Here is our digit, a <bookmark mark="x"/>{story.label}, and '
                          f'<bookmark mark="k"/>all {n.count} kernels of the network after '
                          f'{story.run.epochs[-1]} epochs of training, each with its '
                          f'bias.') as line:
            line.wait_until("x")
            self.play(FadeIn(image), run_time=0.8)
            line.wait_until("k")
            self.play(*(FadeIn(VGroup(p.kernel, p.bias)) for p in panels), run_time=1.2)
        with self.narrate(f'The layer\'s forward pass, run by nn on the digit, '
                          f'<bookmark mark="y"/>gives one feature map per kernel, {n.m} by '
                          f'{n.m}, {how}.') as line:
            line.wait_until("y")
            self.play(*(FadeIn(p.map) for p in panels), run_time=1.2)
        self.clear_all()

    # -- one entry, checked ----------------------------------------------------------------

    def check_rows(self):
        n, (r, c) = self.n, self.n.entry
        products = entry_products(n)
        p = kit.precision(products.sum(), n.maps[0, r, c], n.bias[0])
        total = products.sum() + n.bias[0]
        ours = VGroup(kit.formula(rf"(Y_1)_{{{r}{c}}} = \textstyle\sum +\, b_1 =", font_size=36),
                      kit.number(products.sum(), kit.Y_COLOR, p, font_size=36),
                      MathTex("+", font_size=36),
                      kit.number(n.bias[0], kit.B_COLOR, p, font_size=36),
                      MathTex("=", font_size=36), kit.number(total, kit.Y_COLOR, p, font_size=36))
        recorded = kit.number(n.maps[0, r, c], kit.Y_COLOR, p, font_size=36)
        agree = bool(np.isclose(total, n.maps[0, r, c]))
        theirs = VGroup(kit.formula(NN_FORWARD, font_size=26), MathTex(":", font_size=36),
                        recorded, kit.verdict(agree, font_size=40))
        for row in (ours, theirs):
            row.arrange(RIGHT, buff=0.15)
        self.shown.update(check_sum=ours[1], check_bias=ours[3], check_total=ours[5],
                          check_nn=recorded, check_agree=agree)
        rows = VGroup(ours, theirs).arrange(DOWN, buff=0.3)
        rows.total, rows.p = total, p
        return rows

    def check_screen(self):
        n = self.n
        image = kit.NumberGrid(n.image, kit.X_COLOR, cell=CHECK_CELL, scale=1.0)
        kernel = kit.NumberGrid(n.kernels[0, 0], KERNEL_COLOR, cell=CHECK_CELL,
                                decimals=kit.precision(n.kernels))
        products = kit.NumberGrid(entry_products(n), kit.Y_COLOR, cell=CHECK_CELL)
        top = kit.row_of((image, "X"), (kernel, "K_1"), (products, r"x \, k"), buff=0.6,
                         label_size=LABEL_SIZE)
        rows = self.check_rows()
        VGroup(top, rows).arrange(DOWN, buff=0.5)
        kit.place_between(VGroup(top, rows), kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        self.shown.update(check_image=image, check_kernel=kernel, check_products=products)
        r, c = n.entry
        return top, image.window(r, c, n.k, KERNEL_COLOR), rows

    def one_entry_checked(self) -> None:
        (r, c), (top, window, rows) = self.n.entry, self.check_screen()
        value = kit.fmt(rows.total, rows.p)
        with self.narrate(f'Check one entry: the first map\'s largest, at row {r}, column {c}. '
                          f'<bookmark mark="w"/>The first kernel over the pixels there, '
                          f'<bookmark mark="p"/>their {self.n.k * self.n.k} '
                          f'products.') as line:
            self.play(FadeIn(top.labels), FadeIn(top.row[:2]), run_time=1.0)
            line.wait_until("w")
            self.play(Create(window), run_time=0.6)
            line.wait_until("p")
            self.play(FadeIn(top.row[2]), run_time=0.8)
        with self.narrate(f'Their sum plus the bias <bookmark mark="s"/>is {value}; '
                          f'<bookmark mark="nn"/>nn\'s forward has the same number.') as line:
            line.wait_until("s")
            self.play(FadeIn(rows[0]), run_time=0.8)
            line.wait_until("nn")
            self.play(FadeIn(rows[1]), run_time=0.6)
        self.clear_all()

    # -- the activation --------------------------------------------------------------------

    def activation_screen(self) -> VGroup:
        n = self.n
        columns = min(n.count, 8)
        side = min((kit.WIDTH - 1.6) / columns - GAP, (kit.TOP - kit.BOTTOM - 1.8) / 2, 2.6)
        p = kit.precision(n.maps, n.activated)
        before, after = VGroup(), VGroup()
        for i in range(n.count):
            scale = float(np.abs(n.maps[i]).max()) or 1.0
            before.add(kit.legible_grid(n.maps[i], kit.Y_COLOR, side, decimals=p,
                                        scale=scale))
            after.add(kit.legible_grid(n.activated[i], kit.Y_COLOR, side, decimals=p,
                                       scale=scale))
            self.shown[f"activated_grid_{i}"] = after[-1]
        for row in (before, after):
            row.arrange(RIGHT, buff=GAP)
        names = VGroup(kit.formula("Y", font_size=36),
                       kit.formula(rf"{self.f_tex}(Y)", font_size=36))
        screen = VGroup(before, after).arrange(DOWN, buff=0.9)
        for name, row in zip(names, (before, after)):
            name.next_to(row, LEFT, buff=0.35)
        arrows = VGroup(*(Arrow(b.get_bottom(), a.get_top(), buff=0.1, color=kit.DIM_COLOR)
                          for b, a in zip(before, after)))
        whole = VGroup(screen, names, arrows)
        kit.place_between(whole, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        whole.before, whole.after, whole.names, whole.arrows = before, after, names, arrows
        return whole

    def the_activation(self) -> None:
        screen = self.activation_screen()
        what = {"relu": "negative entries become 0, the rest stay",
                "tanh": "every entry squeezed between minus 1 and 1",
                "sigmoid": "every entry squeezed between 0 and 1"}[self.story.config.activation]
        with self.narrate(f'Next, the activation, <bookmark mark="f"/>{self.f_name}, entry by '
                          f'entry: {what}. Each map keeps its shading scale.') as line:
            self.play(FadeIn(screen.before), FadeIn(screen.names[0]), run_time=0.8)
            line.wait_until("f")
            self.play(FadeIn(screen.arrows), FadeIn(screen.names[1]), run_time=0.6)
            self.play(FadeIn(screen.after), run_time=1.0)
        self.clear_all()

    # -- flatten ---------------------------------------------------------------------------

    def flat_strip(self) -> VGroup:
        n = self.n
        cells = kit.NumberGrid(n.flat[None], kit.Y_COLOR, cell=kit.WIDTH / n.flat.size,
                               numbers=False)
        cells.stretch_to_fit_height(0.5)
        for square in cells.cells[0]:
            square.set_stroke(width=0)
        outline = SurroundingRectangle(cells, buff=0, color=kit.DIM_COLOR, stroke_width=2)
        size = n.m * n.m
        braces = VGroup(*(Brace(VGroup(*cells.cells[0][i * size:(i + 1) * size]), DOWN,
                                buff=0.08, color=kit.DIM_COLOR) for i in range(n.count)))
        names = VGroup(*(kit.formula(rf"{self.f_tex}(Y_{{{i + 1}}})", font_size=20)
                         .next_to(b, DOWN, buff=0.08) for i, b in enumerate(braces)))
        for name, brace in zip(names, braces):
            kit.fit(name, width=brace.width)
        strip = VGroup(cells, outline, braces, names)
        strip.cells = cells
        return strip

    def flatten_screen(self):
        n = self.n
        maps = VGroup(*(self.shown[f"activated_grid_{i}"].copy() for i in range(n.count)))
        maps.arrange(RIGHT, buff=GAP)
        kit.fit(maps, width=kit.WIDTH, height=2.2)
        strip = self.flat_strip()
        length = n.flat.size
        rule = kit.formula(rf"{n.count} \cdot {n.m} \cdot {n.m} = {length}", font_size=36)
        head = 4
        p = kit.precision(n.flat[:head])
        entries = [kit.number(v, kit.Y_COLOR, p, font_size=30) for v in n.flat[:head]]
        vector = VGroup(MathTex(r"(", font_size=36))
        for entry in entries:
            vector.add(entry, MathTex(",", font_size=36))
        vector.add(MathTex(r"\dots)", font_size=36))
        vector.arrange(RIGHT, buff=0.15)
        for entry, comma in zip(entries, vector[2::2]):      # commas on the line
            comma.align_to(entry, DOWN).shift(DOWN * 0.08)
        dense = kit.formula(rf"\to \texttt{{Dense}}({n.dense_shape[1]} \to {n.dense_shape[0]})",
                            font_size=34)
        bottom = VGroup(rule, vector, dense).arrange(RIGHT, buff=0.6)
        kit.fit(bottom, width=kit.WIDTH)
        screen = VGroup(maps, strip, bottom).arrange(DOWN, buff=0.6)
        kit.place_between(screen, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        self.shown.update(flat_head=vector, flat_values=n.flat, dense_shape=n.dense_shape)
        return maps, strip, bottom

    def the_flatten(self) -> None:
        n = self.n
        maps, strip, bottom = self.flatten_screen()
        first_row = SurroundingRectangle(VGroup(*maps[0].cells[0]), buff=0,
                                         color=KERNEL_COLOR, stroke_width=4)
        first_cells = SurroundingRectangle(VGroup(*strip.cells.cells[0][:n.m]), buff=0.02,
                                           color=KERNEL_COLOR, stroke_width=4)
        with self.narrate(f'Flatten lays the {n.count} maps out as <bookmark mark="v"/>one '
                          f'long vector: channel by channel, and in each map <bookmark '
                          f'mark="r"/>row by row, the first row first.') as line:
            self.play(FadeIn(maps), run_time=0.8)
            line.wait_until("v")
            self.play(FadeIn(strip), run_time=1.2)
            line.wait_until("r")
            self.play(Create(first_row), run_time=0.5)
            self.play(Transform(first_row.copy(), first_cells), run_time=0.8)
        with self.narrate(f'Its length is {n.count} times {n.m} times {n.m}: '
                          f'<bookmark mark="n"/>{n.flat.size} numbers, the input of the '
                          f'Dense layer with {n.dense_shape[0]} outputs.', pause=kit.PAUSE
                          ) as line:
            line.wait_until("n")
            self.play(FadeIn(bottom), run_time=1.2)
