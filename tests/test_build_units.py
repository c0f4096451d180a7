"""The video build's pieces without rendering: cache keys, chapters, lists, subtitles."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from datetime import timedelta
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import srt

from scenes import build as build_module
from scenes.video import options as options_module
from scenes.video import chapters_list, subtitles
from scenes.video.cache import Store, part_key, share_tex
from scenes.video.progress import Progress, clock
from scenes.video.render import PartSpec, quality_named
from scenes.video.timeline import AUTOCREATED, Chapter, PartVideo, VideoInfo, lay_out


# -- cache keys ------------------------------------------------------------------------
@pytest.fixture
def fake_root(tmp_path):
    files = {
        "scenes/__init__.py": "", "scenes/story.py": "story", "scenes/kit/scene.py": "kit",
        "scenes/kit/deep/more.py": "deep", "scenes/intro.py": "intro",
        "scenes/mse.py": "mse", "nn/__init__.py": "nn", "nn/dense.py": "dense",
        "examples/xor.py": "xor", "manim.cfg": "[CLI]\n", "README.md": "readme",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_part_key_changes_with_each_input_and_nothing_else(fake_root):
    intro = PartSpec("intro", "Intro", fake_root / "scenes/intro.py")
    read = ["scenes/story.py", "scenes/kit/scene.py", "scenes/kit/deep/more.py",
            "nn/dense.py", "examples/xor.py", "manim.cfg"]

    def key(**overrides):
        options = dict(root=fake_root, config_key="xor", quality="low", deps=read)
        options.update(overrides)
        return part_key(intro, **options)

    base = key()
    assert key() == base
    assert key(config_key="spiral") != base
    assert key(quality="high") != base
    assert key(extra="--encoder-option preset=fast") != base
    assert key(deps=read + ["nn/__init__.py"]) != base      # it read one more file
    for changed in ["scenes/intro.py", *read]:
        path = fake_root / changed
        old = path.read_text()
        path.write_text(old + "# changed\n")
        assert key() != base, changed
        path.write_text(old)
        assert key() == base
    for unrelated in ["scenes/mse.py", "README.md", "nn/__init__.py"]:   # not read
        (fake_root / unrelated).write_text("changed")
        assert key() == base, unrelated
    (fake_root / "examples/xor.py").unlink()
    assert key() != base


def test_a_render_records_the_project_files_it_reads(tmp_path):
    """scenes.video.deps in a child process: imported modules and opened files under the
    root count; the cache folder, files written, and installed packages do not."""
    root = tmp_path / "project"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "helper.py").write_text("VALUE = 1\n")
    (root / "data.txt").write_text("read me")
    (root / "cache").mkdir()
    (root / "cache" / "ignored.txt").write_text("cache")
    output = tmp_path / "deps.json"
    code = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(root)!r})
        from pathlib import Path
        from scenes.video import deps
        deps.record(Path({str(root)!r}), Path({str(output)!r}), Path({str(root / "cache")!r}))
        import pkg.helper
        open({str(root / "data.txt")!r}).read()
        open({str(root / "cache" / "ignored.txt")!r}).read()
        open({str(root / "written.txt")!r}, "w").write("out")
        import numpy
    """)
    subprocess.run([sys.executable, "-c", code], check=True)
    assert json.loads(output.read_text()) == ["data.txt", "pkg/__init__.py", "pkg/helper.py"]


def test_store_keeps_recent_entries_and_render_times(tmp_path):
    store = Store(tmp_path)
    for i in range(5):
        tmp = store.new_entry_dir("intro", "low", f"k{i}")
        for name in ("video.mp4", "sections.json", "meta.json"):
            (tmp / name).write_text("{}")
        store.commit(tmp, "intro", "low", f"k{i}")
    kept = sorted(p.name for p in (tmp_path / "parts/intro/low").iterdir())
    assert len(kept) == 3 and "k4" in kept
    assert store.lookup("intro", "low", "k4") is not None
    assert store.lookup("intro", "low", "k0") is None
    assert store.expected_seconds("intro", "low") is None
    store.record_seconds("intro", "low", 12.5)
    assert store.expected_seconds("intro", "low") == 12.5


def test_share_tex_links_only_svgs_that_are_missing(tmp_path):
    shared, part = tmp_path / "shared", tmp_path / "part"
    shared.mkdir()
    (shared / "a.svg").write_text("a")
    (shared / "b.tex").write_text("not shared")
    assert share_tex(shared, part) == 1
    assert (part / "a.svg").read_text() == "a" and not (part / "b.tex").exists()
    assert share_tex(shared, part) == 0


# -- chapters ----------------------------------------------------------------------------
def part(name, sections, fps=15, scene="SomeScene"):
    frames = sum(f for _, f in sections)
    info = VideoInfo(frames=frames, fps=Fraction(fps), time_base=Fraction(1, 15360),
                     width=854, height=480, codec="h264", ticks=frames * 15360 // fps,
                     frame_ticks=15360 // fps)
    return PartVideo(name=name, scene=scene, video=Path(f"{name}.mp4"), info=info,
                     sections=sections)


def test_lead_in_joins_the_first_named_chapter():
    video = part("p", [(AUTOCREATED, 6), ("One", 30), ("Two", 15)])
    assert video.chapters() == [("One", 36), ("Two", 15)]


def test_part_without_named_sections_is_one_chapter_named_after_its_scene():
    video = part("p", [(AUTOCREATED, 45)], scene="DenseForward")
    assert video.chapters() == [("Dense Forward", 45)]


def test_chapters_follow_each_other_exactly():
    chapters, starts = lay_out([part("a", [("A1", 150), ("A2", 165)]),
                                part("b", [("B", 200)])])
    assert [c.title for c in chapters] == ["A1", "A2", "B"]
    assert [c.start for c in chapters] == [0, 10, 21]
    assert chapters[-1].end == Fraction(315 + 200, 15)
    assert starts == [0, 21]


def test_chapter_list_format():
    chapters = [Chapter("Intro", "p", Fraction(0), Fraction(69)),
                Chapter("The plan", "p", Fraction(69), Fraction(11696, 10)),
                Chapter("End", "p", Fraction(11696, 10), Fraction(3700))]
    assert chapters_list.chapter_lines(chapters) == [
        "0:00:00 Intro", "0:01:09 The plan", "0:19:29 End"]
    assert chapters_list.chapter_lines(chapters[:2]) == ["00:00 Intro", "01:09 The plan"]
    assert chapters_list.youtube_warnings(chapters) == []
    short = [Chapter("A", "p", Fraction(0), Fraction(5)), Chapter("B", "p", Fraction(5), 20)]
    warnings = chapters_list.youtube_warnings(short)
    assert any("at least 3" in w for w in warnings) and any("A" in w for w in warnings)


def test_subtitles_shift_clip_and_renumber(tmp_path):
    first, second = part("a", [("A", 30)]), part("b", [("B", 30)])     # 2 s each
    (tmp_path / "a.srt").write_text(srt.compose([
        srt.Subtitle(1, timedelta(seconds=1.5), timedelta(seconds=3.0), "runs over"),
        srt.Subtitle(2, timedelta(seconds=0), timedelta(seconds=1), "first")]))
    (tmp_path / "b.srt").write_text(srt.compose([
        srt.Subtitle(1, timedelta(seconds=0.5), timedelta(seconds=1), "second part")]))
    first.subtitles, second.subtitles = tmp_path / "a.srt", tmp_path / "b.srt"
    cues = subtitles.merge([first, second], [Fraction(0), Fraction(2)])
    assert [(c.index, c.content) for c in cues] == [(1, "first"), (2, "runs over"),
                                                    (3, "second part")]
    assert cues[1].end == timedelta(seconds=2)             # clipped to its part
    assert cues[2].start == timedelta(seconds=2.5)         # shifted by the part before
    assert list(srt.parse(subtitles.compose(cues)))[2].content == "second part"



def test_subtitles_never_overlap(tmp_path):
    only = part("a", [("A", 150)])                                     # 10 s
    (tmp_path / "a.srt").write_text(srt.compose([
        srt.Subtitle(1, timedelta(seconds=0), timedelta(seconds=3.07), "held a little long"),
        srt.Subtitle(2, timedelta(seconds=3.0), timedelta(seconds=5), "next")]))
    only.subtitles = tmp_path / "a.srt"
    cues = subtitles.merge([only], [Fraction(0)])
    assert cues[0].end == cues[1].start == timedelta(seconds=3)
    assert cues[1].end == timedelta(seconds=5)

# -- options -----------------------------------------------------------------------------
def test_quality_names():
    assert quality_named("low").label == "480p15"
    assert quality_named("1080p60").name == "high"
    assert quality_named("4K").flag == "k"
    with pytest.raises(ValueError, match="480p15"):
        quality_named("8k")


def test_default_name_marks_subsets():
    parts = [PartSpec(n, "S", Path(__file__)) for n in ("a", "b", "c", "d", "e")]
    assert options_module.default_name(None, parts, parts) == "nn-from-scratch"
    assert options_module.default_name(Path("spiral.toml"), parts, parts) == "spiral"
    assert options_module.default_name(None, parts[1:3], parts) == "nn-from-scratch-b-c"
    assert options_module.default_name(None, parts[:4], parts) == "nn-from-scratch-a-to-d"
    with pytest.raises(build_module.BuildError, match="name"):
        options_module.check_name("../escape")


def test_chapters_keep_the_outline_order_and_accept_commas():
    parts = [PartSpec(n, "S", Path(__file__)) for n in ("a", "b", "c")]
    assert [p.name for p in options_module.select_parts(parts, ["c,a"])] == ["a", "c"]
    missing = parts + [PartSpec("later", "S", Path("/nonexistent/later.py"))]
    with pytest.raises(build_module.BuildError, match="no scene file yet"):
        options_module.select_parts(missing, ["later"])
    assert [p.name for p in options_module.select_parts(missing, None)] == ["a", "b", "c"]


def test_progress_estimates_remaining_time():
    out = io.StringIO()
    progress = Progress(["a", "b", "c"], {"a": 100.0, "b": None, "c": 50.0}, jobs=2,
                        stream=out)
    assert progress.remaining() == pytest.approx((100 + 75 + 50) / 2)
    progress.started("a")
    progress.finished("a", 90.0, 60.0)
    assert "1/3" in out.getvalue() and "left" in out.getvalue()
    assert clock(3725) == "1:02:05" and clock(65) == "1:05"


def test_parts_load_the_story_the_build_computed(tmp_path, monkeypatch):
    from scenes import records
    from scenes import story as story_module

    config_file = tmp_path / "story.toml"
    config_file.write_text("epochs = 3\n")
    monkeypatch.setenv(story_module.ENV_VAR, str(config_file))
    config = story_module.current_config()
    story = story_module.compute_story(config)
    path = records.save(tmp_path / "story.npz", story)
    with np.load(path, allow_pickle=False) as data:       # no pickle inside
        assert "__meta__" in data.files
    story_module._story_for.cache_clear()
    monkeypatch.setattr(story_module, "compute_story", lambda c: pytest.fail("recomputed"))
    monkeypatch.setenv(story_module.RECORDS_ENV, str(path))
    loaded = story_module.story()
    assert loaded is story_module.story() and loaded.config == config
    assert np.array_equal(loaded.run.loss, story.run.loss)
    for got, want in zip(loaded.step.layers, story.step.layers):
        assert got.kind == want.kind
        for key in want.params_before:
            assert np.array_equal(got.params_before[key], want.params_before[key])
            assert got.params_before[key].dtype == want.params_before[key].dtype
    for k in (0, -1):
        for got, want in zip(loaded.run.weights[k], story.run.weights[k]):
            assert got.keys() == want.keys()
            assert all(np.array_equal(got[key], want[key]) for key in want)
    story_module._story_for.cache_clear()


def test_stale_story_file_is_ignored(tmp_path, monkeypatch):
    from scenes import records
    from scenes import story as story_module

    path = records.save(tmp_path / "story.npz",
                        story_module.compute_story(story_module.StoryConfig(epochs=2)))
    monkeypatch.delenv(story_module.ENV_VAR, raising=False)
    monkeypatch.setenv(story_module.RECORDS_ENV, str(path))
    story_module._story_for.cache_clear()
    other = story_module.StoryConfig(epochs=3)
    assert story_module.story(other).run.epochs[-1] == 3     # computed, not the file's
    (tmp_path / "junk.npz").write_bytes(b"not a records file")
    monkeypatch.setenv(story_module.RECORDS_ENV, str(tmp_path / "junk.npz"))
    story_module._story_for.cache_clear()
    assert story_module.story(other).config == other
    story_module._story_for.cache_clear()


def test_progress_scales_unknown_parts_by_their_weight():
    progress = Progress(["a", "b"], {"a": None, "b": None}, jobs=1, stream=io.StringIO(),
                        weights={"a": 10.0, "b": 30.0})
    assert progress.remaining() is None               # nothing known yet
    progress.started("a")
    progress.finished("a", 20.0, 60.0)
    assert progress.remaining() == pytest.approx(60.0)


def test_fast_frame_conversion_hands_the_encoder_the_same_frames(tmp_path, monkeypatch):
    """manim_main's patched write_frame: same YUV planes and timestamps as manim's own."""
    from manim._config.video_encoder import VideoEncoderSpec
    from manim.scene.video_segment_encoder import VideoSegmentEncoder

    from scenes.video import manim_main

    spec = VideoEncoderSpec(container_format="mp4", codec="libx264", pixel_format="yuv420p",
                            width=64, height=36, frame_rate=Fraction(15),
                            options=(("crf", "23"),))
    rng = np.random.default_rng(0)
    images = [rng.integers(0, 256, (36, 64, 4), dtype=np.uint8) for _ in range(3)]

    class Recorder:
        def __init__(self, stream):
            self.stream, self.frames = stream, []

        def __getattr__(self, name):
            return getattr(self.stream, name)

        def encode(self, frame=None):
            if frame is not None:       # what libavcodec gets: the frame in yuv420p
                yuv = frame if frame.format.name == "yuv420p" else frame.reformat(format="yuv420p")
                self.frames.append((frame.pts, frame.time_base,
                                    [bytes(plane) for plane in yuv.planes]))
            return []

    def feed(name: str) -> list:
        encoder = VideoSegmentEncoder(target=tmp_path / f"{name}.mp4", spec=spec)
        encoder._stream = Recorder(encoder._stream)
        for image, repeat in zip(images, (1, 4, 2)):
            encoder.write_frame(image.copy(), repeat=repeat)
        frames = encoder._stream.frames
        encoder._stream = encoder._stream.stream
        encoder.finish()
        return frames

    manims = VideoSegmentEncoder.write_frame
    original = feed("manim")
    monkeypatch.setattr(VideoSegmentEncoder, "write_frame", manims)      # restored after
    assert manim_main.fast_frame_conversion()
    assert VideoSegmentEncoder.write_frame is not manims
    patched = feed("patched")
    assert len(original) == len(patched) == 7
    assert patched == original


def test_longest_parts_start_first(tmp_path):
    from scenes.video.cache import PartCache
    from scenes.video.render import longest_first

    sizes = {"short": 1000, "long": 9000, "known": 100}
    parts = []
    for name, size in sizes.items():
        (tmp_path / f"{name}.py").write_text("x" * size)
        parts.append(PartSpec(name, "S", tmp_path / f"{name}.py"))
    store = Store(tmp_path / "cache")
    store.record_seconds("known", "low", 50.0)     # 0.5 s per byte: long ~ 4500 s
    cache = PartCache(store, root=tmp_path, config_key="xor", quality="low", label="480p15",
                      extra="")
    assert [p.name for p in longest_first(parts, cache)] == ["long", "short", "known"]


def test_a_long_story_run_says_so_and_shows_its_progress(capsys):
    from scenes import story as story_module

    quick = story_module.StoryConfig(epochs=10)
    assert quick.estimated_seconds() < story_module.SHOW_PROGRESS_AFTER
    story_module.compute_story(quick)
    assert "[story]" not in capsys.readouterr().err
    slow = story_module.StoryConfig()              # the video's 10000 epochs
    assert slow.estimated_seconds() > story_module.SHOW_PROGRESS_AFTER
    story_module.compute_story(slow)
    captured = capsys.readouterr()
    assert "[story] training the story network: 10000 epochs" in captured.err
    assert "10000/10000" in captured.out or "epoch" in captured.out.lower()


# -- which video: --video nn (the default) or cnn (the sequel) ----------------------------
def video_options(**arguments):
    return options_module.BuildOptions.create(voice="none", **arguments)


def test_the_first_video_stays_the_default():
    from scenes.chapters import PARTS

    default = video_options()
    assert default.video == "nn" and default.cnn is None
    assert default.parts == tuple(p for p in PARTS if p.path.is_file())
    assert default.name == "nn-from-scratch" and default.title == default.story.title
    assert build_module._config_key(default) == build_module._config_key(
        video_options(video="nn"))
    assert " cnn=" not in build_module._config_key(default)
    assert build_module.THUMBNAIL_PART == "decision_boundary"


def test_video_cnn_picks_the_sequels_parts_name_and_title():
    from scenes.chapters import SEQUEL_PARTS, video_named
    from scenes.cnn_story import CnnConfig

    sequel = video_options(video="cnn")
    assert sequel.parts == tuple(p for p in SEQUEL_PARTS if p.path.is_file())
    assert sequel.parts and all(p in SEQUEL_PARTS for p in sequel.parts)
    assert sequel.name == "cnn-from-scratch"
    assert sequel.cnn == CnnConfig() and sequel.title == CnnConfig().title
    assert " cnn=" in build_module._config_key(sequel)
    assert video_named("cnn").thumbnail_part in {p.name for p in SEQUEL_PARTS}


def test_the_cnn_table_is_checked_before_rendering(tmp_path):
    config = tmp_path / "digits.toml"
    config.write_text("[cnn]\nkernel_size = 9\n")
    with pytest.raises(build_module.BuildError, match="kernel_size.*from 2 to 5.*9"):
        options_module.load_cnn_config(config)
    config.write_text("[cnn]\nkernels = 3\n")
    assert options_module.load_cnn_config(config).kernels == 3
    assert options_module.default_name(config, [], [], options_module.video_named("cnn")) \
        == "digits-cnn"


def test_video_cnn_builds_from_a_story_toml_with_a_cnn_table(tmp_path):
    config = tmp_path / "digits.toml"
    config.write_text("[cnn]\nkernels = 3\n")
    assert video_options(video="cnn", config=config).cnn.kernels == 3


def test_an_unknown_video_is_refused_with_the_valid_names(capsys):
    with pytest.raises(build_module.BuildError, match=r"video: .*'cnn'.*'nn'"):
        video_options(video="rnn")
    assert build_module.main(["--list", "--video", "rnn"]) == 2
    assert "'cnn', 'nn'" in capsys.readouterr().err


def test_chapters_are_chosen_among_the_chosen_videos_parts(capsys):
    sequel = video_options(video="cnn", chapters=["cnn_correlation"])
    assert [p.name for p in sequel.parts] == ["cnn_correlation"]
    with pytest.raises(build_module.BuildError, match="unknown chapter 'intro'"):
        video_options(video="cnn", chapters=["intro"])
    with pytest.raises(build_module.BuildError, match="unknown chapter 'cnn_correlation'"):
        video_options(chapters=["cnn_correlation"])
    assert build_module.main(["--list", "--video", "cnn"]) == 0
    listed = capsys.readouterr().out
    assert "cnn_correlation" in listed and "intro" not in listed
