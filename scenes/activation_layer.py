# Render: manim render scenes/activation_layer.py ActivationLayer
"""Chapters 12-13: the activation layer.

12, forward: Y = f(X), element-wise.
13, backward: dE/dx_i = dE/dy_i f'(x_i), so dE/dX = dE/dY (element-wise product) f'(X).

Every number is the story's first activation layer (story.step.layers[1]) on the story
sample: its input X, output Y, the dE/dY it received and the dE/dX it returned; f' is
evaluated by the layer's own nn function.
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, YELLOW, Arrow, Create, FadeIn, GrowArrow, Indicate,
                   MathTex, ReplacementTransform, RoundedRectangle, SurroundingRectangle, Tex,
                   Text, TransformFromCopy, TransformMatchingTex, VGroup, Write)

import nn
from scenes import kit
from scenes.kit import (BLOCK_FILL, CODE_FONT, F_PRIME_COLOR, block_color, class_excerpt,
                        color_f_prime, fade_in, fade_out, formulas_for)

PORT_X = 4.4          # the block diagrams' arrows reach this far left and right
HEADING_GAP = 0.4     # between the heading and the columns under it


def first_activation(step: nn.StepRecord) -> nn.LayerRecord:
    """The record of the first layer that is not a Dense layer (layers[1] in the story)."""
    return next(layer for layer in step.layers if layer.kind != "Dense")


def labelled_column(label: MathTex, values: np.ndarray, color) -> VGroup:
    """A column of real numbers (kit.precision) with its label above it; ``.matrix`` is
    the DecimalMatrix."""
    matrix = kit.number_matrix(kit.as_column(values), color)
    group = VGroup(label, matrix).arrange(DOWN, buff=0.3)
    group.matrix = matrix
    return group


def place_below(group, heading, bottom_room: float = 0.3) -> None:
    """Centre ``group`` in the band under ``heading``, shrunk if needed to fit there
    (hidden layers of any size: the columns grow with the story's configuration)."""
    kit.place_between(group, heading.get_bottom()[1] - HEADING_GAP, kit.BOTTOM + bottom_room)


def big_block(kind: str) -> VGroup:
    """The activation layer as a large block (the style of kit.blocks): its class, Y = f(X)."""
    inside = VGroup(Text(kind, font=CODE_FONT, font_size=30),
                    kit.formula(r"{{Y}} = f( {{X}} )", font_size=38)).arrange(DOWN, buff=0.2)
    frame = RoundedRectangle(width=max(2.8, inside.width + 0.7), height=1.7,
                             corner_radius=0.15, stroke_color=block_color(kind),
                             stroke_width=3, fill_color=BLOCK_FILL, fill_opacity=1)
    return VGroup(frame, inside.move_to(frame))


class ActivationLayer(kit.StoryScene):
    def construct(self) -> None:
        self.record = first_activation(self.story.step)
        self.layer = self.story.new_model().layers[self.record.index]   # nn's own f and f'
        self.tex = formulas_for(self.story.config.activation)
        self.forward_chapter()
        self.backward_chapter()

    # -- shared pieces ------------------------------------------------------------------

    def where_from(self) -> Tex:
        """Which layer and sample the numbers are, named from the story itself."""
        return kit.text(rf"the story network's \texttt{{layers[{self.record.index}]}} "
                        rf"(\texttt{{{self.record.kind}}}), on sample "
                        rf"{self.story.config.sample}", font_size=28,
                        color=kit.DIM_COLOR).to_edge(UP, buff=0.4)

    def show_code(self, text: str, method: str) -> None:
        """nn.Activation's source, read from nn, with one method framed when the voice
        reaches the bookmark "method" of ``text``."""
        if not hasattr(self, "code"):       # built once, shown in both chapters
            self.excerpt = class_excerpt(nn.Activation, ["__init__", "forward", "backward"])
            self.code = kit.code_block(self.excerpt.text, font_size=20)
            kit.place_between(self.code, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        code = self.code
        frame = kit.highlight(code, *self.excerpt.lines[method])
        with self.narrate(text, pause=1.5) as line:
            self.play(*fade_in(code), run_time=0.8)
            line.wait_until("method")
            self.play(Create(frame), run_time=0.8)
        self.play(*fade_out(code, frame), run_time=0.6)

    def row_by_row(self, line, rows: int, most: float) -> float:
        """Seconds per row for an animation that walks ``rows`` rows while ``line`` is
        spoken: at most ``most``, and done by the end of the speech if it can be."""
        return min(most, max(0.4, line.remaining() / rows))


    # -- chapter 12 ---------------------------------------------------------------------

    def forward_chapter(self) -> None:
        self.chapter("Activation layer forward")
        self.show_the_block()
        self.apply_f_to_each_input()
        self.clear_all()
        self.forward_on_the_story()
        self.clear_all()
        self.show_code("In nn, the Activation class holds f and its derivative f'. Its "
                       '<bookmark mark="method"/>forward is exactly Y = f(X), and it keeps its '
                       "input X, which backward will need.", "forward")

    def show_the_block(self) -> None:
        """The activation layer as a block, X in and Y out; then it moves up, out of the way."""
        box = big_block(self.record.kind)
        x_in = Arrow(LEFT * PORT_X, box.get_left(), buff=0.1)
        y_out = Arrow(box.get_right(), RIGHT * PORT_X, buff=0.1)
        x_label = kit.formula("X").next_to(x_in, UP, buff=0.15)
        y_label = kit.formula("Y").next_to(y_out, UP, buff=0.15)
        diagram = VGroup(x_in, box, y_out, x_label, y_label)
        with self.narrate('The next block is <bookmark mark="block"/>the activation layer. It '
                          'has no weights and no biases: it passes every number it receives '
                          '<bookmark mark="f"/>through one function, f.') as line:
            self.play(GrowArrow(x_in), FadeIn(x_label), run_time=0.8)
            line.wait_until("block")
            self.play(Create(box[0]), FadeIn(box[1]), run_time=1.0)
            line.wait_until("f")
            self.play(GrowArrow(y_out), FadeIn(y_label), run_time=0.8)
        self.play(diagram.animate.scale(0.6).to_edge(UP, buff=0.4), run_time=0.8)

    def apply_f_to_each_input(self) -> None:
        """The column X, and f applied to each of its entries: Y; then Y = f(X)."""
        xs = kit.formula(r"{{X}} = \begin{bmatrix} {{x_1}} \\ {{x_2}} \\ \vdots \\ {{x_i}} "
                         r"\end{bmatrix}", font_size=44)
        ys = kit.formula(r"{{Y}} = \begin{bmatrix} f( {{x_1}} ) \\ f( {{x_2}} ) \\ \vdots \\ "
                         r"f( {{x_i}} ) \end{bmatrix}", font_size=44)
        VGroup(xs, ys).arrange(RIGHT, buff=2.2).shift(DOWN * 0.3)
        maps = MathTex(r"\xrightarrow{\;f\;}", font_size=50)
        maps.move_to([(xs.get_right()[0] + ys.get_left()[0]) / 2, xs.get_y(), 0])
        with self.narrate('Each input x_i gives exactly <bookmark mark="one"/>one output, '
                          'y_i = f(x_i), whatever the other inputs are. So the output column '
                          'is as long as the input column.') as line:
            self.play(Write(xs), run_time=1.5)
            line.wait_until("one")
            self.play(FadeIn(maps), TransformFromCopy(xs, ys), run_time=1.8)
        compact = kit.formula(r"{{Y}} = f( {{X}} )", font_size=54).to_edge(DOWN, buff=0.5)
        frame = SurroundingRectangle(compact, color=YELLOW, buff=0.2)
        with self.narrate('For the whole column at once we simply write <bookmark mark="y"/>'
                          'Y = f(X), with f applied element by element.', pause=1.0) as line:
            self.play(VGroup(xs, ys, maps).animate.shift(UP * 0.4), run_time=0.6)
            line.wait_until("y")
            self.play(Write(compact), Create(frame), run_time=1.2)

    def forward_on_the_story(self) -> None:
        """The story's X and the Y the layer returned, row by row."""
        n = self.record.input.size
        where = self.where_from()
        x_col = labelled_column(kit.formula("X"), self.record.input, kit.X_COLOR)
        y_col = labelled_column(kit.formula("Y"), self.record.output, kit.Y_COLOR)
        place_below(VGroup(x_col, y_col).arrange(RIGHT, buff=3.2), where)
        arrows = VGroup(*(
            Arrow([x_col.matrix.get_right()[0], x_entry.get_y(), 0],     # bracket to bracket
                  [y_col.matrix.get_left()[0], x_entry.get_y(), 0],
                  buff=0.15, stroke_width=3, max_tip_length_to_length_ratio=0.12)
            for x_entry in x_col.matrix.get_entries()))
        f_label = MathTex(self.tex.symbol, font_size=40).next_to(arrows[0], UP, buff=0.1)
        self.shown["forward_x"] = x_col.matrix
        self.shown["forward_y"] = y_col.matrix
        with self.narrate(f'In the story network, f is {self.tex.name}. Here is what its first '
                          f'activation layer <bookmark mark="in"/>received from the Dense layer '
                          f'before it, and <bookmark mark="out"/>what it returned: {n} numbers '
                          f'in, {n} numbers out.') as line:
            line.wait_until("in")
            self.play(FadeIn(where), FadeIn(x_col), run_time=1.0)
            line.wait_until("out")
            self.play(*(GrowArrow(a) for a in arrows), FadeIn(f_label),
                      ReplacementTransform(x_col.copy(), y_col), run_time=1.8)
        with self.narrate(f"Each output is {self.tex.name} of the input in the same row; "
                          "nothing mixes across rows.") as line:
            each = self.row_by_row(line, n, most=0.7)
            for x_entry, y_entry in zip(x_col.matrix.get_entries(),
                                        y_col.matrix.get_entries()):
                self.play(Indicate(x_entry, scale_factor=1.15),
                          Indicate(y_entry, scale_factor=1.15), run_time=each)

    # -- chapter 13 ---------------------------------------------------------------------

    def backward_chapter(self) -> None:
        self.chapter("Activation input gradient")
        self.show_what_backward_does()
        self.clear_all()
        one_input = self.differentiate_one_input()
        self.stack_every_input(one_input)
        self.clear_all()
        dx_col = self.backward_on_the_story()
        self.check_against_nn(dx_col)
        self.clear_all()
        self.show_code('In code, backward is <bookmark mark="method"/>one line: the output '
                       "gradient times f' of the input that forward stored.", "backward")

    def show_what_backward_does(self) -> None:
        """The block: X and Y above, dE/dY coming in and dE/dX going out below."""
        box = big_block(self.record.kind)
        top = VGroup(Arrow(LEFT * PORT_X, box.get_left(), buff=0.1),
                     Arrow(box.get_right(), RIGHT * PORT_X, buff=0.1)).shift(UP * 0.4)
        x_label = kit.formula("X", font_size=36).next_to(top[0], UP, buff=0.15)
        y_label = kit.formula("Y", font_size=36).next_to(top[1], UP, buff=0.15)
        dy = Arrow(RIGHT * PORT_X, box.get_right(), buff=0.1,
                   color=kit.Y_COLOR).shift(DOWN * 0.4)
        dx = Arrow(box.get_left(), LEFT * PORT_X, buff=0.1, color=kit.X_COLOR).shift(DOWN * 0.4)
        dy_label = kit.formula(kit.grad_of("Y"), font_size=36).next_to(dy, DOWN, buff=0.15)
        dx_label = kit.formula(kit.grad_of("X"), font_size=36).next_to(dx, DOWN, buff=0.15)
        with self.narrate('Going backward, the layer <bookmark mark="dy"/>receives dE/dY, the '
                          'gradient of the error with respect to its output, and '
                          '<bookmark mark="dx"/>must return dE/dX. It has no parameters, so '
                          'that is all it has to do.') as line:
            self.play(Create(box[0]), FadeIn(box[1]), FadeIn(top), FadeIn(x_label),
                      FadeIn(y_label), run_time=1.0)
            line.wait_until("dy")
            self.play(GrowArrow(dy), FadeIn(dy_label), run_time=1.0)
            line.wait_until("dx")
            self.play(GrowArrow(dx), FadeIn(dx_label), run_time=1.0)

    def differentiate_one_input(self) -> MathTex:
        """dE/dx_i = dE/dy_i dy_i/dx_i = dE/dy_i f'(x_i); returns the last line."""
        grad = kit.grad_of
        step1 = kit.formula(r"{{ " + grad("x_i") + r" }} = {{ " + grad("y_i") + r" }}"
                            r"\, {{ \frac{\partial y_i}{\partial x_i} }}", font_size=48)
        step1.to_edge(UP, buff=0.7)
        with self.narrate('Take one input, x_i. It changes only one output, y_i, so '
                          '<bookmark mark="rule"/>the chain rule has a single term.') as line:
            line.wait_until("rule")
            self.play(Write(step1), run_time=1.5)
        step2 = kit.formula(r"{{ " + grad("x_i") + r" }} = {{ " + grad("y_i") + r" }}"
                            r"\, {{ f'( }} {{x_i}} {{ ) }}", font_size=48).move_to(step1)
        color_f_prime(step2)
        with self.narrate('Since y_i = f(x_i), the derivative of y_i with respect to x_i is '
                          '<bookmark mark="f"/>f\'(x_i).', pause=1.0) as line:
            line.wait_until("f")
            self.play(TransformMatchingTex(step1, step2), run_time=1.2)
        return step2

    def stack_every_input(self, one_input: MathTex) -> None:
        """The column of every dE/dx_i, which is dE/dY ⊙ f'(X); the result, framed."""
        grad = kit.grad_of
        column = kit.formula(
            r"{{ " + grad("X") + r" }} = \begin{bmatrix} {{ " + grad("x_1") + r" }} "
            r"\\ \vdots \\ {{ " + grad("x_i") + r" }} \end{bmatrix} = \begin{bmatrix} "
            r"{{ " + grad("y_1") + r" }} {{ f'( }} {{x_1}} {{ ) }} \\ \vdots \\ "
            r"{{ " + grad("y_i") + r" }} {{ f'( }} {{x_i}} {{ ) }} \end{bmatrix} "
            r"= {{ " + grad("Y") + r" }} {{ \odot }} {{ f'( }} {{X}} {{ ) }}",
            font_size=40).next_to(one_input, DOWN, buff=0.7)
        color_f_prime(column)
        with self.narrate("Stack every input in a column, and the column of gradients is the "
                          "column dE/dY multiplied, entry by entry, with the column f'(X)."):
            self.play(Write(column), run_time=2.5)
        odot = column.get_part_by_tex(r"\odot")
        with self.narrate("The circled dot is the element-wise product: the two columns "
                          "multiplied row by row. It is not a matrix product."):
            self.play(Indicate(odot, scale_factor=1.6, color=YELLOW), run_time=1.2)
        final = kit.formula(r"{{ " + grad("X") + r" }} = {{ " + grad("Y") + r" }} "
                            r"\odot {{ f'( }} {{X}} {{ ) }}", font_size=54)
        color_f_prime(final)
        final.to_edge(DOWN, buff=0.5)
        frame = SurroundingRectangle(final, color=YELLOW, buff=0.2)
        with self.narrate("That is the activation layer's whole backward pass.", pause=1.0):
            self.play(FadeIn(final, shift=DOWN * 0.3), run_time=1.0)
            self.play(Create(frame), run_time=0.6)

    def backward_columns(self, where) -> VGroup:
        """dE/dY ⊙ f'(X) = dE/dX with the story's numbers, under ``where``."""
        f_prime_x = self.layer.f_prime(self.record.input)
        dy_col = labelled_column(kit.formula(kit.grad_of("Y")), self.record.output_gradient,
                                 kit.Y_COLOR)
        fp_col = labelled_column(kit.formula(r"{{ f'( }} {{X}} {{ ) }}"), f_prime_x,
                                 F_PRIME_COLOR)
        color_f_prime(fp_col[0])
        dx_col = labelled_column(kit.formula(kit.grad_of("X")), self.record.input_gradient,
                                 kit.X_COLOR)
        odot = MathTex(r"\odot", font_size=48)
        equals = MathTex("=", font_size=48)
        row = VGroup(dy_col, odot, fp_col, equals, dx_col).arrange(RIGHT, buff=0.6)
        for sign in (odot, equals):
            sign.match_y(dy_col.matrix)
        place_below(row, where, bottom_room=0.9)     # room for the check mark below
        self.shown["backward_dy"] = dy_col.matrix
        self.shown["backward_f_prime"] = fp_col.matrix
        self.shown["backward_dx"] = dx_col.matrix
        return row

    def backward_on_the_story(self) -> VGroup:
        """dE/dY and f'(X) of the story, multiplied row by row into dE/dX; returns dE/dX."""
        where = self.where_from()
        dy_col, odot, fp_col, equals, dx_col = self.backward_columns(where)
        with self.narrate(f'Now the story\'s numbers. <bookmark mark="dy"/>dE/dY is what the '
                          f'layer above, layers[{self.record.index + 1}], returned to this one. '
                          f'<bookmark mark="fp"/>f\'(X) is nn\'s derivative of {self.tex.name} '
                          f'at the inputs of the forward pass.') as line:
            line.wait_until("dy")
            self.play(FadeIn(where), FadeIn(dy_col), run_time=1.0)
            line.wait_until("fp")
            self.play(FadeIn(odot), FadeIn(fp_col), run_time=1.0)
        with self.narrate("Multiply row by row: each entry of dE/dY times the entry of f'(X) "
                          "beside it...", pause=0.3) as line:
            self.play(FadeIn(equals), FadeIn(dx_col[0]), FadeIn(dx_col.matrix.get_brackets()),
                      run_time=0.6)
            each = self.row_by_row(line, self.record.input.size, most=1.1)
            rows = zip(dy_col.matrix.get_entries(), fp_col.matrix.get_entries(),
                       dx_col.matrix.get_entries())
            for dy_entry, fp_entry, dx_entry in rows:
                self.play(Indicate(dy_entry, scale_factor=1.15),
                          Indicate(fp_entry, scale_factor=1.15), run_time=0.45 * each)
                self.play(ReplacementTransform(VGroup(dy_entry, fp_entry).copy(), dx_entry),
                          run_time=0.55 * each)
        return dx_col

    def check_against_nn(self, dx_col: VGroup) -> None:
        check = kit.text(rf"= what \texttt{{{self.record.kind}.backward}} returned "
                         r"\checkmark", font_size=30, color=kit.X_COLOR)
        kit.keep_inside(check.next_to(dx_col, DOWN, buff=0.35))
        with self.narrate(f'...and these {self.record.input.size} numbers are '
                          f'<bookmark mark="check"/>exactly the dE/dX that nn\'s backward '
                          f'returned for this layer, handed on to the Dense layer below.',
                          pause=1.0) as line:
            line.wait_until("check")
            self.play(FadeIn(check, shift=UP * 0.2), run_time=0.8)
