"""Chapter 5: the base layer's code, read from nn, and who changes the parameters.

The code on screen is nn's own source: the members of ``nn.Layer`` that the design
needs, then ``Sequential.train_step`` and ``SGD.update``, which show that backward only
fills the gradients and the optimizer updates the parameters afterwards.

Render:  manim render -ql scenes/layer_code.py LayerCode
"""

from __future__ import annotations

from manim import (DOWN, LEFT, RIGHT, UP, Brace, Create, FadeIn, FadeOut, MathTex,
                   ReplacementTransform, Text, VGroup)

import nn
from scenes import kit
from scenes.kit import (BOTTOM, CODE_FONT, DIM_COLOR, RATE_COLOR, TEXT_COLOR, WIDTH, StoryScene,
                        block_color, class_excerpt, code_block, fit, formula, grad_of, highlight,
                        line_number_of, source_lines)

CODE_FONT_SIZE = 22
SMALL_CODE_FONT_SIZE = 20
NOTE_FONT_SIZE = 22
NOTE_GAP = 0.35         # between the code and the note under it
RULE_GAP = 0.6          # between SGD.update and the update rule beside it
LAYER_MEMBERS = ["__init__", "forward", "backward"]


def shape_text(array) -> str:
    """A parameter's shape as Python prints it: (3, 2), (3,)."""
    return str(tuple(int(n) for n in array.shape))


class LayerCode(StoryScene):
    def construct(self) -> None:
        self.chapter("Base layer code")
        self.layer_class()
        self.clear_all()
        self.training_step()
        self.clear_all()

    # -- nn.Layer ------------------------------------------------------------------------

    def layer_class(self) -> None:
        self.show_the_base_class()
        self.point_at("self.params", "self.grads",
                      "A layer keeps its parameters in a dictionary, params, by name; grads "
                      "will hold the gradient of the error for each of them, with the same "
                      "names and the same shapes.",
                      note=self.params_table())
        self.point_at("self.in_features", None,
                      "It also knows its input size, the number of columns of X, once that "
                      "is known: given, or read from the first batch.")
        forward_symbols, backward_symbols = self.symbol_legend()
        self.point_at("def forward", "raise NotImplementedError",
                      "forward takes the input X, a batch with one sample per row, and returns "
                      "the output Y. Each kind of layer fills this in.",
                      note=forward_symbols)
        self.point_at_backward(backward_symbols)
        self.state_the_rule()

    def show_the_base_class(self) -> None:
        """nn.Layer's members that the design needs, read from nn, at the top."""
        self.excerpt = class_excerpt(nn.Layer, LAYER_MEMBERS, docstring=False)
        self.text = self.excerpt.text
        self.code = code_block(self.text, font_size=CODE_FONT_SIZE).to_edge(UP, buff=0.25)
        self.frame, self.notes = None, VGroup()   # the framed lines; the note under the code
        self.shown["layer_code"] = self.text
        self.shown["layer_code_block"] = self.code
        with self.narrate("Now the code. Every layer of the library derives from one small base "
                          "class, Layer. Here are the parts of it that this design needs."):
            self.play(FadeIn(self.code, shift=UP * 0.2), run_time=1.5)

    def place_note(self, note):
        """A note in the strip under the code, shrunk if needed to fit there."""
        room = self.code.get_bottom()[1] - NOTE_GAP - BOTTOM
        return fit(note, width=WIDTH, height=room).next_to(self.code, DOWN, buff=NOTE_GAP)

    def point_at(self, first: str, last: str | None, words: str, note=None) -> None:
        """Frame the code's lines from the one holding ``first`` to the one holding
        ``last`` (or that line alone) while ``words`` are said; a note replaces the last."""
        a = line_number_of(self.text, first)
        b = line_number_of(self.text, last) if last else a
        new_frame = highlight(self.code, a, b)
        moves = [ReplacementTransform(self.frame, new_frame) if self.frame
                 else Create(new_frame)]
        if note is not None:
            self.place_note(note)
            moves += [FadeOut(self.notes), FadeIn(note, shift=UP * 0.15)]
            self.notes = note
        self.frame = new_frame
        with self.narrate(words, pause=0.6):
            self.play(*moves, run_time=1.0)

    def point_at_backward(self, note) -> None:
        """backward framed, and what its argument and result are, when the voice says it."""
        first, last = self.excerpt.lines["backward"]
        lines = self.text.splitlines()
        self.shown["backward_lines"] = (lines[first].strip(), lines[last].strip())
        frame = highlight(self.code, first, last)
        self.place_note(note)
        with self.narrate("backward receives output_gradient, that is dE/dY, and "
                          '<bookmark mark="returns"/>returns dE/dX, the input gradient for '
                          "the layer before it.") as line:
            self.play(ReplacementTransform(self.frame, frame), FadeOut(self.notes),
                      run_time=1.0)
            line.wait_until("returns")
            self.play(FadeIn(note, shift=UP * 0.15), run_time=0.8)
        self.frame, self.notes = frame, note

    def state_the_rule(self) -> None:
        """Under the note (or beside it, when there is no room below): backward fills
        grads and never changes params."""
        rule = Text("fills self.grads  ·  never changes self.params", font=CODE_FONT,
                    font_size=NOTE_FONT_SIZE, color=TEXT_COLOR)
        rule.next_to(self.notes, DOWN, buff=0.25)
        if rule.get_bottom()[1] < BOTTOM:
            rule.next_to(self.notes, RIGHT, buff=0.4)
        with self.narrate("On the way, it fills self.grads. And one rule for every layer: backward "
                          "never changes self.params. Then the weights a layer uses to compute "
                          "dE/dX are always the weights of the forward pass.", pause=1.5):
            self.play(FadeIn(rule, shift=UP * 0.15), run_time=1.0)

    def params_table(self) -> VGroup:
        """The story network's real parameters: each layer's names and shapes.

        A brace on the right says that grads has the same keys and shapes (the test
        checks that it is so in the recorded step).
        """
        model = self.story.new_model()
        names, details, shown = VGroup(), VGroup(), []
        for layer, record in zip(model.layers, self.story.step.layers):
            names.add(Text(layer.describe(), font=CODE_FONT, font_size=NOTE_FONT_SIZE,
                           color=block_color(type(layer).__name__)))
            parts = [f'"{key}" {shape_text(value)}'
                     for key, value in record.params_before.items()]
            detail = "   ".join(parts) if parts else "{}"
            details.add(Text(detail, font=CODE_FONT, font_size=NOTE_FONT_SIZE,
                             color=DIM_COLOR))
            shown.append((layer.describe(), detail))
        names.arrange(DOWN, aligned_edge=LEFT, buff=0.16)
        for name, detail in zip(names, details):
            detail.next_to(name, RIGHT, buff=0.5).align_to(names, LEFT)
            detail.shift(RIGHT * (names.width + 0.5))
            detail.match_y(name)
        brace = Brace(details, RIGHT, color=DIM_COLOR)
        grads = Text("params\n(grads: the same\nkeys and shapes)", font=CODE_FONT,
                     font_size=NOTE_FONT_SIZE, color=TEXT_COLOR, line_spacing=0.8)
        grads.next_to(brace, RIGHT, buff=0.2)
        table = fit(VGroup(names, details, brace, grads), width=WIDTH)
        self.shown["params_table"] = shown
        return table

    def symbol_legend(self) -> list[VGroup]:
        """What the code's names are in the video's symbols."""
        def pair(name: str, tex: str) -> VGroup:
            left = Text(name, font=CODE_FONT, font_size=NOTE_FONT_SIZE, color=TEXT_COLOR)
            arrow = MathTex(r"\leftrightarrow", font_size=34, color=DIM_COLOR)
            return VGroup(left, arrow, formula(tex, font_size=38)).arrange(RIGHT, buff=0.25)

        forward = VGroup(pair("x", "X"), pair("return", "Y")).arrange(RIGHT, buff=1.2)
        backward = VGroup(pair("output_gradient", grad_of("Y")),
                          pair("return", grad_of("X"))).arrange(RIGHT, buff=1.2)
        return [forward, backward]

    # -- who updates the parameters ------------------------------------------------------

    def training_step(self) -> None:
        step_code, update_code = self.training_code()
        frame = self.walk_through_the_step(step_code)
        rule = self.show_the_update(update_code, frame)
        self.name_the_learning_rate(rule)

    def training_code(self) -> tuple:
        """Sequential.train_step at the top, SGD.update under it: nn's own source."""
        step_text = source_lines(nn.Sequential.train_step, docstring=False)
        update_text = source_lines(nn.SGD.update, docstring=False)
        step_code = fit(code_block(step_text, font_size=SMALL_CODE_FONT_SIZE), width=WIDTH)
        update_code = fit(code_block(update_text, font_size=SMALL_CODE_FONT_SIZE), width=WIDTH)
        step_code.to_edge(UP, buff=0.3)
        update_code.next_to(step_code, DOWN, buff=0.3).align_to(step_code, LEFT)
        self.step_text, self.update_text = step_text, update_text
        self.shown.update(train_step_code=step_text, update_code=update_text,
                          train_step_block=step_code, update_block=update_code)
        return step_code, update_code

    def walk_through_the_step(self, step_code):
        """Forward, backward, then the optimizer's step: framed one after the other."""
        def frame_line(content: str):
            return highlight(step_code, line_number_of(self.step_text, content))

        with self.narrate("So who changes the parameters? Here is one training step of the "
                          "model, Sequential.train_step, from the library."):
            self.play(FadeIn(step_code, shift=UP * 0.2), run_time=1.2)
        frame = frame_line("self.forward(")
        with self.narrate("First the forward pass through every layer, and the error."):
            self.play(Create(frame), run_time=0.8)
        moves = [ReplacementTransform(frame, frame := frame_line("self.backward("))]
        with self.narrate("Then backward, starting from the loss's gradient at the output: the "
                          "first dE/dY, passed from the last layer to the first."):
            self.play(*moves, run_time=0.8)
        moves = [ReplacementTransform(frame, frame := frame_line("optimizer.step("))]
        with self.narrate("Only then, once every layer's grads are filled, the "
                          '<bookmark mark="step"/>optimizer steps.') as line:
            line.wait_until("step")
            self.play(*moves, run_time=0.8)
        return frame

    def show_the_update(self, update_code, frame):
        """SGD.update comes in, its line framed, and the rule w <- w - alpha dE/dw beside it."""
        rate = self.story.config.learning_rate
        rule = formula(r"{{w}} \leftarrow {{w}} - {{\alpha}}\, {{" + grad_of("w") + "}}",
                       font_size=40)
        room = WIDTH / 2 - update_code.get_right()[0] - RULE_GAP
        fit(rule, width=room).next_to(update_code, RIGHT, buff=RULE_GAP)
        self.shown["update_formula"] = rule.get_tex_string()
        update_line = line_number_of(self.update_text, "param -=")
        with self.narrate("For plain gradient descent, the update is the line from the reminder: "
                          f"each parameter moves against its gradient, scaled by the learning "
                          f"rate, {rate} in our run.", pause=1.5):
            self.play(FadeIn(update_code, shift=UP * 0.2),
                      FadeOut(frame),
                      Create(highlight(update_code, update_line)),
                      FadeIn(rule, shift=LEFT * 0.2),
                      run_time=1.5)
        return rule

    def name_the_learning_rate(self, rule) -> None:
        alpha_note = VGroup(Text("self.learning_rate", font=CODE_FONT,
                                 font_size=NOTE_FONT_SIZE, color=TEXT_COLOR),
                            MathTex(r"\leftrightarrow", font_size=34, color=DIM_COLOR),
                            MathTex(r"\alpha", font_size=40, color=RATE_COLOR))
        alpha_note.arrange(RIGHT, buff=0.25).next_to(rule, DOWN, buff=0.4)
        kit.keep_inside(alpha_note)
        with self.narrate("Layers compute gradients; optimizers change parameters. Keeping the two "
                          "apart is what the original video got wrong, and why ours cannot make "
                          "that mistake.", pause=1.5):
            self.play(FadeIn(alpha_note, shift=UP * 0.15), run_time=1.0)
