"""Reading a published table whole, in key order, as a stream of polars frames (for exports).

:func:`scan_table` is the one place that knows how each backend hands rows over quickly:

- Rows come through the driver's own cursor (SQLAlchemy's row objects would double the cost)
  and become a frame per batch with polars' row constructor, so memory holds one batch.
- Times come back as text in one format on both backends (SQLite stores them as text; on
  PostgreSQL ``to_char`` renders them in UTC) and are parsed by polars, column-wise.
- On PostgreSQL a server-side cursor streams the result; strings sort with ``COLLATE "C"`` so
  that both backends give the same (byte) order.
- On SQLite, a table whose rows were published in another order than the scan's (the
  timeline: events arrive in lake order, by source and then time) is sorted by SQLite's
  external sorter, one sequential pass over the table, rather than walked along the index,
  which costs a random read per row.

The caller passes a connection from :func:`cxm.store.engine.snapshot`, so a scan sees one
published state however long it runs.
"""

from __future__ import annotations

import uuid
from collections.abc import Generator, Sequence
from typing import Any, Final

import polars as pl
import sqlalchemy as sa

from cxm.errors import StoreError

BATCH_ROWS: Final = 50_000
TEXT_TIME: Final = "%Y-%m-%d %H:%M:%S%.f"  # SQLite's storage format; PostgreSQL renders the same
_PG_TIME: Final = "YYYY-MM-DD HH24:MI:SS.US"
UTC_TIME: Final = pl.Datetime("us", "UTC")


def _dtype(column: sa.Column[Any]) -> pl.DataType:
    kind = column.type
    if isinstance(kind, sa.DateTime):
        return UTC_TIME
    if isinstance(kind, sa.Integer):
        return pl.Int64()
    if isinstance(kind, sa.Float):
        return pl.Float64()
    return pl.String()


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _select_sql(
    dialect: str, table: sa.Table, columns: Sequence[str], order_by: Sequence[str], sort: bool
) -> str:
    selected = []
    for name in columns:
        column = _quoted(name)
        if dialect == "postgresql" and isinstance(table.c[name].type, sa.DateTime):
            column = f"to_char({column} AT TIME ZONE 'UTC', '{_PG_TIME}') AS {column}"
        selected.append(column)
    keys = []
    for i, name in enumerate(order_by):
        key = _quoted(name)
        if dialect == "postgresql" and isinstance(table.c[name].type, sa.String):
            key += ' COLLATE "C"'
        elif dialect == "sqlite" and sort and i == 0:
            # An expression, not the column: SQLite sorts instead of walking the index.
            key = "+" + key
        keys.append(key)
    return f"SELECT {', '.join(selected)} FROM {_quoted(table.name)} ORDER BY {', '.join(keys)}"


def scan_table(
    conn: sa.Connection,
    table: sa.Table,
    columns: Sequence[str],
    order_by: Sequence[str],
    *,
    sort: bool = False,
    batch_rows: int = BATCH_ROWS,
) -> Generator[pl.DataFrame, None, None]:
    """Every row of ``table`` (``columns`` only) ordered by ``order_by``, ``batch_rows`` at a time.

    Frames have ``columns`` in that order, typed from the table: strings, ``Int64``,
    ``Float64`` and times as ``Datetime("us", "UTC")``. ``sort`` says the table is stored in
    another order than ``order_by`` (SQLite then sorts rather than walking the index).
    Raises :class:`StoreError` naming the table when the store cannot be read.

    Examples
    --------
    >>> from cxm.store.engine import make_engine, snapshot
    >>> from cxm.store.migrate import upgrade
    >>> from cxm.store.tables import Customer
    >>> engine = make_engine("sqlite://")
    >>> upgrade(engine)
    >>> with snapshot(engine) as conn:
    ...     frames = list(scan_table(conn, Customer.__table__, ["customer_id"], ["customer_id"]))
    >>> frames
    []
    """
    unknown = [c for c in (*columns, *order_by) if c not in table.c]
    if unknown:
        msg = f"store table {table.name} has no columns {', '.join(unknown)}"
        raise StoreError(msg)
    dialect = conn.dialect.name
    schema = {name: _dtype(table.c[name]) for name in columns}
    raw = {name: pl.String() if dtype == UTC_TIME else dtype for name, dtype in schema.items()}
    times = [name for name, dtype in schema.items() if dtype == UTC_TIME]
    sql = _select_sql(dialect, table, columns, order_by, sort)
    driver: Any = conn.connection.driver_connection
    db_error: type[Exception] = conn.dialect.loaded_dbapi.Error
    # A named cursor is PostgreSQL's server-side cursor; SQLite's cursor steps lazily anyway.
    name = f"cxm_scan_{uuid.uuid4().hex}"
    cursor = driver.cursor(name) if dialect == "postgresql" else driver.cursor()
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(batch_rows):
            frame = pl.DataFrame(rows, schema=raw, orient="row")
            if times:
                frame = frame.with_columns(
                    pl.col(c).str.to_datetime(TEXT_TIME, time_zone="UTC", time_unit="us")
                    for c in times
                )
            yield frame
    except db_error as err:
        msg = f"cannot read store table {table.name}: {type(err).__name__}: {err}"
        raise StoreError(msg) from err
    finally:
        cursor.close()
