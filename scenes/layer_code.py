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
from scenes.kit import (CODE_FONT, DIM_COLOR, RATE_COLOR, TEXT_COLOR, StoryScene, block_color,
                        class_excerpt, code_block, formula, grad_of, highlight, line_number_of,
                        source_lines)

CODE_FONT_SIZE = 22
SMALL_CODE_FONT_SIZE = 20
NOTE_FONT_SIZE = 22
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
        excerpt = class_excerpt(nn.Layer, LAYER_MEMBERS, docstring=False)
        text = excerpt.text
        code = code_block(text, font_size=CODE_FONT_SIZE)
        code.to_edge(UP, buff=0.25)
        self.shown["layer_code"] = text
        self.shown["layer_code_block"] = code
        with self.narrate("Now the code. Every layer of the library derives from one small base "
                          "class, Layer. Here are the parts of it that this design needs."):
            self.play(FadeIn(code, shift=UP * 0.2), run_time=1.5)

        notes = VGroup()              # the strip under the code, one note at a time
        frame = None

        def show(first: str, last: str | None, words: str, note=None, run_time=1.0,
                 hold=0.6) -> None:
            nonlocal frame, notes
            a = line_number_of(text, first)
            b = line_number_of(text, last) if last else a
            new_frame = highlight(code, a, b)
            moves = [ReplacementTransform(frame, new_frame) if frame else Create(new_frame)]
            if note is not None:
                note.next_to(code, DOWN, buff=0.35)
                if note.get_bottom()[1] < -3.85:
                    note.scale_to_fit_height(code.get_bottom()[1] + 3.85 - 0.5)
                    note.next_to(code, DOWN, buff=0.3)
                moves += [FadeOut(notes), FadeIn(note, shift=UP * 0.15)]
                notes = note
            frame = new_frame
            with self.narrate(words, pause=hold):
                self.play(*moves, run_time=run_time)

        show("self.params", "self.grads",
             "A layer keeps its parameters in a dictionary, params, by name; grads will "
             "hold the gradient of the error for each of them, with the same names and "
             "the same shapes.",
             note=self.params_table())
        show("self.in_features", None,
             "It also knows its input size, the number of columns of X, once that is "
             "known: given, or read from the first batch.")
        symbols = self.symbol_legend()
        show("def forward", "raise NotImplementedError",
             "forward takes the input X, a batch with one sample per row, and returns the "
             "output Y. Each kind of layer fills this in.",
             note=symbols[0])
        back_first = text.splitlines()[excerpt.lines["backward"][0]].strip()
        back_last = text.splitlines()[excerpt.lines["backward"][1]].strip()
        back_a = excerpt.lines["backward"][0]
        frame_back = highlight(code, back_a, excerpt.lines["backward"][1])
        self.shown["backward_lines"] = (back_first, back_last)
        note = symbols[1]
        note.next_to(code, DOWN, buff=0.35)
        with self.narrate("backward receives output_gradient, that is dE/dY, and "
                          '<bookmark mark="returns"/>returns dE/dX, the input gradient for '
                          "the layer before it.") as line:
            self.play(ReplacementTransform(frame, frame_back), FadeOut(notes), run_time=1.0)
            line.wait_until("returns")
            self.play(FadeIn(note, shift=UP * 0.15), run_time=0.8)
        frame, notes = frame_back, note
        rule = Text("fills self.grads  ·  never changes self.params", font=CODE_FONT,
                    font_size=NOTE_FONT_SIZE, color=TEXT_COLOR)
        rule.next_to(note, DOWN, buff=0.25)
        if rule.get_bottom()[1] < -3.85:
            rule.next_to(note, RIGHT, buff=0.4)
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
        table = VGroup(names, details, brace, grads)
        if table.width > 13.2:
            table.scale_to_fit_width(13.2)
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
        step_text = source_lines(nn.Sequential.train_step, docstring=False)
        update_text = source_lines(nn.SGD.update, docstring=False)
        step_code = code_block(step_text, font_size=SMALL_CODE_FONT_SIZE)
        update_code = code_block(update_text, font_size=SMALL_CODE_FONT_SIZE)
        for code in (step_code, update_code):
            if code.width > 13.4:
                code.scale_to_fit_width(13.4)
        step_code.to_edge(UP, buff=0.3)
        update_code.next_to(step_code, DOWN, buff=0.3).align_to(step_code, LEFT)
        self.shown.update(train_step_code=step_text, update_code=update_text,
                          train_step_block=step_code, update_block=update_code)

        with self.narrate("So who changes the parameters? Here is one training step of the "
                          "model, Sequential.train_step, from the library."):
            self.play(FadeIn(step_code, shift=UP * 0.2), run_time=1.2)
        frame = highlight(step_code, line_number_of(step_text, "self.forward("))
        with self.narrate("First the forward pass through every layer, and the error."):
            self.play(Create(frame), run_time=0.8)
        moves = [ReplacementTransform(frame, frame := highlight(
            step_code, line_number_of(step_text, "self.backward(")))]
        with self.narrate("Then backward, starting from the loss's gradient at the output: the "
                          "first dE/dY, passed from the last layer to the first."):
            self.play(*moves, run_time=0.8)
        moves = [ReplacementTransform(frame, frame := highlight(
            step_code, line_number_of(step_text, "optimizer.step(")))]
        with self.narrate("Only then, once every layer's grads are filled, the "
                          '<bookmark mark="step"/>optimizer steps.') as line:
            line.wait_until("step")
            self.play(*moves, run_time=0.8)

        rate = self.story.config.learning_rate
        update_line = line_number_of(update_text, "param -=")
        rule = formula(r"{{w}} \leftarrow {{w}} - {{\alpha}}\, {{" + grad_of("w") + "}}",
                       font_size=40)
        rule.next_to(update_code, RIGHT, buff=0.6)
        if rule.get_right()[0] > 6.9:
            rule.scale_to_fit_width(6.9 - update_code.get_right()[0] - 0.6)
            rule.next_to(update_code, RIGHT, buff=0.6)
        self.shown["update_formula"] = rule.get_tex_string()
        with self.narrate("For plain gradient descent, the update is the line from the reminder: "
                          f"each parameter moves against its gradient, scaled by the learning "
                          f"rate, {rate} in our run.", pause=1.5):
            self.play(FadeIn(update_code, shift=UP * 0.2),
                      FadeOut(frame),
                      Create(frame := highlight(update_code, update_line)),
                      FadeIn(rule, shift=LEFT * 0.2),
                      run_time=1.5)
        alpha_note = VGroup(Text("self.learning_rate", font=CODE_FONT,
                                 font_size=NOTE_FONT_SIZE, color=TEXT_COLOR),
                            MathTex(r"\leftrightarrow", font_size=34, color=DIM_COLOR),
                            MathTex(r"\alpha", font_size=40, color=RATE_COLOR))
        alpha_note.arrange(RIGHT, buff=0.25).next_to(rule, DOWN, buff=0.4)
        if alpha_note.get_right()[0] > 6.9:
            alpha_note.shift(LEFT * (alpha_note.get_right()[0] - 6.9))
        with self.narrate("Layers compute gradients; optimizers change parameters. Keeping the two "
                          "apart is what the original video got wrong, and why ours cannot make "
                          "that mistake.", pause=1.5):
            self.play(FadeIn(alpha_note, shift=UP * 0.15), run_time=1.0)
