# Render: manim render -ql scenes/cnn_code.py ConvCode     (-qh for 1080p60)
"""The sequel, chapter 8: the code, nn's own Conv2D against the formulas.

Every listing is read from nn at render time (kit.source_lines: Conv2D.forward,
Conv2D.backward, correlate, Conv2D.backward_params and Sequential.backward, in nn/conv.py
and nn/model.py), and every highlighted line is found by its content (kit.line_number_of),
never by its number.  Beside each line: the formula it computes, and the shape of what it
makes in the recorded step (kit.cnn_story's ``step``: the first training step of the fresh
network on the digit ``config.sample``).  Those shapes are not worked out here: the chapter
runs the shown Conv2D, with the step's parameters before the update, on the step's input
and dE/dY, and traces it (kit.traced), reading after each line the shape of what the
line assigns or returns.  The same run's gradients are compared with the record's
(``story.conv_step``), and backward_params's with backward's: the check marks come from
those comparisons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UL, UR, Create, FadeIn, MathTex, Text, Transform,
                   VGroup, Write)

import nn
from nn.conv import correlate
from scenes import kit

CODE_SIZE = 20               # before a listing is fitted to the width
FORMULA_SIZE = 52
NAME_SIZE = 28               # an array's name beside the formula
SHAPE_SIZE = NAME_SIZE       # its shape, as Python prints it
CAPTION_SIZE = 28
CHECK_TEXT = 26              # the check's words
GLOSS_GAP = 0.45             # between a listing and the formula under it
CELL = 0.6                   # the largest cell of the check's grids
KERNEL_COLOR = kit.W_COLOR   # a kernel holds the layer's weights
TRACED = (nn.Conv2D.forward, nn.Conv2D.backward, correlate)
RECORDED = "the recorded step: the fresh network, one digit"


# -- the shown code, run on the recorded step and traced ------------------------------------

@dataclass(frozen=True)
class Run:
    """The shown Conv2D, with the recorded step's parameters before the update, run on the
    step's input and dE/dY: the traced calls and what they gave."""

    forward: kit.Call
    inner: kit.Call            # forward's correlate
    backward: kit.Call
    grads: dict                # backward's grads
    input_gradient: np.ndarray  # backward's dE/dX
    param_grads: dict          # backward_params's grads (a second layer)


def conv_layer(story) -> nn.Conv2D:
    """A Conv2D holding the recorded step's parameters before the update."""
    record = story.conv_step
    layer = nn.Conv2D(record.input.shape[1], story.config.kernels, story.config.kernel_size)
    layer.params.update({key: value.copy() for key, value in record.params_before.items()})
    return layer


def run_of(story) -> Run:
    record, layer, out = story.conv_step, conv_layer(story), {}

    def run() -> None:
        layer.forward(record.input)
        out["dx"] = layer.backward(record.output_gradient)

    calls = kit.traced(run, TRACED)
    forward = next(c for c in calls if c.name == "Conv2D.forward")
    backward = next(c for c in calls if c.name == "Conv2D.backward")
    first = conv_layer(story)
    first.forward(record.input)
    first.backward_params(record.output_gradient)
    inner = next(c for c in calls[calls.index(forward) + 1:] if c.name == "correlate")
    return Run(forward=forward, inner=inner, backward=backward, grads=dict(layer.grads),
               input_gradient=out["dx"], param_grads=dict(first.grads))


# -- what the chapter says of each line --------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """A line read: the text that finds it, the formula beside it (None: no formula; "":
    the one before stays), what it makes with each shape in symbols and a colour, and the
    narration (a bookmark "f" where the formula comes in)."""

    needle: str
    tex: str | None
    shapes: dict[str, tuple[str, str]]
    words: str


def said(shape: tuple) -> str:
    """A shape as the narration says it: 1, 5, 6, 6."""
    return ", ".join(str(n) for n in shape)


def symbolic_tex(symbols: str) -> str:
    return "(" + symbols.replace("batch", r"\text{batch}") + ")"


def top_line(tex: str) -> VGroup:
    """The screen's caption at the top left, and the step its numbers come from at the
    right."""
    caption = kit.text(tex, font_size=CAPTION_SIZE, color=kit.DIM_COLOR)
    caption.to_corner(UL, buff=0.3)
    tag = kit.text(RECORDED, font_size=24, color=kit.DIM_COLOR).to_corner(UR, buff=0.3)
    return VGroup(caption, tag.match_y(caption))


class ConvCode(kit.StoryScene):
    tells = staticmethod(kit.cnn_story)      # the sequel's story, not XOR's

    def setup(self) -> None:
        super().setup()
        self.run = run_of(self.story)
        self.shown.update(listings={}, highlighted=[], shapes=[], formulas=[])

    def clear_screen(self) -> None:
        """Everything out, listings included, without copying them (kit.fade_out)."""
        self.play(*kit.fade_out(*self.mobjects), run_time=0.8)

    def construct(self) -> None:
        self.chapter("The code")
        self.read("forward", nn.Conv2D.forward, self.forward_steps(),
                  "Now the code: nn's own Conv2D, read from its source file. First forward; "
                  "beside each line, the shape of what it makes in our recorded step.")
        self.read("backward", nn.Conv2D.backward, self.backward_steps(),
                  "Backward receives dE/dY, the gradient from the layer above, fills the "
                  "gradients of the kernels and the biases, and returns dE/dX.")
        self.the_check()
        self.correlate_docstring()
        self.correlate_product()
        self.first_layer()

    # -- steps ---------------------------------------------------------------------------

    def forward_steps(self) -> list[Step]:
        f, x = self.run.forward, self.story.conv_step.input
        y, b = f.made("= correlate("), f.made("+= B")
        y_key, added = list(b)          # what += makes: Y, and the bias with its new axes
        return [
            Step("self.input = x", None,
                 {"self.input": ("batch, j, h, w", kit.X_COLOR)},
                 f'Forward keeps its input X for backward: <bookmark mark="f"/>our step\'s '
                 f'digit, a batch of {x.shape[0]} image of {x.shape[1]} channel, '
                 f'{x.shape[2]} by {x.shape[3]}.'),
            Step("= correlate(", r"\sum_j X_j \star K_{ij}",
                 {y_key: ("batch, i, h - k + 1, w - k + 1", kit.Y_COLOR)},
                 f'correlate computes <bookmark mark="f"/>the sum over the input channels j '
                 f'of X_j correlated with K_ij, for every kernel i at once: '
                 f'{y[y_key][1]} maps of {y[y_key][2]} by {y[y_key][3]}.'),
            Step("+= B", r"Y_i = B_i + \sum_j X_j \star K_{ij}",
                 {y_key: ("batch, i, h - k + 1, w - k + 1", kit.Y_COLOR),
                  added: ("i, 1, 1", kit.B_COLOR)},
                 f'Then the bias, one number per kernel, <bookmark mark="f"/>given two new '
                 f'axes: shape {said(b[added])}, so that B_i is added at every position of '
                 f'map i.'),
        ]

    def backward_steps(self) -> list[Step]:
        k = self.story.config.kernel_size
        full = self.run.backward.made("= pad(")
        return [
            Step("X, dY, K =", r"X, \quad " + kit.grad_of("Y") + r", \quad K",
                 {"X": ("batch, j, h, w", kit.X_COLOR),
                  "dY": ("batch, i, h - k + 1, w - k + 1", kit.Y_COLOR),
                  "K": ("i, j, k, k", KERNEL_COLOR)},
                 'It names its arrays: <bookmark mark="f"/>X, kept by forward; dY, that is '
                 'dE/dY; K, the kernels.'),
            Step("dK = correlate(",
                 kit.grad_of("K_{ij}") + r" = X_j \star " + kit.grad_of("Y_i"),
                 {"dK": ("j, i, k, k", KERNEL_COLOR)},
                 'dE/dK_ij is <bookmark mark="f"/>input channel j correlated with dE/dY_i. '
                 'swap exchanges the first two axes, samples and channels: correlate sums '
                 'over channels, so this one call also sums over the batch.'),
            Step('grads["kernels"] =', "",
                 {'self.grads["kernels"]': ("i, j, k, k", KERNEL_COLOR)},
                 'It comes out with j first; <bookmark mark="f"/>swapped back, it has the '
                 'kernels\' shape.'),
            Step('grads["bias"] =', kit.grad_of("B_i") + r" = \sum " + kit.grad_of("Y_i"),
                 {'self.grads["bias"]': ("i", kit.B_COLOR)},
                 'dE/dB_i is <bookmark mark="f"/>dE/dY_i summed over its positions and over '
                 'the batch: one number per kernel, like the bias.'),
            Step("= pad(", kit.grad_of("X_j") + r" = \sum_i " + kit.grad_of("Y_i")
                 + r" \ast_{\text{full}} K_{ij}",
                 {"full": ("batch, i, h + k - 1, w + k - 1", kit.Y_COLOR)},
                 f'dE/dX_j is <bookmark mark="f"/>a full convolution, summed over i. pad puts '
                 f'k minus 1 zeros, here {k - 1}, all round dE/dY: {full["full"][2]} by '
                 f'{full["full"][3]}.'),
            Step("turned = ", "", {"turned": ("j, i, k, k", KERNEL_COLOR)},
                 'Every kernel <bookmark mark="f"/>turned by 180 degrees, and swapped so '
                 'that j comes first.'),
            Step("return correlate(", "", {"return": ("batch, j, h, w", kit.X_COLOR)},
                 'And one last correlate, summing over i, <bookmark mark="f"/>returns dE/dX, '
                 'the shape of X.'),
        ]

    # -- a listing read line by line -------------------------------------------------------

    def listing(self, name: str, source: str, caption_tex: str, room: float):
        """``source`` as a listing under its caption (the recorded step named at the right),
        fitted to leave ``room`` under it; registered as shown."""
        top = top_line(caption_tex)
        code = kit.code_block(source, font_size=CODE_SIZE)
        kit.fit(code, width=kit.WIDTH, height=top.get_bottom()[1] - 0.25 - room - kit.BOTTOM)
        code.next_to(top, DOWN, buff=0.25).set_x(0)
        self.shown["listings"][name] = (source, code)
        return top, code

    def shape_rows(self, step: Step, made: dict[str, tuple]) -> VGroup:
        """Each array a line makes: its name, its shape in the step, its shape in symbols."""
        rows = VGroup()
        for key, (symbols, color) in step.shapes.items():
            name = "returns" if key == "return" else key
            row = VGroup(Text(name, font=kit.CODE_FONT, font_size=NAME_SIZE, color=color),
                         Text(str(made[key]), font=kit.CODE_FONT, font_size=SHAPE_SIZE))
            if symbols:
                row.add(MathTex(symbolic_tex(symbols), font_size=NAME_SIZE * 1.2,
                                color=kit.DIM_COLOR))
            rows.add(row.arrange(RIGHT, buff=0.3))
            self.shown["shapes"].append((key, made[key], symbols))
        return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.2)

    @staticmethod
    def formulas_of(steps: list[Step]) -> list:
        """Each step's formula: a new one, the one before (tex ""), or None."""
        formulas = []
        for step in steps:
            formulas.append(formulas[-1] if step.tex == "" and formulas else
                            kit.formula(step.tex, font_size=FORMULA_SIZE) if step.tex else None)
        return formulas

    @staticmethod
    def place_glosses(code, formulas: list, rows: list[VGroup]) -> None:
        """Under the code, each formula with the shapes of its lines at its right (shapes
        that share a formula share a place, left-aligned), scaled to the usable width."""
        for formula in dict.fromkeys(formulas):
            group = [r for f, r in zip(formulas, rows) if f is formula]
            widest = max(group, key=lambda r: r.width)
            line = VGroup(*([formula] if formula is not None else []), widest)
            line.arrange(RIGHT, buff=0.8)
            factor = min(1.0, kit.WIDTH / line.width)
            for mob in [m for m in (formula, *group) if m is not None]:
                mob.scale(factor)
            line.arrange(RIGHT, buff=0.8 * factor).next_to(code, DOWN, buff=GLOSS_GAP).set_x(0)
            for r in group:
                r.align_to(widest, LEFT).set_y(line.get_y())

    def read(self, name: str, function, steps: list[Step], intro: str) -> None:
        """A Conv2D method's listing, brought in while ``intro`` is said, then its lines
        read one by one (read_line)."""
        source, call = kit.source_lines(function), getattr(self.run, name)
        formulas = self.formulas_of(steps)
        rows = [self.shape_rows(s, call.made(s.needle)) for s in steps]
        room = max(max(r.height, f.height if f is not None else 0)
                   for f, r in zip(formulas, rows)) + GLOSS_GAP
        top, code = self.listing(name, source, rf"\texttt{{nn/conv.py}}: "
                                 rf"\texttt{{Conv2D.{name}}}", room)
        self.place_glosses(code, formulas, rows)
        with self.narrate(intro):
            self.play(FadeIn(top), *kit.fade_in(code), run_time=1.0)
        box, before = None, (None, VGroup())
        for step, formula, shapes in zip(steps, formulas, rows):
            box = self.read_line(name, source, code, step, box, before, (formula, shapes))
            before = (formula, shapes)
        self.clear_screen()

    def read_line(self, name, source, code, step: Step, box, before, now,
                  also: str | None = None):
        """Frame the step's line (from the line holding ``also``, if given) and bring it
        forward; the gloss before goes, this one's comes in on the bookmark "f".  Returns
        the frame."""
        index = kit.line_number_of(source, step.needle)
        first = index if also is None else kit.line_number_of(source, also)
        self.shown["highlighted"] += [(name, k, k, needle) for k, needle in
                                      ((first, also), (index, step.needle)) if needle]
        (old_formula, old_rows), (formula, rows) = before, now
        if formula is not None:
            self.shown["formulas"].append((name, index, formula.get_tex_string()))
        new_box = kit.highlight(code, first, index)
        new = formula is not None and formula is not old_formula
        going = [m for m in (old_rows, None if old_formula is formula else old_formula)
                 if m is not None and len(m)]
        with self.narrate(step.words) as line:
            self.play(Create(new_box) if box is None else Transform(box, new_box),
                      *kit.focus(code, first, index), *kit.fade_out(*going), run_time=0.8)
            line.wait_until("f")
            self.play(FadeIn(rows), *([Write(formula)] if new else []), run_time=1.0)
        return box or new_box

    # -- the check -------------------------------------------------------------------------

    @staticmethod
    def grid_rows(run: np.ndarray, record: np.ndarray, color, cell: float) -> VGroup:
        """Gradients as grids, one per kernel (arrays (i, k, k)) or one for the bias
        ((1, 1, i)): this run's above the record's, one precision and shading for all."""
        p = kit.precision(run, record)
        scale = float(np.abs(np.concatenate([run.ravel(), record.ravel()])).max()) or 1.0
        rows = VGroup()
        for values in (run, record):
            rows.add(VGroup(*(kit.legible_grid(v, color, cell * v.shape[-1], decimals=p,
                                               scale=scale) for v in values)
                            ).arrange(RIGHT, buff=0.15))
        return rows.arrange(DOWN, buff=0.3)

    @staticmethod
    def check_block(head, rows: VGroup, agree: bool) -> VGroup:
        """this run's and the record's grids, named at their left, a verdict at their
        right, and ``head`` (the gradient's name) left of the names."""
        names = VGroup(*(kit.text(name, CHECK_TEXT, color=kit.DIM_COLOR).next_to(
            row, LEFT, buff=0.35) for name, row in zip(("this run", "the record"), rows)))
        names.align_to(rows, LEFT).shift(LEFT * (names.width + 0.35))
        head.next_to(names, LEFT, buff=0.4)
        block = VGroup(head, names, rows, kit.verdict(agree, 44).next_to(rows, RIGHT, buff=0.4))
        block.rows = rows
        return block

    def check_cell(self) -> float:
        """The grids' cell: as large as the width and the height leave (at most CELL)."""
        count, k = self.story.config.kernels, self.story.config.kernel_size
        return min(CELL, (kit.WIDTH - 5.4 - 0.15 * (count - 1)) / (count * k),
                   (kit.TOP - kit.BOTTOM - 2.6) / (2 * k + 2))

    def check_screen(self) -> VGroup:
        record, run, cell = self.story.conv_step, self.run, self.check_cell()
        kernels = self.grid_rows(run.grads["kernels"][:, 0], record.grads["kernels"][:, 0],
                                 KERNEL_COLOR, cell)
        bias = self.grid_rows(run.grads["bias"][None, None], record.grads["bias"][None, None],
                              kit.B_COLOR, cell)
        agree = {key: bool(np.allclose(run.grads[key], record.grads[key]))
                 for key in ("kernels", "bias")}
        agree["input"] = bool(np.allclose(run.input_gradient, record.input_gradient))
        count = self.story.config.kernels
        heads = [VGroup(kit.formula(kit.grad_of("K_{i1}"), font_size=40),
                        MathTex(rf"i = 1 \dots {count}" if count > 1 else "i = 1", font_size=30,
                                color=kit.DIM_COLOR)
                        ).arrange(DOWN, buff=0.2),
                 kit.formula(kit.grad_of("B"), font_size=40)]
        blocks = [self.check_block(h, r, agree[key])
                  for h, r, key in zip(heads, (kernels, bias), ("kernels", "bias"))]
        returned = VGroup(kit.text("returned:", CHECK_TEXT, color=kit.DIM_COLOR),
                          kit.formula(kit.grad_of("X"), font_size=40),
                          Text(str(kit.shape_of(run.input_gradient)), font=kit.CODE_FONT,
                               font_size=SHAPE_SIZE),
                          kit.text("as recorded", CHECK_TEXT, color=kit.DIM_COLOR),
                          kit.verdict(agree["input"], 44)).arrange(RIGHT, buff=0.3)
        screen = VGroup(*blocks, returned).arrange(DOWN, buff=0.45)
        blocks[1].shift(RIGHT * (blocks[0].rows.get_left()[0] - blocks[1].rows.get_left()[0]))
        kit.place_between(screen, kit.TOP - 0.6, kit.BOTTOM, width=kit.WIDTH)
        self.shown.update(check_kernels=kernels, check_bias=bias, check_agree=agree,
                          check_input_shape=kit.shape_of(run.input_gradient))
        return screen

    def the_check(self) -> None:
        top, screen = top_line(r"\texttt{Conv2D}, run now"), self.check_screen()
        outcome = ("are the record's, and so is the dE/dX it returns"
                   if all(self.shown["check_agree"].values()) else
                   "and the dE/dX it returns are not all the record's: see the marks")
        with self.narrate('Run this Conv2D on the recorded step: its kernels and biases, its '
                          'digit, its dE/dY. <bookmark mark="k"/>The kernel gradients '
                          '<bookmark mark="b"/>and the bias gradients it computes '
                          f'<bookmark mark="x"/>{outcome}.') as line:
            self.play(FadeIn(top), run_time=0.6)
            for mark, part in zip("kbx", screen):
                line.wait_until(mark)
                self.play(FadeIn(part), run_time=0.8)
        self.clear_screen()

    # -- correlate -------------------------------------------------------------------------

    def correlate_docstring(self) -> None:
        """correlate's signature and docstring: what it does, and that it is one product."""
        source = kit.source_lines(correlate)
        first = kit.line_number_of(source, '"""')
        last = kit.line_number_of(source, '"""', start=first + 1)
        text = "\n".join(source.splitlines()[:last + 1]) + "\n"
        call = kit.fit(self.call_row(), width=kit.WIDTH)
        top, code = self.listing("correlate", text, r"\texttt{nn/conv.py}: "
                                 r"\texttt{correlate}", call.height + GLOSS_GAP)
        call.next_to(code, DOWN, buff=GLOSS_GAP).set_x(0)
        what = kit.paragraph_of(text, "cross-correlation")
        how = kit.paragraph_of(text, "matrix product")
        self.shown["highlighted"] += [("correlate", *what, "cross-correlation"),
                                      ("correlate", *how, "matrix product")]
        box = kit.highlight(code, *what)
        with self.narrate('All three are one function, correlate. <bookmark mark="f"/>Its '
                          'docstring says what it does: every image correlated with every '
                          'kernel, summed over the channels; <bookmark mark="c"/>forward\'s '
                          'call is one of them.') as line:
            self.play(FadeIn(top), *kit.fade_in(code), run_time=1.0)
            line.wait_until("f")
            self.play(Create(box), *kit.focus(code, *what), run_time=0.8)
            line.wait_until("c")
            self.play(FadeIn(call), run_time=0.8)
        with self.narrate('And how: <bookmark mark="f"/>always one matrix product, arranged '
                          'so that the least is copied. With fewer kernels than channels, each '
                          'kernel pixel multiplies the whole images, and the products are '
                          'added, shifted. Otherwise the windows of the images are copied into '
                          'columns, with numpy\'s sliding_window_view, and the kernels, as '
                          'rows, multiply all the columns at once.') as line:
            line.wait_until("f")
            self.play(Transform(box, kit.highlight(code, *how)), *kit.focus(code, *how),
                      run_time=0.8)
        self.clear_screen()

    def call_row(self) -> VGroup:
        """Forward's call of correlate in the step: its line, its arguments' shapes and the
        shape it returned."""
        inner = self.run.inner
        returned = next(made["return"] for _, made in inner.lines if "return" in made)
        row = VGroup(Text(inner.caller.split("#")[0].strip(), font=kit.CODE_FONT,
                          font_size=NAME_SIZE, color=kit.Y_COLOR))
        for name, shape in inner.args.items():
            row.add(Text(name, font=kit.CODE_FONT, font_size=NAME_SIZE, color=kit.DIM_COLOR),
                    Text(str(shape), font=kit.CODE_FONT, font_size=SHAPE_SIZE))
        row.add(MathTex(r"\to", font_size=NAME_SIZE * 1.5),
                Text(str(returned), font=kit.CODE_FONT, font_size=SHAPE_SIZE))
        self.shown.update(correlate_args=inner.args, correlate_returned=returned)
        return row.arrange(RIGHT, buff=0.25)

    def correlate_product(self) -> None:
        """The branches of correlate that copy windows, and the one forward's call took:
        the windows copied into one matrix, and the one product."""
        text, inner = windows_part(), self.run.inner
        ran = [line for line, _ in inner.lines]
        view = next(line for line in ran if "sliding_window_view(" in line)
        copied = ran[ran.index(view) + 1]
        product = next(line for line in ran if " @ " in line)
        steps = [Step(copied, None, {"columns": ("", kit.X_COLOR)},
                      'In our forward pass, correlate took this branch: sliding_window_view '
                      'sees the digit\'s windows, and reshape <bookmark mark="f"/>copies them '
                      'into one matrix, {0} by {1}.'),
                 Step(product, None, {"out": ("", kit.Y_COLOR)},
                      'Then one matrix product with the kernels <bookmark mark="f"/>gives '
                      'every output of every kernel at once: {0} by {1}, reshaped into Y.')]
        rows = [self.shape_rows(s, inner.made(s.needle)) for s in steps]
        steps = [Step(s.needle, None, s.shapes, s.words.format(*inner.made(s.needle)[key]))
                 for s, key in zip(steps, ("columns", "out"))]
        top, code = self.listing("windows", text, r"\texttt{nn/conv.py}: \texttt{correlate}",
                                 max(r.height for r in rows) + GLOSS_GAP)
        self.place_glosses(code, [None, None], rows)
        self.play(FadeIn(top), *kit.fade_in(code), run_time=0.8)
        box, before = None, (None, VGroup())
        for step, shapes in zip(steps, rows):
            box = self.read_line("windows", text, code, step, box, before, (None, shapes),
                                 also=view if step.needle == copied else None)
            before = (None, shapes)
        self.clear_screen()

    # -- a first layer ---------------------------------------------------------------------

    def first_layer(self) -> None:
        caller = kit.source_between(nn.Sequential.backward, "if not input_gradient",
                                    "backward_params(")
        own = kit.source_lines(nn.Conv2D.backward_params)
        codes = VGroup(kit.code_block(caller, CODE_SIZE), kit.code_block(own, CODE_SIZE))
        captions = VGroup(kit.text(r"\texttt{nn/model.py}: \texttt{Sequential.backward}",
                                   font_size=CAPTION_SIZE, color=kit.DIM_COLOR),
                          kit.text(r"\texttt{nn/conv.py}: \texttt{Conv2D.backward\_params}",
                                   font_size=CAPTION_SIZE, color=kit.DIM_COLOR))
        agree = all(np.allclose(self.run.param_grads[key], self.run.grads[key])
                    for key in self.run.grads)
        check = VGroup(kit.text(r"\texttt{backward\_params}: the gradients of "
                                r"\texttt{backward}", font_size=30),
                       kit.verdict(agree, 44)).arrange(RIGHT, buff=0.3)
        screen = VGroup(*(VGroup(c, code).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
                          for c, code in zip(captions, codes)), check)
        screen.arrange(DOWN, buff=0.45, aligned_edge=LEFT)
        check.set_x(0)
        kit.place_between(screen, kit.TOP, kit.BOTTOM, width=kit.WIDTH)
        self.shown["listings"].update(caller=(caller, codes[0]), first_layer=(own, codes[1]))
        self.shown["first_layer_agree"] = agree
        self.first_layer_story(caller, own, codes, captions, check)

    def first_layer_story(self, caller, own, codes, captions, check) -> None:
        calls = kit.region_of(caller, "if not input_gradient", "backward_params(")
        grads = kit.region_of(own, 'grads["kernels"]', 'grads["bias"]')
        (a, b), (c, d) = calls, grads
        self.shown["highlighted"] += [("caller", a, a, "if not input_gradient"),
                                      ("caller", b, b, "backward_params("),
                                      ("first_layer", c, c, 'grads["kernels"]'),
                                      ("first_layer", d, d, 'grads["bias"]')]
        box = kit.highlight(codes[0], *calls)
        with self.narrate('Training has no use for the first layer\'s dE/dX: its input is the '
                          'data. <bookmark mark="f"/>So Sequential\'s backward calls the first '
                          'layer\'s backward_params instead.') as line:
            self.play(FadeIn(captions), *kit.fade_in(*codes), run_time=1.0)
            line.wait_until("f")
            self.play(Create(box), run_time=0.8)
        with self.narrate('It computes the same kernel and bias gradients as backward, '
                          '<bookmark mark="g"/>and stops there: no padding, no last '
                          'correlate. <bookmark mark="c"/>On our step, its gradients are '
                          'backward\'s.', pause=kit.PAUSE) as line:
            line.wait_until("g")
            self.play(Transform(box, kit.highlight(codes[1], *grads)),
                      *kit.focus(codes[1], *grads), run_time=0.8)
            line.wait_until("c")
            self.play(FadeIn(check), run_time=0.8)


def windows_part() -> str:
    """correlate's branches that copy windows (sliding_window_view): from the branch test
    above the first of them to the function's end, dedented."""
    lines = kit.source_lines(correlate, docstring=False).splitlines()
    first = kit.line_number_of("\n".join(lines), "sliding_window_view(")
    start = max(k for k in range(first) if lines[k].strip().startswith("if "))
    indent = len(lines[start]) - len(lines[start].lstrip())
    return "\n".join(line[indent:] for line in lines[start:]) + "\n"
