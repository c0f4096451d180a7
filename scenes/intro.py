"""Chapters 1-2: the goal (a lego-style library, one class per layer) and the plan.

Render:  manim render -ql scenes/intro.py Intro
"""

from __future__ import annotations

import math

from manim import (DOWN, LEFT, RIGHT, UP, Arrow, Create, CurvedArrow, DashedLine, FadeIn,
                   FadeOut, GrowArrow, Integer, LaggedStart, RoundedRectangle, Tex, Text,
                   Transform, VGroup, Write)

from scenes.kit import (BLOCK_FILL, BOTTOM, CODE_FONT, DIM_COLOR, E_COLOR, TARGET_COLOR, TOP, WIDTH,
                        X_COLOR, Y_COLOR, StoryScene, as_column, chain, fit, fmt, fmt_vector,
                        formula, keep_inside, layer_block, number, number_matrix, precision)

MAX_ROWS = 4            # samples shown in the intro's table (XOR has exactly 4)
ROW_GAP = 1.3           # between the title and the row of blocks, in chapter 1
SCATTER_STEP = 2.6      # widest spacing of the scattered bricks, left to right
SCATTER_HEIGHTS = (-0.9, 0.6)   # heights of the scattered bricks, in turn (below the row)
PLAN_Y = 0.9            # height of the plan's chain: a little above the middle, so that
                        # one sample's columns fit below it and the way back above it


def data_name(story) -> str:
    return "XOR" if story.config.dataset == "xor" else story.config.dataset


class Intro(StoryScene):
    def construct(self) -> None:
        self.goal()
        self.clear_all()
        self.plan()
        self.clear_all()

    # -- chapter 1 ---------------------------------------------------------------------

    def goal(self) -> None:
        self.chapter("Intro", card=False)
        title = self.show_the_title()
        model = self.story.new_model()
        row = self.snap_the_bricks_together(model, title)
        self.show_the_network_as_built(model, row)
        self.show_the_task_before_and_after(row)

    def show_the_title(self) -> Tex:
        title = Tex(self.story.config.title, font_size=64)
        subtitle = Tex("the mathematics and the Python code, one layer at a time",
                       font_size=34, color=DIM_COLOR)
        VGroup(title, subtitle).arrange(DOWN, buff=0.4)
        with self.narrate("Let's build a neural network library from scratch, with nothing but "
                          "numpy, and derive every gradient it needs along the way."):
            self.play(Write(title), FadeIn(subtitle, shift=UP * 0.2), run_time=2)
        self.play(FadeOut(subtitle), title.animate.scale(0.6).to_edge(UP, buff=0.35))
        return title

    def snap_the_bricks_together(self, model, title) -> VGroup:
        """The pieces lie scattered like lego bricks, then snap together into the row."""
        names = [layer.describe() for layer in model.layers]
        blocks = [layer_block(name, type(layer).__name__, font_size=24)
                  for name, layer in zip(names, model.layers)]
        row = fit(chain(blocks, buff=0.55), width=WIDTH).next_to(title, DOWN, buff=ROW_GAP)
        self.shown["blocks"] = names
        pieces = self.scattered(blocks)
        with self.narrate("Think of it as lego. Each kind of layer is one small class: a dense "
                          "layer, an activation. Each knows only how to do its own small job."):
            self.play(LaggedStart(*(FadeIn(p, shift=DOWN * 0.3) for p in pieces), lag_ratio=0.25),
                      run_time=2)
        snapped = [Transform(piece, block) for piece, block in zip(pieces, row.items)]
        with self.narrate("Snap the pieces together, and you have a network."):
            self.play(*snapped,
                      LaggedStart(*(GrowArrow(a) for a in row.arrows), lag_ratio=0.2),
                      run_time=1.6)
        return row

    @staticmethod
    def scattered(blocks) -> VGroup:
        """Copies of the blocks, shuffled across the frame and tilted."""
        n = len(blocks)
        pieces = VGroup(*(block.copy() for block in blocks))
        widest = max(piece.width for piece in pieces)
        step = min(SCATTER_STEP, (WIDTH - widest) / max(n - 1, 1))
        stride = next(p for p in (3, 5, 7, 11, 13) if math.gcd(p, n) == 1)
        for k, piece in enumerate(pieces):
            slot = (stride * k + 1) % n          # every slot once, neighbours apart
            piece.move_to(RIGHT * (slot - (n - 1) / 2) * step + UP * SCATTER_HEIGHTS[k % 2])
            piece.rotate((-1) ** k * 0.18)
        return pieces

    def show_the_network_as_built(self, model, row) -> None:
        built = fit(Text(repr(model), font=CODE_FONT, font_size=24, color=DIM_COLOR),
                    width=WIDTH)
        built.next_to(row, DOWN, buff=0.5)
        self.shown["model_repr"] = repr(model)
        with self.narrate(f"This is the network the whole video follows, exactly as the library "
                          f"builds it: {len(model.layers)} layers, "
                          f"{sum(1 for l in model.layers if l.params)} of them with parameters."):
            self.play(FadeIn(built, shift=UP * 0.2), run_time=1)
        self.play(FadeOut(built))

    def show_the_task_before_and_after(self, row) -> None:
        story = self.story
        table = self.data_table(story)
        table.next_to(row, DOWN, buff=0.55)
        fit(table, width=WIDTH)
        head_x, head_t, head_before, head_after = table.heads
        with self.narrate(f"Its task is the {data_name(story)} problem: for each input X, "
                          f"give the desired output Y*."):
            self.play(FadeIn(VGroup(head_x, table.inputs, head_t, table.targets)), run_time=1.2)
        with self.narrate("Before training, its weights are random, and so are its answers."):
            self.play(FadeIn(VGroup(head_before, table.before)), run_time=1.2)
        with self.narrate(f"After {story.run.epochs[-1]} epochs of training, its answers match "
                          f"the targets. By the end you will know every line of code and every "
                          f"equation that got it there.", pause=1.5):
            self.play(FadeIn(VGroup(head_after, table.after)), run_time=1.2)

    def data_table(self, story) -> VGroup:
        """Inputs, targets, and the run's real predictions before and after training."""
        rows = min(MAX_ROWS, len(story.x))
        x, y = story.x[:rows], story.y[:rows]
        first, last = story.model_at(0), story.model_at(-1)
        before, after = first.predict(x), last.predict(x)
        dx, dy = precision(x), precision(y)
        inputs = number_matrix(x, X_COLOR, decimals=dx, font_size=30)
        targets = number_matrix(y, TARGET_COLOR, decimals=dy, font_size=30)
        shown_before = number_matrix(before, Y_COLOR, font_size=30)
        shown_after = number_matrix(after, Y_COLOR, font_size=30)
        columns = VGroup(inputs, targets, shown_before, shown_after).arrange(RIGHT, buff=0.9)

        def epoch_head(k: int) -> VGroup:
            epoch = Integer(story.run.epochs[k], font_size=28, color=DIM_COLOR)
            words = Tex("epoch", font_size=28, color=DIM_COLOR)
            head = VGroup(formula("Y", font_size=40),
                          VGroup(words, epoch).arrange(RIGHT, buff=0.15)).arrange(DOWN,
                                                                                 buff=0.1)
            head.epoch = epoch
            return head

        heads = VGroup(formula("X", font_size=40), formula("Y^*", font_size=40),
                       epoch_head(0), epoch_head(-1))
        for head, column in zip(heads, columns):
            head.next_to(column, UP, buff=0.25)
        heads[0].align_to(heads[2][0], UP)
        heads[1].align_to(heads[2][0], UP)
        table = VGroup(heads, columns)
        if len(story.x) > rows:
            note = Tex(f"first {rows} of {len(story.x)} samples", font_size=26,
                       color=DIM_COLOR).next_to(columns, DOWN, buff=0.2)
            table.add(note)
        table.heads = heads
        table.inputs, table.targets, table.before, table.after = columns
        self.shown.update(inputs=inputs, targets=targets, before=shown_before,
                          after=shown_after, epoch_before=heads[2].epoch,
                          epoch_after=heads[3].epoch)
        return table

    # -- chapter 2 ---------------------------------------------------------------------

    def plan(self) -> None:
        self.chapter("The plan")
        row = self.pass_through_the_layers()
        self.count_the_numbers(row)
        x_col, y_col = self.take_one_sample(row)
        target = self.show_the_target(y_col)
        self.measure_the_error(x_col, y_col, target)
        self.send_the_error_back(row)

    def pass_through_the_layers(self) -> VGroup:
        model = self.story.new_model()
        blocks = [layer_block(layer.describe(), type(layer).__name__, font_size=20)
                  for layer in model.layers]
        x_sym = formula("X", font_size=52)
        y_sym = formula("Y", font_size=52)
        row = fit(chain([x_sym, *blocks, y_sym], buff=0.7), width=WIDTH).move_to(UP * PLAN_Y)
        with self.narrate("Here is the plan. An input X enters the network..."):
            self.play(FadeIn(x_sym, shift=RIGHT * 0.3), run_time=1)
        with self.narrate("...passes through the layers one after the other, the output of "
                          "each one being the input of the next..."):
            self.play(LaggedStart(*(FadeIn(VGroup(a, b), shift=RIGHT * 0.2)
                               for a, b in zip(row.arrows, row.items[1:-1])), lag_ratio=0.4),
                      run_time=2.5)
        with self.narrate("...and what comes out of the last layer is the network's output, Y."):
            self.play(GrowArrow(row.arrows[-1]), FadeIn(y_sym, shift=RIGHT * 0.3), run_time=1)
        return row

    def count_the_numbers(self, row) -> None:
        """How many numbers flow along each arrow, for one sample (recorded shapes)."""
        step = self.story.step
        sizes = [step.x.shape[1]] + [layer.output.shape[1] for layer in step.layers]
        counts = VGroup(*(Integer(n, font_size=30, color=DIM_COLOR).next_to(a, UP, buff=0.12)
                          for n, a in zip(sizes, row.arrows)))
        self.shown["sizes"] = counts
        inner = ", then ".join(str(n) for n in sizes[1:-1])
        with self.narrate(f"Per sample, {sizes[0]} numbers go in; the layers turn them into "
                          f"{inner}; and {sizes[-1]} comes out."):
            self.play(LaggedStart(*(FadeIn(c, shift=DOWN * 0.15) for c in counts), lag_ratio=0.3),
                      run_time=2)

    def take_one_sample(self, row) -> tuple:
        """One real sample: its input and the untrained output, under X and Y."""
        story, step = self.story, self.story.step
        dx = precision(story.x)
        x_sym, y_sym = row.items[0], row.items[-1]
        x_col = number_matrix(as_column(step.x), X_COLOR, decimals=dx)
        y_col = number_matrix(as_column(step.y_pred), Y_COLOR)
        keep_inside(x_col.next_to(x_sym, DOWN, buff=0.9))      # wider than X, at the edge
        keep_inside(y_col.next_to(y_sym, DOWN, buff=0.9))
        x_link = DashedLine(x_sym.get_bottom(), x_col.get_top(), color=DIM_COLOR,
                            buff=0.12, dash_length=0.08)
        y_link = DashedLine(y_sym.get_bottom(), y_col.get_top(), color=DIM_COLOR,
                            buff=0.12, dash_length=0.08)
        self.shown.update(plan_x=x_col, plan_y=y_col)
        with self.narrate(f"Take one sample: X = {fmt_vector(step.x, dx)}. The untrained network "
                          f"answers Y = {fmt_vector(step.y_pred)}."):
            self.play(FadeIn(x_col), Create(x_link), FadeIn(y_col), Create(y_link), run_time=1.2)
        return x_col, y_col

    def show_the_target(self, y_col) -> VGroup:
        story, step = self.story, self.story.step
        dy = precision(story.y)
        target = number_matrix(as_column(step.y_true), TARGET_COLOR, decimals=dy)
        target_group = VGroup(formula("Y^* =", font_size=40), target).arrange(RIGHT, buff=0.2)
        target_group.next_to(y_col, DOWN, buff=0.5).align_to(y_col, RIGHT)
        if target_group.get_bottom()[1] < BOTTOM:
            target_group.next_to(y_col, LEFT, buff=0.6)
        self.shown["plan_target"] = target
        with self.narrate(f"But we wanted Y* = {fmt_vector(step.y_true, dy)}."):
            self.play(FadeIn(target_group, shift=UP * 0.2), run_time=1)
        return target_group

    def measure_the_error(self, x_col, y_col, target_group) -> None:
        step = self.story.step
        error_value = number(step.loss, E_COLOR, font_size=40)
        error = VGroup(formula("E =", font_size=44), error_value).arrange(RIGHT, buff=0.15)
        error_box = RoundedRectangle(corner_radius=0.12, width=1.9, height=1.0,
                                     stroke_color=E_COLOR, stroke_width=3,
                                     fill_color=BLOCK_FILL, fill_opacity=1)
        error_box.surround(error, buff=0.3)
        error_group = VGroup(error_box, error)
        error_group.next_to(VGroup(y_col, target_group), LEFT, buff=1.2)
        if error_group.get_left()[0] < x_col.get_right()[0] + 0.4:
            error_group.next_to(x_col, RIGHT, buff=0.8)
        into_e = VGroup(*(Arrow(source.get_left(), error_box.get_right(), buff=0.15,
                                color=DIM_COLOR, stroke_width=3, tip_length=0.18)
                          for source in (y_col, target_group)))
        self.shown["plan_error"] = error_value
        with self.narrate(f"The error E measures how far Y is from Y*: one number, here "
                          f"{fmt(step.loss)}."):
            self.play(FadeIn(error_group), *(GrowArrow(a) for a in into_e), run_time=1.2)

    def send_the_error_back(self, row) -> None:
        """The backward pass still to come."""
        back = CurvedArrow(row.items[-1].get_top() + UP * 0.15,
                           row.items[0].get_top() + UP * 0.15, angle=0.35, color=E_COLOR)
        back_label = Tex("how should each layer change to lower $E$?", font_size=30,
                         color=E_COLOR)
        back_label.next_to(back, UP, buff=0.1)
        if back_label.get_top()[1] > TOP:
            back_label.move_to(back.point_from_proportion(0.5) + DOWN * 0.05)
        with self.narrate("Learning means changing every layer's parameters so that E gets "
                          "smaller. To know in which direction, we will send the error backward "
                          "through the same blocks: that is what the rest of the video builds.",
                          pause=1.5):
            self.play(Create(back), FadeIn(back_label), run_time=1.5)
