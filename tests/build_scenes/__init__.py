"""Tiny scenes for tests/test_build.py, independent of the real chapters' length."""

from pathlib import Path

from scenes.video.render import PartSpec

HERE = Path(__file__).parent

ALPHA = PartSpec("alpha", "Alpha", HERE / "alpha.py")   # sections "Alpha one", "Alpha two"
BETA = PartSpec("beta", "Beta", HERE / "beta.py")       # a lead-in, then section "Beta"
PARTS = (ALPHA, BETA)

VOICED = (PartSpec("voiced_one", "VoicedOne", HERE / "voiced.py"),
          PartSpec("voiced_two", "VoicedTwo", HERE / "voiced.py"))

SLOW = PartSpec("slow", "Slow", HERE / "slow.py")
