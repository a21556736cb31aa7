"""The Parquet lake: partitioned tables, a manifest of batches, atomic commits.

Layout under ``CXM_HOME/lake``::

    _manifest.json                                  the batches, and which are active
    identity_record/source=<s>/batch=<b>/part-0.parquet
    interaction/source=<s>/batch=<b>/part-0.parquet
    quarantine/source=<s>/batch=<b>/part-0.parquet

A run stages its batches under ``_staging/``, moves them into place and then replaces the manifest
in one atomic rename: the manifest is the commit point. Readers only read batches the manifest
lists as active, so a crash at any moment leaves the previous lake readable and intact; the next
run removes what the crashed one left behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import polars as pl

from cxm.errors import LakeError
from cxm.ingest.merge import merge_records
from cxm.schema import LAKE_TABLES, conform, empty, table_schema

MANIFEST = "_manifest.json"
STAGING = "_staging"
MANIFEST_VERSION = 1


@dataclass
class Batch:
    """One ingested file: where it came from and how its rows were accounted for."""

    batch_id: str
    connector: str
    source: str
    file: str
    file_key: str
    sha256: str
    size: int
    ingested_at: str
    rows_read: int
    rows_staged: int
    rows_quarantined: int
    identity_records: int
    interactions: int
    status: str = "active"
    superseded_by: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries (a rename into it) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    """Flush a written file's content to disk."""
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def write_parquet_atomic(frame: pl.DataFrame, path: Path) -> None:
    """Write ``frame`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        frame.write_parquet(tmp, compression="zstd", compression_level=1, statistics=True)
        fsync_file(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_text_atomic(text: str, path: Path) -> None:
    """Write ``text`` to ``path`` through a temporary file, fsync and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    finally:
        tmp.unlink(missing_ok=True)


class Lake:
    """The lake at ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    # --- manifest ----------------------------------------------------------------------------

    @property
    def manifest_path(self) -> Path:
        """Path of the manifest file."""
        return self.root / MANIFEST

    def batches(self) -> list[Batch]:
        """Every batch the manifest knows, oldest first (active and superseded)."""
        path = self.manifest_path
        if not path.exists():
            return []
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            return [Batch(**b) for b in doc["batches"]]
        except (OSError, ValueError, KeyError, TypeError) as err:
            msg = f"the lake manifest {path} is unreadable: {err}"
            raise LakeError(msg) from err

    def active(self) -> list[Batch]:
        """Batches whose rows are part of the lake."""
        return [b for b in self.batches() if b.status == "active"]

    def _write_manifest(self, batches: list[Batch]) -> None:
        doc = {"version": MANIFEST_VERSION, "batches": [asdict(b) for b in batches]}
        write_text_atomic(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", self.manifest_path)

    # --- paths -------------------------------------------------------------------------------

    def partition(self, table: str, source: str, batch_id: str, root: Path | None = None) -> Path:
        """Folder of one batch of one table."""
        return (root or self.root) / table / f"source={source}" / f"batch={batch_id}"

    def files(self, table: str) -> list[Path]:
        """Parquet files of the active batches of ``table``, oldest batch first."""
        out = []
        for batch in self.active():
            part = self.partition(table, batch.source, batch.batch_id) / "part-0.parquet"
            if part.exists():
                out.append(part)
        return out

    # --- reading -----------------------------------------------------------------------------

    def scan(self, table: str) -> pl.LazyFrame:
        """All active rows of ``table`` (every batch, duplicates across batches included)."""
        files = self.files(table)
        if not files:
            return empty(table).lazy()
        return pl.scan_parquet(files, schema=table_schema(table).polars)

    def read(
        self, table: str, columns: Sequence[str] | None = None, keys: pl.DataFrame | None = None
    ) -> pl.DataFrame:
        """The current rows of ``table``: for keyed tables, the latest batch's row per key.

        A record re-exported in a newer file (another name, another folder) is therefore counted
        once, with its newest content. ``columns`` limits what is read (the key and the batch
        are always read), which keeps large reads small. ``keys`` (a frame holding a keyed
        table's key columns) limits the rows to those keys; the files are then streamed, so
        reading a part of a large table never holds the whole of it.
        """
        key = list(table_schema(table).key)
        frame = self.scan(table)
        if columns is not None:
            wanted = [*key, "batch_id", *(c for c in columns if c not in (*key, "batch_id"))]
            frame = frame.select(wanted)
        engine: Literal["auto", "streaming"] = "auto"
        if keys is not None and key:
            frame = frame.join(keys.lazy().select(key), on=key, how="semi")
            engine = "streaming"
        if not key:
            return frame.collect()
        order = {b.batch_id: i for i, b in enumerate(self.active())}
        ordered = (
            frame.with_columns(
                pl.col("batch_id").replace_strict(order, default=-1).alias("__order")
            )
            .sort("__order", maintain_order=True)
            .drop("__order")
            .collect(engine=engine)
        )
        if table == "identity_record":
            # Two files can describe one source record (a Zendesk user in the users export and as
            # a requester in the ticket CSV): merge them, the newest batch winning per field.
            return merge_records(ordered, key)
        return ordered.unique(subset=key, keep="last", maintain_order=True)

    # --- writing -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Stage batches and commit them together; on any error nothing becomes visible."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as err:
                msg = f"another cxm process is writing the lake at {self.root}"
                raise LakeError(msg) from err
            self.recover()
            txn = Transaction(self, self.root / STAGING / uuid.uuid4().hex)
            try:
                yield txn
            finally:
                shutil.rmtree(txn.staging, ignore_errors=True)

    def recover(self) -> list[Path]:
        """Remove what a crashed run left: staging folders and batch folders no active batch owns."""
        removed: list[Path] = []
        staging = self.root / STAGING
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
            removed.append(staging)
        live = {b.batch_id for b in self.active()}
        for table in LAKE_TABLES:
            for folder in sorted((self.root / table).glob("source=*/batch=*")):
                if folder.name.removeprefix("batch=") not in live:
                    shutil.rmtree(folder, ignore_errors=True)
                    removed.append(folder)
        return removed


class Transaction:
    """Batches staged by one run, committed by :meth:`commit`."""

    def __init__(self, lake: Lake, staging: Path) -> None:
        self.lake = lake
        self.staging = staging
        self.staged: list[Batch] = []
        self.superseded: dict[str, str] = {}

    def stage(self, batch: Batch, tables: dict[str, pl.DataFrame]) -> None:
        """Write one batch's tables (conformed to the canonical schemas) into the staging area."""
        for table, frame in tables.items():
            out = conform(frame, table)
            write_parquet_atomic(
                out,
                self.lake.partition(table, batch.source, batch.batch_id, self.staging)
                / "part-0.parquet",
            )
        self.staged.append(batch)

    def supersede(self, old_batch_id: str, new_batch_id: str) -> None:
        """Mark an active batch as replaced by a staged one (a changed version of the same file)."""
        self.superseded[old_batch_id] = new_batch_id

    def commit(self) -> None:
        """Move the staged batches into place and switch the manifest to them, atomically."""
        if not self.staged:
            return
        for batch in self.staged:
            for table in LAKE_TABLES:
                src = self.lake.partition(table, batch.source, batch.batch_id, self.staging)
                if src.exists():
                    dst = self.lake.partition(table, batch.source, batch.batch_id)
                    dst.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(src, dst)
        batches = self.lake.batches()
        for batch in batches:
            if batch.batch_id in self.superseded:
                batch.status = "superseded"
                batch.superseded_by = self.superseded[batch.batch_id]
        self.lake._write_manifest(batches + self.staged)
        # After the commit point: the superseded batches' files are no longer read by anyone.
        for batch in batches:
            if batch.batch_id in self.superseded:
                for table in LAKE_TABLES:
                    shutil.rmtree(
                        self.lake.partition(table, batch.source, batch.batch_id), ignore_errors=True
                    )
