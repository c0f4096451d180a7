"""Parts of a class's source, verbatim, for when the whole class is too long to read.

    excerpt = class_excerpt(nn.Layer, ["__init__", "forward", "backward"])
    code = code_block(excerpt.text)
    highlight(code, *excerpt.lines["forward"])

Every line of ``excerpt.text`` is a line of the class's source, in source order: the
class line and its docstring, then each chosen member, separated by one blank line.
"""

from __future__ import annotations

import inspect
import textwrap
from dataclasses import dataclass


@dataclass(frozen=True)
class Excerpt:
    text: str
    lines: dict[str, tuple[int, int]]    # member -> (first, last) line of text, 0-based


def _member_span(cls, name: str, class_start: int) -> tuple[int, int]:
    """(first, end) lines of member ``name`` within the class source, decorators included."""
    member = inspect.getattr_static(cls, name)
    function = getattr(member, "fget", None) or getattr(member, "__func__", None) or member
    lines, start = inspect.getsourcelines(function)
    first = start - class_start
    return first, first + len(lines)


def class_excerpt(cls, members: list[str], docstring: bool = True) -> Excerpt:
    source = textwrap.dedent(inspect.getsource(cls))
    class_lines = source.rstrip("\n").splitlines()
    _, class_start = inspect.getsourcelines(cls)
    spans = sorted((_member_span(cls, name, class_start), name) for name in members)
    # the class line and its docstring: everything before the first member of the class
    header_end = next((k for k, line in enumerate(class_lines) if k > 0 and
                       line.lstrip().startswith(("def ", "@", "async def "))),
                      len(class_lines))
    header = class_lines[:header_end]
    if not docstring:
        header = _without_docstring(header)
    while header and not header[-1].strip():
        header.pop()
    out = list(header)
    where: dict[str, tuple[int, int]] = {}
    for (first, end), name in spans:
        out.append("")
        body = class_lines[first:end]
        while body and not body[-1].strip():
            body.pop()
        where[name] = (len(out), len(out) + len(body) - 1)
        out.extend(body)
    return Excerpt(text="\n".join(out) + "\n", lines=where)


def _without_docstring(lines: list[str]) -> list[str]:
    """Drop the docstring that directly follows the first ``def``/``class`` line(s)."""
    signature_end = next(k for k, line in enumerate(lines) if line.rstrip().endswith(":"))
    body = lines[signature_end + 1:]
    if body and body[0].lstrip().startswith(('"""', "'''")):
        quote = body[0].lstrip()[:3]
        end = next(k for k, line in enumerate(body)
                   if line.count(quote) >= (2 if k == 0 else 1))
        body = body[end + 1:]
    return lines[:signature_end + 1] + body


def source_lines(obj, docstring: bool = True) -> str:
    """The source of a function, class or method, dedented; without its docstring if asked.

    Every line is a line of the real source, in order (what tests check).
    """
    lines = textwrap.dedent(inspect.getsource(obj)).rstrip("\n").splitlines()
    if not docstring:
        lines = _without_docstring(lines)
    return "\n".join(lines) + "\n"


def source_between(function, first: str, last: str) -> str:
    """The lines of ``function`` (without its docstring) from the one containing ``first``
    to the next containing ``last``, dedented: a few lines of a method, found by content."""
    from .code import region_of

    source = source_lines(function, docstring=False)
    a, b = region_of(source, first, last)
    lines = source.splitlines()[a:b + 1]
    indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    return "\n".join(line[indent:] for line in lines) + "\n"
