# Render: manim render -ql scenes/cnn_kernel_gradient.py KernelGradient     (-qh for 1080p60)
"""The sequel, chapter 5: backward through the convolutional layer, the kernels' gradient.

Symbols first: one kernel weight k_mn multiplies, in every output y_ab, the pixel
x_(a+m)(b+n); the chain rule adds those up, dE/dk_mn = sum_ab dE/dy_ab x_(a+m)(b+n): the
image cross-correlated with dE/dY, which plays the kernel (dE/dK_ij = X_j ⋆ dE/dY_i), of
the kernel's size, 8 - m + 1 = k.

Then the recorded numbers: the story's step (kit.cnn_story's ``step``), the FIRST training
step of the untrained network on the training image ``config.sample``.  Its Conv2D record
(``story.conv_step``) gives the digit X (the layer's input), every kernel's dE/dY (its
``output_gradient``), the gradients nn's backward computed (``grads["kernels"]``) and the
kernels before and after the optimizer's step (``params_before``, ``params_after``).  The
chapter computes every kernel's gradient itself, with loops over the products
(kernel_gradient), writes one entry out as its products and their sum, and compares each
gradient with nn's.  Last, it runs nn's backward once more on a fresh network (the same
initial weights) to show that backward leaves the kernels as they were; Adam's update is
the record's params_after minus params_before.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, AnimationGroup, Create, FadeIn, FadeOut, Line,
                   MathTex, Succession, Transform, VGroup, Write)

from scenes import kit

CELL = 0.6                   # a pixel's side on the sliding screen, before fitting
UPDATE_CELL = 0.85           # the cells of the kernels before and after Adam's step
LEGIBLE_CELL = 0.45          # a cell's side from which its number is written (font 13.5)
MAX_CELL = 0.7               # the largest cell of the all-kernels screen
GAP = 0.35
FONT_PER_CELL = 30           # NumberGrid's font size per unit of cell, for two decimals
DIGITS_PER_CELL = 150        # font size per cell times the characters of a number
FACTOR_SCALE = 1.4           # a factored power of ten on the sliding screen, enlarged
LABEL_SIZE = 30
KERNEL_COLOR = kit.W_COLOR   # a kernel holds the layer's weights; its gradient too
GRADIENT_OF = r"\frac{\partial E}{\partial "


def kernel_gradient(image: np.ndarray, output_gradient: np.ndarray) -> np.ndarray:
    """dE/dk_mn = sum_a sum_b dE/dy_ab x_(a+m)(b+n), one product at a time: the image
    cross-correlated with dE/dY (m x m), a (8 - m + 1) x (8 - m + 1) result."""
    side = len(output_gradient)
    k = len(image) - side + 1
    gradient = np.zeros((k, k))
    for m in range(k):
        for n in range(k):
            for a in range(side):
                for b in range(side):
                    gradient[m, n] += output_gradient[a, b] * image[a + m, b + n]
    return gradient


def backward_again(story):
    """nn's backward run once more, on a fresh network (the step's initial weights) and the
    step's digit: (the Conv2D's kernels before backward, after it, its grads["kernels"])."""
    model = story.new_model()
    signal = story.step.x
    for layer in model.layers:
        signal = layer.forward(signal)
    conv = model.layers[0]
    before = conv.params["kernels"].copy()
    gradient = story.step.loss_gradient
    for layer in reversed(model.layers):
        gradient = layer.backward(gradient)
    return before, conv.params["kernels"].copy(), conv.grads["kernels"].copy()


@dataclass(frozen=True)
class Numbers:
    """The recorded step's numbers (nn's) and the chapter's own gradients."""

    image: np.ndarray            # X: the Conv2D's input, 8 x 8
    maps: np.ndarray             # Y_i: its output, (i, m, m)
    output_gradients: np.ndarray  # dE/dY_i, from the layers above: (i, m, m)
    gradients: np.ndarray        # X ⋆ dE/dY_i, computed here: (i, k, k)
    nn_gradients: np.ndarray     # nn's grads["kernels"][:, 0]: (i, k, k)
    before: np.ndarray           # params_before["kernels"][:, 0]
    after: np.ndarray            # params_after["kernels"][:, 0], after Adam's step
    backward_kept: bool          # nn's backward, run again, left the kernels as they were
    learning_rate: float

    @property
    def count(self) -> int:
        return len(self.gradients)

    @property
    def k(self) -> int:
        return self.gradients.shape[-1]

    @property
    def m(self) -> int:
        return self.output_gradients.shape[-1]

    @property
    def worked(self) -> int:
        """The kernel worked through: the first whose dE/dY is not all zero (else the first)."""
        alive = [i for i in range(self.count) if np.any(self.output_gradients[i])]
        return alive[0] if alive else 0

    @property
    def step(self) -> np.ndarray:
        return self.after - self.before


def numbers_of(story) -> Numbers:
    record = story.conv_step
    image, dY = record.input[0, 0], record.output_gradient[0]
    before, after_backward, grads = backward_again(story)
    kept = bool(np.array_equal(before, record.params_before["kernels"])
                and np.array_equal(after_backward, before)
                and np.allclose(grads, record.grads["kernels"]))
    return Numbers(image=image, maps=record.output[0], output_gradients=dY,
                   gradients=np.array([kernel_gradient(image, d) for d in dY]),
                   nn_gradients=record.grads["kernels"][:, 0],
                   before=record.params_before["kernels"][:, 0],
                   after=record.params_after["kernels"][:, 0], backward_kept=kept,
                   learning_rate=story.config.learning_rate)


def painted(mob):
    """A kit.formula with its kernel pieces (K, k_mn and their gradients) in the kernel's
    colour, as the chapters draw kernels."""
    for part in mob.submobjects:
        tex = getattr(part, "tex_string", "").strip().replace(GRADIENT_OF, "")
        if tex[:1] == "K" or tex.startswith("k_"):
            part.set_color(KERNEL_COLOR)
    return mob


def nn_grads(index: str) -> str:
    """TeX of nn's recorded kernel gradients at ``index``: grads["kernels"][index]."""
    return rf'\texttt{{grads["kernels"][{index}]}}'


def grid(values, color, cell: float, decimals=None, **kwargs):
    """A kit.NumberGrid whose numbers fit their cells: the more decimals, the smaller the
    font (a minus sign, "0." and the decimals in about 0.85 of the cell)."""
    shown = kit.precision(values) if decimals is None else decimals
    font = cell * min(FONT_PER_CELL, DIGITS_PER_CELL / (shown.decimals + 3))
    return kit.NumberGrid(values, color, cell=cell, decimals=shown, font_size=font, **kwargs)


def larger_factor(grid):
    """A grid's power of ten (if it has one) drawn larger: the sliding screen's cells are
    small, and the factor is what keeps their numbers' meaning."""
    if grid.power:
        grid.factor.scale(FACTOR_SCALE).next_to(grid.cells, LEFT, buff=0.15)
    return grid


def article(count: int) -> str:
    """"a" or "an" before a number said aloud: an 8, an 11, an 18, a 5."""
    return "an" if str(count).startswith("8") or count in (11, 18) else "a"


def tex(text: str, size: float = 44):
    """kit.formula, its kernel pieces painted."""
    return painted(kit.formula(text, font_size=size))


grad = kit.grad_of               # TeX of dE/d(symbol), in the many formulas below


class KernelGradient(kit.StoryScene):
    tells = staticmethod(kit.cnn_story)      # the sequel's story, not XOR's

    def setup(self) -> None:
        super().setup()
        self.n = numbers_of(self.story)
        self.i = self.n.worked
        self.shown.update(image=self.n.image, k=self.n.k, size=self.n.m,
                          products=self.n.m * self.n.m, label=self.story.label,
                          count=self.n.count)

    def construct(self) -> None:
        self.chapter("Backward: the kernel gradient")
        self.the_forward_recalled()
        self.the_chain_rule()
        self.the_sizes()
        self.the_recorded_step()
        self.one_entry()
        self.the_whole_gradient()
        self.every_kernel()
        self.backward_does_not_update()
        self.adam_updates()

    # -- symbols ---------------------------------------------------------------------------

    def derivation(self) -> VGroup:
        """The forward entry, its derivative by one weight, the chain rule, the result."""
        forward = tex(r"{{y_{ab}}} = \sum_m \sum_n {{x_{(a+m)(b+n)}}} \, {{k_{mn}}} + {{b}}")
        local = tex(r"\frac{\partial y_{ab}}{\partial k_{mn}} = {{x_{(a+m)(b+n)}}}")
        chain = tex(rf"{{{{{grad('k_{mn}')}}}}} = \sum_a \sum_b "
                    rf"{{{{{grad('y_{ab}')}}}}} \, {{{{x_{{(a+m)(b+n)}}}}}}")
        short = tex(rf"{{{{{grad('K')}}}}} = {{{{X}}}} \star {{{{{grad('Y')}}}}}")
        general = tex(rf"{{{{{grad('K_{ij}')}}}}} = {{{{X_j}}}} \star {{{{{grad('Y_i')}}}}}",
                      size=36)
        lines = VGroup(forward, local, chain, VGroup(short, general).arrange(RIGHT, buff=1.2))
        lines.arrange(DOWN, buff=0.6)
        return kit.place_between(lines, kit.TOP, kit.BOTTOM, width=kit.WIDTH)

    def the_forward_recalled(self) -> None:
        self.lines = lines = self.derivation()
        with self.narrate('Back to the forward pass: <bookmark mark="f"/>each output y_ab '
                          'adds up the kernel\'s weights k_mn, each times the pixel under it, '
                          'plus the bias.') as line:
            line.wait_until("f")
            self.play(Write(lines[0]), run_time=1.4)
        with self.narrate('So one weight k_mn takes part in every output: <bookmark '
                          'mark="d"/>in y_ab it multiplies the pixel x at (a + m, b + n), and '
                          'that pixel is its derivative.') as line:
            line.wait_until("d")
            self.play(FadeIn(lines[1]), run_time=1.0)

    def the_chain_rule(self) -> None:
        chain, (short, general) = self.lines[2], self.lines[3]
        with self.narrate('By the chain rule, <bookmark mark="c"/>dE/dk_mn adds up, over every '
                          'output position, dE/dy_ab times that pixel.') as line:
            line.wait_until("c")
            self.play(Write(chain), run_time=1.4)
        with self.narrate('That sum is a cross-correlation: <bookmark mark="x"/>the image X, '
                          'with dE/dY playing the kernel. <bookmark mark="g"/>With many '
                          'kernels and channels, dE/dK_ij is X_j cross-correlated with '
                          'dE/dY_i.') as line:
            line.wait_until("x")
            self.play(FadeIn(short), run_time=1.0)
            line.wait_until("g")
            self.play(FadeIn(general), run_time=1.0)
        self.clear_all()

    def the_sizes(self) -> None:
        n, side = self.n, len(self.n.image)
        rows = VGroup(*(VGroup(tex(name, 40), MathTex(":", font_size=40),
                               MathTex(rf"{size} \times {size}", font_size=40))
                        .arrange(RIGHT, buff=0.25)
                        for name, size in (("X", side), (grad("Y_i"), n.m),
                                           (grad("K_{ij}"), n.k))))
        rows.arrange(DOWN, buff=0.5, aligned_edge=LEFT)
        rule = MathTex(rf"{side} - {n.m} + 1 = {n.k} = k", font_size=44)
        VGroup(rows, rule).arrange(DOWN, buff=0.7)
        kit.place_between(VGroup(rows, rule), kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        with self.narrate(f'The sizes: <bookmark mark="x"/>{article(side)} {side} by {side} '
                          f'image, <bookmark mark="y"/>correlated with a {n.m} by {n.m} map, '
                          f'<bookmark mark="k"/>gives {side} minus {n.m} plus 1: {n.k} by '
                          f'{n.k}, the kernel\'s own size, as its gradient must be.') as line:
            for mark, part in (("x", rows[0]), ("y", rows[1]), ("k", VGroup(rows[2], rule))):
                line.wait_until(mark)
                self.play(FadeIn(part), run_time=0.8)
        self.clear_all()

    # -- the recorded step: one kernel ----------------------------------------------------

    def sliding_screen(self):
        """X, dE/dY_i, the products of one window, dE/dK_i (empty), in a row; below it the
        sum and nn's entry."""
        n, i = self.n, self.i
        image = grid(n.image, kit.X_COLOR, CELL, scale=1.0)
        dY = grid(n.output_gradients[i], kit.Y_COLOR, CELL)
        products = grid(self.products(0, 0), kit.Y_COLOR, CELL)
        result = grid(n.gradients[i], KERNEL_COLOR, CELL)
        for each in (dY, products, result):
            larger_factor(each)
        row = kit.row_of((image, "X"), (dY, grad(f"Y_{i + 1}")),
                         (products, rf"x_{{ab}} \, {grad('y_{ab}')}"),
                         (result, grad(f"K_{i + 1}")), buff=0.7, label_size=LABEL_SIZE)
        painted(row.labels[-1])
        kit.place_between(row, self.note.get_bottom()[1] - 0.3, kit.BOTTOM + 1.6,
                          width=kit.WIDTH)
        self.shown.update(image_grid=image, dY_grid=dY, products_grid=products,
                          gradient_grid=result)
        self.empty = kit.NumberGrid(np.zeros_like(n.gradients[i]), KERNEL_COLOR, cell=CELL,
                                    numbers=False)
        self.empty.match_height(result.cells).move_to(result.cells)
        return row

    def products(self, m: int, n: int) -> np.ndarray:
        """dE/dy_ab times the pixel x_(a+m)(b+n), for every (a, b)."""
        dY = self.n.output_gradients[self.i]
        return kit.window_values(self.n.image, m, n, len(dY)) * dY

    def the_recorded_step(self) -> None:
        n, story, i = self.n, self.story, self.i
        which = "the first kernel's output" if i == 0 else \
            f"kernel {i + 1}'s output, the first that got a gradient not all zero"
        with self.narrate(f'Now the recorded numbers: <bookmark mark="s"/>the first training '
                          f'step of the untrained network, on <bookmark mark="x"/>this '
                          f'{story.label} from the training images.') as line:
            line.wait_until("s")
            self.note = self.heading(f"The first training step of the untrained network, "
                                     f"on {article(story.label)} {story.label}")
            self.row = row = self.sliding_screen()
            line.wait_until("x")
            self.play(FadeIn(row.row[0], row.labels[0]), run_time=1.0)
        with self.narrate(f'From the layers above, backpropagation brought <bookmark '
                          f'mark="y"/>dE/dY_{i + 1}, the gradient of the error with respect '
                          f'to {which}: {n.m} by {n.m}, like the map.') as line:
            line.wait_until("y")
            self.play(FadeIn(row.row[1], row.labels[1]), run_time=1.0)
        self.play(FadeIn(row.labels[3]), Create(self.empty), run_time=0.8)

    def fill(self, u: int, v: int) -> FadeIn:
        """Entry (u, v) of the gradient appears (with its grid's factor, if any, first)."""
        result = self.row.row[3]
        parts = VGroup(result.cells[u][v], result.numbers[u][v])
        if (u, v) == (0, 0) and result.power:
            parts.add(result.factor)
        return FadeIn(parts)

    def entry_rows(self) -> VGroup:
        """dE/dk_00 = Σ = value, and nn's entry with its verdict, below the row."""
        n, i = self.n, self.i
        total, recorded = self.products(0, 0).sum(), n.nn_gradients[i, 0, 0]
        p = self.row.row[3].shown             # as the gradient's grid writes it
        ours = VGroup(tex(rf"{{{{{grad('k_{00}')}}}}} = \textstyle\sum =", 36),
                      kit.number(total, KERNEL_COLOR, p, font_size=36))
        agree = bool(np.isclose(total, recorded))
        theirs = VGroup(kit.formula(nn_grads(f"{i}, 0, 0, 0"), font_size=26),
                        MathTex(":", font_size=36),
                        kit.number(recorded, KERNEL_COLOR, p, font_size=36),
                        kit.verdict(agree, font_size=40))
        for part in (ours, theirs):
            part.arrange(RIGHT, buff=0.15)
        rows = VGroup(ours, theirs).arrange(DOWN, buff=0.3)
        kit.place_between(rows, self.row.get_bottom()[1] - 0.3, kit.BOTTOM,
                          width=kit.WIDTH)
        self.shown.update(entry_sum=ours[1], entry_nn=theirs[2], entry_agree=agree)
        rows.total, rows.p = total, p
        return rows

    def one_entry(self) -> None:
        n, row = self.n, self.row
        image, products = row.row[0], row.row[2]
        self.window = image.window(0, 0, n.m, kit.Y_COLOR)
        rows = self.entry_rows()
        with self.narrate(f'Lay dE/dY_{self.i + 1} on the digit, <bookmark mark="w"/>at its '
                          f'top left corner: it covers {n.m} by {n.m} pixels. <bookmark '
                          f'mark="p"/>Multiply each pixel by the gradient on top of it: '
                          f'{n.m * n.m} products.') as line:
            line.wait_until("w")
            self.play(Create(self.window), run_time=0.8)
            line.wait_until("p")
            self.play(FadeIn(products, row.labels[2]), run_time=1.0)
        with self.narrate(f'Their sum, <bookmark mark="s"/>{kit.fmt(rows.total, rows.p)}, is '
                          f'dE/dk_00, the first entry of the kernel\'s gradient. <bookmark '
                          f'mark="nn"/>nn\'s backward recorded the same number.') as line:
            line.wait_until("s")
            self.play(FadeIn(rows[0]), self.fill(0, 0), run_time=0.8)
            line.wait_until("nn")
            self.play(FadeIn(rows[1]), run_time=0.6)
        self.entry = VGroup(rows, products, row.labels[2])

    def the_whole_gradient(self) -> None:
        n, i, result = self.n, self.i, self.row.row[3]
        image = self.row.row[0]
        rest = [(u, v) for u in range(n.k) for v in range(n.k)][1:]
        steps = [AnimationGroup(Transform(self.window, image.window(u, v, n.m, kit.Y_COLOR)),
                                self.fill(u, v), run_time=0.35) for u, v in rest]
        agree = bool(np.allclose(n.gradients[i], n.nn_gradients[i]))
        check = VGroup(kit.formula("= " + nn_grads(f"{i}, 0"), font_size=28),
                       kit.verdict(agree, font_size=40)).arrange(RIGHT, buff=0.2)
        kit.place_between(check, result.get_bottom()[1] - 0.3, kit.BOTTOM, width=kit.WIDTH,
                          x=result.get_x())
        kit.keep_inside(check)
        self.shown.update(gradient_agree=agree)
        with self.narrate(f'Slide it one pixel at a time, <bookmark mark="fill"/>and the '
                          f'whole gradient fills in: {n.k} by {n.k}, the kernel\'s size. '
                          f'<bookmark mark="nn"/>It equals nn\'s, every entry.') as line:
            self.play(FadeOut(self.entry), run_time=0.5)
            line.wait_until("fill")
            self.play(Succession(*steps), run_time=0.35 * len(steps))
            line.wait_until("nn")
            self.play(FadeOut(self.window), FadeIn(check), run_time=0.8)
        self.clear_all()

    # -- every kernel ----------------------------------------------------------------------

    def cell_for(self, width: float, height: float) -> tuple[int, float]:
        """Panels per row and the cell of the gradients' grids: of one row or two, the
        layout whose cells are largest."""
        n = self.n

        def cell(rows: int) -> float:
            per_row = math.ceil(n.count / rows)
            return min((width / per_row - GAP - 0.5) / n.k,
                       (height / rows - GAP - 0.6) / n.k, MAX_CELL)

        rows = max((1, 2), key=cell)
        return math.ceil(n.count / rows), cell(rows)

    def panel(self, i: int, cell: float) -> VGroup:
        n = self.n
        gradient = grid(n.gradients[i], KERNEL_COLOR, cell, numbers=cell >= LEGIBLE_CELL)
        agree = bool(np.allclose(n.gradients[i], n.nn_gradients[i]))
        body = VGroup(gradient, kit.verdict(agree, font_size=36)).arrange(RIGHT, buff=0.15)
        name = tex(grad(f"K_{{{i + 1}}}"), LABEL_SIZE).next_to(gradient.cells, UP, buff=0.15)
        self.shown.update({f"gradient_{i}": gradient, f"agree_{i}": agree})
        return VGroup(name, body)

    def every_kernel_screen(self) -> VGroup:
        top = tex(rf"{{{{{grad('K_i')}}}}} = {{{{X}}}} \star {{{{{grad('Y_i')}}}}}", 40)
        note = VGroup(MathTex(r"\checkmark", font_size=32, color=kit.Y_COLOR),
                      kit.formula(r"\text{: equal to }" + nn_grads("i - 1, 0"), font_size=26))
        note.arrange(RIGHT, buff=0.1)                 # the legend of the panels' marks
        header = VGroup(top, note).arrange(RIGHT, buff=0.8)
        header.move_to([0, kit.TOP - header.height / 2, 0])
        band = header.get_bottom()[1] - 0.4 - kit.BOTTOM
        per_row, cell = self.cell_for(kit.WIDTH, band)
        panels = VGroup(*(self.panel(i, cell) for i in range(self.n.count)))
        panels.arrange_in_grid(cols=per_row, buff=(GAP, GAP), cell_alignment=UP)
        kit.place_between(panels, header.get_bottom()[1] - 0.4, kit.BOTTOM, width=kit.WIDTH)
        return VGroup(header, panels)

    def zero_words(self) -> str:
        """What the narration says of the kernels whose gradient is all zero, if any."""
        n = self.n
        zero = [i for i in range(n.count) if not np.any(n.gradients[i])]
        if not zero:
            return ''
        names = " and ".join(f"kernel {i + 1}" for i in zero)
        cut = self.story.config.activation == "relu" and \
            all(np.all(n.maps[i] <= 0) and not np.any(n.output_gradients[i]) for i in zero)
        why = (': on this digit its whole map was zero or below, where relu passes no '
               'gradient back' if cut else '')
        return f' The gradient of {names} is all zero{why}.'

    def every_kernel(self) -> None:
        n = self.n
        if n.count == 1:                    # the one kernel's gradient is already checked
            return
        header, panels = self.every_kernel_screen()
        legible = len(self.shown["gradient_0"].numbers) > 0
        how = '' if legible else (' Here the grids are too small for their numbers: shading '
                                  'only, the brighter the larger, purple below zero.')
        with self.narrate(f'The same for every kernel: <bookmark mark="k"/>all {n.count} '
                          f'gradients, computed the same way, each equal to nn\'s.{how}'
                          f'{self.zero_words()}') as line:
            self.play(FadeIn(header[0]), run_time=0.8)
            line.wait_until("k")
            self.play(*(FadeIn(p) for p in panels), FadeIn(header[1]), run_time=1.2)
        self.clear_all()

    # -- the update ------------------------------------------------------------------------

    def update_grids(self):
        """The gradient, the kernel before, Adam's step and the kernel after; the three
        last with the decimals of the kernels or of the learning rate (the step's size),
        whichever has more, so that before + step = after reads on screen."""
        n, i = self.n, self.i
        shown, step = kit.precision(n.before[i], n.after[i]), kit.precision(n.step[i])
        rate = kit.precision(n.learning_rate)
        if not (shown.power or step.power or rate.power):
            shown = step = kit.Precision(max(shown.decimals, rate.decimals))
        before, after = (grid(v, KERNEL_COLOR, UPDATE_CELL, shown)
                         for v in (n.before[i], n.after[i]))
        change = grid(n.step[i], kit.RATE_COLOR, UPDATE_CELL, step)
        gradient = grid(n.gradients[i], KERNEL_COLOR, UPDATE_CELL)
        self.shown.update(before_grid=before, after_grid=after, step_grid=change,
                          update_gradient=gradient)
        return gradient, before, change, after

    def backward_does_not_update(self) -> None:
        n, i = self.n, self.i
        gradient, before, change, after = self.update_grids()
        separator = Line(UP, DOWN, color=kit.DIM_COLOR, stroke_width=2)
        row = kit.row_of((gradient, grad(f"K_{i + 1}")), separator,
                         (before, f"K_{i + 1}"), MathTex("+", font_size=48),
                         (change, r"\text{Adam's step}"), MathTex("=", font_size=48),
                         (after, rf"K_{i + 1} \text{{ after}}"), buff=0.45,
                         label_size=LABEL_SIZE)
        separator.scale_to_fit_height(before.height)
        for label in row.labels:
            painted(label)
        kept = VGroup(kit.formula(r"\texttt{Conv2D.backward}\text{: kernels unchanged}",
                                  font_size=28), kit.verdict(n.backward_kept, font_size=36))
        kept.arrange(RIGHT, buff=0.2)
        VGroup(row, kept).arrange(DOWN, buff=0.6)
        kit.place_between(VGroup(row, kept), kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        self.update_row, self.shown["backward_kept"] = row, n.backward_kept
        with self.narrate('The layer\'s backward computes these gradients, and only that: '
                          '<bookmark mark="k"/>run again by nn on the same untrained network, '
                          'it leaves the kernels as they were.') as line:
            self.play(FadeIn(row.row[0], row.labels[0]), run_time=0.8)
            line.wait_until("k")
            self.play(FadeIn(row.row[1:3], row.labels[1]), FadeIn(kept), run_time=1.0)

    def adam_step_words(self) -> str:
        """Adam's first step, said as the step's grid shows it: each weight moved by the
        learning rate against its gradient's sign (a weight whose gradient is zero kept),
        when that is what the record holds."""
        n, i = self.n, self.i
        rate, gradient = n.learning_rate, n.gradients[i]
        shown = self.shown["step_grid"].shown                 # as the step's grid reads
        unit = 0.5 * 10.0 ** (shown.power - shown.decimals)
        if not np.allclose(n.step[i], -rate * np.sign(gradient), rtol=0, atol=unit):
            return 'its first step moves the weights against their gradients'
        moved = f'by the learning rate, {kit.fmt(rate)}, against the sign of its gradient'
        if np.all(gradient):
            return f'its first step moves every weight {moved}'
        return f'its first step moves each weight {moved}, and leaves those whose gradient is 0'

    def adam_updates(self) -> None:
        row = self.update_row
        with self.narrate(f'The optimizer, Adam in this story, updates them after the whole '
                          f'backward pass: <bookmark mark="s"/>{self.adam_step_words()}. '
                          f'<bookmark mark="a"/>Here is the kernel after it.',
                          pause=kit.PAUSE) as line:
            line.wait_until("s")
            self.play(FadeIn(row.row[3:5], row.labels[2]), run_time=1.0)
            line.wait_until("a")
            self.play(FadeIn(row.row[5:], row.labels[3]), run_time=1.0)
