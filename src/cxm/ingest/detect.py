"""Working out which connector reads a file, from its shape and its header."""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass
from pathlib import Path

from cxm.errors import UnreadableFileError
from cxm.ingest.read import csv_columns, js_assignment, parse_json_records, records_frame
from cxm.ingest.registry import Registry
from cxm.ingest.spec import ConnectorSpec

_JSON_FORMATS = ("json", "ndjson")


@dataclass(frozen=True)
class Shape:
    """What a file looks like: its family (csv, json, twitter_js) and its columns or keys."""

    family: str
    columns: tuple[str, ...]
    js_name: str | None = None

    def describe(self) -> str:
        """A short description for error messages."""
        shown = ", ".join(self.columns[:15]) + (", ..." if len(self.columns) > 15 else "")
        if self.family == "twitter_js":
            return f"an X/Twitter archive file ({self.js_name})"
        kind = "CSV with columns" if self.family == "csv" else "JSON records with keys"
        return f"{kind}: {shown or '(none)'}"


def shape_of(text: str, path: Path, delimiter: str | None = None) -> Shape:
    """Sniff the family and the columns of a decoded file."""
    head = text.lstrip()[:1]
    name = js_assignment(text[:200])
    if name is not None:
        return Shape("twitter_js", (), name)
    if head in ("[", "{"):
        try:
            records, _ = parse_json_records(text, path)
        except (UnreadableFileError, json.JSONDecodeError):
            records = []
        if records:
            sample = records_frame(records[:200], path)
            return Shape("json", tuple(sample.columns))
    return Shape("csv", tuple(csv_columns(text, delimiter)))


def _matches(spec: ConnectorSpec, shape: Shape, path: Path) -> bool:
    if spec.detect.filename and not fnmatch.fnmatch(
        path.name.lower(), spec.detect.filename.lower()
    ):
        return False
    if shape.family == "twitter_js":
        prefix = spec.detect.js_prefix
        return (
            spec.format == "twitter_js"
            and prefix is not None
            and (shape.js_name or "").startswith(prefix)
        )
    family_ok = spec.format == shape.family or (
        shape.family == "json" and spec.format in _JSON_FORMATS
    )
    if not family_ok or not spec.detect.columns:
        return False
    present = set(shape.columns)
    return all(c in present for c in spec.detect.columns)


def detect(registry: Registry, shape: Shape, path: Path) -> ConnectorSpec:
    """The connector for a file of this shape; the most specific one when several match."""
    found = [s for s in registry if _matches(s, shape, path)]
    if not found:
        known = "\n".join(
            f"  {s.name:<24} {s.title}"
            + (f" (needs: {', '.join(s.detect.columns)})" if s.detect.columns else "")
            for s in registry
        )
        msg = (
            f"{path}: no connector recognises this file; it looks like {shape.describe()}.\n"
            f"Known connectors:\n{known}\n"
            "Force one with --connector NAME, or describe the format in a mapping file (see README)."
        )
        raise UnreadableFileError(msg)
    found.sort(key=lambda s: (len(s.detect.columns), bool(s.detect.filename)), reverse=True)
    best = found[0]
    if len(found) > 1:
        rival = found[1]
        if (len(rival.detect.columns), bool(rival.detect.filename)) == (
            len(best.detect.columns),
            bool(best.detect.filename),
        ):
            msg = (
                f"{path}: both {best.name} and {rival.name} recognise this file; "
                "choose one with --connector NAME"
            )
            raise UnreadableFileError(msg)
    return best


def check_columns(spec: ConnectorSpec, shape: Shape, path: Path) -> None:
    """Raise when the file lacks columns the connector needs, naming the missing and the found ones."""
    if shape.family == "twitter_js" or spec.format == "custom":
        return
    present = set(shape.columns)
    missing = [c for c in spec.required_columns() if c not in present]
    if missing:
        msg = (
            f"{path}: connector {spec.name} needs columns that are missing: {', '.join(missing)}; "
            f"found {shape.describe()}"
        )
        raise UnreadableFileError(msg)
