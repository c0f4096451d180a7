# Render: manim render scenes/activation_function.py ActivationFunction
"""Chapter 14: the story's activation function and its derivative.

The chapter is named after the story's activation (config.activation_name: "Hyperbolic
tangent" for tanh, "Sigmoid" for sigmoid).  The curves are plotted from the layer's own
nn functions (layer.f, layer.f_prime); the formulas come from kit.activation_formulas,
keyed by the config's activation, so a sigmoid story gets a sigmoid chapter with no edit.
The points marked on the curves are the real pre-activations X of the story's first
activation layer, with their real f(X) and f'(X).
"""

from __future__ import annotations

import math

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UL, UP, YELLOW, Axes, Create, DashedLine, Dot, FadeIn,
                   FadeOut, Indicate, Line, MathTex, SurroundingRectangle, ValueTracker,
                   VGroup, Write, always_redraw, config, linear)

from scenes import kit
from scenes.kit import (F_PRIME_COLOR, class_excerpt, color_f_prime, fade_in, fade_out,
                        formulas_for)

PLOT_WIDTH = kit.WIDTH / 2      # the plot fills the left half of the usable width
TANGENT_HALF = 1.1      # half the tangent's length on screen
PLOT_HEIGHT = 4.6         # of the 7 units of the usable band: room below for the x numbers
PLOT_Y = -0.3             # the plot's centre, a little low: the legend sits in its top


class ActivationFunction(kit.StoryScene):
    def construct(self) -> None:
        self.record = next(layer for layer in self.story.step.layers if layer.kind != "Dense")
        self.layer = self.story.new_model().layers[self.record.index]   # nn's own f and f'
        self.tex = formulas_for(self.story.config.activation)
        self.chapter(self.story.config.activation_name)
        self.shown["chapter"] = self.story.config.activation_name
        self.plot_function()
        self.derivative()
        self.real_points()
        self.clear_all()
        self.show_code()

    # -- the curve ----------------------------------------------------------------------

    def plot_function(self) -> None:
        f = self.layer.f
        self.xs = self.record.input.ravel()
        x_max = max(4, math.ceil(np.abs(self.xs).max() + 0.5))      # room for every point
        y_min, y_max, y_step = self.tex.y_range
        self.axes = axes = Axes(
            x_range=[-x_max, x_max, 1], y_range=[y_min, y_max, y_step],
            x_length=PLOT_WIDTH, y_length=PLOT_HEIGHT, tips=False,
            axis_config={"font_size": 22, "color": kit.DIM_COLOR},
            x_axis_config={"include_numbers": True},
            # numbers only where f levels off: the story's points sit near the other ticks
            y_axis_config={"include_numbers": True,
                           "numbers_to_include": [y for y in self.tex.limits if y != 0]},
        ).to_edge(LEFT, buff=(config.frame_width - kit.WIDTH) / 2).set_y(PLOT_Y)
        self.x_max = x_max
        x_name = kit.formula("x", font_size=30).next_to(axes.x_axis.get_right(), RIGHT, buff=0.15)
        # the formula column: from the plot (its x label included) to the usable right edge
        self.column = (max(axes.get_right()[0], x_name.get_right()[0]), kit.WIDTH / 2)
        self.f_graph = axes.plot(f, color=kit.Y_COLOR, stroke_width=4)
        self.shown["axes"], self.shown["f_graph"] = axes, self.f_graph
        self.legend = VGroup(
            self.legend_entry(kit.Y_COLOR, self.tex.symbol + "(x)"),
            self.legend_entry(F_PRIME_COLOR, self.tex.symbol + "'(x)"),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        self.legend.move_to(axes.c2p(-x_max, y_max), aligned_edge=UL).shift(RIGHT * 0.15)
        self.definition = MathTex(self.tex.definition, font_size=40)
        self.definition.set_x(self.column_x()).align_to([0, kit.TOP, 0], UP)

        with self.narrate(f'The story network\'s activation f is <bookmark mark="name"/>'
                          f'{self.tex.name}. <bookmark mark="curve"/>Here is its curve, drawn '
                          f'by nn\'s own function.') as line:
            line.wait_until("name")
            self.play(Write(self.definition), run_time=1.2)
            line.wait_until("curve")
            self.play(Create(axes), FadeIn(x_name), run_time=1.0)
            self.play(Create(self.f_graph), FadeIn(self.legend[0]),
                      run_time=max(1.5, line.remaining()))
        limits = VGroup(*(DashedLine(axes.c2p(-x_max, y), axes.c2p(x_max, y),
                                     color=kit.DIM_COLOR, stroke_width=2, dash_length=0.1)
                          for y in self.tex.limits))
        with self.narrate(self.tex.shape) as line:
            line.wait_until("limits")
            self.play(Create(limits), run_time=1.2)
        self.play(FadeOut(limits), run_time=0.6)

    # -- its derivative -----------------------------------------------------------------

    def derivative(self) -> None:
        axes, f, f_prime = self.axes, self.layer.f, self.layer.f_prime
        f_prime_graph = axes.plot(f_prime, color=F_PRIME_COLOR, stroke_width=4)
        self.shown["f_prime_graph"] = f_prime_graph
        x_now = ValueTracker(-self.x_max + 0.3)
        tangent = always_redraw(lambda: self.tangent(x_now.get_value()))
        on_f = always_redraw(lambda: Dot(axes.c2p(x_now.get_value(), f(x_now.get_value())),
                                         color=kit.Y_COLOR, radius=0.06))
        with self.narrate("The backward pass needs its derivative, f': "
                          '<bookmark mark="slope"/>the slope of the curve at each point. '
                          '<bookmark mark="slide"/>Slide a tangent along the curve, and plot '
                          'its slope.') as line:
            line.wait_until("slope")
            self.play(FadeIn(tangent), FadeIn(on_f), run_time=0.6)
            line.wait_until("slide")
            self.play(x_now.animate.set_value(self.x_max - 0.3), Create(f_prime_graph),
                      FadeIn(self.legend[1]), run_time=max(3.0, line.remaining()),
                      rate_func=linear)
        self.play(FadeOut(tangent), FadeOut(on_f), run_time=0.5)

        steps = VGroup(*(MathTex(step, font_size=34) for step in self.tex.derivation))
        steps.arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        kit.fit(steps, width=self.column_width())
        steps.next_to(self.definition, DOWN, buff=0.5).set_x(self.column_x())
        with self.narrate("Differentiating the formula, step by step, "
                          '<bookmark mark="result"/>f\' comes out written with f itself.',
                          pause=1.5) as line:
            *working, last = steps
            before = line.time_of("result") - line.elapsed()
            for step in working:
                self.play(Write(step), run_time=min(1.3, max(0.6, before / len(working))))
            line.wait_until("result")
            self.play(Write(last), run_time=1.3)
        result = MathTex(self.tex.derivative, font_size=40, color=F_PRIME_COLOR)
        result.next_to(self.definition, DOWN, buff=0.5)
        self.result_frame = SurroundingRectangle(result, color=YELLOW, buff=0.15)
        self.shown["definition"] = self.definition
        self.shown["derivative"] = result
        with self.narrate(f'So the derivative of {self.tex.name} is <bookmark mark="result"/>'
                          f'{self.tex.spoken_derivative}.', pause=1.0) as line:
            line.wait_until("result")
            self.play(FadeOut(steps), FadeIn(result, shift=UP * 0.2), run_time=1.0)
            self.play(Create(self.result_frame), run_time=0.6)

    # -- the story's points -------------------------------------------------------------

    def real_points(self) -> None:
        axes, f, f_prime, xs = self.axes, self.layer.f, self.layer.f_prime, self.xs
        lines, f_dots, fp_dots = VGroup(), VGroup(), VGroup()
        for x in xs:
            top, bottom = max(f(x), f_prime(x), 0), min(f(x), f_prime(x), 0)
            lines.add(DashedLine(axes.c2p(x, bottom), axes.c2p(x, top), color=kit.X_COLOR,
                                 stroke_width=2, dash_length=0.06))
            f_dots.add(Dot(axes.c2p(x, f(x)), color=kit.Y_COLOR, radius=0.08))
            fp_dots.add(Dot(axes.c2p(x, f_prime(x)), color=F_PRIME_COLOR, radius=0.08))
        x_dots = VGroup(*(Dot(axes.c2p(x, 0), color=kit.X_COLOR, radius=0.07) for x in xs))

        table = self.table(xs, f(xs), f_prime(xs))
        room = self.result_frame.get_bottom()[1] - 0.45 - kit.BOTTOM
        kit.fit(table, width=self.column_width(), height=room)
        table.next_to(self.result_frame, DOWN, buff=0.45).set_x(self.column_x())
        with self.narrate(f'Now the story\'s real numbers: <bookmark mark="x"/>the {xs.size} '
                          f'pre-activations X that the first activation layer received on '
                          f'sample {self.story.config.sample}, <bookmark mark="f"/>their outputs '
                          f'f(X), and <bookmark mark="slopes"/>their slopes f\'(X).') as line:
            line.wait_until("x")
            self.play(FadeIn(table[0]), FadeIn(x_dots), run_time=1.0)
            line.wait_until("f")
            self.play(Create(lines), FadeIn(f_dots), FadeIn(table[1]), run_time=1.0)
            line.wait_until("slopes")
            self.play(FadeIn(fp_dots), FadeIn(table[2]), run_time=1.0)
        with self.narrate('They are the numbers of the last two chapters: <bookmark mark="f"/>'
                          'f(X) is the Y of the forward pass, and <bookmark mark="slopes"/>'
                          "f'(X) the factor that multiplied dE/dY in the backward pass.",
                          pause=1.0) as line:
            line.wait_until("f")
            self.play(Indicate(table[1], color=kit.Y_COLOR, scale_factor=1.05), run_time=1.0)
            line.wait_until("slopes")
            self.play(Indicate(table[2], color=F_PRIME_COLOR, scale_factor=1.05),
                      run_time=1.0)

    # -- the code -----------------------------------------------------------------------

    def show_code(self) -> None:
        """nn's own f, f' and activation class, read from the package."""
        functions = "\n".join(kit.source_of(function) for function in
                              (self.layer.f, self.layer.f_prime))
        excerpt = class_excerpt(type(self.layer), list(self.layer_methods()))
        source = functions + "\n" + excerpt.text
        offset = len(functions.splitlines()) + 1
        code = kit.fit(kit.code_block(source, font_size=20), width=kit.WIDTH)
        formula = kit.formula(r"{{Y}} = f( {{X}} )", font_size=40)
        from_output = kit.formula(self.tex.from_output, font_size=40)
        color_f_prime(from_output)
        notes = VGroup(formula, MathTex(r"\Rightarrow", font_size=40), from_output)
        notes.arrange(RIGHT, buff=0.4).next_to(code, DOWN, buff=0.4)
        kit.place_between(VGroup(code, notes), kit.TOP, kit.BOTTOM)
        first, last = excerpt.lines["backward"]
        frame = kit.highlight(code, first + offset, last + offset)
        with self.narrate(f"In nn, the {self.record.kind} layer writes f, and its backward "
                          f"multiplies dE/dY by f'; f' alone is that same backward with "
                          f"dE/dY set to one."):
            self.play(*fade_in(code), run_time=0.8)
        with self.narrate(f'Because f\' can be written with f, <bookmark mark="backward"/>its '
                          f'backward does not compute {self.tex.name} again: '
                          f'<bookmark mark="reads"/>it reads f\' from the output Y that forward '
                          f'stored.', pause=1.5) as line:
            line.wait_until("backward")
            self.play(Create(frame), run_time=0.8)
            line.wait_until("reads")
            self.play(FadeIn(notes), run_time=0.8)
        self.play(*fade_out(code, frame), FadeOut(notes), run_time=0.6)

    def layer_methods(self):
        """The methods the story's activation class defines itself (backward at least)."""
        cls = type(self.layer)
        return [name for name in ("__init__", "forward", "backward") if name in vars(cls)]

    # -- pieces -------------------------------------------------------------------------

    def column_x(self) -> float:
        """The centre of the formula column, right of the plot."""
        return sum(self.column) / 2

    def column_width(self) -> float:
        return self.column[1] - self.column[0]

    @staticmethod
    def legend_entry(color, tex: str) -> VGroup:
        swatch = Line(LEFT * 0.25, RIGHT * 0.25, color=color, stroke_width=4)
        return VGroup(swatch, MathTex(tex, font_size=30, color=color)).arrange(RIGHT, buff=0.15)

    def tangent(self, x: float) -> Line:
        """The tangent to f at x, of a fixed length on screen, cut at the plot's sides
        (near an end of a wide plot it would leave the frame)."""
        axes, f, f_prime = self.axes, self.layer.f, self.layer.f_prime
        start = np.array(axes.c2p(x, f(x)))
        direction = np.array(axes.c2p(x + 1, f(x) + f_prime(x))) - start
        direction /= np.linalg.norm(direction)
        room = min(start[0] - axes.get_left()[0], axes.get_right()[0] - start[0])
        half = min(TANGENT_HALF, room / max(abs(direction[0]), 1e-9))
        return Line(start - half * direction, start + half * direction, color=YELLOW,
                    stroke_width=3)

    def table(self, xs: np.ndarray, ys: np.ndarray, slopes: np.ndarray) -> VGroup:
        """Columns X, f(X) and f'(X) with labels above; registered in self.shown."""
        specs = (("X", kit.X_COLOR, xs, "points_x"),
                 ("{{Y}} = f( {{X}} )", kit.Y_COLOR, ys, "points_f"),
                 ("{{ f'( }} {{X}} {{ ) }}", F_PRIME_COLOR, slopes, "points_f_prime"))
        columns = VGroup()
        for tex, color, values, name in specs:
            label = kit.formula(tex, font_size=34)
            color_f_prime(label)
            matrix = kit.number_matrix(kit.as_column(values), color, font_size=28)
            self.shown[name] = matrix
            columns.add(VGroup(label, matrix).arrange(DOWN, buff=0.25))
        columns.arrange(RIGHT, buff=0.55, aligned_edge=DOWN)
        return columns
