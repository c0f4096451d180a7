"""The story run, computed once per build and handed to every part (see manim_main.py)."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from .cache import Store, write_atomic


def story_key(config, root: Path) -> str:
    h = hashlib.sha256(config.key().encode())
    for path in sorted([root / "scenes" / "story.py", *root.glob("nn/**/*.py")]):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes() if path.is_file() else b"<missing>")
    return h.hexdigest()[:20]


def prepare_story(store: Store, config, root: Path) -> Path | None:
    """Pickle the story for config into the cache (once); return the file.

    Raises what the story run raises (a configuration that cannot train fails here,
    before any part renders).  Returns None if the story cannot be pickled.
    """
    path = store.folder / "story" / f"{story_key(config, root)}.pkl"
    if path.is_file():
        return path
    from ..story import compute_story

    story = compute_story(config)
    try:
        data = pickle.dumps(story, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return None
    write_atomic(path, data)
    for old in sorted(path.parent.glob("*.pkl"), key=lambda p: p.stat().st_mtime)[:-6]:
        old.unlink(missing_ok=True)
    return path
