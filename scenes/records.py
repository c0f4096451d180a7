"""The story's records as one .npz file: its arrays, and a JSON of everything else.

The build computes the story run once and hands it to every part this way (no pickle:
the file loads with ``allow_pickle=False``).  Any tree of dataclasses, dicts, lists,
tuples, arrays and plain values is written; on reading, a dataclass is rebuilt only if
its class is one of ``CLASSES``.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import numpy as np

FORMAT = "nn-story-records/1"


def _classes() -> dict[str, type]:
    import nn

    from .story import Story, StoryConfig

    return {cls.__name__: cls for cls in (Story, StoryConfig, nn.StepRecord, nn.LayerRecord,
                                          nn.RunRecord)}


def _encode(value, arrays: dict[str, np.ndarray]):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"__dataclass__": type(value).__name__,
                "fields": {f.name: _encode(getattr(value, f.name), arrays)
                           for f in dataclasses.fields(value)}}
    if isinstance(value, np.ndarray):
        key = f"a{len(arrays)}"
        arrays[key] = value
        return {"__array__": key}
    if isinstance(value, dict):
        return {"__dict__": [[k, _encode(v, arrays)] for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        stacked = _encode_stacked(value, arrays) if isinstance(value, list) else None
        if stacked is not None:
            return stacked
        return {"__tuple__" if isinstance(value, tuple) else "__list__":
                [_encode(v, arrays) for v in value]}
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"cannot store a {type(value).__name__} in a records file")


def _encode_stacked(values: list, arrays: dict[str, np.ndarray]):
    """A list of many items of one shape (a run's snapshots: thousands of small arrays)
    as one stacked array per leaf; None when the items differ or hold no array."""
    if len(values) < 2:
        return None
    trees, leaves = [], []
    for item in values:
        found: dict[str, np.ndarray] = {}
        trees.append(json.dumps(_encode(item, found)))
        leaves.append(list(found.values()))
    if not leaves[0] or any(t != trees[0] for t in trees) or any(
            [(a.shape, a.dtype) for a in item] != [(a.shape, a.dtype) for a in leaves[0]]
            for item in leaves):
        return None
    names = {}
    for k in range(len(leaves[0])):
        key = f"a{len(arrays)}"
        arrays[key] = np.stack([item[k] for item in leaves])
        names[f"a{k}"] = key
    return {"__stacked__": json.loads(trees[0]), "arrays": names, "n": len(values)}


def _decode(value, arrays, classes):
    if isinstance(value, dict):
        if "__array__" in value:
            return arrays[value["__array__"]]
        if "__stacked__" in value:
            stacks = {local: arrays[key] for local, key in value["arrays"].items()}
            return [_decode(value["__stacked__"], {k: v[i].copy() for k, v in stacks.items()},
                            classes) for i in range(value["n"])]
        if "__dict__" in value:
            return {k: _decode(v, arrays, classes) for k, v in value["__dict__"]}
        if "__list__" in value:
            return [_decode(v, arrays, classes) for v in value["__list__"]]
        if "__tuple__" in value:
            return tuple(_decode(v, arrays, classes) for v in value["__tuple__"])
        if "__dataclass__" in value:
            cls = classes.get(value["__dataclass__"])
            if cls is None:
                raise ValueError(f"unknown record class {value['__dataclass__']!r}")
            return cls(**{k: _decode(v, arrays, classes) for k, v in value["fields"].items()})
    return value


def save(path: Path, value) -> Path:
    """Write ``value`` to ``path`` (an .npz), atomically."""
    arrays: dict[str, np.ndarray] = {}
    tree = _encode(value, arrays)
    meta = json.dumps({"format": FORMAT, "tree": tree})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.npz")
    np.savez(tmp, __meta__=np.array(meta), **arrays)
    os.replace(tmp, path)
    return path


def load(path: Path):
    """What ``save`` wrote; ValueError if the file is not a records file."""
    try:
        with np.load(Path(path), allow_pickle=False) as data:
            meta = json.loads(str(data["__meta__"]))
            arrays = {key: data[key] for key in data.files if key != "__meta__"}
    except (OSError, KeyError, ValueError, json.JSONDecodeError) as error:
        raise ValueError(f"{path} is not a story records file: {error}") from None
    if meta.get("format") != FORMAT:
        raise ValueError(f"{path}: format {meta.get('format')!r}, expected {FORMAT!r}")
    return _decode(meta["tree"], arrays, _classes())
