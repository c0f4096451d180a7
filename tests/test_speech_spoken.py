"""The spoken-form rules: what the voice says for what the subtitle shows."""

from __future__ import annotations

import pytest

from scenes.kit.narration import split_marks
from scenes.speech.spoken import spoken, unspeakable

CASES = [
    ("dE/dY = W^T dE/dY", "d E by d Y equals W transpose d E by d Y"),
    ("So dE/dW equals dE/dY times X transpose.",
     "So d E by d W equals d E by d Y times X transpose."),
    ("dE/dw_ji = dE/dy_j x_i", "d E by d w j i equals d E by d y j x i"),
    ("Y* is 1, and Y = 0.47", "Y star is 1, and Y equals 0.47"),
    ("f'(x) = 1 - tanh(x)^2", "f prime of x equals 1 minus tan h of x squared"),
    ("E = 1/n Σ (y*_i - y_i)^2",
     "E equals 1 over n the sum of (y star i minus y i) squared"),
    ("backward fills self.grads from output_gradient.",
     "backward fills self dot grads from output gradient."),
    ("a learning rate of 1e-3, a factor 10⁻⁴", "a learning rate of 10 to the minus 3, "
                                                "a factor 10 to the minus 4"),
    ("weight w_{21} is -0.35", "weight w two one is minus 0.35"),
    ("dE/dy_1 and y*_2 and w_12", "d E by d y one and y star two and w one two"),
    ("It divides by y_pred.size.", "It divides by y pred dot size."),
    ("σ(x) = 1 / (1 + e^-x)", None),
    ("nn.Dense(2, 3), then model.fit()", "N N dot Dense(2, 3), then model dot fit"),
    ("dE/dX = dE/dY ⊙ f'(X)", "d E by d X equals d E by d Y element-wise times f prime of X"),
    ("It's the layer's input.", "It's the layer's input."),
    ("the layer above, layers[2], and the 2-3-1 network",
     "the layer above, layers 2, and the 2 3 1 network"),
    ("the Tanh layer learns XOR", "the tan h layer learns ex or"),
]


@pytest.mark.parametrize("written, expected", CASES)
def test_spoken_form(written, expected):
    said = spoken(written)
    assert not unspeakable(said), f"{said!r} still holds {unspeakable(said)}"
    if expected is not None:
        assert said == expected


def test_numbers_are_read_as_written():
    assert spoken("The loss is 0.4712 after 10000 epochs.") == \
        "The loss is 0.4712 after 10000 epochs."


def test_bookmarks_split_both_forms():
    written, said, marks = split_marks('Row j is <bookmark mark="row"/>dE/dy_j times X^T.')
    assert written == "Row j is dE/dy_j times X^T."
    assert said == "Row j is d E by d y j times X transpose."
    w, s = marks["row"]
    assert written[w:].startswith("dE/dy_j") and said[s:].startswith("d E by d y j")


def test_a_bookmark_twice_is_refused():
    with pytest.raises(ValueError, match="twice"):
        split_marks('<bookmark mark="a"/>one <bookmark mark="a"/>two')
