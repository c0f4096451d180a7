# Render: manim render scenes/dense_forward.py        (add -ql while iterating)
"""Chapter 6, the dense layer's forward pass: y_j = b_j + sum_i x_i w_ji, then Y = W X + B.

Symbols first, as in the video; then the real first Dense layer of the story network
(its W, B, and the sample X) is substituted, the product is worked out on screen row by
row, and the result is set beside the Y that nn's Dense.forward returned.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Brace, Circle, Create, FadeIn, FadeOut, Indicate, Line,
                   MathTex, ReplacementTransform, SurroundingRectangle, Transform, VGroup, Write,
                   YELLOW)

from scenes import kit
from scenes.kit import (Precision, fit, fmt_vector, formula, general_rows,
                        precision, symbol_matrix, verdict)

NODE_RADIUS = 0.32
NODE_SPACING = 1.1       # between the centres of node 1, node 2, the dots and the last node
COLUMN_GAP = 3.0         # between the centres of the input column and the output column
SUMS_GAP = 1.6           # between the network and its sums, written beside it
ROW_GAP = 0.45           # between the product and the row worked out (or the check) under it
BESIDE_SHARE = 0.62      # of the frame's width, at most, for a tall product with nn's Y beside


def signed(value: float, color, shown: Precision, font_size: float = 32) -> VGroup:
    """A real number as a factor: negative ones in parentheses, so that '+ (-0.50)' reads."""
    number = kit.number(value, color, shown, font_size=font_size)
    if float(shown.scaled(value)) >= 0:
        group = VGroup(number)
    else:
        group = VGroup(MathTex("(", font_size=font_size), number, MathTex(")", font_size=font_size))
        group.arrange(RIGHT, buff=0.05)
    group.decimal = number        # the number inside (tests read its .number)
    return group


def column_nodes(letter: str, last: str) -> tuple[VGroup, VGroup]:
    """Neurons 1, 2, ..., last of one column, centred on the origin, and their dots."""
    color = kit.color_of(letter)
    nodes = VGroup()
    for index, slot in zip(("1", "2", last), (1.5, 0.5, -1.5)):
        circle = Circle(radius=NODE_RADIUS, color=color, stroke_width=3)
        circle.move_to(UP * slot * NODE_SPACING)
        label = MathTex(f"{letter}_{{{index}}}", font_size=30, color=color).move_to(circle)
        nodes.add(VGroup(circle, label))
    dots = MathTex(r"\vdots", font_size=34, color=kit.DIM_COLOR)
    dots.move_to(DOWN * 0.5 * NODE_SPACING)
    return nodes, dots


class DenseForward(kit.StoryScene):
    def construct(self) -> None:
        self.chapter("Dense layer forward")
        self.neurons()
        self.matrix_form()
        self.real_numbers()

    # -- y_j = b_j + sum_i x_i w_ji -------------------------------------------------------
    def neurons(self) -> None:
        net = self.network()
        heading = self.heading("A dense layer: every input joins every output")
        self.connect_every_input(net)
        self.name_one_weight(net)
        self.add_the_biases(net)
        sums = self.output_sums(net)
        lit = self.write_each_sum(net, sums)
        self.sum_in_one_line(net, sums, lit, heading)

    def network(self) -> SimpleNamespace:
        """Inputs x_1..x_i, outputs y_1..y_j at the frame's left, every edge, the biases."""
        net = SimpleNamespace()
        net.inputs, net.in_dots = column_nodes("x", "i")
        net.outputs, net.out_dots = column_nodes("y", "j")
        VGroup(net.outputs, net.out_dots).shift(RIGHT * COLUMN_GAP)
        VGroup(net.inputs, net.in_dots, net.outputs, net.out_dots).align_to(
            LEFT * kit.WIDTH / 2, LEFT)
        net.edges = {(a, b): Line(net.inputs[a][0].get_right(), net.outputs[b][0].get_left(),
                                  stroke_width=1.5, color=kit.DIM_COLOR)
                     for a in range(3) for b in range(3)}
        net.all_edges = VGroup(*net.edges.values())
        net.biases = VGroup(*(MathTex(f"b_{{{index}}}", font_size=28, color=kit.B_COLOR)
                              .next_to(node, UP, buff=0.06).shift(RIGHT * 0.45)
                              for index, node in zip(("1", "2", "j"), net.outputs)))
        net.picture = VGroup(net.inputs, net.in_dots, net.outputs, net.out_dots, net.all_edges,
                             net.biases)
        return net

    def connect_every_input(self, net: SimpleNamespace) -> None:
        with self.narrate('A dense layer connects <bookmark mark="every"/>every input neuron to '
                          'every output neuron. Call <bookmark mark="inputs"/>the inputs x_1 to '
                          'x_i, and <bookmark mark="outputs"/>the outputs y_1 to y_j.') as line:
            self.play(FadeIn(net.inputs), FadeIn(net.in_dots), FadeIn(net.outputs),
                      FadeIn(net.out_dots), run_time=0.8)
            line.wait_until("every")
            self.play(Create(net.all_edges), run_time=1.5)
            line.wait_until("inputs")
            self.play(Indicate(net.inputs), run_time=0.8)
            line.wait_until("outputs")
            self.play(Indicate(net.outputs), run_time=0.8)

    def name_one_weight(self, net: SimpleNamespace) -> None:
        edge = net.edges[(2, 2)]
        w_ji = formula("w_{ji}", font_size=30).next_to(edge.get_center(), DOWN, buff=0.12)
        with self.narrate('Each connection carries <bookmark mark="weight"/>a weight. w_ji joins '
                          '<bookmark mark="input"/>input i to <bookmark mark="output"/>output j: '
                          'the index of the output comes first, then the index of the '
                          'input.') as line:
            line.wait_until("weight")
            self.play(edge.animate.set_color(kit.W_COLOR).set_stroke(width=4), Write(w_ji),
                      run_time=1.0)
            line.wait_until("input")
            self.play(Indicate(net.inputs[2]), run_time=0.7)
            line.wait_until("output")
            self.play(Indicate(net.outputs[2]), run_time=0.7)
        net.w_ji = w_ji

    def add_the_biases(self, net: SimpleNamespace) -> None:
        with self.narrate('Each output neuron also has its own <bookmark mark="bias"/>bias, '
                          'b_j.') as line:
            self.play(FadeOut(net.w_ji),
                      net.edges[(2, 2)].animate.set_color(kit.DIM_COLOR).set_stroke(width=1.5),
                      run_time=0.6)
            line.wait_until("bias")
            self.play(FadeIn(net.biases), run_time=0.8)

    def output_sums(self, net: SimpleNamespace) -> VGroup:
        """The j sums, one under the other, fitted beside the network."""
        sums = VGroup(
            formula(r"y_{1} = x_1 w_{11} + x_2 w_{12} + \cdots + x_i w_{1i} + b_1", font_size=36),
            formula(r"y_{2} = x_1 w_{21} + x_2 w_{22} + \cdots + x_i w_{2i} + b_2", font_size=36),
            MathTex(r"\vdots", font_size=36, color=kit.DIM_COLOR),
            formula(r"y_{j} = x_1 w_{j1} + x_2 w_{j2} + \cdots + x_i w_{ji} + b_j", font_size=36),
        ).arrange(DOWN, buff=0.45)
        fit(sums, width=kit.WIDTH / 2 - net.picture.get_right()[0] - SUMS_GAP)
        return sums.next_to(net.picture, RIGHT, buff=SUMS_GAP)

    def write_each_sum(self, net: SimpleNamespace, sums: VGroup) -> VGroup:
        """One output at a time: its incoming edges light up as its sum is written.
        Returns the edges still lit."""
        texts = ("Output y_1 adds up every input times the weight of its connection, plus its "
                 "bias b_1.",
                 "Output y_2 does the same with its own weights, w_21 to w_2i.",
                 "And so on, down to the last output, y_j.")
        lit = None
        for index, (written, text) in enumerate(zip((sums[0], sums[1], sums[3]), texts)):
            incoming = VGroup(*(net.edges[(a, index)] for a in range(3)))
            with self.narrate(text):
                dim = [lit.animate.set_color(kit.DIM_COLOR).set_stroke(width=1.5)] if lit else []
                self.play(*dim, incoming.animate.set_color(kit.W_COLOR).set_stroke(width=3.5),
                          Indicate(net.outputs[index], scale_factor=1.15), run_time=0.8)
                dots = [FadeIn(sums[2])] if index == 2 else []
                self.play(Write(written), *dots, run_time=1.4)
            lit = incoming
        return lit

    def sum_in_one_line(self, net: SimpleNamespace, sums: VGroup, lit: VGroup,
                        heading) -> None:
        compact = formula(r"y_j = b_j + \sum_{i} x_i \, w_{ji}", font_size=44)
        compact.next_to(sums, DOWN, buff=0.55)
        box = SurroundingRectangle(compact, color=kit.DIM_COLOR, buff=0.18)
        with self.narrate('In one line: <bookmark mark="compact"/>y_j is its bias b_j plus the '
                          'sum, over every input i, of x_i times w_ji.', pause=kit.PAUSE) as line:
            self.play(lit.animate.set_color(kit.DIM_COLOR).set_stroke(width=1.5), run_time=0.5)
            line.wait_until("compact")
            self.play(Write(compact), run_time=1.5)
            self.play(Create(box), run_time=0.6)
        self.sums = sums
        self.play(FadeOut(VGroup(net.picture, compact, box, heading)),
                  sums.animate.scale(0.75).to_edge(UP, buff=0.35).set_x(0), run_time=1.2)

    # -- Y = W X + B ---------------------------------------------------------------------
    def matrix_form(self) -> None:
        m = self.matrix_equation()
        self.shown["W_symbolic"] = m.w_mat
        self.show_the_product(m)
        self.name_the_matrices(m)
        self.formula = m.result
        self.play(FadeOut(VGroup(self.sums, m.equation, m.names)),
                  m.result.animate.scale(0.8).to_edge(UP, buff=0.35).set_x(0), run_time=1.2)

    def matrix_equation(self) -> SimpleNamespace:
        """[y] = [w][x] + [b] with symbols, braces naming Y, W, X, B under it, and the
        result Y = W X + B under those: all fitted under the sums."""
        font = 32
        m = SimpleNamespace(
            y_col=symbol_matrix(general_rows(lambda r, c: f"y_{{{r}}}", columns=("",)), font),
            w_mat=symbol_matrix(general_rows(lambda r, c: f"w_{{{r}{c}}}"), font),
            x_col=symbol_matrix(general_rows(lambda r, c: f"x_{{{r}}}", rows=("1", "2", "i"),
                                             columns=("",)), font),
            b_col=symbol_matrix(general_rows(lambda r, c: f"b_{{{r}}}", columns=("",)), font))
        m.equation = VGroup(m.y_col, MathTex("=", font_size=40), m.w_mat, m.x_col,
                            MathTex("+", font_size=40), m.b_col).arrange(RIGHT, buff=0.3)
        m.names = VGroup()
        for matrix, symbol in ((m.y_col, "Y"), (m.w_mat, "W"), (m.x_col, "X"), (m.b_col, "B")):
            brace = Brace(matrix, DOWN, buff=0.1, color=kit.DIM_COLOR)
            m.names.add(VGroup(brace, formula(symbol, font_size=40).next_to(brace, DOWN, 0.1)))
        m.result = formula("Y = W X + B", font_size=56).next_to(m.names, DOWN, buff=0.3)
        whole = VGroup(m.equation, m.names, m.result)
        fit(whole, width=kit.WIDTH, height=self.sums.get_bottom()[1] - 0.5 - kit.BOTTOM)
        whole.next_to(self.sums, DOWN, buff=0.5)
        return m

    def show_the_product(self, m: SimpleNamespace) -> None:
        with self.narrate('Written one under the other, these j sums are '
                          '<bookmark mark="product"/>a single matrix product. Every output y_j is '
                          'a row of weights times the column of inputs, plus a bias.') as line:
            line.wait_until("product")
            self.play(FadeIn(m.equation, shift=UP * 0.2), run_time=1.5)
        m.row_box = SurroundingRectangle(m.w_mat.get_rows()[-1], color=YELLOW, buff=0.08)
        m.x_box = SurroundingRectangle(m.x_col.get_entries(), color=YELLOW, buff=0.08)
        with self.narrate('Row j of the matrix holds <bookmark mark="row"/>the weights w_j1 to '
                          'w_ji: the weights arriving at output j. Times <bookmark mark="inputs"/>'
                          'the inputs, plus <bookmark mark="bias"/>b_j, it is exactly '
                          '<bookmark mark="sum"/>the sum for y_j.') as line:
            line.wait_until("row")
            self.play(Create(m.row_box), run_time=0.8)
            line.wait_until("inputs")
            self.play(Create(m.x_box), run_time=0.6)
            line.wait_until("bias")
            self.play(Indicate(m.b_col.get_entries()[-1]), run_time=0.8)
            line.wait_until("sum")
            self.play(Indicate(m.y_col.get_entries()[-1]), Indicate(self.sums[3]), run_time=1.0)

    def name_the_matrices(self, m: SimpleNamespace) -> None:
        with self.narrate('Name the columns Y, X and B, and the matrix W. W has '
                          '<bookmark mark="j"/>j rows, one per output, and <bookmark mark="i"/>i '
                          'columns, one per input. The whole layer is <bookmark mark="result"/>'
                          'Y = W X + B.',
                          pause=kit.PAUSE) as line:
            self.play(FadeOut(m.row_box), FadeOut(m.x_box), FadeIn(m.names), run_time=1.2)
            line.wait_until("j")
            self.play(Indicate(m.w_mat.get_columns()[0]), run_time=0.8)
            line.wait_until("i")
            self.play(Indicate(m.w_mat.get_rows()[0]), run_time=0.8)
            line.wait_until("result")
            self.play(Write(m.result), run_time=1.5)

    # -- the real first Dense layer --------------------------------------------------------
    def real_numbers(self) -> None:
        r = self.real_layer()
        self.show_the_weights_and_biases(r)
        self.show_the_sample(r)
        work, boxes = self.work_out_each_row(r)
        self.the_other_rows(r, work)
        self.compare_with_nn(r, work, boxes)

    def real_layer(self) -> SimpleNamespace:
        """The first Dense layer's W, X, B and the product Y, as labelled matrices under the
        title, with room under them for a row worked out."""
        layer = self.story.dense_steps[0]
        r = SimpleNamespace(W=layer.params_before["weights"], B=layer.params_before["bias"],
                            X=kit.as_column(layer.input), font=30)
        r.n_out, r.n_in = r.W.shape
        r.computed = r.W @ r.X + kit.as_column(r.B)   # the product, as the viewer sees it
        r.recorded = kit.as_column(layer.output)      # what nn's Dense.forward returned
        r.w_mat = kit.number_matrix(r.W, kit.W_COLOR, font_size=r.font)
        r.x_col = kit.number_matrix(r.X, kit.X_COLOR, font_size=r.font)
        r.b_col = kit.number_matrix(kit.as_column(r.B), kit.B_COLOR, font_size=r.font)
        r.y_col = kit.number_matrix(r.computed, kit.Y_COLOR, font_size=r.font)
        r.product = VGroup(r.y_col, MathTex("=", font_size=40), r.w_mat, r.x_col,
                           MathTex("+", font_size=40), r.b_col).arrange(RIGHT, buff=0.3)
        r.labels = VGroup(*(formula(symbol, font_size=38).next_to(matrix, UP, buff=0.2)
                            for matrix, symbol in ((r.y_col, "Y"), (r.w_mat, "W"),
                                                   (r.x_col, "X"), (r.b_col, "B"))))
        top = max(label.get_y() for label in r.labels)
        for label in r.labels:
            label.set_y(top)
        r.block = VGroup(r.product, r.labels)
        r.size = kit.text(f"first Dense layer of the story network: $i = {r.n_in}$ inputs, "
                          f"$j = {r.n_out}$ outputs", font_size=28, color=kit.DIM_COLOR)
        r.size.next_to(self.formula, DOWN, buff=0.2)
        r.rows = self.worked_rows(r)
        room = max(row.height for row in r.rows) + ROW_GAP
        fit(r.block, width=kit.WIDTH, height=r.size.get_bottom()[1] - 0.3 - room - kit.BOTTOM)
        r.block.next_to(r.size, DOWN, buff=0.3)
        for row in r.rows:
            row.next_to(r.block, DOWN, buff=ROW_GAP)
        self.shown.update(W=r.w_mat, X=r.x_col, B=r.b_col, Y_computed=r.y_col)
        return r

    def worked_rows(self, r: SimpleNamespace) -> list[VGroup]:
        """Row by row, y_j = w_j1 x_1 + ... + b_j = value: every row of a short layer, the
        first two of a long one."""
        shown = SimpleNamespace(w=precision(r.W), x=precision(r.X), b=precision(r.B),
                                y=precision(r.computed))
        worked = range(r.n_out) if r.n_out <= 4 else range(2)
        rows = [fit(self.row_sum(j, r.W[j], r.X[:, 0], r.B[j], r.computed[j, 0], shown),
                    width=kit.WIDTH) for j in worked]
        self.shown["terms"] = rows
        return rows

    def show_the_weights_and_biases(self, r: SimpleNamespace) -> None:
        with self.narrate(f'Now the real numbers of our network. Its first dense layer has '
                          f'<bookmark mark="size"/>i = {r.n_in} inputs and j = {r.n_out} outputs, '
                          f'so <bookmark mark="W"/>W is a {r.n_out} by {r.n_in} matrix, and '
                          f'<bookmark mark="B"/>B has {r.n_out} entries.') as line:
            line.wait_until("size")
            self.play(FadeIn(r.size), run_time=0.6)
            line.wait_until("W")
            self.play(FadeIn(r.labels[1]), FadeIn(r.w_mat), run_time=1.0)
            line.wait_until("B")
            self.play(FadeIn(r.product[4]), FadeIn(r.labels[3]), FadeIn(r.b_col), run_time=1.0)

    def show_the_sample(self, r: SimpleNamespace) -> None:
        sample = fmt_vector(r.X, precision(r.X))
        with self.narrate(f"The sample we feed in is {sample}. The library stores it as a row; "
                          f"here it stands as a column, as in the math."):
            self.play(FadeIn(r.labels[2]), FadeIn(r.x_col), run_time=1.0)

    def row_frames(self, r: SimpleNamespace, j: int) -> VGroup:
        """Frames on row j of W, on X and on b_j."""
        return VGroup(SurroundingRectangle(r.w_mat.get_rows()[j], color=YELLOW, buff=0.08),
                      SurroundingRectangle(r.x_col.get_entries(), color=YELLOW, buff=0.08),
                      SurroundingRectangle(r.b_col.get_entries()[j], color=YELLOW, buff=0.08))

    def work_out_each_row(self, r: SimpleNamespace) -> tuple[VGroup, VGroup]:
        """The worked rows, one after the other; returns the last one and the frames."""
        y_entries = r.y_col.get_entries()
        boxes = self.row_frames(r, 0)
        work = r.rows[0]
        with self.narrate('Output 1: <bookmark mark="row"/>the first row of W, times '
                          '<bookmark mark="x"/>the column X, plus <bookmark mark="b"/>'
                          'the first bias.', pause=0.3) as line:
            self.play(FadeIn(r.labels[0]), FadeIn(r.product[1]),
                      FadeIn(r.y_col.get_brackets()), FadeIn(work), run_time=0.8)
            for mark, frame in zip(("row", "x", "b"), boxes):
                line.wait_until(mark)
                self.play(Create(frame), run_time=0.5)
            self.play(ReplacementTransform(work.result.copy(), y_entries[0]), run_time=0.6)
        for j, worked_row in enumerate(r.rows[1:], start=1):
            with self.narrate(f'Output {j + 1}: <bookmark mark="row"/>row {j + 1} of W, times '
                              f'X, plus <bookmark mark="b"/>b_{j + 1}.', pause=0.2) as line:
                line.wait_until("row")
                self.play(Transform(boxes, self.row_frames(r, j)),
                          ReplacementTransform(work, worked_row), run_time=0.8)
                line.wait_until("b")
                self.play(ReplacementTransform(worked_row.result.copy(), y_entries[j]),
                          run_time=0.6)
            work = worked_row
        return work, boxes

    def the_other_rows(self, r: SimpleNamespace, work: VGroup) -> None:
        """Rows not worked out (a long layer): their values fly into Y from the last one."""
        rest = list(range(len(r.rows), r.n_out))
        if not rest:
            return
        shown = precision(r.computed)
        with self.narrate(f"The other {len(rest)} rows work the same way."):
            self.play(*(ReplacementTransform(
                kit.number(r.computed[j, 0], kit.Y_COLOR, shown, font_size=32)
                .move_to(work.result), r.y_col.get_entries()[j]) for j in rest), run_time=1.2)

    def nn_check(self, r: SimpleNamespace) -> VGroup:
        """'nn.Dense.forward returned Y = [...] ✓', under the product."""
        nn_y = kit.number_matrix(r.recorded, kit.Y_COLOR, font_size=r.font)
        self.shown["Y_nn"] = nn_y
        check = VGroup(kit.text(r"\texttt{nn.Dense.forward} returned", font_size=30),
                       formula("Y", font_size=40), MathTex("=", font_size=40), nn_y,
                       verdict(np.allclose(r.computed, r.recorded))).arrange(RIGHT, buff=0.25)
        fit(check, width=kit.WIDTH)
        return check.next_to(r.block, DOWN, buff=ROW_GAP)

    def set_beside(self, r: SimpleNamespace, check: VGroup) -> None:
        """A tall layer leaves no room below: the product moves left, and the check stands
        beside it, its words above "Y = [...]", as large as the product."""
        block = r.block
        check[0].next_to(check[1:], UP, buff=0.3)
        top = block.get_top()[1]
        grow = min((top - kit.BOTTOM) / block.height,
                   BESIDE_SHARE * kit.WIDTH / block.width)
        self.play(block.animate.scale(max(grow, 1.0)).to_edge(LEFT, buff=0.6)
                  .align_to([0, top, 0], UP), run_time=0.8)
        fit(check, width=kit.WIDTH / 2 - block.get_right()[0] - 0.8, height=block.height)
        check.next_to(block, RIGHT, buff=0.8)

    def compare_with_nn(self, r: SimpleNamespace, work: VGroup, boxes: VGroup) -> None:
        check = self.nn_check(r)
        with self.narrate('And this is <bookmark mark="nn"/>the Y that the library\'s Dense layer '
                          'returned for the same sample: <bookmark mark="same"/>the same numbers. '
                          'The forward pass is just this product, Y = W X + B.',
                          pause=kit.PAUSE) as line:
            self.play(FadeOut(work), FadeOut(boxes), run_time=0.6)
            if check.get_bottom()[1] < kit.BOTTOM:
                self.set_beside(r, check)
            line.wait_until("nn")
            self.play(FadeIn(check[:4]), run_time=1.0)
            line.wait_until("same")
            self.play(Write(check[4]), Indicate(r.y_col.get_entries(), color=YELLOW),
                      run_time=1.2)

    def row_sum(self, j: int, w_row: np.ndarray, x: np.ndarray, b: float, y: float,
                shown: SimpleNamespace) -> VGroup:
        """y_j = w_j1 x_1 + w_j2 x_2 + ... + b_j = value, with the real numbers, each as its
        matrix shows it (``shown``: the precisions of w, x, b and y)."""
        font = 32
        parts = [formula(f"y_{{{j + 1}}}", font_size=font), MathTex("=", font_size=font)]
        for k, (w, xv) in enumerate(zip(w_row, x)):
            if k:
                parts.append(MathTex("+", font_size=font))
            parts += [signed(w, kit.W_COLOR, shown.w, font), MathTex(r"\cdot", font_size=font),
                      signed(xv, kit.X_COLOR, shown.x, font)]
        parts += [MathTex("+", font_size=font), signed(b, kit.B_COLOR, shown.b, font),
                  MathTex("=", font_size=font)]
        result = kit.number(y, kit.Y_COLOR, shown.y, font_size=font)
        line = VGroup(*parts, result).arrange(RIGHT, buff=0.15)
        line.result = result
        line.numbers = [p.decimal for p in parts if hasattr(p, "decimal")] + [result]
        return line
