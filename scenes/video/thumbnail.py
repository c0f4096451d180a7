"""A thumbnail PNG: a key frame of the decision boundary with the title over it.

The frame comes from the rendered video itself (decoded with PyAV, no re-render): among a
few candidate times late in the decision-boundary chapter, the most colourful frame wins,
which is the trained boundary rather than a title card or a fade.  Pillow draws the title.
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
    return max(frames, key=colourfulness)


def compose(frame: np.ndarray, title: str, subtitle: str | None = None) -> Image.Image:
    image = Image.fromarray(frame).convert("RGB").resize(SIZE, Image.LANCZOS)
    width, height = image.size
    # A dark band at the top so the title reads over any frame.
    band = np.zeros((height, width, 4), dtype=np.uint8)
    alpha = np.clip(1.0 - np.linspace(0, 1, height) / 0.42, 0, 1) ** 1.5 * 225
    band[..., 3] = alpha[:, None].astype(np.uint8)
    image = Image.alpha_composite(image.convert("RGBA"), Image.fromarray(band, "RGBA"))

    draw = ImageDraw.Draw(image)
    size = 84
    font = _font(size)
    while size > 28 and draw.textlength(title, font=font) > width * 0.9:
        size -= 4
        font = _font(size)
    x = (width - draw.textlength(title, font=font)) / 2
    y = 40
    shadow = Image.new("RGBA", image.size, (0, 0, 0, 0))
    ImageDraw.Draw(shadow).text((x + 3, y + 4), title, font=font, fill=(0, 0, 0, 200))
    image = Image.alpha_composite(image, shadow.filter(ImageFilter.GaussianBlur(4)))
    draw = ImageDraw.Draw(image)
    draw.text((x, y), title, font=font, fill=(245, 246, 250, 255))
    if subtitle:
        small = _font(max(size // 2, 20))
        sx = (width - draw.textlength(subtitle, font=small)) / 2
        draw.text((sx, y + size + 18), subtitle, font=small, fill=(190, 196, 210, 255))
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
