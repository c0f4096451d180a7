"""A thumbnail PNG: a key frame of the decision boundary with the title above it.

The frame comes from the rendered video itself (decoded with PyAV, no re-render): among a
few candidate times late in the decision-boundary chapter, the latest of the most
colourful frames wins: the trained boundary rather than a title card or a fade.  Its
content (what is not background) is scaled to fit under a title band drawn with Pillow.
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

SIZE = (1280, 720)                      # YouTube's recommended thumbnail size
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype",
             "/usr/share/fonts", "/usr/local/share/fonts")
FONT_NAMES = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "FreeSansBold.ttf")


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for folder in FONT_DIRS:
        for name in FONT_NAMES:
            path = Path(folder) / name
            if path.is_file():
                return ImageFont.truetype(str(path), size)
        for root, _, files in os.walk(folder) if os.path.isdir(folder) else ():
            for name in FONT_NAMES:
                if name in files:
                    return ImageFont.truetype(os.path.join(root, name), size)
    return ImageFont.load_default(size=size)


def frames_at(video: Path, times: list[float]) -> list[np.ndarray]:
    """RGB frames of video at (or just after) each time in seconds."""
    frames = []
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        for t in times:
            container.seek(max(int(t / stream.time_base), 0), stream=stream, backward=True)
            chosen = None
            for frame in container.decode(stream):
                chosen = frame
                if frame.time is not None and frame.time >= t:
                    break
            if chosen is not None:
                frames.append(chosen.to_ndarray(format="rgb24"))
    return frames


def colourfulness(frame: np.ndarray) -> float:
    """Mean chroma: high for a coloured heatmap, low for text on a dark background."""
    small = frame[::4, ::4].astype(np.int16)
    return float((small.max(axis=-1) - small.min(axis=-1)).mean())


def key_frame(video: Path, start: float, end: float, candidates: int = 8) -> np.ndarray:
    span = max(end - start, 0.0)
    times = [start + span * (0.35 + 0.6 * i / max(candidates - 1, 1)) for i in range(candidates)]
    frames = frames_at(video, times)
    if not frames:
        raise ValueError(f"no frame could be decoded from {video}")
    # The latest of the most colourful frames: the boundary as trained as it gets.
    scores = [colourfulness(frame) for frame in frames]
    best = max(scores)
    return [f for f, score in zip(frames, scores) if score >= 0.9 * best][-1]


def content_box(frame: np.ndarray, threshold: int = 24) -> tuple[int, int, int, int]:
    """The box (left, top, right, bottom) around what differs from the background colour."""
    background = np.median(frame[:8, :8].reshape(-1, 3), axis=0)
    differs = np.abs(frame.astype(np.int16) - background).max(axis=-1) > threshold
    rows, cols = np.flatnonzero(differs.any(axis=1)), np.flatnonzero(differs.any(axis=0))
    height, width = differs.shape
    if not len(rows):
        return 0, 0, width, height
    margin = int(0.02 * width)
    return (max(cols[0] - margin, 0), max(rows[0] - margin, 0),
            min(cols[-1] + 1 + margin, width), min(rows[-1] + 1 + margin, height))


def compose(frame: np.ndarray, title: str, subtitle: str | None = None) -> Image.Image:
    """The title in a band at the top, the frame's content scaled to fit below it."""
    width, height = SIZE
    background = tuple(int(v) for v in np.median(frame[:8, :8].reshape(-1, 3), axis=0))
    image = Image.new("RGB", SIZE, background)
    draw = ImageDraw.Draw(image)

    size = 80
    font = _font(size)
    while size > 28 and draw.textlength(title, font=font) > width * 0.92:
        size -= 4
        font = _font(size)
    small = _font(max(size // 2, 20))
    top = 28
    band = top + size + (size // 2 + 24 if subtitle else 16)

    picture = Image.fromarray(frame).convert("RGB").crop(content_box(frame))
    room_w, room_h = width - 48, height - band - 20
    scale = min(room_w / picture.width, room_h / picture.height)
    picture = picture.resize((max(int(picture.width * scale), 1),
                              max(int(picture.height * scale), 1)), Image.LANCZOS)
    image.paste(picture, ((width - picture.width) // 2,
                          band + (room_h - picture.height) // 2))

    x = (width - draw.textlength(title, font=font)) / 2
    shadow = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    ImageDraw.Draw(shadow).text((x + 3, top + 4), title, font=font, fill=(0, 0, 0, 200))
    image = Image.alpha_composite(image.convert("RGBA"), shadow.filter(ImageFilter.GaussianBlur(4)))
    draw = ImageDraw.Draw(image)
    draw.text((x, top), title, font=font, fill=(245, 246, 250, 255))
    if subtitle:
        sx = (width - draw.textlength(subtitle, font=small)) / 2
        draw.text((sx, top + size + 14), subtitle, font=small, fill=(170, 178, 196, 255))
    return image.convert("RGB")


def write_thumbnail(video: Path, target: Path, title: str, start: float | Fraction,
                    end: float | Fraction, subtitle: str | None = None) -> Path:
    """Write a PNG of the key frame between start and end (seconds) with the title."""
    frame = key_frame(Path(video), float(start), float(end))
    image = compose(frame, title, subtitle)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.stem}.{os.getpid()}.tmp.png")
    image.save(tmp, optimize=True)
    os.replace(tmp, target)
    return target
