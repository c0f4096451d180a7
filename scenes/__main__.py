"""`python -m scenes [options]`: the same as `python -m scenes.build` (see scenes/build.py)."""

import sys

from .build import main

sys.exit(main())
