"""Where the files shipped beside the code live: built-in connector specs and JSON Schemas.

In a source checkout they are the top-level ``connectors/`` and ``schemas/`` folders; in an installed
wheel they are packaged under ``cxm/_builtin/``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    packaged = _PACKAGE_DIR / "_builtin" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent.parent / name


def schemas_dir() -> Path:
    """Folder of the canonical JSON Schemas."""
    return _shipped("schemas")


def builtin_connectors_dir() -> Path:
    """Folder of the built-in connector specs."""
    return _shipped("connectors")
