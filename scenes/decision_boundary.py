# Render: manim render -ql scenes/decision_boundary.py     (-qh for 1080p60)
"""Chapter 19: the decision boundary, learning live.

Every picture is a snapshot of the story run (scenes.story): the network's output over
the input square, as a heat map image computed in one forward pass per snapshot, its
0.5 contour, the epoch and the loss curve drawing itself in step.  Snapshots come
thick where the boundary moves and thin where it does not (kit.boundary.choose_snapshots);
the image changes only when the snapshot does.  Training plays under the lines spoken
meanwhile and stops with the last of them (kit.TrainingScene); the epoch from which every point is on its
side is on screen, held a moment, as the voice names it.  The chapter ends on the
original's final picture, done properly: the output as a surface over the square, turning.
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, UP, Create, Dot, FadeIn, FadeOut, Group, Tex, ValueTracker, VGroup,
                   VMobject, smooth)

from scenes.kit import (BOTTOM, CONTOUR_STYLE, DIM_COLOR, WIDTH, Grid, SurfaceMesh,
                        TrainingScene, View, class_color, contour_lines, face_colors, fmt,
                        formula, grid_values, heat_colors, number, snapshot_model)

SURFACE_FACES = (22, 36)    # faces per side of the final surface: 4 points, more points
TURN = -1.5                 # radians the surface turns (ending on the view of the saddle)
LABELLED = 4                # the outputs are written beside the points when there are this few
CAPTION_GAP = 0.25          # between the finale's caption and the box the surface turns in


def fitted_view(theta: float, turn: float, phi: float, floor: float, top: float,
                width: float, height: float, centre) -> View:
    """A view of the box [-1, 1]^2 x [floor, top] that stays inside width x height
    (scene units) around ``centre`` while it turns from theta to theta + turn."""
    box = np.array([[u, v, w] for u in (-1.1, 1.1) for v in (-1.1, 1.1) for w in (floor, top)])
    return View.fitted(box, np.linspace(theta, theta + turn, 16), phi, width, height, centre)


def vertex_values(model, grid: Grid, m: int) -> np.ndarray:
    """The output at m x m points including the square's edges, row 0 at the top."""
    t = np.linspace(0, 1, m)
    x1 = grid.lo[0] + t * grid.size
    x2 = grid.lo[1] + (1 - t) * grid.size
    a, b = np.meshgrid(x1, x2)
    return model.predict(np.column_stack([a.ravel(), b.ravel()]))[:, 0].reshape(m, m)


class DecisionBoundary(TrainingScene):
    def training_words(self) -> tuple[str, list[str]]:
        return "on its own side of the line", [
            "Time slows where the boundary moves, and races where it does not.",
            "Then the line hardly moves; the colours deepen."]

    def construct(self) -> None:
        config = self.story.config
        self.xor = config.dataset == "xor"
        self.chapter("XOR decision boundary" if self.xor
                     else f"Decision boundary: {config.dataset}")
        training, solved = self.take_the_snapshots()
        self.show_the_untrained_network()
        self.show_the_epoch_and_the_loss()
        self.train_live(training, solved)
        final = snapshot_model(self.story, len(self.story.run.weights) - 1)
        self.show_the_outputs(final)
        # -- the original's final picture, done properly -------------------------------------
        self.surface_finale(final)

    # -- the input square and the untrained network's picture ------------------------------

    def show_the_untrained_network(self) -> None:
        self.make_the_square()
        points = ("the four XOR points" if self.xor
                  else f"the {len(self.story.x)} points of the data")
        self.show_the_square(f'Back to <bookmark mark="square"/>the input square, with '
                             f'<bookmark mark="points"/>{points}.')
        with self.narrate("Colour every point of the square by the untrained network's output: "
                          "blue where it says 0, orange where it says 1, dark in between."):
            self.play(FadeIn(self.image), run_time=1.5)
        with self.narrate("The white line marks where the output is exactly 0.5: the decision "
                          "boundary. Blue side, class 0; orange side, class 1."):
            self.play(Create(self.contour), run_time=1.5)

    # -- the result --------------------------------------------------------------------------

    def show_the_outputs(self, final) -> None:
        """The trained network's outputs on the points, or how many lie on their side."""
        story = self.story
        predictions = final.predict(story.x)[:, 0]
        self.shown["predictions"] = predictions
        if len(story.x) <= LABELLED:
            verdict = VGroup(*(
                number(value, decimals=2, font_size=28)
                .add_background_rectangle(opacity=0.75, buff=0.06)
                .next_to(dot, UP, buff=0.12)
                for value, dot in zip(predictions, self.plane.dots)))
            said = ", ".join(fmt(p, 2) for p in predictions)
            data = "XOR" if self.xor else "the data"
            summary = (f"After {story.run.epochs[-1]} epochs the outputs on the "
                       f'{len(story.x)} points are <bookmark mark="result"/>{said}: {data}, '
                       f"learned.")
        else:
            right = np.mean((predictions > self.level) == (story.y[:, 0] > self.level))
            verdict = Tex(f"{right:.0%} on the right side".replace("%", r"\%"),
                          font_size=32).next_to(self.plot, DOWN, buff=0.3)
            summary = (f"After {story.run.epochs[-1]} epochs, "
                       f'<bookmark mark="result"/>{right:.0%} of the points lie on the right '
                       f"side of the boundary.")
        self.shown["verdict"] = verdict
        with self.narrate(summary, pause=1.0) as line:
            line.wait_until("result")
            self.play(FadeIn(verdict), run_time=0.8)
        self.panel.add(verdict)

    # -- the finale: the output as a surface over the square ---------------------------------

    def surface_finale(self, model) -> None:
        caption = Tex(r"output of the trained network over the input square",
                      font_size=32, color=DIM_COLOR).to_edge(UP, buff=0.35)
        surface, view = self.surface_of(model, top=caption.get_bottom()[1] - CAPTION_GAP)
        floor_marks, labels, place = self.floor_of(model, surface, view)
        theta, rise = place.theta, place.rise
        place()
        self.remove_foreground_mobjects(self.plane.dots)
        rig = VMobject().add_updater(place)
        with self.narrate("The original video ended on a 3-D picture of this output. "
                          '<bookmark mark="here"/>Here it is, done properly: the output as a '
                          "height over the whole square.") as line:
            self.play(FadeOut(Group(self.plane, self.image, self.contour, self.panel)),
                      run_time=1.2)
            line.wait_until("here")
            # The rig first: manim redraws, each frame, the mobjects from the first one that
            # moves or has an updater on; after it, the floor beneath the surface.
            self.add(rig, floor_marks, surface, labels)
            self.play(FadeIn(floor_marks), FadeIn(labels), FadeIn(caption),
                      rise.animate.set_value(1.0), run_time=2.5)
        # The surface turns while the last line is spoken, and stops with it.
        with self.narrate("The points sit at their targets: the surface rises to 1 over one "
                          "class and falls to 0 over the other, and the boundary below is "
                          "where it crosses one half.", pause=1.0) as line:
            self.play(theta.animate.set_value(view.theta + TURN), rate_func=smooth,
                      run_time=max(3.0, line.remaining()))
        rig.clear_updaters()

    def surface_of(self, model, top: float) -> tuple[SurfaceMesh, View]:
        """The output over the square as a surface, with the points at their targets, in a
        view that stays below ``top`` (and in the frame) as it turns."""
        story, level, low, high = self.story, self.level, self.low, self.high
        m = SURFACE_FACES[len(story.x) > 16] + 1
        values = vertex_values(model, self.grid, m)
        # Heights beyond the targets (tanh can reach -1) are drawn a little past them: the
        # colours stop at the targets anyway, and deep spikes would hide the surface.
        margin = 0.25 * (high - low)
        heights = np.clip(values, low - margin, high + margin)
        colors = face_colors(values, lambda v: heat_colors(v, low, high))
        span = max(high, float(heights.max())) - min(low, float(heights.min()))
        height_scale = 1.6 / max(span, 1e-9)
        self.floor = (min(low, float(heights.min())) - level) * height_scale - 0.05
        ceiling = (max(high, float(heights.max())) - level) * height_scale
        phi = 0.62 if len(story.x) <= 16 else 0.95       # many points: look more from above
        view = fitted_view(0.95, TURN, phi, self.floor, ceiling, width=WIDTH,
                           height=top - BOTTOM, centre=(0.0, (top + BOTTOM) / 2))
        surface = SurfaceMesh(heights - level, colors, view, height_scale=height_scale)
        unit = self.grid.to_unit(story.x) * 2 - 1
        dot_radius = 0.08 if len(story.x) <= 16 else 0.035
        for (u, v), target in zip(unit, story.y[:, 0]):
            dot = Dot(radius=dot_radius, fill_color=class_color(target, low, high),
                      fill_opacity=1, stroke_color="#0b0d12", stroke_width=1.5)
            surface.add_point(dot, (u, v, (target - level) * height_scale))
        self.shown.update(surface=surface, surface_values=values)
        return surface, view

    def floor_of(self, model, surface: SurfaceMesh, view: View):
        """The square's outline and the boundary's shadow on the floor beneath the surface,
        the axes' names, and ``place``: the updater that turns them all with the surface
        (place.theta, its turn; place.rise, how far the surface has risen)."""
        floor, grid = self.floor, self.grid
        corners = np.array([[-1, 1, floor], [1, 1, floor], [1, -1, floor], [-1, -1, floor]])
        outline = VMobject(stroke_color=DIM_COLOR, stroke_width=2)
        shadow = VMobject(stroke_color=CONTOUR_STYLE["stroke_color"], stroke_width=2,
                          stroke_opacity=0.6)
        floor_lines = [np.column_stack([grid.index_to_unit(line) * 2 - 1,
                                        np.full(len(line), floor)])
                       for line in contour_lines(grid_values(model, grid), self.level)]
        x_label = formula("x_1", font_size=34)
        y_label = formula("x_2", font_size=34)
        theta = ValueTracker(view.theta)
        rise = ValueTracker(0.0)

        def place(_mob=None) -> None:
            v = view.turned(theta.get_value())
            surface.set_view(v, rise.get_value())
            outline.set_points_as_corners(v.project(np.vstack([corners, corners[:1]])))
            shadow.clear_points()
            for line in floor_lines:
                pts = v.project(line)
                shadow.start_new_path(pts[0])
                shadow.add_points_as_corners(pts[1:])
            for label, sides in ((x_label, ([0, -1.3, floor], [0, 1.3, floor])),
                                 (y_label, ([1.3, 0, floor], [-1.3, 0, floor]))):
                sides = np.array(sides, dtype=float)   # the nearer edge: never hidden
                label.move_to(v.project(sides[np.argmax(v.depth(sides))]))

        place.theta, place.rise = theta, rise
        return VGroup(outline, shadow), VGroup(x_label, y_label), place
