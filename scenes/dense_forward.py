# Render: manim render scenes/dense_forward.py        (add -ql while iterating)
"""Chapter 6, the dense layer's forward pass: y_j = b_j + sum_i x_i w_ji, then Y = W X + B.

Symbols first, as in the video; then the real first Dense layer of the story network
(its W, B, and the sample X) is substituted, the product is worked out on screen row by
row, and the result is set beside the Y that nn's Dense.forward returned.
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Brace, Circle, Create, DecimalNumber, FadeIn,
                   FadeOut, Indicate, Line, MathTex, ReplacementTransform, SurroundingRectangle,
                   Transform, VGroup, Write, YELLOW, config)

from scenes import kit
from scenes.kit import (DECIMALS, fit, fmt_vector, formula, general_rows, precision, symbol_matrix,
                        verdict)

NODE_RADIUS = 0.32
SLOTS = (1.65, 0.55, -0.55, -1.65)      # heights of node 1, node 2, the dots, the last node


def signed(value: float, color, font_size: float = 32, decimals: int = DECIMALS) -> VGroup:
    """A real number as a factor: negative ones in parentheses, so that '+ (-0.50)' reads."""
    number = DecimalNumber(value, num_decimal_places=decimals, font_size=font_size, color=color)
    if number.get_value() >= 0 or float(f"{value:.{decimals}f}") == 0:
        group = VGroup(number)
    else:
        group = VGroup(MathTex("(", font_size=font_size), number, MathTex(")", font_size=font_size))
        group.arrange(RIGHT, buff=0.05)
    group.decimal = number        # the DecimalNumber inside (tests read it)
    return group


def column_nodes(x: float, letter: str, last: str) -> tuple[VGroup, VGroup]:
    """Neurons 1, 2, ..., last of one column, and their dots."""
    color = kit.color_of(letter)
    nodes = VGroup()
    for index, height in zip(("1", "2", last), (SLOTS[0], SLOTS[1], SLOTS[3])):
        circle = Circle(radius=NODE_RADIUS, color=color, stroke_width=3).move_to([x, height, 0])
        label = MathTex(f"{letter}_{{{index}}}", font_size=30, color=color).move_to(circle)
        nodes.add(VGroup(circle, label))
    dots = MathTex(r"\vdots", font_size=34, color=kit.DIM_COLOR).move_to([x, SLOTS[2], 0])
    return nodes, dots


class DenseForward(kit.StoryScene):
    def construct(self) -> None:
        self.chapter("Dense layer forward")
        self.neurons()
        self.matrix_form()
        self.real_numbers()

    # -- y_j = b_j + sum_i x_i w_ji -------------------------------------------------------
    def neurons(self) -> None:
        inputs, in_dots = column_nodes(-5.9, "x", "i")
        outputs, out_dots = column_nodes(-2.9, "y", "j")
        edges = {(a, b): Line(inputs[a][0].get_right(), outputs[b][0].get_left(),
                              stroke_width=1.5, color=kit.DIM_COLOR)
                 for a in range(3) for b in range(3)}
        all_edges = VGroup(*edges.values())
        biases = VGroup(*(MathTex(f"b_{{{index}}}", font_size=28, color=kit.B_COLOR)
                          .next_to(node, UP, buff=0.06).shift(RIGHT * 0.45)
                          for index, node in zip(("1", "2", "j"), outputs)))
        heading = self.heading("A dense layer: every input joins every output")

        with self.narrate('A dense layer connects <bookmark mark="every"/>every input neuron to '
                          'every output neuron. Call <bookmark mark="inputs"/>the inputs x_1 to '
                          'x_i, and <bookmark mark="outputs"/>the outputs y_1 to y_j.') as line:
            self.play(FadeIn(inputs), FadeIn(in_dots), FadeIn(outputs), FadeIn(out_dots),
                      run_time=0.8)
            line.wait_until("every")
            self.play(Create(all_edges), run_time=1.5)
            line.wait_until("inputs")
            self.play(Indicate(inputs), run_time=0.8)
            line.wait_until("outputs")
            self.play(Indicate(outputs), run_time=0.8)

        edge = edges[(2, 2)]
        w_ji = kit.formula("w_{ji}", font_size=30).next_to(edge.get_center(), DOWN, buff=0.12)
        with self.narrate('Each connection carries <bookmark mark="weight"/>a weight. w_ji joins '
                          '<bookmark mark="input"/>input i to <bookmark mark="output"/>output j: '
                          'the index of the output comes first, then the index of the '
                          'input.') as line:
            line.wait_until("weight")
            self.play(edge.animate.set_color(kit.W_COLOR).set_stroke(width=4), Write(w_ji),
                      run_time=1.0)
            line.wait_until("input")
            self.play(Indicate(inputs[2]), run_time=0.7)
            line.wait_until("output")
            self.play(Indicate(outputs[2]), run_time=0.7)
        with self.narrate('Each output neuron also has its own <bookmark mark="bias"/>bias, '
                          'b_j.') as line:
            self.play(FadeOut(w_ji),
                      edge.animate.set_color(kit.DIM_COLOR).set_stroke(width=1.5), run_time=0.6)
            line.wait_until("bias")
            self.play(FadeIn(biases), run_time=0.8)

        sums = VGroup(
            formula(r"y_{1} = x_1 w_{11} + x_2 w_{12} + \cdots + x_i w_{1i} + b_1", 36),
            formula(r"y_{2} = x_1 w_{21} + x_2 w_{22} + \cdots + x_i w_{2i} + b_2", 36),
            MathTex(r"\vdots", font_size=36, color=kit.DIM_COLOR),
            formula(r"y_{j} = x_1 w_{j1} + x_2 w_{j2} + \cdots + x_i w_{ji} + b_j", 36),
        ).arrange(DOWN, buff=0.45)
        sums.move_to([3.2, 0, 0])
        fit(sums, width=7.6)

        # One output at a time: its incoming edges light up as its sum is written.
        texts = ("Output y_1 adds up every input times the weight of its connection, plus its "
                 "bias b_1.",
                 "Output y_2 does the same with its own weights, w_21 to w_2i.",
                 "And so on, down to the last output, y_j.")
        lit = None
        for index, (written, text) in enumerate(zip((sums[0], sums[1], sums[3]), texts)):
            incoming = VGroup(*(edges[(a, index)] for a in range(3)))
            with self.narrate(text):
                dim = [lit.animate.set_color(kit.DIM_COLOR).set_stroke(width=1.5)] if lit else []
                self.play(*dim, incoming.animate.set_color(kit.W_COLOR).set_stroke(width=3.5),
                          Indicate(outputs[index], scale_factor=1.15), run_time=0.8)
                dots = [FadeIn(sums[2])] if index == 2 else []
                self.play(Write(written), *dots, run_time=1.4)
            lit = incoming

        compact = formula(r"y_j = b_j + \sum_{i} x_i \, w_{ji}", 44)
        compact.next_to(sums, DOWN, buff=0.55)
        box = SurroundingRectangle(compact, color=kit.DIM_COLOR, buff=0.18)
        with self.narrate('In one line: <bookmark mark="compact"/>y_j is its bias b_j plus the '
                          'sum, over every input i, of x_i times w_ji.', pause=kit.PAUSE) as line:
            self.play(lit.animate.set_color(kit.DIM_COLOR).set_stroke(width=1.5), run_time=0.5)
            line.wait_until("compact")
            self.play(Write(compact), run_time=1.5)
            self.play(Create(box), run_time=0.6)
        self.sums = sums
        self.play(FadeOut(VGroup(inputs, in_dots, outputs, out_dots, all_edges, biases,
                                 compact, box, heading)),
                  sums.animate.scale(0.75).to_edge(UP, buff=0.35).set_x(0), run_time=1.2)

    # -- Y = W X + B ---------------------------------------------------------------------
    def matrix_form(self) -> None:
        font = 32
        y_col = symbol_matrix(general_rows(lambda r, c: f"y_{{{r}}}", columns=("",)), font)
        w_mat = symbol_matrix(general_rows(lambda r, c: f"w_{{{r}{c}}}"), font)
        x_col = symbol_matrix(general_rows(lambda r, c: f"x_{{{r}}}", rows=("1", "2", "i"),
                                           columns=("",)), font)
        b_col = symbol_matrix(general_rows(lambda r, c: f"b_{{{r}}}", columns=("",)), font)
        equation = VGroup(y_col, MathTex("=", font_size=40), w_mat, x_col,
                          MathTex("+", font_size=40), b_col).arrange(RIGHT, buff=0.3)
        equation.next_to(self.sums, DOWN, buff=0.5).set_x(0)
        fit(equation, height=config.frame_height / 2 - 0.4 - equation.get_bottom()[1] + 0.0)
        self.shown["W_symbolic"] = w_mat

        with self.narrate('Written one under the other, these j sums are '
                          '<bookmark mark="product"/>a single matrix product. Every output y_j is '
                          'a row of weights times the column of inputs, plus a bias.') as line:
            line.wait_until("product")
            self.play(FadeIn(equation, shift=UP * 0.2), run_time=1.5)
        row_box = SurroundingRectangle(w_mat.get_rows()[-1], color=YELLOW, buff=0.08)
        x_box = SurroundingRectangle(x_col.get_entries(), color=YELLOW, buff=0.08)
        with self.narrate('Row j of the matrix holds <bookmark mark="row"/>the weights w_j1 to '
                          'w_ji: the weights arriving at output j. Times <bookmark mark="inputs"/>'
                          'the inputs, plus <bookmark mark="bias"/>b_j, it is exactly '
                          '<bookmark mark="sum"/>the sum for y_j.') as line:
            line.wait_until("row")
            self.play(Create(row_box), run_time=0.8)
            line.wait_until("inputs")
            self.play(Create(x_box), run_time=0.6)
            line.wait_until("bias")
            self.play(Indicate(b_col.get_entries()[-1]), run_time=0.8)
            line.wait_until("sum")
            self.play(Indicate(y_col.get_entries()[-1]), Indicate(self.sums[3]), run_time=1.0)

        names = VGroup()
        for matrix, symbol in ((y_col, "Y"), (w_mat, "W"), (x_col, "X"), (b_col, "B")):
            brace = Brace(matrix, DOWN, buff=0.1, color=kit.DIM_COLOR)
            names.add(VGroup(brace, kit.formula(symbol, font_size=40).next_to(brace, DOWN, 0.1)))
        result = formula("Y = W X + B", 56)
        result.next_to(names, DOWN, buff=0.3)
        if result.get_bottom()[1] < -config.frame_height / 2 + 0.3:
            result.to_edge(DOWN, buff=0.3)
        with self.narrate('Name the columns Y, X and B, and the matrix W. W has '
                          '<bookmark mark="j"/>j rows, one per output, and <bookmark mark="i"/>i '
                          'columns, one per input. The whole layer is <bookmark mark="result"/>'
                          'Y = W X + B.',
                          pause=kit.PAUSE) as line:
            self.play(FadeOut(row_box), FadeOut(x_box), FadeIn(names), run_time=1.2)
            line.wait_until("j")
            self.play(Indicate(w_mat.get_columns()[0]), run_time=0.8)
            line.wait_until("i")
            self.play(Indicate(w_mat.get_rows()[0]), run_time=0.8)
            line.wait_until("result")
            self.play(Write(result), run_time=1.5)
        self.formula = result
        self.play(FadeOut(VGroup(self.sums, equation, names)),
                  result.animate.scale(0.8).to_edge(UP, buff=0.35).set_x(0), run_time=1.2)

    # -- the real first Dense layer --------------------------------------------------------
    def real_numbers(self) -> None:
        layer = self.story.dense_steps[0]
        W = layer.params_before["weights"]
        B = layer.params_before["bias"]
        X = kit.as_column(layer.input)
        n_out, n_in = W.shape
        computed = W @ X + kit.as_column(B)     # the product, worked out as the viewer sees it
        recorded = kit.as_column(layer.output)  # what nn's Dense.forward returned

        font = 30
        w_mat = kit.number_matrix(W, kit.W_COLOR, font_size=font)
        x_col = kit.number_matrix(X, kit.X_COLOR, font_size=font)
        b_col = kit.number_matrix(kit.as_column(B), kit.B_COLOR, font_size=font)
        y_col = kit.number_matrix(computed, kit.Y_COLOR, font_size=font)
        product = VGroup(y_col, MathTex("=", font_size=40), w_mat, x_col,
                         MathTex("+", font_size=40), b_col).arrange(RIGHT, buff=0.3)
        labels = VGroup(*(kit.formula(symbol, font_size=38).next_to(matrix, UP, buff=0.2)
                          for matrix, symbol in ((y_col, "Y"), (w_mat, "W"), (x_col, "X"),
                                                 (b_col, "B"))))
        top = max(label.get_y() for label in labels)
        for label in labels:
            label.set_y(top)
        block = VGroup(product, labels)
        size = kit.text(f"first Dense layer of the story network: $i = {n_in}$ inputs, "
                        f"$j = {n_out}$ outputs", font_size=28, color=kit.DIM_COLOR)
        size.next_to(self.formula, DOWN, buff=0.2)
        fit(block, width=config.frame_width - 1.0, height=config.frame_height - 4.6)
        block.next_to(size, DOWN, buff=0.3).set_x(0)
        self.shown.update(W=w_mat, X=x_col, B=b_col, Y_computed=y_col)

        with self.narrate(f'Now the real numbers of our network. Its first dense layer has '
                          f'<bookmark mark="size"/>i = {n_in} inputs and j = {n_out} outputs, so '
                          f'<bookmark mark="W"/>W is a {n_out} by {n_in} matrix, and '
                          f'<bookmark mark="B"/>B has {n_out} entries.') as line:
            line.wait_until("size")
            self.play(FadeIn(size), run_time=0.6)
            line.wait_until("W")
            self.play(FadeIn(labels[1]), FadeIn(w_mat), run_time=1.0)
            line.wait_until("B")
            self.play(FadeIn(product[4]), FadeIn(labels[3]), FadeIn(b_col), run_time=1.0)
        sample = fmt_vector(X, precision(X))
        with self.narrate(f"The sample we feed in is {sample}. The library stores it as a row; "
                          f"here it stands as a column, as in the math."):
            self.play(FadeIn(labels[2]), FadeIn(x_col), run_time=1.0)

        # Row by row: w_j1 x_1 + w_j2 x_2 + b_j = y_j, with the numbers on screen.
        work = boxes = None
        w_rows, x_entries = w_mat.get_rows(), x_col.get_entries()
        b_entries, y_entries = b_col.get_entries(), y_col.get_entries()
        self.shown["terms"] = []
        worked = range(n_out) if n_out <= 4 else range(2)     # long layers: two rows shown
        for j in worked:
            worked_row = self.row_sum(j, W[j], X[:, 0], B[j], computed[j, 0])
            worked_row.next_to(block, DOWN, buff=0.45)
            fit(worked_row, width=config.frame_width - 1.0)
            self.shown["terms"].append(worked_row)
            frames = VGroup(SurroundingRectangle(w_rows[j], color=YELLOW, buff=0.08),
                            SurroundingRectangle(x_entries, color=YELLOW, buff=0.08),
                            SurroundingRectangle(b_entries[j], color=YELLOW, buff=0.08))
            if j == 0:
                with self.narrate('Output 1: <bookmark mark="row"/>the first row of W, times '
                                  '<bookmark mark="x"/>the column X, plus <bookmark mark="b"/>'
                                  'the first bias.', pause=0.3) as line:
                    self.play(FadeIn(labels[0]), FadeIn(product[1]),
                              FadeIn(y_col.get_brackets()), FadeIn(worked_row), run_time=0.8)
                    for mark, frame in zip(("row", "x", "b"), frames):
                        line.wait_until(mark)
                        self.play(Create(frame), run_time=0.5)
                    self.play(ReplacementTransform(worked_row.result.copy(), y_entries[j]),
                              run_time=0.6)
                boxes = frames
            else:
                with self.narrate(f'Output {j + 1}: <bookmark mark="row"/>row {j + 1} of W, times '
                                  f'X, plus <bookmark mark="b"/>b_{j + 1}.', pause=0.2) as line:
                    line.wait_until("row")
                    self.play(Transform(boxes, frames), ReplacementTransform(work, worked_row),
                              run_time=0.8)
                    line.wait_until("b")
                    self.play(ReplacementTransform(worked_row.result.copy(), y_entries[j]),
                              run_time=0.6)
            work = worked_row
        rest = list(range(len(worked), n_out))
        if rest:
            with self.narrate(f"The other {len(rest)} rows work the same way."):
                self.play(*(ReplacementTransform(
                    DecimalNumber(computed[j, 0], num_decimal_places=DECIMALS, font_size=32,
                                  color=kit.Y_COLOR).move_to(work.result), y_entries[j])
                    for j in rest), run_time=1.2)

        nn_y = kit.number_matrix(recorded, kit.Y_COLOR, font_size=font)
        self.shown["Y_nn"] = nn_y
        tick = verdict(np.allclose(computed, recorded))
        check = VGroup(kit.text(r"\texttt{nn.Dense.forward} returned", font_size=30),
                       kit.formula("Y", font_size=40), MathTex("=", font_size=40), nn_y,
                       tick).arrange(RIGHT, buff=0.25)
        fit(check, width=config.frame_width - 1.0)
        check.next_to(block, DOWN, buff=0.45)
        beside = check.get_bottom()[1] < -config.frame_height / 2 + 0.2
        with self.narrate('And this is <bookmark mark="nn"/>the Y that the library\'s Dense layer '
                          'returned for the same sample: <bookmark mark="same"/>the same numbers. '
                          'The forward pass is just this product, Y = W X + B.',
                          pause=kit.PAUSE) as line:
            self.play(FadeOut(work), FadeOut(boxes), run_time=0.6)
            if beside:
                # A tall layer leaves no room below: the product moves left, and the check
                # stands beside it, its words above "Y = [...]", as large as the product.
                check[0].next_to(check[1:], UP, buff=0.3)
                top = block.get_top()[1]
                grow = min((top + config.frame_height / 2 - 0.5) / block.height,
                           0.62 * config.frame_width / block.width)
                self.play(block.animate.scale(max(grow, 1.0)).to_edge(LEFT, buff=0.6)
                          .align_to([0, top, 0], UP), run_time=0.8)
                fit(check, width=config.frame_width - block.width - 2.0, height=block.height)
                check.next_to(block, RIGHT, buff=0.8)
            line.wait_until("nn")
            self.play(FadeIn(check[:4]), run_time=1.0)
            line.wait_until("same")
            self.play(Write(tick), Indicate(y_col.get_entries(), color=YELLOW), run_time=1.2)

    def row_sum(self, j: int, w_row: np.ndarray, x: np.ndarray, b: float, y: float) -> VGroup:
        """y_j = w_j1 x_1 + w_j2 x_2 + ... + b_j = value, with the real numbers."""
        font = 32
        parts = [kit.formula(f"y_{{{j + 1}}}", font_size=font), MathTex("=", font_size=font)]
        for k, (w, xv) in enumerate(zip(w_row, x)):
            if k:
                parts.append(MathTex("+", font_size=font))
            parts += [signed(w, kit.W_COLOR, font), MathTex(r"\cdot", font_size=font),
                      signed(xv, kit.X_COLOR, font, precision(x))]
        parts += [MathTex("+", font_size=font), signed(b, kit.B_COLOR, font),
                  MathTex("=", font_size=font)]
        result = DecimalNumber(y, num_decimal_places=DECIMALS, font_size=font,
                               color=kit.Y_COLOR)
        line = VGroup(*parts, result).arrange(RIGHT, buff=0.15)
        line.result = result
        line.numbers = [p.decimal for p in parts if hasattr(p, "decimal")] + [result]
        return line
