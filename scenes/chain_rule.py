"""Chapter 4: the implementation design. Each layer takes dE/dY and returns dE/dX.

The chain rule links the blocks: the real dE/dY of the story's step, computed by the
loss, flows backward through the real blocks of the story network with their real
shapes; the parameters change only after the whole backward pass.

Render:  manim render -ql scenes/chain_rule.py ChainRule
"""

from __future__ import annotations

from types import SimpleNamespace

from manim import (DOWN, LEFT, ORIGIN, RIGHT, UP, Arrow, Create, FadeIn, FadeOut, GrowArrow,
                   Indicate, Integer, LaggedStart, Line, MathTex, ReplacementTransform,
                   SurroundingRectangle, Text, VGroup, Write, YELLOW)

from scenes import kit
from scenes.kit import (CODE_FONT, DIM_COLOR, E_COLOR, TARGET_COLOR, TEXT_COLOR, WIDTH, W_COLOR,
                        X_COLOR, Y_COLOR, StoryScene, as_column, batch_matrix, fit, fmt_vector,
                        formula, grad_of, layer_block, number_matrix, precision)

# Heights of the chapter's three bands, top to bottom (design choices).
ROW_Y = 2.85            # the network's blocks
VECTOR_Y = 0.3          # centre of the gradient vectors under the row
PARAM_TOP = -0.95       # top of the weight matrices under the Dense blocks
LAYER_Y = -0.55         # the one-layer diagram, with room for the chain rule under it
VECTOR_FONT = 28
VECTOR_MAX_HEIGHT = 2.1
PARAM_FONT = 26
PARAM_MAX_HEIGHT = 2.7   # of the matrix; its label keeps its size
MIN_SLOT = 0.9           # the narrowest slot between two blocks
SLOT_PADS = (0.3, 0.1)   # room beside a vector in its slot: roomy, or tight for a long row
PORT = 1.6               # length of the arrows in and out of the one-layer diagram
LANE = 0.45              # forward lane above the diagram's middle, backward lane below
PARAM_GAP = 0.3          # W matrices closer than this go to one row across the frame


def arrow(start, end, color=DIM_COLOR) -> Arrow:
    return Arrow(start, end, buff=0.08, color=color, stroke_width=3, tip_length=0.16,
                 max_tip_length_to_length_ratio=0.3)


def spacer(width: float) -> Line:
    """An invisible horizontal extent, to arrange slots between blocks."""
    return Line(LEFT * width / 2, RIGHT * width / 2, stroke_opacity=0)


def row_block(record) -> VGroup:
    """A layer of the story network as a block of the row: its class and its shape (as
    large as the class: a long row is scaled down, and the shape must stay legible)."""
    return layer_block(record.kind, record.kind,
                       subtitle=f"{record.input.shape[1]} -> {record.output.shape[1]}",
                       font_size=24, subtitle_size=24, height=1.05)


class ChainRule(StoryScene):
    def construct(self) -> None:
        self.chapter("Implementation design")
        self.network_row()
        self.one_layer()
        self.first_gradient()
        self.backward_pass()
        self.update()
        self.clear_all()

    # -- the story network, as blocks with a slot between each two ----------------------

    def network_row(self) -> None:
        records = self.story.step.layers
        self.blocks = [row_block(r) for r in records]
        self.vectors = self.gradient_vectors(records)
        self.error_symbol = MathTex("E", font_size=56, color=E_COLOR)
        slots = self.lay_out_the_row()
        self.forward = self.forward_arrows(slots)
        for k, vector in enumerate(self.vectors):
            self.shown[f"slot_{k}"] = vector
        self.shown["block_shapes"] = [(r.kind, r.input.shape[1], r.output.shape[1])
                                      for r in records]
        self.show_the_blocks()

    def gradient_vectors(self, records) -> list:
        """Slot k holds what flows between layer k and layer k + 1 (slot 0: the input X,
        slot L: the output Y).  Backward, slot k receives dE/dX of layer k + 1, which is
        dE/dY of layer k: dE/dX coloured like X, dE/dY like Y."""
        gradients = [records[0].input_gradient] + [r.output_gradient for r in records]
        return [fit(batch_matrix(as_column(values), X_COLOR if k == 0 else Y_COLOR,
                                 font_size=VECTOR_FONT), height=VECTOR_MAX_HEIGHT)
                for k, values in enumerate(gradients)]

    def lay_out_the_row(self) -> list:
        """Slot, block, slot, ..., block, slot, E across the frame at ROW_Y, each slot as
        wide as its vector, which sits under it; returns the slots (invisible spacers)."""
        for pad in SLOT_PADS:            # tighter when the row is too wide for the frame
            slots = [spacer(max(MIN_SLOT, v.width + pad)) for v in self.vectors]
            items = []
            for slot, block in zip(slots, self.blocks + [None]):
                items += [slot, block] if block is not None else [slot]
            row = VGroup(*items, spacer(0.2), self.error_symbol).arrange(RIGHT, buff=0)
            if row.width <= WIDTH:
                break
        natural = row.width
        fit(row, width=WIDTH).move_to([0, ROW_Y, 0])
        for vector, slot in zip(self.vectors, slots):
            vector.scale(row.width / natural).move_to([slot.get_x(), VECTOR_Y, 0])
        return slots

    def forward_arrows(self, slots) -> VGroup:
        """Forward arrows through every slot, X entering and Y leaving."""
        ends = [*self.blocks, self.error_symbol]
        return VGroup(*(arrow(slot.get_left(), end.get_left()) for slot, end in zip(slots, ends)))

    def show_the_blocks(self) -> None:
        blocks, forward = self.blocks, self.forward
        x_sym = MathTex("X", font_size=36, color=X_COLOR).next_to(forward[0], UP, buff=0.1)
        y_sym = MathTex("Y", font_size=36, color=Y_COLOR).next_to(forward[-1], UP, buff=0.1)
        with self.narrate('How do we get the derivative of the error with respect to a weight '
                          'deep inside the network? The design that makes it simple: '
                          '<bookmark mark="block"/>every layer is a block that minds its own '
                          'business.') as line:
            self.play(LaggedStart(*(FadeIn(b, shift=UP * 0.2) for b in blocks), lag_ratio=0.2),
                      LaggedStart(*(GrowArrow(a) for a in forward), lag_ratio=0.2),
                      FadeIn(x_sym), FadeIn(y_sym), FadeIn(self.error_symbol), run_time=2)
            line.wait_until("block")
            self.play(LaggedStart(*(Indicate(b, scale_factor=1.08) for b in blocks),
                                  lag_ratio=0.25), run_time=1.5)
        self.row = VGroup(*blocks, forward, x_sym, y_sym, self.error_symbol)

    # -- what one layer does --------------------------------------------------------------

    def one_layer(self) -> None:
        layer = self.layer_diagram()
        self.show_forward(layer)
        self.show_backward(layer)
        self.show_parameter_gradients(layer)
        rule = self.show_the_chain_rule(layer)
        link = self.snap_the_blocks_together(rule)
        self.play(*(FadeOut(m) for m in (*layer.parts, link)), run_time=0.8)

    def layer_diagram(self) -> SimpleNamespace:
        """One layer as a block: X in and Y out above its middle, dE/dY in and dE/dX out
        below, the words forward and backward over and under it."""
        block = layer_block("layer", kind="", font_size=30, min_width=3.2, height=1.9)
        block.move_to(UP * LAYER_Y)
        left, right = block.get_left(), block.get_right()
        top, low = UP * LANE, DOWN * LANE
        d = SimpleNamespace(block=block)
        d.x_in = arrow(left + LEFT * PORT + top, left + top, X_COLOR)
        d.y_out = arrow(right + top, right + RIGHT * PORT + top, Y_COLOR)
        d.g_in = arrow(right + RIGHT * PORT + low, right + low, E_COLOR)
        d.g_out = arrow(left + low, left + LEFT * PORT + low, E_COLOR)
        d.x_lab = MathTex("X", font_size=40, color=X_COLOR).next_to(d.x_in, LEFT, buff=0.15)
        d.y_lab = MathTex("Y", font_size=40, color=Y_COLOR).next_to(d.y_out, RIGHT, buff=0.15)
        d.gy_lab = formula(grad_of("Y"), font_size=40).next_to(d.g_in, RIGHT, buff=0.15)
        d.gx_lab = formula(grad_of("X"), font_size=40).next_to(d.g_out, LEFT, buff=0.15)
        d.fwd_word = Text("forward", font=CODE_FONT, font_size=22, color=DIM_COLOR)
        d.bwd_word = Text("backward", font=CODE_FONT, font_size=22, color=DIM_COLOR)
        d.fwd_word.next_to(block, UP, buff=0.15)
        d.bwd_word.next_to(block, DOWN, buff=0.15)
        d.inside = formula(grad_of("W"), ",", grad_of("B"), font_size=30)
        d.inside.move_to(block).shift(DOWN * 0.35)
        d.parts = [block, d.x_in, d.y_out, d.g_in, d.g_out, d.x_lab, d.y_lab, d.gy_lab,
                   d.gx_lab, d.fwd_word, d.bwd_word, d.inside]
        return d

    def show_forward(self, d: SimpleNamespace) -> None:
        with self.narrate('Forward: a layer takes <bookmark mark="x"/>an input X and returns '
                          '<bookmark mark="y"/>an output Y.') as line:
            self.play(FadeIn(d.block), FadeIn(d.fwd_word), run_time=0.6)
            line.wait_until("x")
            self.play(GrowArrow(d.x_in), FadeIn(d.x_lab), run_time=0.6)
            line.wait_until("y")
            self.play(GrowArrow(d.y_out), FadeIn(d.y_lab), run_time=0.6)

    def show_backward(self, d: SimpleNamespace) -> None:
        with self.narrate('Backward: it is handed <bookmark mark="dy"/>dE/dY, how the error '
                          'changes with each of its outputs, and it returns <bookmark mark="dx"/>'
                          'dE/dX, how the error changes with each of its inputs.') as line:
            self.play(FadeIn(d.bwd_word), run_time=0.6)
            line.wait_until("dy")
            self.play(GrowArrow(d.g_in), FadeIn(d.gy_lab), run_time=0.8)
            line.wait_until("dx")
            self.play(GrowArrow(d.g_out), FadeIn(d.gx_lab), run_time=0.8)

    def show_parameter_gradients(self, d: SimpleNamespace) -> None:
        with self.narrate('If it has parameters, the layer also computes their gradients on the '
                          'way: <bookmark mark="grads"/>dE/dW and dE/dB. Those are what gradient '
                          'descent needs.') as line:
            line.wait_until("grads")
            self.play(d.block.label.animate.shift(UP * 0.45), FadeIn(d.inside, shift=UP * 0.1),
                      run_time=1.0)

    def show_the_chain_rule(self, d: SimpleNamespace) -> MathTex:
        rule = formula(grad_of("x_i"), "=", r"\sum_j", grad_of("y_j"), r"\,",
                       r"\frac{\partial y_j}{\partial x_i}", font_size=40)
        rule.next_to(d.bwd_word, DOWN, buff=0.35)
        self.shown["chain_rule_tex"] = rule.get_tex_string()
        with self.narrate('How can it, knowing nothing about the rest of the network? '
                          '<bookmark mark="rule"/>The chain rule: every input x_i reaches the '
                          'error only through the outputs y_j. So <bookmark mark="dy"/>dE/dY, '
                          'times <bookmark mark="own"/>the layer\'s own derivatives, is all it '
                          'takes.', pause=1.0) as line:
            line.wait_until("rule")
            self.play(Write(rule), run_time=1.5)
            line.wait_until("dy")
            self.play(Indicate(rule[3]), run_time=0.8)
            line.wait_until("own")
            self.play(Indicate(rule[5]), run_time=0.8)
        return rule

    def snap_the_blocks_together(self, rule: MathTex) -> MathTex:
        """The X of one layer is the Y of the layer before it."""
        link = formula("X_k", "=", "Y_{k-1}", r"\quad\Rightarrow\quad", grad_of("X_k"), "=",
                       grad_of("Y_{k-1}"), font_size=40)
        link.move_to(rule)
        with self.narrate('And the input of one layer is the output of the layer before. So '
                          '<bookmark mark="grads"/>the dE/dX a layer returns is exactly the dE/dY '
                          'the previous layer needs. Blocks snap together backward, as they did '
                          'forward.', pause=1.0) as line:
            self.play(FadeOut(rule, shift=UP * 0.2), FadeIn(link[:3], shift=UP * 0.2),
                      run_time=1.0)
            line.wait_until("grads")
            self.play(FadeIn(link[3:], shift=LEFT * 0.2), run_time=1.0)
        return link

    # -- where the first dE/dY comes from --------------------------------------------------

    def first_gradient(self) -> None:
        error_def, derivative = self.show_the_loss_and_its_derivative()
        filled = self.derivative_for_the_sample(derivative)
        self.fill_in_the_sample(filled, VGroup(error_def, derivative))

    def show_the_loss_and_its_derivative(self) -> tuple[MathTex, MathTex]:
        error_def = formula("E", "=", r"\frac{1}{n}", r"\sum_i", r"(", "y^*_i", "-", "y_i",
                            r")^2", font_size=42)
        derivative = formula(grad_of("Y"), "=", r"\frac{2}{n}", "(", "Y", "-", "Y^*", ")",
                             font_size=42)
        VGroup(error_def, derivative).arrange(DOWN, buff=0.45).move_to(ORIGIN)
        with self.narrate('Where does the very first dE/dY come from? From the error itself. '
                          '<bookmark mark="mse"/>Ours is the mean squared error over the n '
                          'outputs.') as line:
            line.wait_until("mse")
            self.play(FadeIn(error_def, shift=UP * 0.2), run_time=1.2)
        with self.narrate("Its derivative with respect to the network's output Y is two over n, "
                          "times Y minus Y*."):
            self.play(FadeIn(derivative, shift=UP * 0.2), run_time=1.2)
        return error_def, derivative

    def derivative_for_the_sample(self, derivative: MathTex) -> VGroup:
        """= 2/n (Y - Y*) = dE/dY with the sample's numbers, under the derivative."""
        step = self.story.step
        n = Integer(step.y_pred.size, font_size=38)
        two_over = VGroup(MathTex("2", font_size=38), MathTex(r"\overline{\phantom{22}}",
                                                              font_size=38), n)
        two_over.arrange(DOWN, buff=0.05)
        y_col = number_matrix(as_column(step.y_pred), Y_COLOR, font_size=28)
        t_col = number_matrix(as_column(step.y_true), TARGET_COLOR,
                              decimals=precision(self.story.y), font_size=28)
        result = number_matrix(as_column(step.loss_gradient), Y_COLOR, font_size=28)
        filled = VGroup(MathTex("=", font_size=42), two_over, MathTex("(", font_size=48),
                        y_col, MathTex("-", font_size=42), t_col, MathTex(")", font_size=48),
                        MathTex("=", font_size=42), result).arrange(RIGHT, buff=0.18)
        filled.next_to(derivative, DOWN, buff=0.45).align_to(derivative[1], LEFT)
        kit.keep_inside(filled)
        self.shown.update(loss_n=n, loss_y=y_col, loss_target=t_col, loss_gradient=result)
        return filled

    def fill_in_the_sample(self, filled: VGroup, formulas: VGroup) -> None:
        step, result = self.story.step, filled[-1]
        dy = precision(self.story.y)
        with self.narrate(f'For our sample: <bookmark mark="n"/>n is {step.y_pred.size}, '
                          f'<bookmark mark="y"/>Y is {fmt_vector(step.y_pred)} and '
                          f'<bookmark mark="target"/>Y* is {fmt_vector(step.y_true, dy)}, so '
                          f'<bookmark mark="grad"/>dE/dY is {fmt_vector(step.loss_gradient)}. '
                          f'<bookmark mark="into"/>This is what goes into the last layer\'s '
                          f'backward.', pause=1.0) as line:
            self.play(FadeIn(VGroup(filled[0], filled[2], filled[4], filled[6])), run_time=0.5)
            for mark, part in (("n", filled[1]), ("y", filled[3]), ("target", filled[5]),
                               ("grad", filled[7:])):
                line.wait_until(mark)
                self.play(FadeIn(part, shift=DOWN * 0.2), run_time=0.5)
            # The result takes its place at the network's output.
            line.wait_until("into")
            self.play(ReplacementTransform(result, self.vectors[-1]),
                      *(FadeOut(m) for m in (*formulas, filled[:-1])), run_time=1.5)

    # -- the real backward pass -----------------------------------------------------------

    def backward_pass(self) -> None:
        self.show_the_weights()
        names = [layer.describe() for layer in self.story.new_model().layers]
        for record in reversed(self.story.step.layers):
            self.backward_through(record, names[record.index])

    def show_the_weights(self) -> None:
        """The weights under each Dense block: what forward used, and backward reads."""
        self.params = {}
        for record, block in zip(self.story.step.layers, self.blocks):
            if "weights" not in record.params_before:
                continue
            matrix = fit(batch_matrix(record.params_before["weights"], W_COLOR,
                                      font_size=PARAM_FONT), height=PARAM_MAX_HEIGHT)
            label = MathTex("W", "=", font_size=34)
            label[0].set_color(W_COLOR)
            group = VGroup(label, matrix).arrange(RIGHT, buff=0.12)
            group.move_to([block.get_x(), 0, 0]).align_to([0, PARAM_TOP, 0], UP)
            self.params[record.index] = group
            self.shown[f"weights_before_{record.index}"] = matrix
        self.fit_params_in_frame()
        with self.narrate('Now the real thing, on our network. Under each dense layer, '
                          '<bookmark mark="w"/>its weights W, as the forward pass '
                          'used them.') as line:
            line.wait_until("w")
            self.play(*(FadeIn(g) for g in self.params.values()), run_time=1.2)

    def fit_params_in_frame(self) -> None:
        """Each W under its Dense block; when they crowd there (wide layers, many layers),
        one row across the frame instead, in the layers' order, scaled to fit."""
        groups = list(self.params.values())
        for group in groups:
            kit.keep_inside(group)
        if any(b.get_left()[0] - a.get_right()[0] < PARAM_GAP
               for a, b in zip(groups, groups[1:])):
            row = VGroup(*groups).arrange(RIGHT, buff=0.6, aligned_edge=UP)
            fit(row, width=WIDTH).move_to(ORIGIN).align_to([0, PARAM_TOP, 0], UP)

    @staticmethod
    def backward_words(record, name: str) -> str:
        """What the voice says of one layer's backward (its bookmarks: dy, dx, and grads
        for a Dense layer, unused for the first layer)."""
        n_out, n_in = record.output.shape[1], record.input.shape[1]
        if record.kind == "Dense":
            text = (f'{name} receives <bookmark mark="dy"/>dE/dY, {n_out} '
                    f'number{"s" if n_out > 1 else ""}, and returns <bookmark mark="dx"/>'
                    f'dE/dX, {n_in} numbers, using its W. On the way it fills '
                    f'<bookmark mark="grads"/>dE/dW and dE/dB; W itself stays as it is.')
        else:
            text = (f'{record.kind} works element by element: <bookmark mark="dy"/>dE/dY '
                    f'in, <bookmark mark="dx"/>dE/dX out, {n_in} '
                    f'number{"s" if n_in > 1 else ""} each.')
        if record.index == 0:
            text += (' Its input is the data itself: <bookmark mark="unused"/>no layer needs '
                     'this last dE/dX, and nn\'s training step skips computing it.')
        return text

    def backward_through(self, record, name: str) -> None:
        """dE/dY in from the right, dE/dX out to the left, through one block."""
        k = record.index
        block, right, left = self.blocks[k], self.vectors[k + 1], self.vectors[k]
        gy = formula(grad_of("Y"), font_size=30).next_to(right, UP, buff=0.1)
        gx = formula(grad_of("X"), font_size=30).next_to(left, UP, buff=0.1)
        flow = arrow(right.get_left(), left.get_right(), E_COLOR)
        frame = SurroundingRectangle(block, color=YELLOW, buff=0.06, corner_radius=0.12)
        with self.narrate(self.backward_words(record, name)) as line:
            self.play(Create(frame), run_time=0.6)
            line.wait_until("dy")
            self.play(FadeIn(gy), Indicate(right, color=YELLOW, scale_factor=1.05),
                      run_time=0.8)
            line.wait_until("dx")
            self.play(GrowArrow(flow), ReplacementTransform(right.copy(), left), run_time=1.2)
            self.play(FadeIn(gx), run_time=0.4)
            if k in self.params:
                self.note_the_gradients(k, line)
            if k == 0:
                line.wait_until("unused")
                self.play(left.animate.set_opacity(0.45), run_time=0.6)
        self.play(FadeOut(frame), FadeOut(gy), FadeOut(gx), FadeOut(flow), run_time=0.5)

    def note_the_gradients(self, k: int, line) -> None:
        """The gradients layer k filled, noted under its block, its W unchanged."""
        tag = formula(grad_of("W"), ",\\;", grad_of("B"), font_size=24)
        check = MathTex(r"\checkmark", font_size=28, color=W_COLOR)
        note = VGroup(tag, check).arrange(RIGHT, buff=0.1).next_to(self.blocks[k], DOWN,
                                                                    buff=0.12)
        line.wait_until("grads")
        self.play(FadeIn(note, shift=DOWN * 0.1),
                  Indicate(self.params[k][1], color=YELLOW, scale_factor=1.05),
                  run_time=0.8)
        self.params[k].add(tag, check)

    # -- only then: the update ------------------------------------------------------------

    def update(self) -> None:
        records = self.story.step.layers
        call = Text("optimizer.step(layers)", font=CODE_FONT, font_size=26, color=TEXT_COLOR)
        call.to_corner(DOWN + RIGHT, buff=0.5)
        changes = []
        for k, group in self.params.items():
            after = batch_matrix(records[k].params_after["weights"], W_COLOR,
                                 font_size=PARAM_FONT)
            after.scale_to_fit_height(group[1].height).move_to(group[1])
            after.align_to(group[1], LEFT)          # clear of "W =" however wide it is
            self.shown[f"weights_after_{k}"] = after
            changes.append(ReplacementTransform(group[1], after))
        with self.narrate('Only when the backward pass has reached the first layer, with every '
                          'gradient known, does <bookmark mark="optimizer"/>the optimizer '
                          '<bookmark mark="update"/>update the parameters, all at once.') as line:
            line.wait_until("optimizer")
            self.play(FadeIn(call, shift=UP * 0.2), run_time=0.6)
            line.wait_until("update")
            self.play(*changes, run_time=1.5)
        with self.narrate("The original video updated W inside backward, and then computed dE/dX "
                          "with the new W: a subtle bug. Here backward never touches the "
                          "parameters, so it cannot happen.", pause=1.5):
            pass                        # the picture holds: the update is done
