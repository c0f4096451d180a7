"""Which project files a render read: recorded inside the render, so the cache key of a
part can cover exactly them (no hand-kept list to forget a file in).

The render process (manim_main) calls ``record(root, output)`` first: an audit hook
notes every file opened for reading under ``root``, and at exit the source files of
every module imported from ``root`` are added (a module loaded from its .pyc opens no
.py).  Files under the build's cache folder and files opened for writing are not
inputs.  The list is written as JSON, paths relative to ``root``.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
from pathlib import Path

ENV = "NN_BUILD_DEPS"              # where the render writes its list
ROOT_ENV = "NN_BUILD_ROOT"         # the project root
IGNORE_ENV = "NN_BUILD_IGNORE"     # a folder whose files are not inputs (the cache)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def record(root: Path, output: Path, ignore: Path | None = None) -> None:
    root_text = str(Path(root).resolve())
    # Not inputs: the cache folder, and installed packages (a virtual environment inside
    # the project; their versions are in the key instead).
    ignored = [str(Path(p).resolve()) for p in (ignore, sys.prefix, sys.base_prefix) if p]
    seen: set[str] = set()

    def keep(path: str) -> None:
        if not _inside(path, root_text) or "__pycache__" in path or ".egg-info" in path \
                or "site-packages" in path or any(_inside(path, i) for i in ignored):
            return
        seen.add(os.path.relpath(path, root_text))

    def hook(event: str, args) -> None:
        if event != "open" or not args:
            return
        path, mode = args[0], args[1] if len(args) > 1 else "r"
        if isinstance(path, int) or path is None:
            return
        if isinstance(mode, str) and any(flag in mode for flag in "wax+"):
            return
        try:
            keep(os.path.abspath(os.fsdecode(path)))
        except (TypeError, ValueError):
            pass

    def write() -> None:
        for module in list(sys.modules.values()):
            source = getattr(module, "__file__", None)
            if source and source.endswith(".py"):
                keep(os.path.abspath(source))
        files = sorted(p for p in seen if os.path.isfile(os.path.join(root_text, p)))
        Path(output).write_text(json.dumps(files, indent=0))

    sys.addaudithook(hook)
    atexit.register(write)


def record_from_env() -> bool:
    """Start recording if the build asked for it ($NN_BUILD_DEPS)."""
    output = os.environ.get(ENV)
    if not output:
        return False
    ignore = os.environ.get(IGNORE_ENV)
    record(Path(os.environ.get(ROOT_ENV) or os.getcwd()), Path(output),
           Path(ignore) if ignore else None)
    return True
