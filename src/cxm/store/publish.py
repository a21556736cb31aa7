"""``cxm publish``: load the current resolution into the store in one transaction.

The published tables are emptied and refilled inside a single transaction, so readers (the
running API, whose requests each read one snapshot) see the old store or the new one, never a
mix; a crash half-way rolls back and leaves the old store serving. ``DELETE`` rather than
``TRUNCATE`` keeps PostgreSQL readers unblocked while the load runs. Rows go in through the
driver's fastest path: ``COPY`` on PostgreSQL, ``executemany`` on SQLite.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import polars as pl
import sqlalchemy as sa

from cxm.errors import StoreError
from cxm.store.frames import StoreFrames
from cxm.store.migrate import upgrade
from cxm.store.tables import PUBLISHED, Publication

BATCH_ROWS = 50_000
_SQLITE_TIME = "%Y-%m-%d %H:%M:%S%.6f"  # how SQLAlchemy stores DateTime on SQLite
_PG_TIME = "%Y-%m-%dT%H:%M:%S%.6f+00:00"


@dataclass(frozen=True)
class PublishReport:
    """What a publish loaded."""

    run_id: str
    counts: dict[str, int]
    unplaced_interactions: int
    seconds: float


def _as_text_times(frame: pl.DataFrame, fmt: str) -> pl.DataFrame:
    times = [c for c, t in frame.schema.items() if isinstance(t, pl.Datetime)]
    return frame.with_columns(pl.col(c).dt.convert_time_zone("UTC").dt.strftime(fmt) for c in times)


def _batches(frame: pl.DataFrame) -> Iterator[list[tuple[Any, ...]]]:
    for start in range(0, frame.height, BATCH_ROWS):
        yield frame.slice(start, BATCH_ROWS).rows()


def _load_sqlite(conn: sa.Connection, table: sa.Table, frame: pl.DataFrame) -> None:
    columns = ", ".join(f'"{c}"' for c in frame.columns)
    marks = ", ".join("?" for _ in frame.columns)
    sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})'
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        for rows in _batches(_as_text_times(frame, _SQLITE_TIME)):
            cursor.executemany(sql, rows)
    finally:
        cursor.close()


def _load_postgres(conn: sa.Connection, table: sa.Table, frame: pl.DataFrame) -> None:
    columns = ", ".join(f'"{c}"' for c in frame.columns)
    driver = conn.connection.driver_connection
    sql = f'COPY "{table.name}" ({columns}) FROM STDIN'
    with driver.cursor() as cursor, cursor.copy(sql) as copy:  # type: ignore[union-attr]
        for rows in _batches(_as_text_times(frame, _PG_TIME)):
            for row in rows:
                copy.write_row(row)


def _loader(conn: sa.Connection) -> Callable[[sa.Connection, sa.Table, pl.DataFrame], None]:
    return _load_postgres if conn.dialect.name == "postgresql" else _load_sqlite


def write_store(
    engine: sa.Engine,
    frames: StoreFrames,
    *,
    now: datetime | None = None,
    after_table: Callable[[str], None] | None = None,
) -> PublishReport:
    """Replace the published tables with ``frames`` atomically; return what was loaded.

    ``after_table`` is called with each table's name once it is loaded, inside the transaction
    (progress reporting; tests use it to crash a publish half-way).
    """
    started = datetime.now(UTC)
    upgrade(engine)
    counts = {name: frame.height for name, frame in frames.tables.items()}
    # The loaders write through the driver (COPY, executemany), so their failures arrive as the
    # driver's own errors, not SQLAlchemy's.
    driver_error: type[Exception] = engine.dialect.loaded_dbapi.Error
    try:
        with engine.begin() as conn:
            load = _loader(conn)
            for model in reversed(PUBLISHED):
                conn.execute(sa.delete(model.__table__))  # type: ignore[union-attr]
            for model in PUBLISHED:
                table: sa.Table = model.__table__  # type: ignore[union-attr]
                frame = frames.tables[table.name]
                unknown = [c for c in frame.columns if c not in table.columns]
                if unknown:
                    msg = f"publish: table {table.name} has no columns {', '.join(unknown)}"
                    raise StoreError(msg)
                if frame.height:
                    load(conn, table, frame)
                if after_table is not None:
                    after_table(table.name)
            conn.execute(
                sa.insert(Publication.__table__),  # type: ignore[attr-defined]
                {
                    "run_id": frames.run_id,
                    "published_at": now or datetime.now(UTC),
                    "customers": counts["customer"],
                    "source_records": counts["source_record"],
                    "interactions": counts["interaction"],
                    "metrics": json.dumps(frames.metrics, separators=(",", ":")),
                },
            )
    except (sa.exc.SQLAlchemyError, driver_error) as err:
        msg = (
            f"publishing run {frames.run_id} failed; the store still serves the previous one: {err}"
        )
        raise StoreError(msg) from err
    seconds = (datetime.now(UTC) - started).total_seconds()
    return PublishReport(frames.run_id, counts, frames.unplaced_interactions, seconds)
