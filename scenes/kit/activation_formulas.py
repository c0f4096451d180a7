"""The TeX of each story activation: its definition, its derivative, and how one follows.

Keyed like scenes.story.ACTIVATIONS (the story config's ``activation``) and the sequel's
scenes.cnn_story.CNN_ACTIVATIONS (relu too), so a chapter
shows the formulas of whatever activation the story runs.  The numbers never come from
here: scenes evaluate the layer's own ``f`` and ``f_prime`` from ``nn``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .palette import F_PRIME_COLOR


@dataclass(frozen=True)
class ActivationFormulas:
    name: str                   # the function's name in a sentence: "tanh", "the sigmoid"
    symbol: str                 # its TeX name: \tanh, \sigma
    definition: str             # f(x) = ...
    derivation: tuple[str, ...]  # f'(x) = ..., then "= ..." steps, one string per line
    derivative: str             # f'(x) written with f(x), the result of the derivation
    spoken_derivative: str      # the derivative, as the narration says it
    from_output: str            # f'(X) written with Y = f(X), what backward reads from its
                                #   output (kit.formula form, for symbol colours)
    shape: str                  # one sentence of narration on the curve's shape, with a
                                #   bookmark "limits" where it names the limits
    limits: tuple[float, float]  # the values f approaches at minus and plus infinity
    y_range: tuple[float, float, float]   # a plot range that holds f and f'


FORMULAS = {
    "tanh": ActivationFormulas(
        name="tanh",
        symbol=r"\tanh",
        definition=r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
        derivation=(
            r"\tanh'(x) = \frac{(e^{x} + e^{-x})^2 - (e^{x} - e^{-x})^2}{(e^{x} + e^{-x})^2}",
            r"= 1 - \left( \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} \right)^2",
            r"= 1 - \tanh^2(x)",
        ),
        derivative=r"\tanh'(x) = 1 - \tanh^2(x)",
        spoken_derivative="one minus tanh squared",
        from_output=r"{{ f'( }} {{X}} {{ ) }} = 1 - {{Y}}^2",
        shape='It squashes any input into <bookmark mark="limits"/>the range from minus one '
              "to one: big inputs saturate near plus or minus one, and around zero it is "
              "almost a straight line of slope one.",
        limits=(-1.0, 1.0),
        y_range=(-1.25, 1.25, 0.5),
    ),
    "sigmoid": ActivationFormulas(
        name="the sigmoid",
        symbol=r"\sigma",
        definition=r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        derivation=(
            r"\sigma'(x) = \frac{e^{-x}}{(1 + e^{-x})^2}",
            r"= \frac{1}{1 + e^{-x}} \cdot \frac{(1 + e^{-x}) - 1}{1 + e^{-x}}",
            r"= \sigma(x)\,\big(1 - \sigma(x)\big)",
        ),
        derivative=r"\sigma'(x) = \sigma(x)\,\big(1 - \sigma(x)\big)",
        spoken_derivative="sigma times one minus sigma",
        from_output=r"{{ f'( }} {{X}} {{ ) }} = {{Y}} \odot \left( 1 - {{Y}} \right)",
        shape='It squashes any input into <bookmark mark="limits"/>the range from zero to '
              "one: a half at zero, close to one for big inputs and close to zero for very "
              "negative ones.",
        limits=(0.0, 1.0),
        y_range=(-0.25, 1.25, 0.5),
    ),
    # The sequel's Conv2D may be followed by a relu (scenes.cnn_story.CNN_ACTIVATIONS).
    "relu": ActivationFormulas(
        name="relu",
        symbol=r"\operatorname{relu}",
        definition=r"\operatorname{relu}(x) = \max(0, x)",
        derivation=(r"\operatorname{relu}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 "
                    r"\end{cases}",),
        derivative=r"\operatorname{relu}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 "
                   r"\end{cases}",
        spoken_derivative="one where x is positive, zero elsewhere",
        from_output=r"{{ f'( }} {{X}} {{ ) }} = [\, {{Y}} > 0 \,]",
        shape='It keeps positive inputs as they are and <bookmark mark="limits"/>sets every '
              "other input to zero.",
        limits=(0.0, float("inf")),
        y_range=(-0.5, 2.0, 0.5),
    ),
}


def color_f_prime(formula) -> None:
    """Colour the ``f'(`` and ``)`` pieces of a kit.formula (written ``{{ f'( }} {{X}}
    {{ ) }}``) like f'."""
    for part in formula.submobjects:
        if getattr(part, "tex_string", "").strip() in ("f'(", ")"):
            part.set_color(F_PRIME_COLOR)


def formulas_for(activation: str) -> ActivationFormulas:
    """The formulas of a story activation ("tanh", "sigmoid"); KeyError names the known ones."""
    try:
        return FORMULAS[activation]
    except KeyError:
        raise KeyError(f"no formulas for activation {activation!r}; known: "
                       f"{sorted(FORMULAS)}") from None
