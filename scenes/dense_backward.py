# Render: manim render scenes/dense_backward.py        (add -ql while iterating)
"""Chapters 7-10, the dense layer's backward pass: given dE/dY, find dE/dW, dE/dB, dE/dX.

Each gradient is derived with symbols first, one chain-rule step at a time as in the video,
then checked with the real numbers of the story's recorded training step: the first Dense
layer's dE/dY, X, W (the weights of the forward pass) and the gradients nn computed.
Chapter 8 also shows what a mini-batch changes (the story's full-batch step).

The original video drew the bottom row of W^T wrong; here it reads w_1i, w_2i, ..., w_ji.
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, ORIGIN, RIGHT, UP, Arrow, Create, FadeIn, FadeOut, GrowArrow,
                   Indicate, MathTex, ReplacementTransform, RoundedRectangle, SurroundingRectangle,
                   Tex, VGroup, Write, YELLOW, config)

from scenes import kit
from scenes.kit import (batch_matrix, checked, column_of, fit, fmt_vector, formula, general_rows,
                        grad_of, part_of, place_between, precision, row_of, symbol_matrix, verdict)

TOP = config.frame_height / 2
BOTTOM = -config.frame_height / 2
WIDTH = config.frame_width - 1.0
SUMS = (r"y_1 = x_1 w_{11} + \cdots + x_i w_{1i} + \cdots + b_1",
        r"y_j = x_1 w_{j1} + \cdots + x_i w_{ji} + \cdots + b_j")


def continuation(line: MathTex, reference: MathTex) -> MathTex:
    """Put a line that starts with '=' under ``reference``, its '=' under reference's '='."""
    line.next_to(reference, DOWN, buff=0.35)
    line.shift(RIGHT * (part_of(reference, "=").get_x() - line[0].get_x()))
    return line


def grad_column(letter: str, last: str, middle: bool = False) -> list[list[str]]:
    rows = ("1", "2", last) if middle else ("1", last)
    return general_rows(lambda r, c: grad_of(f"{letter}_{{{r}}}"), rows=rows, columns=("",))


class DenseBackward(kit.StoryScene):
    def construct(self) -> None:
        self.prepare()
        self.plan()
        self.weights_gradient()
        self.minibatch()
        self.bias_gradient()
        self.input_gradient()
        self.summary()

    def prepare(self) -> None:
        """The recorded numbers every chapter of this part reads."""
        self.layer = self.story.dense_steps[0]
        self.batch = next(layer for layer in self.story.batch_step.layers
                          if layer.kind == "Dense")
        self.W = self.layer.params_before["weights"]          # the forward pass's W
        self.X = kit.as_column(self.layer.input)
        self.dY = kit.as_column(self.layer.output_gradient)
        self.j, self.i = self.W.shape

    # -- helpers ---------------------------------------------------------------------------
    def reference_sums(self) -> VGroup:
        """The forward sums, small at the top: what every derivative is taken of."""
        sums = VGroup(formula(SUMS[0], 30), MathTex(r"\vdots", font_size=28,
                                                     color=kit.DIM_COLOR),
                      formula(SUMS[1], 30)).arrange(DOWN, buff=0.18)
        sums.to_edge(UP, buff=0.3)
        return sums

    def layer_tag(self) -> Tex:
        return kit.text(f"first Dense layer, one sample: $i = {self.i}$ inputs, "
                        f"$j = {self.j}$ outputs", font_size=26, color=kit.DIM_COLOR)

    def clear(self) -> None:
        self.clear_all(run_time=0.8)

    # -- chapter 7 -------------------------------------------------------------------------
    def plan(self) -> None:
        self.chapter("Dense backward plan")
        block = RoundedRectangle(width=3.4, height=2.2, corner_radius=0.2, color=kit.DIM_COLOR)
        name = VGroup(kit.text("Dense", font_size=36), formula("Y = W X + B", 34))
        name.arrange(DOWN, buff=0.2).move_to(block)
        layer = VGroup(block, name).move_to(DOWN * 0.6)
        top, low = layer.get_y() + 0.5, layer.get_y() - 0.5
        x_in = Arrow([-5.6, top, 0], [block.get_left()[0], top, 0], buff=0.05, color=kit.X_COLOR)
        y_out = Arrow([block.get_right()[0], top, 0], [5.6, top, 0], buff=0.05,
                      color=kit.Y_COLOR)
        dy_in = Arrow([5.6, low, 0], [block.get_right()[0], low, 0], buff=0.05,
                      color=kit.Y_COLOR)
        dx_out = Arrow([block.get_left()[0], low, 0], [-5.6, low, 0], buff=0.05,
                       color=kit.X_COLOR)
        x_label = formula("X", 40).next_to(x_in, UP, buff=0.1).set_x(-4.6)
        y_label = formula("Y", 40).next_to(y_out, UP, buff=0.1).set_x(4.6)
        dy_label = formula(grad_of("Y"), font_size=40).next_to(dy_in, DOWN, buff=0.15).set_x(4.2)
        dx_label = formula(grad_of("X") + " = ?", 40).next_to(dx_out, DOWN, buff=0.15)
        dx_label.set_x(-4.0)
        params = VGroup(formula(grad_of("W") + " = ?", 40), formula(grad_of("B") + " = ?", 40))
        params.arrange(RIGHT, buff=1.0).next_to(block, UP, buff=0.9)
        descent = formula(r"W \leftarrow W - \alpha " + grad_of("W") + r", \quad B \leftarrow "
                          r"B - \alpha " + grad_of("B"), 34).next_to(params, UP, buff=0.35)

        with self.narrate('On the way forward, the dense layer took <bookmark mark="x"/>X and '
                          'gave <bookmark mark="y"/>Y.') as line:
            self.play(FadeIn(layer), run_time=0.8)
            line.wait_until("x")
            self.play(GrowArrow(x_in), FadeIn(x_label), run_time=0.6)
            line.wait_until("y")
            self.play(GrowArrow(y_out), FadeIn(y_label), run_time=0.6)
        with self.narrate('On the way back, the layer above hands it <bookmark mark="dy"/>dE/dY: '
                          'how the error changes when each output of this layer changes.') as line:
            line.wait_until("dy")
            self.play(GrowArrow(dy_in), FadeIn(dy_label), run_time=1.0)
        with self.narrate('From dE/dY the layer must find three things. <bookmark mark="params"/>'
                          'dE/dW and dE/dB, so that <bookmark mark="descent"/>gradient descent can '
                          'update the weights and the biases...') as line:
            line.wait_until("params")
            self.play(FadeIn(params, shift=DOWN * 0.2), run_time=1.0)
            line.wait_until("descent")
            self.play(FadeIn(descent), run_time=1.0)
        with self.narrate('...and <bookmark mark="dx"/>dE/dX, how the error changes with the '
                          'layer\'s input. That is <bookmark mark="below"/>the dE/dY of the layer '
                          'below, so it is passed back, and the chain rule carries on through the '
                          'network.', pause=kit.PAUSE) as line:
            line.wait_until("dx")
            self.play(GrowArrow(dx_out), FadeIn(dx_label), run_time=1.0)
            line.wait_until("below")
            self.play(Indicate(dx_label), run_time=1.0)
        with self.narrate('One derivative at a time, <bookmark mark="w"/>starting with the '
                          'weights.') as line:
            line.wait_until("w")
            self.play(Indicate(params[0]), run_time=1.0)
        self.clear()

    # -- chapter 8 -------------------------------------------------------------------------
    def weights_gradient(self) -> None:
        self.chapter("Weights gradient")
        sums = self.reference_sums()
        with self.narrate('Here again are the sums the layer computes. Pick any one weight, '
                          '<bookmark mark="w"/>w_ji.') as line:
            self.play(FadeIn(sums), run_time=1.0)
            line.wait_until("w")
            self.play(Indicate(part_of(sums[2], "w_{ji}"), scale_factor=1.5), run_time=1.0)

        chain = formula(grad_of("w_{ji}") + " = " + grad_of("y_1") + r" \frac{\partial y_1}"
                        r"{\partial w_{ji}} + \cdots + " + grad_of("y_j") +
                        r" \frac{\partial y_j}{\partial w_{ji}}", 40)
        only = continuation(formula("= " + grad_of("y_j") +
                                    r" \frac{\partial y_j}{\partial w_{ji}}", 40), chain)
        result = continuation(formula("= " + grad_of("y_j") + " x_i", 40), only)
        VGroup(chain, only, result).next_to(sums, DOWN, buff=0.6).set_x(0)
        with self.narrate('The weight changes the error only through the outputs. So by '
                          '<bookmark mark="chain"/>the chain rule, dE/dw_ji adds up, over every '
                          'output, dE/dy times how that output changes with the weight.') as line:
            line.wait_until("chain")
            self.play(Write(chain), run_time=2.5)
        with self.narrate('But w_ji appears in <bookmark mark="single"/>a single output, y_j. '
                          'Every other output ignores it, so <bookmark mark="zero"/>all the other '
                          'terms are zero.') as line:
            line.wait_until("single")
            self.play(Indicate(sums[2]), run_time=1.0)
            line.wait_until("zero")
            self.play(FadeIn(only, shift=DOWN * 0.2), run_time=1.0)
        with self.narrate('Inside y_j, w_ji is multiplied by <bookmark mark="x"/>x_i. So the '
                          'derivative of y_j with respect to w_ji is <bookmark mark="just"/>just '
                          'x_i.') as line:
            line.wait_until("x")
            self.play(Indicate(VGroup(part_of(sums[2], "x_i"), part_of(sums[2], "w_{ji}")),
                               scale_factor=1.3), run_time=1.0)
            line.wait_until("just")
            self.play(FadeIn(result, shift=DOWN * 0.2), run_time=1.0)
        boxed = formula(grad_of("w_{ji}") + " = " + grad_of("y_j") + " x_i", 44)
        boxed.to_edge(UP, buff=0.35)
        frame = SurroundingRectangle(boxed, color=kit.DIM_COLOR, buff=0.15)
        with self.narrate("dE/dw_ji equals dE/dy_j times x_i: the gradient reaching the "
                          "weight's output, times the input the weight multiplied."):
            self.play(FadeOut(VGroup(sums, chain, only)), ReplacementTransform(result, boxed),
                      run_time=1.2)
            self.play(Create(frame), run_time=0.6)

        font = 30
        grads = symbol_matrix(general_rows(lambda r, c: grad_of(f"w_{{{r}{c}}}"),
                                           rows=("1", "j"), columns=("1", "i")), font)
        entries = symbol_matrix(general_rows(lambda r, c: grad_of(f"y_{{{r}}}") + f" x_{{{c}}}",
                                             rows=("1", "j"), columns=("1", "i")), font)
        column = symbol_matrix(grad_column("y", "j"), font)
        row = symbol_matrix([["x_1", r"\cdots", "x_i"]], font)
        first = VGroup(formula(grad_of("W"), font_size=40), MathTex("=", font_size=40), grads,
                       MathTex("=", font_size=40), entries).arrange(RIGHT, buff=0.25)
        second = VGroup(MathTex("=", font_size=40), column, row, MathTex("=", font_size=40),
                        formula(grad_of("Y") + " X^T", 44)).arrange(RIGHT, buff=0.25)
        second.next_to(first, DOWN, buff=0.4)
        second.shift(RIGHT * (first[3].get_x() - second[0].get_x()))
        both = place_between(VGroup(first, second), TOP - 0.4, BOTTOM + 0.4)
        with self.narrate('Gather all of them into <bookmark mark="matrix"/>one matrix, with the '
                          'shape of W: row j, column i holds <bookmark mark="entry"/>dE/dw_ji, '
                          'which is dE/dy_j times x_i.') as line:
            self.play(FadeOut(VGroup(boxed, frame)), run_time=0.6)
            line.wait_until("matrix")
            self.play(FadeIn(first[:3]), run_time=1.0)
            line.wait_until("entry")
            self.play(FadeIn(first[3:]), run_time=1.0)
        with self.narrate('Row j is dE/dy_j times every input: <bookmark mark="outer"/>a column '
                          'times a row. The column is <bookmark mark="column"/>dE/dY, and the row '
                          'is <bookmark mark="row"/>X transposed.') as line:
            self.play(Indicate(entries.get_rows()[-1]), run_time=1.0)
            line.wait_until("outer")
            self.play(FadeIn(second[:3]), run_time=1.0)
            line.wait_until("column")
            self.play(Indicate(column), run_time=0.8)
            line.wait_until("row")
            self.play(Indicate(row), run_time=0.8)
        with self.narrate('So <bookmark mark="result"/>dE/dW equals dE/dY times X transpose.',
                          pause=kit.PAUSE) as line:
            line.wait_until("result")
            self.play(Write(second[3:]), run_time=1.2)
        self.play(FadeOut(both), run_time=0.8)
        self.weights_real()

    def weights_real(self) -> None:
        computed = self.dY @ self.X.T               # dE/dY X^T, as on screen
        recorded = self.layer.grads["weights"]
        title = formula(grad_of("W") + " = " + grad_of("Y") + " X^T", 48).to_edge(UP, buff=0.3)
        tag = self.layer_tag().next_to(title, DOWN, buff=0.2)
        d = precision(self.dY, computed)
        dw = kit.number_matrix(computed, kit.W_COLOR, d)
        dy = kit.number_matrix(self.dY, kit.Y_COLOR, d)
        xt = kit.number_matrix(self.X.T, kit.X_COLOR, precision(self.X))
        nn_dw = kit.number_matrix(recorded, kit.W_COLOR, d)
        row = checked((dw, grad_of("W")), [(dy, grad_of("Y")), (xt, "X^T")], nn_dw,
                      NN_WEIGHTS, np.allclose(computed, recorded))
        place_between(row, tag.get_bottom()[1] - 0.3, BOTTOM + 0.4)
        self.shown.update(dW=dw, dY=dy, XT=xt, dW_nn=nn_dw)
        r = row.row
        with self.narrate(f'Now with the real numbers of the recorded step. This is '
                          f'<bookmark mark="dy"/>the dE/dY that reached our first dense layer: '
                          f'{self.j} numbers, one per output.') as line:
            self.play(Write(title), FadeIn(tag), run_time=1.2)
            line.wait_until("dy")
            self.play(FadeIn(r[2]), FadeIn(row.labels[1]), run_time=1.0)
        sample = fmt_vector(self.X, precision(self.X))
        with self.narrate(f'The layer\'s input was <bookmark mark="x"/>the sample {sample}; '
                          f'transposed, it is a row.') as line:
            line.wait_until("x")
            self.play(FadeIn(r[3]), FadeIn(row.labels[2]), run_time=1.0)
        with self.narrate('Column times row: <bookmark mark="product"/>every dE/dy_j times every '
                          'x_i.') as line:
            line.wait_until("product")
            self.play(FadeIn(r[:2]), FadeIn(row.labels[0]), run_time=1.2)
        zero = [k for k in range(self.i) if round(self.X[k, 0], 2) == 0]
        if zero:
            k = zero[0]
            with self.narrate(f'Input {k + 1} was zero for this sample, so <bookmark mark="w"/>'
                              f'the weights that leave it get no gradient: they had no effect on '
                              f'the error.') as line:
                self.play(Indicate(xt.get_columns()[k]), run_time=1.0)
                line.wait_until("w")
                self.play(Indicate(dw.get_columns()[k]), run_time=1.0)
        with self.narrate('And that is exactly what <bookmark mark="nn"/>the library\'s dense '
                          'layer stored as its weights gradient.', pause=kit.PAUSE) as line:
            line.wait_until("nn")
            self.play(FadeIn(VGroup(r[-3], r[-2], row.labels[-1])), run_time=1.0)
            self.play(Write(r[-1]), run_time=0.6)
        self.clear()

    def minibatch(self) -> None:
        """Beyond the original: the same formula with a batch of samples."""
        batch = self.batch
        n = batch.input.shape[0]
        X = batch.input.T                           # one column per sample
        dY = batch.output_gradient.T                # one column per sample
        computed = dY @ X.T
        recorded = batch.grads["weights"]

        heading = kit.text("Beyond the video: a mini-batch", font_size=34, color=kit.DIM_COLOR)
        heading.to_edge(UP, buff=0.3)
        columns = formula(r"X = \begin{bmatrix} X^{(1)} & X^{(2)} & \cdots & X^{(n)} "
                          r"\end{bmatrix}", 36)
        dcolumns = formula(grad_of("Y") + r" = \begin{bmatrix} " + grad_of("Y^{(1)}") +
                           r" & \cdots & " + grad_of("Y^{(n)}") + r"\end{bmatrix}", 36)
        total = formula(grad_of("W") + " = " + grad_of("Y") + r" X^T = \sum_{s=1}^{n} " +
                        grad_of("Y^{(s)}") + r" \, X^{(s)T}", 40)
        symbols = VGroup(VGroup(columns, dcolumns).arrange(RIGHT, buff=0.8), total)
        symbols.arrange(DOWN, buff=0.4)
        fit(symbols, width=WIDTH).next_to(heading, DOWN, buff=0.35)
        with self.narrate('The original video trains on one sample at a time. Its viewers asked '
                          'about <bookmark mark="batch"/>mini-batches: what changes when the layer '
                          'sees n samples at once?') as line:
            line.wait_until("batch")
            self.play(FadeIn(heading), run_time=1.0)
        with self.narrate('Put the samples side by side: <bookmark mark="x"/>X gets one column per '
                          'sample, and so does <bookmark mark="dy"/>dE/dY.') as line:
            line.wait_until("x")
            self.play(FadeIn(columns), run_time=1.0)
            line.wait_until("dy")
            self.play(FadeIn(dcolumns), run_time=1.0)
        with self.narrate('The formula does not change. But now <bookmark mark="product"/>the '
                          'product dE/dY X transpose adds up, over the samples, each sample\'s own '
                          'column times row.') as line:
            line.wait_until("product")
            self.play(Write(total), run_time=2.0)
        with self.narrate(f'The loss is the mean over the batch, so each sample\'s dE/dY carries '
                          f'<bookmark mark="factor"/>a factor one over n: the sum is the average '
                          f'of the {n} per-sample gradients.') as line:
            line.wait_until("factor")
            self.play(Indicate(total[-3:]), run_time=1.2)

        self.play(FadeOut(VGroup(heading, symbols[0])),
                  total.animate.scale(0.9).to_edge(UP, buff=0.35), run_time=1.0)
        font = 28
        d = precision(dY, computed)
        dw = kit.number_matrix(computed, kit.W_COLOR, d, font_size=font)
        dy = batch_matrix(dY, kit.Y_COLOR, font_size=font, decimals=d)
        xt = batch_matrix(X.T, kit.X_COLOR, font_size=font, decimals=precision(X))
        nn_dw = kit.number_matrix(recorded, kit.W_COLOR, d, font_size=font)
        tall = computed.shape[0] > 4        # stacked, a tall layer would shrink to half
        row = checked((dw, grad_of("W")), [(dy, grad_of("Y")), (xt, "X^T")], nn_dw,
                      NN_WEIGHTS, np.allclose(computed, recorded), label_size=34,
                      stacked=not tall)
        place_between(row, total.get_bottom()[1] - 0.35, BOTTOM + 0.3)
        self.shown.update(batch_dW=dw, batch_dY=dy, batch_XT=xt, batch_dW_nn=nn_dw)
        r = row.row
        with self.narrate(f'Here is the story\'s whole data set as one batch of {n}, from the '
                          f'same starting weights: <bookmark mark="dy"/>dE/dY has {n} columns, '
                          f'<bookmark mark="xt"/>X transpose {n} rows.') as line:
            line.wait_until("dy")
            self.play(FadeIn(r[2]), FadeIn(row.labels[1]), run_time=1.0)
            line.wait_until("xt")
            self.play(FadeIn(r[3]), FadeIn(row.labels[2]), run_time=1.0)
        s = self.story.config.sample
        ours = column_of(dy, s)
        hide_ours = []
        if ours is not None:
            box = SurroundingRectangle(ours, color=YELLOW, buff=0.08)
            single = VGroup(kit.text(f"column {s + 1} $=$", font_size=28),
                            MathTex(rf"\tfrac{{1}}{{{n}}}", font_size=40), MathTex(r"\times"),
                            kit.number_matrix(self.dY.T, kit.Y_COLOR,
                                              precision(self.dY), font_size=26),
                            MathTex("^T", font_size=34),
                            kit.text("(our sample alone)", font_size=26, color=kit.DIM_COLOR))
            single.arrange(RIGHT, buff=0.15)
            single[4].shift(UP * 0.25 + LEFT * 0.1)
            fit(single, width=WIDTH).move_to(row.recorded)
            if tall:                        # over the row's empty left and right ends
                fit(single, height=0.9).next_to(ours, DOWN, buff=0.2).set_x(0)
                fit(single, width=WIDTH)
            self.shown["single_dY_row"] = single[3]
            with self.narrate(f'Column {s + 1} is <bookmark mark="ours"/>our sample: '
                              f'<bookmark mark="part"/>exactly one {_nth(n)} of the dE/dY it '
                              f'produced alone. That is the one over n of the mean.') as line:
                line.wait_until("ours")
                self.play(Create(box), run_time=0.6)
                line.wait_until("part")
                self.play(FadeIn(single), run_time=1.0)
            hide_ours = [FadeOut(box), FadeOut(single)]
        with self.narrate('The product sums over the batch, and <bookmark mark="nn"/>it matches '
                          'the weights gradient the library computed for the whole batch.',
                          pause=kit.PAUSE) as line:
            if hide_ours:
                self.play(*hide_ours, run_time=0.5)
            self.play(FadeIn(r[:2]), FadeIn(row.labels[0]), run_time=1.2)
            line.wait_until("nn")
            self.play(FadeIn(row.recorded), run_time=1.0)
        self.clear()

    # -- chapter 9 -------------------------------------------------------------------------
    def bias_gradient(self) -> None:
        self.chapter("Bias gradient")
        sums = self.reference_sums()
        chain = formula(grad_of("b_j") + " = " + grad_of("y_1") + r" \frac{\partial y_1}"
                        r"{\partial b_j} + \cdots + " + grad_of("y_j") +
                        r" \frac{\partial y_j}{\partial b_j}", 40)
        only = continuation(formula("= " + grad_of("y_j") +
                                    r" \frac{\partial y_j}{\partial b_j}", 40), chain)
        result = continuation(formula("= " + grad_of("y_j"), font_size=40), only)
        VGroup(chain, only, result).next_to(sums, DOWN, buff=0.6).set_x(0)
        with self.narrate('The bias is simpler. <bookmark mark="chain"/>The same chain rule: b_j '
                          'reaches the error through the outputs...') as line:
            self.play(FadeIn(sums), run_time=1.0)
            line.wait_until("chain")
            self.play(Write(chain), run_time=2.0)
        with self.narrate('...but it appears only in <bookmark mark="only"/>y_j, where it is '
                          'simply added. <bookmark mark="one"/>Its derivative there is '
                          'one.') as line:
            line.wait_until("only")
            self.play(Indicate(part_of(sums[2], "b_j"), scale_factor=1.5),
                      FadeIn(only, shift=DOWN * 0.2), run_time=1.0)
            line.wait_until("one")
            self.play(FadeIn(result, shift=DOWN * 0.2), run_time=1.0)

        boxed = formula(grad_of("b_j") + " = " + grad_of("y_j"), font_size=44).to_edge(UP, buff=0.35)
        frame = SurroundingRectangle(boxed, color=kit.DIM_COLOR, buff=0.15)
        font = 30
        matrix = VGroup(formula(grad_of("B"), font_size=44), MathTex("=", font_size=40),
                        symbol_matrix(grad_column("b", "j", middle=True), font),
                        MathTex("=", font_size=40),
                        symbol_matrix(grad_column("y", "j", middle=True), font),
                        MathTex("=", font_size=40), formula(grad_of("Y"), font_size=44))
        matrix.arrange(RIGHT, buff=0.25)
        fit(matrix, width=WIDTH, height=frame.get_bottom()[1] - BOTTOM - 1.0)
        matrix.next_to(frame, DOWN, buff=0.6).set_x(0)
        with self.narrate('So the gradient of the biases is <bookmark mark="column"/>the output '
                          'gradient itself: <bookmark mark="result"/>dE/dB equals dE/dY.',
                          pause=kit.PAUSE) as line:
            self.play(FadeOut(VGroup(sums, chain, only)), ReplacementTransform(result, boxed),
                      run_time=1.0)
            self.play(Create(frame), run_time=0.5)
            line.wait_until("column")
            self.play(FadeIn(matrix[:5]), run_time=1.0)
            line.wait_until("result")
            self.play(Write(matrix[5:]), run_time=1.0)
        self.play(FadeOut(VGroup(boxed, frame, matrix)), run_time=0.8)

        recorded = kit.as_column(self.layer.grads["bias"])
        title = formula(grad_of("B") + " = " + grad_of("Y"), font_size=48).to_edge(UP, buff=0.3)
        tag = self.layer_tag().next_to(title, DOWN, buff=0.2)
        d = precision(self.dY)
        db = kit.number_matrix(self.dY, kit.B_COLOR, d)       # dE/dB = dE/dY, as on screen
        dy = kit.number_matrix(self.dY, kit.Y_COLOR, d)
        nn_db = kit.number_matrix(recorded, kit.B_COLOR, d)
        row = checked((db, grad_of("B")), [(dy, grad_of("Y"))], nn_db, NN_BIAS,
                      np.allclose(recorded, self.dY))
        place_between(row, tag.get_bottom()[1] - 0.3, BOTTOM + 0.4)
        self.shown.update(dB=db, dY_bias=dy, dB_nn=nn_db)
        with self.narrate('In the recorded step: the bias gradient is <bookmark mark="column"/>the '
                          'very column of numbers the layer received as dE/dY, and '
                          '<bookmark mark="nn"/>that is what the library stored.',
                          pause=kit.PAUSE) as line:
            self.play(Write(title), FadeIn(tag), run_time=1.0)
            line.wait_until("column")
            self.play(FadeIn(row.computed), run_time=1.0)
            line.wait_until("nn")
            self.play(FadeIn(row.recorded), run_time=1.0)

        # With a batch: each sample adds its column.
        batch = self.batch
        recorded = kit.as_column(batch.grads["bias"])
        summed = batch.output_gradient.sum(axis=0)          # the shown columns, added
        total = formula(grad_of("B") + r" = \sum_{s=1}^{n} " + grad_of("Y^{(s)}"), font_size=44)
        total.to_edge(UP, buff=0.3)
        d = precision(batch.output_gradient, recorded)
        bdy = batch_matrix(batch.output_gradient.T, kit.Y_COLOR, font_size=28, decimals=d)
        bdb = kit.number_matrix(recorded, kit.B_COLOR, d, font_size=28)
        brow = row_of(kit.text("the columns of", font_size=30), (bdy, grad_of("Y")),
                            kit.text("added:", font_size=30), (bdb, NN_BIAS, 28),
                            verdict(np.allclose(summed, recorded[:, 0]), 40), buff=0.35)
        tag2 = kit.text("first Dense layer, the whole data set as one batch",
                        font_size=26, color=kit.DIM_COLOR).next_to(total, DOWN, buff=0.2)
        place_between(brow, tag2.get_bottom()[1] - 0.3, BOTTOM + 0.4)
        self.shown.update(batch_dY_bias=bdy, batch_dB_nn=bdb)
        n = batch.input.shape[0]
        with self.narrate(f'With a batch, every sample adds its own column: '
                          f'<bookmark mark="columns"/>the {n} columns of the batch\'s dE/dY, '
                          f'<bookmark mark="added"/>added up, give the library\'s batch bias '
                          f'gradient.', pause=kit.PAUSE) as line:
            self.play(FadeOut(row), FadeOut(title), run_time=0.6)
            self.play(Write(total), ReplacementTransform(tag, tag2), run_time=1.2)
            line.wait_until("columns")
            self.play(FadeIn(brow.row[:3]), FadeIn(brow.labels[0]), run_time=1.0)
            line.wait_until("added")
            self.play(FadeIn(brow.row[3:]), FadeIn(brow.labels[1]), run_time=1.0)
        self.clear()

    # -- chapter 10 ------------------------------------------------------------------------
    def input_gradient(self) -> None:
        self.chapter("Input gradient")
        sums = self.reference_sums()
        chain = formula(grad_of("x_i") + " = " + grad_of("y_1") + r" \frac{\partial y_1}"
                        r"{\partial x_i} + \cdots + " + grad_of("y_j") +
                        r" \frac{\partial y_j}{\partial x_i}", 40)
        every = continuation(formula("= " + grad_of("y_1") + r" w_{1i} + \cdots + " +
                                     grad_of("y_j") + r" w_{ji}", 40), chain)
        VGroup(chain, every).next_to(sums, DOWN, buff=0.6).set_x(0)
        with self.narrate('Last, the input. <bookmark mark="chain"/>Again the chain rule, over '
                          'every output.') as line:
            self.play(FadeIn(sums), run_time=0.8)
            line.wait_until("chain")
            self.play(Write(chain), run_time=1.8)
        with self.narrate('This time no term vanishes: x_i feeds every output. In '
                          '<bookmark mark="first"/>y_1 it is multiplied by w_1i, in '
                          '<bookmark mark="last"/>y_j by w_ji.') as line:
            line.wait_until("first")
            self.play(Indicate(VGroup(part_of(sums[0], "x_i"), part_of(sums[0], "w_{1i}")),
                               scale_factor=1.3), run_time=1.0)
            line.wait_until("last")
            self.play(Indicate(VGroup(part_of(sums[2], "x_i"), part_of(sums[2], "w_{ji}")),
                               scale_factor=1.3), run_time=1.0)
            self.play(FadeIn(every, shift=DOWN * 0.2), run_time=1.0)
        self.play(FadeOut(VGroup(sums, chain, every)), run_time=0.8)

        lines = VGroup(
            formula(grad_of("x_1") + " = " + grad_of("y_1") + r" w_{11} + " + grad_of("y_2") +
                    r" w_{21} + \cdots + " + grad_of("y_j") + r" w_{j1}", 34),
            formula(grad_of("x_2") + " = " + grad_of("y_1") + r" w_{12} + " + grad_of("y_2") +
                    r" w_{22} + \cdots + " + grad_of("y_j") + r" w_{j2}", 34),
            MathTex(r"\vdots", font_size=34, color=kit.DIM_COLOR),
            formula(grad_of("x_i") + " = " + grad_of("y_1") + r" w_{1i} + " + grad_of("y_2") +
                    r" w_{2i} + \cdots + " + grad_of("y_j") + r" w_{ji}", 34),
        ).arrange(DOWN, buff=0.3)
        fit(lines, width=WIDTH).to_edge(UP, buff=0.4)
        with self.narrate('Write it for every input, <bookmark mark="lines"/>from x_1 to x_i. '
                          'Each line uses the same dE/dY, with the weights that leave that '
                          'input.') as line:
            line.wait_until("lines")
            self.play(FadeIn(lines, lag_ratio=0.3), run_time=2.0)

        font = 28
        dx = symbol_matrix(grad_column("x", "i", middle=True), font)
        wt = symbol_matrix(general_rows(lambda r, c: f"w_{{{c}{r}}}", rows=("1", "2", "i"),
                                        columns=("1", "2", "j")), font)
        dy = symbol_matrix(grad_column("y", "j", middle=True), font)
        product = VGroup(dx, MathTex("=", font_size=40), wt, dy, MathTex("=", font_size=40),
                         formula("W^T " + grad_of("Y"), font_size=44)).arrange(RIGHT, buff=0.25)
        self.shown["WT_symbolic"] = wt
        with self.narrate('As a matrix product: <bookmark mark="dx"/>the column dE/dX equals '
                          '<bookmark mark="w"/>a matrix of weights times <bookmark mark="dy"/>the '
                          'column dE/dY.') as line:
            self.play(lines.animate.scale(0.7).to_edge(UP, buff=0.25), run_time=0.8)
            place_between(product, lines.get_bottom()[1] - 0.35, BOTTOM + 0.45)
            for mark, part in (("dx", product[:2]), ("w", product[2]), ("dy", product[3])):
                line.wait_until(mark)
                self.play(FadeIn(part), run_time=0.6)
        last_row = wt.get_rows()[-1]
        box = SurroundingRectangle(last_row, color=YELLOW, buff=0.08)
        with self.narrate('Look at its last row, for input i: <bookmark mark="row"/>w_1i, w_2i, '
                          'up to w_ji. Every weight leaving input i, one per output. (The original '
                          'video drew this row wrong.)') as line:
            line.wait_until("row")
            self.play(Create(box), Indicate(lines[3]), run_time=1.5)
        with self.narrate('Row i of this matrix is column i of W: it is W transposed. So '
                          '<bookmark mark="result"/>dE/dX equals W transpose times dE/dY.',
                          pause=kit.PAUSE) as line:
            line.wait_until("result")
            self.play(Write(product[4:]), run_time=1.2)
        self.play(FadeOut(VGroup(lines, product, box)), run_time=0.8)
        self.input_real()

    def input_real(self) -> None:
        computed = self.W.T @ self.dY
        recorded = kit.as_column(self.layer.input_gradient)
        title = formula(grad_of("X") + " = W^T " + grad_of("Y"), font_size=48).to_edge(UP, buff=0.3)
        tag = self.layer_tag().next_to(title, DOWN, buff=0.2)
        d = precision(self.dY, computed)
        dx = kit.number_matrix(computed, kit.X_COLOR, d)
        wt = kit.number_matrix(self.W.T, kit.W_COLOR)
        dy = kit.number_matrix(self.dY, kit.Y_COLOR, d)
        nn_dx = kit.number_matrix(recorded, kit.X_COLOR, d)
        row = checked((dx, grad_of("X")), [(wt, "W^T"), (dy, grad_of("Y"))], nn_dx,
                      NN_INPUT, np.allclose(computed, recorded))
        note = kit.text(r"$W$: the weights of the forward pass, before any update",
                        font_size=26, color=kit.DIM_COLOR).to_edge(DOWN, buff=0.5)
        place_between(row, tag.get_bottom()[1] - 0.3, note.get_top()[1] + 0.3)
        self.shown.update(dX=dx, WT=wt, dY_input=dy, dX_nn=nn_dx)
        r = row.row
        with self.narrate('With the real numbers: <bookmark mark="wt"/>W transpose, from the '
                          'weights the forward pass used, before any update, times '
                          '<bookmark mark="dy"/>the same dE/dY as before.') as line:
            self.play(Write(title), FadeIn(tag), run_time=1.0)
            line.wait_until("wt")
            self.play(FadeIn(r[2]), FadeIn(row.labels[1]), FadeIn(note), run_time=1.0)
            line.wait_until("dy")
            self.play(FadeIn(r[3]), FadeIn(row.labels[2]), run_time=1.0)
        with self.narrate(f"The product has {self.i} entries, one per input of the layer."):
            self.play(FadeIn(r[:2]), FadeIn(row.labels[0]), run_time=1.2)
        with self.narrate('<bookmark mark="nn"/>The library\'s backward returned the same dE/dX. '
                          'For the first layer nobody needs it, but any hidden layer passes it '
                          'on, as the dE/dY of the layer below.', pause=kit.PAUSE) as line:
            line.wait_until("nn")
            self.play(FadeIn(VGroup(r[-3], r[-2], row.labels[-1])), run_time=1.0)
            self.play(Write(r[-1]), run_time=0.6)
        self.clear()

    # -- the close of chapter 10: the layer's whole backward pass -----------------------------
    def summary(self) -> None:
        layer = self.layer
        columns = VGroup()
        for tex, values, color in (
                (grad_of("W") + " = " + grad_of("Y") + " X^T", layer.grads["weights"],
                 kit.W_COLOR),
                (grad_of("B") + " = " + grad_of("Y"), kit.as_column(layer.grads["bias"]),
                 kit.B_COLOR),
                (grad_of("X") + " = W^T " + grad_of("Y"), kit.as_column(layer.input_gradient),
                 kit.X_COLOR)):
            matrix = kit.number_matrix(values, color, precision(values), font_size=30)
            columns.add(VGroup(formula(tex, 40), matrix).arrange(DOWN, buff=0.45))
        columns.arrange(RIGHT, buff=0.9, aligned_edge=UP)
        fit(columns, width=WIDTH, height=5.0)
        heading = kit.text("The dense layer's backward pass, for our sample", font_size=34,
                           color=kit.DIM_COLOR)
        note = kit.text(r"all three from the same $\partial E / \partial Y$ and the weights of "
                        r"the forward pass", font_size=28, color=kit.DIM_COLOR)
        VGroup(heading, columns, note).arrange(DOWN, buff=0.6).move_to(ORIGIN)
        self.shown.update(summary_dW=columns[0][1], summary_dB=columns[1][1],
                          summary_dX=columns[2][1])
        with self.narrate('That is the whole backward pass of a dense layer. From dE/dY it gives '
                          '<bookmark mark="w"/>the weights gradient, <bookmark mark="b"/>the bias '
                          'gradient, and <bookmark mark="x"/>the input gradient to pass back.',
                          pause=kit.PAUSE) as line:
            self.play(FadeIn(heading), run_time=0.8)
            for mark, column in zip("wbx", columns):
                line.wait_until(mark)
                self.play(FadeIn(column, shift=UP * 0.2), run_time=0.7)
        with self.narrate('All three use <bookmark mark="forward"/>the weights of the forward '
                          'pass. Changing the weights comes later, in the optimizer.',
                          pause=kit.PAUSE * 2) as line:
            line.wait_until("forward")
            self.play(FadeIn(note), run_time=1.0)


NN_WEIGHTS = r'\texttt{layer.grads["weights"]}'
NN_BIAS = r'\texttt{layer.grads["bias"]}'
NN_INPUT = r"\texttt{layer.backward(}" + grad_of("Y") + r"\texttt{)}"


def _nth(n: int) -> str:
    return {2: "half", 3: "third", 4: "quarter"}.get(n, f"{n}th")
