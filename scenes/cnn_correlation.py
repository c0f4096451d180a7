# Render: manim render -ql scenes/cnn_correlation.py CrossCorrelation     (-qh for 1080p60)
"""The sequel, chapter 1: cross-correlation, on a real digit and a real trained kernel.

The numbers are the sequel's story's (kit.cnn_story, the [cnn] table of the story's TOML;
by default Conv2D(1 -> 5, 3x3) on scikit-learn's 8x8 digits): the training image
``config.sample`` (pixel values in [0, 1]) and the first kernel of the trained network
(the run's last snapshot).  The chapter computes the valid cross-correlation itself, one
window at a time (the products, then their sum), and shows that it equals nn's: each sum
equals ``nn.conv.correlate``'s entry, and the whole map plus the kernel's bias equals the
trained Conv2D layer's forward output.  Then the full correlation (the image padded with
k - 1 zeros), computed here with numpy and checked against nn's correlate of nn's pad.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Brace, Create, FadeIn, FadeOut, MathTex,
                   Succession, AnimationGroup, Transform, VGroup, Write)

from nn.conv import correlate, pad
from scenes import kit

CELL = 0.6                   # a pixel's side, on the sliding screen
FULL_HEIGHT = 5.6            # the padded image's height on the full-correlation screen
STEP_POSITIONS = 2           # windows whose products are written out
LABEL_SIZE = 34
NN_CORRELATE = r"\texttt{nn.conv.correlate}"
NN_FORWARD = r"\texttt{Conv2D.forward}"
KERNEL_COLOR = kit.W_COLOR   # a kernel holds the layer's weights


def valid_correlation(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """y_ij = sum_m sum_n x_(i+m)(j+n) k_mn, for every (i, j) where the kernel fits."""
    k = len(kernel)
    size = len(image) - k + 1
    return np.array([[np.sum(kit.window_values(image, i, j, k) * kernel)
                      for j in range(size)] for i in range(size)])


def full_correlation(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """The valid correlation of the image padded with k - 1 zeros all round."""
    k = len(kernel)
    return valid_correlation(np.pad(image, k - 1), kernel)


@dataclass(frozen=True)
class Numbers:
    """The chapter's numbers: nn's (image, trained kernel and bias, correlate, forward)
    and the chapter's own (the valid and the full correlation)."""

    image: np.ndarray          # X, 8 x 8
    kernel: np.ndarray         # K_1, k x k, of the trained network
    bias: float                # b_1, of the trained network
    valid: np.ndarray          # X ⋆ K_1, computed here
    nn_valid: np.ndarray       # nn.conv.correlate(X, K_1)
    nn_forward: np.ndarray     # the trained Conv2D's forward output, channel 1: X ⋆ K_1 + b_1
    full: np.ndarray           # the full correlation, computed here
    nn_full: np.ndarray        # nn.conv.correlate(nn.conv.pad(X, k - 1), K_1)

    @property
    def k(self) -> int:
        return len(self.kernel)


def numbers_of(story) -> Numbers:
    last = len(story.run.weights) - 1
    params = story.conv_params(last)
    image, kernel = story.image, params["kernels"][0, 0]
    x, k = image[None, None], kernel[None, None]            # (1, 1, 8, 8), (1, 1, k, k)
    conv = story.model_at(last).layers[0]
    return Numbers(image=image, kernel=kernel, bias=float(params["bias"][0]),
                   valid=valid_correlation(image, kernel), nn_valid=correlate(x, k)[0, 0],
                   nn_forward=conv.forward(x)[0, 0], full=full_correlation(image, kernel),
                   nn_full=correlate(pad(x, len(kernel) - 1), k)[0, 0])


def labelled_grid(grid, tex: str, size: float = LABEL_SIZE) -> VGroup:
    """A grid with its label (kit.formula) above it; .grid and .label."""
    label = kit.formula(tex, font_size=size).next_to(grid, UP, buff=0.25)
    group = VGroup(label, grid)
    group.grid, group.label = grid, label
    return group


class CrossCorrelation(kit.StoryScene):
    tells = staticmethod(kit.cnn_story)      # the sequel's story, not XOR's

    def setup(self) -> None:
        super().setup()
        self.n = numbers_of(self.story)
        self.p = kit.precision(self.n.valid, self.n.nn_valid)
        self.shown.update(image=self.n.image, kernel_values=self.n.kernel,
                          label=self.story.label, size=self.story.config.output_size,
                          image_size=len(self.n.image), k=self.n.k)

    def construct(self) -> None:
        self.chapter("Cross-correlation")
        self.the_formula()
        self.the_digit_and_the_kernel()
        for i, j in [divmod(s, self.n.valid.shape[1]) for s in range(STEP_POSITIONS)]:
            self.one_window(i, j)
        self.fill_the_map()
        self.the_valid_size()
        self.compare_with_nn()
        self.the_full_correlation()

    # -- the formula ---------------------------------------------------------------------

    def the_formula(self) -> None:
        short = kit.formula(r"{{Y}} = {{X}} \star {{K}}", font_size=64)
        entry = kit.formula(r"y_{ij} = \sum_{m} \sum_{n} x_{(i+m)(j+n)} \, k_{mn}",
                            font_size=56)
        indices = MathTex(r"m, n = 0, \dots, k - 1", font_size=36, color=kit.DIM_COLOR)
        VGroup(short, entry, indices).arrange(DOWN, buff=0.6)
        with self.narrate('A convolutional layer starts from one operation: '
                          '<bookmark mark="y"/>Y is the cross-correlation of an image X with '
                          'a kernel K.') as line:
            line.wait_until("y")
            self.play(Write(short), run_time=1.2)
        with self.narrate('Each output is a sum: <bookmark mark="sum"/>lay the k by k kernel '
                          'on the image at row i, column j, multiply the pixels under it by '
                          'the kernel\'s numbers, and add the products.') as line:
            line.wait_until("sum")
            self.play(Write(entry), FadeIn(indices), run_time=1.6)
        self.clear_all()

    # -- the numbers ---------------------------------------------------------------------

    def the_digit_and_the_kernel(self) -> None:
        n, story = self.n, self.story
        image = kit.NumberGrid(n.image, kit.X_COLOR, cell=CELL, scale=1.0)
        kernel = kit.NumberGrid(n.kernel, KERNEL_COLOR, cell=CELL)
        result = kit.NumberGrid(n.valid, kit.Y_COLOR, cell=CELL, decimals=self.p)
        empty = kit.NumberGrid(np.zeros_like(n.valid), kit.Y_COLOR, cell=CELL, numbers=False)
        self.image, self.kernel = labelled_grid(image, "X"), labelled_grid(kernel, "K")
        self.result = labelled_grid(result, r"X \star K")
        empty.move_to(result)
        self.image.move_to(LEFT * 4.2 + DOWN * 0.2)
        self.kernel.move_to(UP * 1.9)
        VGroup(self.result, empty).move_to(RIGHT * 4.3 + DOWN * 0.2)
        empty.move_to(result)
        self.empty = empty
        self.shown.update(image_grid=image, kernel_grid=kernel, map_grid=result)
        epochs = story.run.epochs[-1]
        side = len(n.image)
        with self.narrate(f'Here is a real digit, a <bookmark mark="x"/>{story.label}, from '
                          f'the training images: {side} by {side} pixels, each between 0 and '
                          f'1, the brighter the more ink.') as line:
            line.wait_until("x")
            self.play(FadeIn(self.image), run_time=1.2)
        with self.narrate(f'And a real kernel: <bookmark mark="k"/>the first of the '
                          f'{story.config.kernels} kernels of our network, after {epochs} '
                          f'epochs of training. It is {n.k} by {n.k}.') as line:
            line.wait_until("k")
            self.play(FadeIn(self.kernel), run_time=1.0)
            self.play(FadeIn(self.result.label), Create(empty), run_time=0.8)

    def window_at(self, i: int, j: int):
        return self.image.grid.window(i, j, self.n.k, KERNEL_COLOR)

    def products_of(self, i: int, j: int) -> VGroup:
        """The k x k products of the window at (i, j), with their sum and nn's entry."""
        n = self.n
        values = kit.window_values(n.image, i, j, n.k) * n.kernel
        products = labelled_grid(kit.NumberGrid(values, kit.Y_COLOR, cell=CELL),
                                 r"x_{(i+m)(j+n)} \, k_{mn}", size=28)
        total = kit.number(values.sum(), kit.Y_COLOR, self.p, font_size=36)
        recorded = kit.number(n.nn_valid[i, j], kit.Y_COLOR, self.p, font_size=36)
        agree = bool(np.isclose(values.sum(), n.nn_valid[i, j]))
        line = VGroup(MathTex(rf"y_{{{i}{j}}} = \textstyle\sum =", font_size=36), total)
        check = VGroup(kit.formula(NN_CORRELATE, font_size=24), MathTex(":", font_size=36),
                       recorded, kit.verdict(agree, font_size=40))
        for row in (line, check):
            row.arrange(RIGHT, buff=0.15)
        group = VGroup(products, line, check).arrange(DOWN, buff=0.3)
        kit.place_between(group, self.kernel.get_bottom()[1] - 0.35, kit.BOTTOM,
                          width=self.result.get_left()[0] - self.image.get_right()[0] - 0.4)
        group.products, group.total, group.recorded = products.grid, total, recorded
        return group

    def one_window(self, i: int, j: int) -> None:
        n, group = self.n, self.products_of(i, j)
        first = (i, j) == (0, 0)
        self.shown.update({f"products_{i}{j}": group.products, f"sum_{i}{j}": group.total,
                           f"nn_{i}{j}": group.recorded})
        window = self.window_at(i, j)
        value = kit.fmt(n.valid[i, j], self.p)
        where = ("Put the kernel on the top left corner" if first else
                 f"Slide it one pixel: row {i}, column {j}")
        with self.narrate(f'{where}. <bookmark mark="p"/>Multiply each pixel under it by the '
                          f'kernel number on top of it: {n.k * n.k} products.') as line:
            if first:
                self.play(Create(window), run_time=0.8)
                self.window = window
            else:
                self.play(FadeOut(self.step), Transform(self.window, window), run_time=0.8)
            line.wait_until("p")
            self.play(FadeIn(group[0]), run_time=1.0)
        with self.narrate(f'Their sum, <bookmark mark="s"/>{value}, is the output at row {i}, '
                          f'column {j}. <bookmark mark="nn"/>nn computed the same number.'
                          ) as line:
            line.wait_until("s")
            self.play(FadeIn(group[1]), FadeIn(self.result.grid.cells[i][j]),
                      FadeIn(self.result.grid.numbers[i][j]), run_time=0.8)
            line.wait_until("nn")
            self.play(FadeIn(group[2]), run_time=0.6)
        self.step = group

    def fill_the_map(self) -> None:
        grid, (rows, columns) = self.result.grid, self.n.valid.shape
        rest = [(i, j) for i in range(rows) for j in range(columns)][STEP_POSITIONS:]
        steps = [AnimationGroup(Transform(self.window, self.window_at(i, j)),
                                FadeIn(grid.cells[i][j]), FadeIn(grid.numbers[i][j]),
                                run_time=0.25) for i, j in rest]
        with self.narrate('Slide the kernel over every position, row by row, and '
                          '<bookmark mark="fill"/>the whole output map fills in.') as line:
            self.play(FadeOut(self.step), run_time=0.5)
            line.wait_until("fill")
            self.play(Succession(*steps), run_time=0.25 * len(steps))
        self.play(FadeOut(self.window), run_time=0.5)

    def the_valid_size(self) -> None:
        side, k, size = len(self.n.image), self.n.k, self.story.config.output_size
        brace = Brace(self.result.grid, DOWN, color=kit.DIM_COLOR)
        rule = MathTex(rf"{side} - {k} + 1 = {size}", font_size=40).next_to(brace, DOWN)
        with self.narrate(f'The kernel fits in {side} minus {k} plus 1 positions along each '
                          f'side: <bookmark mark="size"/>the valid output is {size} by {size}, '
                          f'smaller than the image.') as line:
            line.wait_until("size")
            self.play(FadeIn(brace), Write(rule), run_time=1.0)
        self.clear_all()

    # -- nn's forward --------------------------------------------------------------------

    def compare_with_nn(self) -> None:
        n = self.n
        ours = kit.NumberGrid(n.valid, kit.Y_COLOR, cell=CELL, decimals=self.p)
        p = kit.precision(n.nn_forward, n.valid + n.bias)
        theirs = kit.NumberGrid(n.nn_forward, kit.Y_COLOR, cell=CELL, decimals=p)
        bias = kit.number(n.bias, kit.B_COLOR, kit.precision(n.bias), font_size=40)
        term = VGroup(kit.formula("b", font_size=LABEL_SIZE), bias).arrange(DOWN, buff=0.25)
        agree = bool(np.allclose(n.valid + n.bias, n.nn_forward))
        row = kit.row_of((ours, r"X \star K"), MathTex("+", font_size=48), term,
                         MathTex("=", font_size=48), (theirs, NN_FORWARD, 28),
                         kit.verdict(agree), buff=0.4)
        kit.place_between(row, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        r, labels = row.row, row.labels
        self.shown.update(ours=ours, forward=theirs, bias=bias)
        with self.narrate(f'The layer adds one number more, its bias: for this kernel '
                          f'<bookmark mark="b"/>{kit.fmt(n.bias, kit.precision(n.bias))}, '
                          f'added at every position.') as line:
            self.play(FadeIn(r[0], labels[0]), run_time=0.8)
            line.wait_until("b")
            self.play(FadeIn(r[1:3]), run_time=0.8)
        with self.narrate('The trained layer\'s forward pass, <bookmark mark="nn"/>run by nn '
                          'on the same digit, gives exactly this map plus the bias.') as line:
            line.wait_until("nn")
            self.play(FadeIn(r[3:], labels[1]), run_time=1.0)
        self.clear_all()

    # -- the full correlation ------------------------------------------------------------

    def the_full_correlation(self) -> None:
        n, side = self.n, len(self.n.image)
        padded_values = np.pad(n.image, n.k - 1)
        ring = np.ones_like(padded_values, bool)
        ring[n.k - 1:n.k - 1 + side, n.k - 1:n.k - 1 + side] = False
        cell = FULL_HEIGHT / len(padded_values)
        padded = labelled_grid(kit.NumberGrid(padded_values, kit.X_COLOR, cell=cell,
                                              scale=1.0, blank=ring), r"X \text{ padded}")
        p = kit.precision(n.full, n.nn_full)
        full = labelled_grid(kit.NumberGrid(n.full, kit.Y_COLOR, cell=cell, decimals=p),
                             r"X \star_{\text{full}} K")
        size = len(n.full)
        rule = MathTex(rf"{side} + {n.k} - 1 = {size}", font_size=36)
        agree = bool(np.allclose(n.full, n.nn_full))
        nn_full = rf"\texttt{{nn.conv.correlate(pad(X, {n.k - 1}), K)}}"
        check = VGroup(kit.formula(nn_full, font_size=24), kit.verdict(agree, 40))
        check.arrange(RIGHT, buff=0.2)
        side_column = VGroup(full, rule, check).arrange(DOWN, buff=0.3)
        VGroup(padded, side_column).arrange(RIGHT, buff=0.8)
        kit.place_between(VGroup(padded, side_column), kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        self.shown.update(full_grid=full.grid, full_size=size, padding=n.k - 1)
        window = padded.grid.window(0, 0, n.k, KERNEL_COLOR)
        inner = full.grid.window(n.k - 1, n.k - 1, len(n.valid), kit.TEXT_COLOR)
        self.full_story(padded, window, side_column, size)
        with self.narrate(f'<bookmark mark="in"/>Its middle {len(n.valid)} by {len(n.valid)} '
                          f'is the valid map: the positions where the kernel lies wholly on '
                          f'the image.', pause=kit.PAUSE) as line:
            line.wait_until("in")
            self.play(Create(inner), run_time=1.0)

    def full_story(self, padded, window, side_column, size: int) -> None:
        k = self.n.k
        with self.narrate(f'The full correlation lets the kernel hang over the edges: '
                          f'<bookmark mark="pad"/>pad the image with {k - 1} rings of zeros, '
                          f'drawn empty, <bookmark mark="w"/>and start where the kernel '
                          f'covers a single pixel.') as line:
            line.wait_until("pad")
            self.play(FadeIn(padded), run_time=1.0)
            line.wait_until("w")
            self.play(Create(window), run_time=0.8)
        with self.narrate(f'Every position now counts: <bookmark mark="map"/>the output is '
                          f'{size} by {size}, the image\'s side plus {k} minus 1. '
                          f'<bookmark mark="nn"/>nn\'s correlate of the padded image gives '
                          f'the same map.') as line:
            line.wait_until("map")
            self.play(FadeIn(side_column[:2]), run_time=1.2)
            line.wait_until("nn")
            self.play(FadeIn(side_column[2]), run_time=0.6)
