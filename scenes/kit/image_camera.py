"""A Cairo camera that draws upright images cheaply: only where they are.

manim's Camera.display_image_mobject builds a full-frame RGBA image for every image on
every frame and alpha-composites the whole frame with PIL: at 1080p that dominates the
cost of a scene whose image changes (a heat map that learns).  Upright, unrotated images
(the common case) are resized once to their pixel box and blended into that box only;
anything else falls back to manim's own code.

    class MyScene(StoryScene):
        def __init__(self, **kwargs):
            super().__init__(camera_class=RegionImageCamera, **kwargs)
"""

from __future__ import annotations

import numpy as np
from manim import Camera
from PIL import Image


class RegionImageCamera(Camera):
    def display_image_mobject(self, image_mobject, pixel_array: np.ndarray) -> None:
        corners = self.points_to_subpixel_coords(image_mobject, image_mobject.points)
        # points: upper-left, upper-right, lower-left (and lower-right): upright if the
        # top edge is horizontal and the left edge vertical.
        (x0, y0), (x1, y1), (x2, y2) = corners[0], corners[1], corners[2]
        if abs(y1 - y0) > 0.5 or abs(x2 - x0) > 0.5 or x1 <= x0 or y2 <= y0:
            return super().display_image_mobject(image_mobject, pixel_array)
        left, top = int(round(x0)), int(round(y0))
        width, height = int(round(x1)) - left, int(round(y2)) - top
        if width <= 0 or height <= 0:
            return
        resized = self._resized(image_mobject, width, height)
        frame_h, frame_w = pixel_array.shape[:2]
        a0, b0 = max(left, 0), max(top, 0)
        a1, b1 = min(left + width, frame_w), min(top + height, frame_h)
        if a1 <= a0 or b1 <= b0:
            return
        src = resized[b0 - top:b1 - top, a0 - left:a1 - left]
        dst = pixel_array[b0:b1, a0:a1]
        if src[..., 3].min() == 255:                      # opaque: a plain copy
            dst[...] = src
            return
        alpha = src[..., 3:4].astype(np.uint16)
        dst[..., :3] = ((dst[..., :3] * (255 - alpha) + src[..., :3] * alpha + 127)
                        // 255).astype(np.uint8)
        dst[..., 3] = np.maximum(dst[..., 3], src[..., 3])

    def _resized(self, image_mobject, width: int, height: int) -> np.ndarray:
        """The image resized to its pixel box; kept while neither the pixels nor the box
        change (an image held for several frames is resized once)."""
        pixels = image_mobject.get_pixel_array()
        key = (width, height, image_mobject.resampling_algorithm, int(pixels[..., 3].sum()))
        cache = getattr(self, "_resize_cache", {})
        held = cache.get(id(image_mobject))
        if held is not None and held[0] is pixels and held[1] == key:
            return held[2]
        source = Image.fromarray(np.ascontiguousarray(pixels, dtype=np.uint8), mode="RGBA")
        resized = np.asarray(source.resize((width, height),
                                           resample=image_mobject.resampling_algorithm))
        cache[id(image_mobject)] = (pixels, key, resized)   # holding pixels keeps its id
        self._resize_cache = cache
        return resized
