"""Chapter 3: a reminder of how a network learns: forward pass, error, gradient, update.

One real weight of the story network takes one real gradient-descent step, and the
run's real error curve shows the same step repeated for every epoch.

Render:  manim render -ql scenes/ml_reminder.py MLReminder
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UL, UP, UR, Arrow, Axes, Create, Dot, FadeIn, FadeOut,
                   GrowArrow, Indicate, Integer, Line, MathTex, Tex, VGroup)

import nn
from scenes.kit import (DIM_COLOR, E_COLOR, RATE_COLOR, TARGET_COLOR, TEXT_COLOR, W_COLOR, WIDTH,
                        X_COLOR, Y_COLOR, StoryScene, arrow_between, as_column, fmt, fmt_vector,
                        formula, grad_of, layer_block, number, number_matrix, precision)

UPDATE_DECIMALS = 3       # the one update written out with numbers: enough to see the step
CURVE_POINTS = 61
CURVE_SIZE = (6.4, 3.6)   # the error curve along one weight: axes' width and height
RUN_SIZE = (6.4, 3.8)     # the run's error curve
BOTTOM_GAP = 0.9          # below the one weight's curve: room for the step's arrow
RUN_BOTTOM_GAP = 1.2      # below the run's curve: room for its epochs


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


@dataclass
class Weight:
    """The one weight that takes its step: where it is, and its recorded step."""

    index: int
    j: int
    i: int
    before: float
    grad: float
    after: float
    rate: float

    @property
    def symbol(self) -> str:
        return weight_tex(self.j, self.i)

    @classmethod
    def of(cls, story) -> "Weight":
        step = story.step
        index, j, i = chosen_weight(step)
        layer = step.layers[index]
        return cls(index, j, i, float(layer.params_before["weights"][j, i]),
                   float(layer.grads["weights"][j, i]),
                   float(layer.params_after["weights"][j, i]), story.config.learning_rate)

    def errors(self, story, values) -> np.ndarray:
        return error_along(story, self.index, self.j, self.i, np.atleast_1d(values))


class MLReminder(StoryScene):
    def construct(self) -> None:
        self.chapter("ML reminder")
        self.steps = self.step_list()
        self.forward_and_error()
        self.gradient_and_update()
        self.epochs()
        self.clear_all()

    # -- the four steps, listed on the left; the panel on their right ------------------

    def step_list(self) -> VGroup:
        items = VGroup(
            Tex(r"1.\ forward pass", font_size=32),
            Tex(r"2.\ error $E$", font_size=32),
            Tex(r"3.\ gradient $\partial E / \partial w$", font_size=32),
            Tex(r"4.\ update $w \leftarrow w - \alpha\, \partial E / \partial w$", font_size=32),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        items.set_color(DIM_COLOR).to_corner(UL, buff=0.6).shift(DOWN * 0.4)
        return items

    @property
    def panel_x(self) -> float:
        """The middle of the room right of the step list: where the pictures go."""
        return (self.steps.get_right()[0] + WIDTH / 2) / 2

    def light_step(self, k: int) -> None:
        """Light step k of the list, dim the others."""
        self.play(*(item.animate.set_color(TEXT_COLOR if n == k else DIM_COLOR)
                    for n, item in enumerate(self.steps)), run_time=0.5)

    # -- 1 and 2 -----------------------------------------------------------------------

    def forward_and_error(self) -> None:
        row, arrows = self.forward_pass()
        second = self.error_of_the_answer(row)
        self.row_parts = VGroup(row, arrows, second)

    def forward_pass(self) -> tuple[VGroup, VGroup]:
        step = self.story.step
        x_col = number_matrix(as_column(step.x), X_COLOR, decimals=precision(self.story.x))
        network = layer_block("network", kind="", font_size=24)
        y_col = number_matrix(as_column(step.y_pred), Y_COLOR)
        x_group = VGroup(formula("X =", font_size=40), x_col).arrange(RIGHT, buff=0.2)
        y_group = VGroup(formula("Y =", font_size=40), y_col).arrange(RIGHT, buff=0.2)
        row = VGroup(x_group, network, y_group).arrange(RIGHT, buff=0.8)
        row.match_y(self.steps).set_x(self.panel_x)      # level with the list's middle
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
        return row, arrows

    def error_of_the_answer(self, row) -> VGroup:
        step = self.story.step
        dy = precision(self.story.y)
        target = number_matrix(as_column(step.y_true), TARGET_COLOR, decimals=dy)
        t_group = VGroup(formula("Y^* =", font_size=40), target).arrange(RIGHT, buff=0.2)
        error = number(step.loss, E_COLOR, font_size=40)
        e_group = VGroup(formula("E =", font_size=40), error).arrange(RIGHT, buff=0.2)
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
        return second

    # -- 3 and 4 -----------------------------------------------------------------------

    def gradient_and_update(self) -> None:
        self.weight = Weight.of(self.story)
        self.error_along_one_weight()
        self.mark_the_weight()
        self.show_the_slope()
        self.write_the_update()
        self.take_the_step()
        self.update_parts = VGroup(self.axes, self.axis_labels, self.curve, self.ghost,
                                   self.dot, self.guide, self.rule, self.filled)

    def at(self, weight: float, error: float):
        """The point of the one weight's curve: x runs from the curve's left end, so that
        the E axis stands at the left edge."""
        return self.axes.c2p(weight - self.ws[0], error)

    def error_along_one_weight(self) -> None:
        """E as a function of this one weight, all others held: computed by nn."""
        story, w = self.story, self.weight
        self.reach = reach = max(0.6, 4 * abs(w.before - w.after))
        self.ws = np.linspace(w.before - reach, w.before + reach, CURVE_POINTS)
        es = w.errors(story, self.ws)
        e_top = float(es.max()) * 1.1
        width, height = CURVE_SIZE
        self.axes = axes = Axes(x_range=[0, 2 * reach, reach / 2], y_range=[0, e_top, e_top / 4],
                                x_length=width, y_length=height, tips=False,
                                axis_config={"color": DIM_COLOR, "stroke_width": 2,
                                             "include_ticks": False})
        axes.to_edge(DOWN, buff=BOTTOM_GAP).set_x(self.panel_x)
        self.axis_labels = VGroup(
            formula(w.symbol, font_size=36).next_to(axes.x_axis, RIGHT, buff=0.15),
            formula("E", font_size=36).next_to(axes.y_axis, UP, buff=0.15))
        self.curve = axes.plot_line_graph(self.ws - self.ws[0], es, add_vertex_dots=False,
                                          line_color=E_COLOR, stroke_width=3)
        self.e_now = float(w.errors(story, w.before)[0])
        self.shown.update(curve_weights=self.ws, curve_errors=es, curve_error_at_w=self.e_now)
        with self.narrate(f'The <bookmark mark="gradient"/>error depends on every parameter. '
                          f'Take <bookmark mark="weight"/>one weight, w_{w.symbol[3:-1]} of Dense '
                          f'layer {dense_number(story.step, w.index)}, and <bookmark mark="curve"/>'
                          f'let nn compute the error as only this weight changes: this '
                          f'curve.') as line:
            line.wait_until("gradient")
            self.light_step(2)
            self.play(FadeOut(self.row_parts), run_time=0.6)
            line.wait_until("weight")
            self.play(Create(axes), FadeIn(self.axis_labels), run_time=1.2)
            line.wait_until("curve")
            self.play(Create(self.curve), run_time=2.0)

    def mark_the_weight(self) -> None:
        w = self.weight
        self.dot = Dot(self.at(w.before, self.e_now), color=W_COLOR, radius=0.08)
        w_value = number(w.before, W_COLOR, UPDATE_DECIMALS, font_size=32)
        self.w_line = VGroup(formula(f"{w.symbol} =", font_size=36), w_value)
        self.w_line.arrange(RIGHT, buff=0.15).next_to(self.dot, UL if w.grad > 0 else UR,
                                                      buff=0.25)
        self.shown["weight_before"] = w_value
        with self.narrate(f"Right now, this weight is {fmt(w.before, UPDATE_DECIMALS)}."):
            self.play(FadeIn(self.dot, scale=0.5), FadeIn(self.w_line), run_time=1)

    def show_the_slope(self) -> None:
        """The slope of the curve at w is the gradient nn's backward pass computed."""
        w, e_now = self.weight, self.e_now
        half = self.reach / 2.5
        self.tangent = Line(self.at(w.before - half, e_now - w.grad * half),
                            self.at(w.before + half, e_now + w.grad * half),
                            color=TEXT_COLOR, stroke_width=3)
        g_value = number(w.grad, W_COLOR)
        self.g_line = VGroup(formula(f"{{{{{grad_of(w.symbol)}}}}} =", font_size=40), g_value)
        self.g_line.arrange(RIGHT, buff=0.15).align_to(self.steps, UP).set_x(self.panel_x)
        self.shown["gradient"] = g_value
        direction = "rises" if w.grad > 0 else "falls"
        with self.narrate(f'The gradient is <bookmark mark="slope"/>the slope of this curve: how '
                          f'fast E changes when the weight moves. Backpropagation gives '
                          f'<bookmark mark="value"/>{fmt(w.grad)}: here E {direction} '
                          f'as the weight grows.') as line:
            line.wait_until("slope")
            self.play(Create(self.tangent), run_time=1.2)
            line.wait_until("value")
            self.play(FadeIn(self.g_line), run_time=0.8)

    def write_the_update(self) -> None:
        """4: one step against the slope, with nn's numbers."""
        w, symbol = self.weight, self.weight.symbol
        self.rule = formula(f"{{{{{symbol}}}}} \\leftarrow {{{{{symbol}}}}} - {{{{\\alpha}}}}\\,"
                            f"{{{{{grad_of(symbol)}}}}}", font_size=40).move_to(self.g_line)
        numbers = [number(value, color, places)
                   for value, places, color in ((w.after, UPDATE_DECIMALS, W_COLOR),
                                                (w.before, UPDATE_DECIMALS, W_COLOR),
                                                (w.rate, None, RATE_COLOR),
                                                (w.grad, None, W_COLOR))]
        ops = [MathTex(t, font_size=40) for t in ("=", "-", r"\times")]
        self.filled = VGroup(numbers[0], ops[0], numbers[1], ops[1], numbers[2], ops[2],
                             numbers[3])
        self.filled.arrange(RIGHT, buff=0.18).next_to(self.rule, DOWN, buff=0.35)
        self.shown.update(update_after=numbers[0], update_before=numbers[1],
                          learning_rate=numbers[2], update_gradient=numbers[3])
        with self.narrate('Gradient descent <bookmark mark="step"/>moves the weight a small step '
                          'against the slope, the step scaled by <bookmark mark="alpha"/>the '
                          'learning rate alpha.') as line:
            self.light_step(3)
            line.wait_until("step")
            self.play(FadeOut(self.g_line, shift=UP * 0.2), FadeIn(self.rule, shift=UP * 0.2),
                      run_time=1)
            line.wait_until("alpha")
            self.play(Indicate(self.rule.get_part_by_tex(r"\alpha"), color=RATE_COLOR),
                      run_time=1)
        with self.narrate(f'With <bookmark mark="rate"/>the learning rate {fmt(w.rate)}, '
                          f'<bookmark mark="new"/>the new weight is '
                          f'{fmt(w.after, UPDATE_DECIMALS)}: exactly what nn\'s optimizer wrote '
                          f'into the layer.') as line:
            line.wait_until("rate")
            self.play(FadeIn(self.filled[1:], shift=DOWN * 0.2), run_time=1.0)
            line.wait_until("new")
            self.play(FadeIn(self.filled[0], shift=RIGHT * 0.2), run_time=0.8)

    def take_the_step(self) -> None:
        w = self.weight
        e_after = float(w.errors(self.story, w.after)[0])
        self.shown["curve_error_after"] = e_after
        self.ghost = self.dot.copy().set_opacity(0.35)
        self.guide = Arrow(self.at(w.before, 0) + DOWN * 0.2, self.at(w.after, 0) + DOWN * 0.2,
                           buff=0, color=W_COLOR, stroke_width=4, tip_length=0.15,
                           max_tip_length_to_length_ratio=0.5)
        self.add(self.ghost)
        with self.narrate('The error <bookmark mark="drops"/>drops. One small step, for one '
                          'weight.') as line:
            self.play(FadeOut(self.w_line), FadeOut(self.tangent), run_time=0.4)
            line.wait_until("drops")
            self.play(self.dot.animate.move_to(self.at(w.after, e_after)),
                      GrowArrow(self.guide), run_time=1.2)

    # -- repeated: the run's real error curve ---------------------------------------------

    def epochs(self) -> None:
        plot = self.run_plot()
        summary = self.first_and_last_error()
        self.repeat_the_steps(plot)
        self.draw_the_run(plot, summary)
        self.point_at_step_three()

    def run_plot(self) -> VGroup:
        """The run's error over its epochs, on a logarithmic scale: axes, labels, curve."""
        epochs = np.asarray(self.story.run.epochs)
        errors = np.asarray(self.story.run.loss)
        logs = np.log10(errors)
        low, high = int(np.floor(logs.min())), int(np.ceil(logs.max()))
        high = max(high, low + 1)
        # log10(E) - low on a plain axis, so that the epoch axis lies at the bottom.
        width, height = RUN_SIZE
        axes = Axes(x_range=[0, epochs[-1], epochs[-1]], y_range=[0, high - low, 1],
                    x_length=width, y_length=height, tips=False,
                    axis_config={"color": DIM_COLOR, "stroke_width": 2})
        axes.to_edge(DOWN, buff=RUN_BOTTOM_GAP).set_x(self.panel_x)
        y_labels = VGroup(*(MathTex(f"10^{{{p}}}", font_size=26, color=DIM_COLOR)
                            .next_to(axes.c2p(0, p - low), LEFT, buff=0.15)
                            for p in range(low, high + 1)))
        start = Integer(epochs[0], font_size=28, color=DIM_COLOR)
        start.next_to(axes.c2p(0, 0), DOWN, buff=0.2)
        end = Integer(epochs[-1], font_size=28, color=DIM_COLOR)
        end.next_to(axes.c2p(epochs[-1], 0), DOWN, buff=0.2)
        x_title = Tex("epoch", font_size=30, color=DIM_COLOR)
        x_title.next_to(axes.c2p(epochs[-1] / 2, 0), DOWN, buff=0.2)
        y_title = formula("E", font_size=36).next_to(axes.y_axis, UP, buff=0.15)
        picks = np.unique(np.concatenate([np.geomspace(1, len(epochs), 160),
                                          np.linspace(1, len(epochs), 120)]).astype(int)) - 1
        curve = axes.plot_line_graph(epochs[picks], logs[picks] - low, add_vertex_dots=False,
                                     line_color=E_COLOR, stroke_width=3)
        self.shown.update(loss_epoch_start=start, loss_epoch_end=end,
                          loss_curve_epochs=epochs[picks], loss_curve_values=errors[picks])
        plot = VGroup(axes, y_labels, VGroup(start, end, x_title), y_title, curve)
        plot.axes, plot.frame, plot.curve = axes, VGroup(*plot[1:4]), curve
        return plot

    def first_and_last_error(self) -> VGroup:
        errors = self.story.run.loss
        first = number(errors[0], E_COLOR, font_size=34)
        last = number(errors[-1], E_COLOR, font_size=34)
        arrow = MathTex(r"\longrightarrow", font_size=40)
        summary = VGroup(first, arrow, last).arrange(RIGHT, buff=0.3)
        summary.align_to(self.steps, UP).set_x(self.panel_x)
        self.shown.update(loss_first=first, loss_last=last)
        return summary

    def repeat_the_steps(self, plot) -> None:
        with self.narrate('Training repeats <bookmark mark="steps"/>these four steps: for every '
                          'weight and every bias at once, for every sample, '
                          '<bookmark mark="over"/>over and over.') as line:
            self.play(FadeOut(self.update_parts), run_time=0.8)
            line.wait_until("steps")
            self.play(*(item.animate.set_color(TEXT_COLOR) for item in self.steps),
                      run_time=0.6)
            line.wait_until("over")
            y_labels, ends, y_title = plot.frame
            self.play(Create(plot.axes), FadeIn(y_labels), FadeIn(ends), FadeIn(y_title),
                      run_time=0.9)

    def draw_the_run(self, plot, summary) -> None:
        epochs, errors = self.story.run.epochs, self.story.run.loss
        with self.narrate(f'This is <bookmark mark="curve"/>the real error of our network over '
                          f'its {epochs[-1]} epochs, on a logarithmic scale: from '
                          f'<bookmark mark="first"/>{fmt(errors[0])} before training down to '
                          f'<bookmark mark="last"/>{fmt(errors[-1])}.', pause=1.5) as line:
            line.wait_until("curve")
            self.play(Create(plot.curve),
                      run_time=max(1.0, line.time_of("first") - line.elapsed()))
            self.play(FadeIn(summary[0]), run_time=0.5)
            line.wait_until("last")
            self.play(FadeIn(summary[1:], shift=RIGHT * 0.2), run_time=0.6)

    def point_at_step_three(self) -> None:
        with self.narrate('Everything hinges on <bookmark mark="three"/>step 3: the derivative of '
                          'the error with respect to every parameter. The rest of the video is '
                          'about computing it, layer by layer.') as line:
            line.wait_until("three")
            self.play(Indicate(self.steps[2], color=E_COLOR, scale_factor=1.1), run_time=1.2)
