"""Written form to spoken form: what the subtitle shows, and what the voice says.

A narration line is written once, with the video's symbols ("dE/dY = W^T dE/dY"); the
subtitle keeps them and the voice reads ``spoken(line)`` ("d E by d Y equals W transpose
d E by d Y").  The text-to-speech front end spells out what it does not know ("slash",
"caret"...), so every symbol is turned into words here, by one ordered list of rules.
A line may give its spoken form explicitly instead (StoryScene.narrate(spoken=...)).

Numbers stay as written: the voice reads 0.47 as "zero point four seven", as shown.
"""

from __future__ import annotations

import re

# Characters the voice would spell out or read wrongly if any were left after the rules.
UNSPEAKABLE = set("/^_=*\\$={}<>|~#@`") | {"⊙", "Σ", "∂", "→", "≈", "×", "−", "·", "⁻"}

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _index(subscript: str) -> str:
    """A subscript read index by index, digits as words: "ji" -> "j i", "12" -> "one two"
    (an index is not a quantity: w_12 is "w one two", never "w twelve")."""
    return " ".join(DIGITS[int(c)] if c.isdigit() else c for c in subscript)
LATIN_NAMES = {"tanh": "tan h", "nn": "N N", "np": "numpy", "dtype": "d type",
               "argmax": "arg max", "softmax": "soft max", "relu": "ReLU", "ReLU": "ReLU",
               "MSE": "M S E", "SGD": "S G D", "BCE": "B C E", "CCE": "C C E",
               "init": "init", "def": "def", "npz": "N P Z", "TOML": "tommel",
               "Tanh": "tan h", "XOR": "ex or"}


def _sub(pattern: str, replacement, text: str) -> str:
    return re.sub(pattern, replacement, text)


def _power(match: re.Match) -> str:
    base, exponent = match.group(1), match.group(2).strip("{}()")
    exponent = exponent.translate(SUPERSCRIPTS)
    if exponent in ("T", "⊤"):
        return f"{base} transpose"
    if exponent == "2":
        return f"{base} squared"
    if exponent == "*":
        return f"{base} star"
    exponent = exponent.replace("-", "minus ")
    return f"{base} to the {exponent}"


def _number_power(match: re.Match) -> str:
    mantissa, exponent = match.group(1), int(match.group(2))
    sign = "minus " if exponent < 0 else ""
    head = "" if mantissa in ("1", "1.0") else f"{mantissa} times "
    return f"{head}10 to the {sign}{abs(exponent)}"


RULES: list[tuple[str, object]] = [
    (r"<bookmark[^>]*/>", ""),                                   # marks are timing only
    (r"`([^`]*)`", r"\1"),                                       # code quotes
    (r"\b(\d+(?:\.\d+)?)e([+-]?\d+)\b", _number_power),          # 1e-3
    (r"10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)", lambda m: "10^" + m.group(1).translate(SUPERSCRIPTS)),
    (r"\b10\^\{?(-?\d+)\}?", lambda m: "10 to the " + m.group(1).replace("-", "minus ")),
    (r"\bd([A-Za-z])/d([A-Za-z])(?:_\{?([A-Za-z0-9]+)\}?)?",     # dE/dY, dE/dw_ji
     lambda m: f"d {m.group(1)} by d {m.group(2)}"
               + (f" {_index(m.group(3))}" if m.group(3) else "")),
    (r"∂", "d "),
    (r"\b([A-Za-z])\*(?:_\{?([A-Za-z0-9]+)\}?)?",                 # Y*, y*_i
     lambda m: f"{m.group(1)} star" + (f" {_index(m.group(2))}" if m.group(2) else "")),
    (r"\s+\*\s+", " times "),                                     # a * b
    (r"\b([A-Za-z0-9)]+)\^(\{[^}]*\}|\([^)]*\)|[-−]?[A-Za-z0-9*]+|⊤)", _power),  # X^T, e^{-x}
    (r"\b([A-Za-z])([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)",                           # x²
     lambda m: _power(re.match(r"(.*)\^(.*)", f"{m.group(1)}^{m.group(2)}"))),
    (r"\b([A-Za-z])ᵀ", r"\1 transpose"),
    (r"\b([a-zA-Z])_(?:\{([A-Za-z0-9]+)\}|([A-Za-z0-9]{1,3})\b)",  # w_ji, w_{12}; not y_pred
     lambda m: f"{m.group(1)} {_index(m.group(2) or m.group(3))}"),
    (r"\b([A-Za-z]+)_([A-Za-z0-9_]+)\b",                         # output_gradient
     lambda m: m.group(0).replace("_", " ")),
    (r"\b([A-Za-z]+)''", r"\1 double prime"),
    (r"\b([A-Za-z]+)'(?![a-z])", r"\1 prime"),                   # f' but not "it's"
    (r"\bself\.", "self dot "),
    (r"\b([A-Za-z_]+)\.([A-Za-z_]+)\(", r"\1 dot \2("),          # nn.Dense(, model.fit(
    (r"\b([A-Za-z_]+)\.([a-z_][A-Za-z_]*)\b", r"\1 dot \2"),      # layer.params
    (r"\(\)", ""),
    (r"\b([a-zA-Z]|[A-Za-z]+ prime|tanh|sigmoid|exp|log)\(([^()]*)\)", r"\1 of \2"),  # f(X)
    (r"\s*⊙\s*", " element-wise times "),
    (r"\s*×\s*", " times "),
    (r"\s*·\s*", " times "),
    (r"Σ", "the sum of "),
    (r"\s*≈\s*", " about "),
    (r"\s*(?:->|→)\s*", " to "),
    (r"\s*==?\s*", " equals "),
    (r"\s*/\s*", " over "),                                         # 2/n, 1 / (1 + e)
    (r"\b\d+(?:-\d+)+\b", lambda m: m.group(0).replace("-", " ")),  # a 2-3-1 network
    (r"(?<![\w.])[-−](?=\d)", "minus "),                         # -0.35
    (r"(?<=\w)\s+[-−]\s+(?=[\w(])", " minus "),                  # a - b
    (r"(?<=\w)\s+\+\s+(?=[\w(])", " plus "),
    (r"\b([A-Za-z_]\w*)\[(\d+)\]", r"\1 \2"),                   # layers[2]
    (r"\[|\]", ""),
    (r"\s+([,.;:!?])", r"\1"),
    (r"\s{2,}", " "),
]


def _names(text: str) -> str:
    return re.sub(r"\b[A-Za-z]+\b", lambda m: LATIN_NAMES.get(m.group(0), m.group(0)), text)


def spoken(written: str) -> str:
    """The spoken form of a written narration line (bookmarks removed)."""
    text = written
    for pattern, replacement in RULES:
        text = _sub(pattern, replacement, text)
    return _names(text).strip()


def unspeakable(text: str) -> set[str]:
    """The characters of ``text`` that the voice would spell out or misread."""
    return {ch for ch in text if ch in UNSPEAKABLE}
