"""Pieces of the scene kit that every chapter shares."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import nn
from scenes.kit import code_block, highlight, source_of


def test_code_frame_runs_between_the_lines_around_it():
    code = code_block(source_of(nn.Sequential.backward))
    lines = code.code_lines
    box = highlight(code, 5, 6)
    y = [line.get_center()[1] for line in lines]
    assert y[4] > box.get_top()[1] > y[5]
    assert y[6] > box.get_bottom()[1] > y[7]
    assert box.get_left()[0] < min(line.get_left()[0] for line in lines[5:7])
    assert box.get_right()[0] > max(line.get_right()[0] for line in lines[5:7])
    one = highlight(code, 8)
    assert y[7] > one.get_top()[1] > y[8] > one.get_bottom()[1] > y[9]


def test_chapters_use_only_the_kits_public_surface():
    """A chapter imports the kit as one thing: `from scenes import kit` or names from
    `scenes.kit`, each listed in kit.__all__; never a kit submodule or other scenes code."""
    import ast

    from scenes import kit
    from scenes.chapters import PARTS

    for part in PARTS:
        tree = ast.parse(part.path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                bad = [a.name for a in node.names if a.name.startswith("scenes")]
                assert not bad, f"{part.path.name} imports {bad}"
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("scenes"):
                names = [a.name for a in node.names]
                assert node.module in ("scenes", "scenes.kit"), (
                    f"{part.path.name}:{node.lineno} imports from {node.module}; "
                    f"import from scenes.kit instead")
                if node.module == "scenes":
                    assert names == ["kit"], f"{part.path.name} imports {names} from scenes"
                else:
                    missing = sorted(set(names) - set(kit.__all__))
                    assert not missing, f"{part.path.name}: {missing} not in kit.__all__"


def test_a_new_chapter_written_as_the_readme_says_builds_and_checks(tmp_path):
    """The README's "Adding a chapter", followed literally for a one-beat chapter."""
    import importlib.util

    from scene_testing import build_skipping, check_narration

    path = tmp_path / "tiny_chapter.py"
    path.write_text(
        "from manim import FadeIn\n"
        "from scenes import kit\n"
        "\n"
        "class TinyChapter(kit.StoryScene):\n"
        "    def construct(self):\n"
        "        self.chapter('Tiny')\n"
        "        self.show_the_loss()\n"
        "\n"
        "    def show_the_loss(self):\n"
        "        loss = self.story.step.loss\n"
        "        shown = kit.formula(r'{{E}} = ' + kit.fmt(loss))\n"
        "        self.shown['loss'] = loss\n"
        "        with self.narrate(f'The error of our sample is {kit.fmt(loss)}.'):\n"
        "            self.play(FadeIn(shown))\n")
    spec = importlib.util.spec_from_file_location("tiny_chapter", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    scene = build_skipping(module.TinyChapter, tmp_path / "media")
    check_narration(scene, scene.story)
    assert [line.written for line in scene.narration] == [
        f"The error of our sample is {scene.story.step.loss:.2f}."]


# -- numbers: one rule for decimals, with a power of ten when values are small ----------

def test_precision_keeps_exact_values_and_two_significant_digits():
    from scenes.kit import Precision, precision

    assert precision([0, 1, 1, 0]) == Precision(0)               # XOR
    assert precision(0.1) == Precision(1)                         # a learning rate
    assert precision(0.001) == Precision(3)
    assert precision([0.5321, -0.2]) == Precision(2)
    assert precision([0.01234, 0.001]) == Precision(3)
    assert precision([[0.00312, 0.0001]]) == Precision(4)
    assert precision([[0.9, 0.00312]], rows=None) == Precision(2)
    assert precision(np.array([[0.512], [0.00012]]), rows=1) == Precision(2)


def test_small_values_get_a_factored_power_of_ten_and_never_read_zero():
    from scenes.kit import fmt, precision

    rng = np.random.default_rng(3)
    for scale in (1e-4, 3e-6, 2e-9):
        values = rng.normal(scale=scale, size=(3, 4))
        shown = precision(values)
        assert shown.power < 0
        largest = np.abs(values).max()
        # read at the precision of the largest entry, every entry is what the screen says
        step = 10.0 ** (shown.power - shown.decimals)
        assert np.all(np.abs(shown.shown(values) - values) <= step / 2 + 1e-15)
        assert 1 <= np.abs(shown.scaled(values)).max() < 10
        assert np.abs(shown.shown(values)).max() == pytest.approx(largest, rel=0.01)
    assert fmt(2.304e-5) == "2.30 × 10⁻⁵"
    assert fmt(9.9999e-6) == "1.00 × 10⁻⁵"
    assert fmt(-0.0001234) == "-1.23 × 10⁻⁴"
    assert fmt(0.0031) == "0.0031"


def test_a_matrix_of_small_numbers_shows_its_factor_and_reads_back_its_values():
    from scenes.kit import batch_matrix, number, number_matrix, shown_values

    values = np.array([[2.3e-5, -5.7e-6], [1.04e-6, 0.0]])
    matrix = number_matrix(values)
    assert matrix.power == -5 and matrix.factor.get_tex_string() == r"10^{-5} \times"
    assert matrix.factor.get_right()[0] < matrix.get_brackets()[0].get_left()[0]
    assert np.allclose(shown_values(matrix), [[2.3e-5, -0.57e-5], [0.1e-5, 0]])
    assert not any(float(e.number) == 0 for e in matrix.get_entries()[:3])
    big = number_matrix(np.array([[0.53, -0.21]]))
    assert big.power == 0 and np.allclose(shown_values(big), [[0.53, -0.21]])
    wide = batch_matrix(np.full((2, 200), 3.1e-6), None)
    assert wide.power == -6 and wide.factor is not None
    scalar = number(1.84e-5)
    assert scalar.number == pytest.approx(1.84e-5)


# -- formulas: one builder ---------------------------------------------------------------

def test_formula_colours_symbols_split_by_rule_or_by_hand():
    from scenes.kit import B_COLOR, RATE_COLOR, W_COLOR, X_COLOR, formula, grad_of, part_of

    by_rule = formula(r"y_j = \sum_i w_{ji} x_i + b_j - \alpha " + grad_of("W"))
    assert part_of(by_rule, "w_{ji}").get_color() == W_COLOR
    assert part_of(by_rule, "x_i").get_color() == X_COLOR
    assert part_of(by_rule, "b_j").get_color() == B_COLOR
    assert part_of(by_rule, r"\alpha").get_color() == RATE_COLOR
    assert part_of(by_rule, grad_of("W")).get_color() == W_COLOR
    by_hand = formula(r"{{Y}} = f( {{X}} )")
    assert part_of(by_hand, "X").get_color() == X_COLOR
    assert formula("x")[0].get_color() == X_COLOR


# -- fading: no copy, opacities restored --------------------------------------------------

def test_fades_keep_each_parts_own_opacity_and_remove_what_fades_out():
    from manim import Scene, Square, VGroup

    from scenes.kit import fade_in, fade_out

    scene = Scene()
    dim, full = Square().set_opacity(0.35), Square(fill_opacity=1)
    group = VGroup(dim, full)
    scene.play(*fade_in(group), run_time=0.1)
    assert group in scene.mobjects
    assert dim.get_fill_opacity() == pytest.approx(0.35)
    assert full.get_fill_opacity() == pytest.approx(1.0)
    scene.play(*fade_out(group), run_time=0.1)
    assert group not in scene.mobjects
    assert dim.get_fill_opacity() == pytest.approx(0.35)       # ready to come back


# -- the layout check: what the sweep relies on --------------------------------------------

def test_layout_check_finds_what_leaves_the_frame_is_too_small_or_overlaps():
    from manim import RIGHT, MathTex, Rectangle, Text

    from scenes.kit import layout_problems

    inside = MathTex("y = 1", font_size=40)
    assert layout_problems([inside, Rectangle(width=2, height=1)], "t") == []
    out = MathTex("y = 1", font_size=40).move_to(RIGHT * 7.5)
    tiny = Text("small", font_size=30).scale(0.3).shift(3 * RIGHT)
    twin = MathTex("y = 2", font_size=40).move_to(inside)
    problems = layout_problems([inside, out, tiny, twin], "t")
    assert any("leaves the frame" in p and "y = 1" in p for p in problems)
    assert any("font size 9.0" in p for p in problems)
    assert any("overlap" in p for p in problems)
    assert len(problems) == 3
    # a frame around a formula, an arrow across it: not overlaps
    assert layout_problems([inside, Rectangle(width=3, height=1).move_to(inside)], "t") == []


def test_a_loss_plot_moved_and_scaled_after_it_was_made_draws_its_curve_to_its_dot():
    from scenes.kit import LossPlot

    plot = LossPlot(np.exp(-np.arange(60) / 10) + 0.1, width=5, height=3)
    plot.scale(0.5).shift([1.0, -1.0, 0.0])
    for epoch in (0, 1, 7, 59):
        plot.show_until(epoch)
        np.testing.assert_allclose(plot.curve.points[-1], plot.dot.get_center(), atol=1e-9)
        np.testing.assert_allclose(plot.dot.get_center(),
                                   plot.axes.c2p(*plot.coords(epoch)), atol=1e-9)
    assert plot.axes.get_left()[0] - 1e-6 <= plot.curve.get_left()[0]
    assert plot.curve.get_right()[0] <= plot.axes.get_right()[0] + 1e-6


def test_a_tex_command_is_not_read_as_the_symbol_of_its_first_letter():
    from scenes.kit import B_COLOR, TEXT_COLOR, W_COLOR, color_of

    assert color_of(r"\Big)") == color_of(r"\bigl(") == color_of(r"\sum") == TEXT_COLOR
    assert color_of("B_i") == B_COLOR and color_of("{W}") == W_COLOR


# -- kit.traced: code that ran, line by line ------------------------------------------------------------------

def test_made_by_names_what_a_line_makes():
    from scenes.kit import made_by
    assert made_by("Y = correlate(x, K)   # sum") == ["Y"]
    assert made_by("X, dY, K = a, b, c") == ["X", "dY", "K"]
    assert made_by('self.grads["bias"] = dY.sum(axis=(0, 2, 3))') == ['self.grads["bias"]']
    assert made_by("Y += B[:, None, None]") == ["Y", "B[:, None, None]"]
    assert made_by("out += f(x)") == ["out"]                 # a call is never run again
    assert made_by("return correlate(full, turned)") == ["return"]
    assert made_by("if x.ndim != 4 or \\") == [] and made_by("for u in v:") == []


def test_traced_reads_each_lines_shapes_after_it():
    from scenes.kit import traced

    def function(a):
        b = a.reshape(2, 3)
        b += a[:3]
        return b.T

    calls = traced(lambda: function(np.zeros(6)), [function])
    assert len(calls) == 1 and calls[0].name == function.__qualname__
    assert calls[0].args == {"a": (6,)}
    assert [made for _, made in calls[0].lines] == [{"b": (2, 3)},
                                                     {"b": (2, 3), "a[:3]": (3,)},
                                                     {"return": (3, 2)}]


def test_code_found_by_content_a_region_and_a_docstring_paragraph():
    from scenes.kit import paragraph_of, source_between
    part = source_between(nn.Sequential.backward, "if not input_gradient", "backward_params(")
    lines = part.splitlines()
    assert lines[0].startswith("if not input_gradient") and "backward_params(" in lines[-1]
    assert all(line in inspect.getsource(nn.Sequential.backward) for line in lines)
    source = '"""First line.\n\nSecond paragraph,\nwith two lines.\n\nThird."""\ncode()\n'
    assert paragraph_of(source, "two lines") == (2, 3)
    assert paragraph_of(source, "First") == (0, 0)
    assert paragraph_of(source, "Third") == (5, 5)
