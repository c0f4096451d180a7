"""Pieces of the scene kit that every chapter shares."""

from __future__ import annotations

import nn
from scenes.kit import code_block, highlight, source_of


def test_code_frame_runs_between_the_lines_around_it():
    code = code_block(source_of(nn.Sequential.backward))
    lines = code.code_lines
    box = highlight(code, 5, 6)
    y = [line.get_center()[1] for line in lines]
    assert y[4] > box.get_top()[1] > y[5]
    assert y[6] > box.get_bottom()[1] > y[7]
    assert box.get_left()[0] < min(line.get_left()[0] for line in lines[5:7])
    assert box.get_right()[0] > max(line.get_right()[0] for line in lines[5:7])
    one = highlight(code, 8)
    assert y[7] > one.get_top()[1] > y[8] > one.get_bottom()[1] > y[9]
