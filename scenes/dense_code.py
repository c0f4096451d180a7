# Render: manim render scenes/dense_code.py        (add -ql while iterating)
"""Chapter 11, the Dense layer's code: nn.Dense's own forward and backward, line by line.

The code is read from the nn package at render time (whatever nn/dense.py holds now), and
lines are found by their content, never by number.  Each highlighted line is set beside
the formula it computes.  Then the original video's second error, fixed: backward only
fills the gradients and returns dE/dX computed with the forward pass's W; the optimizer
(its update read from nn's source too) changes the parameters afterwards.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UL, UP, Create, FadeIn, FadeOut, Indicate, MathTex,
                   Transform, VGroup, Write)

import nn
from scenes import kit
from scenes.kit import (checked, fit, focus, formula, grad_of, make_optimizer, place_between,
                        precision, row_of, verdict)

FORMULA_GAP = 0.7        # between a listing and the formula of its highlighted line


def dense_source() -> tuple[str, int]:
    """forward and backward of nn.Dense as the video shows them, and backward's first line."""
    forward = kit.source_of(nn.Dense.forward)
    backward = kit.source_of(nn.Dense.backward)
    return forward + "\n" + backward, len(forward.splitlines()) + 1


def optimizer_source(optimizer: nn.Optimizer) -> str:
    """Optimizer.step (every parameter, after backward) and the story optimizer's update."""
    return kit.source_of(nn.Optimizer.step) + "\n" + kit.source_of(type(optimizer).update)


def dense_steps(backward_start: int) -> list[tuple[tuple[str, ...], int, str | None, str]]:
    """The lines read one by one: (needles that find the line, the line the search starts
    from, the formula it computes or None, the narration)."""
    return [
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


def code_under(caption, source: str, room: float, font_size: float | None = None):
    """A listing of ``source`` under ``caption``, fitted to leave ``room`` at the bottom."""
    code = kit.code_block(source) if font_size is None else kit.code_block(source, font_size)
    fit(code, width=kit.WIDTH, height=caption.get_bottom()[1] - 0.2 - room - kit.BOTTOM)
    return code.next_to(caption, DOWN, buff=0.2).set_x(0)


def caption_of(tex: str):
    return kit.text(tex, font_size=28, color=kit.DIM_COLOR).to_corner(UL, buff=0.3)


class DenseCode(kit.StoryScene):
    def construct(self) -> None:
        self.chapter("Dense layer code")
        self.layer = self.story.dense_steps[0]
        self.dense_lines()
        self.second_error()
        self.optimizer()

    # -- nn.Dense, line by line ----------------------------------------------------------
    def dense_lines(self) -> None:
        source, backward_start = dense_source()
        steps = [(needles, start, None if tex is None else formula(tex, font_size=48), text)
                 for needles, start, tex, text in dense_steps(backward_start)]
        room = max(f.height for _, _, f, _ in steps if f is not None) + FORMULA_GAP
        self.show_the_dense_code(source, room)
        box, shown_formula = self.read_line_by_line(source, steps)
        box, shown_formula = self.the_shortcut(source, backward_start, box, shown_formula)
        self.box = box
        if shown_formula is not None:
            self.play(FadeOut(shown_formula), run_time=0.6)

    def show_the_dense_code(self, source: str, room: float) -> None:
        self.caption = caption_of(r"\texttt{nn/dense.py}, \texttt{class Dense(Layer)}")
        self.code = code_under(self.caption, source, room, font_size=20)
        self.shown["code"], self.shown["code_source"] = self.code, source
        with self.narrate("This is the dense layer of the library, the class you import as "
                          "nn dot Dense, read straight from its source file: forward and "
                          "backward."):
            self.play(FadeIn(self.caption), run_time=0.6)
            self.play(FadeIn(self.code), run_time=1.5)

    def read_line_by_line(self, source: str, steps: list) -> tuple:
        """Each step's line highlighted and brought forward, its formula under the code.
        Returns the highlight box and the formula still shown (or None)."""
        code = self.code
        box, shown_formula, self.shown["highlighted"] = None, None, []
        for needles, start, new_formula, text in steps:
            index = kit.line_number_of(source, *needles, start=start)
            self.shown["highlighted"].append(index)
            new_box = kit.highlight(code, index)
            if new_formula is not None:
                new_formula.next_to(code, DOWN, buff=FORMULA_GAP).set_x(0)
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
        return box, shown_formula

    def the_shortcut(self, source: str, backward_start: int, box, shown_formula) -> tuple:
        """An optional shortcut in backward (skip dE/dX when nothing needs it), if nn has
        one.  Returns the box and the formula still shown."""
        try:
            skip = kit.line_number_of(source, "return None", start=backward_start)
        except ValueError:
            return box, shown_formula
        condition = skip - 1 if source.splitlines()[skip - 1].strip().startswith("if ") \
            else skip
        with self.narrate("When nothing below needs dE/dX, as for the first layer, whose "
                          "input is the data, backward can skip computing it.", pause=0.3):
            self.play(Transform(box, kit.highlight(self.code, condition, skip)),
                      *focus(self.code, condition, skip), FadeOut(shown_formula), run_time=1.2)
        return box, None

    # -- the original video's second error -------------------------------------------------
    def second_error(self) -> None:
        self.backward_changes_nothing()
        self.play(FadeOut(VGroup(self.code, self.box, self.caption)), run_time=0.8)
        panels = self.two_orders()
        self.compare_the_orders(panels)
        self.clear_all()

    def backward_changes_nothing(self) -> None:
        code, source = self.code, self.shown["code_source"]
        backward_start, last = dense_source()[1], len(source.splitlines()) - 1
        with self.narrate("Notice what backward does not do: it never changes W or B. It "
                          "only fills self dot grads, and returns dE/dX."):
            self.play(Transform(self.box, kit.highlight(code, backward_start, last)),
                      *focus(code, backward_start, last), run_time=1.2)

    def two_orders(self) -> VGroup:
        """The video's order (update, then dE/dX) crossed, beside ours (dE/dX, then the
        optimizer's update) ticked."""
        wrong = VGroup(kit.text("The original video, inside backward:", font_size=30),
                       formula(r"1.\; W \leftarrow W - \alpha " + grad_of("W"), font_size=36),
                       formula(r"2.\; " + grad_of("X") + " = W^T " + grad_of("Y"), font_size=36))
        wrong.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        right = VGroup(kit.text(r"Here: \texttt{backward}, then the optimizer", font_size=30),
                       formula(r"1.\; " + grad_of("X") + " = W^T " + grad_of("Y"), font_size=36),
                       formula(r"2.\; W \leftarrow W - \alpha " + grad_of("W"), font_size=36))
        right.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        panels = VGroup(wrong, right).arrange(RIGHT, buff=1.2, aligned_edge=UP)
        fit(panels, width=kit.WIDTH).to_edge(UP, buff=0.4)
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
        return panels

    def both_input_gradients(self, panels: VGroup) -> tuple[VGroup, VGroup]:
        """dE/dX with the updated W (wrong) and with the forward W (nn's), each under its
        panel, with a note: (numbers, notes)."""
        W_before = self.layer.params_before["weights"]
        W_after = self.layer.params_after["weights"]
        dY = kit.as_column(self.layer.output_gradient)
        recorded = kit.as_column(self.layer.input_gradient)
        with_before = W_before.T @ dY                  # what backward must return
        with_after = W_after.T @ dY                    # the original video's order
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
        fit(VGroup(numbers, notes), height=panels.get_bottom()[1] - kit.BOTTOM)
        self.shown.update(dX_updated_W=bad, dX_forward_W=good)
        return numbers, notes

    def compare_the_orders(self, panels: VGroup) -> None:
        numbers, notes = self.both_input_gradients(panels)
        with self.narrate("On our recorded step the difference is real: the two orders give "
                          "different input gradients, and only "
                          '<bookmark mark="true"/>the forward pass\'s weights give the true '
                          "one, the one nn returned.", pause=kit.PAUSE) as line:
            self.play(FadeIn(numbers[0]), FadeIn(notes[0]), run_time=1.2)
            line.wait_until("true")
            self.play(FadeIn(numbers[1]), FadeIn(notes[1]), run_time=1.2)

    # -- the optimizer changes the weights -------------------------------------------------
    def optimizer(self) -> None:
        optimizer = make_optimizer(self.story.config)
        plain = isinstance(optimizer, nn.SGD) and not optimizer.momentum
        o = self.optimizer_listing(optimizer)
        self.show_the_step_loop(o)
        self.show_the_update(o, optimizer, plain)
        if not plain:
            self.wait(kit.PAUSE)
            return
        self.update_with_numbers(o)

    def optimizer_listing(self, optimizer: nn.Optimizer) -> SimpleNamespace:
        """Optimizer.step and the update, captioned, with the rule W <- W - alpha dE/dW and
        the learning rate under them."""
        source = optimizer_source(optimizer)
        rate = self.story.config.learning_rate
        o = SimpleNamespace(source=source, rate=rate, name=type(optimizer).__name__)
        o.rule = formula(r"W \leftarrow W - \alpha " + grad_of("W"), font_size=44)
        o.rule_rate = kit.text(rf"$\alpha = {rate:g}$", font_size=34, color=kit.RATE_COLOR)
        rules = VGroup(o.rule, o.rule_rate).arrange(RIGHT, buff=0.6)
        o.caption = caption_of(rf"\texttt{{nn/optimizers.py}}: \texttt{{Optimizer.step}}, "
                               rf"\texttt{{{o.name}.update}}")
        o.code = code_under(o.caption, source, rules.height + 0.45)
        rules.next_to(o.code, DOWN, buff=0.45)
        self.shown["optimizer_code"], self.shown["optimizer_source"] = o.code, source
        return o

    def show_the_step_loop(self, o: SimpleNamespace) -> None:
        with self.narrate("The parameters change in the optimizer, once the whole backward "
                          "pass is done. Its step goes over every layer's parameters with "
                          "their gradients."):
            self.play(FadeIn(o.caption), FadeIn(o.code), run_time=1.5)
            loop = kit.line_number_of(o.source, "self.update(")
            o.box = kit.highlight(o.code, loop)
            self.play(Create(o.box), *focus(o.code, loop), run_time=0.8)

    def show_the_update(self, o: SimpleNamespace, optimizer: nn.Optimizer, plain: bool) -> None:
        update_line = kit.line_number_of(o.source, "param -=", start=len(
            kit.source_of(nn.Optimizer.step).splitlines()) + 1)
        self.shown["optimizer_highlighted"] = update_line
        text = ("Plain gradient descent subtracts the learning rate times the gradient."
                if plain else f"{o.name} computes its own step from the gradients, then "
                "subtracts it.")
        with self.narrate(text):
            self.play(Transform(o.box, kit.highlight(o.code, update_line)),
                      *focus(o.code, update_line), run_time=1.0)
            if plain:
                self.play(Write(o.rule), FadeIn(o.rule_rate), run_time=1.2)

    def update_row(self, o: SimpleNamespace) -> VGroup:
        """W_new = W - alpha dE/dW, worked out on our step, beside the weights nn holds after.
        The weights show the step's own decimals when they can (no power of ten: a weight
        would read 10^-4 x 5300.00), their own otherwise."""
        W = self.layer.params_before["weights"]
        dW = self.layer.grads["weights"]
        after = self.layer.params_after["weights"]
        computed = W - o.rate * dW                    # the update, worked out on screen
        d = precision(o.rate * dW)                    # enough to see the step itself
        if d.power:
            d = precision(W, computed, after)
        font = 28
        new = kit.number_matrix(computed, kit.W_COLOR, d, font_size=font)
        old = kit.number_matrix(W, kit.W_COLOR, d, font_size=font)
        grad = kit.number_matrix(dW, kit.W_COLOR, font_size=font)
        recorded = kit.number_matrix(after, kit.W_COLOR, d, font_size=font)
        self.shown.update(W_new=new, W_old=old, dW_step=grad, W_after_nn=recorded)
        return checked((new, r"W_{\text{new}}"),
                       [(old, "W"), MathTex("-", font_size=36),
                        kit.text(f"${o.rate:g}$", font_size=34, color=kit.RATE_COLOR),
                        (grad, grad_of("W"))],
                       recorded, r'\texttt{layer.params["weights"]}\text{, after}',
                       np.allclose(computed, after), label_size=34, stacked=True)

    def update_with_numbers(self, o: SimpleNamespace) -> None:
        self.play(FadeOut(VGroup(o.code, o.box, o.caption, o.rule_rate)),
                  o.rule.animate.to_edge(UP, buff=0.4), run_time=1.0)
        tag = kit.text(rf"first Dense layer, our recorded step, $\alpha = {o.rate:g}$",
                       font_size=26, color=kit.DIM_COLOR).next_to(o.rule, DOWN, buff=0.25)
        row = self.update_row(o)
        place_between(row, tag.get_bottom()[1] - 0.3, kit.BOTTOM)
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
