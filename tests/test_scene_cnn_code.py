"""The code (the sequel, chapter 8): every listing is nn's source as its file holds it now,
every highlighted line holds the code the chapter says it does and sits beside the formula
it computes, every shape shown is the shape that line makes in the recorded step (checked
here from the record and plain numpy, and against the symbolic shape shown beside it), the
gradients of the shown Conv2D run on the step are the record's (and the record's are the
formulas', recomputed here with loops), backward_params gives backward's gradients; the
narration says only what is shown and the layout check finds nothing.

Two sequel stories: the default [cnn] (5 kernels, 3x3, relu, seed 0) and 3 kernels of 5x5,
sigmoid, seed 1 (forward's correlate then takes its other window branch).  Each is built
once, without playing, with NN_LAYOUT_CHECK=1."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import numpy as np
from scene_testing import assert_grid_shows, assert_told, built_chapter

import nn
from scenes.cnn_code import ConvCode

CONV_FILE = Path(inspect.getsourcefile(nn.Conv2D))
MODEL_FILE = Path(inspect.getsourcefile(nn.Sequential))

# What each listing's highlighted lines hold, in the order they are highlighted.
HIGHLIGHTED = {
    "forward": ["self.input = x", "Y = correlate(x, K)", "Y += B[:, None, None]"],
    "backward": ["X, dY, K = self.input, output_gradient", "dK = correlate(swap(X), swap(dY))",
                 'self.grads["kernels"] = swap(dK)', 'self.grads["bias"] = dY.sum(',
                 "full = pad(dY, self.kernel_size - 1)", "turned = swap(K[:, :, ::-1, ::-1])",
                 "return correlate(full, turned)"],
    "correlate": ["Valid cross-correlation", "one matrix product"],
    "windows": ["columns = sliding_window_view(images", "columns = columns.transpose(",
                " @ "],
    "caller": ["if not input_gradient", "return first.backward_params(output_gradient)"],
    "first_layer": ['self.grads["kernels"] = swap(correlate(swap(self.input), swap(dY)))',
                    'self.grads["bias"] = dY.sum(axis=(0, 2, 3))'],
}
# The formula beside a line: a piece of the line -> a piece of the formula's TeX.
FORMULAS = {
    "X, dY, K =": r"X,\quad\frac{\partial E}{\partial Y},\quad K",
    "Y = correlate(x, K)": r"\sum_j X_j \star K_{ij}",
    "Y += B[:, None, None]": r"Y_i = B_i + \sum_j X_j \star K_{ij}",
    "dK = correlate(": r"\partial K_{ij}} = X_j \star",
    'self.grads["kernels"]': r"\partial K_{ij}} = X_j \star",
    'self.grads["bias"]': r"\partial B_i} = \sum",
    "= pad(": r"\ast_{\text{full}} K_{ij}",
    "turned = ": r"\ast_{\text{full}} K_{ij}",
    "return correlate(full": r"\ast_{\text{full}} K_{ij}",
}


built = built_chapter(ConvCode, "default", "3-kernels-5x5-sigmoid-seed-1")


def squeeze(text: str) -> str:
    """TeX without spaces, to compare pieces of it."""
    return re.sub(r"\s+", "", text)


def in_file(listing: str, path: Path) -> bool:
    """The listing's lines are consecutive lines of the file, all indented alike."""
    lines, file_lines = listing.rstrip("\n").splitlines(), path.read_text().splitlines()
    for start in range(len(file_lines) - len(lines) + 1):
        head = file_lines[start]
        indent = head[:len(head) - len(lines[0])]
        if head.endswith(lines[0]) and not indent.strip() and all(
                file_lines[start + k] == (indent + text if text else "")
                for k, text in enumerate(lines)):
            return True
    return False


def assert_code_shows(code, source):
    """The Code mobject draws exactly ``source``: the same lines, glyph for glyph."""
    lines = source.splitlines()
    assert len(code.code_lines) == len(lines), f"{len(code.code_lines)} lines, {len(lines)}"
    for number, (glyphs, line) in enumerate(zip(code.code_lines, lines)):
        assert len(glyphs) == len("".join(line.split())), f"line {number}: {line!r}"


def record_of(story):
    record = story.conv_step
    return record, record.input, record.output_gradient, record.params_before


# -- the chapter -----------------------------------------------------------------------------

def test_every_listing_is_nns_source_as_its_file_holds_it(built):
    _, scene, _ = built
    listings = scene.shown["listings"]
    assert set(listings) == set(HIGHLIGHTED)
    for name, (source, code) in listings.items():
        assert in_file(source, MODEL_FILE if name == "caller" else CONV_FILE), name
        assert_code_shows(code, source)
    starts = {"forward": "def forward(", "backward": "def backward(",
              "correlate": "def correlate(", "first_layer": "def backward_params("}
    for name, start in starts.items():
        assert listings[name][0].startswith(start), name
    for name, end in (("forward", "return Y"), ("backward", "return correlate(full, turned)")):
        assert listings[name][0].splitlines()[-1].strip().startswith(end), name
    assert listings["correlate"][0].rstrip().endswith('"""')         # its docstring, whole
    body = inspect.getsource(nn.conv.correlate).rstrip().splitlines()
    assert listings["windows"][0].rstrip().splitlines()[-1] == body[-1].strip()


def test_every_highlighted_line_holds_the_code_it_is_said_to(built):
    _, scene, _ = built
    for name, expected in HIGHLIGHTED.items():
        lines = scene.shown["listings"][name][0].splitlines()
        regions = [(first, last) for listing, first, last, _ in scene.shown["highlighted"]
                   if listing == name]
        assert len(regions) == len(expected), name
        for (first, last), piece in zip(regions, expected):
            assert any(piece in line for line in lines[first:last + 1]), (name, piece)
    for name, first, last, needle in scene.shown["highlighted"]:
        lines = scene.shown["listings"][name][0].splitlines()
        assert any(needle in line for line in lines[first:last + 1]), (name, needle)


def test_each_formula_sits_beside_its_line(built):
    _, scene, _ = built
    seen = set()
    for name, index, tex in scene.shown["formulas"]:
        line = scene.shown["listings"][name][0].splitlines()[index]
        pieces = [piece for piece in FORMULAS if piece in line]
        assert len(pieces) == 1, line
        assert squeeze(FORMULAS[pieces[0]]) in squeeze(tex), (line, tex)
        seen.add(pieces[0])
    assert seen == set(FORMULAS)


def expected_shapes(story) -> dict[str, tuple]:
    """What each shown line makes in the step, from the record and plain numpy."""
    record, x, dy, params = record_of(story)
    i, k = story.config.kernels, story.config.kernel_size
    m = 8 - k + 1
    shapes = {"self.input": x.shape, "Y": record.output.shape, "B[:, None, None]": (i, 1, 1),
              "X": x.shape, "dY": dy.shape, "K": params["kernels"].shape,
              "dK": (x.shape[1], i, k, k), 'self.grads["kernels"]': record.grads["kernels"].shape,
              'self.grads["bias"]': record.grads["bias"].shape,
              "full": np.pad(dy, ((0, 0), (0, 0), (k - 1, k - 1), (k - 1, k - 1))).shape,
              "turned": (x.shape[1], i, k, k), "return": record.input_gradient.shape}
    # forward's correlate copies windows along the longer side: the output's (k <= m) or
    # the kernel's; its one product gives every output of every kernel
    shapes["columns"] = (k * k, m * m) if k <= m else (m * m, k * k)
    shapes["out"] = (i, m * m) if k <= m else (m * m, i)
    return shapes


def test_every_shape_is_the_steps_and_its_symbols(built):
    _, scene, story = built
    expected = expected_shapes(story)
    sizes = dict(batch=1, j=1, i=story.config.kernels, k=story.config.kernel_size, h=8, w=8)
    keys = [key for key, _, _ in scene.shown["shapes"]]
    assert set(keys) == set(expected)
    for key, shape, symbols in scene.shown["shapes"]:
        assert tuple(shape) == tuple(expected[key]), key
        if symbols:
            assert eval(f"({symbols},)", {}, sizes) == tuple(shape), (key, symbols)
    assert tuple(scene.shown["correlate_args"].values()) == \
        ((1, 1, 8, 8), story.conv_step.params_before["kernels"].shape)
    assert scene.shown["correlate_returned"] == story.conv_step.output.shape


def loops_gradients(x, dy, kernels):
    """dE/dK_ij = X_j ⋆ dE/dY_i, dE/dB_i = sum dE/dY_i, dE/dX_j = sum_i dE/dY_i *full K_ij,
    one sample, with loops (no nn)."""
    i, j, k, _ = kernels.shape
    m = dy.shape[-1]
    dk = np.array([[[[np.sum(x[0, c, u:u + m, v:v + m] * dy[0, o]) for v in range(k)]
                     for u in range(k)] for c in range(j)] for o in range(i)])
    padded = np.pad(dy[0], ((0, 0), (k - 1, k - 1), (k - 1, k - 1)))
    size = x.shape[-1]
    dx = np.array([[[sum(np.sum(padded[o, r:r + k, s:s + k] * kernels[o, c, ::-1, ::-1])
                         for o in range(i)) for s in range(size)] for r in range(size)]
                   for c in range(j)])
    return dk, dy.sum(axis=(0, 2, 3)), dx[None]


def test_the_run_gives_the_records_gradients_which_are_the_formulas(built):
    _, scene, story = built
    record, x, dy, params = record_of(story)
    dk, db, dx = loops_gradients(x, dy, params["kernels"])
    np.testing.assert_allclose(record.grads["kernels"], dk, atol=1e-12)
    np.testing.assert_allclose(record.grads["bias"], db, atol=1e-12)
    np.testing.assert_allclose(record.input_gradient, dx, atol=1e-12)
    assert scene.shown["check_agree"] == {"kernels": True, "bias": True, "input": True}
    runs, records = scene.shown["check_kernels"]
    for i in range(story.config.kernels):
        for grids in (runs, records):
            assert_grid_shows(grids[i], record.grads["kernels"][i, 0])
    for grids in scene.shown["check_bias"]:
        assert_grid_shows(grids[0], record.grads["bias"][None])
    assert scene.shown["check_input_shape"] == record.input_gradient.shape


def test_backward_params_gives_backwards_gradients(built):
    _, scene, story = built
    record, x, dy, params = record_of(story)
    layer = nn.Conv2D(1, story.config.kernels, story.config.kernel_size)
    layer.params.update({key: value.copy() for key, value in params.items()})
    layer.forward(x)
    assert layer.backward_params(dy) is None
    for key in ("kernels", "bias"):
        np.testing.assert_allclose(layer.grads[key], record.grads[key], atol=1e-12)
    assert scene.shown["first_layer_agree"] is True
    assert "backward_params(" in inspect.getsource(nn.Sequential.backward)


def test_story_narration_and_layout(built):
    _, scene, story = built
    assert_told(scene, story)
