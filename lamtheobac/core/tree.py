"""Paths in the unit tree, as treebeard writes them: a unit's path is its
parent's path followed by STEPLEN more characters, so a subtree is a prefix
and the units above are the path's shorter prefixes. The one place where that
arithmetic is done on bare paths (units.Unit uses it too)."""

from __future__ import annotations

from collections.abc import Iterable

STEPLEN = 4  # treebeard's step (Unit.steplen; a test keeps them equal)


def ancestor_paths(path: str) -> list[str]:
    """The paths of the units above `path`, from the root down."""
    return [path[:end] for end in range(STEPLEN, len(path), STEPLEN)]


def lineage(path: str) -> list[str]:
    """`path` and the paths of the units above it, from the root down: whatever a
    level sets for its subtree reaches the unit at `path` from one of these."""
    return [*ancestor_paths(path), path]


def paths_above(paths: Iterable[str]) -> set[str]:
    """Every path above any of `paths` (the paths themselves left out)."""
    return {above for path in paths for above in ancestor_paths(path)}


def depth(path: str) -> int:
    """1 for the root, as treebeard counts."""
    return len(path) // STEPLEN
