# Render: manim render -ql scenes/optimizers.py     (-qh for 1080p60)
"""Beyond the video, part 2: how the weights move.  SGD, momentum and Adam on the story's
own loss.

Two weights of the first Dense layer (w_11, w_12) are chosen, and the story's loss on all
its data is computed by nn on a grid of their values, every other parameter at its start:
a real 2-D slice of the loss surface, drawn as an image with contour lines and a colour
bar.  Three short runs from the story's initial weights, with nn's own SGD, SGD with
momentum and Adam (kit.optimizer_runs), draw their paths of the two weights over it, in
step with their loss curves: at the story's learning rate, then at a larger one.  After
the first race the same slice rises into a surface that turns in 3-D (kit.SurfaceMesh):
its corners are the slice's own grid points (every third of nn's values), its colours the
map's; on it the map's contour lines, and the three paths lifted to the slice's loss under
their weights, interpolated bilinearly between the slice's grid points (the slice's loss
there, not the run's own: its other weights moved).  Last,
one step of each rule for w_11, symbolic, then with the recorded numbers substituted,
then checked against what nn's optimizer left, beside nn/optimizers.py's own code.
"""

from __future__ import annotations

import numpy as np
from manim import (DL, DOWN, LEFT, RESAMPLING_ALGORITHMS, RIGHT, UP, YELLOW, Axes, Create,
                   Dot, FadeIn, FadeOut, Group, ImageMobject, Indicate, Line, MathTex,
                   Rectangle, SurroundingRectangle, Tex, Transform, UpdateFromAlphaFunc,
                   ValueTracker, VGroup, VMobject, Write, linear)

import nn
from scenes import kit
from scenes.kit import (DIM_COLOR, LIVE_STEP, RULES, WEIGHT_NAMES, LossSlice, Outcome,
                        Precision, axis_top, fmt, formula, number, precision, round_values)

RUN_COLORS = {"SGD": "#FFD54F", "momentum": "#FF7A85", "Adam": "#7FE08A"}
CONTOUR = dict(stroke_color="#FFFFFF", stroke_width=1.6, stroke_opacity=0.55)
MAP_FONT = 28
BAR_WIDTH = 0.3          # the colour bar, beside the map
BAR_GAP = 0.25
PANEL_GAP = 0.8          # between the map (with its colour bar) and the loss panel
ROW_GAP = 0.3            # between the rows of a rule's table
TABLE_GAP = 0.7          # between its symbolic and its numeric column
TABLE_SHARE = 0.45       # of the usable height, at most, for the table
CODE_SIZE = 20
CODE_GAP = 0.25          # between the caption, the code and the table
CHECK_ROOM = 0.8         # kept under the table for nn's values
FORMULA_SIZE = 32
PATH_WIDTH = 3
SURFACE_FACES = 24       # faces per side of the 3-D view, at most (the slice's grid: 64)
SURFACE_HEIGHT = 1.2     # world height of the slice's loss range; its square is 2 wide
SURFACE_PHI = 0.8        # radians the turning view looks down
SURFACE_THETA = -0.25    # its turn when it has risen,
SURFACE_TURN = -1.25     # and how far it turns then (radians)
FLOOR_GAP = 0.08         # world units between the floor and the slice's lowest loss
LABEL_OUT = 1.3          # the floor's labels: world units from its middle
AXIS_OVER = 0.25         # the axis of E reaches this far above the highest loss,
E_ABOVE = 0.2            # and its name sits this far above it
RISE_TIME = 2.0          # seconds the map takes to rise into the surface,
TURN_TIME = 4.5          # the surface to turn,
FLATTEN_TIME = 1.5       # and to lie flat again


def tex_number(value: float, shown: Precision, brackets: bool = False) -> str:
    """A value as TeX, as the screen shows it: ``-0.13``, ``3.42 \\times 10^{-4}``."""
    scaled = float(shown.scaled(value))
    text = f"{scaled:.{shown.decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    if shown.power:
        text = rf"{text} \times 10^{{{shown.power}}}"
    return f"({text})" if brackets and (text.startswith("-") or shown.power) else text


def steps_precision(values: np.ndarray) -> Precision:
    """Decimals that tell evenly spaced round values apart (0.255, 0.26, 0.265: three),
    and at least as many as precision gives them."""
    shown = precision(values)
    if len(values) < 2 or shown.power:
        return shown
    step = float(np.min(np.diff(values)))
    return Precision(max(shown.decimals, int(np.ceil(-np.log10(step) - 1e-9))))


def change_precision(before: float, after: float) -> Precision:
    """Decimals that show a weight before and after a step differently: two significant
    digits of the change, at least."""
    change = precision(after - before)
    decimals = change.decimals - change.power if change.power else change.decimals
    return Precision(min(max(decimals, precision(before, after).decimals), 8))


def polyline(lines: list[np.ndarray], mob: VMobject | None = None, **style) -> VMobject:
    """One VMobject drawing every polyline (each (m, 3) points); a single point is a
    line of no length."""
    mob = mob if mob is not None else VMobject(**style)
    mob.clear_points()
    for points in lines:
        if len(points) == 0:
            continue
        points = points if len(points) > 1 else np.vstack([points, points])
        mob.start_new_path(points[0])
        mob.add_points_as_corners(points[1:])
    return mob


def code_piece(method, first: str | None = None, last: str | None = None
               ) -> tuple[str, str]:
    """(its name, its lines) of a method of nn, without its docstring: the whole method,
    or the lines from the one containing ``first`` to the one containing ``last``."""
    source = (kit.source_lines(method, docstring=False) if first is None else
              kit.source_between(method, first, last))
    return method.__qualname__, source


def vertex_indices(n: int, most: int = SURFACE_FACES) -> np.ndarray:
    """The slice's grid indices (per side) that are the surface's corners: evenly spaced,
    both ends included, as many faces as divide n - 1 (at most ``most``)."""
    faces = max(d for d in range(1, most + 1) if (n - 1) % d == 0)
    if faces < most // 2:                     # no divisor near ``most``: nearly even steps
        return np.round(np.linspace(0, n - 1, most + 1)).astype(int)
    return np.arange(faces + 1) * ((n - 1) // faces)


def world_of(loss_slice: LossSlice, rc: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Fractional (row, col) and world heights -> world points of the surface's square."""
    u = -1 + 2 * rc[:, 1] / (loss_slice.n - 1)
    v = 1 - 2 * rc[:, 0] / (loss_slice.n - 1)
    return np.column_stack([u, v, np.broadcast_to(w, u.shape)])


def rgba_column(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """A vertical strip of the slice's colours, high values at the top."""
    return kit.slice_colors(values[::-1, None], low, high)


class SliceMap(Group):
    """The slice as an image of ``side`` scene units, with contour lines, ticks, the two
    weights' names and a colour bar.  ``to_point`` puts weights where the map is now."""

    def __init__(self, loss_slice: LossSlice, side: float) -> None:
        super().__init__()
        self.slice = loss_slice
        self.low, self.high = kit.color_levels(loss_slice.values)
        self.levels = round_values(self.low, self.high)
        self.frame = Rectangle(width=side, height=side, stroke_color=DIM_COLOR, stroke_width=2)
        self.image = ImageMobject(kit.slice_colors(loss_slice.values, self.low, self.high))
        self.image.set_resampling_algorithm(RESAMPLING_ALGORITHMS["bilinear"])
        self.image.stretch_to_fit_width(side).stretch_to_fit_height(side).move_to(self.frame)
        self.contours = VGroup(*(
            polyline([self.index_point(line) for line in
                      kit.contour_lines(loss_slice.values, level)], **CONTOUR)
            for level in self.levels))
        self.ticks = self.axis_ticks()
        self.x_label = formula(WEIGHT_NAMES[0], font_size=MAP_FONT * 1.3)
        self.x_label.next_to(VGroup(self.frame, self.ticks), DOWN, buff=0.12)
        self.y_label = formula(WEIGHT_NAMES[1], font_size=MAP_FONT * 1.3)
        self.y_label.next_to(VGroup(self.frame, self.ticks), LEFT, buff=0.15)
        self.bar = self.colour_bar(side)
        self.start = Dot(self.to_point(loss_slice.centre)[0], radius=0.09, color="#FFFFFF")
        self.add(self.image, self.frame, self.contours, self.ticks, self.x_label,
                 self.y_label, self.bar)

    def to_point(self, weights) -> np.ndarray:
        unit = np.atleast_2d(self.slice.to_unit(weights))
        corner = self.frame.get_corner(DL)
        return corner + np.column_stack([unit * self.frame.width, np.zeros(len(unit))])

    def index_point(self, rc: np.ndarray) -> np.ndarray:
        """Fractional (row, col) grid indices, as contour_lines gives them -> points."""
        n = self.slice.n
        unit = np.column_stack([(rc[:, 1] + 0.5) / n, 1 - (rc[:, 0] + 0.5) / n])
        corner = self.frame.get_corner(DL)
        return corner + np.column_stack([unit * self.frame.width, np.zeros(len(unit))])

    def axis_ticks(self) -> VGroup:
        sl, ticks = self.slice, VGroup()
        for axis in (0, 1):
            lo = sl.lo[axis]
            values = round_values(lo, lo + 2 * sl.half)
            shown = steps_precision(values)
            for value in values:
                point = np.array(sl.lo, dtype=float)
                point[axis] = value
                at = self.to_point(point)[0]
                direction = DOWN if axis == 0 else LEFT
                mark = Line(at, at + direction * 0.1, stroke_color=DIM_COLOR, stroke_width=2)
                label = number(value, decimals=shown, font_size=MAP_FONT)
                label.set_color(DIM_COLOR).next_to(mark, direction, buff=0.08)
                ticks.add(VGroup(mark, label))
        return ticks

    def colour_bar(self, side: float) -> Group:
        strip = np.linspace(self.low, self.high, 128)
        image = ImageMobject(rgba_column(strip, self.low, self.high))
        image.set_resampling_algorithm(RESAMPLING_ALGORITHMS["bilinear"])
        image.stretch_to_fit_width(BAR_WIDTH).stretch_to_fit_height(side)
        image.next_to(self.frame, RIGHT, buff=BAR_GAP)
        frame = Rectangle(width=BAR_WIDTH, height=side, stroke_color=DIM_COLOR,
                          stroke_width=1.5).move_to(image)
        marks, shown = VGroup(), steps_precision(self.levels)
        for level in self.levels:
            y = frame.get_bottom()[1] + (level - self.low) / (self.high - self.low) * side
            mark = Line([frame.get_left()[0], y, 0], [frame.get_right()[0] + 0.08, y, 0],
                        stroke_color="#FFFFFF", stroke_width=1.5)
            label = number(level, decimals=shown, font_size=MAP_FONT)
            marks.add(VGroup(mark, label.next_to(mark, RIGHT, buff=0.08)))
        title = formula("E", font_size=MAP_FONT * 1.4).next_to(frame, UP, buff=0.12)
        bar = Group(image, frame, marks, title)
        bar.marks = marks
        return bar


class Optimizers(kit.StoryScene):
    def __init__(self, **kwargs):
        super().__init__(camera_class=kit.RegionImageCamera, **kwargs)

    def construct(self) -> None:
        self.chapter("Beyond the video: how the weights move")
        self.run_the_optimizers()
        self.pick_two_weights()
        self.slice_the_loss()
        self.call_it_a_slice()
        self.race(0)
        self.see_the_surface()
        self.race(1)
        self.one_step_of("SGD")
        self.one_step_of("momentum")
        self.one_step_of("Adam")
        self.sum_up()

    # -- the runs, before anything is drawn ------------------------------------------------

    def run_the_optimizers(self) -> None:
        config = self.story.config
        self.settings = settings = kit.optimizer_settings(config)
        self.rounds = [kit.runs_at(config, rate, settings.momentum, settings.steps)
                       for rate in settings.rates]
        self.story_rule = kit.story_rule(config)
        self.shown.update(settings=[*settings.rates, settings.momentum, settings.steps],
                          runs=self.rounds, slices=[], outcomes=[], steps={})

    # -- two weights, and the loss over them ---------------------------------------------

    def pick_two_weights(self) -> None:
        weights = self.story.new_model().layers[0].params["weights"]
        rows = [[f"w_{{{j}{i}}}" for i in (1, 2)] for j in range(1, len(weights) + 1)]
        symbolic = kit.symbol_matrix(rows, font_size=40)
        numbers = kit.number_matrix(weights, color=kit.W_COLOR, font_size=40)
        group = kit.row_of(formula("W", font_size=52), MathTex("=", font_size=52), symbolic,
                           MathTex("=", font_size=52), numbers)
        kit.fit(group, height=kit.TOP - kit.BOTTOM).move_to([0, 0, 0])
        boxes = VGroup(*(SurroundingRectangle(matrix.get_rows()[0], color=YELLOW, buff=0.08)
                         for matrix in (symbolic, numbers)))
        self.shown["start"] = numbers
        shown = precision(weights)
        a, b = (fmt(v, shown) for v in weights[0, :2])
        with self.narrate("The first dense layer has its weights W, one row per hidden "
                          'neuron. <bookmark mark="pick"/>Pick two of them: w_11 and w_12, '
                          "the weights from the two inputs into the first hidden "
                          "neuron.") as line:
            self.play(FadeIn(group.row[:3]), run_time=1.0)
            line.wait_until("pick")
            self.play(Create(boxes[0]), run_time=0.8)
        with self.narrate(f"Before training they are {a} and {b}."):
            self.play(FadeIn(group.row[3:]), Create(boxes[1]), run_time=1.0)
        self.play(FadeOut(group), FadeOut(boxes), run_time=0.6)

    def map_side(self) -> float:
        """The map's side: the band under the heading, less its tick labels and name."""
        return (kit.TOP - kit.BOTTOM) - 2.0

    def new_map(self, runs) -> SliceMap:
        loss_slice = kit.slice_for(self.story, runs)
        self.shown["slices"].append(loss_slice)
        view = SliceMap(loss_slice, self.map_side())
        top = self.caption.get_bottom()[1] - 0.2
        kit.fit(view, width=kit.WIDTH * 0.55, height=top - kit.BOTTOM)
        view.move_to([0, (top + kit.BOTTOM) / 2, 0]).set_x(-kit.WIDTH / 2 + view.width / 2)
        view.start.move_to(view.to_point(loss_slice.centre)[0])
        return view

    def slice_the_loss(self) -> None:
        self.caption = kit.text(r"a 2-D slice of the loss: $w_{11}$, $w_{12}$ of layer 1 vary, "
                                r"all else stays at its start", font_size=28,
                                color=DIM_COLOR).to_edge(UP, buff=0.3)
        kit.fit(self.caption, width=kit.WIDTH)
        self.map = view = self.new_map(self.rounds[0])
        n, samples = view.slice.n, len(self.story.x)
        self.shown.update(grid_points=n, samples=samples, levels=view.levels,
                          map_ticks=view.ticks)
        with self.narrate("Hold every other parameter at its start and vary only these two. "
                          f"At each point of a {n} by {n} grid, nn computes the loss E on "
                          f'all {samples} samples <bookmark mark="image"/>of the data.') as line:
            self.play(FadeIn(self.caption), FadeIn(view.frame), FadeIn(view.ticks),
                      FadeIn(view.x_label), FadeIn(view.y_label), run_time=1.0)
            line.wait_until("image")
            self.play(FadeIn(view.image), run_time=1.2)
        with self.narrate("Dark blue is low loss, pale is high. The white lines join points "
                          "of equal loss, at the values marked on the colour bar."):
            self.play(FadeIn(view.bar), run_time=0.8)
            self.play(Create(view.contours), run_time=1.2)
        with self.narrate("The white dot is where the network starts."):
            self.play(FadeIn(view.start, scale=0.5), run_time=0.6)

    def call_it_a_slice(self) -> None:
        count = sum(p.size for layer in self.story.new_model().get_weights()
                    for p in layer.values())
        self.shown["parameters"] = count
        with self.narrate(f"To be honest about this picture: the network has {count} "
                          f"parameters, so its loss is a surface over {count} dimensions. "
                          '<bookmark mark="slice"/>This map is one 2-D slice of it, through '
                          "the starting point.") as line:
            line.wait_until("slice")
            self.play(Indicate(self.caption, color=YELLOW, scale_factor=1.05), run_time=1.2)

    # -- three runs from the same start ----------------------------------------------------

    def race(self, k: int) -> None:
        """The three rules at rate k: their paths over the map, their loss curves beside."""
        runs, self.rate_now = self.rounds[k], self.settings.rates[k]
        if k:
            self.play(FadeOut(self.panel), FadeOut(self.paths), run_time=0.6)
            self.zoom_out(runs)
        self.progress = ValueTracker(0)
        self.panel = self.loss_panel(runs)
        self.paths = self.paths_of(runs)
        self.introduce_the_race(k)
        with self.narrate("Step by step, each path is where its two weights go; on the "
                          "right, each run's loss on all the data.") as line:
            self.play(self.advance(self.settings.steps), rate_func=linear,
                      run_time=max(5.0, line.remaining()))
        self.remove(self.progress_driver)
        self.stop_the_race(runs)
        self.tell_the_outcome(k, runs)
        if k == 0:
            self.caveat()

    def zoom_out(self, runs) -> None:
        old, self.map = self.map, self.new_map(runs)
        with self.narrate("At this rate the weights travel further, so nn computes the "
                          "slice again, over a square wide enough for their paths."):
            self.play(FadeOut(old), FadeOut(old.start), run_time=0.8)
            self.play(FadeIn(self.map), FadeIn(self.map.start), run_time=1.2)
        self.shown["map_ticks_large"] = self.map.ticks

    def batch_words(self) -> str:
        config = self.story.config
        size = min(config.batch_size or len(self.story.x), len(self.story.x))
        if size == len(self.story.x):
            return "all the data in every step"
        return "one sample per step" if size == 1 else f"{size} samples per step"

    def introduce_the_race(self, k: int) -> None:
        rate, momentum = self.settings.rates[k], self.settings.momentum
        if k == 0:
            story_rate = rate == self.story.config.learning_rate
            text = ("Now train three times from this same start, with nn's own optimizers: "
                    f"plain SGD, SGD with momentum {momentum}, and Adam, each at "
                    + ("the story's learning rate" if story_rate else "learning rate")
                    + f" {rate}, {self.batch_words()}, as the story trains.")
            if story_rate:
                text += (f" The story itself uses {self.story_rule}: its run is the story "
                         "run's first steps.")
        else:
            upset = any(Outcome.of(run).kind != "fell" for run in self.rounds[k])
            text = (f"Now a learning rate {'too large' if upset else 'larger'}: {rate}. Same "
                    "start, same data, the same three rules.")
        with self.narrate(text):
            self.play(FadeIn(self.panel), FadeIn(self.paths), run_time=1.0)

    def stop_the_race(self, runs) -> None:
        """The paths and curves stay at their last step; a run that stopped gets a cross."""
        for mob in [*self.paths, *self.panel.live]:
            mob.clear_updaters()
        crosses = VGroup()
        for run, path in zip(runs, self.paths):
            if run.stopped:
                cross = MathTex(r"\times", font_size=48, color=RUN_COLORS[run.rule])
                crosses.add(cross.move_to(path.head))
        if len(crosses):
            self.play(FadeIn(crosses), run_time=0.5)
            self.remove(crosses)
            self.paths.add(crosses)              # they leave with the paths

    def tell_the_outcome(self, k: int, runs) -> None:
        outcomes = [Outcome.of(run) for run in runs]
        self.shown["outcomes"].append([[o.peak, o.final] for o in outcomes])
        finals = VGroup()
        for outcome, row in zip(outcomes, self.panel.legend):
            value = (Tex(f"stopped at step {outcome.stopped_at}", font_size=26)
                     if outcome.kind == "diverged" else
                     VGroup(formula("E =", font_size=28),
                            number(outcome.final, font_size=26)).arrange(RIGHT, buff=0.12))
            finals.add(value.next_to(row, RIGHT, buff=0.3))
        self.shown[f"finals_{k}"] = finals
        with self.narrate(self.outcome_words(k, runs, outcomes)):
            self.play(FadeIn(finals), run_time=0.8)
        self.remove(finals)
        self.panel.add(finals)                   # they leave with the panel

    def outcome_words(self, k: int, runs, outcomes) -> str:
        names = {"SGD": "plain SGD", "momentum": "momentum", "Adam": "Adam"}
        if k == 0:
            finals = [fmt(o.final, precision(o.final)) for o in outcomes]
            return (f"After {self.settings.steps} steps, the loss on all the data is "
                    f"{finals[0]} for plain SGD, {finals[1]} with momentum, and {finals[2]} "
                    "with Adam.")
        phrases = []
        for run, o in zip(runs, outcomes):
            name = names[run.rule]
            if o.kind == "diverged":
                phrases.append(f"{name}'s loss stopped being a finite number at step "
                               f"{o.stopped_at}, and its run ends there")
            elif o.kind == "rose":
                phrases.append(f"{name}'s loss jumped up to {fmt(o.peak, precision(o.peak))}, "
                               f"above where it started, and ended at "
                               f"{fmt(o.final, precision(o.final))}")
            else:
                phrases.append(f"{name}'s loss ended at {fmt(o.final, precision(o.final))}")
        return f"At {self.settings.rates[k]}: " + "; ".join(phrases) + "."

    def caveat(self) -> None:
        with self.narrate("A path does not simply roll downhill on this map: every other "
                          "weight moves too. The map is the loss around the start; the "
                          "curves are the true loss."):
            self.play(Indicate(self.map.frame, color=YELLOW, scale_factor=1.02), run_time=1.2)

    # -- the slice as a surface, turning ----------------------------------------------------

    def see_the_surface(self) -> None:
        """The map tips back and rises into the slice's surface, which turns; then back."""
        view, count = self.map, self.shown["parameters"]
        bar_x = view.bar.get_x()
        labels, place = self.rig_of(self.surface_of(self.rounds[0]),
                                    *self.views_of(view.bar.width))
        place()
        self.add(labels)
        self.bring_to_back(place.stage)               # under the map until the map fades
        flat_parts = [view.image, view.contours, view.frame, view.ticks, view.x_label,
                      view.y_label, view.start, self.paths, self.panel]
        with self.narrate('Now the same slice as a surface: <bookmark mark="rise"/>its height '
                          "over each pair of w_11 and w_12 is the loss E there, in the "
                          "map's colours.") as line:
            self.play(*(FadeOut(part) for part in flat_parts), run_time=0.6)   # then the
            self.play(view.bar.animate.set_x(kit.WIDTH / 2 - view.bar.width / 2),  # bar: it
                      run_time=0.6)                          # would slide over the legend
            line.wait_until("rise")
            self.move(place, place.tilt, 1.0, RISE_TIME)
        with self.narrate(f"It is still one 2-D slice of a loss over {count} dimensions. "
                          '<bookmark mark="turn"/>As it turns, the three paths lie on it, '
                          "each at the slice's loss under its two weights: not the run's own "
                          "loss, since its other weights moved too.") as line:
            line.wait_until("turn")
            self.move(place, place.turn, SURFACE_TURN, TURN_TIME)
        with self.narrate("Back to the flat map: its contour lines are these heights, seen "
                          "from above."):
            self.move(place, place.tilt, 0.0, FLATTEN_TIME)
            self.play(view.bar.animate.set_x(bar_x), run_time=0.6)
            self.play(*(FadeIn(part) for part in flat_parts), run_time=0.6)
        self.remove(place.stage, labels)

    def move(self, place, tracker: ValueTracker, value: float, run_time: float) -> None:
        """One of the rig's trackers to ``value``, the stage redrawn every frame meanwhile
        (its updater) and only then: held still, the surface costs one frame."""
        place.stage.add_updater(place)
        self.play(tracker.animate.set_value(value), run_time=run_time)
        place.stage.remove_updater(place)

    def surface_of(self, runs) -> kit.SurfaceMesh:
        """The map's slice as a surface: its corners are grid points of the slice (nn's
        values), its colours the map's; on it the map's contour lines, the start, each
        run's path at the slice's loss under its weights (bilinear in the slice's grid);
        at its back corner the axis of E."""
        sl, low, high = self.map.slice, self.map.low, self.map.high
        rows = vertex_indices(sl.n)
        heights = sl.values[np.ix_(rows, rows)]
        scale = SURFACE_HEIGHT / (high - low)
        colors = kit.face_colors(heights, lambda v: kit.slice_colors(v, low, high))
        surface = kit.SurfaceMesh(heights - low, colors, kit.View(), height_scale=scale)
        longest = 2 / (len(rows) - 1)                 # a face's side, in world units
        corner = (heights[0, 0] - low) * scale        # E's axis: under, then over the surface
        for ends in ([-FLOOR_GAP, corner], [corner, SURFACE_HEIGHT + AXIS_OVER]):
            surface.add_line(np.array([[-1, 1, w] for w in ends]), np.inf,
                             stroke_color=DIM_COLOR, stroke_width=2)
        for level in self.map.levels:
            for line in kit.contour_lines(sl.values, level):
                surface.add_line(world_of(sl, line, (level - low) * scale), longest, **CONTOUR)
        lifted = []
        for run in runs:
            rc = sl.index_of(run.path)
            lifted.append(sl.value_at(rc))
            world = world_of(sl, rc, (lifted[-1] - low) * scale)
            surface.add_line(world, longest, stroke_color=RUN_COLORS[run.rule],
                             stroke_width=PATH_WIDTH)
            surface.add_point(Dot(radius=0.07, color=RUN_COLORS[run.rule]), world[-1])
        start = sl.index_of(sl.centre)
        surface.add_point(Dot(radius=0.09, color="#FFFFFF"),
                          world_of(sl, start, (sl.value_at(start) - low) * scale)[0])
        self.shown["surface"] = dict(mesh=surface, rows=rows, heights=heights, base=low,
                                     height_scale=scale, paths=lifted)
        return surface

    def views_of(self, bar_width: float) -> tuple:
        """The view in which the surface lies flat on the map, and the view it rises to:
        as large as stays, while it turns, left of the colour bar (moved to the right)."""
        side, n = self.map.frame.width, self.map.slice.n
        flat = kit.View(0.0, np.pi / 2, side * (n - 1) / (2 * n),
                        tuple(self.map.frame.get_center()))
        top = self.caption.get_bottom()[1] - 0.2
        right = kit.WIDTH / 2 - bar_width - PANEL_GAP
        floor, ceiling = -FLOOR_GAP, SURFACE_HEIGHT + AXIS_OVER + 2 * E_ABOVE  # E's top
        box = np.array([[u, v, w] for u in (-1, 1) for v in (-1, 1) for w in (floor, ceiling)]
                       + [[u * LABEL_OUT, v * LABEL_OUT, floor]              # the names
                          for u, v in ((0, 1), (0, -1), (1, 0), (-1, 0))])
        thetas = SURFACE_THETA + np.linspace(0, SURFACE_TURN, 16)
        risen = kit.View.fitted(box, thetas, SURFACE_PHI, right + kit.WIDTH / 2,
                                top - kit.BOTTOM, ((right - kit.WIDTH / 2) / 2,
                                                   (top + kit.BOTTOM) / 2))
        return flat, risen

    def rig_of(self, surface, flat, risen):
        """The weights' names on the floor's nearer edges and E atop its axis, and
        ``place``: the updater that sets the surface's view and moves them (place.tilt: 0
        flat on the map, the names unseen; 1 risen; place.turn: how far it has turned;
        place.stage: the floor's outline, then the surface drawn over it)."""
        corners = np.array([[-1, 1], [1, 1], [1, -1], [-1, -1], [-1, 1]], dtype=float)
        corners = np.column_stack([corners, np.full(5, -FLOOR_GAP)])
        floor = VMobject(stroke_color=DIM_COLOR, stroke_width=2)
        names = [formula(name, font_size=MAP_FONT * 1.3) for name in WEIGHT_NAMES]
        sides = [np.array([[0, -LABEL_OUT, -FLOOR_GAP], [0, LABEL_OUT, -FLOOR_GAP]]),
                 np.array([[LABEL_OUT, 0, -FLOOR_GAP], [-LABEL_OUT, 0, -FLOOR_GAP]])]
        e_name = formula("E", font_size=MAP_FONT * 1.4)
        e_top = np.array([-1, 1, SURFACE_HEIGHT + AXIS_OVER + E_ABOVE])
        tilt, turn = ValueTracker(0.0), ValueTracker(0.0)

        def place(_mob=None) -> None:
            view = flat.towards(risen.turned(risen.theta + turn.get_value()), tilt.get_value())
            surface.set_view(view, tilt.get_value())
            floor.set_points_as_corners(view.project(corners * [1, 1, tilt.get_value()]))
            for name, ends in zip(names, sides):       # on the nearer edge: never hidden
                name.move_to(view.project(ends[np.argmax(view.depth(ends))]))
            e_name.move_to(view.project(e_top * [1, 1, tilt.get_value()]))
            labels.set_opacity(tilt.get_value())

        labels = VGroup(*names, e_name)
        place.tilt, place.turn, place.stage = tilt, turn, VGroup(floor, surface)
        return labels, place

    # -- the paths and the loss curves ----------------------------------------------------

    def advance(self, steps: int) -> UpdateFromAlphaFunc:
        """An animation that takes the step shown from 0 to ``steps`` (its mobject is an
        empty one: nothing of it is drawn)."""
        self.progress_driver = VMobject()
        return UpdateFromAlphaFunc(self.progress_driver,
                                   lambda _mob, alpha: self.progress.set_value(alpha * steps))

    def step_now(self, run) -> int:
        return min(int(self.progress.get_value() + 1e-6), run.steps)

    def paths_of(self, runs) -> VGroup:
        """Each run's path of (w_11, w_12) up to the step now, with a dot at its head."""
        paths = VGroup()
        for run in runs:
            color = RUN_COLORS[run.rule]
            points = self.map.to_point(run.path)
            path = VMobject(stroke_color=color, stroke_width=PATH_WIDTH)
            head = Dot(points[0], radius=0.07, color=color)

            def follow(mob, run=run, points=points):
                polyline([points[:self.step_now(run) + 1]], mob)

            def lead(mob, run=run, points=points):
                mob.move_to(points[self.step_now(run)])

            path.add_updater(follow)
            head.add_updater(lead)
            follow(path)
            pair = VGroup(path, head)
            pair.head = head
            paths.add(pair)
        return paths

    def loss_panel(self, runs) -> VGroup:
        """The loss curves on linear axes, the legend and the step counter, right of the map."""
        left = self.map.get_right()[0] + PANEL_GAP
        width = kit.WIDTH / 2 - left
        legend = self.legend_of(runs)
        counter = self.counter()
        header = VGroup(counter, legend).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        kit.fit(header, width=width)
        header.next_to(self.caption, DOWN, buff=0.35).set_x(left + header.width / 2)
        axes, labels = self.loss_axes(runs, width, header.get_bottom()[1] - 0.5 - kit.BOTTOM)
        plot = VGroup(axes, labels).next_to(header, DOWN, buff=0.4)
        plot.set_x(left + plot.width / 2)
        curves = VGroup(*(self.curve_of(run, axes) for run in runs))
        panel = VGroup(header, plot, curves)
        panel.legend, panel.live = legend, [*curves, counter[1]]
        self.shown.setdefault("loss_axes", []).append(labels)
        return panel

    def legend_of(self, runs) -> VGroup:
        names = {"SGD": "plain SGD", "momentum": f"SGD, momentum {self.settings.momentum}",
                 "Adam": "Adam"}
        rows = VGroup()
        for run in runs:
            label = names[run.rule] + (" (the story's)" if run.rule == self.story_rule
                                       else "")
            rows.add(VGroup(Line(LEFT * 0.25, RIGHT * 0.25, color=RUN_COLORS[run.rule],
                                 stroke_width=5),
                            Tex(label, font_size=28)).arrange(RIGHT, buff=0.2))
        return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.2)

    def counter(self) -> VGroup:
        label = Tex("step", font_size=30, color=DIM_COLOR)
        value = kit.GlyphNumber(0, font_size=32)
        rate = formula(rf"\alpha = {self.rate_now}", font_size=32)
        value.add_updater(lambda mob: mob.set_value(int(self.progress.get_value() + 1e-6)))
        counter = VGroup(label, value, rate).arrange(RIGHT, buff=0.3)
        value.align_to(label, DOWN)
        rate.shift(RIGHT * 0.3)
        return counter

    def loss_axes(self, runs, width: float, height: float) -> tuple[Axes, VGroup]:
        steps = self.settings.steps
        top, y_step = axis_top(max(float(run.loss.max()) for run in runs))
        x_top, x_step = axis_top(steps)
        axes = Axes(x_range=[0, x_top, x_step], y_range=[0, top, y_step],
                    x_length=width - 1.0, y_length=height - 0.6, tips=False,
                    axis_config={"stroke_color": DIM_COLOR, "stroke_width": 2,
                                 "tick_size": 0.05})
        labels = VGroup()
        for value in np.arange(0, x_top + x_step / 2, x_step):
            labels.add(number(value, decimals=0, font_size=22).set_color(DIM_COLOR)
                       .next_to(axes.c2p(value, 0), DOWN, buff=0.12))
        y_ticks = np.arange(0, top + y_step / 2, y_step)
        shown = steps_precision(y_ticks)
        for value in y_ticks:
            labels.add(number(value, decimals=shown, font_size=22).set_color(DIM_COLOR)
                       .next_to(axes.c2p(0, value), LEFT, buff=0.12))
        labels.add(Tex("step", font_size=26, color=DIM_COLOR)
                   .next_to(axes.x_axis, DOWN, buff=0.45))
        labels.add(formula("E", font_size=32).next_to(axes.y_axis, LEFT, buff=0.6))
        return axes, labels

    def curve_of(self, run, axes: Axes) -> VMobject:
        points = np.array([axes.c2p(t, loss) for t, loss in enumerate(run.loss)])
        curve = VMobject(stroke_color=RUN_COLORS[run.rule], stroke_width=3)

        def follow(mob):
            polyline([points[:self.step_now(run) + 1]], mob)

        curve.add_updater(follow)
        follow(curve)
        return curve

    # -- one step of each rule, with live numbers -------------------------------------------

    def one_step_of(self, rule: str) -> None:
        """Step LIVE_STEP of the run at the first rate, for w_11: each line of the rule
        symbolic, then with its numbers, under nn's code; then what nn's optimizer did."""
        run = self.rounds[0][RULES.index(rule)]
        step = kit.one_step(run, min(LIVE_STEP, run.steps))
        self.shown["steps"][rule] = {"given": step.given, "computed": step.computed,
                                     "recorded": step.recorded}
        rows = self.rows_of(step)
        if rule == "Adam":                 # its update, then its step's two corrections
            update = code_piece(nn.Adam.update)
            tail = code_piece(nn.Adam.update, "denom =", "param -=")
            screens = [([update], rows[:3]), ([code_piece(nn.Adam.step), tail], rows[3:])]
        else:
            screens = [([code_piece(nn.SGD.update)], rows)]
        intro = {"SGD": "One step of each rule, with live numbers, under nn's own code. "
                        "First plain SGD.",
                 "momentum": "Now SGD with momentum: the same code, with a velocity.",
                 "Adam": "And Adam, whose update keeps two running averages."}[rule]
        for k, (pieces, shown_rows) in enumerate(screens):
            table = self.show_screen(rule, pieces, shown_rows, intro if k == 0 else
                                     "Then its step's two corrections, and the update.")
        self.check_the_step(step, table)

    def rows_of(self, step) -> list[tuple]:
        """(symbolic, with numbers, code piece, the lines it runs, the line said) for each
        line of the rule."""
        g, w, t = step.given["g"], step.given["w"], step.t
        shown_w = change_precision(w, step.computed["w"])
        W0, W1 = tex_number(w, shown_w), tex_number(step.computed["w"], shown_w)
        first = (r"g = " + kit.grad_of("w_{11}"), rf"g = {self.tex_of(g)}", 0, ("def ",),
                 f"Step {t} at the story's rate, for w_11: backward gave its gradient, "
                 f"g = {self.said(g)}.")
        moved = f"from {fmt(w, shown_w)} to {fmt(step.computed['w'], shown_w)}"
        G, alpha = self.tex_of(g, True), step.rate
        if step.rule == "SGD":
            return [first, (r"{{w}} \leftarrow {{w}} - {{\alpha}} g",
                            rf"{{{{w}}}} = {W0} - {alpha} \times {G} = {W1}", 0, ("param -=",),
                            f"Plain SGD takes w minus alpha times g: w_11 goes {moved}.")]
        if step.rule == "momentum":
            v = self.tex_of(step.computed["v"], True)
            return [first, *self.momentum_rows(step, G), (
                r"{{w}} \leftarrow {{w}} - {{\alpha}} v",
                rf"{{{{w}}}} = {W0} - {alpha} \times {v} = {W1}", 0, ("param -=",),
                f"The weight moves by alpha times v: {moved}.")]
        c = step.computed
        return [first, *self.adam_rows(step, G), (
            r"{{w}} \leftarrow {{w}} - {{\alpha}} \, \hat m / (\sqrt{\hat v} + \epsilon)",
            rf"{{{{w}}}} = {W0} - {alpha} \times {self.tex_of(c['m_hat'], True)} / "
            rf"(\sqrt{{{self.tex_of(c['v_hat'])}}} + 10^{{-8}}) = {W1}", 1,
            ("denom =", "param -="),
            f"The weight moves by alpha times m-hat over the square root of v-hat: {moved}.")]

    @staticmethod
    def tex_of(value: float, brackets: bool = False) -> str:
        return tex_number(value, precision(value), brackets)

    @staticmethod
    def said(value: float) -> str:
        return fmt(value, precision(value))

    def momentum_rows(self, step, G: str) -> list:
        v0, v1, mu = step.given["v"], step.computed["v"], self.settings.momentum
        return [(r"v \leftarrow \mu v + g",
                 rf"v = {mu} \times {self.tex_of(v0, True)} + {G} = {self.tex_of(v1)}", 0,
                 ("velocity *= self.momentum", "grad = velocity"),
                 f"Momentum keeps a velocity v for each weight. It was {self.said(v0)}; "
                 f"times {mu}, plus g, it becomes {self.said(v1)}.")]

    def adam_rows(self, step, G: str) -> list:
        adam, t, c = nn.Adam(step.rate), step.t, step.computed
        b1, b2 = adam.beta_1, adam.beta_2
        return [
            (r"m \leftarrow \beta_1 m + (1 - \beta_1)\, g",
             rf"m = {b1} \times {self.tex_of(step.given['m'], True)} + "
             rf"{round(1 - b1, 10)} \times {G} = {self.tex_of(c['m'])}", 0,
             ("m *= self.beta_1", "m += "),
             f"m, a running average of the gradients, becomes {self.said(c['m'])},"),
            (r"v \leftarrow \beta_2 v + (1 - \beta_2)\, g^2",
             rf"v = {b2} \times {self.tex_of(step.given['v'], True)} + "
             rf"{round(1 - b2, 10)} \times {G}^2 = {self.tex_of(c['v'])}", 0,
             ("v *= self.beta_2", "v += "),
             f"and v, a running average of their squares, {self.said(c['v'])}."),
            (r"\hat m = m / (1 - \beta_1^{\,t})",
             rf"\hat m = {self.tex_of(c['m'], True)} / (1 - {b1}^{{{t}}}) = "
             rf"{self.tex_of(c['m_hat'])}", 0, ("self.step_size =",),
             "Both start at zero, so each is divided by one minus beta to the t: "
             f"m-hat is {self.said(c['m_hat'])},"),
            (r"\hat v = v / (1 - \beta_2^{\,t})",
             rf"\hat v = {self.tex_of(c['v'], True)} / (1 - {b2}^{{{t}}}) = "
             rf"{self.tex_of(c['v_hat'])}", 0, ("self.v_correction =",),
             f"and v-hat is {self.said(c['v_hat'])}."),
        ]

    def table_of(self, rows) -> VGroup:
        """Two columns: each line of the rule, symbolic, and with its numbers."""
        cells = VGroup()
        for symbolic, numeric, *_ in rows:
            cells.add(formula(symbolic, font_size=FORMULA_SIZE),
                      formula(numeric, font_size=FORMULA_SIZE))
        table = cells.arrange_in_grid(rows=len(rows), cols=2, col_alignments="ll",
                                      buff=(TABLE_GAP, ROW_GAP))
        kit.fit(table, width=kit.WIDTH, height=TABLE_SHARE * (kit.TOP - kit.BOTTOM))
        table.rows = [VGroup(cells[2 * k], cells[2 * k + 1]) for k in range(len(rows))]
        return table

    def codes_of(self, pieces, caption, room: float) -> VGroup:
        """nn's code, each piece a listing, under the caption, leaving ``room`` below."""
        codes = VGroup(*(kit.code_block(source, font_size=CODE_SIZE) for _, source in pieces))
        codes.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        kit.fit(codes, width=kit.WIDTH,
                height=caption.get_bottom()[1] - CODE_GAP - room - kit.BOTTOM)
        return codes.next_to(caption, DOWN, buff=CODE_GAP).set_x(0)

    def show_screen(self, rule: str, pieces, rows, intro: str) -> VGroup:
        self.clear_all()
        where = ", ".join(name for name, _ in pieces)
        caption = kit.text(rf"\texttt{{nn/optimizers.py}}: \texttt{{{where}}}", font_size=28,
                           color=DIM_COLOR).to_edge(UP, buff=0.3)
        table = self.table_of(rows)
        codes = self.codes_of(pieces, caption, table.height + CHECK_ROOM + 2 * CODE_GAP)
        table.next_to(codes, DOWN, buff=CODE_GAP + 0.1).set_x(0)
        self.shown.setdefault("code", []).append((codes, [source for _, source in pieces]))
        with self.narrate(intro):
            self.play(FadeIn(caption), *kit.fade_in(codes), run_time=1.0)
        box = None
        for (_, _, piece, needles, text), row in zip(rows, table.rows):
            source = pieces[piece][1]
            first, last = kit.region_of(source, needles[0], needles[-1]
                                        if len(needles) > 1 else None)
            new_box = kit.highlight(codes[piece], first, last)
            with self.narrate(text) as line:
                self.play(Create(new_box) if box is None else Transform(box, new_box),
                          *(kit.focus(code, first, last) if k == piece else
                            kit.focus(code, None) for k, code in enumerate(codes)),
                          Write(row[0]), run_time=1.0)
                self.play(Write(row[1]), run_time=max(1.0, min(2.0, line.remaining())))
            box = box or new_box
        return table

    def check_the_step(self, step, table) -> None:
        items = VGroup(kit.text(r"\texttt{nn}:", font_size=30))
        for key in [k for k in ("m", "v") if k in step.recorded] + ["w"]:
            symbol = "w_{11}" if key == "w" else key
            shown = change_precision(step.given["w"], step.computed["w"]) if key == "w" \
                else precision(step.recorded[key])
            items.add(VGroup(formula(f"{symbol} =", font_size=FORMULA_SIZE),
                             number(step.recorded[key], decimals=shown,
                                    font_size=FORMULA_SIZE)).arrange(RIGHT, buff=0.12))
        items.add(kit.verdict(step.agrees, font_size=44))
        items.arrange(RIGHT, buff=0.35)
        kit.fit(items, width=kit.WIDTH)
        items.next_to(table, DOWN, buff=CODE_GAP).align_to(table, LEFT)
        self.shown["steps"][step.rule]["check"] = items
        w_nn = fmt(step.recorded["w"], change_precision(step.given["w"], step.computed["w"]))
        text = {"SGD": f"And that is what nn's optimizer left in w_11: {w_nn}.",
                "momentum": f"nn's optimizer holds the same velocity, "
                            f"{self.said(step.recorded.get('v', 0.0))}, and the same "
                            f"weight, {w_nn}.",
                "Adam": "nn folds the two corrections into step_size and v_correction, and "
                        f"lands on the same m, v, and weight: {w_nn}."}[step.rule]
        with self.narrate(text, pause=1.0):
            self.play(FadeIn(items, shift=UP * 0.2), run_time=0.8)

    # -- the end ---------------------------------------------------------------------------

    def sum_up(self) -> None:
        self.clear_all()
        rules = VGroup(*(
            VGroup(Tex(name, font_size=34, color=RUN_COLORS[rule]),
                   formula(tex, font_size=36)).arrange(RIGHT, buff=0.4)
            for rule, name, tex in (
                ("SGD", "plain SGD", r"{{w}} \leftarrow {{w}} - {{\alpha}} g"),
                ("momentum", "momentum",
                 r"v \leftarrow \mu v + g,\ \ {{w}} \leftarrow {{w}} - {{\alpha}} v"),
                ("Adam", "Adam", r"{{w}} \leftarrow {{w}} - {{\alpha}} \, \hat m / "
                                 r"(\sqrt{\hat v} + \epsilon)"))))
        rules.arrange(DOWN, aligned_edge=LEFT, buff=0.5)
        kit.fit(rules, width=kit.WIDTH).move_to([0, 0, 0])
        with self.narrate("Same start, same data, three rules and two learning rates: where "
                          "the weights go depends on the rule and the step size as much as "
                          "on the loss itself.", pause=1.5):
            self.play(FadeIn(rules, lag_ratio=0.3), run_time=2.0)
