"""TrainingScene: a chapter that shows a story run learning, live, on its input square.

The picture of each snapshot (the output over the square as an image, and where the
decision changes as white lines), the epoch, the loss and the loss curve drawing itself,
all from the run's recorded snapshots (kit.boundary), played under the lines spoken
meanwhile and stopping with the last of them.  The chapter says what is said:

    class MyChapter(TrainingScene):
        def training_words(self):           # the chapter's words while it trains
            return "on its own side of the line", ["The colours deepen."]
        def construct(self):
            training, solved = self.take_the_snapshots()
            self.make_the_square()          # self.plane, self.image, self.contour
            ...                             # show them, with the chapter's words
            self.show_the_epoch_and_the_loss()
            self.train_live(training, solved)

One output (chapter 19) or a softmax's many (beyond the video): kit.boundary draws both.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, FadeIn, Tex, ValueTracker, VGroup, VMobject, linear

from .boundary import (COARSE, boundary_frames, decision_level, first_epoch_all_correct,
                       grid_for, outputs_over_run)
from .glyph_number import GlyphNumber
from .image_camera import RegionImageCamera
from .layout import WIDTH, fit
from .loss_plot import LossPlot, SciNumber
from .narration import LINE_PAUSE
from .palette import DIM_COLOR
from .plane import InputPlane
from .scene import StoryScene
from .symbolic import formula

MAX_SNAPSHOTS = 960         # at most one new picture per frame, and never more than this
HOLD = 0.6                  # seconds the training stays on the epoch the voice is naming
PLANE_SIDE = 5.6            # the input square, in the frame's left half
LOSS_PLOT = (5.0, 2.9)      # the loss curve's width and height, in the right half
PANEL_GAP = 0.7             # between the epoch and loss counters and the loss curve
SIDE_GAP = 0.6              # kept clear between the input square and the panel on its right


def _still(_mob) -> None:
    """An updater that does nothing: it marks a mobject as changing, so Cairo redraws it."""


class TrainingScene(StoryScene):
    def __init__(self, **kwargs):
        super().__init__(camera_class=RegionImageCamera, **kwargs)

    def training_words(self) -> tuple[str, list[str]]:
        """The chapter's words for its training: where every point lies once the network
        has them all right ("on its own side of the line"), and the lines spoken after."""
        raise NotImplementedError

    def training_lines(self, solved: int | None) -> list:
        """The lines spoken while the network trains, made with self.narrate(text, pause=0)
        before they are spoken (their lengths decide how many snapshots are shown; their
        pause is played by the animation, which runs on between them).  When ``solved``
        (the epoch from which every point is on its side) is an epoch after the first, the
        second line names it at its bookmark "epoch"."""
        where, later = self.training_words()
        texts = ["Now train, exactly as the story run did: every picture is a real snapshot "
                 "of its weights."]
        if solved:                               # an epoch after the first
            self.shown["solved_epoch"] = solved
            texts.append(f'From epoch <bookmark mark="epoch"/>{solved} on, every point lies '
                         f"{where}.")
        return [self.narrate(text, pause=0) for text in texts + later]

    def take_the_snapshots(self) -> tuple[list, int | None]:
        """The run's snapshots to show, one per frame of the lines spoken while it trains
        (self.frames), with the snapshot of the epoch from which every point is on its side;
        returns those lines and that epoch."""
        story = self.story
        self.grid = grid = grid_for(story.x)
        self.level = decision_level(story.y)
        self.low, self.high = float(np.min(story.y)), float(np.max(story.y))
        coarse = grid.resized(COARSE).points
        outputs = outputs_over_run(story, np.vstack([coarse, story.x]))
        solved = first_epoch_all_correct(story, outputs[:, len(coarse):])
        training = self.training_lines(solved)
        seconds = sum(line.duration + LINE_PAUSE for line in training)
        count = int(min(MAX_SNAPSHOTS, seconds * self.camera.frame_rate))  # one per frame
        named = (list(story.run.epochs).index(solved),) if solved else ()  # its snapshot
        self.frames = boundary_frames(story, grid, count, outputs[:, :len(coarse)], keep=named)
        self.shown.update(grid=self.grid, boundary_frames=self.frames, level=self.level)
        return training, solved

    def make_the_square(self) -> None:
        """The input square with the data (self.plane) in the frame's left half, the first
        snapshot's picture (self.image) and its boundary lines (self.contour)."""
        first = self.frames[0]
        self.plane = InputPlane(self.grid, PLANE_SIDE, self.story.x, self.story.y)
        self.plane.move_to(LEFT * WIDTH / 4)             # the middle of the frame's left half
        self.image = self.plane.image(first.image)
        self.contour = self.plane.contour(first.lines)
        self.shown.update(image=self.image, contour=self.contour)

    def show_the_square(self, words: str) -> None:
        """The input square, then its points, as ``words`` name them (at its bookmarks
        "square" and "points"); the points stay above the pictures to come."""
        plane = self.plane
        with self.narrate(words) as line:
            line.wait_until("square")
            self.play(FadeIn(VGroup(plane.frame, plane.ticks, plane.x_label, plane.y_label)),
                      run_time=0.8)
            line.wait_until("points")
            self.play(FadeIn(plane.dots, lag_ratio=min(0.1, 2 / len(plane.dots))),
                      run_time=1.0)
        self.add_foreground_mobjects(plane.dots)

    # -- epoch, loss and the loss curve ----------------------------------------------------

    def show_the_epoch_and_the_loss(self) -> None:
        first = self.frames[0]
        self.epoch_label = Tex("epoch", font_size=36, color=DIM_COLOR)
        self.epoch = GlyphNumber(first.epoch, font_size=40)
        self.loss_label = formula("E =", font_size=40)
        self.loss = SciNumber(first.loss, font_size=40)
        width, height = LOSS_PLOT
        right = self.plane.get_right()[0] + SIDE_GAP  # the room right of the input square
        self.plot = fit(LossPlot(self.story.run.loss, width=width, height=height),
                        width=WIDTH / 2 - right)
        self.loss_label.next_to(self.epoch_label, DOWN, buff=0.45).align_to(self.epoch_label,
                                                                            LEFT)
        self.place_the_counters()
        counters = VGroup(self.epoch_label, self.epoch, self.loss_label, self.loss)
        counters.next_to(self.plot, UP, buff=PANEL_GAP).align_to(self.plot.axes, LEFT)
        self.panel = VGroup(counters, self.plot).move_to(RIGHT * (right + WIDTH / 2) / 2)
        self.shown.update(epoch=self.epoch, loss=self.loss, plot=self.plot)
        with self.narrate('On the right: <bookmark mark="epoch"/>the epoch, and '
                          '<bookmark mark="loss"/>the loss E on the whole data set, with '
                          '<bookmark mark="curve"/>its curve on logarithmic axes.') as line:
            line.wait_until("epoch")
            self.play(FadeIn(VGroup(self.epoch_label, self.epoch)), run_time=0.6)
            line.wait_until("loss")
            self.play(FadeIn(VGroup(self.loss_label, self.loss)), run_time=0.6)
            line.wait_until("curve")
            self.play(FadeIn(self.plot), run_time=0.8)

    def place_the_counters(self) -> None:
        """The epoch and the loss beside their labels (again each time their values change)."""
        self.epoch.next_to(self.epoch_label, RIGHT, buff=0.25).align_to(self.epoch_label, DOWN)
        self.loss.next_to(self.loss_label, RIGHT, buff=0.2)

    # -- training, snapshot by snapshot ----------------------------------------------------

    @staticmethod
    def schedule(lines: list, frames: list, solved: int | None) -> np.ndarray:
        """Knots (seconds from the first training line, snapshot index) of the training
        animation, which moves linearly between them: from the first snapshot, through
        the snapshot of epoch ``solved`` just as the voice names it (held for HOLD
        seconds), to the last snapshot as the last line and its pause end."""
        total = sum(line.duration + LINE_PAUSE for line in lines)
        knots = [(0.0, 0.0)]
        if solved:
            named = lines[0].duration + LINE_PAUSE + lines[1].time_of("epoch")
            at = float(np.searchsorted([frame.epoch for frame in frames], solved))
            knots += [(named, at), (named + HOLD, at)]
        knots.append((total, float(len(frames) - 1)))
        return np.array(knots)

    def show_snapshot(self, i: int) -> None:
        frame = self.frames[i]
        self.image.pixel_array = frame.image
        self.plane.contour(frame.lines, self.contour)
        self.epoch.set_value(frame.epoch)
        self.loss.set_value(frame.loss)
        self.place_the_counters()
        self.plot.show_until(frame.epoch)
        self.snapshot_shown = i
        self.shown["displayed"].append(i)

    def train_live(self, training: list, solved: int | None) -> None:
        """The training plays under its lines, through the pauses between them, and stops
        with the last one; it passes the knots of the schedule on time."""
        progress = ValueTracker(0)               # the snapshot shown, as an index into frames
        self.snapshot_shown = 0
        self.shown["displayed"] = [0]            # indices into frames, in the order shown
        last = len(self.frames) - 1

        def follow(_mob) -> None:
            i = min(int(progress.get_value() + 1e-6), last)
            if i != self.snapshot_shown:                        # a new snapshot: a new picture
                self.show_snapshot(i)

        driver = VMobject().add_updater(follow)
        live = (self.image, self.contour, self.epoch, self.loss, self.plot.curve, self.plot.dot)
        for mob in live:                 # redrawn each frame (Cairo keeps the rest static)
            mob.add_updater(_still)
        self.add(driver)
        self.play_the_schedule(training, solved, progress)
        self.show_snapshot(last)
        self.shown["trained_image"] = self.image.get_pixel_array()
        for mob in (driver, *live):
            mob.clear_updaters()
        self.remove(driver)

    def play_the_schedule(self, training: list, solved: int | None, progress) -> None:
        times, snapshots = self.schedule(training, self.frames, solved).T
        self.shown["knots"] = []                 # (seconds, snapshot shown) at each knot
        clock = 0.0
        for spoken in training:
            with spoken:
                end = clock + spoken.duration + LINE_PAUSE
                for stop in [t for t in times if clock < t < end - 1e-6] + [end]:
                    self.play(progress.animate.set_value(np.interp(stop, times, snapshots)),
                              rate_func=linear, run_time=stop - clock)
                    clock = stop
                    self.shown["knots"].append((clock, self.snapshot_shown))
