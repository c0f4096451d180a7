"""3-D pictures drawn in 2-D: an orthographic view, and a surface of pre-sorted polygons.

Cairo's 3-D (ThreeDScene, Surface) is slow per face and per frame.  Here a surface is a
VGroup of flat quadrilaterals whose corners are projected with numpy and which are
drawn far-to-near (painter's algorithm); rotating the view only moves points and
reorders the faces, so a frame costs a few milliseconds plus Cairo's fills.  Dots and
lines on the surface are sorted with the faces (lines cut into face-sized pieces).

Turning it: put the updater that calls set_view on the surface (or on a group that holds
it) while it moves.  Cairo redraws, each frame, only the scene's mobjects from the first
one that is animated or has an updater onward; an updater on a separate mobject added
after the surface leaves the surface in the static background, and the turn shows as one
jump at the end of the animation.

World coordinates: (u, v, w) with u to the right, v into the picture, w up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import ORIGIN, VGroup, VMobject, color_to_rgb, rgb_to_color

LIFT = 0.05    # world units a dot, or a line's piece, is drawn nearer than it is: above its face


@dataclass(frozen=True)
class View:
    """Orthographic camera: turned ``theta`` about the vertical axis, looking down ``phi``.

    ``scale`` scene units per world unit, the world origin drawn at ``centre``.
    """

    theta: float = -0.6
    phi: float = 0.45
    scale: float = 1.0
    centre: tuple[float, float, float] = tuple(ORIGIN)

    def turned(self, theta: float) -> "View":
        return View(theta, self.phi, self.scale, self.centre)

    def towards(self, other: "View", t: float) -> "View":
        """The view a fraction ``t`` of the way to ``other`` (each parameter linearly)."""
        centre = np.asarray(self.centre) + t * (np.asarray(other.centre) - self.centre)
        return View(self.theta + t * (other.theta - self.theta),
                    self.phi + t * (other.phi - self.phi),
                    self.scale + t * (other.scale - self.scale), tuple(centre))

    @staticmethod
    def fitted(box: np.ndarray, thetas, phi: float, width: float, height: float,
               centre) -> "View":
        """The view looking down ``phi``, turned ``thetas[0]``, as large as keeps the world
        points ``box`` inside width x height (scene units) around ``centre`` at every angle
        of ``thetas`` (a turn, sampled)."""
        projected = np.array([View(theta, phi).project(box) for theta in thetas])
        low = projected.reshape(-1, 3).min(axis=0)
        high = projected.reshape(-1, 3).max(axis=0)
        scale = min(width / (high[0] - low[0]), height / (high[1] - low[1]))
        middle = (low + high) / 2 * scale
        return View(float(thetas[0]), phi, scale,
                    (centre[0] - middle[0], centre[1] - middle[1], 0.0))

    def _rotated(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        p = np.asarray(points, dtype=float)
        c, s = np.cos(self.theta), np.sin(self.theta)
        u = p[..., 0] * c - p[..., 1] * s
        v = p[..., 0] * s + p[..., 1] * c
        return u, v, p[..., 2]

    def project(self, points: np.ndarray) -> np.ndarray:
        """World points (..., 3) -> scene points (..., 3)."""
        u, v, w = self._rotated(points)
        x = u
        y = v * np.sin(self.phi) + w * np.cos(self.phi)
        out = np.stack([x, y, np.zeros_like(x)], axis=-1) * self.scale
        return out + np.asarray(self.centre)

    def depth(self, points: np.ndarray) -> np.ndarray:
        """Distance towards the viewer (larger = nearer), for drawing far-to-near."""
        u, v, w = self._rotated(points)
        return -v * np.cos(self.phi) + w * np.sin(self.phi)


def _polygon_points(corners: np.ndarray) -> np.ndarray:
    """Closed polygons (F, k, 3) -> VMobject points (F, 4k, 3): straight cubic segments."""
    start = corners
    end = np.roll(corners, -1, axis=1)
    seg = np.stack([start, start + (end - start) / 3, start + 2 * (end - start) / 3, end],
                   axis=2)
    return seg.reshape(len(corners), -1, 3)


class SurfaceMesh(VGroup):
    """The graph w = heights[r, c] over a square, as shaded quadrilaterals.

    heights: (m, m) values at the vertices, row 0 at the back (largest v), column 0 on
    the left (smallest u); the square spans u, v in [-1, 1].  colors: (m-1, m-1, 3) RGB in
    0..1 for the faces.  ``height_scale`` maps a height to world w.
    """

    def __init__(self, heights: np.ndarray, colors: np.ndarray, view: View,
                 height_scale: float = 1.0, light=(-0.4, -0.6, 0.7),
                 stroke_color="#0b0d12", stroke_width: float = 0.6, **kwargs) -> None:
        super().__init__(**kwargs)
        heights = np.asarray(heights, dtype=float)
        m = heights.shape[0]
        t = np.linspace(-1, 1, m)
        u, v = np.meshgrid(t, t[::-1])
        vertices = np.stack([u, v, heights * height_scale], axis=-1)     # (m, m, 3)
        self.corners = np.stack([vertices[:-1, :-1], vertices[:-1, 1:],
                                 vertices[1:, 1:], vertices[1:, :-1]], axis=2).reshape(-1, 4, 3)
        normal = np.cross(self.corners[:, 2] - self.corners[:, 0],
                          self.corners[:, 1] - self.corners[:, 3])
        normal /= np.linalg.norm(normal, axis=1, keepdims=True)
        normal *= np.sign(normal[:, 2:3] + 1e-12)                        # pointing up
        light = np.asarray(light, dtype=float) / np.linalg.norm(light)
        shade = 0.55 + 0.45 * np.clip(normal @ light, 0, 1)
        rgb = np.asarray(colors, dtype=float).reshape(-1, 3) * shade[:, None]
        self.faces = [VMobject(fill_color=rgb_to_color(np.clip(c, 0, 1)), fill_opacity=1,
                               stroke_color=stroke_color, stroke_width=stroke_width)
                      for c in rgb]
        self.extras: list[tuple[VMobject, np.ndarray]] = []
        self.polylines: list[tuple[VMobject, np.ndarray]] = []
        self.rise = 1.0
        self.add(*self.faces)
        self.set_view(view)

    def add_point(self, mob, world: np.ndarray) -> None:
        """A mobject (a dot) at a world point, drawn in depth order with the faces."""
        self.extras.append((mob, np.asarray(world, dtype=float)))
        self.set_view(self.view)

    def add_line(self, world: np.ndarray, longest: float, **style) -> VGroup:
        """A polyline on the surface (world points (k, 3)), drawn in depth order with the
        faces: cut into pieces no longer than ``longest`` world units (about a face), each
        drawn after the faces farther than its middle.  Returns the pieces, which belong
        to the surface (style them; do not add them to a scene on their own)."""
        pieces = VGroup()
        for part in _pieces(np.asarray(world, dtype=float), longest):
            piece = VMobject(**style)
            self.polylines.append((piece, part))
            pieces.add(piece)
        self.set_view(self.view)
        return pieces

    def set_view(self, view: View, rise: float | None = None) -> "SurfaceMesh":
        """Project for ``view``; ``rise`` scales every height (0: flat, 1: the graph)."""
        self.view = view
        self.rise = self.rise if rise is None else rise
        scale = np.array([1.0, 1.0, self.rise])
        corners = self.corners * scale
        points = _polygon_points(view.project(corners))
        for face, pts in zip(self.faces, points):
            face.points = pts
        depth = view.depth(corners).mean(axis=1)
        items = list(zip(depth, range(len(self.faces)), self.faces))
        for index, (mob, world) in enumerate(self.extras):
            mob.move_to(view.project(world * scale))
            items.append((float(view.depth(world * scale)) + LIFT, len(self.faces) + index,
                          mob))
        for index, (mob, world) in enumerate(self.polylines, start=len(items)):
            mob.set_points_as_corners(view.project(world * scale))
            items.append((float(view.depth(world * scale).mean()) + LIFT, index, mob))
        items.sort(key=lambda item: (item[0], item[1]))
        self.submobjects = [mob for _, _, mob in items]
        return self


def _pieces(points: np.ndarray, longest: float) -> list[np.ndarray]:
    """A polyline (k, 3) as consecutive pieces (sharing their ends), each no longer than
    ``longest``; longer segments are cut into equal parts first."""
    fine = [points[0]]
    for a, b in zip(points[:-1], points[1:]):
        parts = max(1, int(np.ceil(np.linalg.norm(b - a) / longest)))
        fine.extend(a + (b - a) * k / parts for k in range(1, parts + 1))
    pieces, piece, length = [], [fine[0]], 0.0
    for a, b in zip(fine[:-1], fine[1:]):
        step = float(np.linalg.norm(b - a))
        if length + step > longest and len(piece) > 1:
            pieces.append(np.array(piece))
            piece, length = [a], 0.0
        piece.append(b)
        length += step
    if len(piece) == 1:                          # a single point: a line of no length
        piece.append(piece[0])
    pieces.append(np.array(piece))
    return pieces


def face_colors(values: np.ndarray, colorize) -> np.ndarray:
    """Face colours (RGB 0..1) from vertex values: the colour of each face's mean value."""
    v = np.asarray(values, dtype=float)
    mean = (v[:-1, :-1] + v[:-1, 1:] + v[1:, 1:] + v[1:, :-1]) / 4
    return colorize(mean)[..., :3] / 255.0


def rgb(color) -> np.ndarray:
    return np.asarray(color_to_rgb(color), dtype=float)


CUBE_EDGES = [(a, b) for a in range(8) for b in range(a + 1, 8)
              if bin(a ^ b).count("1") == 1]          # corners differing in one coordinate


def cube_corners() -> np.ndarray:
    """The 8 corners of [-1, 1]^3, corner i has coordinate k = +1 where bit k of i is set."""
    return np.array([[1.0 if i >> k & 1 else -1.0 for k in range(3)] for i in range(8)])


def plane_in_cube(normal: np.ndarray, offset: float) -> np.ndarray:
    """The polygon where the plane normal . p = offset cuts the cube [-1, 1]^3 (k, 3),
    its corners in order around it; empty if the plane misses the cube."""
    normal = np.asarray(normal, dtype=float)
    corners = cube_corners()
    points = []
    for a, b in CUBE_EDGES:
        da, db = corners[a] @ normal - offset, corners[b] @ normal - offset
        if da == 0:
            points.append(corners[a])
        if da * db < 0:
            points.append(corners[a] + (corners[b] - corners[a]) * da / (da - db))
    if len(points) < 3:
        return np.zeros((0, 3))
    points = np.unique(np.round(points, 12), axis=0)
    centre = points.mean(axis=0)
    u = points[0] - centre
    u /= np.linalg.norm(u)
    v = np.cross(normal / np.linalg.norm(normal), u)
    angles = np.arctan2((points - centre) @ v, (points - centre) @ u)
    return points[np.argsort(angles)]
