"""`python -m scenes.video.manim_main render ...`: manim's own command line, made cheaper.

The build runs every part through this instead of `python -m manim`.  The pixels and
the video stream are the same; two costs are cut:

1. The story run.  Every part reads scenes.story.story(): a seeded training run of a few
   seconds.  The build computes it once, pickles it (keyed on the configuration and the
   code of nn/ and scenes/story.py), and names the file in $NN_BUILD_STORY; each part
   loads it instead of training again.  If anything does not match, the part trains
   as usual.
2. Frame conversion.  manim's encoder copies each RGBA frame into a new AVFrame
   (VideoFrame.from_ndarray) and then converts it to YUV; at 1080p the copy alone costs a
   few milliseconds a frame.  Here the conversion reads the array in place
   (VideoFrame.from_numpy_buffer; manim hands the encoder ownership of the array).  A
   still frame (self.wait() on a still scene) comes as one image repeated N times, which
   manim converts N times; here it is converted once and sent N times.  The encoder
   receives the same YUV frames, so the video is the same, byte for byte (a test checks).

Both patches check what they replace and step aside if manim changed.
"""

from __future__ import annotations

import os
import pickle
import sys
from fractions import Fraction

STORY_ENV = "NN_BUILD_STORY"


def preload_story() -> bool:
    path = os.environ.get(STORY_ENV)
    if not path:
        return False
    try:
        from scenes import story as story_module

        with open(path, "rb") as handle:
            cached = pickle.load(handle)
        if cached.config != story_module.current_config():
            return False
        compute = story_module._story_for

        def _story_for(config):
            return cached if config == cached.config else compute(config)

        story_module._story_for = _story_for
        return True
    except Exception as error:                  # fall back to training in this process
        print(f"[scenes.video] story not preloaded ({error}); computing it", file=sys.stderr)
        return False


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


def main(argv: list[str] | None = None) -> None:
    preload_story()
    if os.environ.get("NN_BUILD_PLAIN_ENCODER") != "1":
        fast_frame_conversion()
    from manim.__main__ import main as manim_main

    manim_main(args=list(sys.argv[1:] if argv is None else argv), prog_name="manim")


if __name__ == "__main__":
    main()
