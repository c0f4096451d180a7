"""Scene tests run with the silent draft's timing (no speech synthesis) unless a test
asks for a voice: the narration's text, numbers and cues are the same either way."""

import os

os.environ.setdefault("NN_VOICE", "none")
