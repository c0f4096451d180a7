# Render: manim render -ql scenes/cnn_training.py CnnTraining     (-qh for 1080p60)
"""The sequel, chapter 9, the last: the network trains, live, and what it gets wrong.

Every number is the sequel's story's (kit.cnn_story): the set-up (how many training and
test images, the epochs, the batch size and the steps per epoch nn's fit takes, Adam's
learning rate) from the story's arrays and its configuration; the network's blocks from
its layers' own ``describe()``.

Then the recorded run (``story.run``, one snapshot per epoch, 0 = before training),
snapshot by snapshot: the Conv2D's kernels (``story.conv_params(k)``) and the feature maps
of the story's digit (``story.image``) through that snapshot's own Conv2D and activation,
as shaded grids on one scale for the whole run; the epoch; the loss on the whole training
set after the epoch (``story.run.loss[k]``, not ``run.history``, fit's mean of the batch
losses during the epoch) with its curve (kit.LossPlot); the test accuracy
(``story.accuracy[k]``, from that snapshot's predictions) with its curve
(kit.AccuracyPlot).  The run plays as one steady move through the snapshots: the grids
are re-shaded (kit.reshade) through the values between the two snapshots around each
moment, and the counters and curves show the nearer of the two, always a recorded
snapshot.  With more than MAX_PICTURES snapshots, the move passes MAX_PICTURES of them
at equal intervals of time, spread evenly along the curves' logarithmic epoch axis (the
narration says so), and runs through the snapshots between two of them in between.

At the end, the confusion matrix of the test set (``story.confusion``: rows the true digit,
columns the predicted one), its diagonal summed over its total and checked against the
test accuracy nn's predictions gave, the most common confusion read from the matrix, and a
few misclassified test digits with their true and predicted labels (the trained network's
own predictions).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Create, FadeIn, Indicate, MathTex, Tex, ValueTracker,
                   VGroup, linear)

from scenes import kit

MAX_PICTURES = 31            # snapshots shown at most while the network trains
LIVE_LINE_PAUSE = kit.LINE_PAUSE   # the calm after each training line, played through
LOSS_PLOT = (4.4, 2.0)       # the loss curve's width and height
ACCURACY_PLOT = (4.4, 1.1)   # the test accuracy's curve, under it (same epoch axis)
PLOT_GAP = 0.3               # between the two curves
RIGHT_WIDTH = 4.9            # the counters and the loss curve, on the right
COLUMN_GAP = 0.7             # between the left and the right of a screen
IMAGE_SIDE = 2.0             # the digit, left of the kernels
GAP = 0.3                    # between panels
NAME_HEIGHT = 0.45           # a panel name's height and its gap
MAX_SIDE = 2.2               # the largest side of a panel's grids
LABEL_SIZE = 26
SETUP_SIZE = 34             # the set-up table
COUNTER_SIZE = 36
CONFUSION_CELL = 0.56        # a cell of the confusion matrix
CONFUSION_FONT = 22          # its counts
MISTAKES_SHOWN = 4           # misclassified test digits shown at the end
MISTAKE_CELL = 0.16          # a pixel of those digits
KERNEL_COLOR = kit.W_COLOR   # a kernel holds the layer's weights


@dataclass(frozen=True)
class Picture:
    """One snapshot of the run, as the live screen shows it."""

    k: int                   # the snapshot's index in story.run
    epoch: int
    kernels: np.ndarray      # (i, k, k): the Conv2D's kernels
    maps: np.ndarray         # (i, m, m): the digit through the Conv2D and the activation
    loss: float              # on the whole training set
    accuracy: float          # on the test set


def chosen_snapshots(count: int, most: int = MAX_PICTURES) -> list[int]:
    """Every snapshot index when there are at most ``most``; else the first, the last and
    snapshots spread evenly on a logarithmic scale of the index (one per epoch): at most
    ``most``, in order."""
    if count <= most:
        return list(range(count))
    spread, n = [], most - 1
    while len(spread) < most - 1:          # rounding merges early indices: ask for more
        spread = np.unique(np.round(np.geomspace(1, count - 1, n)).astype(int)).tolist()
        n += 1
    return [0, *spread]


def picture_at(story, k: int) -> Picture:
    """Snapshot k: its kernels, and the digit through its own Conv2D and activation."""
    conv, activation = story.model_at(k).layers[:2]
    maps = activation.forward(conv.forward(story.image[None, None]))[0]
    return Picture(k=k, epoch=int(story.run.epochs[k]),
                   kernels=story.conv_params(k)["kernels"][:, 0].copy(), maps=maps,
                   loss=float(story.run.loss[k]), accuracy=float(story.accuracy[k]))


def percent(fraction: float) -> float:
    """A share as the screen shows it: a percentage with one decimal."""
    return round(100 * fraction, 1)


def steps_per_epoch(n: int, batch_size: int) -> int:
    """How many batches nn's fit takes from n samples (the last one may be short)."""
    return math.ceil(n / min(batch_size, n))


def article(digit: int) -> str:
    return "an" if digit == 8 else "a"


def counted(n: int, noun: str) -> str:
    """"1 kernel", "5 kernels"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class CnnTraining(kit.StoryScene):
    tells = staticmethod(kit.cnn_story)      # the sequel's story, not XOR's

    def setup(self) -> None:
        super().setup()
        story = self.story
        self.snapshots = [picture_at(story, k) for k in range(len(story.run.weights))]
        self.pictures = [self.snapshots[k] for k in chosen_snapshots(len(self.snapshots))]
        self.kernel_scale = max(float(np.abs(p.kernels).max()) for p in self.snapshots) or 1.0
        self.map_scale = max(float(np.abs(p.maps).max()) for p in self.snapshots) or 1.0
        f = kit.formulas_for(story.config.activation)
        self.f_tex, self.f_name = f.symbol, f.name
        self.last = len(story.run.weights) - 1
        n_train, config = len(story.x_train), story.config
        self.shown.update(n_train=n_train, n_test=len(story.x_test),
                          steps=steps_per_epoch(n_train, config.batch_size),
                          rate=kit.fmt(config.learning_rate))
        self.shown.update(snapshots=[p.k for p in self.pictures], label=story.label,
                          pictures=len(self.pictures), snapshot_count=len(story.run.weights),
                          kernel_scale=self.kernel_scale, map_scale=self.map_scale,
                          kernels_shown=[], maps_shown=[], epochs_shown=[], losses_shown=[],
                          accuracies_shown=[])

    def construct(self) -> None:
        self.chapter("Training live")
        self.the_setup()
        self.the_live_screen()
        self.the_counters()
        self.train_live()
        self.after_training()
        self.the_confusion_matrix()
        self.the_accuracy_checked()
        self.the_most_common_mistake()
        self.some_mistakes()

    # -- the set-up ------------------------------------------------------------------------

    def setup_table(self) -> VGroup:
        story, config = self.story, self.story.config
        n_train, n_test, steps, rate = (self.shown[key] for key in
                                        ("n_train", "n_test", "steps", "rate"))
        size = SETUP_SIZE
        rows = [("training images", MathTex(str(n_train), font_size=size)),
                ("test images", MathTex(str(n_test), font_size=size)),
                ("epochs", MathTex(str(story.run.epochs[-1]), font_size=size)),
                ("batch size", MathTex(rf"{config.batch_size}\ \ (\text{{"
                                       rf"{counted(steps, 'step')} per epoch}})",
                                       font_size=size)),
                ("optimizer", kit.formula(rf"\text{{Adam}},\ \alpha = {rate}",
                                          font_size=size)),
                ("loss", Tex("categorical cross-entropy", font_size=size))]
        cells = VGroup()
        for name, value in rows:
            cells.add(Tex(name, font_size=size, color=kit.DIM_COLOR), value)
        cells.arrange_in_grid(rows=len(rows), cols=2, col_alignments="rl", buff=(0.5, 0.3))
        self.shown.update(setup_values=[value for _, value in rows])
        return cells

    def the_setup(self) -> None:
        model = self.story.new_model()
        blocks = [kit.layer_block(layer.describe(), type(layer).__name__, font_size=22)
                  for layer in model.layers]
        net = kit.fit(kit.chain(blocks, buff=0.45), width=kit.WIDTH)
        table = self.setup_table()
        screen = VGroup(net, table).arrange(DOWN, buff=0.7)
        kit.place_between(screen, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        self.shown.update(blocks=[layer.describe() for layer in model.layers])
        s, config = self.shown, self.story.config
        shuffled = ", shuffled" if config.batch_size < s["n_train"] else ""   # as nn's fit
        with self.narrate(f'Last, the whole network trains: <bookmark mark="net"/>the '
                          f'convolutional layer with its {counted(config.kernels, "kernel")}, '
                          f'{self.f_name}, Flatten, and a Dense layer with a softmax over the '
                          f'10 digits.') as line:
            line.wait_until("net")
            self.play(FadeIn(net), run_time=1.0)
        with self.narrate(f'It learns from <bookmark mark="train"/>{s["n_train"]} training '
                          f'images; <bookmark mark="test"/>{s["n_test"]} test images are kept '
                          f'aside, never trained on, to measure its accuracy.') as line:
            for mark, row in (("train", table[0:2]), ("test", table[2:4])):
                line.wait_until(mark)
                self.play(FadeIn(row), run_time=0.6)
        with self.narrate(f'<bookmark mark="epochs"/>{self.story.run.epochs[-1]} epochs, each '
                          f'one pass over the training images{shuffled}, <bookmark '
                          f'mark="batch"/>in batches of {config.batch_size}: '
                          f'{counted(s["steps"], "step")} per epoch, <bookmark mark="rate"/>'
                          f'each a step of Adam with a '
                          f'learning rate of {s["rate"]}, on the categorical cross-entropy.'
                          ) as line:
            for mark, row in (("epochs", table[4:6]), ("batch", table[6:8]),
                              ("rate", table[8:])):
                line.wait_until(mark)
                self.play(FadeIn(row), run_time=0.6)
        self.clear_all()

    # -- the live screen ---------------------------------------------------------------------

    def grids_of(self, picture: Picture) -> tuple[VGroup, VGroup]:
        """The kernels and the maps of one snapshot as shaded grids of the panels' side,
        one shading scale each for the whole run."""
        kernels = VGroup(*(kit.NumberGrid(values, KERNEL_COLOR, cell=self.side / len(values),
                                          numbers=False, scale=self.kernel_scale)
                           for values in picture.kernels))
        maps = VGroup(*(kit.NumberGrid(values, kit.Y_COLOR, cell=self.side / len(values),
                                       numbers=False, scale=self.map_scale)
                        for values in picture.maps))
        return kernels, maps

    def show_at(self, t: float) -> None:
        """The run at progress t, a snapshot index: the grids blend the two snapshots
        around t in proportion; the counters and the curves show the nearer one."""
        last = len(self.snapshots) - 1
        j = min(int(t), max(last - 1, 0))
        a = float(np.clip(t - j, 0.0, 1.0))
        before, after = self.snapshots[j], self.snapshots[min(j + 1, last)]
        for grids, kind, color, scale in (
                (self.kernel_grids, "kernels", KERNEL_COLOR, self.kernel_scale),
                (self.map_grids, "maps", kit.Y_COLOR, self.map_scale)):
            for grid, v0, v1 in zip(grids, getattr(before, kind), getattr(after, kind)):
                kit.reshade(grid, v0 if a == 0 else v1 if a == 1 else (1 - a) * v0 + a * v1,
                            color, scale)
        nearer = after if a >= 0.5 else before
        if nearer.k != self.counted:
            self.show_counters(nearer)

    def show_counters(self, snapshot: Picture) -> None:
        """The epoch, the loss and the test accuracy of one snapshot, and both curves up
        to it."""
        self.epoch.set_value(snapshot.epoch)
        self.loss.set_value(snapshot.loss)
        self.accuracy.set_value(percent(snapshot.accuracy))
        self.place_the_percent()
        for plot in self.plots:
            plot.show_until(snapshot.epoch)
        self.counted = snapshot.k

    def panel_layout(self, width: float, height: float) -> tuple[int, float]:
        """Panels per row and the side of a panel's grids: in one row or two, whichever
        draws them larger."""
        count = self.story.config.kernels

        def side(rows: int) -> float:
            per_row = math.ceil(count / rows)
            return min((height - GAP * (rows - 1)) / rows / 2 - NAME_HEIGHT,
                       width / per_row - GAP, MAX_SIDE)

        rows = max((1, 2), key=side)
        return math.ceil(count / rows), side(rows)

    def panels(self, width: float, height: float) -> VGroup:
        """Kernel i's grid under its name K_i, and the digit's map through it under
        f(Y_i), for every kernel; self.kernel_grids and self.map_grids."""
        per_row, self.side = self.panel_layout(width, height)
        self.kernel_grids, self.map_grids = self.grids_of(self.pictures[0])
        panels = VGroup()
        for i, (kernel, fmap) in enumerate(zip(self.kernel_grids, self.map_grids)):
            names = [kit.formula(f"K_{{{i + 1}}}", font_size=LABEL_SIZE),
                     kit.formula(rf"{self.f_tex}(Y_{{{i + 1}}})", font_size=LABEL_SIZE)]
            for name in names:
                kit.fit(name, width=self.side + GAP * 0.8)
            panels.add(VGroup(names[0], kernel, names[1], fmap).arrange(DOWN, buff=0.12))
        panels.arrange_in_grid(cols=per_row, buff=(GAP, GAP), cell_alignment=UP)
        return panels

    def live_layout(self) -> tuple[VGroup, VGroup]:
        """The digit X and the panels of kernels and maps, left of the counters."""
        story = self.story
        image = kit.NumberGrid(story.image, kit.X_COLOR, cell=IMAGE_SIDE / len(story.image),
                               numbers=False, scale=1.0)
        digit = VGroup(kit.formula("X", font_size=LABEL_SIZE + 4), image).arrange(DOWN, 0.15)
        left = kit.WIDTH - RIGHT_WIDTH - COLUMN_GAP
        panels = self.panels(left - digit.width - COLUMN_GAP, kit.TOP - kit.BOTTOM)
        screen = VGroup(digit, panels).arrange(RIGHT, buff=COLUMN_GAP)
        kit.place_between(screen, kit.TOP, kit.BOTTOM, width=left,
                          x=-kit.WIDTH / 2 + left / 2)
        self.shown.update(image_grid=image)
        return digit, panels

    def the_live_screen(self) -> None:
        story = self.story
        digit, panels = self.live_layout()
        names = VGroup(*(VGroup(p[0], p[2]) for p in panels))
        self.record(self.pictures[0], self.kernel_grids, self.map_grids)
        negative = any(np.any(p.kernels < 0) or np.any(p.maps < 0) for p in self.pictures)
        kernels = counted(story.config.kernels, "kernel")
        with self.narrate(f'Here is our digit, <bookmark mark="x"/>{article(story.label)} '
                          f'{story.label}, <bookmark mark="k"/>the {kernels} of the fresh '
                          f'network, and <bookmark mark="y"/>the digit\'s feature maps through '
                          f'{"it" if story.config.kernels == 1 else "them"} and '
                          f'{self.f_name}.') as line:
            line.wait_until("x")
            self.play(FadeIn(digit), run_time=0.8)
            line.wait_until("k")
            self.play(FadeIn(names), FadeIn(self.kernel_grids), run_time=1.0)
            line.wait_until("y")
            self.play(FadeIn(self.map_grids), run_time=1.0)
        with self.narrate('Kernels and maps are shaded on one scale each for the whole run: '
                          'the brighter, the larger' +
                          (', purple below zero.' if negative else '.')):
            pass

    def record(self, picture: Picture, kernels: VGroup, maps: VGroup) -> None:
        """Register what the grids of one snapshot show."""
        self.shown["kernels_shown"].append(np.array([grid.values for grid in kernels]))
        self.shown["maps_shown"].append(np.array([grid.values for grid in maps]))
        self.shown["epochs_shown"].append(picture.epoch)
        self.shown["losses_shown"].append(picture.loss)
        self.shown["accuracies_shown"].append(percent(picture.accuracy))

    # -- epoch, loss, accuracy ---------------------------------------------------------------

    def counters(self) -> VGroup:
        first = self.pictures[0]
        self.epoch = kit.GlyphNumber(first.epoch, font_size=COUNTER_SIZE + 4)
        self.loss = kit.SciNumber(first.loss, font_size=COUNTER_SIZE)
        self.accuracy = kit.GlyphNumber(percent(first.accuracy), num_decimal_places=1,
                                        font_size=COUNTER_SIZE)
        self.percent_sign = MathTex(r"\%", font_size=COUNTER_SIZE)
        rows = VGroup(VGroup(Tex("epoch", font_size=COUNTER_SIZE, color=kit.DIM_COLOR),
                             self.epoch),
                      VGroup(kit.formula("E =", font_size=COUNTER_SIZE + 4), self.loss),
                      VGroup(Tex("test accuracy", font_size=COUNTER_SIZE,
                                 color=kit.DIM_COLOR), self.accuracy, self.percent_sign))
        for row in rows:
            row.arrange(RIGHT, buff=0.25)
        rows.arrange(DOWN, buff=0.35, aligned_edge=LEFT)
        for row in rows:                      # numbers on their labels' baseline
            row[1].align_to(row[0], DOWN)
        self.place_the_percent()
        return rows

    def place_the_percent(self) -> None:
        self.percent_sign.next_to(self.accuracy, RIGHT, buff=0.1).align_to(self.accuracy, DOWN)

    def the_counters(self) -> None:
        rows = self.counters()
        self.plot, self.accuracy_plot = self.plots = self.curves()
        column = VGroup(rows, self.plots).arrange(DOWN, buff=0.5, aligned_edge=LEFT)
        kit.place_between(column, kit.TOP, kit.BOTTOM, width=RIGHT_WIDTH,
                          x=kit.WIDTH / 2 - RIGHT_WIDTH / 2)
        self.counted = self.pictures[0].k
        self.shown.update(epoch=self.epoch, loss=self.loss, accuracy=self.accuracy,
                          plot=self.plot, accuracy_plot=self.accuracy_plot,
                          loss_0=self.pictures[0].loss)
        first, n_train, n_test = self.pictures[0], self.shown["n_train"], self.shown["n_test"]
        with self.narrate(f'On the right: <bookmark mark="epoch"/>the epoch, '
                          f'<bookmark mark="loss"/>the loss E on all {n_train} training '
                          f'images, {self.said_loss(first.loss)} before training, '
                          f'<bookmark mark="curve"/>with its curve on logarithmic axes,') as line:
            line.wait_until("epoch")
            self.play(FadeIn(rows[0]), run_time=0.6)
            line.wait_until("loss")
            self.play(FadeIn(rows[1]), run_time=0.6)
            line.wait_until("curve")
            self.play(FadeIn(self.plot), run_time=0.8)
        with self.narrate(f'<bookmark mark="acc"/>and the accuracy on the {n_test} test images, '
                          f'<bookmark mark="curve"/>with its curve: {percent(first.accuracy)}% '
                          f'for the fresh network. Guessing would get one in ten.') as line:
            line.wait_until("acc")
            self.play(FadeIn(rows[2]), run_time=0.6)
            line.wait_until("curve")
            self.play(FadeIn(self.accuracy_plot), run_time=0.8)

    def curves(self) -> VGroup:
        """The loss curve, and under it the test accuracy's on the same epoch axis (its
        axis alone labelled), fitted to RIGHT_WIDTH."""
        story = self.story
        loss = kit.LossPlot(story.run.loss, *LOSS_PLOT, epoch_labels=False)
        accuracy = kit.AccuracyPlot(story.accuracy, "test accuracy", *ACCURACY_PLOT)
        accuracy.next_to(loss, DOWN, buff=PLOT_GAP)
        accuracy.shift((loss.axes.get_left()[0] - accuracy.axes.get_left()[0]) * RIGHT)
        return kit.fit(VGroup(loss, accuracy), width=RIGHT_WIDTH)

    @staticmethod
    def said_loss(value: float) -> str:
        """A loss as the SciNumber shows it: "2.34", "1.75 × 10⁻²" (no factor of 10⁰)."""
        _, exponent = kit.scientific(value)
        return kit.fmt(value, kit.Precision(2, exponent))

    # -- training, snapshot by snapshot ----------------------------------------------------

    def training_lines(self) -> list:
        """The lines spoken while the network trains (their pause played through)."""
        count, pictures = len(self.story.run.weights), len(self.pictures)
        steps = self.shown["steps"]
        which = ("every picture is a real snapshot, one per epoch" if pictures == count else
                 f"{pictures} of its {count} snapshots, spread evenly along the logarithmic "
                 f"epoch axis")
        first, last = self.pictures[0], self.pictures[-1]
        loss = "falls" if last.loss < first.loss else "rises"
        accuracy = "climbs" if last.accuracy > first.accuracy else "does not climb"
        move = "moves" if steps == 1 else "move"
        texts = [f"Now train, exactly as the recorded run did: {which}.",
                 f"Every epoch, {counted(steps, 'step')} of Adam {move} every kernel, and the "
                 f"digit's feature maps change with them.",
                 f"The loss {loss}, and the test accuracy {accuracy}."]
        return [self.narrate(text, pause=0) for text in texts]

    def show_picture(self, j: int, run_time: float) -> None:
        """Move on to picture j, through the snapshots between, at a steady pace."""
        picture = self.pictures[j]
        self.play(self.progress.animate.set_value(picture.k), rate_func=linear,
                  run_time=run_time)
        self.show_at(picture.k)                   # exactly snapshot k, whatever the rounding
        self.record(picture, self.kernel_grids, self.map_grids)

    def train_live(self) -> None:
        """One steady move through the pictures, spread over the training lines: each line
        plays the pictures whose share of the whole time falls in it.  An updater on the
        grids drives the counters and curves too (all redrawn on every frame)."""
        lines = self.training_lines()
        windows = [line.duration + LIVE_LINE_PAUSE for line in lines]
        moves = len(self.pictures) - 1
        ends = np.round(np.cumsum(windows) / sum(windows) * moves).astype(int)
        self.progress = ValueTracker(0)
        live = (self.kernel_grids, self.map_grids, self.epoch, self.loss, self.accuracy,
                self.percent_sign, *(VGroup(plot.curve, plot.dot) for plot in self.plots))
        self.kernel_grids.add_updater(lambda _mob: self.show_at(self.progress.get_value()))
        for mob in live[1:]:                      # changing: Cairo redraws them every frame
            mob.add_updater(lambda _mob: None)
        start = 0
        for line, window, end in zip(lines, windows, ends):
            with line:
                if end == start:
                    self.wait(window)
                for j in range(start + 1, end + 1):
                    self.show_picture(j, window / (end - start))
            start = end
        for mob in live:
            mob.clear_updaters()
        self.shown.update(final_epoch=self.pictures[-1].epoch)

    def after_training(self) -> None:
        last = self.pictures[-1]
        with self.narrate(f'After {last.epoch} epochs, the loss is <bookmark mark="loss"/>'
                          f'{self.said_loss(last.loss)}, and <bookmark mark="acc"/>'
                          f'{percent(last.accuracy)}% of the test images are classified '
                          f'right.', pause=kit.PAUSE) as line:
            line.wait_until("loss")
            self.play(Indicate(self.loss, color=kit.TEXT_COLOR), run_time=0.8)
            line.wait_until("acc")
            self.play(Indicate(VGroup(self.accuracy, self.percent_sign),
                               color=kit.TEXT_COLOR), run_time=0.8)
        self.clear_all()

    # -- the confusion matrix ----------------------------------------------------------------

    def confusion_screen(self) -> VGroup:
        """The test set's confusion matrix with its digits and titles (.grid, .rows,
        .columns, .titles, .diagonal)."""
        counts = self.story.confusion
        grid = kit.NumberGrid(counts, kit.Y_COLOR, cell=CONFUSION_CELL, decimals=0,
                             font_size=CONFUSION_FONT)
        for i, row in enumerate(grid.numbers):          # no confusion: a quiet 0
            for j, number in enumerate(row):
                if counts[i, j] == 0:
                    number.set_color(kit.DIM_COLOR).set_opacity(0.45)
        digits = range(len(counts))
        rows = VGroup(*(MathTex(str(d), font_size=28).next_to(grid.cells[d][0], LEFT, 0.2)
                        for d in digits))
        columns = VGroup(*(MathTex(str(d), font_size=28).next_to(grid.cells[0][d], UP, 0.2)
                           for d in digits))
        true = Tex("true digit", font_size=30, color=kit.DIM_COLOR).rotate(np.pi / 2)
        predicted = Tex("predicted digit", font_size=30, color=kit.DIM_COLOR)
        true.next_to(rows, LEFT, buff=0.25)
        predicted.next_to(columns, UP, buff=0.2)
        diagonal = VGroup(*(grid.window(d, d, 1, kit.TEXT_COLOR, stroke=3) for d in digits))
        screen = VGroup(grid, rows, columns, true, predicted, diagonal)
        screen.grid, screen.rows, screen.columns = grid, rows, columns
        screen.titles, screen.diagonal = VGroup(true, predicted), diagonal
        self.shown.update(confusion_grid=grid)
        return screen

    def the_confusion_matrix(self) -> None:
        self.matrix = screen = self.confusion_screen()
        kit.place_between(screen, kit.TOP, kit.BOTTOM, width=kit.WIDTH / 2,
                          x=-kit.WIDTH / 4)
        self.side = self.side_column(screen.get_right()[0] + COLUMN_GAP)
        with self.narrate(f'Which digits does it get wrong? The confusion matrix of the '
                          f'{self.shown["n_test"]} test images: <bookmark mark="rows"/>one row '
                          f'for each true digit, <bookmark mark="columns"/>one column for each '
                          f'digit the network predicted; <bookmark mark="counts"/>each entry '
                          f'counts the test images.') as line:
            line.wait_until("rows")
            self.play(FadeIn(screen.rows), FadeIn(screen.titles[0]), run_time=0.8)
            line.wait_until("columns")
            self.play(FadeIn(screen.columns), FadeIn(screen.titles[1]), run_time=0.8)
            line.wait_until("counts")
            self.play(FadeIn(screen.grid), run_time=1.2)

    def side_column(self, left: float) -> VGroup:
        """Right of the matrix, from ``left`` to the frame's usable edge: the accuracy
        checked (.accuracy), the most common confusion (.worst) and misclassified digits
        (.mistakes, maybe empty), placed once, shown step by step."""
        side = VGroup(self.accuracy_rows(), self.worst_words(), self.mistakes_row())
        VGroup(*(part for part in side if len(part))).arrange(DOWN, buff=0.55)
        kit.place_between(side, kit.TOP, kit.BOTTOM, width=kit.WIDTH / 2 - left,
                          x=(left + kit.WIDTH / 2) / 2)
        side.accuracy, side.worst, side.mistakes = side
        return side

    def accuracy_rows(self) -> VGroup:
        counts, story = self.story.confusion, self.story
        right, total = int(np.trace(counts)), int(counts.sum())
        share, recorded = right / total, float(story.accuracy[-1])
        agree = bool(np.isclose(share, recorded)) and total == len(story.x_test)
        rows = VGroup(MathTex(rf"\text{{diagonal sum}} = {right}", font_size=34),
                      MathTex(rf"\text{{all entries}} = {total}", font_size=34),
                      MathTex(rf"\frac{{{right}}}{{{total}}} = {percent(share)}\,\%",
                              font_size=34),
                      VGroup(Tex("nn's test accuracy:", font_size=30, color=kit.DIM_COLOR),
                             MathTex(rf"{percent(recorded)}\,\%", font_size=34),
                             kit.verdict(agree, font_size=40)).arrange(RIGHT, buff=0.2))
        rows.arrange(DOWN, buff=0.3)
        self.shown.update(right=right, total=total, share=percent(share),
                          recorded=percent(recorded), accuracy_agree=agree, accuracy_rows=rows)
        return rows

    def the_accuracy_checked(self) -> None:
        rows, s = self.side.accuracy, self.shown
        with self.narrate(f'<bookmark mark="diag"/>On the diagonal, the predictions that were '
                          f'right: <bookmark mark="sum"/>{s["right"]} of the {s["total"]}, '
                          f'<bookmark mark="acc"/>{s["share"]}%, the test accuracy nn computed '
                          f'from its predictions.') as line:
            line.wait_until("diag")
            self.play(Create(self.matrix.diagonal), run_time=1.0)
            line.wait_until("sum")
            self.play(FadeIn(rows[:2]), run_time=0.8)
            line.wait_until("acc")
            self.play(FadeIn(rows[2]), run_time=0.6)
            self.play(FadeIn(rows[3]), run_time=0.6)

    # -- the mistakes ------------------------------------------------------------------------

    def worst_confusions(self) -> tuple[int, list[tuple[int, int]]]:
        """The largest count off the diagonal and the (true, predicted) cells that hold it."""
        off = self.story.confusion.copy()
        np.fill_diagonal(off, 0)
        worst = int(off.max())
        return worst, ([tuple(int(d) for d in cell) for cell in np.argwhere(off == worst)]
                       if worst else [])

    @staticmethod
    def times(n: int) -> str:
        return {1: "once", 2: "twice"}.get(n, f"{n} times")

    def worst_text(self) -> tuple[str, str]:
        """What the screen (TeX) and the voice say of the most common confusion."""
        worst, cells = self.worst_confusions()
        if not cells:
            return r"\text{no mistakes}", "Off the diagonal: no mistakes at all."
        pairs = [f"{article(t)} {t} predicted as {article(p)} {p}" for t, p in cells]
        arrows = ", ".join(rf"{t} \to {p}" for t, p in cells)
        times = self.times(worst)
        if len(cells) == 1:
            return (rf"\text{{most common: }} {arrows} \ (\text{{{times}}})",
                    f'Off the diagonal, the mistakes. <bookmark mark="worst"/>The most common: '
                    f'{pairs[0]}, {times}.')
        if len(cells) <= 3:
            return (rf"\text{{most common: }} {arrows} \ (\text{{{times} each}})",
                    f'Off the diagonal, the mistakes. <bookmark mark="worst"/>The most common, '
                    f'{times} each: {" and ".join(pairs)}.')
        return (rf"{len(cells)} \text{{ confusions tie, {times} each}}",
                f'Off the diagonal, the mistakes: <bookmark mark="worst"/>{len(cells)} '
                f'confusions tie as the most common, {times} each.')

    def worst_words(self) -> VGroup:
        """The most common confusion in words (.said: the narration's), and its cells
        ringed on the matrix (.rings)."""
        worst, cells = self.worst_confusions()
        tex, said = self.worst_text()
        words = VGroup(MathTex(tex, font_size=34))
        words.said = said
        words.rings = VGroup(*(self.matrix.grid.window(t, p, 1, kit.E_COLOR, stroke=5)
                               for t, p in cells))
        self.shown.update(worst=worst, worst_cells=cells, worst_words=words[0])
        return words

    def the_most_common_mistake(self) -> None:
        words = self.side.worst
        with self.narrate(words.said) as line:
            if len(words.rings):
                line.wait_until("worst")
            self.play(Create(words.rings), FadeIn(words), run_time=1.0)

    def mistaken_digits(self) -> list[int]:
        """Test images the trained network gets wrong, those of the most common confusions
        first: at most MISTAKES_SHOWN indices into story.x_test."""
        story = self.story
        predicted = story.model_at(self.last).predict(story.x_test).argmax(axis=1)
        true = story.y_test.argmax(axis=1)
        wrong = [int(i) for i in np.flatnonzero(predicted != true)]
        worst = set(self.worst_confusions()[1])
        first = [i for i in wrong if (true[i], predicted[i]) in worst]
        self.predicted = predicted
        return (first + [i for i in wrong if i not in first])[:MISTAKES_SHOWN]

    def mistake(self, i: int) -> VGroup:
        """Test image i, its true digit and the one the trained network predicted."""
        story = self.story
        true, said = int(story.y_test[i].argmax()), int(self.predicted[i])
        image = kit.NumberGrid(story.x_test[i, 0], kit.X_COLOR, cell=MISTAKE_CELL,
                               numbers=False, scale=1.0)
        labels = VGroup(Tex(f"true {true}", font_size=26),
                        Tex(f"predicted {said}", font_size=26, color=kit.E_COLOR))
        labels.arrange(DOWN, buff=0.1)
        self.shown["mistakes"].append((i, true, said))
        self.shown["mistake_images"].append(image)
        return VGroup(image, labels).arrange(DOWN, buff=0.2)

    def mistakes_row(self) -> VGroup:
        self.shown.update(mistakes=[], mistake_images=[])
        row = VGroup(*(self.mistake(i) for i in self.mistaken_digits()))
        return row.arrange(RIGHT, buff=0.35) if len(row) else row

    def some_mistakes(self) -> None:
        row = self.side.mistakes
        if not len(row):
            return
        wrong = self.shown["total"] - self.shown["right"]
        which = (f'{len(row)} of the misclassified test digits' if len(row) < wrong else
                 'the one misclassified test digit' if wrong == 1 else
                 f'all {wrong} misclassified test digits')
        with self.narrate(f'And <bookmark mark="digits"/>{which}, each with its true digit and '
                          f'the one predicted.', pause=kit.PAUSE) as line:
            line.wait_until("digits")
            self.play(FadeIn(row, lag_ratio=0.2), run_time=1.2)
