# Render: manim render -ql scenes/class_regions.py     (-qh for 1080p60)
"""Chapter 21, beyond the video: the regions of many classes, learning live.

The story of many classes (kit.beyond_story, the [beyond] table of the story's TOML; by
default 3 spiral arms) trains as chapter 19's XOR did, snapshot by recorded snapshot
(kit.TrainingScene): each point of the input square takes the class colours blended by
the softmax's probabilities there, dark where the classes are equally likely; white lines
mark where the most probable class changes.  It ends on the softmax chapter's sample:
its probabilities from the fresh network and from the trained one, the colours its pixel
mixes.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, RIGHT, Circle, Create, FadeIn, FadeOut, Tex, VGroup

from scenes import kit

SAMPLE_RING = 0.16          # radius of the ring around the softmax chapter's sample
COLUMN_GAP = 0.9            # between the fresh and the trained network's probabilities


class ClassRegions(kit.TrainingScene):
    tells = staticmethod(kit.beyond_story)      # the story of many classes, not XOR's

    def construct(self) -> None:
        self.chapter("Beyond the video: decision regions")
        training, solved = self.take_the_snapshots()
        self.show_the_classes()
        self.show_the_regions()
        self.show_the_epoch_and_the_loss()
        self.train_live(training, solved)
        self.show_the_accuracy()
        self.show_the_sample()

    def training_words(self) -> tuple[str, list[str]]:
        return "in the region of its own class", [
            "The regions grow along the arms of the data, and their borders bend."
            if self.story.config.dataset == "spiral_arms" else
            "The regions turn and grow until each holds its own points.",
            "Then the borders hardly move; the colours deepen as the network grows sure."]

    # -- the data and the untrained network's picture -----------------------------------

    def show_the_classes(self) -> None:
        self.make_the_square()
        self.show_the_square(f'The story of many classes on its <bookmark mark="square"/>input '
                             f'square: <bookmark mark="points"/>{len(self.story.x)} points in '
                             f"{self.story.config.layers[-1]} classes, one colour per class.")

    def show_the_regions(self) -> None:
        with self.narrate("Colour every point of the square by the untrained network's "
                          "probabilities: each class's colour in proportion to its probability, "
                          "dark where the classes are equally likely."):
            self.play(FadeIn(self.image), run_time=1.5)
        with self.narrate("The white lines are the borders of the regions: where the most "
                          "probable class changes."):
            self.play(Create(self.contour), run_time=1.5)

    # -- the result ----------------------------------------------------------------------

    def show_the_accuracy(self) -> None:
        story = self.story
        final = kit.snapshot_model(story, len(story.run.weights) - 1)
        chosen = kit.predicted_classes(final.predict(story.x)[None])[0]
        right = float(np.mean(chosen == kit.class_indices(story.y)))
        self.shown.update(predictions=chosen, accuracy=right, percent=round(100 * right))
        self.verdict = Tex(f"{right:.0%} in their class's region".replace("%", r"\%"),
                           font_size=32).next_to(self.plot, DOWN, buff=0.3)
        with self.narrate(f"After {story.run.epochs[-1]} epochs, "
                          f'<bookmark mark="result"/>{right:.0%} of the points lie in the region '
                          f"of their own class.") as line:
            line.wait_until("result")
            self.play(FadeIn(self.verdict), run_time=0.8)

    def show_the_sample(self) -> None:
        """The softmax chapter's sample, ringed: its probabilities before and after training,
        each in its class's colour."""
        story, i = self.story, self.story.config.sample
        x = story.x[i:i + 1]
        fresh = kit.snapshot_model(story, 0).predict(x)[0]
        trained = kit.snapshot_model(story, len(story.run.weights) - 1).predict(x)[0]
        shown = kit.precision(fresh, trained)
        columns = VGroup(*(self.probabilities(p, shown, label)
                           for p, label in ((fresh, "epoch 0"),
                                            (trained, f"epoch {story.run.epochs[-1]}"))))
        columns.arrange(RIGHT, buff=COLUMN_GAP, aligned_edge=DOWN)
        columns.move_to(self.panel)
        ring = Circle(radius=SAMPLE_RING, color=kit.TEXT_COLOR, stroke_width=4)
        ring.move_to(self.plane.dots[i])
        label = int(kit.class_indices(story.y)[i]) + 1
        self.shown.update(sample_fresh=columns[0].matrix, sample_trained=columns[1].matrix,
                          fresh=fresh, trained=trained)
        with self.narrate(f'The sample of the softmax chapter, <bookmark mark="ring"/>ringed, '
                          f"is in class {label}. The fresh network gave it "
                          f'<bookmark mark="fresh"/>{kit.fmt_vector(fresh, shown)}.') as line:
            self.play(FadeOut(self.panel), FadeOut(self.verdict), run_time=0.8)
            line.wait_until("ring")
            self.play(Create(ring), run_time=0.8)
            line.wait_until("fresh")
            self.play(FadeIn(columns[0]), run_time=0.8)
        with self.narrate(f'The trained one gives <bookmark mark="trained"/>'
                          f"{kit.fmt_vector(trained, shown)}: its pixel takes the colours in "
                          f"these proportions.", pause=1.0) as line:
            line.wait_until("trained")
            self.play(FadeIn(columns[1]), run_time=0.8)

    @staticmethod
    def probabilities(p: np.ndarray, shown, label: str) -> VGroup:
        """One sample's probabilities as a column, each entry in its class's colour, with a
        label above (.matrix, the column)."""
        matrix = kit.number_matrix(kit.as_column(p), decimals=shown, font_size=36)
        for entry, color in zip(matrix.get_entries(), kit.CLASS_COLORS):
            entry.set_color(color)
        title = Tex(label, font_size=30, color=kit.DIM_COLOR)
        group = VGroup(title, matrix).arrange(DOWN, buff=0.3)
        group.matrix = matrix
        return group
