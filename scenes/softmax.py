# Render: manim render scenes/softmax.py Softmax
"""Chapter 20, beyond the video: many classes.  Softmax, the categorical cross-entropy and
their famous shortcut, dE/dX = (Y - Y*)/n.

The numbers are the second story's (scenes.story.beyond_story, the [beyond] table of the
story's TOML; by default 3 spiral arms, 2-8-3, tanh, softmax, CCE): its recorded
training step of one sample through the fresh network.  The softmax layer's input X (the
logits), its output Y, the loss E, the dE/dY the loss sent back and the dE/dX the softmax
returned are nn's; everything else is computed here from them (kit.softmax_numbers) with
the formulas on screen, and shown to agree.
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, YELLOW, Create, FadeIn, FadeOut, Indicate, Line, MathTex,
                   SurroundingRectangle, VGroup, Write)

import nn
from scenes import kit
from scenes.kit import DIM_COLOR, class_excerpt, fade_in, fade_out, grad_of, precision

GAP = 0.5                      # between a formula and the numbers under it
NN_FORWARD = r"\texttt{Softmax.forward}"
NN_BACKWARD = r"\texttt{Softmax.backward}"
NN_LOSS = r"\texttt{CategoricalCrossEntropy}"
NN_LOSS_GRADIENT = r"\texttt{loss.gradient}"


def column(values, color=None, decimals=None, font_size: float = 30):
    """One sample's values as a column (the video's notation), decimals by kit.precision."""
    return kit.number_matrix(kit.as_column(values), color, decimals, font_size)


def without_commas(matrix):
    """A matrix whose entries read 1000.63, not 1,000.63 (DecimalNumber groups by default)."""
    for entry in matrix.get_entries():
        centre = entry.get_center()
        entry.group_with_commas = False
        entry.set_value(entry.number).move_to(centre)
    return matrix


def symbols(texts: list[str], font_size: float = 30):
    """A column of TeX entries (infinity, NaN) in the place of numbers."""
    return kit.symbol_matrix([[t] for t in texts], font_size=font_size)


def arrow(tex: str = "") -> MathTex:
    return MathTex(rf"\xrightarrow{{\;{tex}\;}}" if tex else r"\longrightarrow", font_size=40)


def equals() -> MathTex:
    return MathTex("=", font_size=40)


def separator(row) -> Line:
    return Line(UP, DOWN, color=DIM_COLOR, stroke_width=2).scale_to_fit_height(row.height)


def under(mob, above, bottom: float = kit.BOTTOM):
    """``mob`` fitted and centred in the band between ``above`` and ``bottom``."""
    return kit.place_between(mob, above.get_bottom()[1] - GAP, bottom, width=kit.WIDTH)


# dE/dx_i in the cheap form, as formula pieces (each symbol its own piece, in its colour)
CHEAP_FORM = ("y_i", r"{\Big(}", grad_of("y_i"), r"- \sum_j", "y_j", grad_of("y_j"),
              r"{\Big)}")


def jacobian_tex(c: int) -> list[list[str]]:
    """The Jacobian's entries: y_i(1 - y_i) on the diagonal, -y_i y_j elsewhere."""
    return [[rf"y_{i}(1 - y_{i})" if i == j else rf"-y_{i} y_{j}" for j in range(1, c + 1)]
            for i in range(1, c + 1)]


class Softmax(kit.StoryScene):
    tells = staticmethod(kit.beyond_story)      # the story of many classes, not XOR's

    def setup(self) -> None:
        super().setup()
        self.k = kit.softmax_numbers(self.story)
        self.c = self.story.config.layers[-1]
        self.shown.update(shift=kit.SHIFT, exp_limit=kit.EXP_LIMIT, n=self.k.n,
                          products=self.c * self.c)

    def construct(self) -> None:
        self.chapter("Beyond the video: many classes")
        self.many_classes()
        self.softmax_forward()
        self.subtract_the_maximum()
        self.what_overflows()
        self.softmax_jacobian()
        self.the_cheap_form()
        self.cross_entropy()
        self.cross_entropy_gradient()
        self.the_shortcut()
        self.both_routes()

    # -- the story of many classes ------------------------------------------------------

    def many_classes(self) -> None:
        config = self.story.config
        model = self.story.new_model()
        blocks = [kit.layer_block(layer.describe(), kind=type(layer).__name__)
                  for layer in model.layers]
        network = kit.fit(kit.chain(blocks), width=kit.WIDTH)
        about = kit.text(rf"{len(self.story.x)} points of {kit.tt(config.dataset)} in "
                         rf"{self.c} classes; one sample's label, one-hot:", font_size=32)
        target = kit.row_of((column(self.k.target, kit.TARGET_COLOR), "Y^*"), width=None)
        self.shown["target_first"] = target.row[0]
        group = VGroup(network, about, target).arrange(DOWN, buff=0.6)
        kit.place_between(group, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        with self.narrate(f'The original stops at one output. Beyond it: <bookmark mark="net"/>a '
                          f'network that sorts points into {self.c} classes, with one output '
                          f'per class, and a softmax at the end.') as line:
            line.wait_until("net")
            self.play(FadeIn(network, shift=RIGHT * 0.3), run_time=1.2)
        with self.narrate(f'The desired output <bookmark mark="target"/>Y* is one-hot: a 1 for '
                          f'the class of the sample, class {self.k.true_class + 1}, and 0 for '
                          f'the others.') as line:
            line.wait_until("target")
            self.play(FadeIn(about), FadeIn(target), run_time=1.0)
        self.clear_all()

    # -- softmax forward ----------------------------------------------------------------

    def softmax_forward(self) -> None:
        k = self.k
        rule = kit.formula("y_i", "=", r"\frac{e^{x_i}}{\sum_{j} e^{x_j}}", font_size=56)
        rule.to_edge(UP, buff=0.4)
        d = precision(k.probabilities, k.recorded_output)
        logits, exp = column(k.logits, kit.X_COLOR), column(k.exp)
        computed, recorded = column(k.probabilities, kit.Y_COLOR, d), \
            column(k.recorded_output, kit.Y_COLOR, d)
        total = kit.number(k.total, font_size=36)
        row = kit.row_of((logits, "X"), arrow("e^{x}"), (exp, "e^{X}"), arrow(r"/\,\Sigma"),
                         (computed, "Y"), separator(exp), (recorded, NN_FORWARD, 28),
                         kit.verdict(np.allclose(k.probabilities, k.recorded_output)))
        sum_label = VGroup(MathTex(r"\Sigma =", font_size=36), total).arrange(RIGHT, buff=0.15)
        sum_label.next_to(exp, DOWN, buff=0.3)
        under(VGroup(row, sum_label), rule)              # the sum below its column, in frame
        self.shown.update(logits=logits, exp=exp, total=total, probabilities=computed,
                          Y_nn=recorded)
        self.forward_story(rule, row, sum_label)
        self.clear_all()

    def forward_story(self, rule, row, sum_label) -> None:
        r, labels, k = row.row, row.labels, self.k
        with self.narrate('Softmax turns the last layer\'s outputs, the logits X, into '
                          'probabilities: <bookmark mark="exp"/>e to the power of each, '
                          '<bookmark mark="divide"/>divided by their sum.') as line:
            line.wait_until("exp")
            self.play(Write(rule[:2]), Write(rule[2]), run_time=1.4)
            line.wait_until("divide")
            self.play(Indicate(rule[2]), run_time=0.8)
        with self.narrate(f'For our sample, the fresh network\'s logits are '
                          f'<bookmark mark="x"/>{kit.fmt_vector(k.logits)}. '
                          f'<bookmark mark="exp"/>Exponentials are positive, and '
                          f'<bookmark mark="sum"/>they add up to {kit.fmt(k.total)}.') as line:
            line.wait_until("x")
            self.play(FadeIn(r[0]), FadeIn(labels[0]), run_time=0.8)
            line.wait_until("exp")
            self.play(FadeIn(r[1]), FadeIn(r[2]), FadeIn(labels[1]), run_time=0.8)
            line.wait_until("sum")
            self.play(FadeIn(sum_label), run_time=0.6)
        best = int(np.argmax(k.probabilities))
        with self.narrate(f'Divide, and <bookmark mark="y"/>the outputs add up to one. The '
                          f'untrained network gives class {best + 1} '
                          f'{kit.fmt(k.probabilities[best], precision(k.probabilities))}; the '
                          f'sample belongs to class {k.true_class + 1}. <bookmark mark="nn"/>'
                          f'nn\'s softmax returned the same numbers.') as line:
            line.wait_until("y")
            self.play(FadeIn(r[3]), FadeIn(r[4]), FadeIn(labels[2]), run_time=0.8)
            line.wait_until("nn")
            self.play(FadeIn(VGroup(*r[5:]), labels[3]), run_time=0.8)

    def subtract_the_maximum(self) -> None:
        k = self.k
        rule = kit.formula(r"\frac{e^{x_i}}{\sum_{j} e^{x_j}} = "
                           r"\frac{e^{x_i - m}}{\sum_{j} e^{x_j - m}}, \quad m = \max_j x_j",
                           font_size=48).to_edge(UP, buff=0.4)
        d = precision(k.stable, k.probabilities)
        shifted, exp = column(k.shifted, kit.X_COLOR), column(k.exp_shifted)
        stable, before = column(k.stable, kit.Y_COLOR, d), column(k.probabilities, kit.Y_COLOR, d)
        row = kit.row_of((shifted, "X - m"), arrow("e^{x}"), (exp, "e^{X - m}"),
                         arrow(r"/\,\Sigma"), (stable, "Y"), separator(exp),
                         (before, r"\text{before}", 30),
                         kit.verdict(np.allclose(k.stable, k.probabilities)))
        under(row, rule)
        self.shown.update(shifted=shifted, exp_shifted=exp, stable=stable,
                          total_shifted=k.total_shifted)
        with self.narrate('nn first subtracts the largest logit from every logit. '
                          '<bookmark mark="rule"/>e to the minus m multiplies the top and the '
                          'bottom alike, so the probabilities do not change.') as line:
            line.wait_until("rule")
            self.play(Write(rule), run_time=1.6)
        with self.narrate(f'The largest exponential is now exactly 1, the sum '
                          f'{kit.fmt(k.total_shifted)}, and <bookmark mark="same"/>the '
                          f'probabilities are the same as before.') as line:
            self.play(FadeIn(VGroup(*row.row[:3]), *row.labels[:2]), run_time=1.0)
            line.wait_until("same")
            self.play(FadeIn(VGroup(*row.row[3:]), *row.labels[2:]), run_time=1.0)
        self.clear_all()

    def what_overflows(self) -> None:
        k = self.k
        d = precision(k.big_nn, k.probabilities)
        big = without_commas(column(k.big_logits, kit.X_COLOR))
        infinite, nan = symbols([r"\infty"] * self.c), symbols([r"\text{NaN}"] * self.c)
        by_nn, before = column(k.big_nn, kit.Y_COLOR, d), column(k.probabilities, kit.Y_COLOR, d)
        naive = kit.row_of((big, "X + 1000"), arrow("e^{x}"), (infinite, "e^{X}"),
                           arrow(r"/\,\Sigma"), (nan, r"\infty / \infty"))
        safe = kit.row_of((by_nn, NN_FORWARD + r"\texttt{(X + 1000)}", 28), equals(),
                          (before, "Y", 36),
                          kit.verdict(np.allclose(k.big_nn, k.probabilities)), buff=0.9)
        group = VGroup(naive, safe).arrange(DOWN, buff=0.7)
        kit.place_between(group, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        self.shown.update(big_logits=big, big_nn=by_nn)
        limit = kit.fmt(kit.EXP_LIMIT, 2)
        with self.narrate(f'Why bother? Add 1000 to every logit: the probabilities should not '
                          f'change. But <bookmark mark="inf"/>e to the x overflows a float64 '
                          f'past x = {limit}: every exponential is infinite, and '
                          f'<bookmark mark="nan"/>infinity over infinity is not a '
                          f'number.') as line:
            self.play(FadeIn(naive.row[0]), FadeIn(naive.labels[0]), run_time=0.8)
            line.wait_until("inf")
            self.play(FadeIn(naive.row[1:3]), FadeIn(naive.labels[1]), run_time=0.8)
            line.wait_until("nan")
            self.play(FadeIn(naive.row[3:]), FadeIn(naive.labels[2]), run_time=0.8)
        with self.narrate('With the maximum subtracted, <bookmark mark="nn"/>nn\'s softmax '
                          'returns the probabilities we had.') as line:
            line.wait_until("nn")
            self.play(FadeIn(safe), run_time=1.0)
        self.show_the_forward_code()

    def show_the_forward_code(self) -> None:
        excerpt = class_excerpt(nn.Softmax, ["forward", "backward"], docstring=False)
        code = kit.fit(kit.code_block(excerpt.text, font_size=22), width=kit.WIDTH)
        kit.place_between(code, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        self.code_excerpt, self.code = excerpt, code
        self.point_at_code(kit.line_number_of(excerpt.text, "x.max("), "max",
                           'In nn\'s own Softmax, <bookmark mark="max"/>that is the first '
                           'line of forward.', clear=self.clear_all)

    def point_at_code(self, index: int, mark: str, words: str, clear) -> None:
        """Bring nn's Softmax code in (after ``clear()``), frame its line ``index`` on the
        bookmark ``mark`` of ``words``, then fade the code out."""
        code = self.code
        frame = kit.highlight(code, index)
        with self.narrate(words, pause=1.0) as line:
            clear()
            self.play(*fade_in(code), run_time=0.8)
            line.wait_until(mark)
            self.play(Create(frame), run_time=0.8)
        self.play(*fade_out(code, frame), run_time=0.6)

    # -- softmax backward ---------------------------------------------------------------

    def softmax_jacobian(self) -> None:
        k = self.k
        rule = kit.formula(r"\frac{\partial y_i}{\partial x_j} = y_i (\delta_{ij} - y_j)",
                           font_size=48)
        general = kit.symbol_matrix(jacobian_tex(self.c), font_size=30, h_buff=2.1)
        top = kit.row_of(rule, MathTex(r"J =", font_size=44), general, width=kit.WIDTH,
                         buff=0.5)
        top.to_edge(UP, buff=0.4)
        d = precision(k.by_jacobian, k.recorded_input_gradient)
        jacobian, gradient = kit.number_matrix(k.jacobian), column(k.loss_gradient, kit.Y_COLOR)
        dx, dx_nn = column(k.by_jacobian, kit.X_COLOR, d), \
            column(k.recorded_input_gradient, kit.X_COLOR, d)
        row = kit.checked((dx, grad_of("X")),
                          [(jacobian, r"\operatorname{diag}(Y) - Y Y^T"), (gradient, grad_of("Y"))],
                          dx_nn, NN_BACKWARD, np.allclose(k.by_jacobian,
                                                          k.recorded_input_gradient))
        under(row, top)
        self.shown.update(jacobian=jacobian, dE_dY=gradient, by_jacobian=dx, dE_dX_nn=dx_nn)
        with self.narrate('Backward. Each output depends on every input: the derivative of y_i '
                          'by x_j is <bookmark mark="rule"/>y_i times delta_ij minus y_j, where '
                          'delta is 1 on the diagonal and 0 elsewhere.') as line:
            line.wait_until("rule")
            self.play(Write(rule), run_time=1.4)
        with self.narrate(f'So the Jacobian is <bookmark mark="J"/>a full {self.c} by {self.c} '
                          f'matrix, <bookmark mark="num"/>here with the recorded Y substituted: '
                          f'the diagonal of Y, minus Y times Y transpose.') as line:
            line.wait_until("J")
            self.play(FadeIn(top.row[1:]), run_time=1.0)
            line.wait_until("num")
            self.play(FadeIn(row.row[2]), FadeIn(row.labels[1]), run_time=1.0)
        with self.narrate('Times <bookmark mark="dy"/>the dE/dY that the loss sent back (where it '
                          'comes from is next), it gives <bookmark mark="dx"/>dE/dX, exactly what '
                          '<bookmark mark="nn"/>nn\'s softmax backward returned.') as line:
            line.wait_until("dy")
            self.play(FadeIn(row.row[3]), FadeIn(row.labels[2]), run_time=0.8)
            line.wait_until("dx")
            self.play(FadeIn(row.row[:2]), FadeIn(row.labels[0]), run_time=0.8)
            line.wait_until("nn")
            self.play(FadeIn(row.recorded), run_time=0.8)
        self.clear_all()

    def the_cheap_form(self) -> None:
        k = self.k
        rule = kit.formula(grad_of("x_i"), r"= \sum_j", "y_j", r"(\delta_{ji} -", "y_i", ")",
                           grad_of("y_j"), "=", *CHEAP_FORM, font_size=40)
        d = precision(k.cheap, k.recorded_input_gradient)
        y, gradient = column(k.probabilities, kit.Y_COLOR), column(k.loss_gradient, kit.Y_COLOR)
        cheap, recorded = column(k.cheap, kit.X_COLOR, d), \
            column(k.recorded_input_gradient, kit.X_COLOR, d)
        dot = kit.number(k.dot, font_size=36)
        row = kit.checked((cheap, grad_of("X")),
                          [(y, "Y"), MathTex(r"\odot \Big(", font_size=44),
                           (gradient, grad_of("Y")), MathTex(r"- \,(", font_size=44), dot,
                           MathTex(r")\Big)", font_size=44)],
                          recorded, NN_BACKWARD, np.allclose(k.cheap, k.recorded_input_gradient))
        kit.place_between(VGroup(rule, row).arrange(DOWN, buff=0.6), kit.TOP, kit.BOTTOM,
                          width=kit.WIDTH)
        self.shown.update(cheap=cheap, dot=dot, dE_dX_nn_again=recorded)
        with self.narrate(f'nn never builds that matrix. <bookmark mark="rule"/>Row i of the '
                          f'product is y_i times dE/dy_i minus one and the same sum for every '
                          f'row. <bookmark mark="num"/>Here that sum is {kit.fmt(k.dot)}, and '
                          f'the result is the same dE/dX.') as line:
            line.wait_until("rule")
            self.play(Write(rule), run_time=1.6)
            line.wait_until("num")
            self.play(FadeIn(row), run_time=1.2)
        self.show_the_backward_code(VGroup(rule, row))

    def show_the_backward_code(self, previous) -> None:
        self.point_at_code(self.code_excerpt.lines["backward"][1], "line",
                           f'That is nn\'s backward, <bookmark mark="line"/>one line: about '
                           f'{self.c} multiplications per sample where the matrix takes '
                           f'{self.c * self.c}.',
                           clear=lambda: self.play(FadeOut(previous), run_time=0.6))

    # -- cross-entropy ------------------------------------------------------------------

    def cross_entropy(self) -> None:
        k = self.k
        rule = kit.formula(r"E = -\frac{1}{n} \sum_i y^*_i \log y_i", font_size=52)
        rule.to_edge(UP, buff=0.4)
        target, y = column(k.target, kit.TARGET_COLOR), column(k.probabilities, kit.Y_COLOR)
        logs = column(k.log_probabilities)
        e = kit.number(k.loss, kit.E_COLOR, font_size=40)
        e_nn = kit.number(k.recorded_loss, kit.E_COLOR, font_size=40)
        row = kit.row_of((target, "Y^*"), (y, "Y"), (logs, r"\log Y"),
                         MathTex(r"\Rightarrow \; E =", font_size=44), e)
        by_nn = VGroup(kit.formula(NN_LOSS + r"\texttt{()(}", "Y^*", r"\texttt{, }", "Y",
                                   r"\texttt{)}", font_size=32), equals(), e_nn,
                       kit.verdict(np.isclose(k.loss, k.recorded_loss))).arrange(RIGHT, buff=0.2)
        under(VGroup(row, by_nn).arrange(DOWN, buff=0.6), rule)
        self.shown.update(target=target, log_probabilities=logs, E=e, E_nn=e_nn)
        with self.narrate('The loss for probabilities is the categorical cross-entropy: '
                          '<bookmark mark="rule"/>minus the average, over the batch, of Y* '
                          'times the log of Y.') as line:
            line.wait_until("rule")
            self.play(Write(rule), run_time=1.4)
        p = kit.fmt(k.probabilities[k.true_class], precision(k.probabilities))
        with self.narrate(f'Y* is one-hot, so <bookmark mark="one"/>one term is left: minus '
                          f'the log of {p}, the probability given to the right class. '
                          f'<bookmark mark="E"/>E is {kit.fmt(k.loss, precision(k.loss))}, '
                          f'nn\'s loss to the digit.') as line:
            line.wait_until("one")
            self.play(FadeIn(VGroup(*row.row[:3]), *row.labels), run_time=1.0)
            line.wait_until("E")
            self.play(FadeIn(VGroup(*row.row[3:])), run_time=1.0)
            self.play(FadeIn(by_nn), run_time=0.8)
        self.clear_all()

    def cross_entropy_gradient(self) -> None:
        k = self.k
        rule = kit.formula(grad_of("y_i") + r" = -\frac{1}{n} \frac{y^*_i}{y_i}", font_size=52)
        rule.to_edge(UP, buff=0.4)
        d = precision(k.loss_gradient, k.recorded_loss_gradient)
        target, y = column(k.target, kit.TARGET_COLOR), column(k.probabilities, kit.Y_COLOR)
        gradient, recorded = column(k.loss_gradient, kit.Y_COLOR, d), \
            column(k.recorded_loss_gradient, kit.Y_COLOR, d)
        row = kit.checked((gradient, grad_of("Y")),
                          [MathTex(rf"-\frac{{1}}{{{k.n}}}", font_size=44), (target, "Y^*"),
                           MathTex("/", font_size=44), (y, "Y")],
                          recorded, NN_LOSS_GRADIENT,
                          np.allclose(k.loss_gradient, k.recorded_loss_gradient))
        under(row, rule)
        self.shown.update(loss_gradient=gradient, loss_gradient_nn=recorded)
        with self.narrate(f'Its gradient: <bookmark mark="rule"/>minus Y* over Y, divided by n, '
                          f'the batch size; our batch is one sample, so n = {k.n}. '
                          f'<bookmark mark="num"/>Only the right class gets a gradient, and '
                          f'<bookmark mark="nn"/>it is the dE/dY that nn\'s loss sent '
                          f'back.') as line:
            line.wait_until("rule")
            self.play(Write(rule), run_time=1.2)
            line.wait_until("num")
            self.play(FadeIn(row.computed), run_time=1.0)
            line.wait_until("nn")
            self.play(FadeIn(row.recorded), run_time=0.8)
        self.clear_all()

    # -- the shortcut -------------------------------------------------------------------

    def the_shortcut(self) -> None:
        steps = [
            (grad_of("x_i"), "=", *CHEAP_FORM),
            ("=", "y_i", r"{\Big(} -\frac{1}{n} \frac{y^*_i}{y_i} + \frac{1}{n} \sum_j",
             "y^*_j", r"{\Big)}"),
            (r"= \frac{1}{n} (", "y_i", "-", "y^*_i", ")"),
        ]
        lines = VGroup(*(kit.formula(*s, font_size=44) for s in steps))
        lines.arrange(DOWN, buff=0.45, aligned_edge=LEFT)
        lhs = lines[0][0]                      # dE/dx_i: the next lines start under its =
        for step in lines[1:]:
            step.shift(RIGHT * (lhs.width + 0.1))
        kit.place_between(lines, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        frame = SurroundingRectangle(lines[2], color=YELLOW, buff=0.15)
        with self.narrate('Now chain the two. <bookmark mark="start"/>Put the loss\'s gradient '
                          'into the softmax\'s backward.') as line:
            line.wait_until("start")
            self.play(Write(lines[0]), run_time=1.4)
        with self.narrate('<bookmark mark="sub"/>The sum of y_j times minus y*_j over n y_j is '
                          'minus one over n, because the labels add up to one, and '
                          '<bookmark mark="end"/>y_i cancels: dE/dX = (Y - Y*)/n.') as line:
            line.wait_until("sub")
            self.play(Write(lines[1]), run_time=1.4)
            line.wait_until("end")
            self.play(Write(lines[2]), Create(frame), run_time=1.2)
        self.clear_all()

    def both_routes(self) -> None:
        k = self.k
        d = precision(k.recorded_input_gradient, k.shortcut)
        chained = column(k.recorded_input_gradient, kit.X_COLOR, d)
        y, target = column(k.probabilities, kit.Y_COLOR), column(k.target, kit.TARGET_COLOR)
        shortcut = column(k.shortcut, kit.X_COLOR, d)
        agree = np.allclose(k.recorded_input_gradient, k.shortcut, rtol=0, atol=1e-12)
        route_one = kit.row_of((chained, NN_BACKWARD + r"\texttt{(}" + NN_LOSS_GRADIENT
                                + r"\texttt{)}", 28), width=None)
        route_two = kit.row_of(MathTex(rf"\frac{{1}}{{{k.n}}} \Big(", font_size=44),
                               (y, "Y"), MathTex("-", font_size=44), (target, "Y^*"),
                               MathTex(r"\Big) =", font_size=44), (shortcut, grad_of("X")),
                               width=None)
        routes = kit.row_of(route_one, MathTex("=", font_size=48), route_two,
                            kit.verdict(agree), buff=0.5)
        line_y = route_two.row.get_y()               # every matrix on one line
        route_one.shift(UP * (line_y - route_one.row.get_y()))
        for item in (routes.row[1], routes.row[3]):
            item.set_y(line_y)
        kit.place_between(routes, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        self.shown.update(route_nn=chained, shortcut=shortcut)
        self.say_both_routes(route_one, route_two, routes)

    def say_both_routes(self, route_one, route_two, routes) -> None:
        with self.narrate('Both routes with the recorded numbers. <bookmark mark="nn"/>nn goes '
                          'the long way: its softmax and its loss are separate classes, and '
                          'backward passes the loss\'s gradient through the softmax.') as line:
            line.wait_until("nn")
            self.play(FadeIn(route_one), run_time=1.0)
        with self.narrate('The shortcut, <bookmark mark="short"/>Y minus Y* over n, '
                          '<bookmark mark="same"/>lands on the same vector. nn does not take '
                          'it; it does not need to: the two agree.', pause=1.5) as line:
            line.wait_until("short")
            self.play(FadeIn(route_two), FadeIn(routes.row[1]), run_time=1.0)
            line.wait_until("same")
            self.play(FadeIn(routes.row[3]), run_time=0.6)
