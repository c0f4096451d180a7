# Render: manim render -ql scenes/xor_code.py     (-qh for 1080p60)
"""Chapter 18: the XOR code, the file that trains the video's network.

examples/xor.py is read from disk and highlighted region by region (found by their
contents, never by line numbers).  Where it calls into nn, the scene follows the call:
Sequential.forward and backward for the model, the epoch loop of Sequential.fit and
Sequential.train_step for training, each read from nn's source.  Last, the output of
running the very same file.
"""

from __future__ import annotations

import inspect
import textwrap
from pathlib import Path

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, Create, FadeIn, FadeOut, ReplacementTransform,
                   Text, TransformFromCopy, ValueTracker, VGroup)

import nn
from scenes.kit import (CODE_FONT, DIM_COLOR, EXAMPLES_DIR, code_block, highlight, region_of,
                        run_example, source_lines, StoryScene)

EXAMPLE = EXAMPLES_DIR / "xor.py"
CODE_SIZE = 17
DETOUR_SIZE = 18


def shown_part(text: str) -> str:
    """The file from its first import on: its docstring says only how to run it."""
    lines = text.splitlines()
    first = next(k for k, line in enumerate(lines) if line.startswith(("import ", "from ")))
    return "\n".join(lines[first:]) + "\n"


def contiguous_excerpt(obj, first: str, last: str) -> str:
    """The lines of obj's source from the one containing ``first`` to the one containing
    ``last``, dedented: a verbatim slice of nn's code."""
    lines = source_lines(obj, docstring=False).splitlines()
    a = next(k for k, line in enumerate(lines) if first in line)
    b = next(k for k, line in enumerate(lines) if k >= a and last in line)
    return textwrap.dedent("\n".join(lines[a:b + 1])) + "\n"


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
        text = shown_part(EXAMPLE.read_text())
        code = code_block(text, font_size=CODE_SIZE)
        code.to_edge(UP, buff=0.5).to_edge(LEFT, buff=0.5)
        self.text, self.code = text, code
        self.shown.update(code_text=text, code_block=code, regions={})
        self.frame = None
        with self.narrate("Now the whole program, as the video writes it at the end: the "
                          '<bookmark mark="file"/>file examples/xor.py. What you see is the '
                          "file itself, read from disk.") as line:
            line.wait_until("file")
            self.play_fading([(code, 0, 1)], run_time=1.5)

        self.point("data", "X = ", "Y = ",
                   "First the data: XOR's truth table, one sample per row, four rows of "
                   "two inputs and four targets.")
        _, names = run_example(EXAMPLE.name)
        blocks = ", ".join(spoken(layer) for layer in names["network"].layers)
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
        self.point("fit", "network.fit(", "epochs=",
                   "Training is one call: the mean squared error as the loss, plain "
                   "gradient descent as the optimizer, one sample per step, and the number "
                   "of epochs.")
        loop = contiguous_excerpt(nn.Sequential.fit, "for epoch in range", "self.train_step(")
        step = source_lines(nn.Sequential.train_step, docstring=False)
        self.detour("fit", [(place(nn.Sequential.fit) + ", its loop", loop),
                            (place(nn.Sequential.train_step), step)],
                    ["Inside fit, every epoch shuffles the samples and feeds them batch by "
                     "batch, here one at a time, to train_step.",
                     "train_step is everything we derived: forward, the error, backward from "
                     "the loss's gradient, and only then the optimizer's step."])
        self.point("test", "for x, y in zip", "print(",
                   "Last, predict runs the trained network forward on the four inputs, "
                   "and the loop prints each output.")
        self.output()

    # -- fading big listings -------------------------------------------------------------

    def play_fading(self, fades, *animations, run_time: float = 1.0) -> None:
        """Play ``animations`` while each (mobject, start, end) of ``fades`` goes from
        opacity start to end.  An updater sets the opacity: FadeIn/FadeOut would deep-copy
        the mobject, and a code listing of hundreds of glyphs takes seconds to copy."""
        progress = ValueTracker(0)
        for mob, start, end in fades:
            mob.set_opacity(start)
            if mob not in self.mobjects:
                self.add(mob)
            mob.add_updater(lambda m, s=start, e=end:
                            m.set_opacity(s + (e - s) * progress.get_value()))
        self.play(progress.animate.set_value(1), *animations, run_time=run_time)
        for mob, _, end in fades:
            mob.clear_updaters()
            if end == 0:
                self.remove(mob)

    # -- highlighting --------------------------------------------------------------------

    def point(self, name: str, first: str, last: str, words: str) -> None:
        """Frame the region of the file from ``first`` to ``last`` and say ``words``."""
        a, b = region_of(self.text, first, last)
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
        self.play_fading([(self.code, 1, 0)], FadeOut(self.frame),
                         TransformFromCopy(lines, target), run_time=1.0)
        shown = None
        pieces = self.shown.setdefault("detours", {}).setdefault(name, [])
        for (where, source), sentence in zip(sources, words):
            code = code_block(source, font_size=DETOUR_SIZE)
            if code.width > 13.4:
                code.scale_to_fit_width(13.4)
            label = Text(where, font=CODE_FONT, font_size=20, color=DIM_COLOR)
            block = VGroup(label, code).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
            block.next_to(target, DOWN, buff=0.45).to_edge(LEFT, buff=0.5)
            if block.get_bottom()[1] < -3.8:
                block.scale_to_fit_height(target.get_bottom()[1] - 0.45 + 3.8)
                block.next_to(target, DOWN, buff=0.45).to_edge(LEFT, buff=0.5)
            pieces.append(source)
            fades = [(block, 0, 1)] + ([(shown, 1, 0)] if shown is not None else [])
            with self.narrate(sentence, pause=1.5):
                self.play_fading(fades, run_time=1.0)
            shown = block
        self.play_fading([(shown, 1, 0), (self.code, 0, 1)], FadeOut(target),
                         FadeIn(self.frame), run_time=1.0)

    # -- the output ----------------------------------------------------------------------

    def output(self) -> None:
        printed, names = run_example(EXAMPLE.name)
        self.shown.update(output_text=printed, example_targets=names["Y"])
        lines = printed.rstrip("\n").splitlines()
        body = VGroup(*(Text(line, font=CODE_FONT, font_size=24) for line in lines))
        body.arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        title = Text("output", font=CODE_FONT, font_size=22, color=DIM_COLOR)
        panel = VGroup(title, body).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        panel.next_to(self.code, RIGHT, buff=0.7)
        if panel.get_right()[0] > 6.8:
            panel.scale_to_fit_width(6.8 - self.code.get_right()[0] - 0.7)
            panel.next_to(self.code, RIGHT, buff=0.7)
        with self.narrate("Running this very file <bookmark mark=\"prints\"/>prints these four "
                          "outputs, and the scene you are watching ran it to get them.") as line:
            line.wait_until("prints")
            self.play(FadeIn(panel, lag_ratio=0.2), run_time=1.5)
        printed_values = np.array([float(line.split("->")[1]) for line in lines])
        model = self.story.model_at(-1)
        same = (self.story.x.shape == (len(lines), 2) and
                np.array_equal(np.round(model.predict(self.story.x)[:, 0], 3), printed_values))
        self.shown["same_as_story"] = same
        targets = ", ".join(str(int(t)) for t in np.ravel(names["Y"]))
        with self.narrate(f"Close to {targets}: XOR, learned"
                          + (". They are exactly the outputs of the story network at the end "
                             "of its run: this file is the network every chapter has been "
                             "showing." if same else " by the video's network."), pause=1.5):
            pass
        self.play_fading([(self.code, 1, 0)], FadeOut(VGroup(self.frame, panel)),
                         run_time=1.0)
