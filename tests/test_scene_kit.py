"""Pieces of the scene kit that every chapter shares."""

from __future__ import annotations

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
        "        shown = kit.math(r'{{E}} = ' + kit.fmt(loss))\n"
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
