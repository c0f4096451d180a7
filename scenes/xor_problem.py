# Render: manim render -ql scenes/xor_problem.py     (-qh for 1080p60)
"""Chapters 16 and 17: the XOR problem, and why it needs a hidden layer.

16. The four points and their truth table, from the story's data set (another data set
    shows its first samples and all its points).
17. No straight line separates them: three tries by hand, then a network with no hidden
    layer trained by nn exactly like the story network (kit.xor_runs.linear_run), whose
    best line still fails and whose loss stalls.  Then the data as the output layer sees
    it: mapped through the trained story network's hidden layer, where a flat plane
    separates the classes.
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Circle, Create, DecimalNumber, FadeIn, FadeOut,
                   Group, Integer, LaggedStart, Line, MathTex, Polygon, SurroundingRectangle,
                   Tex, TransformFromCopy, ValueTracker, VGroup, VMobject, smooth)

from scenes.kit import (BOTTOM, CUBE_EDGES, DIM_COLOR, E_COLOR, LINE_PAUSE, TOP, WIDTH, X_COLOR,
                        InputPlane, LossPlot, RegionImageCamera, SciNumber, StoryScene, View,
                        boundary_image, class_color, contour_lines, cube_corners, decision_level,
                        fit, fmt, formula, grid_for, grid_values, hidden_view, linear_run,
                        number, place_between, plane_in_cube, precision)

ROWS_SHOWN = 4              # rows of the data table (all of XOR)
PHI = 0.45                  # how far the hidden-layer cube is seen from above
PLANE_SIDE = 4.8            # the input plane's side, and the hidden projection's
LEFT_HALF = LEFT * WIDTH / 4     # the middles of the frame's two halves: the input plane
RIGHT_HALF = RIGHT * WIDTH / 4   # on one side, what is said about it on the other
TABLE_COLUMNS = (0.0, 1.5, 3.3)  # x of the table's columns x1, x2 | y*, in its own frame
TABLE_ROW = 0.8             # from one row of the table to the next
LOSS_PLOT = (4.4, 2.3)      # the no-hidden-layer network's loss curve: width, height
CUBE_SCALE = 1.45           # scene units per half side of the hidden layer's cube
CUBE_TURN = 1.6             # radians the cube turns before it rests edge on to the plane
RING_RADIUS = 0.24          # the rings around points on the wrong side

# Candidate lines, as two points on the border of the plotted square (fractions of its
# side): one cuts off the bottom-left corner, one the top-right, one splits it down the
# middle.  For XOR these isolate (0, 0), isolate (1, 1), and split x1 = 0 from x1 = 1.
CANDIDATE_LINES = (((0.0, 0.5), (0.5, 0.0)), ((0.5, 1.0), (1.0, 0.5)), ((0.5, 0.0), (0.5, 1.0)))
TRIES = ("Cut off one corner", "Cut off the opposite corner", "Split the square down the middle")


def wrong_side(unit_points: np.ndarray, labels: np.ndarray, line) -> np.ndarray:
    """Which points a line gets wrong when each side takes the class that fits it best."""
    (a, b) = np.asarray(line, dtype=float)
    normal = np.array([b[1] - a[1], a[0] - b[0]])
    side = (unit_points - a) @ normal > 0
    positive = labels > 0.5
    wrong_if_same = side != positive              # side "+" means class 1
    wrong_if_flipped = side == positive
    return wrong_if_same if wrong_if_same.sum() <= wrong_if_flipped.sum() else wrong_if_flipped


def edge_on_theta(normal: np.ndarray, phi: float) -> float:
    """The turn of the view (kit.surface.View) that sees the plane with this normal most
    nearly edge on: the viewing direction (-sin t cos phi, -cos t cos phi, sin phi) most
    nearly perpendicular to the normal."""
    t = np.linspace(-np.pi, np.pi, 3601)
    toward = np.stack([-np.sin(t) * np.cos(phi), -np.cos(t) * np.cos(phi),
                       np.full_like(t, np.sin(phi))], axis=1)
    n = np.asarray(normal, dtype=float) / np.linalg.norm(normal)
    return float(t[np.argmin(np.abs(toward @ n))])


def loss_readout(value: float, font_size: float = 36):
    """A loss as it reads best: 0.250 while above 0.001, else 1.85 x 10^-5."""
    if value >= 1e-3:
        mob = DecimalNumber(value, num_decimal_places=3, font_size=font_size, color=E_COLOR)
        mob.value = value
        return mob
    return SciNumber(value, font_size=font_size)


def said_loss(value: float) -> str:
    """A loss in the narration, as loss_readout shows it: "0.250", "1.85 × 10⁻⁵" (kit.fmt,
    which the voice reads as the "1.85 × 10^-5" written here before)."""
    return f"{value:.3f}" if value >= 1e-3 else fmt(value)


def points(n: int) -> str:
    return "one point" if n == 1 else f"{n} points"


def rings_around(dots, wrong: np.ndarray, few: bool) -> VGroup:
    """Red rings around the points on the wrong side (only when there are few points)."""
    return VGroup(*(Circle(radius=RING_RADIUS, color=E_COLOR, stroke_width=6).move_to(dot)
                    for dot, bad in zip(dots, wrong) if bad and few))


class HiddenCube:
    """The hidden layer's three outputs as points in a cube (the limits of the activation),
    with the output layer's separating plane W h + B = threshold cut out of it, seen
    through ``camera`` turned to ``theta``."""

    def __init__(self, dots, camera: View, cut: np.ndarray, world: np.ndarray) -> None:
        self.camera, self.cut, self.world = camera, cut, world
        self.corners = cube_corners()
        self.edges = VGroup(*(Line(stroke_color=DIM_COLOR, stroke_width=2) for _ in CUBE_EDGES))
        self.names = VGroup(*(formula(f"h_{k + 1}", font_size=34, color=DIM_COLOR)
                              for k in range(3)))
        self.dots = VGroup(*(dot.copy() for dot in dots))
        self.sheet = Polygon(*([[0, 0, 0]] * 3), stroke_color="#FFFFFF", stroke_width=3,
                             fill_color="#FFFFFF", fill_opacity=0.18)
        self.theta = ValueTracker(camera.theta)
        self.place()

    def place(self, _mob=None) -> None:
        v = self.camera.turned(self.theta.get_value())
        for edge, (a, b) in zip(self.edges, CUBE_EDGES):
            edge.put_start_and_end_on(*v.project(self.corners[[a, b]]))
        self.place_names(v)
        for dot, p in zip(self.dots, self.world):
            dot.move_to(v.project(p))
        if len(self.cut):
            pts = v.project(self.cut)
            self.sheet.set_points_as_corners(np.vstack([pts, pts[:1]]))

    def place_names(self, v: View) -> None:
        """Each axis's name by the middle of its edge on the outline nearest the viewer,
        outside the cube."""
        middle = v.project(np.zeros(3))
        for k, name in enumerate(self.names):
            mids = np.unique([[0.0 if j == k else sign for j, sign in enumerate(signs)]
                              for signs in self.corners], axis=0)
            at = v.project(mids)
            reach = np.linalg.norm(at - middle, axis=1) + 0.3 * v.depth(mids)
            best = at[np.argmax(reach)]
            away = (best - middle) / (np.linalg.norm(best - middle) or 1.0)
            name.move_to(best + away * 0.4)


class XorProblem(StoryScene):
    def __init__(self, **kwargs):
        super().__init__(camera_class=RegionImageCamera, **kwargs)   # cheap heat-map images

    def construct(self) -> None:
        self.xor = self.story.config.dataset == "xor"
        plane = self.chapter_data()
        self.chapter_separability(plane)

    # -- 16: the data ----------------------------------------------------------------------

    def data_table(self) -> VGroup:
        x, y = self.story.x, self.story.y
        rows = min(ROWS_SHOWN, len(x))
        dx, dy = precision(x), precision(y)
        header = VGroup(formula("x_1", font_size=44), formula("x_2", font_size=44),
                        formula("y^*", font_size=44))
        for mob, column in zip(header, TABLE_COLUMNS):
            mob.move_to(RIGHT * column)
        body = VGroup()
        for r in range(rows):
            cells = [number(v, X_COLOR, dx, font_size=40) for v in x[r]]
            cells.append(number(y[r, 0], class_color(y[r, 0]), dy, font_size=40))
            row = VGroup(*cells)
            for mob, column in zip(row, TABLE_COLUMNS):
                mob.move_to(RIGHT * column + DOWN * (TABLE_ROW * (r + 1) + 0.1))
            body.add(row)
        table = VGroup(header, *self.table_rules(header, body), body)
        if rows < len(x):
            more = MathTex(r"\vdots", font_size=40, color=DIM_COLOR)
            table.add(more.next_to(body, DOWN, buff=0.25))
        table.body, table.header = body, header
        self.shown["table_x"] = [[cell.number for cell in row[:2]] for row in body]
        self.shown["table_y"] = [row[2].number for row in body]
        return table

    @staticmethod
    def table_rules(header, body) -> tuple[Line, Line]:
        """The rule under the header, and the divider between the inputs and the target."""
        cells = VGroup(header, body)
        rule = Line(cells.get_left() + LEFT * 0.45, cells.get_right() + RIGHT * 0.45,
                    stroke_color=DIM_COLOR, stroke_width=2)
        rule.next_to(header, DOWN, buff=0.22)
        x2 = VGroup(header[1], *(row[1] for row in body))
        target = VGroup(header[2], *(row[2] for row in body))
        middle = (x2.get_right()[0] + target.get_left()[0]) / 2
        divider = Line(cells.get_top() + UP * 0.2, cells.get_bottom() + DOWN * 0.15,
                       stroke_color=DIM_COLOR, stroke_width=2).set_x(middle)
        return rule, divider

    def chapter_data(self) -> InputPlane:
        story = self.story
        self.chapter("XOR" if self.xor else f"The data: {story.config.dataset}")
        table = self.data_table().center()
        self.plane_grid = grid_for(story.x)
        plane = InputPlane(self.plane_grid, PLANE_SIDE, story.x, story.y).move_to(RIGHT_HALF)
        if self.xor:
            self.read_the_truth_table(table)
        else:
            with self.narrate(f"Our data set this time: {story.config.dataset}, {len(story.x)} "
                              f"points with two inputs x1, x2, and a target y* of 0 or 1."):
                self.play(FadeIn(table, lag_ratio=0.1), run_time=1.5)
        self.put_the_samples_on_the_plane(table, plane)
        with self.narrate("The network must learn to tell the two colours apart: output 1 on "
                          "the orange points, 0 on the blue ones."):
            pass
        self.play(FadeOut(table), FadeOut(plane), run_time=1.0)
        return plane.move_to(LEFT_HALF)

    def read_the_truth_table(self, table) -> None:
        with self.narrate("Time for a real problem. The video's choice is XOR, exclusive "
                          'or: <bookmark mark="head"/>two inputs, each 0 or 1, and one '
                          'output.') as line:
            line.wait_until("head")
            self.play(FadeIn(table.header), Create(table[1]), Create(table[2]), run_time=1.2)
        with self.narrate('Here is <bookmark mark="rows"/>its whole truth table, one sample '
                          'per row, as nn stores data: the inputs x1, x2, and the target '
                          'y*.') as line:
            line.wait_until("rows")
            self.play(FadeIn(table.body, lag_ratio=0.15), run_time=1.5)
        ones = [r for r, row in enumerate(table.body) if row[2].number > 0.5]
        boxes = VGroup(*(SurroundingRectangle(table.body[r], color=class_color(1),
                                              buff=0.15, corner_radius=0.15)
                         for r in ones))
        with self.narrate("The output is 1 when exactly one input is 1, and 0 when the two "
                          "inputs are equal."):
            self.play(Create(boxes), run_time=1.2)
        self.play(FadeOut(boxes), run_time=0.5)

    def put_the_samples_on_the_plane(self, table, plane: InputPlane) -> None:
        frame = VGroup(plane.frame, plane.ticks, plane.x_label, plane.y_label)
        moves = [TransformFromCopy(VGroup(*row[:2]), dot)
                 for row, dot in zip(table.body, plane.dots)]
        rest = VGroup(*plane.dots[len(table.body):])
        with self.narrate('Each sample is a point of the input plane, <bookmark mark="dots"/>'
                          'coloured by its target: blue for 0, orange for 1.') as line:
            self.play(table.animate.move_to(LEFT_HALF), FadeIn(frame), run_time=1.2)
            line.wait_until("dots")
            self.play(LaggedStart(*moves, lag_ratio=0.3), run_time=1.5)
            if len(rest):
                self.play(FadeIn(rest, lag_ratio=0.01), run_time=1.2)

    # -- 17: linear separability -----------------------------------------------------------

    def chapter_separability(self, plane: InputPlane) -> None:
        story = self.story
        self.chapter("Linear separability")
        self.play(FadeIn(plane), run_time=1.0)
        self.labels = story.y[:, 0]
        self.few = len(story.x) <= 16
        self.level = decision_level(story.y)
        self.try_lines_by_hand(plane)
        linear = self.train_without_hidden_layer(plane)
        self.compare_with_the_hidden_layer(linear)
        self.look_through_the_hidden_layer(plane, linear)

    def try_lines_by_hand(self, plane: InputPlane) -> None:
        """Three lines by hand, each with its count of points on the wrong side."""
        counter = Integer(0, font_size=40, color=E_COLOR)
        counter_group = VGroup(Tex("points on the wrong side:", font_size=34), counter)
        counter_group.arrange(RIGHT, buff=0.25).move_to(RIGHT_HALF).align_to(plane.frame, UP)
        line = Line(*plane.unit_to_point(np.array(CANDIDATE_LINES[0])), color=DIM_COLOR,
                    stroke_width=5)
        with self.narrate("Can one straight line put all the blue points on one side and all "
                          "the orange ones on the other?"):
            pass
        rings, counts = VGroup(), []
        unit = self.plane_grid.to_unit(self.story.x)
        for index, (candidate, words) in enumerate(zip(CANDIDATE_LINES, TRIES)):
            wrong = wrong_side(unit, self.labels, candidate)
            counts.append(int(wrong.sum()))
            new_rings = rings_around(plane.dots, wrong, self.few)
            with self.narrate(f'{words}: <bookmark mark="count"/>{points(counts[-1])} on the '
                              f'wrong side.') as said:
                if index == 0:
                    self.play(Create(line), run_time=1.2)
                else:
                    ends = plane.unit_to_point(np.array(candidate))
                    self.play(line.animate.put_start_and_end_on(*ends), FadeOut(rings),
                              run_time=1.2)
                said.wait_until("count")
                counter.set_value(counts[-1])
                shown = [FadeIn(counter_group)] if index == 0 else []
                self.play(*shown, Create(new_rings), run_time=0.8)
            rings = new_rings
        self.shown.update(hand_counts=counts, counter=counter)
        self.conclude_not_separable()
        self.play(FadeOut(line), FadeOut(rings), FadeOut(counter_group), run_time=0.8)

    def conclude_not_separable(self) -> None:
        if self.xor:
            with self.narrate("However we turn or shift it, at least one point ends up on the "
                              "wrong side. XOR is not linearly separable."):
                pass
        else:
            with self.narrate("However we turn or shift it, many points end up on the wrong "
                              "side: these classes are not linearly separable."):
                pass

    def train_without_hidden_layer(self, plane: InputPlane) -> Group:
        """A network with no hidden layer, trained by nn: its loss curve, then its best line,
        then the points it still gets wrong.  Returns what is on screen of it, with
        ``.panel`` (the right-hand column) and ``.rings``."""
        story, config = self.story, self.story.config
        model, record = linear_run(config)
        grid, level = self.plane_grid, self.level
        low, high = float(np.min(story.y)), float(np.max(story.y))
        image = plane.image(boundary_image(model, grid, low, high))
        contour = plane.contour(contour_lines(grid_values(model, grid), level))
        wrong = (model.predict(story.x)[:, 0] > level) != (self.labels > level)
        self.shown.update(linear_model=model, linear_record=record, linear_image=image,
                          linear_wrong=int(wrong.sum()))
        panel = self.linear_panel(record)
        self.let_nn_search(panel)
        self.add_foreground_mobjects(plane.dots)
        self.draw_its_best_line(panel, record, image, contour)
        rings = rings_around(plane.dots, wrong, self.few)
        self.add_foreground_mobjects(rings)
        with self.narrate(f"Still {points(int(wrong.sum()))} on the wrong side, and "
                          f'<bookmark mark="loss"/>the loss stalls at '
                          f"{said_loss(panel.final.value)} however long it trains.") as line:
            self.play(Create(rings), run_time=1.0)
            line.wait_until("loss")
            self.play(FadeIn(panel.readout), run_time=0.8)
        linear = Group(image, contour, rings, panel)
        linear.panel, linear.rings = panel, rings
        return linear

    def linear_panel(self, record) -> VGroup:
        """The right-hand column: the network's name, its loss curve, its final loss, and
        (shown later) the story network's loss, fitted into the frame's right half."""
        config = self.story.config
        net = Tex(rf"no hidden layer: Dense({config.layers[0]} $\to$ {config.layers[-1]}), "
                  rf"{config.activation}", font_size=32)
        width, height = LOSS_PLOT
        plot = LossPlot(record.loss, width=width, height=height, font_size=22)
        final = loss_readout(record.loss[-1])
        readout = VGroup(formula("E =", font_size=36), final).arrange(RIGHT, buff=0.2)
        layers = "-".join(str(n) for n in config.layers)
        story_loss = loss_readout(self.story.run.loss[-1])
        compare = VGroup(Tex(f"with a hidden layer ({layers}):", font_size=32),
                         formula("E =", font_size=36), story_loss).arrange(RIGHT, buff=0.2)
        fit(compare, width=WIDTH / 2)
        panel = VGroup(net, plot, readout).arrange(DOWN, buff=0.45)
        column = VGroup(panel, compare).arrange(DOWN, buff=0.45)
        place_between(column, TOP, BOTTOM, width=WIDTH / 2, x=RIGHT_HALF[0])
        panel.net, panel.plot, panel.readout, panel.final = net, plot, readout, final
        panel.compare, panel.story_loss, panel.layers = compare, story_loss, layers
        self.shown.update(linear_loss=final, story_loss=story_loss,
                          losses=[record.loss[-1], self.story.run.loss[-1]])  # as said
        return panel

    def let_nn_search(self, panel) -> None:
        with self.narrate("Rather than trust our hand, let nn search for the best line: "
                          '<bookmark mark="net"/>a network with no hidden layer, trained exactly '
                          "like the story's network.") as line:
            line.wait_until("net")
            self.play(FadeIn(panel.net), run_time=1.2)

    def draw_its_best_line(self, panel, record, image, contour) -> None:
        config, plot = self.story.config, panel.plot
        plot.show_until(len(record.loss) - 1)
        axes = VGroup(plot.axes, plot.labels, plot.x_title, plot.y_title, plot.dot)
        with self.narrate(f"Gradient descent does its best for {record.epochs[-1]} epochs. Its "
                          f"output is a {config.activation} of one weighted sum, so "
                          f'<bookmark mark="line"/>its boundary is a straight line.') as line:
            self.play(FadeIn(axes), Create(plot.curve), run_time=2.0)
            line.wait_until("line")
            self.play(FadeIn(image), Create(contour), run_time=1.2)

    def compare_with_the_hidden_layer(self, linear) -> None:
        panel = linear.panel
        with self.narrate(f"With its hidden layer, the {panel.layers} network drives "
                          f'<bookmark mark="loss"/>the same loss down to '
                          f"{said_loss(panel.story_loss.value)}.") as line:
            line.wait_until("loss")
            self.play(FadeIn(panel.compare), run_time=1.2)

    # -- 17, continued: the hidden layer's view ----------------------------------------------

    def look_through_the_hidden_layer(self, plane: InputPlane, linear) -> None:
        view = hidden_view(self.story, self.level)
        self.shown["hidden_view"] = view
        self.remove_foreground_mobjects(plane.dots, linear.rings)
        self.play(FadeOut(Group(*linear, linear.panel.compare)), run_time=1.0)
        which = "hidden layer" if view.layer == 1 else "last hidden layer"
        intro = ("The output layer can only ever draw a straight boundary. What changes is "
                 f'what it looks at: not the inputs, but <bookmark mark="hidden"/>the {which}\'s '
                 "outputs.")
        if view.features.shape[1] == 3:
            self.hidden_cube(plane, view, intro)
        else:
            self.hidden_projection(plane, view, intro)

    def hidden_cube(self, plane: InputPlane, view, intro: str) -> None:
        """The hidden layer's three outputs as a rotating cube, with the output layer's
        separating plane W h + B = threshold inside it."""
        mid, half = (view.low + view.high) / 2, (view.high - view.low) / 2
        world = (view.features - mid) / half
        normal = view.weights[0] * half
        offset = view.threshold - view.bias[0] - view.weights[0].sum() * mid
        cut = plane_in_cube(normal, offset)
        self.shown.update(hidden_world=world, hidden_cut=cut)
        end = edge_on_theta(normal, PHI) if len(cut) else 0.9
        camera = View(theta=end - CUBE_TURN, phi=PHI, scale=CUBE_SCALE,
                      centre=(RIGHT_HALF[0], 0.0, 0.0))
        cube = HiddenCube(plane.dots, camera, cut, world)
        with self.narrate(intro) as line:
            line.wait_until("hidden")
            self.play(Create(cube.edges), FadeIn(cube.names), run_time=1.5)
        with self.narrate('For each point, the hidden layer gives <bookmark mark="three"/>three '
                          "numbers: a point in a cube whose corners are the limits of the "
                          "activation.") as line:
            line.wait_until("three")
            self.play(*(TransformFromCopy(a, b) for a, b in zip(plane.dots, cube.dots)),
                      run_time=2.0)
        self.turn_the_cube_edge_on(cube, end)

    def turn_the_cube_edge_on(self, cube: HiddenCube, end: float) -> None:
        """The cube turns from the word "plane" through the calm after the line, and comes
        to rest edge on to the plane just as the next line says so."""
        rig = VMobject().add_updater(cube.place)
        self.add(rig)
        with self.narrate('The hidden layer has moved the points: now <bookmark mark="plane"/>a '
                          "flat plane puts the two classes on opposite sides. That plane is the "
                          "output layer's boundary, the set where its output is exactly one "
                          "half.", pause=0) as line:
            line.wait_until("plane")
            self.play(FadeIn(cube.sheet), run_time=1.0)
            self.bring_to_front(cube.dots)
            self.play(cube.theta.animate.set_value(end), rate_func=smooth,
                      run_time=line.remaining() + LINE_PAUSE)
        with self.narrate("Seen edge on, the plane is a line, with the blue points on one side "
                          "and the orange ones on the other.", pause=1.5):
            pass
        with self.narrate("A hidden layer bends the input space until a straight cut is enough. "
                          "That is what the network learns, and what the next chapters train."):
            pass
        rig.clear_updaters()

    def hidden_projection(self, plane: InputPlane, view, intro: str) -> None:
        """More (or fewer) than three hidden outputs: a flat picture whose horizontal axis
        is the output layer's own weighted sum, and whose vertical axis is the main other
        direction of the hidden outputs."""
        h, score = view.features, view.scores
        x, y = projected(view)
        side, centre = PLANE_SIDE, RIGHT_HALF
        frame = VGroup(Line(centre + [-side / 2, -side / 2, 0], centre + [side / 2, -side / 2, 0]),
                       Line(centre + [-side / 2, -side / 2, 0], centre + [-side / 2, side / 2, 0]))
        frame.set_stroke(DIM_COLOR, 2)
        x_name = formula("{{W}} h + {{B}}", font_size=32).next_to(frame[0], DOWN, buff=0.2)
        y_name = Tex("another direction", font_size=26, color=DIM_COLOR).rotate(np.pi / 2)
        y_name.next_to(frame[1], LEFT, buff=0.2)
        cut = Line(centre + [0, -side / 2, 0], centre + [0, side / 2, 0],
                   stroke_color="#FFFFFF", stroke_width=3)
        targets = centre + np.column_stack([x, y, np.zeros_like(x)]) * side * 0.45
        dots = VGroup(*(dot.copy().move_to(p) for dot, p in zip(plane.dots, targets)))
        right = np.mean((score > 0) == (self.labels > 0.5))
        on_side = Tex(f"{right:.0%} of the points on their side".replace("%", r"\%"),
                      font_size=28, color=DIM_COLOR).next_to(frame, UP, buff=0.25)
        self.shown.update(hidden_scores=score, hidden_points=targets, hidden_right=on_side)
        which = "hidden layer" if view.layer == 1 else "last hidden layer"
        with self.narrate(intro) as line:
            line.wait_until("hidden")
            self.play(Create(frame), FadeIn(x_name), FadeIn(y_name), run_time=1.2)
        with self.narrate(f"The {which} has {h.shape[1]} outputs. "
                          f'<bookmark mark="draw"/>Draw them along the output layer\'s own '
                          f"weighted sum W h + B, and one other direction.") as line:
            line.wait_until("draw")
            self.play(*(TransformFromCopy(a, b) for a, b in zip(plane.dots, dots)),
                      run_time=2.0)
        self.cut_straight(cut, on_side, right)

    def cut_straight(self, cut, on_side, right: float) -> None:
        with self.narrate(f'A single straight cut now separates the classes, '
                          f'<bookmark mark="right"/>{right:.0%} of the points on their side: the '
                          f"output layer's boundary.") as line:
            self.play(Create(cut), run_time=1.2)
            line.wait_until("right")
            self.play(FadeIn(on_side), run_time=0.8)
        with self.narrate("A hidden layer bends the input space until a straight cut is enough. "
                          "That is what the network learns."):
            pass


def projected(view) -> tuple[np.ndarray, np.ndarray]:
    """The hidden outputs along the output layer's weighted sum (x) and the main other
    direction (y), each scaled into [-1, 1]."""
    h = view.features
    w = view.weights[0] / np.linalg.norm(view.weights[0])
    score = view.scores
    rest = h - np.outer(h @ w, w)
    rest = rest - rest.mean(axis=0)
    direction = np.linalg.svd(rest, full_matrices=False)[2][0] if len(h) > 1 else w
    other = rest @ direction
    return score / (np.abs(score).max() or 1.0), other / (np.abs(other).max() or 1.0)
