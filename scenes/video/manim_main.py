"""`python -m scenes.video.manim_main render ...`: manim's own command line, made cheaper.

The build runs every part through this instead of `python -m manim`.  The pixels and
the video stream are the same.  (The story run, another cost, is computed once by the
build and read by every part through $NN_STORY_RECORDS: see scenes.story.)

What is cut here is frame conversion.  manim's encoder copies each RGBA frame into a new
AVFrame (VideoFrame.from_ndarray) and then converts it to YUV; at 1080p the copy alone
costs a few milliseconds a frame.  Here the conversion reads the array in place
(VideoFrame.from_numpy_buffer; manim hands the encoder ownership of the array).  A still
frame (self.wait() on a still scene) comes as one image repeated N times, which manim
converts N times; here it is converted once and sent N times.  The encoder receives the
same YUV frames, so the video is the same, byte for byte (a test checks).  The patch
checks what it replaces and steps aside if manim changed.
"""

from __future__ import annotations

import os
import sys
from fractions import Fraction


def fast_frame_conversion() -> bool:
    try:
        import av
        from manim.scene.video_segment_encoder import VideoSegmentEncoder
    except ImportError:
        return False
    original = VideoSegmentEncoder.write_frame
    needed = ("_validate_frame", "_operation_error")
    if not all(hasattr(VideoSegmentEncoder, name) for name in needed) \
            or not hasattr(av.VideoFrame, "from_numpy_buffer"):
        return False

    def write_frame(self, pixels, *, repeat: int = 1) -> None:
        if not all(hasattr(self, a) for a in ("spec", "_stream", "_container", "_next_pts")):
            return original(self, pixels, repeat=repeat)
        self._validate_frame(pixels, repeat)
        time_base = Fraction(self.spec.frame_rate.denominator, self.spec.frame_rate.numerator)
        try:
            frame = av.VideoFrame.from_numpy_buffer(pixels, format="rgba")
            frame = frame.reformat(format=self._stream.codec_context.pix_fmt)
            for _ in range(repeat):
                frame.pts = self._next_pts
                frame.time_base = time_base
                self._next_pts += 1
                for packet in self._stream.encode(frame):
                    self._container.mux(packet)
        except BaseException as error:
            raise self._operation_error("encode", error) from error

    VideoSegmentEncoder.write_frame = write_frame
    return True


def die_with_parent() -> None:
    """A render the build started ends when the build ends, however it ends (even
    ``kill -9``): the kernel sends SIGTERM when the parent dies (Linux's
    PR_SET_PDEATHSIG), and a watcher thread checks the parent elsewhere."""
    parent = os.environ.get(PARENT_ENV)
    if not parent:
        return
    import signal
    import threading
    import time

    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)          # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass
    if os.getppid() != int(parent):                    # gone before we got here
        os.kill(os.getpid(), signal.SIGTERM)

    def watch() -> None:
        while os.getppid() == int(parent):
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, daemon=True).start()


PARENT_ENV = "NN_BUILD_PARENT"           # the build's pid, set for each render


def main(argv: list[str] | None = None) -> None:
    from .deps import record_from_env

    die_with_parent()
    record_from_env()                    # which project files this render reads
    if os.environ.get("NN_BUILD_PLAIN_ENCODER") != "1":
        fast_frame_conversion()
    from manim.__main__ import main as manim_main

    manim_main(args=list(sys.argv[1:] if argv is None else argv), prog_name="manim")


if __name__ == "__main__":
    main()
