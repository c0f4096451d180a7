"""The story run, computed once per build and handed to every part as a records file
(scenes.records: npz and JSON, no pickle), named by $NN_STORY_RECORDS."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .. import records
from .cache import Store


def story_key(config, root: Path) -> str:
    h = hashlib.sha256(config.key().encode())
    for path in sorted([root / "scenes" / "story.py", root / "scenes" / "records.py",
                        *root.glob("nn/**/*.py")]):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes() if path.is_file() else b"<missing>")
    return h.hexdigest()[:20]


def prepare_story(store: Store, config, root: Path) -> Path:
    """Write the story for config into the cache (once); return the file.

    Raises what the story run raises: a configuration that cannot train fails here,
    before any part renders.
    """
    path = store.folder / "story" / f"{story_key(config, root)}.npz"
    if path.is_file():
        return path
    from ..story import compute_story

    records.save(path, compute_story(config))
    for old in sorted(path.parent.glob("*.npz"), key=lambda p: p.stat().st_mtime)[:-6]:
        old.unlink(missing_ok=True)
    return path
