"""Chapter 4: the implementation design. Each layer takes dE/dY and returns dE/dX.

The chain rule links the blocks: the real dE/dY of the story's step, computed by the
loss, flows backward through the real blocks of the story network with their real
shapes; the parameters change only after the whole backward pass.

Render:  manim render -ql scenes/chain_rule.py ChainRule
"""

from __future__ import annotations

from manim import (DOWN, LEFT, RIGHT, UP, Arrow, Create, FadeIn, FadeOut, GrowArrow, Indicate,
                   Integer, LaggedStart, MathTex, ReplacementTransform, SurroundingRectangle,
                   Text, VGroup, Write, YELLOW)

from scenes.kit import (CODE_FONT, DIM_COLOR, E_COLOR, TARGET_COLOR, TEXT_COLOR, W_COLOR, X_COLOR,
                        Y_COLOR, StoryScene, as_column, fmt_vector, formula, grad_of, layer_block,
                        number_matrix, precision)

ROW_Y = 2.85            # the network's blocks
VECTOR_Y = 0.3          # centre of the gradient vectors under the row
PARAM_TOP = -0.95       # top of the weight matrices under the Dense blocks
MAX_WIDTH = 13.4
VECTOR_FONT = 28
VECTOR_MAX_HEIGHT = 2.1
PARAM_FONT = 26
PARAM_MAX_HEIGHT = 2.7   # of the matrix; its label keeps its size


def arrow(start, end, color=DIM_COLOR) -> Arrow:
    return Arrow(start, end, buff=0.08, color=color, stroke_width=3, tip_length=0.16,
                 max_tip_length_to_length_ratio=0.3)


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
        step = self.story.step
        records = step.layers
        # Slot k holds what flows between layer k and layer k + 1 (slot 0: the input X,
        # slot L: the output Y).  Backward, slot k receives dE/dX of layer k + 1, which
        # is dE/dY of layer k.
        gradients = [records[0].input_gradient] + [r.output_gradient for r in records]
        vectors = []
        for k, values in enumerate(gradients):     # dE/dX like X, dE/dY like Y (kit.tex)
            vector = number_matrix(as_column(values), X_COLOR if k == 0 else Y_COLOR,
                                   font_size=VECTOR_FONT)
            if vector.height > VECTOR_MAX_HEIGHT:
                vector.scale_to_fit_height(VECTOR_MAX_HEIGHT)
            vectors.append(vector)
        blocks = [layer_block(r.kind, r.kind, subtitle=f"{r.input.shape[1]} -> "
                                                       f"{r.output.shape[1]}",
                              font_size=24, height=1.05)
                  for r in records]
        slot_widths = [max(0.9, v.width + 0.3) for v in vectors]
        error = MathTex("E", font_size=56, color=E_COLOR)
        total = sum(slot_widths) + sum(b.width for b in blocks) + error.width + 0.2
        scale = min(1.0, MAX_WIDTH / total)
        for mob in (*blocks, *vectors, error):
            mob.scale(scale)
        slot_widths = [w * scale for w in slot_widths]

        x = -(sum(slot_widths) + sum(b.width for b in blocks) + error.width + 0.2 * scale) / 2
        slot_centers = []
        for k, width in enumerate(slot_widths):
            slot_centers.append(x + width / 2)
            x += width
            if k < len(blocks):
                blocks[k].move_to([x + blocks[k].width / 2, ROW_Y, 0])
                x += blocks[k].width
        error.move_to([x + 0.2 * scale + error.width / 2, ROW_Y, 0])
        for vector, cx in zip(vectors, slot_centers):
            vector.move_to([cx, VECTOR_Y, 0])

        # Forward arrows through every slot, X entering and Y leaving.
        lefts = [None, *blocks]
        rights = [*blocks, error]
        forward = VGroup()
        for k, cx in enumerate(slot_centers):
            start = lefts[k].get_right() if lefts[k] else [cx - slot_widths[k] / 2, ROW_Y, 0]
            end = rights[k].get_left()
            forward.add(arrow(start, end))
        x_sym = MathTex("X", font_size=36, color=X_COLOR).next_to(forward[0], UP, buff=0.1)
        y_sym = MathTex("Y", font_size=36, color=Y_COLOR).next_to(forward[-1], UP, buff=0.1)

        self.blocks, self.vectors, self.forward = blocks, vectors, forward
        self.slot_centers, self.error_symbol = slot_centers, error
        for k, vector in enumerate(vectors):
            self.shown[f"slot_{k}"] = vector
        self.shown["block_shapes"] = [(r.kind, r.input.shape[1], r.output.shape[1])
                                      for r in records]
        with self.narrate('How do we get the derivative of the error with respect to a weight '
                          'deep inside the network? The design that makes it simple: '
                          '<bookmark mark="block"/>every layer is a block that minds its own '
                          'business.') as line:
            self.play(LaggedStart(*(FadeIn(b, shift=UP * 0.2) for b in blocks), lag_ratio=0.2),
                      LaggedStart(*(GrowArrow(a) for a in forward), lag_ratio=0.2),
                      FadeIn(x_sym), FadeIn(y_sym), FadeIn(error), run_time=2)
            line.wait_until("block")
            self.play(LaggedStart(*(Indicate(b, scale_factor=1.08) for b in blocks),
                                  lag_ratio=0.25), run_time=1.5)
        self.row = VGroup(*blocks, forward, x_sym, y_sym, error)

    # -- what one layer does --------------------------------------------------------------

    def one_layer(self) -> None:
        block = layer_block("layer", kind="", font_size=30, min_width=3.2, height=1.9)
        block.move_to(DOWN * 0.55)
        left, right = block.get_left(), block.get_right()
        top, low = UP * 0.45, DOWN * 0.45
        x_in = arrow(left + LEFT * 1.6 + top, left + top, X_COLOR)
        y_out = arrow(right + top, right + RIGHT * 1.6 + top, Y_COLOR)
        g_in = arrow(right + RIGHT * 1.6 + low, right + low, E_COLOR)
        g_out = arrow(left + low, left + LEFT * 1.6 + low, E_COLOR)
        x_lab = MathTex("X", font_size=40, color=X_COLOR).next_to(x_in, LEFT, buff=0.15)
        y_lab = MathTex("Y", font_size=40, color=Y_COLOR).next_to(y_out, RIGHT, buff=0.15)
        gy_lab = formula(grad_of("Y"), font_size=40).next_to(g_in, RIGHT, buff=0.15)
        gx_lab = formula(grad_of("X"), font_size=40).next_to(g_out, LEFT, buff=0.15)
        fwd_word = Text("forward", font=CODE_FONT, font_size=22, color=DIM_COLOR)
        bwd_word = Text("backward", font=CODE_FONT, font_size=22, color=DIM_COLOR)
        fwd_word.next_to(block, UP, buff=0.15)
        bwd_word.next_to(block, DOWN, buff=0.15)
        inside = formula(grad_of("W"), ",", grad_of("B"), font_size=30)
        inside.move_to(block).shift(DOWN * 0.35)

        with self.narrate('Forward: a layer takes <bookmark mark="x"/>an input X and returns '
                          '<bookmark mark="y"/>an output Y.') as line:
            self.play(FadeIn(block), FadeIn(fwd_word), run_time=0.6)
            line.wait_until("x")
            self.play(GrowArrow(x_in), FadeIn(x_lab), run_time=0.6)
            line.wait_until("y")
            self.play(GrowArrow(y_out), FadeIn(y_lab), run_time=0.6)
        with self.narrate('Backward: it is handed <bookmark mark="dy"/>dE/dY, how the error '
                          'changes with each of its outputs, and it returns <bookmark mark="dx"/>'
                          'dE/dX, how the error changes with each of its inputs.') as line:
            self.play(FadeIn(bwd_word), run_time=0.6)
            line.wait_until("dy")
            self.play(GrowArrow(g_in), FadeIn(gy_lab), run_time=0.8)
            line.wait_until("dx")
            self.play(GrowArrow(g_out), FadeIn(gx_lab), run_time=0.8)
        with self.narrate('If it has parameters, the layer also computes their gradients on the '
                          'way: <bookmark mark="grads"/>dE/dW and dE/dB. Those are what gradient '
                          'descent needs.') as line:
            line.wait_until("grads")
            self.play(block.label.animate.shift(UP * 0.45), FadeIn(inside, shift=UP * 0.1),
                      run_time=1.0)

        rule = formula(grad_of("x_i"), "=", r"\sum_j", grad_of("y_j"), r"\,",
                    r"\frac{\partial y_j}{\partial x_i}", font_size=40)
        rule.next_to(bwd_word, DOWN, buff=0.35)
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

        # The X of one layer is the Y of the layer before it.
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
        self.play(*(FadeOut(m) for m in (block, x_in, y_out, g_in, g_out, x_lab, y_lab,
                                          gy_lab, gx_lab, fwd_word, bwd_word, inside, link)),
                  run_time=0.8)

    # -- where the first dE/dY comes from --------------------------------------------------

    def first_gradient(self) -> None:
        step = self.story.step
        dy = precision(self.story.y)
        error_def = formula("E", "=", r"\frac{1}{n}", r"\sum_i", r"(", "y^*_i", "-", "y_i",
                         r")^2", font_size=42)
        derivative = formula(grad_of("Y"), "=", r"\frac{2}{n}", "(", "Y", "-", "Y^*", ")",
                          font_size=42)
        VGroup(error_def, derivative).arrange(DOWN, buff=0.45).move_to(UP * 0.05)
        with self.narrate('Where does the very first dE/dY come from? From the error itself. '
                          '<bookmark mark="mse"/>Ours is the mean squared error over the n '
                          'outputs.') as line:
            line.wait_until("mse")
            self.play(FadeIn(error_def, shift=UP * 0.2), run_time=1.2)
        with self.narrate("Its derivative with respect to the network's output Y is two over n, "
                          "times Y minus Y*."):
            self.play(FadeIn(derivative, shift=UP * 0.2), run_time=1.2)

        n = Integer(step.y_pred.size, font_size=38)
        two_over = VGroup(MathTex("2", font_size=38), MathTex(r"\overline{\phantom{22}}",
                                                              font_size=38), n)
        two_over.arrange(DOWN, buff=0.05)
        y_col = number_matrix(as_column(step.y_pred), Y_COLOR, font_size=28)
        t_col = number_matrix(as_column(step.y_true), TARGET_COLOR, decimals=dy,
                              font_size=28)
        result = number_matrix(as_column(step.loss_gradient), Y_COLOR, font_size=28)
        filled = VGroup(MathTex("=", font_size=42), two_over, MathTex("(", font_size=48),
                        y_col, MathTex("-", font_size=42), t_col, MathTex(")", font_size=48),
                        MathTex("=", font_size=42), result).arrange(RIGHT, buff=0.18)
        filled.next_to(derivative, DOWN, buff=0.45).align_to(derivative[1], LEFT)
        if filled.get_right()[0] > 6.8:
            filled.shift(LEFT * (filled.get_right()[0] - 6.8))
        self.shown.update(loss_n=n, loss_y=y_col, loss_target=t_col, loss_gradient=result)
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
                      *(FadeOut(m) for m in (error_def, derivative, filled[:-1])), run_time=1.5)

    # -- the real backward pass -----------------------------------------------------------

    def backward_pass(self) -> None:
        step = self.story.step
        records = step.layers
        blocks, vectors = self.blocks, self.vectors
        names = [layer.describe() for layer in self.story.new_model().layers]

        # The weights under each Dense block: what forward used, and backward reads.
        self.params = {}
        for record, block in zip(records, blocks):
            if "weights" not in record.params_before:
                continue
            matrix = number_matrix(record.params_before["weights"], W_COLOR,
                                   font_size=PARAM_FONT)
            label = MathTex("W", "=", font_size=34)
            label[0].set_color(W_COLOR)
            if matrix.height > PARAM_MAX_HEIGHT:
                matrix.scale_to_fit_height(PARAM_MAX_HEIGHT)
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

        for record in reversed(records):
            k = record.index
            block = blocks[k]
            right, left = vectors[k + 1], vectors[k]
            gy = formula(grad_of("Y"), font_size=30).next_to(right, UP, buff=0.1)
            gx = formula(grad_of("X"), font_size=30).next_to(left, UP, buff=0.1)
            flow = arrow(right.get_left(), left.get_right(), E_COLOR)
            frame = SurroundingRectangle(block, color=YELLOW, buff=0.06, corner_radius=0.12)
            n_out, n_in = record.output.shape[1], record.input.shape[1]
            if record.kind == "Dense":
                text = (f'{names[k]} receives <bookmark mark="dy"/>dE/dY, {n_out} '
                        f'number{"s" if n_out > 1 else ""}, and returns <bookmark mark="dx"/>'
                        f'dE/dX, {n_in} numbers, using its W. On the way it fills '
                        f'<bookmark mark="grads"/>dE/dW and dE/dB; W itself stays as it is.')
            else:
                text = (f'{record.kind} works element by element: <bookmark mark="dy"/>dE/dY '
                        f'in, <bookmark mark="dx"/>dE/dX out, {n_in} '
                        f'number{"s" if n_in > 1 else ""} each.')
            if k == 0:
                text += (' Its input is the data itself: <bookmark mark="unused"/>no layer needs '
                         'this last dE/dX, and nn\'s training step skips computing it.')
            with self.narrate(text) as line:
                self.play(Create(frame), run_time=0.6)
                line.wait_until("dy")
                self.play(FadeIn(gy), Indicate(right, color=YELLOW, scale_factor=1.05),
                          run_time=0.8)
                line.wait_until("dx")
                self.play(GrowArrow(flow), ReplacementTransform(right.copy(), left), run_time=1.2)
                self.play(FadeIn(gx), run_time=0.4)
                if k in self.params:
                    # the gradients this layer filled, noted under its block
                    tag = formula(grad_of("W"), ",\\;", grad_of("B"), font_size=24)
                    check = MathTex(r"\checkmark", font_size=28, color=W_COLOR)
                    VGroup(tag, check).arrange(RIGHT, buff=0.1)
                    VGroup(tag, check).next_to(block, DOWN, buff=0.12)
                    line.wait_until("grads")
                    self.play(FadeIn(VGroup(tag, check), shift=DOWN * 0.1),
                              Indicate(self.params[k][1], color=YELLOW, scale_factor=1.05),
                              run_time=0.8)
                    self.params[k].add(tag, check)
                if k == 0:
                    line.wait_until("unused")
                    self.play(vectors[0].animate.set_opacity(0.45), run_time=0.6)
            self.play(FadeOut(frame), FadeOut(gy), FadeOut(gx), FadeOut(flow), run_time=0.5)

    def fit_params_in_frame(self) -> None:
        """Each W under its Dense block; when they crowd there (wide layers, many layers),
        one row across the frame instead, in the layers' order, scaled to fit."""
        groups = list(self.params.values())
        for group in groups:
            if group.get_left()[0] < -6.9:
                group.shift(RIGHT * (-6.9 - group.get_left()[0]))
            if group.get_right()[0] > 6.9:
                group.shift(LEFT * (group.get_right()[0] - 6.9))
        if any(b.get_left()[0] - a.get_right()[0] < 0.3 for a, b in zip(groups, groups[1:])):
            row = VGroup(*groups).arrange(RIGHT, buff=0.6, aligned_edge=UP)
            if row.width > 13.8:
                row.scale_to_fit_width(13.8)
            row.move_to([0, 0, 0]).align_to([0, PARAM_TOP, 0], UP)

    # -- only then: the update ------------------------------------------------------------

    def update(self) -> None:
        records = self.story.step.layers
        call = Text("optimizer.step(layers)", font=CODE_FONT, font_size=26, color=TEXT_COLOR)
        call.to_corner(DOWN + RIGHT, buff=0.5)
        changes = []
        for k, group in self.params.items():
            after = number_matrix(records[k].params_after["weights"], W_COLOR,
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
