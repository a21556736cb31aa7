"""An export run: one snapshot of the published store, read in batches, into a file or a stream.

Everything an export reads comes from one snapshot (:func:`cxm.store.engine.snapshot`), so a
publish that commits while a long export runs is not seen half-way: the file holds one
publish, the one named in the report.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack, closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa

from cxm.errors import ExportError, NotPublishedError
from cxm.export.datasets import dataset, read_dataset
from cxm.export.prefetch import prefetch
from cxm.export.write import MEDIA_TYPES, encode, format_for, write_atomic
from cxm.schema import table_schema
from cxm.store.engine import snapshot
from cxm.store.query import latest_publication
from cxm.store.scan import BATCH_ROWS

NOTHING_PUBLISHED = "nothing published yet: run `cxm publish` (or `cxm run`) first"


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote."""

    dataset: str
    format: str
    path: Path
    rows: int
    bytes: int
    run_id: str
    seconds: float


@dataclass
class ExportStream:
    """An export being streamed: which publish it holds and its bytes, batch by batch.

    The snapshot it reads stays open until ``chunks`` is exhausted or closed.
    """

    dataset: str
    format: str
    run_id: str
    media_type: str
    filename: str
    chunks: Iterator[bytes]


def _publication(conn: sa.Connection) -> dict[str, Any]:
    found = latest_publication(conn)
    if found is None:
        raise NotPublishedError(NOTHING_PUBLISHED)
    return found


def export_file(
    engine: sa.Engine,
    name: str,
    out: Path,
    fmt: str | None = None,
    *,
    batch_rows: int = BATCH_ROWS,
) -> ExportReport:
    """Write dataset ``name`` of the store to ``out`` (format ``fmt``, else by extension).

    The file appears whole or not at all. Raises :class:`ExportError` for an unknown dataset
    or format or an unwritable file, :class:`NotPublishedError` before the first publish.
    """
    spec = dataset(name)
    chosen = format_for(out, fmt)
    started = time.perf_counter()
    rows = 0
    with snapshot(engine) as conn:
        run_id = str(_publication(conn)["run_id"])

        def counted(frames: Iterator[pl.DataFrame]) -> Iterator[pl.DataFrame]:
            nonlocal rows
            for frame in frames:
                rows += frame.height
                yield frame

        required = table_schema(spec.schema_table).required
        with closing(prefetch(read_dataset(conn, name, batch_rows=batch_rows))) as frames:
            size = write_atomic(encode(counted(frames), spec.schema, chosen, required), out)
    return ExportReport(
        dataset=name,
        format=chosen,
        path=out,
        rows=rows,
        bytes=size,
        run_id=run_id,
        seconds=time.perf_counter() - started,
    )


def open_stream(
    engine: sa.Engine, name: str, fmt: str, *, batch_rows: int = BATCH_ROWS
) -> ExportStream:
    """Start streaming dataset ``name`` in format ``fmt`` from one snapshot of the store.

    The publish is checked before anything is sent, so an unpublished store is a
    :class:`NotPublishedError` here, not a broken download. Closing (or exhausting) ``chunks``
    releases the snapshot.
    """
    spec = dataset(name)
    if fmt not in MEDIA_TYPES:
        msg = f"unknown export format {fmt!r}; use {' or '.join(MEDIA_TYPES)}"
        raise ExportError(msg)
    stack = ExitStack()
    try:
        conn = stack.enter_context(snapshot(engine))
        run_id = str(_publication(conn)["run_id"])
    except BaseException:
        stack.close()
        raise

    def chunks() -> Iterator[bytes]:
        with stack:
            yield b""  # started: from here, closing the generator closes the snapshot
            required = table_schema(spec.schema_table).required
            with closing(prefetch(read_dataset(conn, name, batch_rows=batch_rows))) as frames:
                yield from encode(frames, spec.schema, fmt, required)

    stream = chunks()
    next(stream)
    return ExportStream(
        dataset=name,
        format=fmt,
        run_id=run_id,
        media_type=MEDIA_TYPES[fmt],
        filename=f"cxm-{name}-{_safe(run_id)}.{fmt}",
        chunks=stream,
    )


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in text)
