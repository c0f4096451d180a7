# Render: manim render scenes/dense_code.py        (add -ql while iterating)
"""Chapter 11, the Dense layer's code: nn.Dense's own forward and backward, line by line.

The code is read from the nn package at render time (whatever nn/dense.py holds now), and
lines are found by their content, never by number.  Each highlighted line is set beside
the formula it computes.  Then the original video's second error, fixed: backward only
fills the gradients and returns dE/dX computed with the forward pass's W; the optimizer
(its update read from nn's source too) changes the parameters afterwards.
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UL, UP, Create, FadeIn, FadeOut, Indicate, MathTex,
                   Transform, VGroup, Write, config)

import nn
from scenes import kit
from scenes.kit import (checked, fit, focus, formula, grad_of, make_optimizer, place_between,
                        precision, row_of, verdict)

WIDTH = config.frame_width - 1.0
BOTTOM = -config.frame_height / 2


def dense_source() -> tuple[str, int]:
    """forward and backward of nn.Dense as the video shows them, and backward's first line."""
    forward = kit.source_of(nn.Dense.forward)
    backward = kit.source_of(nn.Dense.backward)
    return forward + "\n" + backward, len(forward.splitlines()) + 1


def optimizer_source(optimizer: nn.Optimizer) -> str:
    """Optimizer.step (every parameter, after backward) and the story optimizer's update."""
    return kit.source_of(nn.Optimizer.step) + "\n" + kit.source_of(type(optimizer).update)


class DenseCode(kit.StoryScene):
    def construct(self) -> None:
        self.chapter("Dense layer code")
        self.layer = self.story.dense_steps[0]
        self.dense_lines()
        self.second_error()
        self.optimizer()

    def dense_lines(self) -> None:
        source, backward_start = dense_source()
        code = kit.code_block(source, font_size=20)
        fit(code, width=WIDTH, height=4.4)
        caption = kit.text(r"\texttt{nn/dense.py}, \texttt{class Dense(Layer)}",
                           font_size=28, color=kit.DIM_COLOR).to_corner(UL, buff=0.3)
        code.next_to(caption, DOWN, buff=0.2).set_x(0)
        self.shown["code"], self.shown["code_source"] = code, source
        self.code = code
        with self.narrate("This is the dense layer of the library, the class you import as "
                          "nn dot Dense, read straight from its source file: forward and "
                          "backward."):
            self.play(FadeIn(caption), run_time=0.6)
            self.play(FadeIn(code), run_time=1.5)

        steps = [
            (("self.input =",), 0, None,
             "Forward keeps its input: backward will need X."),
            (("# Y = W X + B", "W.T"), 0, "Y = W X + B",
             "Then it returns Y equals W X plus B. The library stores one sample per row, so "
             "the product is written X times W transpose; for each sample, as a column, it "
             "is W X plus B."),
            (("self.input", 'params["weights"]'), backward_start, None,
             "Backward first names the columns of dE/dY and of X, the input of the forward "
             "pass: one column per sample, as the formulas are written."),
            (('grads["weights"]', "# dE/dW"), backward_start,
             grad_of("W") + " = " + grad_of("Y") + " X^T",
             "The weights gradient: dE/dW equals dE/dY times X transpose. With a batch, this "
             "one product also sums over the samples."),
            (('grads["bias"]', "# dE/dB"), backward_start, grad_of("B") + " = " + grad_of("Y"),
             "The bias gradient is dE/dY itself, summed over the batch."),
            (("# dE/dX", "return"), backward_start, grad_of("X") + " = W^T " + grad_of("Y"),
             "And it returns dE/dX, W transpose times dE/dY, for the layer below: in rows, "
             "one per sample, that is dE/dY transpose times W."),
        ]
        box, shown_formula, self.shown["highlighted"] = None, None, []
        for needles, start, tex, text in steps:
            index = kit.line_number_of(source, *needles, start=start)
            self.shown["highlighted"].append(index)
            new_box = kit.highlight(code, index)
            new_formula = None
            if tex is not None:
                new_formula = formula(tex, 48)
                new_formula.next_to(code, DOWN, buff=0.7).set_x(0)
            with self.narrate(text, pause=0.3):
                animations = [Create(new_box) if box is None else Transform(box, new_box),
                              *focus(code, index)]
                if shown_formula is not None:
                    animations.append(FadeOut(shown_formula))
                if new_formula is not None:
                    animations.append(Write(new_formula))
                self.play(*animations, run_time=1.2)
            box = box or new_box
            shown_formula = new_formula
        try:        # an optional shortcut in backward, if nn has one
            skip = kit.line_number_of(source, "return None", start=backward_start)
        except ValueError:
            skip = None
        if skip is not None:
            condition = skip - 1 if source.splitlines()[skip - 1].strip().startswith("if ") \
                else skip
            with self.narrate("When nothing below needs dE/dX, as for the first layer, whose "
                              "input is the data, backward can skip computing it.", pause=0.3):
                self.play(Transform(box, kit.highlight(code, condition, skip)),
                          *focus(code, condition, skip), FadeOut(shown_formula), run_time=1.2)
            shown_formula = None
        self.box, self.caption = box, caption
        if shown_formula is not None:
            self.play(FadeOut(shown_formula), run_time=0.6)

    def second_error(self) -> None:
        code, box = self.code, self.box
        source = self.shown["code_source"]
        backward_start = dense_source()[1]
        whole = kit.highlight(code, backward_start, len(source.splitlines()) - 1)
        with self.narrate("Notice what backward does not do: it never changes W or B. It "
                          "only fills self dot grads, and returns dE/dX."):
            self.play(Transform(box, whole),
                      *focus(code, backward_start, len(source.splitlines()) - 1), run_time=1.2)

        W_before = self.layer.params_before["weights"]
        W_after = self.layer.params_after["weights"]
        dY = kit.as_column(self.layer.output_gradient)
        recorded = kit.as_column(self.layer.input_gradient)
        with_before = W_before.T @ dY                  # what backward must return
        with_after = W_after.T @ dY                    # the original video's order

        self.play(FadeOut(VGroup(code, box, self.caption)), run_time=0.8)
        wrong = VGroup(kit.text("The original video, inside backward:", font_size=30),
                       formula(r"1.\; W \leftarrow W - \alpha " + grad_of("W"), font_size=36),
                       formula(r"2.\; " + grad_of("X") + " = W^T " + grad_of("Y"), font_size=36))
        wrong.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        right = VGroup(kit.text(r"Here: \texttt{backward}, then the optimizer", font_size=30),
                       formula(r"1.\; " + grad_of("X") + " = W^T " + grad_of("Y"), font_size=36),
                       formula(r"2.\; W \leftarrow W - \alpha " + grad_of("W"), font_size=36))
        right.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        panels = VGroup(wrong, right).arrange(RIGHT, buff=1.2, aligned_edge=UP)
        fit(panels, width=WIDTH).to_edge(UP, buff=0.4)
        cross = MathTex(r"\times", font_size=48, color=kit.E_COLOR).next_to(wrong[2], RIGHT)
        tick = verdict(True, 44).next_to(right[1], RIGHT)
        with self.narrate("The original video updated the weights right there, inside "
                          "backward, and only then computed dE/dX: "
                          '<bookmark mark="new"/>with the new weights, not the ones that '
                          "produced the output.") as line:
            self.play(FadeIn(wrong), run_time=1.5)
            line.wait_until("new")
            self.play(Indicate(wrong[1]), run_time=1.0)
            self.play(Write(cross), run_time=0.6)
        with self.narrate("Here dE/dX uses the weights of the forward pass, and the update "
                          '<bookmark mark="after"/>comes after, from the optimizer.') as line:
            self.play(FadeIn(right), run_time=1.5)
            line.wait_until("after")
            self.play(Write(tick), run_time=0.6)

        d = precision(recorded, with_after)
        good = kit.number_matrix(recorded, kit.X_COLOR, d, font_size=28)
        bad = kit.number_matrix(with_after, kit.X_COLOR, d, font_size=28)
        numbers = VGroup(
            row_of((bad, grad_of("X")), verdict(np.allclose(with_after, recorded), 40),
                         label_size=34),
            row_of((good, grad_of("X")), verdict(np.allclose(with_before, recorded), 40),
                         label_size=34))
        notes = VGroup(kit.text("with the updated $W$", font_size=26, color=kit.DIM_COLOR),
                       kit.text(r"with the forward $W$: what \texttt{nn} returned",
                                font_size=26, color=kit.DIM_COLOR))
        for group, note, panel in zip(numbers, notes, panels):
            group.next_to(panel, DOWN, buff=0.6).set_x(panel.get_x())
            note.next_to(group, DOWN, buff=0.2)
        fit(VGroup(numbers, notes), height=panels.get_bottom()[1] - BOTTOM - 0.4)
        self.shown.update(dX_updated_W=bad, dX_forward_W=good)
        with self.narrate("On our recorded step the difference is real: the two orders give "
                          "different input gradients, and only "
                          '<bookmark mark="true"/>the forward pass\'s weights give the true '
                          "one, the one nn returned.", pause=kit.PAUSE) as line:
            self.play(FadeIn(numbers[0]), FadeIn(notes[0]), run_time=1.2)
            line.wait_until("true")
            self.play(FadeIn(numbers[1]), FadeIn(notes[1]), run_time=1.2)
        self.clear_all()

    def optimizer(self) -> None:
        optimizer = make_optimizer(self.story.config)
        source = optimizer_source(optimizer)
        code = kit.code_block(source)
        fit(code, width=WIDTH, height=3.6)
        name = type(optimizer).__name__
        caption = kit.text(rf"\texttt{{nn/optimizers.py}}: \texttt{{Optimizer.step}}, "
                           rf"\texttt{{{name}.update}}", font_size=28, color=kit.DIM_COLOR)
        caption.to_corner(UL, buff=0.3)
        code.next_to(caption, DOWN, buff=0.2).set_x(0)
        self.shown["optimizer_code"], self.shown["optimizer_source"] = code, source
        with self.narrate("The parameters change in the optimizer, once the whole backward "
                          "pass is done. Its step goes over every layer's parameters with "
                          "their gradients."):
            self.play(FadeIn(caption), FadeIn(code), run_time=1.5)
            loop = kit.line_number_of(source, "self.update(")
            box = kit.highlight(code, loop)
            self.play(Create(box), *focus(code, loop), run_time=0.8)
        update_line = kit.line_number_of(source, "param -=", start=len(
            kit.source_of(nn.Optimizer.step).splitlines()) + 1)
        self.shown["optimizer_highlighted"] = update_line
        rule = formula(r"W \leftarrow W - \alpha " + grad_of("W"), font_size=44)
        rate = self.story.config.learning_rate
        rule_rate = kit.text(rf"$\alpha = {rate:g}$", font_size=34, color=kit.RATE_COLOR)
        VGroup(rule, rule_rate).arrange(RIGHT, buff=0.6).next_to(code, DOWN, buff=0.45).set_x(0)
        plain = isinstance(optimizer, nn.SGD) and not optimizer.momentum
        text = ("Plain gradient descent subtracts the learning rate times the gradient."
                if plain else f"{name} computes its own step from the gradients, then "
                "subtracts it.")
        with self.narrate(text):
            self.play(Transform(box, kit.highlight(code, update_line)),
                      *focus(code, update_line), run_time=1.0)
            if plain:
                self.play(Write(rule), FadeIn(rule_rate), run_time=1.2)
        if not plain:
            self.wait(kit.PAUSE)
            return
        W = self.layer.params_before["weights"]
        dW = self.layer.grads["weights"]
        after = self.layer.params_after["weights"]
        computed = W - rate * dW                      # the update, worked out on screen
        self.play(FadeOut(VGroup(code, box, caption, rule_rate)),
                  rule.animate.to_edge(UP, buff=0.4), run_time=1.0)
        tag = kit.text(rf"first Dense layer, our recorded step, $\alpha = {rate:g}$",
                       font_size=26, color=kit.DIM_COLOR).next_to(rule, DOWN, buff=0.25)
        font = 28
        d = precision(rate * dW)        # enough to see the step itself
        new = kit.number_matrix(computed, kit.W_COLOR, d, font_size=font)
        old = kit.number_matrix(W, kit.W_COLOR, d, font_size=font)
        grad = kit.number_matrix(dW, kit.W_COLOR, font_size=font)
        recorded = kit.number_matrix(after, kit.W_COLOR, d, font_size=font)
        row = checked((new, r"W_{\text{new}}"),
                      [(old, "W"), MathTex("-", font_size=36),
                       kit.text(f"${rate:g}$", font_size=34, color=kit.RATE_COLOR),
                       (grad, grad_of("W"))],
                      recorded, r'\texttt{layer.params["weights"]}\text{, after}',
                      np.allclose(computed, after), label_size=34, stacked=True)
        place_between(row, tag.get_bottom()[1] - 0.3, BOTTOM + 0.4)
        self.shown.update(W_new=new, W_old=old, dW_step=grad, W_after_nn=recorded)
        r = row.row
        with self.narrate("On our step: the forward pass's weights, minus the learning rate "
                          "times the weights gradient..."):
            self.play(FadeIn(tag), FadeIn(r[2:]), FadeIn(row.labels[1:]), run_time=1.5)
        with self.narrate("...give exactly the weights "
                          '<bookmark mark="held"/>the library holds after the step. '
                          "Forward, backward, then update: each gradient used the weights "
                          "that produced the output.", pause=kit.PAUSE * 2) as line:
            self.play(FadeIn(r[:2]), FadeIn(row.labels[0]), run_time=1.2)
            line.wait_until("held")
            self.play(FadeIn(row.recorded), run_time=1.2)
