# Render: manim render scenes/dense_backward.py        (add -ql while iterating)
"""Chapters 7-10, the dense layer's backward pass: given dE/dY, find dE/dW, dE/dB, dE/dX.

Each gradient is derived with symbols first, one chain-rule step at a time as in the video,
then checked with the real numbers of the story's recorded training step: the first Dense
layer's dE/dY, X, W (the weights of the forward pass) and the gradients nn computed.
Chapter 8 also shows what a mini-batch changes (the story's full-batch step).

The original video drew the bottom row of W^T wrong; here it reads w_1i, w_2i, ..., w_ji.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Arrow, Create, FadeIn, FadeOut, GrowArrow, Indicate,
                   MathTex, ReplacementTransform, RoundedRectangle, SurroundingRectangle, Tex,
                   VGroup, Write, YELLOW)

from scenes import kit
from scenes.kit import (batch_matrix, checked, column_of, fit, fmt_vector, formula, general_rows,
                        grad_of, part_of, place_between, precision, row_of, symbol_matrix, verdict)

SUMS = (r"y_1 = x_1 w_{11} + \cdots + x_i w_{1i} + \cdots + b_1",
        r"y_j = x_1 w_{j1} + \cdots + x_i w_{ji} + \cdots + b_j")
BLOCK_WIDTH, BLOCK_HEIGHT = 3.4, 2.2   # the plan's layer: its name, and an arrow in and out
ARROW_LENGTH = 3.9                     # the plan's arrows, from the layer to near the edge
GAP = 0.3                              # between a title and the numbers under it

NN_WEIGHTS = r'\texttt{layer.grads["weights"]}'
NN_BIAS = r'\texttt{layer.grads["bias"]}'
NN_INPUT = r"\texttt{layer.backward(}" + grad_of("Y") + r"\texttt{)}"


def continuation(line: MathTex, reference: MathTex) -> MathTex:
    """Put a line that starts with '=' under ``reference``, its '=' under reference's '='."""
    line.next_to(reference, DOWN, buff=0.35)
    line.shift(RIGHT * (part_of(reference, "=").get_x() - line[0].get_x()))
    return line


def chain_rule(variable: str) -> MathTex:
    """dE/dv = dE/dy_1 dy_1/dv + ... + dE/dy_j dy_j/dv: through every output."""
    return formula(grad_of(variable) + " = " + grad_of("y_1") + r" \frac{\partial y_1}"
                   r"{\partial " + variable + r"} + \cdots + " + grad_of("y_j") +
                   r" \frac{\partial y_j}{\partial " + variable + "}", font_size=40)


def only_through_y_j(variable: str, chain: MathTex) -> MathTex:
    """= dE/dy_j dy_j/dv, under the chain rule: the one output that holds v."""
    return continuation(formula("= " + grad_of("y_j") + r" \frac{\partial y_j}{\partial " +
                                variable + "}", font_size=40), chain)


def grad_column(letter: str, last: str, middle: bool = False) -> list[list[str]]:
    rows = ("1", "2", last) if middle else ("1", last)
    return general_rows(lambda r, c: grad_of(f"{letter}_{{{r}}}"), rows=rows, columns=("",))


def boxed_result(tex: str) -> VGroup:
    """A result just derived, at the top of the frame, framed: VGroup(formula, frame)."""
    boxed = formula(tex, font_size=44).to_edge(UP, buff=0.35)
    return VGroup(boxed, SurroundingRectangle(boxed, color=kit.DIM_COLOR, buff=0.15))


def below(mob, above, bottom: float = kit.BOTTOM):
    """Fit and centre ``mob`` in the band from just under ``above`` down to ``bottom``."""
    return place_between(mob, above.get_bottom()[1] - GAP, bottom)


def _nth(n: int) -> str:
    return {2: "half", 3: "third", 4: "quarter"}.get(n, f"{n}th")


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
        sums = VGroup(formula(SUMS[0], font_size=30),
                      MathTex(r"\vdots", font_size=28, color=kit.DIM_COLOR),
                      formula(SUMS[1], font_size=30)).arrange(DOWN, buff=0.18)
        sums.to_edge(UP, buff=0.3)
        return sums

    def layer_tag(self) -> Tex:
        return kit.text(f"first Dense layer, one sample: $i = {self.i}$ inputs, "
                        f"$j = {self.j}$ outputs", font_size=26, color=kit.DIM_COLOR)

    def real_title(self, tex: str) -> VGroup:
        """The formula checked with real numbers, at the top, and the layer's tag under it."""
        title = formula(tex, font_size=48).to_edge(UP, buff=0.3)
        return VGroup(title, self.layer_tag().next_to(title, DOWN, buff=0.2))

    def clear(self) -> None:
        self.clear_all(run_time=0.8)

    # -- chapter 7 -------------------------------------------------------------------------
    def plan(self) -> None:
        self.chapter("Dense backward plan")
        diagram = self.plan_diagram()
        self.show_the_forward_pass(diagram)
        self.show_the_output_gradient(diagram)
        self.show_the_parameter_gradients(diagram)
        self.show_the_input_gradient(diagram)
        self.start_with_the_weights(diagram)
        self.clear()

    def plan_diagram(self) -> SimpleNamespace:
        """The layer, X in and Y out above its middle, dE/dY in and dE/dX out below, and the
        two parameter gradients with their update above it."""
        block = RoundedRectangle(width=BLOCK_WIDTH, height=BLOCK_HEIGHT, corner_radius=0.2,
                                 color=kit.DIM_COLOR)
        name = VGroup(kit.text("Dense", font_size=36), formula("Y = W X + B", font_size=34))
        name.arrange(DOWN, buff=0.2).move_to(block)
        lane = UP * BLOCK_HEIGHT / 4          # forward above the middle, backward below
        left, right, out = block.get_left(), block.get_right(), RIGHT * ARROW_LENGTH
        d = SimpleNamespace(layer=VGroup(block, name))
        d.x_in = Arrow(left + lane - out, left + lane, buff=0.05, color=kit.X_COLOR)
        d.y_out = Arrow(right + lane, right + lane + out, buff=0.05, color=kit.Y_COLOR)
        d.dy_in = Arrow(right - lane + out, right - lane, buff=0.05, color=kit.Y_COLOR)
        d.dx_out = Arrow(left - lane, left - lane - out, buff=0.05, color=kit.X_COLOR)
        d.x_label = formula("X", font_size=40).next_to(d.x_in, UP, buff=0.1)
        d.y_label = formula("Y", font_size=40).next_to(d.y_out, UP, buff=0.1)
        d.dy_label = formula(grad_of("Y"), font_size=40).next_to(d.dy_in, DOWN, buff=0.15)
        d.dx_label = formula(grad_of("X") + " = ?", font_size=40).next_to(d.dx_out, DOWN,
                                                                          buff=0.15)
        d.params = VGroup(formula(grad_of("W") + " = ?", font_size=40),
                          formula(grad_of("B") + " = ?", font_size=40))
        d.params.arrange(RIGHT, buff=1.0).next_to(block, UP, buff=0.9)
        d.descent = formula(r"W \leftarrow W - \alpha " + grad_of("W") + r", \quad B "
                            r"\leftarrow B - \alpha " + grad_of("B"), font_size=34)
        d.descent.next_to(d.params, UP, buff=0.35)
        place_between(VGroup(*vars(d).values()), kit.TOP, kit.BOTTOM)
        return d

    def show_the_forward_pass(self, d: SimpleNamespace) -> None:
        with self.narrate('On the way forward, the dense layer took <bookmark mark="x"/>X and '
                          'gave <bookmark mark="y"/>Y.') as line:
            self.play(FadeIn(d.layer), run_time=0.8)
            line.wait_until("x")
            self.play(GrowArrow(d.x_in), FadeIn(d.x_label), run_time=0.6)
            line.wait_until("y")
            self.play(GrowArrow(d.y_out), FadeIn(d.y_label), run_time=0.6)

    def show_the_output_gradient(self, d: SimpleNamespace) -> None:
        with self.narrate('On the way back, the layer above hands it <bookmark mark="dy"/>dE/dY: '
                          'how the error changes when each output of this layer changes.') as line:
            line.wait_until("dy")
            self.play(GrowArrow(d.dy_in), FadeIn(d.dy_label), run_time=1.0)

    def show_the_parameter_gradients(self, d: SimpleNamespace) -> None:
        with self.narrate('From dE/dY the layer must find three things. <bookmark mark="params"/>'
                          'dE/dW and dE/dB, so that <bookmark mark="descent"/>gradient descent can '
                          'update the weights and the biases...') as line:
            line.wait_until("params")
            self.play(FadeIn(d.params, shift=DOWN * 0.2), run_time=1.0)
            line.wait_until("descent")
            self.play(FadeIn(d.descent), run_time=1.0)

    def show_the_input_gradient(self, d: SimpleNamespace) -> None:
        with self.narrate('...and <bookmark mark="dx"/>dE/dX, how the error changes with the '
                          'layer\'s input. That is <bookmark mark="below"/>the dE/dY of the layer '
                          'below, so it is passed back, and the chain rule carries on through the '
                          'network.', pause=kit.PAUSE) as line:
            line.wait_until("dx")
            self.play(GrowArrow(d.dx_out), FadeIn(d.dx_label), run_time=1.0)
            line.wait_until("below")
            self.play(Indicate(d.dx_label), run_time=1.0)

    def start_with_the_weights(self, d: SimpleNamespace) -> None:
        with self.narrate('One derivative at a time, <bookmark mark="w"/>starting with the '
                          'weights.') as line:
            line.wait_until("w")
            self.play(Indicate(d.params[0]), run_time=1.0)

    # -- chapter 8 -------------------------------------------------------------------------
    def weights_gradient(self) -> None:
        self.chapter("Weights gradient")
        sums = self.reference_sums()
        self.pick_a_weight(sums)
        derivation = self.derive_one_weight(sums)
        result = self.box_the_weight_result(sums, derivation)
        self.gather_into_a_matrix(result)
        self.weights_real()

    def pick_a_weight(self, sums: VGroup) -> None:
        with self.narrate('Here again are the sums the layer computes. Pick any one weight, '
                          '<bookmark mark="w"/>w_ji.') as line:
            self.play(FadeIn(sums), run_time=1.0)
            line.wait_until("w")
            self.play(Indicate(part_of(sums[2], "w_{ji}"), scale_factor=1.5), run_time=1.0)

    def derive_one_weight(self, sums: VGroup) -> VGroup:
        """dE/dw_ji by the chain rule, one step a line: VGroup(chain, only, result)."""
        chain = chain_rule("w_{ji}")
        only = only_through_y_j("w_{ji}", chain)
        result = continuation(formula("= " + grad_of("y_j") + " x_i", font_size=40), only)
        lines = VGroup(chain, only, result).next_to(sums, DOWN, buff=0.6)
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
        return lines

    def box_the_weight_result(self, sums: VGroup, derivation: VGroup) -> VGroup:
        chain, only, result = derivation
        boxed = boxed_result(grad_of("w_{ji}") + " = " + grad_of("y_j") + " x_i")
        with self.narrate("dE/dw_ji equals dE/dy_j times x_i: the gradient reaching the "
                          "weight's output, times the input the weight multiplied."):
            self.play(FadeOut(VGroup(sums, chain, only)), ReplacementTransform(result, boxed[0]),
                      run_time=1.2)
            self.play(Create(boxed[1]), run_time=0.6)
        return boxed

    def weights_matrix_equation(self) -> SimpleNamespace:
        """dE/dW = [dE/dw_ji] = [dE/dy_j x_i] on one line; = dE/dY X^T (column times row)
        under it, the two '=' aligned."""
        font = 30
        e = SimpleNamespace(
            grads=symbol_matrix(general_rows(lambda r, c: grad_of(f"w_{{{r}{c}}}"),
                                             rows=("1", "j"), columns=("1", "i")), font),
            entries=symbol_matrix(general_rows(lambda r, c: grad_of(f"y_{{{r}}}") +
                                               f" x_{{{c}}}", rows=("1", "j"),
                                               columns=("1", "i")), font),
            column=symbol_matrix(grad_column("y", "j"), font),
            row=symbol_matrix([["x_1", r"\cdots", "x_i"]], font))
        e.first = VGroup(formula(grad_of("W"), font_size=40), MathTex("=", font_size=40),
                         e.grads, MathTex("=", font_size=40), e.entries).arrange(RIGHT, buff=0.25)
        e.second = VGroup(MathTex("=", font_size=40), e.column, e.row, MathTex("=", font_size=40),
                          formula(grad_of("Y") + " X^T", font_size=44)).arrange(RIGHT, buff=0.25)
        e.second.next_to(e.first, DOWN, buff=0.4).align_to(e.first[3], LEFT)
        e.both = place_between(VGroup(e.first, e.second), kit.TOP, kit.BOTTOM)
        return e

    def gather_into_a_matrix(self, boxed: VGroup) -> None:
        e = self.weights_matrix_equation()
        with self.narrate('Gather all of them into <bookmark mark="matrix"/>one matrix, with the '
                          'shape of W: row j, column i holds <bookmark mark="entry"/>dE/dw_ji, '
                          'which is dE/dy_j times x_i.') as line:
            self.play(FadeOut(boxed), run_time=0.6)
            line.wait_until("matrix")
            self.play(FadeIn(e.first[:3]), run_time=1.0)
            line.wait_until("entry")
            self.play(FadeIn(e.first[3:]), run_time=1.0)
        with self.narrate('Row j is dE/dy_j times every input: <bookmark mark="outer"/>a column '
                          'times a row. The column is <bookmark mark="column"/>dE/dY, and the row '
                          'is <bookmark mark="row"/>X transposed.') as line:
            self.play(Indicate(e.entries.get_rows()[-1]), run_time=1.0)
            line.wait_until("outer")
            self.play(FadeIn(e.second[:3]), run_time=1.0)
            line.wait_until("column")
            self.play(Indicate(e.column), run_time=0.8)
            line.wait_until("row")
            self.play(Indicate(e.row), run_time=0.8)
        with self.narrate('So <bookmark mark="result"/>dE/dW equals dE/dY times X transpose.',
                          pause=kit.PAUSE) as line:
            line.wait_until("result")
            self.play(Write(e.second[3:]), run_time=1.2)
        self.play(FadeOut(e.both), run_time=0.8)

    def weights_real(self) -> None:
        computed = self.dY @ self.X.T               # dE/dY X^T, as on screen
        recorded = self.layer.grads["weights"]
        header = self.real_title(grad_of("W") + " = " + grad_of("Y") + " X^T")
        d = precision(self.dY, computed)            # one equation: dE/dY and dE/dW alike
        dw = kit.number_matrix(computed, kit.W_COLOR, d)
        dy = kit.number_matrix(self.dY, kit.Y_COLOR, d)
        xt = kit.number_matrix(self.X.T, kit.X_COLOR)
        nn_dw = kit.number_matrix(recorded, kit.W_COLOR, d)
        row = checked((dw, grad_of("W")), [(dy, grad_of("Y")), (xt, "X^T")], nn_dw,
                      NN_WEIGHTS, np.allclose(computed, recorded))
        below(row, header)
        self.shown.update(dW=dw, dY=dy, XT=xt, dW_nn=nn_dw)
        self.show_the_column_and_the_row(header, row)
        self.point_at_a_zero_input(xt, dw)
        self.show_the_library_agrees(row, 'And that is exactly what <bookmark mark="nn"/>the '
                                     'library\'s dense layer stored as its weights gradient.')
        self.clear()

    def show_the_column_and_the_row(self, header: VGroup, row: VGroup) -> None:
        r = row.row
        with self.narrate(f'Now with the real numbers of the recorded step. This is '
                          f'<bookmark mark="dy"/>the dE/dY that reached our first dense layer: '
                          f'{self.j} numbers, one per output.') as line:
            self.play(Write(header[0]), FadeIn(header[1]), run_time=1.2)
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

    def point_at_a_zero_input(self, xt, dw) -> None:
        """An input that reads 0 (as shown) gives its weights no gradient: say so, if any."""
        zero = np.flatnonzero(precision(self.X).shown(self.X[:, 0]) == 0)
        if not zero.size:
            return
        k = int(zero[0])
        with self.narrate(f'Input {k + 1} was zero for this sample, so <bookmark mark="w"/>'
                          f'the weights that leave it get no gradient: they had no effect on '
                          f'the error.') as line:
            self.play(Indicate(xt.get_columns()[k]), run_time=1.0)
            line.wait_until("w")
            self.play(Indicate(dw.get_columns()[k]), run_time=1.0)

    def show_the_library_agrees(self, row: VGroup, text: str) -> None:
        """The recorded value, past the separator, then its check mark."""
        r = row.row
        with self.narrate(text, pause=kit.PAUSE) as line:
            line.wait_until("nn")
            self.play(FadeIn(VGroup(r[-3], r[-2], row.labels[-1])), run_time=1.0)
            self.play(Write(r[-1]), run_time=0.6)

    # -- chapter 8, beyond the video: a mini-batch -----------------------------------------
    def minibatch(self) -> None:
        """Beyond the original: the same formula with a batch of samples."""
        total = self.show_the_batch_formula()
        row, dy = self.show_the_batch_numbers(total)
        hide_ours = self.point_at_our_sample(row, dy)
        self.sum_over_the_batch(row, hide_ours)
        self.clear()

    def batch_symbols(self) -> SimpleNamespace:
        """The heading, X and dE/dY as columns of samples, and the sum that dE/dY X^T is."""
        s = SimpleNamespace(heading=kit.text("Beyond the video: a mini-batch", font_size=34,
                                             color=kit.DIM_COLOR).to_edge(UP, buff=0.3))
        s.columns = formula(r"X = \begin{bmatrix} X^{(1)} & X^{(2)} & \cdots & X^{(n)} "
                            r"\end{bmatrix}", font_size=36)
        s.dcolumns = formula(grad_of("Y") + r" = \begin{bmatrix} " + grad_of("Y^{(1)}") +
                             r" & \cdots & " + grad_of("Y^{(n)}") + r"\end{bmatrix}",
                             font_size=36)
        s.total = formula(grad_of("W") + " = " + grad_of("Y") + r" X^T = \sum_{s=1}^{n} " +
                          grad_of("Y^{(s)}") + r" \, X^{(s)T}", font_size=40)
        s.symbols = VGroup(VGroup(s.columns, s.dcolumns).arrange(RIGHT, buff=0.8), s.total)
        s.symbols.arrange(DOWN, buff=0.4)
        fit(s.symbols, width=kit.WIDTH).next_to(s.heading, DOWN, buff=0.35)
        return s

    def show_the_batch_formula(self) -> MathTex:
        s = self.batch_symbols()
        n = self.batch.input.shape[0]
        with self.narrate('The original video trains on one sample at a time. Its viewers asked '
                          'about <bookmark mark="batch"/>mini-batches: what changes when the layer '
                          'sees n samples at once?') as line:
            line.wait_until("batch")
            self.play(FadeIn(s.heading), run_time=1.0)
        with self.narrate('Put the samples side by side: <bookmark mark="x"/>X gets one column per '
                          'sample, and so does <bookmark mark="dy"/>dE/dY.') as line:
            line.wait_until("x")
            self.play(FadeIn(s.columns), run_time=1.0)
            line.wait_until("dy")
            self.play(FadeIn(s.dcolumns), run_time=1.0)
        with self.narrate('The formula does not change. But now <bookmark mark="product"/>the '
                          'product dE/dY X transpose adds up, over the samples, each sample\'s own '
                          'column times row.') as line:
            line.wait_until("product")
            self.play(Write(s.total), run_time=2.0)
        with self.narrate(f'The loss is the mean over the batch, so each sample\'s dE/dY carries '
                          f'<bookmark mark="factor"/>a factor one over n: the sum is the average '
                          f'of the {n} per-sample gradients.') as line:
            line.wait_until("factor")
            self.play(Indicate(s.total[-3:]), run_time=1.2)
        self.play(FadeOut(VGroup(s.heading, s.symbols[0])),
                  s.total.animate.scale(0.9).to_edge(UP, buff=0.35), run_time=1.0)
        return s.total

    def show_the_batch_numbers(self, total: MathTex) -> tuple[VGroup, object]:
        """dE/dW = dE/dY X^T for the whole data set: one column (row of X^T) per sample.
        Each matrix reads by its own precision: a sample's dE/dY is 1/n of the sum's size."""
        batch, font = self.batch, 28
        n = batch.input.shape[0]
        X, dY = batch.input.T, batch.output_gradient.T        # one column per sample
        computed, recorded = dY @ X.T, batch.grads["weights"]
        d = precision(computed, recorded)
        dw = kit.number_matrix(computed, kit.W_COLOR, d, font_size=font)
        dy = batch_matrix(dY, kit.Y_COLOR, font_size=font)
        xt = batch_matrix(X.T, kit.X_COLOR, font_size=font)
        nn_dw = kit.number_matrix(recorded, kit.W_COLOR, d, font_size=font)
        tall = computed.shape[0] > 4        # stacked, a tall layer would shrink to half
        row = checked((dw, grad_of("W")), [(dy, grad_of("Y")), (xt, "X^T")], nn_dw,
                      NN_WEIGHTS, np.allclose(computed, recorded), label_size=34,
                      stacked=not tall)
        row.tall = tall
        below(row, total)
        self.shown.update(batch_dW=dw, batch_dY=dy, batch_XT=xt, batch_dW_nn=nn_dw)
        r = row.row
        with self.narrate(f'Here is the story\'s whole data set as one batch of {n}, from the '
                          f'same starting weights: <bookmark mark="dy"/>dE/dY has {n} columns, '
                          f'<bookmark mark="xt"/>X transpose {n} rows.') as line:
            line.wait_until("dy")
            self.play(FadeIn(r[2]), FadeIn(row.labels[1]), run_time=1.0)
            line.wait_until("xt")
            self.play(FadeIn(r[3]), FadeIn(row.labels[2]), run_time=1.0)
        return row, dy

    def our_sample_alone(self, n: int) -> VGroup:
        """column s = 1/n x (our sample's own dE/dY)^T (our sample alone)."""
        s = self.story.config.sample
        single = VGroup(kit.text(f"column {s + 1} $=$", font_size=28),
                        MathTex(rf"\tfrac{{1}}{{{n}}}", font_size=40), MathTex(r"\times"),
                        kit.number_matrix(self.dY.T, kit.Y_COLOR, font_size=26),
                        MathTex("^T", font_size=34),
                        kit.text("(our sample alone)", font_size=26, color=kit.DIM_COLOR))
        single.arrange(RIGHT, buff=0.15)
        single[4].next_to(single[3], RIGHT, buff=0.05).align_to(single[3], UP)   # a superscript
        return fit(single, width=kit.WIDTH)

    def point_at_our_sample(self, row: VGroup, dy) -> list:
        """Frame our sample's column of the batch's dE/dY, and show it is 1/n of its own.
        Returns the animations that take the frame and the note away (none if that column
        is elided)."""
        n, s = self.batch.input.shape[0], self.story.config.sample
        ours = column_of(dy, s)
        if ours is None:
            return []
        box = SurroundingRectangle(ours, color=YELLOW, buff=0.08)
        single = self.our_sample_alone(n)
        if row.tall:                        # under the column, over the row's empty ends
            place_between(single, ours.get_bottom()[1] - 0.2, kit.BOTTOM, width=kit.WIDTH)
        else:                               # where nn's value will be, before it comes
            single.move_to(row.recorded)
        self.shown["single_dY_row"] = single[3]
        with self.narrate(f'Column {s + 1} is <bookmark mark="ours"/>our sample: '
                          f'<bookmark mark="part"/>exactly one {_nth(n)} of the dE/dY it '
                          f'produced alone. That is the one over n of the mean.') as line:
            line.wait_until("ours")
            self.play(Create(box), run_time=0.6)
            line.wait_until("part")
            self.play(FadeIn(single), run_time=1.0)
        return [FadeOut(box), FadeOut(single)]

    def sum_over_the_batch(self, row: VGroup, hide_ours: list) -> None:
        r = row.row
        with self.narrate('The product sums over the batch, and <bookmark mark="nn"/>it matches '
                          'the weights gradient the library computed for the whole batch.',
                          pause=kit.PAUSE) as line:
            if hide_ours:
                self.play(*hide_ours, run_time=0.5)
            self.play(FadeIn(r[:2]), FadeIn(row.labels[0]), run_time=1.2)
            line.wait_until("nn")
            self.play(FadeIn(row.recorded), run_time=1.0)

    # -- chapter 9 -------------------------------------------------------------------------
    def bias_gradient(self) -> None:
        self.chapter("Bias gradient")
        sums = self.reference_sums()
        derivation = self.derive_one_bias(sums)
        self.bias_is_the_output_gradient(sums, derivation)
        header, row = self.bias_real()
        self.bias_of_a_batch(header, row)
        self.clear()

    def derive_one_bias(self, sums: VGroup) -> VGroup:
        """dE/db_j by the chain rule: VGroup(chain, only, result)."""
        chain = chain_rule("b_j")
        only = only_through_y_j("b_j", chain)
        result = continuation(formula("= " + grad_of("y_j"), font_size=40), only)
        lines = VGroup(chain, only, result).next_to(sums, DOWN, buff=0.6)
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
        return lines

    def bias_is_the_output_gradient(self, sums: VGroup, derivation: VGroup) -> None:
        chain, only, result = derivation
        boxed, frame = boxed_result(grad_of("b_j") + " = " + grad_of("y_j"))
        font = 30
        matrix = VGroup(formula(grad_of("B"), font_size=44), MathTex("=", font_size=40),
                        symbol_matrix(grad_column("b", "j", middle=True), font),
                        MathTex("=", font_size=40),
                        symbol_matrix(grad_column("y", "j", middle=True), font),
                        MathTex("=", font_size=40), formula(grad_of("Y"), font_size=44))
        matrix.arrange(RIGHT, buff=0.25)
        fit(matrix, width=kit.WIDTH, height=frame.get_bottom()[1] - 0.6 - kit.BOTTOM)
        matrix.next_to(frame, DOWN, buff=0.6)
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

    def bias_real(self) -> tuple[VGroup, VGroup]:
        recorded = kit.as_column(self.layer.grads["bias"])
        header = self.real_title(grad_of("B") + " = " + grad_of("Y"))
        d = precision(self.dY)
        db = kit.number_matrix(self.dY, kit.B_COLOR, d)       # dE/dB = dE/dY, as on screen
        dy = kit.number_matrix(self.dY, kit.Y_COLOR, d)
        nn_db = kit.number_matrix(recorded, kit.B_COLOR, d)
        row = checked((db, grad_of("B")), [(dy, grad_of("Y"))], nn_db, NN_BIAS,
                      np.allclose(recorded, self.dY))
        below(row, header)
        self.shown.update(dB=db, dY_bias=dy, dB_nn=nn_db)
        with self.narrate('In the recorded step: the bias gradient is <bookmark mark="column"/>the '
                          'very column of numbers the layer received as dE/dY, and '
                          '<bookmark mark="nn"/>that is what the library stored.',
                          pause=kit.PAUSE) as line:
            self.play(Write(header[0]), FadeIn(header[1]), run_time=1.0)
            line.wait_until("column")
            self.play(FadeIn(row.computed), run_time=1.0)
            line.wait_until("nn")
            self.play(FadeIn(row.recorded), run_time=1.0)
        return header, row

    def batch_bias(self) -> SimpleNamespace:
        """dE/dB = the sum of the batch's dE/dY columns, beside nn's batch bias gradient.
        The columns read by their own precision: each is 1/n of the sum's size."""
        batch = self.batch
        recorded = kit.as_column(batch.grads["bias"])
        summed = batch.output_gradient.sum(axis=0)          # the shown columns, added
        b = SimpleNamespace(total=formula(grad_of("B") + r" = \sum_{s=1}^{n} " +
                                          grad_of("Y^{(s)}"), font_size=44))
        b.total.to_edge(UP, buff=0.3)
        b.tag = kit.text("first Dense layer, the whole data set as one batch",
                         font_size=26, color=kit.DIM_COLOR).next_to(b.total, DOWN, buff=0.2)
        b.dy = batch_matrix(batch.output_gradient.T, kit.Y_COLOR, font_size=28)
        b.db = kit.number_matrix(recorded, kit.B_COLOR, font_size=28)
        b.row = row_of(kit.text("the columns of", font_size=30), (b.dy, grad_of("Y")),
                       kit.text("added:", font_size=30), (b.db, NN_BIAS, 28),
                       verdict(np.allclose(summed, recorded[:, 0]), 40), buff=0.35)
        below(b.row, b.tag)
        return b

    def bias_of_a_batch(self, header: VGroup, row: VGroup) -> None:
        b = self.batch_bias()
        self.shown.update(batch_dY_bias=b.dy, batch_dB_nn=b.db)
        n = self.batch.input.shape[0]
        with self.narrate(f'With a batch, every sample adds its own column: '
                          f'<bookmark mark="columns"/>the {n} columns of the batch\'s dE/dY, '
                          f'<bookmark mark="added"/>added up, give the library\'s batch bias '
                          f'gradient.', pause=kit.PAUSE) as line:
            self.play(FadeOut(row), FadeOut(header[0]), run_time=0.6)
            self.play(Write(b.total), ReplacementTransform(header[1], b.tag), run_time=1.2)
            line.wait_until("columns")
            self.play(FadeIn(b.row.row[:3]), FadeIn(b.row.labels[0]), run_time=1.0)
            line.wait_until("added")
            self.play(FadeIn(b.row.row[3:]), FadeIn(b.row.labels[1]), run_time=1.0)

    # -- chapter 10 ------------------------------------------------------------------------
    def input_gradient(self) -> None:
        self.chapter("Input gradient")
        self.derive_one_input()
        lines = self.write_every_input()
        self.input_as_a_product(lines)
        self.input_real()

    def derive_one_input(self) -> None:
        sums = self.reference_sums()
        chain = chain_rule("x_i")
        every = continuation(formula("= " + grad_of("y_1") + r" w_{1i} + \cdots + " +
                                     grad_of("y_j") + r" w_{ji}", font_size=40), chain)
        VGroup(chain, every).next_to(sums, DOWN, buff=0.6)
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

    def write_every_input(self) -> VGroup:
        def line_for(k: str) -> MathTex:
            return formula(grad_of(f"x_{k}") + " = " + grad_of("y_1") + f" w_{{1{k}}} + " +
                           grad_of("y_2") + f" w_{{2{k}}} + \\cdots + " + grad_of("y_j") +
                           f" w_{{j{k}}}", font_size=34)
        lines = VGroup(line_for("1"), line_for("2"),
                       MathTex(r"\vdots", font_size=34, color=kit.DIM_COLOR),
                       line_for("i")).arrange(DOWN, buff=0.3)
        fit(lines, width=kit.WIDTH).to_edge(UP, buff=0.4)
        with self.narrate('Write it for every input, <bookmark mark="lines"/>from x_1 to x_i. '
                          'Each line uses the same dE/dY, with the weights that leave that '
                          'input.') as line:
            line.wait_until("lines")
            self.play(FadeIn(lines, lag_ratio=0.3), run_time=2.0)
        return lines

    def input_product(self) -> VGroup:
        """dE/dX = [w_ci] [dE/dY] = W^T dE/dY, symbols; its weights are ``.wt``."""
        font = 28
        dx = symbol_matrix(grad_column("x", "i", middle=True), font)
        wt = symbol_matrix(general_rows(lambda r, c: f"w_{{{c}{r}}}", rows=("1", "2", "i"),
                                        columns=("1", "2", "j")), font)
        dy = symbol_matrix(grad_column("y", "j", middle=True), font)
        product = VGroup(dx, MathTex("=", font_size=40), wt, dy, MathTex("=", font_size=40),
                         formula("W^T " + grad_of("Y"), font_size=44)).arrange(RIGHT, buff=0.25)
        product.wt = wt
        return product

    def input_as_a_product(self, lines: VGroup) -> None:
        product = self.input_product()
        self.shown["WT_symbolic"] = product.wt
        with self.narrate('As a matrix product: <bookmark mark="dx"/>the column dE/dX equals '
                          '<bookmark mark="w"/>a matrix of weights times <bookmark mark="dy"/>the '
                          'column dE/dY.') as line:
            self.play(lines.animate.scale(0.7).to_edge(UP, buff=0.25), run_time=0.8)
            place_between(product, lines.get_bottom()[1] - 0.35, kit.BOTTOM)
            for mark, part in (("dx", product[:2]), ("w", product[2]), ("dy", product[3])):
                line.wait_until(mark)
                self.play(FadeIn(part), run_time=0.6)
        box = SurroundingRectangle(product.wt.get_rows()[-1], color=YELLOW, buff=0.08)
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

    def input_real(self) -> None:
        computed = self.W.T @ self.dY
        recorded = kit.as_column(self.layer.input_gradient)
        header = self.real_title(grad_of("X") + " = W^T " + grad_of("Y"))
        d = precision(self.dY, computed)
        dx = kit.number_matrix(computed, kit.X_COLOR, d)
        wt = kit.number_matrix(self.W.T, kit.W_COLOR)
        dy = kit.number_matrix(self.dY, kit.Y_COLOR, d)
        nn_dx = kit.number_matrix(recorded, kit.X_COLOR, d)
        row = checked((dx, grad_of("X")), [(wt, "W^T"), (dy, grad_of("Y"))], nn_dx,
                      NN_INPUT, np.allclose(computed, recorded))
        note = kit.text(r"$W$: the weights of the forward pass, before any update",
                        font_size=26, color=kit.DIM_COLOR).to_edge(DOWN, buff=0.5)
        below(row, header, bottom=note.get_top()[1] + GAP)
        self.shown.update(dX=dx, WT=wt, dY_input=dy, dX_nn=nn_dx)
        r = row.row
        with self.narrate('With the real numbers: <bookmark mark="wt"/>W transpose, from the '
                          'weights the forward pass used, before any update, times '
                          '<bookmark mark="dy"/>the same dE/dY as before.') as line:
            self.play(Write(header[0]), FadeIn(header[1]), run_time=1.0)
            line.wait_until("wt")
            self.play(FadeIn(r[2]), FadeIn(row.labels[1]), FadeIn(note), run_time=1.0)
            line.wait_until("dy")
            self.play(FadeIn(r[3]), FadeIn(row.labels[2]), run_time=1.0)
        with self.narrate(f"The product has {self.i} entries, one per input of the layer."):
            self.play(FadeIn(r[:2]), FadeIn(row.labels[0]), run_time=1.2)
        self.show_the_library_agrees(row, '<bookmark mark="nn"/>The library\'s backward returned '
                                     'the same dE/dX. For the first layer nobody needs it, but '
                                     'any hidden layer passes it on, as the dE/dY of the layer '
                                     'below.')
        self.clear()

    # -- the close of chapter 10: the layer's whole backward pass -----------------------------
    def summary(self) -> None:
        heading = kit.text("The dense layer's backward pass, for our sample", font_size=34,
                           color=kit.DIM_COLOR)
        note = kit.text(r"all three from the same $\partial E / \partial Y$ and the weights of "
                        r"the forward pass", font_size=28, color=kit.DIM_COLOR)
        columns = self.summary_columns(height=kit.TOP - kit.BOTTOM - heading.height
                                       - note.height - 2 * 0.6)
        place_between(VGroup(heading, columns, note).arrange(DOWN, buff=0.6),
                      kit.TOP, kit.BOTTOM)
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

    def summary_columns(self, height: float) -> VGroup:
        """The three gradients nn computed, each under its formula, side by side."""
        layer, columns = self.layer, VGroup()
        for tex, values, color in (
                (grad_of("W") + " = " + grad_of("Y") + " X^T", layer.grads["weights"],
                 kit.W_COLOR),
                (grad_of("B") + " = " + grad_of("Y"), kit.as_column(layer.grads["bias"]),
                 kit.B_COLOR),
                (grad_of("X") + " = W^T " + grad_of("Y"), kit.as_column(layer.input_gradient),
                 kit.X_COLOR)):
            matrix = kit.number_matrix(values, color, font_size=30)
            columns.add(VGroup(formula(tex, font_size=40), matrix).arrange(DOWN, buff=0.45))
        columns.arrange(RIGHT, buff=0.9, aligned_edge=UP)
        return fit(columns, width=kit.WIDTH, height=height)
