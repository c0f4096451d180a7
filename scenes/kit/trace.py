"""Code that ran, line by line: run a function, and read after each line of the chosen
functions the shapes of what the line made (its assignment's targets, the value added by
+=, what it returned), with sys.settrace.  A chapter that shows code can then say what
each line made in the recorded run, without working it out again (the sequel's chapter 8).
"""

from __future__ import annotations

import ast
import linecache
import sys
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Call:
    """One call of a traced function: each line it ran, in order, with the shapes of what
    that line made (its assignment's targets, the value added by +=, what it returned)."""

    name: str
    caller: str                          # the line that called it, as written
    args: dict[str, tuple]               # the shapes of its array arguments
    lines: tuple[tuple[str, dict[str, tuple]], ...]

    def made(self, needle: str) -> dict[str, tuple]:
        """What the first line run that contains ``needle`` made."""
        return next(made for text, made in self.lines if needle in text)


def made_by(line: str) -> list[str]:
    """The expressions a line of code makes, as written: its assignment's targets, and for
    += also the value added; "return" for a return statement."""
    try:
        node = ast.parse(line).body[0]
    except (SyntaxError, IndexError):
        return []
    if isinstance(node, ast.Return):
        return ["return"]
    if isinstance(node, ast.AugAssign):
        parts = [node.target] + ([] if any(isinstance(n, ast.Call) for n in ast.walk(node.value))
                                 else [node.value])
    elif isinstance(node, ast.Assign):
        parts = [t for target in node.targets
                 for t in (target.elts if isinstance(target, ast.Tuple) else [target])]
    else:
        return []
    return [ast.get_source_segment(line, part) for part in parts]


def shape_of(value) -> tuple | None:
    return tuple(int(n) for n in value.shape) if isinstance(value, np.ndarray) else None


def traced(run, functions) -> list[Call]:
    """Run ``run()``; every call of ``functions`` it makes, in the order they start."""
    codes = {function.__code__: function.__qualname__ for function in functions}
    calls: list[Call | None] = []

    def on_call(frame, event, arg):
        if event != "call" or frame.f_code not in codes:
            return None
        lines, current, index = [], [None], len(calls)
        calls.append(None)
        back = frame.f_back
        caller = linecache.getline(back.f_code.co_filename, back.f_lineno).strip()
        args = {name: shape_of(value) for name, value in frame.f_locals.items()
                if shape_of(value) is not None}

        def on_line(frame, event, arg):
            if event in ("line", "return") and current[0] is not None:
                text = linecache.getline(frame.f_code.co_filename, current[0]).strip()
                made = {}
                for expression in made_by(text):      # evaluated after the line ran
                    value = (arg if event == "return" else None) if expression == "return" \
                        else eval(expression, frame.f_globals, frame.f_locals)
                    if shape_of(value) is not None:
                        made[expression] = shape_of(value)
                lines.append((text, made))
                current[0] = None
            if event == "line":
                current[0] = frame.f_lineno
            elif event == "return":
                calls[index] = Call(codes[frame.f_code], caller, args, tuple(lines))
            return on_line
        return on_line

    before = sys.gettrace()
    sys.settrace(on_call)
    try:
        run()
    finally:
        sys.settrace(before)
    return calls
