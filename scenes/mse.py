# Render: manim render scenes/mse.py MeanSquaredError
"""Chapter 15: the mean squared error, E = 1/n sum (y*_i - y_i)^2, and dE/dY = 2/n (Y - Y*).

The numbers are the story's whole data set as one batch (story.batch_step): its targets
Y*, the fresh network's outputs Y (one column of n entries), nn's loss E and nn's
loss_gradient dE/dY.  Long columns (200 samples) show their first rows and an ellipsis;
E is still nn's value over all of them.  The chapter ends where backpropagation starts:
this dE/dY is what the network's last layer receives in backward.
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, YELLOW, Arrow, Circumscribe, Create, DecimalNumber,
                   FadeIn, FadeOut, GrowArrow, Indicate, Integer, MoveToTarget,
                   ReplacementTransform, Succession, SurroundingRectangle, Text,
                   TransformMatchingTex, VGroup, Write)

import nn
from scenes import kit
from scenes.kit import (CODE_FONT, chain, class_excerpt, fade_in, fade_out, head_matrix,
                        layer_block, precision)

MAX_ROWS = 4          # rows of a long column shown before the ellipsis
E_DECIMALS = 4        # E is nn's loss to the digit (DecimalNumber.number is the exact loss)
ERROR_GAP = 0.8       # between the columns and E = ...
NETWORK_Y = 1.6       # the network's row, with room below it for the gradient's way back
X_GAP = 0.2           # between X and the first block
CALL_GAP = 0.25       # between dE/dY and the backward call under it


def grad_tex(symbol: str) -> str:
    """dE/d(symbol) as a {{ }} piece of a kit.formula."""
    return r" {{ " + kit.grad_of(symbol) + r" }} "


# E, =, 1/n, (space), the sum, (, y*_i, -, y_i, )^2: each piece can be pointed at.
ERROR_TEX = r"{{E}} = {{\frac{1}{n}}} {{\sum_{i=1}^{n}}} ( {{y^*_i}} - {{y_i}} )^2"
GRADIENT_TEX = grad_tex("Y") + r"= \frac{2}{n} ( {{Y}} - {{Y^*}} )"


def piece_index(formula, tex: str) -> int:
    """Where the {{ }} piece ``tex`` of a kit.formula is (kit.part_of), to cut it there."""
    return formula.submobjects.index(kit.part_of(formula, tex))


def column_matrix(values: np.ndarray, color, decimals: int | None = None,
                  font_size: float = 28):
    """A sample-per-row column of real numbers, cut to MAX_ROWS rows and an ellipsis."""
    column = kit.as_column(values)
    if decimals is None:
        decimals = precision(column, rows=MAX_ROWS)
    return head_matrix(column, MAX_ROWS, color, decimals, font_size)


class MeanSquaredError(kit.StoryScene):
    def construct(self) -> None:
        self.batch = self.story.batch_step
        self.n = self.batch.y_pred.size           # nn.MSE averages over every element
        self.chapter("Mean squared error")
        self.definition()
        self.derivation()
        self.real_numbers()
        self.loss_code()
        self.into_the_network()

    # -- symbols ------------------------------------------------------------------------

    def definition(self) -> None:
        formula = kit.formula(ERROR_TEX, font_size=56)
        error, mean, total, target, output = (formula[k] for k in (0, 2, 4, 6, 8))
        rest = VGroup(formula[1], formula[5], formula[7], formula[9])
        said = ('Every forward pass ends with <bookmark mark="E"/>an error E, one number that '
                'says how far the network\'s outputs <bookmark mark="Y"/>Y are from the desired '
                'outputs <bookmark mark="target"/>Y*. The video\'s choice, and ours, is '
                '<bookmark mark="mse"/>the mean squared error.')
        with self.narrate(said) as line:
            for mark, part in (("E", error), ("Y", output), ("target", target)):
                line.wait_until(mark)
                self.play(FadeIn(part, scale=1.2), run_time=0.5)
            line.wait_until("mse")
            self.play(Write(VGroup(mean, total, rest)), run_time=1.1)
        with self.narrate('Square each difference between desired and actual output, '
                          '<bookmark mark="add"/>add them up, and <bookmark mark="divide"/>divide '
                          'by n, the number of outputs: here one per sample of the '
                          'batch.') as line:
            self.play(Indicate(formula[5:]), run_time=1.0)
            line.wait_until("add")
            self.play(Indicate(total), run_time=0.8)
            line.wait_until("divide")
            self.play(Indicate(mean), run_time=0.8)
        self.formula = formula

    def derivation(self) -> None:
        step1 = kit.formula(grad_tex("y_i") + r"= \frac{1}{n} \frac{\partial}{\partial y_i} "
                         r"{{(}} {{y^*_i}} - {{y_i}} )^2", font_size=46)
        term = step1[piece_index(step1, "("):]             # the one term that holds y_i
        step2 = kit.formula(grad_tex("y_i") + r"= \frac{1}{n} \cdot 2 ( {{y^*_i}} - {{y_i}} )"
                         r" \cdot (-1)", font_size=46)
        step3 = kit.formula(grad_tex("y_i") + r"= \frac{2}{n} ( {{y_i}} - {{y^*_i}} )",
                         font_size=46)
        with self.narrate('Backpropagation starts from <bookmark mark="grad"/>dE/dY, the '
                          'derivative of E with respect to each output y_i. <bookmark mark="one"/>'
                          'Only one term of the sum contains y_i.') as line:
            self.play(self.formula.animate.scale(0.75).to_edge(UP, buff=0.5), run_time=0.8)
            for step in (step1, step2, step3):
                step.next_to(self.formula, DOWN, buff=0.6)
            line.wait_until("grad")
            self.play(Write(step1), run_time=1.5)
            line.wait_until("one")
            self.play(Circumscribe(term, color=YELLOW), run_time=1.0)
        with self.narrate('The chain rule: <bookmark mark="twice"/>twice the difference, times the '
                          'derivative of what is inside, which is minus one.') as line:
            line.wait_until("twice")
            self.play(TransformMatchingTex(step1, step2), run_time=1.2)
        with self.narrate("Tidy up the sign."):
            self.play(TransformMatchingTex(step2, step3), run_time=1.2)

        column = kit.formula(
            grad_tex("Y") + r"= \begin{bmatrix}" + grad_tex("y_1") + r"\\ \vdots \\"
            + grad_tex("y_n") + r"\end{bmatrix} = \frac{2}{n} \begin{bmatrix} {{y_1}} - "
            r"{{y^*_1}} \\ \vdots \\ {{y_n}} - {{y^*_n}} \end{bmatrix} {{= \frac{2}{n} (}} "
            r"{{Y}} - {{Y^*}} )", font_size=40).next_to(step3, DOWN, buff=0.6)
        split = piece_index(column, r"= \frac{2}{n} (")
        stacked, compact = column[:split], column[split:]       # the columns, then 2/n (Y - Y*)
        with self.narrate('Stack every output in a column, and the whole gradient fits in one '
                          'line: <bookmark mark="compact"/>two over n, times Y minus Y*.') as line:
            self.play(Write(stacked), run_time=2.0)
            line.wait_until("compact")
            self.play(Write(compact), run_time=1.2)
        final = kit.formula(GRADIENT_TEX, font_size=52).to_edge(DOWN, buff=0.5)
        frame = SurroundingRectangle(final, color=YELLOW, buff=0.2)
        with self.narrate("This is the gradient that starts the backward pass.", pause=1.0):
            self.play(FadeIn(final, shift=DOWN * 0.3), Create(frame), run_time=1.2)
        self.clear_all()

    # -- the story's numbers ------------------------------------------------------------

    def column(self, label_tex: str, values: np.ndarray, color,
               decimals: int | None = None) -> VGroup:
        label = kit.formula(label_tex, font_size=36)
        matrix = column_matrix(values, color, decimals)
        group = VGroup(label, matrix).arrange(DOWN, buff=0.25)
        group.matrix = matrix
        return group

    def real_numbers(self) -> None:
        where, n_group = self.batch_heading()
        target, output, squares = self.batch_columns(n_group)
        self.show_the_batch(where, n_group, output, target)
        error = self.show_the_error(squares)
        self.show_the_gradient(squares, error)
        self.clear_all()

    def batch_heading(self) -> tuple[VGroup, VGroup]:
        """Which numbers these are (the whole data set as one batch), and n."""
        samples = len(self.batch.y_true)
        where = kit.text(
            rf"all {samples} samples of {kit.tt(self.story.config.dataset)} as one batch"
            + (rf", first {MAX_ROWS} rows shown" if self.n > MAX_ROWS else ""),
            font_size=28, color=kit.DIM_COLOR).to_edge(UP, buff=0.35)
        n_label = kit.formula("n =", font_size=36)
        n_value = Integer(self.n, font_size=36).next_to(n_label, RIGHT, buff=0.15)
        n_group = VGroup(n_label, n_value).next_to(where, DOWN, buff=0.25)
        self.shown["n"] = n_value
        return where, n_group

    def batch_columns(self, heading) -> VGroup:
        """Y*, Y and the squared differences, side by side at the left, under ``heading``."""
        batch = self.batch
        target = self.column("Y^*", batch.y_true, kit.TARGET_COLOR, precision(batch.y_true))
        output = self.column("Y", batch.y_pred, kit.Y_COLOR)
        squares = self.column(r"( {{Y^*}} - {{Y}} )^2", (batch.y_true - batch.y_pred) ** 2,
                              kit.TEXT_COLOR)
        columns = VGroup(target, output, squares).arrange(RIGHT, buff=0.7, aligned_edge=DOWN)
        kit.place_between(columns, heading.get_bottom()[1], kit.BOTTOM)
        columns.to_edge(LEFT, buff=1.0)
        self.shown["target"] = target.matrix
        self.shown["output"] = output.matrix
        self.shown["squares"] = squares.matrix
        return columns

    def show_the_batch(self, where, n_group, output, target) -> None:
        samples = len(self.batch.y_true)
        said = (f'Now the story\'s numbers. <bookmark mark="all"/>All {samples} samples of the '
                f'data set go through the fresh network as one batch, so <bookmark mark="Y"/>its '
                f'output Y is a column of n = {self.n} values, beside <bookmark mark="target"/>'
                f'the desired Y*.')
        if self.n > MAX_ROWS:
            said += (f" Only the first {MAX_ROWS} rows fit on screen; everything is still "
                     f"computed over all {self.n}.")
        with self.narrate(said) as line:
            line.wait_until("all")
            self.play(FadeIn(where), run_time=0.8)
            line.wait_until("Y")
            self.play(FadeIn(output), FadeIn(n_group), run_time=0.8)
            line.wait_until("target")
            self.play(FadeIn(target), run_time=0.8)

    def show_the_error(self, squares) -> VGroup:
        """The squares, then E = ... = nn's loss, right of the columns; returns E's line."""
        error_formula = kit.formula(ERROR_TEX + " =", font_size=40)
        error_value = DecimalNumber(self.batch.loss, num_decimal_places=E_DECIMALS,
                                    font_size=40, color=kit.E_COLOR)
        error = VGroup(error_formula, error_value).arrange(RIGHT, buff=0.2)
        room = kit.WIDTH / 2 - (squares.get_right()[0] + ERROR_GAP)
        kit.fit(error, width=room).next_to(squares, RIGHT, buff=ERROR_GAP)
        error.match_y(squares.matrix)
        self.shown["E"] = error_value
        with self.narrate('Square the differences, row by row, and <bookmark mark="average"/>'
                          'average them: that is <bookmark mark="E"/>E, the very number nn\'s MSE '
                          'loss returned for this batch.', pause=1.0) as line:
            self.play(FadeIn(squares, shift=RIGHT * 0.3), run_time=1.0)
            line.wait_until("average")
            self.play(Write(error_formula), run_time=1.2)
            line.wait_until("E")
            self.play(FadeIn(error_value, scale=1.3), run_time=0.6)
        return error

    def show_the_gradient(self, squares, error) -> None:
        """dE/dY = 2/n (Y - Y*) takes the place of the squares; E stays, smaller."""
        gradient = self.column(kit.grad_of("Y"), self.batch.loss_gradient, kit.Y_COLOR)
        self.shown["dE_dY"] = gradient.matrix
        gradient.move_to(squares, aligned_edge=DOWN)
        rule = kit.formula(r"= \frac{2}{n} ( {{Y}} - {{Y^*}} )", font_size=36)
        rule.next_to(gradient[0], RIGHT, buff=0.2)
        error.generate_target()             # E stays, smaller, where the gradient leaves room
        error.target.scale(0.8).to_edge(RIGHT, buff=0.4).match_y(gradient.matrix)
        if error.target.get_left()[0] < rule.get_right()[0] + 0.4:
            error.target.next_to(gradient, DOWN, buff=0.3).to_edge(RIGHT, buff=0.4)
        with self.narrate('And the gradient, <bookmark mark="gradient"/>two over n times Y minus '
                          'Y*, row by row: the numbers nn\'s loss gradient returned.',
                          pause=1.0) as line:
            self.play(FadeOut(squares), MoveToTarget(error), run_time=0.6)
            line.wait_until("gradient")
            self.play(FadeIn(gradient, shift=RIGHT * 0.3), FadeIn(rule, shift=RIGHT * 0.3),
                      run_time=1.0)

    def loss_code(self) -> None:
        excerpt = class_excerpt(nn.MSE, ["__call__", "gradient"])
        code = kit.fit(kit.code_block(excerpt.text, font_size=22), width=kit.WIDTH)
        formulas = VGroup(kit.formula(ERROR_TEX, font_size=40),
                          kit.formula(GRADIENT_TEX, font_size=40))
        formulas.arrange(RIGHT, buff=1.2).next_to(code, DOWN, buff=0.6)
        kit.place_between(VGroup(code, formulas), kit.TOP, kit.BOTTOM)
        frame = kit.highlight(code, *excerpt.lines["__call__"])
        other = kit.highlight(code, *excerpt.lines["gradient"])
        with self.narrate('In nn the loss is a small class: <bookmark mark="call"/>calling it '
                          'gives E, one line of code for the formula...') as line:
            self.play(*fade_in(code), run_time=0.8)
            line.wait_until("call")
            self.play(Create(frame), FadeIn(formulas[0]), run_time=0.8)
        with self.narrate('...and <bookmark mark="gradient"/>its gradient method gives dE/dY. It '
                          'divides by <bookmark mark="size"/>y_pred.size, the number of outputs n: '
                          'averaging over the batch puts that one over n into every gradient that '
                          'follows.', pause=1.0) as line:
            line.wait_until("gradient")
            self.play(frame.animate.become(other), FadeIn(formulas[1]), run_time=0.8)
            line.wait_until("size")
            self.play(Indicate(kit.part_of(formulas[1], r"= \frac{2}{n} (")), run_time=1.0)
        self.play(*fade_out(code, frame), FadeOut(formulas), run_time=0.6)

    # -- closing the loop ---------------------------------------------------------------

    def network(self) -> VGroup:
        """The story network's layers as blocks (kit.blocks, as in chapter 4), then the loss;
        X entering at the left.  The row, fitted to the frame, is returned with .x_label."""
        blocks = [layer_block(r.kind, r.kind, subtitle=f"{r.input.shape[1]} -> "
                                                       f"{r.output.shape[1]}",
                              font_size=24, height=1.05)
                  for r in self.batch.layers]
        loss = layer_block(nn.MSE.__name__, "loss", subtitle="E", font_size=24,
                           height=1.05)
        loss.frame.set_stroke(kit.E_COLOR)
        loss.label[1].set_color(kit.E_COLOR)
        x_label = kit.formula("X", font_size=34)
        row = chain(blocks + [loss], buff=0.5)
        kit.fit(row, width=kit.WIDTH - x_label.width - X_GAP)
        x_label.next_to(row.items[0], LEFT, buff=X_GAP)
        VGroup(x_label, row).move_to(UP * NETWORK_Y)
        row.x_label = x_label
        return row

    def into_the_network(self) -> None:
        row = self.network()
        network = self.show_the_network(row)
        handed = self.hand_the_gradient_over(row.items)
        flows = self.follow_the_chain_back(row.items)
        self.show_the_hand_over_in_code(network, VGroup(handed, flows))

    def show_the_network(self, row: VGroup) -> VGroup:
        """The network, then the loss at its end with the target Y* coming in."""
        blocks, arrows = row.items, row.arrows
        y_label = kit.formula("Y", font_size=30).next_to(arrows[-1], UP, buff=0.1)
        target = kit.formula("Y^*", font_size=30).next_to(blocks[-1], UP, buff=0.45)
        target_arrow = Arrow(target.get_bottom(), blocks[-1].get_top(), buff=0.05,
                             color=kit.TARGET_COLOR, stroke_width=3,
                             max_tip_length_to_length_ratio=0.3)
        with self.narrate('Which answers a question the original left open: how does the output '
                          'gradient get into backward? <bookmark mark="network"/>Here is the whole '
                          'story network, <bookmark mark="loss"/>with the loss at its '
                          'end.') as line:
            line.wait_until("network")
            self.play(FadeIn(row.x_label), *(FadeIn(b) for b in blocks[:-1]),
                      *(GrowArrow(a) for a in arrows[:-1]), run_time=1.0)
            line.wait_until("loss")
            self.play(FadeIn(blocks[-1]), GrowArrow(arrows[-1]), FadeIn(y_label), FadeIn(target),
                      GrowArrow(target_arrow), run_time=1.0)
        return VGroup(row, row.x_label, y_label, target, target_arrow)

    def hand_the_gradient_over(self, blocks) -> VGroup:
        """dE/dY from the loss back into the last layer: layers[L].backward(dE/dY)."""
        last = self.batch.layers[-1]
        back = Arrow(blocks[-1].get_bottom() + LEFT * 0.2, blocks[-2].get_bottom() + RIGHT * 0.2,
                     buff=0.1, color=kit.Y_COLOR, stroke_width=4, path_arc=-1.2,
                     max_tip_length_to_length_ratio=0.15)
        label = kit.formula(kit.grad_of("Y"), font_size=30).next_to(back, DOWN, buff=0.1)
        received = column_matrix(last.output_gradient, kit.Y_COLOR, font_size=24)
        call = Text(f"layers[{last.index}].backward(", font=CODE_FONT, font_size=22)
        close = Text(")", font=CODE_FONT, font_size=22)
        call_line = VGroup(call, received, close).arrange(RIGHT, buff=0.15)
        kit.fit(call_line, width=kit.WIDTH,
                height=label.get_bottom()[1] - CALL_GAP - kit.BOTTOM)
        kit.keep_inside(call_line.next_to(label, DOWN, buff=CALL_GAP))
        self.shown["received"] = received
        with self.narrate(f'The loss hands <bookmark mark="grad"/>dE/dY to the network\'s last '
                          f'layer, <bookmark mark="call"/>layers[{last.index}], as the output '
                          f'gradient of its backward. It is the same array: <bookmark mark="same"/>'
                          f'nn recorded exactly these numbers arriving there.', pause=1.0) as line:
            line.wait_until("grad")
            self.play(Create(back), FadeIn(label), run_time=1.0)
            line.wait_until("call")
            self.play(ReplacementTransform(label.copy(), received), FadeIn(call), FadeIn(close),
                      run_time=1.0)
            line.wait_until("same")
            self.play(Indicate(received, color=YELLOW), run_time=1.0)
        return VGroup(back, label, call_line)

    def follow_the_chain_back(self, blocks) -> VGroup:
        """dE/dX from each layer's backward to the layer before it, back to the input."""
        flows = VGroup(*(Arrow(b.get_bottom() + LEFT * 0.15, a.get_bottom() + RIGHT * 0.15,
                               buff=0.1, color=kit.X_COLOR, stroke_width=3, path_arc=-1.2,
                               max_tip_length_to_length_ratio=0.2)
                         for a, b in zip(blocks[:-2], blocks[1:-1])))
        with self.narrate('From there each layer\'s backward returns dE/dX, which is dE/dY for '
                          'the layer before it, all the way back to <bookmark mark="input"/>the '
                          'input: the chain of the previous chapters.') as line:
            # one arrow after the other, the last reaching the input as the voice does
            span = max(1.0, line.time_of("input") - line.elapsed())
            self.play(Succession(*(Create(flow) for flow in reversed(flows))), run_time=span)
        return flows

    def show_the_hand_over_in_code(self, network: VGroup, arrows: VGroup) -> None:
        """The network moves up and the model's training step comes in below it, its
        backward-of-the-loss-gradient line framed."""
        source = kit.source_of(nn.Sequential.train_step)
        code = kit.code_block(source, font_size=20)
        handover = kit.line_number_of(source, "self.backward(loss.gradient")
        with self.narrate('In code, that hand-over is <bookmark mark="line"/>one line of the '
                          'model\'s training step: backward of the loss gradient. The optimizer '
                          'changes the weights only afterwards.', pause=1.5) as line:
            self.play(FadeOut(arrows), network.animate.scale(0.8).to_edge(UP, buff=0.3),
                      run_time=0.8)
            kit.place_between(code, network.get_bottom()[1], kit.BOTTOM, width=kit.WIDTH)
            self.play(*fade_in(code), run_time=0.6)
            highlight = kit.highlight(code, handover)
            line.wait_until("line")
            self.play(Create(highlight), run_time=0.8)
        self.play(*fade_out(code, highlight), FadeOut(network), run_time=0.6)
