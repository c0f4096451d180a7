# Render: manim render -ql scenes/cnn_flatten_backward.py FlattenBackward     (-qh for 1080p60)
"""The sequel, chapter 4: backward, the gradient reaches the convolution.

Every number is the recorded step's (kit.cnn_story's ``step``): ONE training step of the
untrained network on the training digit ``config.sample``, which keeps every layer's
dE/dY (``output_gradient``) and dE/dX (``input_gradient``).  The chapter follows the
gradient from the loss back to the Conv2D:

- the layers as blocks, their names from the fresh network's ``describe()``;
- the loss gradient at the output (``step.loss_gradient``, Softmax's output_gradient),
  Softmax's dE/dX, and Dense's dE/dX: a vector of kernels·m·m, Flatten's output_gradient;
- Flatten's dE/dX (its input_gradient): the same numbers as kernels maps of m x m.  The
  chapter rebuilds the maps itself from the vector, entry by entry (map i, row r, column
  c from entry i·m·m + r·m + c), and checks them against nn's;
- f'(Y) at the Conv2D's output Y (the record's ``output``), from nn's own activation layer
  (``f_prime``), and the product dE/d f(Y) ⊙ f'(Y), computed here, checked against the
  Conv2D's output_gradient: dE/dY, where the next chapters start.

Grids write their numbers only where a cell is large enough to read them
(kit.LEGIBLE_CELL); smaller grids are shading alone, and the narration says so.  Small
gradients are written over a power of ten, shown left of their grid (kit.precision).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Arrow, Brace, Create, FadeIn, GrowArrow,
                   Indicate, LaggedStart, MathTex, SurroundingRectangle, Transform, VGroup,
                   Write)

from scenes import kit

STRIP_HEIGHT = 0.45          # a long vector drawn as a strip of shaded cells
VECTOR_CELL = 0.6            # the ten outputs' gradients, one numbered cell each
DETAIL_CELL = 0.6            # the largest cell of the one map looked at closely
LABEL_SIZE = 30
GAP = 0.35
WHAT_F_PRIME_DOES = {
    "relu": "1 where the map was positive, 0 where it was not: there the gradient stops",
    "tanh": "1 minus tanh squared: close to 1 near zero, small where tanh saturates",
    "sigmoid": "sigma times 1 minus sigma: at most a quarter, small where the sigmoid "
               "saturates",
}


@dataclass(frozen=True)
class Numbers:
    """The recorded step's numbers (the batch of one dropped), and the chapter's own."""

    image: np.ndarray          # the digit, 8 x 8
    layers: tuple              # (describe(), kind, has parameters) of every layer
    loss_gradient: np.ndarray  # (10,): dE/dY at the output, Softmax's output_gradient
    softmax_dx: np.ndarray     # (10,): Softmax's input_gradient, Dense's output_gradient
    dense_dx: np.ndarray       # (N,): Dense's input_gradient
    flatten_dy: np.ndarray     # (N,): Flatten's output_gradient
    flatten_dx: np.ndarray     # (i, m, m): Flatten's input_gradient
    conv_y: np.ndarray         # (i, m, m): the Conv2D's output Y, the activation's input
    f_prime: np.ndarray        # (i, m, m): nn's f'(Y)
    conv_dy: np.ndarray        # (i, m, m): the Conv2D's output_gradient
    reshaped: np.ndarray       # (i, m, m): flatten_dy put back into maps, here
    product: np.ndarray        # (i, m, m): flatten_dx ⊙ f_prime, here

    @property
    def count(self) -> int:
        return len(self.flatten_dx)

    @property
    def m(self) -> int:
        return self.flatten_dx.shape[-1]

    @property
    def detail(self) -> int:
        """The map looked at closely: the first whose Y is positive in places and not in
        others (where relu's derivative is 1 and 0), else the first."""
        return next((i for i, y in enumerate(self.conv_y) if (y > 0).any() and (y <= 0).any()),
                    0)


def unflatten(vector: np.ndarray, count: int, m: int) -> np.ndarray:
    """The vector put back into ``count`` maps of m x m in Flatten's order, channel by
    channel, row by row: map i, row r, column c is entry i·m·m + r·m + c."""
    maps = np.empty((count, m, m))
    for i, r, c in np.ndindex(count, m, m):
        maps[i, r, c] = vector[i * m * m + r * m + c]
    return maps


def numbers_of(story) -> Numbers:
    conv, activation, flatten, dense, softmax = story.step.layers
    fresh = story.new_model()
    f_prime = fresh.layers[1].f_prime(conv.output)[0]
    count, m = conv.output.shape[1], conv.output.shape[-1]
    reshaped = unflatten(flatten.output_gradient[0], count, m)
    return Numbers(
        image=story.image,
        layers=tuple((layer.describe(), record.kind, bool(record.params_before))
                     for layer, record in zip(fresh.layers, story.step.layers)),
        loss_gradient=story.step.loss_gradient[0], softmax_dx=softmax.input_gradient[0],
        dense_dx=dense.input_gradient[0], flatten_dy=flatten.output_gradient[0],
        flatten_dx=flatten.input_gradient[0], conv_y=conv.output[0], f_prime=f_prime,
        conv_dy=conv.output_gradient[0], reshaped=reshaped,
        product=activation.output_gradient[0] * f_prime)


def strip(values: np.ndarray, width: float) -> VGroup:
    """A long vector as one strip of cells at most ``width`` wide, its numbers written if
    its cells are legible, else shading alone (flattened); .grid the NumberGrid."""
    cell = width / values.size
    legible = cell >= kit.LEGIBLE_CELL
    grid = kit.legible_grid(values[None], kit.Y_COLOR, min(cell, VECTOR_CELL) * values.size)
    if not legible:
        grid.stretch_to_fit_height(STRIP_HEIGHT)
        for square in grid.cells[0]:
            square.set_stroke(width=0)
    outline = SurroundingRectangle(grid.cells, buff=0, color=kit.DIM_COLOR, stroke_width=2)
    group = VGroup(grid, outline)
    group.grid = grid
    return group


def block(name: str, kind: str, has_params: bool) -> VGroup:
    """A layer's block; one that holds parameters takes the colour of the weights."""
    mob = kit.layer_block(name, kind, font_size=20)
    if has_params:
        mob.frame.set_stroke(kit.W_COLOR)
    return mob


def map_tex(d: int) -> str:
    """TeX of Y_d as one piece (kit.formula would split Y from its index)."""
    return f"{{{{Y_{{{d}}}}}}}"


def pink_f_prime(label) -> None:
    """Colour the f'( and ) of an f_prime_of label like f' (the grid's colour)."""
    for part in (label[0], label[-1]):
        part.set_color(kit.F_PRIME_COLOR)


def named(tex: str, size: float = LABEL_SIZE, color=None) -> MathTex:
    return kit.formula(tex, font_size=size, **({"color": color} if color else {}))


class FlattenBackward(kit.StoryScene):
    tells = staticmethod(kit.cnn_story)      # the sequel's story, not XOR's

    def setup(self) -> None:
        super().setup()
        self.n = numbers_of(self.story)
        f = kit.formulas_for(self.story.config.activation)
        self.f_tex, self.f_prime_tex, self.f_name = f.symbol, f.derivative, f.name
        self.shown.update(label=self.story.label, count=self.n.count, size=self.n.m,
                          length=self.n.flatten_dy.size, detail=self.n.detail + 1,
                          loss_gradient=self.n.loss_gradient)

    def construct(self) -> None:
        self.chapter("Backward: the gradient reaches the convolution")
        self.the_recorded_step()
        self.back_to_flatten()
        self.flatten_backward()
        self.the_derivative()
        self.the_product()
        self.every_map()

    # -- the chain of layers ---------------------------------------------------------------

    def chain_screen(self) -> VGroup:
        n = self.n
        image = kit.NumberGrid(n.image, kit.X_COLOR, cell=0.14, numbers=False, scale=1.0)
        blocks = [block(*layer) for layer in n.layers]
        error = MathTex("E", font_size=48, color=kit.E_COLOR)
        row = kit.chain([image, *blocks, error], buff=0.45)
        kit.fit(row, width=kit.WIDTH)
        items = row.items
        low = DOWN * (max(b.height for b in blocks) / 2 + 0.3)
        back = VGroup(*(Arrow(right.get_left() + low, left.get_right() + low, buff=0.05,
                              color=kit.E_COLOR, stroke_width=3, tip_length=0.16,
                              max_tip_length_to_length_ratio=0.35)
                        for left, right in zip(items[1:], items[2:])))
        for arrow, right in zip(back, items[2:]):
            arrow.set_y(right.get_y() + low[1])
        caption = kit.text(rf"The recorded step: the first training step of the "
                           rf"untrained network, on one training digit, a {self.story.label}",
                           font_size=30, color=kit.DIM_COLOR)
        kit.fit(caption, width=kit.WIDTH)
        screen = VGroup(caption, VGroup(row, back)).arrange(DOWN, buff=0.4)
        screen.to_edge(UP, buff=0.5)
        screen.caption, screen.row, screen.back = caption, row, back
        return screen

    def the_recorded_step(self) -> None:
        self.screen = screen = self.chain_screen()
        with self.narrate(f'From here on we follow one recorded step: <bookmark mark="s"/>the '
                          f'very first training step of the untrained network, on one '
                          f'training digit, a {self.story.label}.') as line:
            self.play(FadeIn(screen.row), run_time=1.2)
            line.wait_until("s")
            self.play(FadeIn(screen.caption), run_time=0.8)
        with self.narrate('Forward, the digit went through the layers to the error E. '
                          '<bookmark mark="b"/>Backward, the gradient flows the other way: '
                          'each layer hands its dE/dX to the layer before it, as that '
                          'layer\'s dE/dY.') as line:
            line.wait_until("b")
            self.play(LaggedStart(*(GrowArrow(a) for a in reversed(screen.back)),
                                  lag_ratio=0.4), run_time=2.0)

    # -- from the loss to Flatten ----------------------------------------------------------

    def vector_rows(self) -> VGroup:
        n = self.n
        out, soft = (kit.legible_grid(values[None], kit.Y_COLOR, VECTOR_CELL * values.size)
                     for values in (n.loss_gradient, n.softmax_dx))
        names = [r"\texttt{Softmax}\ " + kit.grad_of("Y"),
                 r"\texttt{Softmax}\ " + kit.grad_of("X"),
                 r"\texttt{Dense}\ " + kit.grad_of("X") + r" = W^T \, " + kit.grad_of("Y")]
        labels = VGroup(*(named(tex) for tex in names))
        width = kit.WIDTH - labels.width - GAP
        flat = strip(n.dense_dx, width)
        length = named(rf"{n.dense_dx.size} = {n.count} \cdot {n.m} \cdot {n.m}", size=28)
        same = VGroup(named(r"= \texttt{Flatten}\ " + kit.grad_of("Y"), size=28),
                      kit.verdict(bool(np.array_equal(n.dense_dx, n.flatten_dy)), 36))
        same.arrange(RIGHT, buff=0.2)
        notes = VGroup(length, same).arrange(RIGHT, buff=0.8)
        rows = VGroup(*(VGroup(label, body).arrange(RIGHT, buff=GAP)
                        for label, body in zip(labels, (out, soft, flat))))
        rows.add(notes)
        rows.arrange(DOWN, buff=0.35, aligned_edge=RIGHT)
        notes.align_to(flat, LEFT)
        kit.place_between(rows, self.screen.get_bottom()[1] - 0.3, kit.BOTTOM, width=kit.WIDTH)
        self.shown.update(output_gradient=out, softmax_gradient=soft, dense_gradient=flat.grid,
                          same_as_flatten=same[1])
        return rows

    def back_to_flatten(self) -> None:
        n, back = self.n, self.screen.back
        rows = self.vector_rows()
        value = kit.fmt(n.loss_gradient[self.story.label], rows[0][1].shown)
        with self.narrate(f'It starts at the output: <bookmark mark="e"/>the gradient of the '
                          f'loss is zero except at the true digit, {self.story.label}, where '
                          f'it is {value}.') as line:
            line.wait_until("e")
            self.play(FadeIn(rows[0]), run_time=1.0)
        with self.narrate(f'Softmax passes back <bookmark mark="s"/>10 numbers; Dense, its '
                          f'weights transposed times those, <bookmark mark="d"/>'
                          f'{n.dense_dx.size}: one for each of its inputs, '
                          f'{self.maps_of(n.count)}, flattened.') as line:
            line.wait_until("s")
            self.play(FadeIn(rows[1]), run_time=0.8)
            line.wait_until("d")
            self.play(FadeIn(rows[2]), FadeIn(rows[3][0]), run_time=1.0)
        with self.narrate('That vector is exactly what Flatten received: <bookmark mark="f"/>'
                          'its dE/dY in the record.') as line:
            line.wait_until("f")
            self.play(FadeIn(rows[3][1]), Indicate(back[2], color=kit.E_COLOR), run_time=0.8)
        self.clear_all()

    # -- Flatten's backward: the vector back into maps -------------------------------------

    def flatten_top(self) -> VGroup:
        """Flatten's dE/dY as a strip, a brace and the map's number under each map's part."""
        n = self.n
        label = named(r"\texttt{Flatten}\ " + kit.grad_of("Y"))
        vector = strip(n.flatten_dy, kit.WIDTH - label.width - GAP)
        cells, size = vector.grid.cells[0], n.m * n.m
        braces = VGroup(*(Brace(VGroup(*cells[i * size:(i + 1) * size]), DOWN, buff=0.06,
                                color=kit.DIM_COLOR) for i in range(n.count)))
        numbers = VGroup(*(MathTex(str(i + 1), font_size=26).next_to(b, DOWN, buff=0.06)
                           for i, b in enumerate(braces)))
        top = VGroup(label, VGroup(vector, braces, numbers)).arrange(RIGHT, buff=GAP)
        top.vector = vector
        return top

    def flatten_maps(self, width: float) -> VGroup:
        """Flatten's dE/dX: map 1 large enough for its numbers, the others beside it."""
        n, p = self.n, kit.precision(self.n.flatten_dx)
        first = kit.legible_grid(n.flatten_dx[0], kit.Y_COLOR, DETAIL_CELL * n.m, decimals=p,
                                 scale=self.gradient_scale)
        first_name = MathTex("1", font_size=26).next_to(first.cells, UP, buff=0.15)
        panels = VGroup(VGroup(first_name, first))
        if n.count > 1:
            rest = kit.channel_maps(n.flatten_dx[1:], kit.Y_COLOR,
                                    [str(i + 1) for i in range(1, n.count)],
                                    width - first.width - GAP, panels.height, decimals=p,
                                    label_size=26, scale=self.gradient_scale)
            panels.add(*rest)
        grids = VGroup(*(panel[1] for panel in panels))
        maps = VGroup(VGroup(*panels[:1]), VGroup(*panels[1:]))
        maps.arrange(RIGHT, buff=GAP, aligned_edge=UP)
        maps.panels, maps.grids = panels, grids
        return maps

    def flatten_screen(self) -> VGroup:
        n = self.n
        top = self.flatten_top()
        label = named(r"\texttt{Flatten}\ " + kit.grad_of("X"))
        maps = self.flatten_maps(kit.WIDTH - label.width - GAP)
        bottom = VGroup(label, maps).arrange(RIGHT, buff=GAP)
        agree = bool(np.array_equal(n.reshaped, n.flatten_dx))
        check = VGroup(kit.text(r"put back here, entry by entry $=$ nn's", font_size=30),
                       named(r"\texttt{Flatten}\ " + kit.grad_of("X"), size=28),
                       kit.verdict(agree, 40)).arrange(RIGHT, buff=0.2)
        screen = VGroup(top, bottom, check).arrange(DOWN, buff=0.45)
        kit.place_between(screen, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        screen.vector, screen.maps, screen.check = top.vector, maps, check
        self.shown.update(flatten_maps=maps.grids, reshape_agree=agree)
        return screen

    def flatten_backward(self) -> None:
        n = self.n
        screen = self.flatten_screen()
        cells = VGroup(*screen.vector.grid.cells[0][:n.m])
        where = SurroundingRectangle(cells, buff=0.03, color=kit.W_COLOR, stroke_width=4)
        first = screen.maps.grids[0]
        row = VGroup(*first.cells[0], *first.numbers[0])
        with self.narrate(f'Flatten has no parameters. Its backward only reshapes: '
                          f'<bookmark mark="v"/>the vector goes back into '
                          f'{self.maps_of(n.count)}, in the order its forward laid them out: '
                          f'channel by channel, and <bookmark mark="r"/>in each map row by '
                          f'row.') as line:
            self.play(FadeIn(screen[0]), run_time=1.0)
            line.wait_until("v")
            self.play(FadeIn(screen[1][0]), *(FadeIn(p[0]) for p in screen.maps.panels),
                      run_time=0.8)
            line.wait_until("r")
            self.play(Create(where), run_time=0.6)
            moving = cells.copy()
            self.play(Transform(moving, row), run_time=1.4)
        others = (f'; the others {self.legibility(screen.maps.grids[1:])}' if n.count > 1
                  else '')
        with self.narrate(f'The first {n.m} numbers are the first row of map 1, the next '
                          f'{n.m} its second row, and so on. <bookmark mark="m"/>Map 1 with its '
                          f'numbers{others}.') as line:
            line.wait_until("m")
            self.play(*(FadeIn(p[1]) for p in screen.maps.panels), run_time=1.2)
            self.remove(moving)
        with self.narrate('Put back here entry by entry, <bookmark mark="c"/>they are exactly '
                          'Flatten\'s dE/dX in the record.') as line:
            line.wait_until("c")
            self.play(FadeIn(screen.check), run_time=0.8)
        self.clear_all()

    @staticmethod
    def legibility(grids) -> str:
        """What the narration says of the numbers of a set of grids: written, or shading."""
        if all(len(grid.numbers) for grid in grids):
            return "with their numbers"
        return ("too small for their numbers: shading only, the brighter the larger, purple "
                "below zero")

    def maps_of(self, count: int) -> str:
        """'5 maps of 6 by 6', '1 map of 4 by 4'."""
        return f"{count} map{'s' * (count != 1)} of {self.n.m} by {self.n.m}"

    def f_prime_of(self, d: int) -> str:
        """TeX of f'(Y_d), f the story's activation: three pieces, Y_d whole."""
        return rf"{{{{ {self.f_tex}'( }}}} {map_tex(d)} {{{{ ) }}}}"

    def activated_grad(self, y: str) -> str:
        """TeX of dE/d f(y), f the story's activation."""
        return kit.grad_of(rf"{self.f_tex}({y})")

    @property
    def gradient_scale(self) -> float:
        return float(np.abs(self.n.flatten_dx).max()) or 1.0

    # -- the activation's backward ---------------------------------------------------------

    def detail_grids(self):
        """The detail map's Y, f'(Y), the gradient Flatten passed back and the product."""
        n, d = self.n, self.n.detail
        side = min(DETAIL_CELL * n.m, (kit.WIDTH - 2.0) / 3)
        y = kit.legible_grid(n.conv_y[d], kit.Y_COLOR, side, decimals=kit.precision(n.conv_y))
        f_prime = kit.legible_grid(n.f_prime[d], kit.F_PRIME_COLOR, side, scale=1.0,
                                   decimals=kit.precision(n.f_prime))
        incoming = kit.legible_grid(n.flatten_dx[d], kit.Y_COLOR, side,
                                    decimals=kit.precision(n.flatten_dx),
                                    scale=self.gradient_scale)
        product = kit.legible_grid(n.product[d], kit.Y_COLOR, side,
                                   decimals=kit.precision(n.conv_dy), scale=self.gradient_scale)
        self.shown.update(detail_y=y, detail_f_prime=f_prime, detail_incoming=incoming,
                          detail_product=product)
        return y, f_prime, incoming, product

    def the_derivative(self) -> None:
        d = self.n.detail + 1
        self.grids = y, f_prime, _, _ = self.detail_grids()
        rule = named(self.f_prime_tex, size=40)
        row = kit.row_of((y, map_tex(d), LABEL_SIZE),
                         Arrow(LEFT, RIGHT, color=kit.DIM_COLOR, stroke_width=3),
                         (f_prime, self.f_prime_of(d), LABEL_SIZE), buff=0.5)
        pink_f_prime(row.labels[1])
        screen = VGroup(rule, row).arrange(DOWN, buff=0.5)
        kit.place_between(screen, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        with self.narrate(f'Next comes the activation. Its backward multiplies, entry by entry, '
                          f'by <bookmark mark="f"/>the derivative of {self.f_name} at its input: '
                          f'the Conv2D\'s output Y, which the forward pass kept.') as line:
            line.wait_until("f")
            self.play(Write(rule), run_time=1.2)
        with self.narrate(f'Here is map {d}: <bookmark mark="y"/>Y, and <bookmark mark="p"/>'
                          f'f\'(Y), {WHAT_F_PRIME_DOES[self.story.config.activation]}.'
                          ) as line:
            line.wait_until("y")
            self.play(FadeIn(row.row[0]), FadeIn(row.labels[0]), run_time=0.8)
            line.wait_until("p")
            self.play(FadeIn(row.row[1:]), FadeIn(row.labels[1]), run_time=1.0)
        self.clear_all()

    def the_product(self) -> None:
        n, d = self.n, self.n.detail + 1
        _, f_prime, incoming, product = self.grids
        rule = kit.formula(kit.grad_of("Y"), " = ", self.activated_grad("Y"), r" \odot ",
                           rf"{self.f_tex}'(", "Y", ")", font_size=40)
        rule[2].set_color(kit.Y_COLOR)
        pink_f_prime(rule[4:])
        row = kit.row_of((incoming, self.activated_grad(f"Y_{{{d}}}"), LABEL_SIZE),
                         MathTex(r"\odot", font_size=44),
                         (f_prime, self.f_prime_of(d), LABEL_SIZE),
                         MathTex("=", font_size=44),
                         (product, kit.grad_of(f"Y_{{{d}}}"), LABEL_SIZE), buff=0.35)
        row.labels[0].set_color(kit.Y_COLOR)
        pink_f_prime(row.labels[1])
        agree = bool(np.allclose(n.product[n.detail], n.conv_dy[n.detail], rtol=0, atol=1e-15))
        check = VGroup(kit.text("computed here $=$ nn's", font_size=30),
                       named(r"\texttt{Conv2D}\ " + kit.grad_of(f"Y_{{{d}}}"), size=28),
                       kit.verdict(agree, 40)).arrange(RIGHT, buff=0.2)
        screen = VGroup(rule, row, check).arrange(DOWN, buff=0.5)
        kit.place_between(screen, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        self.shown.update(detail_agree=agree)
        with self.narrate(f'So the gradient that Flatten passed back, <bookmark mark="a"/>map '
                          f'{d} of it, <bookmark mark="b"/>times f\'(Y), entry by entry, '
                          f'<bookmark mark="c"/>gives dE/dY of the Conv2D for map {d}.') as line:
            self.play(Write(rule), run_time=1.0)
            for mark, parts in (("a", (row.row[0], row.labels[0])),
                                ("b", (row.row[1:3], row.labels[1])),
                                ("c", (row.row[3:], row.labels[2]))):
                line.wait_until(mark)
                self.play(*(FadeIn(p) for p in parts), run_time=0.8)
        with self.narrate('Computed here, <bookmark mark="nn"/>it is what nn\'s Conv2D '
                          'received as its output gradient.') as line:
            line.wait_until("nn")
            self.play(FadeIn(check), run_time=0.8)
        self.clear_all()

    # -- every map: the Conv2D's dE/dY -----------------------------------------------------

    def every_map(self) -> None:
        n = self.n
        names = [kit.grad_of(f"Y_{{{i + 1}}}") for i in range(n.count)]
        title = VGroup(named(r"\texttt{Conv2D}\ " + kit.grad_of("Y") + ":"),
                       MathTex(str((1, n.count, n.m, n.m)), font_size=LABEL_SIZE),
                       kit.text(r"$=\ \partial E / \partial\, " + self.f_tex +
                                r"(Y) \odot " + self.f_tex + r"'(Y)$ for every map",
                                font_size=28),
                       kit.verdict(bool(np.allclose(n.product, n.conv_dy, rtol=0,
                                                    atol=1e-15)), 40))
        title.arrange(RIGHT, buff=0.25)
        maps = kit.channel_maps(n.conv_dy, kit.Y_COLOR, names, kit.WIDTH, 5.2,
                                decimals=kit.precision(n.conv_dy))
        screen = VGroup(title, maps).arrange(DOWN, buff=0.4)
        kit.place_between(screen, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        self.shown.update(conv_maps=maps.grids, conv_shape=title[1],
                          conv_agree=bool(np.allclose(n.product, n.conv_dy, rtol=0, atol=1e-15)))
        with self.narrate(f'The same for every map gives <bookmark mark="y"/>the Conv2D\'s '
                          f'dE/dY: {self.maps_of(n.count)}, '
                          f'{self.legibility(maps.grids)}.{self.dead_maps()}') as line:
            line.wait_until("y")
            self.play(FadeIn(maps), run_time=1.2)
            self.play(FadeIn(title), run_time=0.8)
        with self.narrate('This is where the next chapters start: from dE/dY, the Conv2D '
                          'computes the gradients of its kernels, of its biases, and of its '
                          'input.', pause=kit.PAUSE):
            self.play(Indicate(maps, scale_factor=1.03), run_time=1.2)

    def dead_maps(self) -> str:
        """A sentence on the maps that were nowhere positive under relu ('' if none)."""
        if self.story.config.activation != "relu":
            return ""
        dead = [i + 1 for i, y in enumerate(self.n.conv_y) if (y <= 0).all()]
        if not dead:
            return ""
        if len(dead) > 2:
            return " Some maps were nowhere positive: nothing flows back through them."
        if len(dead) == 2:
            return (f" Maps {dead[0]} and {dead[1]} were nowhere positive: nothing flows back "
                    f"through them.")
        return f" Map {dead[0]} was nowhere positive: nothing flows back through it."
