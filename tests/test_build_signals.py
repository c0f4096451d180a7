"""An interrupted build leaves nothing running: SIGTERM, SIGHUP and even SIGKILL of the
build end its renders (which run in their own sessions, out of the terminal's reach)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
DRIVER = """
import sys
from build_scenes import SLOW
from scenes import build
build._stop_on_signals()
try:
    build.build(parts=[SLOW], quality="low", output_dir=sys.argv[1], cache_dir=sys.argv[2],
                name="slow", jobs=1, system_check=False, preload_story=False, voice="none")
except KeyboardInterrupt as stop:
    print(f"stopped: {stop}", flush=True)
    sys.exit(130)
"""


def renders_of(pid: int) -> list[int]:
    """Processes started by build ``pid`` (they carry NN_BUILD_PARENT=pid)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if f"NN_BUILD_PARENT={pid}".encode() in environ:
            found.append(int(entry.name))
    return found


def wait_for(condition, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the renders")
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL])
def test_no_render_outlives_its_build(tmp_path, how):
    build = subprocess.Popen([sys.executable, "-c", DRIVER, str(tmp_path / "out"),
                              str(tmp_path / "cache")], cwd=TESTS.parent,
                             env={**os.environ, "PYTHONPATH": str(TESTS)},
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_for(lambda: renders_of(build.pid), 60), "the render never started"
        build.send_signal(how)
        build.wait(timeout=30)
        assert wait_for(lambda: not renders_of(build.pid), 15), (
            f"renders {renders_of(build.pid)} survived {how.name} of their build")
        # the part is marked unfinished: its partial movies, maybe cut mid-write, are
        # wiped before its next render instead of being reused by manim
        assert list((tmp_path / "cache").glob("work/*/render.unfinished")), (
            "the interrupted part is not marked unfinished")
        if how != signal.SIGKILL:
            output = build.stdout.read()
            assert build.returncode == 130 and f"stopped: {how.name}" in output, output
    finally:
        if build.poll() is None:
            build.kill()
        for pid in renders_of(build.pid):
            os.kill(pid, signal.SIGKILL)
