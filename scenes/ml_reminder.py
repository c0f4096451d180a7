"""Chapter 3: a reminder of how a network learns: forward pass, error, gradient, update.

One real weight of the story network takes one real gradient-descent step, and the
run's real error curve shows the same step repeated for every epoch.

Render:  manim render -ql scenes/ml_reminder.py MLReminder
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UL, UP, UR, Arrow, Axes, GrowArrow, Create,
                   DecimalNumber, Dot, FadeIn, FadeOut, Indicate, Integer, Line, MathTex, Tex,
                   VGroup)

import nn
from scenes.kit import (DIM_COLOR, E_COLOR, RATE_COLOR, TARGET_COLOR, TEXT_COLOR, W_COLOR, X_COLOR,
                        Y_COLOR, StoryScene, arrow_between, as_column, fmt, fmt_vector, formula,
                        grad_of, layer_block, number, number_matrix, precision)

UPDATE_DECIMALS = 3       # the one update written out with numbers
CURVE_POINTS = 61
PANEL_X = 2.3             # centre of the right-hand panel


def chosen_weight(step: nn.StepRecord) -> tuple[int, int, int]:
    """(layer index, j, i) of the weight with the largest gradient: its step is easiest to see."""
    best = None
    for layer in step.layers:
        if "weights" in layer.grads:
            g = np.abs(layer.grads["weights"])
            j, i = np.unravel_index(np.argmax(g), g.shape)
            if best is None or g[j, i] > best[0]:
                best = (g[j, i], layer.index, int(j), int(i))
    return best[1:]


def weight_tex(j: int, i: int) -> str:
    """w_{ji} with the video's 1-based indices: w_{12}; w_{12,3} once an index has two digits."""
    sep = "," if max(j, i) >= 9 else ""
    return f"w_{{{j + 1}{sep}{i + 1}}}"


def error_along(story, index: int, j: int, i: int, values: np.ndarray) -> np.ndarray:
    """E on the step's sample as that one weight takes each of ``values`` (nn computes it)."""
    model = story.model_before_step()
    weights = model.layers[index].params["weights"]
    loss = nn.MSE()
    errors = []
    for value in values:
        weights[j, i] = value
        errors.append(loss(story.step.y_true, model.predict(story.step.x)))
    return np.array(errors)


def dense_number(step: nn.StepRecord, index: int) -> int:
    """1 for the first Dense layer, 2 for the second..."""
    return [layer.index for layer in step.layers if layer.kind == "Dense"].index(index) + 1


class MLReminder(StoryScene):
    def construct(self) -> None:
        self.chapter("ML reminder")
        self.steps = self.step_list()
        self.forward_and_error()
        self.gradient_and_update()
        self.epochs()
        self.clear_all()

    # -- the four steps, listed on the left ---------------------------------------------

    def step_list(self) -> VGroup:
        items = VGroup(
            Tex(r"1.\ forward pass", font_size=32),
            Tex(r"2.\ error $E$", font_size=32),
            Tex(r"3.\ gradient $\partial E / \partial w$", font_size=32),
            Tex(r"4.\ update $w \leftarrow w - \alpha\, \partial E / \partial w$", font_size=32),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        items.set_color(DIM_COLOR).to_corner(UL, buff=0.6).shift(DOWN * 0.4)
        return items

    def light_step(self, k: int) -> None:
        """Light step k of the list, dim the others."""
        self.play(*(item.animate.set_color(TEXT_COLOR if n == k else DIM_COLOR)
                    for n, item in enumerate(self.steps)), run_time=0.5)

    # -- 1 and 2 -----------------------------------------------------------------------

    def forward_and_error(self) -> None:
        story, step = self.story, self.story.step
        dx, dy = precision(story.x), precision(story.y)
        x_col = number_matrix(as_column(step.x), X_COLOR, decimals=dx)
        network = layer_block("network", kind="", font_size=24)
        y_col = number_matrix(as_column(step.y_pred), Y_COLOR)
        x_group = VGroup(MathTex("X", "=", font_size=40), x_col).arrange(RIGHT, buff=0.2)
        y_group = VGroup(MathTex("Y", "=", font_size=40), y_col).arrange(RIGHT, buff=0.2)
        x_group[0][0].set_color(X_COLOR)
        y_group[0][0].set_color(Y_COLOR)
        row = VGroup(x_group, network, y_group).arrange(RIGHT, buff=0.8)
        row.move_to(RIGHT * PANEL_X + UP * 1.6)
        arrows = VGroup(arrow_between(x_group, network), arrow_between(network, y_group))
        self.shown.update(reminder_x=x_col, reminder_y=y_col)
        with self.narrate('A quick reminder of how a network learns, in <bookmark mark="steps"/>'
                          'four steps. First, <bookmark mark="forward"/>the forward pass: '
                          '<bookmark mark="in"/>an input goes in, through every layer, and '
                          '<bookmark mark="out"/>an output comes out.') as line:
            line.wait_until("steps")
            self.play(FadeIn(self.steps, shift=RIGHT * 0.2), run_time=0.8)
            line.wait_until("forward")
            self.light_step(0)
            line.wait_until("in")
            self.play(FadeIn(x_group), FadeIn(network), GrowArrow(arrows[0]), run_time=1.0)
            line.wait_until("out")
            self.play(GrowArrow(arrows[1]), FadeIn(y_group), run_time=0.8)

        target = number_matrix(as_column(step.y_true), TARGET_COLOR, decimals=dy)
        t_group = VGroup(MathTex("Y^*", "=", font_size=40), target).arrange(RIGHT, buff=0.2)
        t_group[0][0].set_color(TARGET_COLOR)
        error = DecimalNumber(step.loss, num_decimal_places=2, font_size=40, color=E_COLOR)
        e_group = VGroup(MathTex("E", "=", font_size=40), error).arrange(RIGHT, buff=0.2)
        e_group[0][0].set_color(E_COLOR)
        second = VGroup(t_group, e_group).arrange(RIGHT, buff=1.2)
        second.next_to(row, DOWN, buff=0.8).align_to(row, RIGHT)
        self.shown["reminder_target"] = target
        self.shown["reminder_error"] = error
        with self.narrate(f'Then <bookmark mark="error"/>the error: the desired output '
                          f'<bookmark mark="target"/>Y* is {fmt_vector(step.y_true, dy)}, so this '
                          f'answer is off, and <bookmark mark="E"/>the error E says by how much: '
                          f'{fmt(step.loss)}.') as line:
            line.wait_until("error")
            self.light_step(1)
            line.wait_until("target")
            self.play(FadeIn(t_group), run_time=0.8)
            line.wait_until("E")
            self.play(FadeIn(e_group, shift=LEFT * 0.2), run_time=0.8)
        self.row_parts = VGroup(row, arrows, second)

    # -- 3 and 4 -----------------------------------------------------------------------

    def gradient_and_update(self) -> None:
        story, step = self.story, self.story.step
        index, j, i = chosen_weight(step)
        layer = step.layers[index]
        w = float(layer.params_before["weights"][j, i])
        g = float(layer.grads["weights"][j, i])
        w_after = float(layer.params_after["weights"][j, i])
        rate = story.config.learning_rate
        symbol = weight_tex(j, i)

        # E as a function of this one weight, all others held: computed by nn.
        reach = max(0.6, 4 * abs(w - w_after))
        ws = np.linspace(w - reach, w + reach, CURVE_POINTS)
        es = error_along(story, index, j, i, ws)
        e_top = float(es.max()) * 1.1
        # x runs from the curve's left end, so that the E axis stands at the left edge.
        axes = Axes(x_range=[0, 2 * reach, reach / 2], y_range=[0, e_top, e_top / 4],
                    x_length=6.4, y_length=3.6, tips=False,
                    axis_config={"color": DIM_COLOR, "stroke_width": 2,
                                 "include_ticks": False})
        axes.move_to(RIGHT * PANEL_X + DOWN * 1.3)

        def at(weight: float, error: float):
            return axes.c2p(weight - ws[0], error)

        x_label = MathTex(symbol, font_size=36, color=W_COLOR).next_to(axes.x_axis, RIGHT,
                                                                       buff=0.15)
        y_label = MathTex("E", font_size=36, color=E_COLOR).next_to(axes.y_axis, UP,
                                                                    buff=0.15)
        curve = axes.plot_line_graph(ws - ws[0], es, add_vertex_dots=False,
                                     line_color=E_COLOR, stroke_width=3)
        e_now = float(error_along(story, index, j, i, np.array([w]))[0])
        dot = Dot(at(w, e_now), color=W_COLOR, radius=0.08)
        self.shown.update(curve_weights=ws, curve_errors=es, curve_error_at_w=e_now)
        with self.narrate(f'The <bookmark mark="gradient"/>error depends on every parameter. '
                          f'Take <bookmark mark="weight"/>one weight, w_{symbol[3:-1]} of Dense '
                          f'layer {dense_number(step, index)}, and <bookmark mark="curve"/>let nn '
                          f'compute the error as only this weight changes: this curve.') as line:
            line.wait_until("gradient")
            self.light_step(2)
            self.play(FadeOut(self.row_parts), run_time=0.6)
            line.wait_until("weight")
            self.play(Create(axes), FadeIn(x_label), FadeIn(y_label), run_time=1.2)
            line.wait_until("curve")
            self.play(Create(curve), run_time=2.0)

        w_value = DecimalNumber(w, num_decimal_places=UPDATE_DECIMALS, font_size=32,
                                color=W_COLOR)
        w_line = VGroup(MathTex(symbol, "=", font_size=36), w_value).arrange(RIGHT, buff=0.15)
        w_line[0][0].set_color(W_COLOR)
        w_line.next_to(dot, UL if g > 0 else UR, buff=0.25)
        self.shown["weight_before"] = w_value
        with self.narrate(f"Right now, this weight is {fmt(w, UPDATE_DECIMALS)}."):
            self.play(FadeIn(dot, scale=0.5), FadeIn(w_line), run_time=1)

        # The slope of the curve at w is the gradient nn's backward pass computed.
        half = reach / 2.5
        tangent = Line(at(w - half, e_now - g * half), at(w + half, e_now + g * half),
                       color=TEXT_COLOR, stroke_width=3)
        g_value = number(g, W_COLOR)
        g_line = VGroup(formula(f"{{{{{grad_of(symbol)}}}}} =", font_size=40), g_value)
        g_line.arrange(RIGHT, buff=0.15).move_to(RIGHT * PANEL_X + UP * 2.5)
        self.shown["gradient"] = g_value
        direction = "rises" if g > 0 else "falls"
        with self.narrate(f'The gradient is <bookmark mark="slope"/>the slope of this curve: how '
                          f'fast E changes when the weight moves. Backpropagation gives '
                          f'<bookmark mark="value"/>{fmt(g)}: here E {direction} '
                          f'as the weight grows.') as line:
            line.wait_until("slope")
            self.play(Create(tangent), run_time=1.2)
            line.wait_until("value")
            self.play(FadeIn(g_line), run_time=0.8)

        # 4: one step against the slope, with nn's numbers.
        rule = formula(f"{{{{{symbol}}}}} \\leftarrow {{{{{symbol}}}}} - {{{{\\alpha}}}}\\,"
                    f"{{{{{grad_of(symbol)}}}}}", font_size=40)
        rule.move_to(g_line)
        numbers = [number(value, color, places)
                   for value, places, color in ((w_after, UPDATE_DECIMALS, W_COLOR),
                                                (w, UPDATE_DECIMALS, W_COLOR),
                                                (rate, None, RATE_COLOR),
                                                (g, None, W_COLOR))]
        ops = [MathTex(t, font_size=40) for t in ("=", "-", r"\times")]
        filled = VGroup(numbers[0], ops[0], numbers[1], ops[1], numbers[2], ops[2], numbers[3])
        filled.arrange(RIGHT, buff=0.18).next_to(rule, DOWN, buff=0.35)
        self.shown.update(update_after=numbers[0], update_before=numbers[1],
                          learning_rate=numbers[2], update_gradient=numbers[3])
        alpha = rule.get_part_by_tex(r"\alpha")
        with self.narrate('Gradient descent <bookmark mark="step"/>moves the weight a small step '
                          'against the slope, the step scaled by <bookmark mark="alpha"/>the '
                          'learning rate alpha.') as line:
            self.light_step(3)
            line.wait_until("step")
            self.play(FadeOut(g_line, shift=UP * 0.2), FadeIn(rule, shift=UP * 0.2), run_time=1)
            line.wait_until("alpha")
            self.play(Indicate(alpha, color=RATE_COLOR), run_time=1)
        with self.narrate(f'With <bookmark mark="rate"/>the learning rate {fmt(rate)}, '
                          f'<bookmark mark="new"/>the new weight is '
                          f'{fmt(w_after, UPDATE_DECIMALS)}: exactly what nn\'s optimizer wrote '
                          f'into the layer.') as line:
            line.wait_until("rate")
            self.play(FadeIn(filled[1:], shift=DOWN * 0.2), run_time=1.0)
            line.wait_until("new")
            self.play(FadeIn(filled[0], shift=RIGHT * 0.2), run_time=0.8)
        e_after = float(error_along(story, index, j, i, np.array([w_after]))[0])
        self.shown["curve_error_after"] = e_after
        ghost = dot.copy().set_opacity(0.35)
        guide = Arrow(at(w, 0) + DOWN * 0.2, at(w_after, 0) + DOWN * 0.2, buff=0,
                      color=W_COLOR, stroke_width=4, tip_length=0.15,
                      max_tip_length_to_length_ratio=0.5)
        self.add(ghost)
        with self.narrate('The error <bookmark mark="drops"/>drops. One small step, for one '
                          'weight.') as line:
            self.play(FadeOut(w_line), FadeOut(tangent), run_time=0.4)
            line.wait_until("drops")
            self.play(dot.animate.move_to(at(w_after, e_after)), GrowArrow(guide), run_time=1.2)
        self.update_parts = VGroup(axes, x_label, y_label, curve, ghost, dot, guide, rule,
                                   filled)

    # -- repeated: the run's real error curve ---------------------------------------------

    def epochs(self) -> None:
        story = self.story
        epochs = np.asarray(story.run.epochs)
        errors = np.asarray(story.run.loss)

        logs = np.log10(errors)
        low, high = int(np.floor(logs.min())), int(np.ceil(logs.max()))
        high = max(high, low + 1)
        # log10(E) - low on a plain axis, so that the epoch axis lies at the bottom.
        axes = Axes(x_range=[0, epochs[-1], epochs[-1]], y_range=[0, high - low, 1],
                    x_length=6.4, y_length=3.8, tips=False,
                    axis_config={"color": DIM_COLOR, "stroke_width": 2})
        axes.move_to(RIGHT * PANEL_X + DOWN * 0.9)
        y_labels = VGroup(*(MathTex(f"10^{{{p}}}", font_size=26, color=DIM_COLOR)
                            .next_to(axes.c2p(0, p - low), LEFT, buff=0.15)
                            for p in range(low, high + 1)))
        start = Integer(epochs[0], font_size=28, color=DIM_COLOR)
        start.next_to(axes.c2p(0, 0), DOWN, buff=0.2)
        end = Integer(epochs[-1], font_size=28, color=DIM_COLOR)
        end.next_to(axes.c2p(epochs[-1], 0), DOWN, buff=0.2)
        x_title = Tex("epoch", font_size=30, color=DIM_COLOR)
        x_title.next_to(axes.c2p(epochs[-1] / 2, 0), DOWN, buff=0.2)
        y_title = MathTex("E", font_size=36, color=E_COLOR).next_to(axes.y_axis, UP, buff=0.15)
        picks = np.unique(np.concatenate([np.geomspace(1, len(epochs), 160),
                                          np.linspace(1, len(epochs), 120)]).astype(int)) - 1
        curve = axes.plot_line_graph(epochs[picks], logs[picks] - low, add_vertex_dots=False,
                                     line_color=E_COLOR, stroke_width=3)
        first = number(errors[0], E_COLOR, font_size=34)
        last = number(errors[-1], E_COLOR, font_size=34)
        arrow = MathTex(r"\longrightarrow", font_size=40)
        summary = VGroup(first, arrow, last).arrange(RIGHT, buff=0.3)
        summary.move_to(RIGHT * PANEL_X + UP * 2.4)
        self.shown.update(loss_first=first, loss_last=last, loss_epoch_start=start,
                          loss_epoch_end=end, loss_curve_epochs=epochs[picks],
                          loss_curve_values=errors[picks])
        with self.narrate('Training repeats <bookmark mark="steps"/>these four steps: for every '
                          'weight and every bias at once, for every sample, '
                          '<bookmark mark="over"/>over and over.') as line:
            self.play(FadeOut(self.update_parts), run_time=0.8)
            line.wait_until("steps")
            self.play(*(item.animate.set_color(TEXT_COLOR) for item in self.steps),
                      run_time=0.6)
            line.wait_until("over")
            self.play(Create(axes), FadeIn(y_labels), FadeIn(VGroup(start, end, x_title)),
                      FadeIn(y_title), run_time=0.9)
        with self.narrate(f'This is <bookmark mark="curve"/>the real error of our network over '
                          f'its {epochs[-1]} epochs, on a logarithmic scale: from '
                          f'<bookmark mark="first"/>{fmt(errors[0])} before training down to '
                          f'<bookmark mark="last"/>{fmt(errors[-1])}.', pause=1.5) as line:
            line.wait_until("curve")
            self.play(Create(curve), run_time=max(1.0, line.time_of("first") - line.elapsed()))
            self.play(FadeIn(summary[0]), run_time=0.5)
            line.wait_until("last")
            self.play(FadeIn(summary[1:], shift=RIGHT * 0.2), run_time=0.6)
        with self.narrate('Everything hinges on <bookmark mark="three"/>step 3: the derivative of '
                          'the error with respect to every parameter. The rest of the video is '
                          'about computing it, layer by layer.') as line:
            line.wait_until("three")
            self.play(Indicate(self.steps[2], color=E_COLOR, scale_factor=1.1), run_time=1.2)
