"""System dependencies the scenes need, checked before anything renders."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess

TEX_PACKAGES = ("texlive-latex-base texlive-latex-recommended texlive-latex-extra "
                "texlive-fonts-recommended dvisvgm")
HINT = "or run ./run.sh video, which installs them"


class MissingDependency(RuntimeError):
    """A system dependency is missing; the message is one line saying how to install it."""


def check_system(which=None) -> None:
    """Raise MissingDependency naming what is missing and how to install it."""
    which = which or shutil.which
    if importlib.util.find_spec("manim") is None or importlib.util.find_spec("av") is None:
        raise MissingDependency("manim is not installed in this Python: pip install -e "
                                "'.[video]' (" + HINT + ")")
    missing = [tool for tool in ("latex", "dvisvgm") if which(tool) is None]
    if missing:
        raise MissingDependency(
            f"missing system dependency: {' and '.join(missing)} (LaTeX for MathTex); "
            f"install with: apt-get install --no-install-recommends {TEX_PACKAGES} ({HINT})")
    kpsewhich = which("kpsewhich")
    if kpsewhich:
        missing = []
        for name in ("standalone.cls", "preview.sty"):
            found = subprocess.run([kpsewhich, name], capture_output=True, text=True)
            if not found.stdout.strip():
                missing.append(name)
        if missing:
            raise MissingDependency(
                f"missing LaTeX package files {', '.join(missing)} (manim's template needs "
                f"them): apt-get install --no-install-recommends texlive-latex-extra ({HINT})")
