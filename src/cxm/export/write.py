"""Export formats: Parquet and CSV bytes produced batch by batch, and atomic files.

:func:`encode` turns a stream of conformed frames into the bytes of a file, one batch at a
time, so memory holds one batch whatever the export's size; the CLI writes those bytes to a
file atomically (:func:`write_atomic`) and the API streams them to the client.

- **Parquet**: one row group per batch (zstd), with the Arrow schema of the export's JSON
  Schema (:func:`arrow_schema`): ``string``, ``int64``, ``double``, ``date32``,
  ``timestamp[us, UTC]``, ``list<...>`` and ``list<struct<...>>``; required columns are
  non-nullable. The footer comes last, so a cut-off stream is never a readable file.
- **CSV**: a header, then RFC 4180 rows. Lists and lists of objects are JSON text; times are
  ISO 8601 in UTC with microseconds and ``Z``; dates ``YYYY-MM-DD``; floats the shortest text
  that reads back to the same number; null is an empty unquoted field and the empty string
  ``""``. :func:`csv_schema` is the schema to read it back with.
"""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Final

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from cxm.errors import ExportError
from cxm.ingest.lake import fsync_dir

if TYPE_CHECKING:
    from polars._typing import PolarsDataType

FORMATS: Final = ("parquet", "csv")
MEDIA_TYPES: Final = {"parquet": "application/vnd.apache.parquet", "csv": "text/csv; charset=utf-8"}
CSV_TIME: Final = "%Y-%m-%dT%H:%M:%S%.6fZ"
_EXTENSIONS: Final = {".parquet": "parquet", ".csv": "csv"}


def format_for(out: Path, fmt: str | None = None) -> str:
    """The format to write ``out`` in: ``fmt``, else the one its extension names.

    Raises :class:`ExportError` naming the file when the format is unknown, when neither is
    given, or when the extension names the other format.

    Examples
    --------
    >>> format_for(Path("people.parquet"))
    'parquet'
    >>> format_for(Path("people.txt"), "csv")
    'csv'
    """
    by_extension = _EXTENSIONS.get(out.suffix.lower())
    if fmt is not None and fmt not in FORMATS:
        msg = f"{out}: unknown export format {fmt!r}; use {' or '.join(FORMATS)}"
        raise ExportError(msg)
    if fmt is None and by_extension is None:
        msg = (
            f"{out}: unknown export format {out.suffix or '(no extension)'}; "
            "use .csv or .parquet, or say --format csv|parquet"
        )
        raise ExportError(msg)
    if fmt is not None and by_extension is not None and fmt != by_extension:
        msg = f"{out}: the extension says {by_extension} but --format says {fmt}; make them agree"
        raise ExportError(msg)
    return fmt or str(by_extension)


def _arrow_type(dtype: PolarsDataType) -> pa.DataType:
    if isinstance(dtype, pl.List):
        return pa.list_(_arrow_type(dtype.inner))
    if isinstance(dtype, pl.Struct):
        return pa.struct([pa.field(f.name, _arrow_type(f.dtype)) for f in dtype.fields])
    if isinstance(dtype, pl.Datetime):
        return pa.timestamp(dtype.time_unit, tz=dtype.time_zone)
    simple = {
        pl.String: pa.string(),
        pl.Int64: pa.int64(),
        pl.Float64: pa.float64(),
        pl.Boolean: pa.bool_(),
        pl.Date: pa.date32(),
    }
    for kind, arrow in simple.items():
        if dtype == kind:
            return arrow
    msg = f"no Arrow type for polars {dtype}"
    raise ExportError(msg)


def arrow_schema(schema: pl.Schema, required: Iterable[str] = ()) -> pa.Schema:
    """The Arrow (and so Parquet) schema of an export; ``required`` columns are non-nullable."""
    must = set(required)
    return pa.schema(
        [
            pa.field(name, _arrow_type(dtype), nullable=name not in must)
            for name, dtype in schema.items()
        ]
    )


def _nested(dtype: pl.DataType) -> bool:
    return isinstance(dtype, pl.List | pl.Struct)


def csv_schema(schema: pl.Schema) -> pl.Schema:
    """How an export's CSV reads back: as ``schema``, with nested columns as (JSON) text."""
    return pl.Schema({n: pl.String() if _nested(t) else t for n, t in schema.items()})


def _json_text(column: str) -> pl.Expr:
    # polars JSON-encodes structs only: wrap the value as {"v": ...} and cut the wrapper off.
    wrapped = pl.struct(pl.col(column).alias("v")).struct.json_encode()
    return wrapped.str.slice(5, wrapped.str.len_bytes() - 6).alias(column)


def csv_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with its nested columns as JSON text, ready for ``write_csv``."""
    nested = [n for n, t in frame.schema.items() if _nested(t)]
    return frame.with_columns(_json_text(n) for n in nested) if nested else frame


class _Pending:
    """A write-only file object that keeps what is written until :meth:`take` hands it on."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._position = 0
        self.closed = False

    def write(self, data: bytes | memoryview) -> int:
        self._parts.append(bytes(data))
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def flush(self) -> None:
        return None

    def close(self) -> None:
        self.closed = True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def _parquet(frames: Iterable[pl.DataFrame], schema: pa.Schema) -> Iterator[bytes]:
    pending = _Pending()
    writer = pq.ParquetWriter(pending, schema, compression="zstd", compression_level=1)
    try:
        for frame in frames:
            table = frame.to_arrow(compat_level=pl.CompatLevel.oldest()).cast(schema)
            writer.write_table(table)
            if data := pending.take():
                yield data
    finally:
        writer.close()
    yield pending.take()


def _csv(frames: Iterable[pl.DataFrame], schema: pl.Schema) -> Iterator[bytes]:
    yield (",".join(_csv_name(n) for n in schema) + "\n").encode()
    for frame in frames:
        buffer = io.BytesIO()
        csv_frame(frame).write_csv(buffer, include_header=False, datetime_format=CSV_TIME)
        yield buffer.getvalue()


def _csv_name(name: str) -> str:
    return f'"{name}"' if any(ch in name for ch in ',"\n') else name


def encode(
    frames: Iterable[pl.DataFrame], schema: pl.Schema, fmt: str, required: Iterable[str] = ()
) -> Iterator[bytes]:
    """The bytes of an export of ``frames`` (each conformed to ``schema``) in format ``fmt``.

    Yields one chunk per batch (plus a header or footer), so the whole never sits in memory.
    """
    if fmt == "parquet":
        return _parquet(frames, arrow_schema(schema, required))
    if fmt == "csv":
        return _csv(frames, schema)
    msg = f"unknown export format {fmt!r}; use {' or '.join(FORMATS)}"
    raise ExportError(msg)


def write_atomic(chunks: Iterable[bytes], out: Path) -> int:
    """Write ``chunks`` to ``out`` through a temporary file beside it, fsync and one rename.

    Returns the bytes written. If anything fails (the chunks' producer included), the temporary
    file is removed and an existing ``out`` is left as it was; an ``OSError`` becomes an
    :class:`ExportError` naming the file.
    """
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex}.tmp")
    size = 0
    pending = False  # a temporary file exists that is not (yet) ``out``
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as handle:
            pending = True
            for chunk in chunks:
                handle.write(chunk)
                size += len(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, out)
        pending = False
        fsync_dir(out.parent)
    except OSError as err:
        msg = f"cannot write {out}: {err.strerror or err}"
        raise ExportError(msg) from err
    finally:
        if pending:
            tmp.unlink(missing_ok=True)
    return size
