# Render: manim render -ql scenes/cnn_convolution.py Convolution     (-qh for 1080p60)
"""The sequel, chapter 2: convolution is cross-correlation with the kernel turned by 180°.

The numbers are the sequel's story's (kit.cnn_story, the [cnn] table of the story's TOML):
the training image ``config.sample`` and the trained network (the run's last snapshot),
its first kernel K above all.  The chapter

- writes the convolution beside chapter 1's cross-correlation (the kernel's indices run
  backwards) and turns K by 180° on screen (kit.half_turn): the turned copy, read back
  row by row from the screen (kit.read_back), holds K read backwards (kit.turned:
  K[::-1, ::-1]);
- computes the valid convolution of the digit with K itself, with plain loops
  (``valid_convolution``), writes one entry out with its products, and checks the whole
  map against nn's ``correlate(X, rot180(K))``;
- builds a copy of the trained network whose Conv2D convolves (``ConvolvingConv2D``, this
  chapter's loops) with every kernel turned, and runs both on the digit with nn: the
  feature maps and the class probabilities are the same (compared, with the largest
  difference shown);
- says that PyTorch's and Keras's layers correlate too, and that the flip comes back in
  the backward pass (chapter 7's input gradient).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Create, FadeIn, MathTex, SurroundingRectangle,
                   VGroup, Write)

import nn
from nn.conv import correlate
from scenes import kit

CELL = 0.6                   # a pixel's side on the entry and map screens
TURN_SIDE = 4.0              # the kernel's side on the turning screen, at most
TURN_CELL = 1.1              # ... with cells of at most this side
LEGIBLE_CELL = 0.45          # a cell's side from which its number is written
MAX_KERNEL_CELL = 0.5        # the kernels of the two networks (shading only)
MAP_CELL = 0.7               # the two networks' first feature maps
MAP_SIDE = 3.6               # ... at most this side
PROBABILITY_CELL = 0.78      # a class probability's cell
PROBABILITY_DECIMALS = 4     # enough to see the two networks agree
LABEL_SIZE = 34
GAP = 0.3
NN_CORRELATE = r"\texttt{nn.conv.correlate}"
KERNEL_COLOR = kit.W_COLOR   # a kernel holds the layer's weights


def valid_convolution(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """(X ∗ K)_ij = sum_m sum_n x_(i+m)(j+n) k_(k-1-m)(k-1-n): the correlation's sum with
    the kernel's indices running backwards, for every (i, j) where the kernel fits."""
    k = len(kernel)
    rows, columns = image.shape[0] - k + 1, image.shape[1] - k + 1
    out = np.zeros((rows, columns))
    for i in range(rows):
        for j in range(columns):
            for m in range(k):
                for n in range(k):
                    out[i, j] += image[i + m, j + n] * kernel[k - 1 - m, k - 1 - n]
    return out


turned = kit.turned          # K[..., ::-1, ::-1], the kit's (the test reads it here)


class ConvolvingConv2D(nn.Conv2D):
    """A Conv2D that convolves instead of correlating: Y_i = B_i + sum_j X_j ∗ K_ij, with
    valid_convolution (the chapter's loops).  Forward only: the chapter compares outputs."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        K, B = self.params["kernels"], self.params["bias"]
        return np.array([[B[i] + sum(valid_convolution(sample[j], K[i, j])
                                     for j in range(K.shape[1]))
                          for i in range(K.shape[0])] for sample in x])

    def backward(self, output_gradient: np.ndarray) -> np.ndarray:
        raise NotImplementedError("ConvolvingConv2D runs forward only (the chapter's "
                                  "comparison of outputs)")


def convolving_copy(story) -> nn.Sequential:
    """The trained network with its Conv2D replaced by a ConvolvingConv2D holding every
    kernel turned by 180° (same biases); the other layers the snapshot's own."""
    model = story.model_at(len(story.run.weights) - 1)
    conv, *rest = model.layers
    convolving = ConvolvingConv2D(conv.in_features[0], conv.out_channels, conv.kernel_size)
    convolving.set_params({"kernels": turned(conv.params["kernels"]),
                           "bias": conv.params["bias"]})
    return nn.Sequential([convolving, *rest])


@dataclass(frozen=True)
class Numbers:
    """The chapter's numbers: nn's (image, trained kernels, correlate, both networks'
    outputs) and the chapter's own (the turned kernel, the convolution by loops)."""

    image: np.ndarray          # X, 8 x 8
    kernels: np.ndarray        # the trained Conv2D's kernels, (i, 1, k, k)
    bias: np.ndarray           # its biases, (i,)
    conv: np.ndarray           # X ∗ K_1, valid_convolution
    nn_conv: np.ndarray        # nn.conv.correlate(X, rot180(K_1))
    maps: np.ndarray           # the trained Conv2D's forward: (i, m, m)
    copy_maps: np.ndarray      # the convolving copy's: (i, m, m)
    probabilities: np.ndarray  # the trained network's output, (10,)
    copy_probabilities: np.ndarray

    @property
    def kernel(self) -> np.ndarray:
        return self.kernels[0, 0]

    @property
    def k(self) -> int:
        return len(self.kernel)

    @property
    def entry(self) -> tuple[int, int]:
        """The entry written out: the convolution's largest."""
        r, c = np.unravel_index(int(np.argmax(self.conv)), self.conv.shape)
        return int(r), int(c)

    @property
    def difference(self) -> float:
        """The largest difference between the two networks' outputs."""
        return float(max(np.abs(self.maps - self.copy_maps).max(),
                         np.abs(self.probabilities - self.copy_probabilities).max()))


def numbers_of(story) -> Numbers:
    model, copy = story.model_at(len(story.run.weights) - 1), convolving_copy(story)
    conv = model.layers[0]
    x = story.image[None, None]
    kernels, kernel = conv.params["kernels"].copy(), conv.params["kernels"][0, 0]
    return Numbers(image=story.image, kernels=kernels, bias=conv.params["bias"].copy(),
                   conv=valid_convolution(story.image, kernel),
                   nn_conv=correlate(x, turned(kernel)[None, None])[0, 0],
                   maps=conv.forward(x)[0], copy_maps=copy.layers[0].forward(x)[0],
                   probabilities=model.forward(x)[0], copy_probabilities=copy.forward(x)[0])


def grid(values, color, cell: float, **kwargs) -> kit.NumberGrid:
    """A NumberGrid whose numbers are written only if its cells are legible."""
    return kit.NumberGrid(values, color, cell=cell, numbers=cell >= LEGIBLE_CELL, **kwargs)


def label_buff(items, least: float = 0.5) -> float:
    """The gap for kit.row_of between grids labelled (grid, TeX, font size) that keeps
    their labels (each centred above its grid) apart, however narrow the grids."""
    overhang = [max(0.0, (kit.formula(tex, font_size=size).width - mob.width) / 2)
                for mob, tex, size in items]
    return least + max(a + b for a, b in zip(overhang, overhang[1:]))


class Convolution(kit.StoryScene):
    tells = staticmethod(kit.cnn_story)      # the sequel's story, not XOR's

    def setup(self) -> None:
        super().setup()
        self.n = numbers_of(self.story)
        self.pk = kit.precision(self.n.kernels)
        self.shown.update(image=self.n.image, kernel_values=self.n.kernel,
                          label=self.story.label, k=self.n.k, count=len(self.n.kernels))

    def construct(self) -> None:
        self.chapter("Convolution")
        self.the_formulas()
        self.the_kernel_turned()
        self.one_entry()
        self.the_whole_map()
        self.the_convolving_copy()
        self.the_same_outputs()
        self.other_libraries()

    # -- symbols -------------------------------------------------------------------------

    def formula_rows(self) -> VGroup:
        sums = r"{{ y_{ij} }} = \sum_{m} \sum_{n} {{ x_{(i+m)(j+n)} \, }}"
        rows = VGroup(kit.formula(sums + r" {{ k_{mn} }}", font_size=46),
                      kit.formula(sums + r" {{ k_{(k-1-m)(k-1-n)} }}", font_size=46))
        rows.arrange(DOWN, buff=0.5, aligned_edge=LEFT)
        names = VGroup(*(kit.formula(name, font_size=46).next_to(row, LEFT, buff=0.5)
                         for name, row in zip((r"X \star K:", r"X \ast K:"), rows)))
        backwards = SurroundingRectangle(kit.part_of(rows[1], "k_{(k-1-m)(k-1-n)}"),
                                         color=KERNEL_COLOR, buff=0.08)
        identity = kit.formula(rf"X \ast K = X \star {kit.ROT180}(K)", font_size=52)
        indices = MathTex(r"m, n = 0, \dots, k - 1", font_size=34, color=kit.DIM_COLOR)
        screen = VGroup(VGroup(rows, names, backwards), indices, identity)
        screen.arrange(DOWN, buff=0.6)
        kit.place_between(screen, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        screen.rows, screen.names, screen.box = rows, names, backwards
        self.shown.update(identity=identity)
        return screen

    def the_formulas(self) -> None:
        s = self.formula_rows()
        with self.narrate('In chapter 1 the layer\'s operation was the cross-correlation: '
                          '<bookmark mark="c"/>each output adds the pixels under the kernel, '
                          'times the kernel\'s numbers k m n.') as line:
            line.wait_until("c")
            self.play(FadeIn(s.names[0]), Write(s.rows[0]), FadeIn(s[1]), run_time=1.4)
        with self.narrate('The convolution, <bookmark mark="v"/>written with an asterisk, is '
                          'the same sum with one change: <bookmark mark="b"/>the kernel\'s '
                          'indices run backwards, from k minus 1 down to 0.') as line:
            line.wait_until("v")
            self.play(FadeIn(s.names[1]), Write(s.rows[1]), run_time=1.4)
            line.wait_until("b")
            self.play(Create(s.box), run_time=0.8)
        with self.narrate('A kernel read backwards along its rows and its columns is the '
                          'kernel turned by 180 degrees: <bookmark mark="r"/>the convolution '
                          'with K is the cross-correlation with K turned.') as line:
            line.wait_until("r")
            self.play(Write(s[2]), run_time=1.2)
        self.clear_all()

    # -- the kernel, turned --------------------------------------------------------------

    def turn_screen(self):
        n = self.n
        cell = min(TURN_CELL, TURN_SIDE / n.k)
        kernel = kit.NumberGrid(n.kernel, KERNEL_COLOR, cell=cell, decimals=self.pk)
        turned_grid = kit.NumberGrid(turned(n.kernel), KERNEL_COLOR, cell=cell,
                                     decimals=self.pk)
        top = kit.row_of((kernel, "K"), (turned_grid, rf"{kit.ROT180}(K)"), buff=2.5,
                         label_size=40)
        rule = kit.formula(rf"{kit.ROT180}(K)_{{mn}} = k_{{(k-1-m)(k-1-n)}}", font_size=40)
        room = kit.verdict(True, 44)          # the verdict's place, until it is known
        bottom = VGroup(rule, room).arrange(RIGHT, buff=0.3)
        screen = VGroup(top, bottom).arrange(DOWN, buff=0.7)
        kit.place_between(screen, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        corner = kernel.window(0, 0, 1, kit.TEXT_COLOR)
        self.shown.update(kernel_grid=kernel, turned_grid=turned_grid, turn_rule=rule)
        return top, corner, bottom

    def the_kernel_turned(self) -> None:
        top, corner, bottom = self.turn_screen()
        kernel, turned_grid = top.row
        with self.narrate(f'Here is a real kernel: <bookmark mark="k"/>the first of the trained '
                          f'network, {self.n.k} by {self.n.k}. Mark its top left '
                          f'number.') as line:
            line.wait_until("k")
            self.play(FadeIn(kernel), FadeIn(top.labels[0]), run_time=1.0)
            self.play(Create(corner), run_time=0.6)
        moving = VGroup(kernel.copy(), corner.copy())
        with self.narrate('Turn a copy <bookmark mark="t"/>by 180 degrees: the top left number '
                          'lands at the bottom right, <bookmark mark="u"/>upside down; set '
                          'each number upright in its cell.') as line:
            self.play(moving.animate.shift(turned_grid.get_center() - kernel.get_center()),
                      run_time=0.8)
            line.wait_until("t")
            self.play(*kit.half_turn(moving[0], moving[1], upright=False), run_time=1.4)
            line.wait_until("u")
            self.play(*kit.set_upright(moving[0]), run_time=0.8)
        self.check_the_turn(moving, turned_grid, bottom, top.labels[1])

    def check_the_turn(self, moving, turned_grid, bottom, label) -> None:
        """Read the turned copy off the screen, compare it with K read backwards, and put
        the grid of those values in its place."""
        agree = bool(np.array_equal(kit.read_back(moving[0]),
                                    self.pk.scaled(turned(self.n.kernel))))
        verdict = kit.verdict(agree, 44).move_to(bottom[1])
        self.shown.update(turn_agree=agree)
        self.remove(moving[0])
        self.add(turned_grid)                 # the same picture: the turned values' grid
        self.bring_to_front(moving[1])        # the corner's mark stays on top
        with self.narrate('Read it row by row: <bookmark mark="r"/>row m, column n holds the '
                          'kernel\'s number at k minus 1 minus m, k minus 1 minus n. It is K '
                          'read backwards.', pause=kit.PAUSE) as line:
            self.play(FadeIn(label), run_time=0.6)
            line.wait_until("r")
            self.play(FadeIn(bottom[0]), FadeIn(verdict), run_time=1.0)
        self.clear_all()

    # -- one entry, with the turned kernel -----------------------------------------------

    def entry_rows(self) -> VGroup:
        n, (r, c) = self.n, self.n.entry
        products = kit.window_values(n.image, r, c, n.k) * turned(n.kernel)
        p = kit.precision(n.conv, n.nn_conv)
        ours = VGroup(kit.formula(rf"(X \ast K)_{{{r}{c}}} = \textstyle\sum =", font_size=36),
                      kit.number(products.sum(), kit.Y_COLOR, p, font_size=36))
        recorded = kit.number(n.nn_conv[r, c], kit.Y_COLOR, p, font_size=36)
        agree = bool(np.isclose(n.conv[r, c], n.nn_conv[r, c]))
        theirs = VGroup(kit.formula(rf"{NN_CORRELATE}(X, {kit.ROT180}(K)):", font_size=30),
                        recorded, kit.verdict(agree, font_size=40))
        for row in (ours, theirs):
            row.arrange(RIGHT, buff=0.15)
        self.shown.update(entry_products=products, entry_sum=ours[1], entry_nn=recorded,
                          entry_agree=agree, entry=n.entry)
        rows = VGroup(ours, theirs).arrange(DOWN, buff=0.3)
        rows.value = kit.fmt(products.sum(), p)
        return rows

    def entry_screen(self):
        n, (r, c) = self.n, self.n.entry
        image = kit.NumberGrid(n.image, kit.X_COLOR, cell=CELL, scale=1.0)
        kernel = kit.NumberGrid(turned(n.kernel), KERNEL_COLOR, cell=CELL, decimals=self.pk)
        products = kit.NumberGrid(kit.window_values(n.image, r, c, n.k) * turned(n.kernel),
                                  kit.Y_COLOR, cell=CELL)
        items = [(image, "X", LABEL_SIZE), (kernel, rf"{kit.ROT180}(K)", LABEL_SIZE),
                 (products, r"x_{(i+m)(j+n)} \, k_{(k-1-m)(k-1-n)}", 28)]
        top = kit.row_of(*items, buff=label_buff(items))
        rows = self.entry_rows()
        screen = VGroup(top, rows).arrange(DOWN, buff=0.5)
        kit.place_between(screen, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        self.shown.update(entry_image=image, entry_kernel=kernel, entry_grid=products)
        return top, image.window(r, c, n.k, KERNEL_COLOR), rows

    def one_entry(self) -> None:
        (r, c), (top, window, rows) = self.n.entry, self.entry_screen()
        with self.narrate(f'Now convolve our digit, a <bookmark mark="x"/>{self.story.label}, '
                          f'with K. One entry: the largest, at row {r}, column {c}. '
                          f'<bookmark mark="w"/>The turned kernel lies over the pixels there; '
                          f'<bookmark mark="p"/>multiply each pixel by the turned kernel\'s '
                          f'number on it.') as line:
            line.wait_until("x")
            self.play(FadeIn(top.labels[:2]), FadeIn(top.row[:2]), run_time=1.0)
            line.wait_until("w")
            self.play(Create(window), run_time=0.6)
            line.wait_until("p")
            self.play(FadeIn(top.row[2]), FadeIn(top.labels[2]), run_time=0.8)
        with self.narrate(f'Their sum, computed here with plain loops, <bookmark mark="s"/>is '
                          f'{rows.value}; <bookmark mark="nn"/>nn\'s cross-correlation with '
                          f'the turned kernel gives the same number.') as line:
            line.wait_until("s")
            self.play(FadeIn(rows[0]), run_time=0.8)
            line.wait_until("nn")
            self.play(FadeIn(rows[1]), run_time=0.6)
        self.clear_all()

    def the_whole_map(self) -> None:
        n = self.n
        p = kit.precision(n.conv, n.nn_conv)
        ours = kit.NumberGrid(n.conv, kit.Y_COLOR, cell=CELL, decimals=p)
        theirs = kit.NumberGrid(n.nn_conv, kit.Y_COLOR, cell=CELL, decimals=p)
        agree = bool(np.allclose(n.conv, n.nn_conv))
        row = kit.row_of((ours, r"X \ast K"), MathTex("=", font_size=48),
                         (theirs, rf"{NN_CORRELATE}(X, {kit.ROT180}(K))", 30), kit.verdict(agree),
                         buff=0.5, label_size=40)
        kit.place_between(row, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        self.shown.update(conv_grid=ours, nn_conv_grid=theirs, map_agree=agree)
        size = len(n.conv)
        with self.narrate(f'The loops at every position give <bookmark mark="m"/>the whole '
                          f'convolution, {size} by {size}, and <bookmark mark="nn"/>nn\'s '
                          f'cross-correlation with the turned kernel gives the same map.',
                          pause=kit.PAUSE) as line:
            line.wait_until("m")
            self.play(FadeIn(row.row[0]), FadeIn(row.labels[0]), run_time=1.0)
            line.wait_until("nn")
            self.play(FadeIn(row.row[1:]), FadeIn(row.labels[1]), run_time=1.0)
        self.clear_all()

    # -- why the layer correlates --------------------------------------------------------

    def kernel_rows(self):
        n = self.n
        names = VGroup(kit.text("trained network:", font_size=32),
                       kit.formula(r"Y_i = B_i + X \star K_i", font_size=34),
                       kit.text("its convolving copy:", font_size=32),
                       kit.formula(rf"Y_i = B_i + X \ast {kit.ROT180}(K_i)", font_size=34))
        width = kit.WIDTH - max(name.width for name in names) - 0.6
        cell = min(MAX_KERNEL_CELL, (width / len(n.kernels) - GAP) / n.k)
        scale = float(np.abs(n.kernels).max())          # one shading for every kernel
        rows = VGroup(*(VGroup(*(kit.NumberGrid(values[0], KERNEL_COLOR, cell=cell,
                                                numbers=False, scale=scale)
                                 for values in kernels)).arrange(RIGHT, buff=GAP)
                        for kernels in (n.kernels, turned(n.kernels))))
        labels = VGroup(VGroup(*names[:2]), VGroup(*names[2:]))
        for label in labels:
            label.arrange(DOWN, buff=0.15, aligned_edge=LEFT)
        labels.arrange(DOWN, buff=0.8, aligned_edge=LEFT)
        for label, row in zip(labels, rows):             # the rows start at one x
            row.next_to(labels, RIGHT, buff=0.6).set_y(label.get_y())
        lines = VGroup(*(VGroup(label, row) for label, row in zip(labels, rows)))
        lines.arrange(DOWN, buff=0.6, aligned_edge=LEFT)  # apart, however tall the rows
        kit.place_between(lines, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        for i, (kernel, copy) in enumerate(zip(*rows)):
            self.shown.update({f"network_kernel_{i}": kernel, f"copy_kernel_{i}": copy})
        return labels, rows

    def the_convolving_copy(self) -> None:
        labels, (kernels, copies) = self.kernel_rows()
        moving = kernels.copy()
        with self.narrate('Why, then, does the layer correlate? Its kernels are learned. '
                          '<bookmark mark="t"/>Take the trained network, and '
                          '<bookmark mark="c"/>a copy of it whose every kernel is turned by '
                          '180 degrees, and that convolves instead of correlating.') as line:
            line.wait_until("t")
            self.play(FadeIn(labels[0]), FadeIn(kernels), run_time=1.0)
            line.wait_until("c")
            self.play(moving.animate.shift(copies.get_center() - kernels.get_center()),
                      FadeIn(labels[1]), run_time=0.8)
            self.play(*(turn for kernel in moving for turn in kit.half_turn(kernel)),
                      run_time=1.2)
        self.remove(moving)
        self.add(copies)                     # the same picture: the copy's kernels' grids
        self.wait(kit.PAUSE)
        self.clear_all()

    def output_maps(self):
        n = self.n
        p = kit.precision(n.maps[0], n.copy_maps[0])
        cell = min(MAP_CELL, MAP_SIDE / n.maps.shape[-1])
        ours = grid(n.maps[0], kit.Y_COLOR, cell, decimals=p)
        theirs = grid(n.copy_maps[0], kit.Y_COLOR, cell, decimals=p)
        agree = bool(np.allclose(n.maps, n.copy_maps))
        count = len(n.maps)
        verdict = VGroup(kit.verdict(agree), kit.text(f"all {count} maps" if count > 1 else
                                                      "the only map", font_size=28))
        verdict.arrange(DOWN, buff=0.15)
        row = kit.row_of((ours, r"Y_1 = B_1 + X \star K_1"), MathTex("=", font_size=48),
                         (theirs, rf"B_1 + X \ast {kit.ROT180}(K_1)"), verdict, buff=0.5,
                         label_size=30)
        self.shown.update(map_1=ours, copy_map_1=theirs, maps_agree=agree)
        return row

    def output_probabilities(self) -> VGroup:
        n, p = self.n, kit.Precision(PROBABILITY_DECIMALS)
        rows = VGroup(*(kit.NumberGrid(values[None], kit.Y_COLOR, cell=PROBABILITY_CELL,
                                       decimals=p, scale=1.0)
                        for values in (n.probabilities, n.copy_probabilities)))
        rows.arrange(DOWN, buff=0)
        digits = VGroup(*(MathTex(str(d), font_size=28, color=kit.DIM_COLOR)
                          .next_to(cell, UP, buff=0.12)
                          for d, cell in enumerate(rows[0].cells[0])))
        names = VGroup(*(kit.text(name, font_size=28).next_to(row, LEFT, buff=0.3)
                         for name, row in zip(("trained", "copy"), rows)))
        agree = bool(np.allclose(n.probabilities, n.copy_probabilities))
        verdict = kit.verdict(agree).next_to(rows, RIGHT, buff=0.4)
        self.shown.update(probabilities=rows[0], copy_probabilities=rows[1],
                          probabilities_agree=agree)
        return VGroup(rows, digits, names, verdict)

    def outputs_screen(self):
        maps, probabilities = self.output_maps(), self.output_probabilities()
        difference = kit.number(self.n.difference, None, kit.precision(self.n.difference),
                                font_size=30)
        note = VGroup(kit.text("largest difference:", font_size=28), difference)
        note.arrange(DOWN, buff=0.2)
        note.next_to(probabilities, RIGHT, buff=0.6)
        screen = VGroup(maps, VGroup(probabilities, note)).arrange(DOWN, buff=0.6)
        kit.place_between(screen, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        self.shown.update(difference=difference)
        return maps, probabilities, note

    def the_same_outputs(self) -> None:
        maps, probabilities, note = self.outputs_screen()
        n, label = self.n, self.story.label
        chance = kit.fmt(n.probabilities[label], PROBABILITY_DECIMALS)
        which = (f'here the first of each, and all {len(n.maps)} agree' if len(n.maps) > 1
                 else 'the network has only one')
        with self.narrate(f'Run both on our digit. <bookmark mark="m"/>The same feature maps: '
                          f'{which}. '
                          f'<bookmark mark="p"/>The same probabilities for the ten digits: '
                          f'the {label} has {chance} in both.') as line:
            line.wait_until("m")
            self.play(FadeIn(maps), run_time=1.2)
            line.wait_until("p")
            self.play(FadeIn(probabilities), run_time=1.2)
        said = (f'by at most {kit.fmt(n.difference, kit.precision(n.difference))}, the '
                f'rounding of sums taken in another order' if n.difference else 'nowhere')
        with self.narrate(f'They differ <bookmark mark="d"/>{said}. A layer that convolves '
                          f'would simply learn the turned kernels: it computes the same '
                          f'functions. So the layer computes the simpler sum, the '
                          f'cross-correlation.',
                          pause=kit.PAUSE) as line:
            line.wait_until("d")
            self.play(FadeIn(note), run_time=0.8)
        self.clear_all()

    def other_libraries(self) -> None:
        forward = r"Y_i = B_i + \sum_j X_j \star K_{ij}"
        rows = VGroup(*(VGroup(kit.text(rf"\texttt{{{name}}}", font_size=34),
                               kit.formula(forward, font_size=38)).arrange(RIGHT, buff=0.5)
                        for name in ("torch.nn.functional.conv2d", "keras.layers.Conv2D",
                                     "nn.Conv2D")))
        rows.arrange(DOWN, buff=0.35, aligned_edge=RIGHT)
        rows = VGroup(kit.text("the forward pass: a cross-correlation", font_size=30,
                               color=kit.DIM_COLOR), rows).arrange(DOWN, buff=0.35)
        backward = kit.formula(rf"{kit.grad_of('X_j')} = \sum_i {kit.grad_of('Y_i')} "
                               r"\ast_{\text{full}} K_{ij}", font_size=44)
        where = kit.text("the backward pass, chapter 7", font_size=30, color=kit.DIM_COLOR)
        screen = VGroup(rows, VGroup(where, backward).arrange(DOWN, buff=0.3))
        screen.arrange(DOWN, buff=0.9)
        kit.place_between(screen, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        with self.narrate('It is the same elsewhere: <bookmark mark="t"/>PyTorch\'s conv2d '
                          'and Keras\'s Conv2D compute the cross-correlation too, despite the '
                          'name.') as line:
            line.wait_until("t")
            self.play(FadeIn(rows), run_time=1.2)
        with self.narrate('The flip comes back in the backward pass: <bookmark mark="b"/>the '
                          'gradient of the input, in chapter 7, is a full convolution with '
                          'the kernels.', pause=kit.PAUSE) as line:
            line.wait_until("b")
            self.play(FadeIn(screen[1]), run_time=1.2)
