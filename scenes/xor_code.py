# Render: manim render -ql scenes/xor_code.py     (-qh for 1080p60)
"""Chapter 18: the code, the file that trains the story's network.

The program is the story's own (scenes.program): generated from its configuration, and
for the original's story it is examples/xor.py, byte for byte.  It is highlighted region
by region (found by their contents, never by line numbers).  Where it calls into nn, the
scene follows the call: Sequential.forward and backward for the model, the epoch loop of
Sequential.fit and Sequential.train_step for training, each read from nn's source.  Last,
the program is written to a file and run, and what it prints is shown.
"""

from __future__ import annotations

import inspect
import textwrap
from pathlib import Path

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Create, FadeIn, FadeOut, ReplacementTransform,
                   Text, TransformFromCopy, VGroup)

import nn
from scenes.kit import (CODE_FONT, DIM_COLOR, TOP, WIDTH, StoryScene, code_block, fade_in, fade_out,
                        fit, highlight, line_number_of, program_for, region_of, source_lines)

CODE_SIZE = 17
PANEL_GAP = 0.7          # between the listing and its output
PANEL_SCALE = 0.6        # the output's least scale beside the listing (legible at 480p)
DETOUR_SIZE = 18
DETOUR_GAP = 0.45        # between the call and nn's source
DETOUR_HEIGHT = 2 * TOP - 1.4   # what the call at the top leaves for nn's source


def shown_part(text: str) -> str:
    """The file from its first import on: its docstring says only how to run it."""
    return "\n".join(text.splitlines()[line_number_of(text, "import ", "from "):]) + "\n"


def contiguous_excerpt(obj, first: str, last: str) -> str:
    """The lines of obj's source from the one containing ``first`` to the one containing
    ``last``, dedented: a verbatim slice of nn's code."""
    text = source_lines(obj, docstring=False)
    a, b = region_of(text, first, last)
    return textwrap.dedent("\n".join(text.splitlines()[a:b + 1])) + "\n"


def place(function) -> str:
    """Where a function of nn lives: "nn/model.py: Sequential.fit"."""
    path = Path(inspect.getsourcefile(function)).resolve()
    root = Path(nn.__file__).resolve().parent.parent
    return f"{path.relative_to(root)}: {function.__qualname__}"


def spoken(layer: nn.Layer) -> str:
    """A layer as the narration says it: "Dense from 2 to 3", "tanh"."""
    if isinstance(layer, nn.Dense):
        return f"Dense from {layer.in_features} to {layer.out_features}"
    return type(layer).__name__.lower()


class XorCode(StoryScene):
    def construct(self) -> None:
        self.chapter("XOR code")
        self.program = program_for(self.story.config)
        self.show_program()
        self.point_at_data()
        self.point_at_model()
        self.point_at_training()
        self.point("test", "# test", "print(", self.test_words())
        self.output()

    # -- the program, region by region -----------------------------------------------------

    def show_program(self) -> None:
        text = shown_part(self.program.text)
        code = code_block(text, font_size=CODE_SIZE)
        self.printed = self.program.run()       # its output, shown beside it at the end:
        self.panel = self.output_panel(self.printed.rstrip("\n").splitlines())
        room = WIDTH - self.panel.width * PANEL_SCALE - PANEL_GAP     # the listing leaves room
        fit(code, height=2 * TOP, width=room).to_edge(UP, buff=0.5).to_edge(LEFT, buff=0.5)
        self.text, self.code = text, code
        self.shown.update(code_text=text, program_text=self.program.text, code_block=code,
                          regions={})
        self.frame = None
        if self.story.config == type(self.story.config)():
            words = ("Now the whole program, as the video writes it at the end: the "
                     '<bookmark mark="file"/>file examples/xor.py, exactly.')
        else:
            words = ("Now the whole program of this story, written from its configuration "
                     f'in the video\'s style: <bookmark mark="file"/>{self.program.name}.')
        with self.narrate(words) as line:
            line.wait_until("file")
            self.play(*fade_in(code), run_time=1.5)

    def point_at_data(self) -> None:
        first = line_number_of(self.text, "X = ", "X, Y = ")
        last = line_number_of(self.text, "Y = ", "X, Y = ", start=first)
        self.point("data", (first, last), None, f"First the data: {self.program.data_words}.")

    def point_at_model(self) -> None:
        blocks = ", ".join(spoken(layer) for layer in self.story.new_model().layers)
        self.point("model", "network = nn.Sequential", "seed=",
                   f"Then the network, block by block as in the video: {blocks}. The seed "
                   f"fixes the random first weights.")
        self.detour("model", [(place(nn.Sequential.forward),
                               source_lines(nn.Sequential.forward, docstring=False)),
                              (place(nn.Sequential.backward),
                               source_lines(nn.Sequential.backward, docstring=False))],
                    ["A Sequential model is the chain of the plan: forward hands each "
                     "layer's output to the next layer,",
                     "and backward hands each dE/dX back to the layer before, from the last "
                     "layer to the first."])

    def point_at_training(self) -> None:
        self.point("fit", "network.fit(", "epochs=",
                   f"Training is one call: {self.program.training_words}.")
        loop = contiguous_excerpt(nn.Sequential.fit, "for epoch in range", "self.train_step(")
        step = source_lines(nn.Sequential.train_step, docstring=False)
        one = self.story.config.batch_size == 1
        self.detour("fit", [(place(nn.Sequential.fit) + ", its loop", loop),
                            (place(nn.Sequential.train_step), step)],
                    ["Inside fit, every epoch shuffles the samples and feeds them batch by "
                     "batch" + (", here one at a time," if one else "") + " to train_step.",
                     "train_step is everything we derived: forward, the error, backward from "
                     "the loss's gradient, and only then the optimizer's step."])

    def test_words(self) -> str:
        if self.story.config.dataset == "xor":
            return ("Last, predict runs the trained network forward on the four inputs, "
                    "and the loop prints each output.")
        return ("Last, predict runs the trained network forward on every sample; the "
                "program prints the first few outputs and the share it classifies right.")

    # -- highlighting --------------------------------------------------------------------

    def point(self, name: str, first, last: str | None, words: str) -> None:
        """Frame the region of the file from the line containing ``first`` to the next
        containing ``last`` (or the lines ``first``, a pair of indices) and say ``words``."""
        if isinstance(first, tuple):
            a, b = first
        else:
            a = line_number_of(self.text, first)
            b = line_number_of(self.text, last, start=a)
        self.shown["regions"][name] = (a, b)
        new = highlight(self.code, a, b)
        move = ReplacementTransform(self.frame, new) if self.frame else Create(new)
        self.frame = new
        with self.narrate(words):
            self.play(move, run_time=0.8)

    def detour(self, name: str, sources: list[tuple[str, str]], words: list[str]) -> None:
        """Follow the highlighted call into nn: the region's lines go to the top, nn's
        source appears under them, one piece per sentence; then back to the file."""
        a, b = self.shown["regions"][name]
        lines = VGroup(*self.code.code_lines[a:b + 1]).copy()
        target = lines.copy().to_edge(UP, buff=0.35).to_edge(LEFT, buff=0.6)
        self.play(*fade_out(self.code), FadeOut(self.frame), TransformFromCopy(lines, target),
                  run_time=1.0)
        shown = None
        pieces = self.shown.setdefault("detours", {}).setdefault(name, [])
        for (where, source), sentence in zip(sources, words):
            block = self.detour_block(where, source)
            block.next_to(target, DOWN, buff=DETOUR_GAP).to_edge(LEFT, buff=0.5)
            pieces.append(source)
            with self.narrate(sentence, pause=1.5):
                self.play(*fade_in(block), *(fade_out(shown) if shown else []), run_time=1.0)
            shown = block
        self.play(*fade_out(shown), *fade_in(self.code), FadeOut(target), FadeIn(self.frame),
                  run_time=1.0)

    def detour_block(self, where: str, source: str) -> VGroup:
        """nn's source under a label saying where it lives, fitted below the call."""
        code = code_block(source, font_size=DETOUR_SIZE)
        label = Text(where, font=CODE_FONT, font_size=20, color=DIM_COLOR)
        block = VGroup(label, code).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        return fit(block, width=WIDTH, height=DETOUR_HEIGHT)

    # -- the output ----------------------------------------------------------------------

    def output(self) -> None:
        printed, panel = self.printed, self.panel
        lines = printed.rstrip("\n").splitlines()
        self.shown.update(output_text=printed)
        fit(panel, width=WIDTH / 2 - self.code.get_right()[0] - PANEL_GAP)
        panel.next_to(self.code, RIGHT, buff=PANEL_GAP)
        with self.narrate("Running this very file <bookmark mark=\"prints\"/>prints these "
                          "lines, and the scene you are watching wrote it to disk and ran it "
                          "to get them.") as line:
            line.wait_until("prints")
            self.play(FadeIn(panel, lag_ratio=0.2), run_time=1.5)
        self.shown["same_as_story"] = same = self.same_as_story(lines)
        with self.narrate(self.verdict_words(lines) + (
                ". They are exactly the outputs of the story network at the end of its run: "
                "this file trains the network every chapter has been showing." if same else
                "."), pause=1.5):
            pass
        self.play(*fade_out(self.code), FadeOut(VGroup(self.frame, panel)), run_time=1.0)

    @staticmethod
    def output_panel(lines: list[str]) -> VGroup:
        """What the program printed, under the title "output", at its natural size."""
        body = VGroup(*(Text(line, font=CODE_FONT, font_size=24) for line in lines))
        body.arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        title = Text("output", font=CODE_FONT, font_size=22, color=DIM_COLOR)
        return VGroup(title, body).arrange(DOWN, aligned_edge=LEFT, buff=0.35)

    def same_as_story(self, lines: list[str]) -> bool:
        """Whether the printed outputs are the story network's, after its recorded run."""
        printed = np.array([float(line.split("->")[1]) for line in lines if "->" in line])
        predicted = self.story.model_at(-1).predict(self.story.x)[:len(printed), 0]
        return len(printed) > 0 and np.array_equal(np.round(predicted, 3), printed)

    def verdict_words(self, lines: list[str]) -> str:
        if self.story.config.dataset == "xor":
            targets = ", ".join(str(int(t)) for t in np.ravel(self.story.y))
            return f"Close to {targets}: XOR, learned"
        accuracy = next(line.split(":")[1].strip() for line in lines
                        if line.startswith("accuracy"))
        return (f"An accuracy of {accuracy} on its {self.story.config.n_samples} training "
                f"samples")
