"""The kit's kernel turned by 180° (kit.kernel_turn, the sequel's chapters 2 and 7): the
turned values are numpy's rot90 twice; on screen, half_turn leaves every number in the
turned cell that holds its value (read back from the screen), upright or upside down as
asked, set_upright turns them back in place, marks ride along, a power-of-ten factor stays
where the turned grid has it, and playing the turn adds nothing to the scene.  On the way
the turning grid, its numbers and its marks stay inside the grid's own square (shrunk by
square_fit, the numbers with their cells), and the turn ends exactly where a plain turn
(manim's Rotate, numbers moved on arcs) ends."""

from __future__ import annotations

import numpy as np
import pytest
from manim import PI, Rotate, Scene
from manim.animation.animation import prepare_animation
from scene_testing import skipping

from scenes import kit
from scenes.kit.kernel_turn import square_fit   # the turn's own, not exported

VALUES = np.array([[-0.22, -0.41, 0.44], [0.35, 0.06, 0.09], [1.33, 1.11, -0.72]])


def kernel(values=VALUES) -> kit.NumberGrid:
    return kit.NumberGrid(values, kit.W_COLOR, cell=0.8, decimals=kit.precision(values))


def numbers(grid) -> list:
    return [number for row in grid.numbers for number in row]


def shapes(grid) -> list:
    """Each number's points about its own centre: equal when a number has only moved."""
    return [number.get_all_points() - number.get_center() for number in numbers(grid)]


def begun(animations) -> list:
    """The animations begun, outside any scene; at(...) takes them along their way."""
    animations = [prepare_animation(animation) for animation in animations]
    for animation in animations:
        animation.begin()
    return animations


def at(animations, alpha: float) -> None:
    for animation in animations:
        animation.interpolate(alpha)


def run(animations) -> None:
    """The animations played to their end, outside any scene."""
    at(begun(animations), 1.0)


def test_turned_is_numpys_rot90_twice_in_the_last_two_axes():
    rng = np.random.default_rng(3)
    kernels = rng.normal(size=(4, 2, 3, 3))
    turned = kit.turned(kernels)
    for i in range(4):
        for j in range(2):
            np.testing.assert_array_equal(turned[i, j], np.rot90(kernels[i, j], 2))
    np.testing.assert_array_equal(kit.turned(VALUES), np.rot90(VALUES, 2))
    turned[0, 0, 0, 0] = 99.0                          # a new array, not a view
    assert kernels[0, 0, 0, 0] != 99.0


def test_half_turn_carries_the_numbers_upright_to_their_turned_cells():
    grid = kernel()
    before, centre = shapes(grid), grid.cells.get_center()
    corner = grid.window(0, 0, 1, kit.TEXT_COLOR)
    np.testing.assert_array_equal(kit.read_back(grid), grid.shown.scaled(VALUES))
    first, last = grid.cells[0][0].get_center(), grid.cells[2][2].get_center()
    animations = begun(kit.half_turn(grid, corner))
    at(animations, 0.5)                                # half-way: a quarter turn, left
    np.testing.assert_allclose(grid.cells[0][0].get_center() - centre,
                               [-(first - centre)[1], (first - centre)[0], 0], atol=1e-9)
    for alpha in (0.3, 0.5, 0.7):
        at(animations, alpha)
        size = square_fit(PI * animations[0].rate_func(alpha))   # shrunk with its cells,
        for shape, was in zip(shapes(grid), before):
            np.testing.assert_allclose(shape, size * was, atol=1e-9)   # upright all the way,
        for cells, row in zip(grid.cells, grid.numbers):               # each in its own cell
            for cell, number in zip(cells, row):
                np.testing.assert_allclose(number.get_center(), cell.get_center(), atol=1e-9)
    at(animations, 1.0)
    np.testing.assert_array_equal(kit.read_back(grid), grid.shown.scaled(kit.turned(VALUES)))
    for shape, was in zip(shapes(grid), before):
        np.testing.assert_allclose(shape, was, atol=1e-9)
    np.testing.assert_allclose(corner.get_center(), last, atol=1e-9)   # top left, turned


def test_half_turn_upside_down_then_set_upright():
    grid = kernel()
    before = shapes(grid)
    run(kit.half_turn(grid, upright=False))
    np.testing.assert_array_equal(kit.read_back(grid), grid.shown.scaled(kit.turned(VALUES)))
    for shape, was in zip(shapes(grid), before):
        np.testing.assert_allclose(shape, -was, atol=1e-9)    # turned with the cells
    run(kit.set_upright(grid))
    np.testing.assert_array_equal(kit.read_back(grid), grid.shown.scaled(kit.turned(VALUES)))
    for shape, was in zip(shapes(grid), before):
        np.testing.assert_allclose(shape, was, atol=1e-9)


@pytest.mark.parametrize("upright", [True, False])
def test_a_factor_stays_left_of_the_turned_grid(upright):
    small = VALUES * 1e-4
    grid = kernel(small)
    assert grid.power                                  # the values read over a power of ten
    factor = grid.factor.get_center().copy()
    run(kit.half_turn(grid, upright=upright))
    np.testing.assert_array_equal(grid.factor.get_center(), factor)
    turned = kernel(kit.turned(small))                 # where the turned grid has it
    np.testing.assert_allclose(factor - grid.cells.get_center(),
                               turned.factor.get_center() - turned.cells.get_center(),
                               atol=1e-9)
    np.testing.assert_array_equal(kit.read_back(grid), grid.shown.scaled(kit.turned(small)))


def test_playing_the_turn_adds_nothing_to_the_scene():
    grid, shading = kernel(), kit.NumberGrid(VALUES, kit.W_COLOR, numbers=False)
    corner = grid.window(0, 0, 1, kit.TEXT_COLOR)
    places = [[cell.get_center() for cell in row] for row in shading.cells]
    with skipping():
        scene = Scene()
        scene.add(grid, corner, shading)
        scene.play(*kit.half_turn(grid, corner, upright=False), *kit.half_turn(shading),
                   run_time=0.1)
        scene.play(*kit.set_upright(grid), run_time=0.1)
        assert scene.mobjects == [grid, corner, shading]
    np.testing.assert_array_equal(kit.read_back(grid), grid.shown.scaled(kit.turned(VALUES)))
    for i, row in enumerate(shading.cells):            # cell (i, j) where (2-i, 2-j) was
        for j, cell in enumerate(row):
            np.testing.assert_allclose(cell.get_center(), places[2 - i][2 - j], atol=1e-9)


def test_fit_is_one_at_the_ends_and_one_over_root_two_at_45_degrees():
    assert square_fit(0.0) == 1.0 and square_fit(PI) == pytest.approx(1.0, abs=1e-15)
    assert square_fit(PI / 4) == pytest.approx(2 ** -0.5) == square_fit(3 * PI / 4)
    assert square_fit(PI / 2) == pytest.approx(1.0)


def box(mobjects) -> np.ndarray:
    """The lowest and the highest x, y of the mobjects' points."""
    points = np.vstack([mobject.get_all_points() for mobject in mobjects])[:, :2]
    return np.array([points.min(axis=0), points.max(axis=0)])


@pytest.mark.parametrize("upright", [True, False])
def test_the_turning_grid_never_leaves_its_square(upright):
    """At 45° a turned square reaches √2 times further out than its sides: shrunk by
    square_fit, every cell, number and mark stays inside the unturned cells' box, and the
    cells fill it (the corners touch its sides: shrunk no more than they must be)."""
    grid = kernel()
    corner = grid.window(0, 0, 1, kit.TEXT_COLOR)
    square = box([grid.cells])
    animations = begun(kit.half_turn(grid, corner, upright=upright))
    for alpha in np.linspace(0.05, 0.95, 19):
        at(animations, alpha)
        for part in [*(cell for row in grid.cells for cell in row), *numbers(grid), corner]:
            low, high = box([part])
            assert np.all(low >= square[0] - 1e-6) and np.all(high <= square[1] + 1e-6), \
                (alpha, part)
        np.testing.assert_allclose(box([grid.cells]), square, atol=1e-6)


def plain_turn(grid, *riders, upright: bool = True) -> list:
    """The turn as it was before it kept to its square: manim's Rotate of the cells (and
    riders, and numbers if not upright), the upright numbers moved on half-circle arcs."""
    centre = grid.cells.get_center()
    turning = [grid.cells, *riders] + ([] if upright else [grid.numbers])
    turns = [Rotate(part, PI, about_point=centre) for part in turning]
    return turns + ([number.animate(path_arc=PI).move_to(2 * centre - number.get_center())
                     for number in numbers(grid)] if upright else [])


@pytest.mark.parametrize("upright", [True, False])
def test_the_turn_ends_exactly_where_a_plain_turn_ends(upright):
    ours, plain = kernel(), kernel()
    marks = [grid.window(0, 1, 2, kit.TEXT_COLOR) for grid in (ours, plain)]
    turns = [begun(kit.half_turn(ours, marks[0], upright=upright)),
             begun(plain_turn(plain, marks[1], upright=upright))]
    for animations in turns:
        at(animations, 0.3)
    assert box([ours.cells])[1, 0] < box([plain.cells])[1, 0] - 0.1   # on the way: shrunk
    for animations in turns:
        for animation in animations:
            animation.finish()                         # as a scene ends a play
    for mine, theirs in zip(drawn(ours, marks[0]), drawn(plain, marks[1]), strict=True):
        np.testing.assert_array_equal(mine.points, theirs.points)      # to the last bit


def drawn(grid, *marks) -> list:
    """Every piece with points of a grid (cells, numbers) and of its marks."""
    return [piece for part in (grid.cells, *numbers(grid), *marks)
            for piece in part.family_members_with_points()]
