"""The video build end to end, on two tiny scenes of its own at 480p15.

tests/build_scenes holds the scenes (a few seconds each, no LaTeX), so these tests do
not depend on the real chapters' length.  One build is shared by the module; the
others reuse its cache, so the whole file renders four small parts in all.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
import srt
from PIL import Image

from build_scenes import ALPHA, PARTS
from scenes import build as build_module
from scenes.video import render as render_module
from scenes.video.render import PartSpec

FPS = 15
FRAME = Fraction(1, FPS)
TITLES = ["Alpha one", "Alpha two", "Beta"]


def run_build(tmp: Path, **kwargs):
    options = dict(parts=PARTS, quality="low", output_dir=tmp / "out",
                   cache_dir=tmp / "cache", name="test", jobs=2, system_check=False,
                   preload_story=False)
    options.update(kwargs)
    return build_module.build(**options)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("build")
    return tmp, run_build(tmp)


def section_durations(result) -> list[tuple[str, Fraction]]:
    """Each section's length as manim reported it in its section index (not our maths)."""
    out = []
    for part in result.parts:
        index = json.loads(Path(part.video).with_name("sections.json").read_text())
        for section in index:
            out.append((section["name"], Fraction(int(section["nb_frames"]), FPS)))
    return out


def decoded_frames(path: Path) -> int:
    with av.open(str(path)) as container:
        return sum(1 for _ in container.decode(video=0))


def test_video_lasts_the_sum_of_its_chapters(built):
    _, result = built
    sections = section_durations(result)
    # beta's lead-in is manim's "autocreated" section: folded into "Beta".
    assert [name for name, _ in sections] == ["Alpha one", "Alpha two", "autocreated", "Beta"]
    expected = sum((d for _, d in sections), Fraction(0))
    with av.open(str(result.video)) as container:
        stream = container.streams.video[0]
        duration = Fraction(stream.duration) * stream.time_base
        assert (stream.codec_context.width, stream.codec_context.height) == (854, 480)
    assert abs(duration - expected) <= FRAME
    assert decoded_frames(result.video) == expected * FPS
    assert abs(result.duration - expected) <= FRAME


def test_chapter_metadata_matches_the_sections(built):
    _, result = built
    sections = dict(section_durations(result))
    lengths = [sections["Alpha one"], sections["Alpha two"],
               sections["autocreated"] + sections["Beta"]]
    with av.open(str(result.video)) as container:
        chapters = container.chapters()
        stream = container.streams.video[0]
        duration = Fraction(stream.duration) * stream.time_base
    assert [c["metadata"]["title"] for c in chapters] == TITLES
    start = Fraction(0)
    for chapter, length in zip(chapters, lengths):
        base = chapter["time_base"]
        assert abs(chapter["start"] * base - start) <= FRAME
        assert abs(chapter["end"] * base - (start + length)) <= FRAME
        start += length
    assert abs(chapters[-1]["end"] * chapters[-1]["time_base"] - duration) <= FRAME
    # Both chapter forms players read: a QuickTime chapter track (tref 'chap', used by
    # QuickTime/Apple players and FFmpeg-based ones) and a Nero 'chpl' box (VLC, mpv);
    # 'moov' ahead of 'mdat' (faststart) for streaming.
    head = result.video.read_bytes()[:65536]
    assert b"chap" in head and b"chpl" in head
    assert head.find(b"moov") < head.find(b"mdat")


def test_chapter_list_has_the_real_start_times(built):
    _, result = built
    lines = result.chapter_list.read_text().splitlines()
    starts = [Fraction(0)]
    for chapter in result.chapters[:-1]:
        starts.append(starts[-1] + chapter.duration)
    assert lines[0] == "00:00 Alpha one"
    assert len(lines) == 3
    for line, title, start in zip(lines, TITLES, starts):
        stamp, name = line.split(" ", 1)
        minutes, seconds = map(int, stamp.split(":"))
        assert name == title
        assert minutes * 60 + seconds == int(start)       # floored, as YouTube reads it
    manifest = json.loads(result.manifest.read_text())
    assert [c["title"] for c in manifest["chapters"]] == TITLES


def test_subtitles_parse_fall_inside_the_video_in_order(built):
    _, result = built
    cues = list(srt.parse(result.subtitles.read_text(encoding="utf-8")))
    assert [c.content for c in cues] == [
        "Neural Network from Scratch: the first chapter begins.",
        "The second chapter.", "A green square."]
    end = float(result.duration)
    previous = 0.0
    for cue in cues:
        start, stop = cue.start.total_seconds(), cue.end.total_seconds()
        assert previous <= start < stop <= end + 1e-6
        previous = start
    # beta's caption starts with its square, after alpha and beta's lead-in: shifted.
    alpha, beta = result.parts
    assert cues[-1].start.total_seconds() == pytest.approx(
        float(alpha.info.duration) + 0.4, abs=float(FRAME))


def test_thumbnail_is_a_titled_frame(built):
    _, result = built
    with Image.open(result.thumbnail) as image:
        assert image.format == "PNG" and image.size == (1280, 720)
        pixels = np.asarray(image.convert("L"))
        assert pixels[40:130].max() > 200        # the white title
        assert pixels[300:420].max() > 60        # the frame under it is not blank


def test_second_build_renders_nothing(built, monkeypatch):
    tmp, first = built
    video_bytes = first.video.read_bytes()

    def no_render(*args, **kwargs):
        raise AssertionError("a render was started although nothing changed")

    def no_stitch(*args, **kwargs):
        raise AssertionError("the full cut was joined again although no part changed")

    monkeypatch.setattr(render_module.subprocess, "Popen", no_render)
    monkeypatch.setattr(build_module, "stitch", no_stitch)
    again = run_build(tmp)
    assert again.rendered == [] and again.cached == ["alpha", "beta"]
    assert again.video.read_bytes() == video_bytes
    manifest = json.loads(again.manifest.read_text())
    assert all(part["cached"] for part in manifest["parts"])


def test_the_full_cut_is_joined_again_when_it_is_not_these_parts(built):
    """Another part list, or a video that is missing or not the one the manifest names,
    is joined again (joining is skipped only for exactly the parts of the last cut)."""
    tmp, _ = built
    only_alpha = run_build(tmp, parts=(ALPHA,), name="test")
    assert decoded_frames(only_alpha.video) < sum(p.info.frames for p in built[1].parts)
    both = run_build(tmp)
    assert decoded_frames(both.video) == sum(p.info.frames for p in both.parts)
    both.video.unlink()
    assert run_build(tmp).video.is_file()


def test_a_new_configuration_reaches_the_scenes_and_rerenders(built, tmp_path):
    tmp, _ = built
    config = tmp_path / "other.toml"
    config.write_text('title = "Another Title"\n')
    result = run_build(tmp, config=config, name="other", parts=(ALPHA,))
    assert result.rendered == ["alpha"]
    assert srt.parse(result.subtitles.read_text()).__next__().content.startswith(
        "Another Title:")


def test_failing_part_names_itself_and_keeps_earlier_outputs(built, tmp_path, capsys):
    tmp, first = built
    out = tmp_path / "out"
    shutil.copytree(first.video.parent, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    broken = tmp_path / "broken.py"
    broken.write_text(textwrap.dedent('''
        from manim import Scene, Square, Create

        class Broken(Scene):
            def construct(self):
                self.next_section("Broken")
                self.play(Create(Square()), run_time=0.2)
                raise RuntimeError("this chapter is broken on purpose")
    '''))
    parts = (ALPHA, PartSpec("broken", "Broken", broken))
    with pytest.raises(build_module.RenderError) as error:
        run_build(tmp, parts=parts, output_dir=out)
    message = str(error.value)
    assert "broken" in message and "unchanged" in message
    (failure,) = error.value.failures
    assert failure.name == "broken"
    assert "this chapter is broken on purpose" in failure.tail
    assert "FAILED part broken" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


# -- bad input fails before anything renders ---------------------------------------------
@pytest.fixture
def no_rendering(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("rendering started despite bad input")

    monkeypatch.setattr(build_module, "render_parts", refuse)
    monkeypatch.setattr(render_module.subprocess, "Popen", refuse)


BAD_CONFIGS = [
    ('activation = "relu6"\n', "activation", "one of"),
    ('dataset = "mnist"\n', "dataset", "one of"),
    ("layers = [2, 3, 2]\n", "layers", "chain"),
    ("layers = [3, 4, 1]\n", "layers", "chain"),
    ("layers = [2, 9, 1]\n", "layers", "at most 8 units"),    # beyond the layout sweep
    ("layers = [2, 4, 4, 4, 4, 1]\n", "layers", "at most 3 hidden layers"),
    ("learning_rate = 0\n", "learning_rate", "positive"),
    ("learning_rate = -0.1\n", "learning_rate", "positive"),
    ("epocs = 10\n", "epocs", "expected keys"),
    ("epochs = 100000000\n", "epochs", "27 hours"),           # refused with its estimate
    ('dataset = "spiral"\nsamples = 5000\nepochs = 3000\n', "epochs", "limit is 2 minutes"),
    ('output = "softmax"\n', "output", "softmax needs at least 2 outputs"),
    ('loss = "cce"\n', "loss", "from output = \"softmax\""),
    ('dataset = "blobs"\n', "dataset", "[beyond]"),
    ('[beyond]\nlayers = [2, 8, 1]\n', "[beyond] output", "softmax needs at least 2 outputs"),
    ('[beyond]\noutput = "tanh"\n', "[beyond] loss", "from output = \"softmax\""),
    ('[beyond]\nclasses = 4\n', "[beyond] classes", "the last of layers [2, 8, 3] has 3"),
    ('[beyond]\nloss = "mse"\n', "[beyond] loss", "categorical cross-entropy"),
    ('[beyond]\nclases = 3\n', "clases", "expected keys"),
]


@pytest.mark.parametrize("text,key,expected", BAD_CONFIGS)
def test_bad_configuration_names_the_key(text, key, expected, tmp_path, no_rendering):
    config = tmp_path / "story.toml"
    config.write_text(text)
    with pytest.raises(build_module.BuildError) as error:
        run_build(tmp_path, config=config)
    assert key in str(error.value) and expected in str(error.value)


def test_missing_configuration_file(tmp_path, no_rendering):
    with pytest.raises(build_module.BuildError, match="not found: .*nowhere.toml"):
        run_build(tmp_path, config=tmp_path / "nowhere.toml")


def test_unknown_chapter_lists_the_valid_names(tmp_path, no_rendering):
    with pytest.raises(build_module.BuildError) as error:
        run_build(tmp_path, chapters=["alpha", "gamma"])
    assert "'gamma'" in str(error.value) and "alpha, beta" in str(error.value)


def test_cli_reports_bad_input_in_one_line(tmp_path, capsys, no_rendering):
    config = tmp_path / "story.toml"
    config.write_text('activation = "softsign"\n')
    assert build_module.main(["--config", str(config), "--output-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "activation" in err and "\n" not in err
    assert build_module.main(["--chapters", "no_such_part"]) == 2
    err = capsys.readouterr().err
    assert "no_such_part" in err and "decision_boundary" in err
    assert build_module.main(["--quality", "8k"]) == 2
    assert "quality" in capsys.readouterr().err


def test_missing_latex_is_one_line_with_the_install_command(tmp_path, monkeypatch,
                                                            no_rendering):
    from scenes.video import system

    real = shutil.which
    monkeypatch.setattr(system.shutil, "which",
                        lambda tool: None if tool in ("latex", "dvisvgm") else real(tool))
    with pytest.raises(system.MissingDependency) as error:
        run_build(tmp_path, system_check=True)
    message = str(error.value)
    assert "\n" not in message and "latex" in message and "dvisvgm" in message
    assert "apt-get install" in message and "./run.sh video" in message


def test_python_dash_m_scenes_runs_the_build():
    out = subprocess.run([str(Path(__import__("sys").executable)), "-m", "scenes", "--list"],
                         capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent, timeout=60)
    assert out.returncode == 0 and "decision_boundary" in out.stdout


def test_a_file_read_only_indirectly_re_renders_its_part(tmp_path):
    """The cache key covers what the render read: a module the scene imports, and a
    file it opens, though no list names them."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "helper.py").write_text("SIDE = 1.0\n")
    (root / "words.txt").write_text("hello")
    (root / "tiny.py").write_text(textwrap.dedent("""
        from pathlib import Path
        from manim import FadeIn, Scene, Square
        import helper

        class Tiny(Scene):
            def construct(self):
                self.next_section("Tiny")
                Path(__file__).with_name("words.txt").read_text()
                self.play(FadeIn(Square(side_length=helper.SIDE)), run_time=0.2)
    """))
    options = dict(parts=[PartSpec("tiny", "Tiny", root / "tiny.py")], quality="low",
                   output_dir=tmp_path / "out", cache_dir=tmp_path / "cache", name="tiny",
                   jobs=1, system_check=False, preload_story=False, root=root, voice="none")
    assert build_module.build(**options).rendered == ["tiny"]
    assert build_module.build(**options).rendered == []
    (root / "helper.py").write_text("SIDE = 2.0\n")
    assert build_module.build(**options).rendered == ["tiny"]
    (root / "words.txt").write_text("changed")
    assert build_module.build(**options).rendered == ["tiny"]
    assert build_module.build(**options).rendered == []
