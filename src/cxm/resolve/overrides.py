"""Overrides: an agent's "same person" (link) and "not the same person" (unlink) decisions.

Stored in ``CXM_HOME/lake/overrides/overrides.parquet``, appended under a lock and rewritten
atomically. Nothing is deleted: revoking an override stamps ``revoked_at``/``revoked_by``, so the
file is also the audit trail. Every resolve run honours the active ones: a link becomes a
must-link edge, an unlink a cannot-link constraint that no rule, score or chain can cross.
"""

from __future__ import annotations

import fcntl
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final, Literal

import polars as pl

from cxm.errors import ResolveError
from cxm.ingest.lake import write_parquet_atomic

_COLUMNS: Final[dict[str, pl.DataType]] = {
    "override_id": pl.String(),
    "kind": pl.String(),
    "source_a": pl.String(),
    "record_id_a": pl.String(),
    "source_b": pl.String(),
    "record_id_b": pl.String(),
    "actor": pl.String(),
    "reason": pl.String(),
    "created_at": pl.Datetime("us", "UTC"),
    "revoked_at": pl.Datetime("us", "UTC"),
    "revoked_by": pl.String(),
}
SCHEMA: Final[pl.Schema] = pl.Schema(_COLUMNS)
Kind = Literal["link", "unlink"]


@dataclass(frozen=True, order=True)
class RecordRef:
    """A record named as ``source:record_id`` (split at the first colon)."""

    source: str
    record_id: str

    @classmethod
    def parse(cls, text: str) -> RecordRef:
        """Parse ``source:record_id``; raise :class:`ResolveError` on anything else."""
        source, sep, record_id = text.partition(":")
        if not sep or not source.strip() or not record_id.strip():
            msg = f"{text!r} is not a record reference; write source:record_id (e.g. hubspot:51)"
            raise ResolveError(msg)
        return cls(source.strip(), record_id.strip())

    def __str__(self) -> str:
        return f"{self.source}:{self.record_id}"


def overrides_path(lake_dir: Path) -> Path:
    """Where the overrides file lives."""
    return lake_dir / "overrides" / "overrides.parquet"


def read_overrides(lake_dir: Path, *, active_only: bool = False) -> pl.DataFrame:
    """Every override ever recorded (or only the active ones), oldest first."""
    path = overrides_path(lake_dir)
    if not path.exists():
        return pl.DataFrame(schema=SCHEMA)
    frame = pl.read_parquet(path).select(list(SCHEMA.names())).cast(SCHEMA)
    if active_only:
        frame = frame.filter(pl.col("revoked_at").is_null())
    return frame.sort("created_at", "override_id")


@contextmanager
def _locked(lake_dir: Path) -> Iterator[None]:
    folder = overrides_path(lake_dir).parent
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def add_override(
    lake_dir: Path,
    kind: Kind,
    a: RecordRef,
    b: RecordRef,
    *,
    actor: str,
    reason: str | None = None,
    now: datetime | None = None,
) -> str:
    """Record a link or unlink of two records; returns its id."""
    if a == b:
        msg = f"cannot {kind} a record with itself ({a})"
        raise ResolveError(msg)
    first, second = sorted((a, b))
    override_id = f"ovr_{uuid.uuid4().hex[:16]}"
    row = pl.DataFrame(
        {
            "override_id": [override_id],
            "kind": [kind],
            "source_a": [first.source],
            "record_id_a": [first.record_id],
            "source_b": [second.source],
            "record_id_b": [second.record_id],
            "actor": [actor],
            "reason": [reason],
            "created_at": [now or datetime.now(UTC)],
            "revoked_at": [None],
            "revoked_by": [None],
        },
        schema=SCHEMA,
    )
    with _locked(lake_dir):
        frame = pl.concat([read_overrides(lake_dir), row])
        write_parquet_atomic(frame, overrides_path(lake_dir))
    return override_id


def revoke_override(
    lake_dir: Path, override_id: str, *, actor: str, now: datetime | None = None
) -> None:
    """Revoke an active override (kept in the file as audit)."""
    with _locked(lake_dir):
        frame = read_overrides(lake_dir)
        target = (pl.col("override_id") == override_id) & pl.col("revoked_at").is_null()
        if frame.filter(target).height == 0:
            msg = f"no active override {override_id!r} (see `cxm overrides list`)"
            raise ResolveError(msg)
        frame = frame.with_columns(
            pl.when(target)
            .then(pl.lit(now or datetime.now(UTC), dtype=pl.Datetime("us", "UTC")))
            .otherwise(pl.col("revoked_at"))
            .alias("revoked_at"),
            pl.when(target).then(pl.lit(actor)).otherwise(pl.col("revoked_by")).alias("revoked_by"),
        )
        write_parquet_atomic(frame, overrides_path(lake_dir))
