"""Finding the export files under the paths given to ``cxm ingest``."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from pathlib import Path

from cxm.errors import UnreadableFileError
from cxm.ingest.registry import MAPPING_SUFFIX

IGNORE_FILE = ".cxmignore"
"""A file in a folder listing names to skip there and below (fnmatch patterns, one a line)."""
DEFAULT_IGNORES = ("*.md", "*.py", "*.toml", "*.txt", ".*", IGNORE_FILE)


def _ignored(path: Path, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(path.name, p) for p in patterns)


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Data files and mapping specs under ``paths`` (folders are walked; see ``.cxmignore``)."""
    files: list[Path] = []
    mappings: list[Path] = []
    missing = [p for p in paths if not p.exists()]
    if missing:
        msg = "no such file or folder: " + ", ".join(str(p) for p in missing)
        raise UnreadableFileError(msg)
    for path in paths:
        if path.is_file():
            (mappings if path.name.endswith(MAPPING_SUFFIX) else files).append(path)
            continue
        _walk(path, [], files, mappings)
    return files, mappings


def _walk(folder: Path, inherited: list[str], files: list[Path], mappings: list[Path]) -> None:
    patterns = list(inherited)
    ignore = folder / IGNORE_FILE
    if ignore.exists():
        lines = ignore.read_text(encoding="utf-8").splitlines()
        patterns += [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]
    for child in sorted(folder.iterdir()):
        if child.name.endswith(MAPPING_SUFFIX):
            mappings.append(child)
        elif _ignored(child, [*DEFAULT_IGNORES, *patterns]):
            continue
        elif child.is_dir():
            _walk(child, patterns, files, mappings)
        elif child.is_file():
            files.append(child)
