"""The stored result of a resolve run, in the lake, committed atomically.

Layout under ``CXM_HOME/lake/resolution``::

    _current.json               which run is current, and its summary (the commit point)
    run=<run_id>/identity_map.parquet   customer per record       (schemas/identity_map.v1.json)
    run=<run_id>/customer.parquet       golden records            (schemas/customer.v1.json)
    run=<run_id>/match_edge.parquet     edges and their evidence  (schemas/match_edge.v1.json)
    run=<run_id>/alias.parquet          merged-away ids           (schemas/alias.v1.json)
    run=<run_id>/registry.parquet       every customer id ever issued and its status
    run=<run_id>/held.parquet           clusters held as too large
    run=<run_id>/term_frequency.parquet name values and their shares (term-frequency weights)
    run=<run_id>/model.json             the Fellegi-Sunter parameters used

A run is written under ``_staging/``, renamed into place, and only then does ``_current.json``
point at it, so readers see the previous run or the new one, never a mix. The previous run is
kept (the next run's id stability reads it); older ones are removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import polars as pl
import pyarrow.parquet as pq

from cxm.errors import ResolveError
from cxm.ingest.lake import fsync_file, write_text_atomic
from cxm.schema import RESOLUTION_TABLES, conform, empty

CURRENT: Final[str] = "_current.json"
STAGING: Final[str] = "_staging"
EXTRA_TABLES: Final[tuple[str, ...]] = ("registry", "held", "term_frequency")


def resolution_dir(lake_dir: Path) -> Path:
    """The folder holding resolve runs."""
    return lake_dir / "resolution"


@dataclass(frozen=True)
class Resolution:
    """One committed resolve run."""

    run_id: str
    path: Path
    summary: dict[str, Any]

    def read(self, table: str) -> pl.DataFrame:
        """A table of the run: one of the resolution tables, ``registry`` or ``held``."""
        path = self.path / f"{table}.parquet"
        if table not in (*RESOLUTION_TABLES, *EXTRA_TABLES):
            msg = f"unknown resolution table {table!r}"
            raise ResolveError(msg)
        try:
            return pl.read_parquet(path)
        except (OSError, pl.exceptions.PolarsError) as err:
            msg = f"the resolution table {path} is unreadable: {err}"
            raise ResolveError(msg) from err

    def model(self) -> dict[str, Any]:
        """The model parameters the run used."""
        doc: dict[str, Any] = json.loads((self.path / "model.json").read_text(encoding="utf-8"))
        return doc


def current(lake_dir: Path) -> Resolution | None:
    """The current run, or ``None`` before the first ``cxm resolve``."""
    root = resolution_dir(lake_dir)
    pointer = root / CURRENT
    if not pointer.exists():
        return None
    try:
        doc = json.loads(pointer.read_text(encoding="utf-8"))
        run_id = str(doc["run_id"])
    except (OSError, ValueError, KeyError) as err:
        msg = f"{pointer} is unreadable: {err}"
        raise ResolveError(msg) from err
    return Resolution(run_id=run_id, path=root / f"run={run_id}", summary=doc.get("summary", {}))


def require_current(lake_dir: Path) -> Resolution:
    """The current run; a clear error when there is none."""
    found = current(lake_dir)
    if found is None:
        msg = f"no resolution in {lake_dir}: run `cxm resolve` first"
        raise ResolveError(msg)
    return found


@contextlib.contextmanager
def locked(lake_dir: Path) -> Iterator[None]:
    """Hold the resolution lock (one resolve at a time)."""
    root = resolution_dir(lake_dir)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            msg = f"another cxm resolve is running on {lake_dir}"
            raise ResolveError(msg) from err
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class RunWriter:
    """A run being written: each table goes under ``_staging/`` as soon as it is built, and
    :meth:`commit` renames the folder into place and then makes the run current.

    Writing a table as soon as it exists lets the pipeline free it before building the next
    one, and :meth:`parts` writes a large table part by part (one Parquet file, appended to per
    part), so no large table is ever held whole. Nothing is visible to readers before
    :meth:`commit`; an abandoned staging folder is removed by the next run. Use it while
    holding :func:`locked`.
    """

    def __init__(self, lake_dir: Path, run_id: str) -> None:
        self.lake_dir = lake_dir
        self.run_id = run_id
        root = resolution_dir(lake_dir)
        shutil.rmtree(root / STAGING, ignore_errors=True)
        self.staging = root / STAGING / f"run={run_id}"
        self.staging.mkdir(parents=True)

    def write(self, name: str, frame: pl.DataFrame) -> None:
        """Write the whole table ``name``."""
        target = self.staging / f"{name}.parquet"
        _conformed(name, frame).write_parquet(
            target, compression="zstd", compression_level=1, statistics=True
        )
        fsync_file(target)

    @contextlib.contextmanager
    def parts(self, name: str) -> Iterator[Callable[[pl.DataFrame], None]]:
        """Write the resolution table ``name`` in parts: each frame passed to the yielded
        function is appended after the previous ones (parts given in order make an ordered
        table). A table that comes in one part is written as :meth:`write` writes it."""
        target = self.staging / f"{name}.parquet"
        first: pl.DataFrame | None = None
        writer: pq.ParquetWriter | None = None

        def append(part: pl.DataFrame) -> None:
            nonlocal first, writer
            if writer is None:
                if first is None:
                    first = part  # written once a second part shows the table has several
                    return
                head = _conformed(name, first).to_arrow()
                writer = pq.ParquetWriter(
                    target, head.schema, compression="zstd", compression_level=1
                )
                writer.write_table(head)
                first = None
            writer.write_table(_conformed(name, part).to_arrow())

        try:
            yield append
        finally:
            if writer is not None:
                writer.close()
        if writer is None:
            self.write(name, empty(name) if first is None else first)
        else:
            fsync_file(target)

    def commit(self, model: dict[str, Any], summary: dict[str, Any]) -> Resolution:
        """Store the model, move the run into place and make it current (the commit point)."""
        root = resolution_dir(self.lake_dir)
        (self.staging / "model.json").write_text(
            json.dumps(model, indent=1) + "\n", encoding="utf-8"
        )
        final = root / f"run={self.run_id}"
        os.replace(self.staging, final)
        previous = current(self.lake_dir)
        doc = {"run_id": self.run_id, "summary": summary}
        write_text_atomic(json.dumps(doc, indent=1, default=str) + "\n", root / CURRENT)
        keep = {f"run={self.run_id}"} | ({f"run={previous.run_id}"} if previous else set())
        for child in root.iterdir():
            if child.is_dir() and child.name.startswith("run=") and child.name not in keep:
                shutil.rmtree(child, ignore_errors=True)
        shutil.rmtree(root / STAGING, ignore_errors=True)
        return Resolution(run_id=self.run_id, path=final, summary=summary)


def _conformed(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    return conform(frame, name) if name in RESOLUTION_TABLES else frame
