"""The API's hot read path: plain SQL on the driver's cursor, one snapshot per request.

SQLAlchemy's statement machinery costs more than the indexed reads a profile or a timeline
needs, so the queries the API runs on every request are plain SQL strings executed on the
DB-API cursor. :func:`read_snapshot` opens the same snapshot :func:`cxm.store.engine.snapshot`
does (a deferred transaction on SQLite in WAL mode, ``REPEATABLE READ READ ONLY`` on
PostgreSQL); :func:`as_raw` lets the same queries run inside a SQLAlchemy connection's
transaction (tests, the CLI).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa


def as_utc(value: Any) -> datetime | None:
    """A stored time as an aware UTC datetime: SQLite hands back naive UTC (as a datetime
    through SQLAlchemy, as text through the driver), PostgreSQL an aware one."""
    if value is None:
        return None
    moment: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class Raw:
    """A DB-API cursor plus what the queries need to know about the backend."""

    def __init__(self, cursor: Any, dialect: str, dbapi: Any) -> None:
        self.cursor = cursor
        self.dialect = dialect
        self.dbapi = dbapi
        self._sql: dict[str, str] = {}

    def _execute(self, sql: str, params: Sequence[Any]) -> None:
        statement = self._prepare(sql)
        try:
            self.cursor.execute(statement, tuple(params))
        except self.dbapi.Error as err:
            # The same exception classes SQLAlchemy raises (DataError, OperationalError...), so
            # callers and the API's error mapping need not know which path ran the query.
            raise sa.exc.DBAPIError.instance(statement, params, err, self.dbapi.Error) from err

    def _prepare(self, sql: str) -> str:
        found = self._sql.get(sql)
        if found is None:
            found = sql.replace("?", "%s") if self.dialect == "postgresql" else sql
            self._sql[sql] = found
        return found

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Every row of ``sql`` (``?`` placeholders) as a dict."""
        self._execute(sql, params)
        names = [d[0] for d in self.cursor.description]
        return [dict(zip(names, row, strict=True)) for row in self.cursor.fetchall()]

    def first(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        """The first row of ``sql``, or ``None``."""
        self._execute(sql, params)
        row = self.cursor.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in self.cursor.description], row, strict=True))

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row, or ``None``."""
        self._execute(sql, params)
        row = self.cursor.fetchone()
        return None if row is None else row[0]

    def time(self, value: Any) -> datetime | None:
        """A stored time as an aware UTC datetime (see :func:`as_utc`)."""
        return as_utc(value)

    def bind_time(self, value: datetime) -> Any:
        """A time as the backend compares it: UTC text on SQLite, aware UTC on PostgreSQL."""
        moment = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
        if self.dialect == "sqlite":
            return moment.strftime("%Y-%m-%d %H:%M:%S.%f")
        return moment


def as_raw(conn: sa.Connection | Raw) -> Raw:
    """``conn`` as a :class:`Raw` (a SQLAlchemy connection keeps its transaction)."""
    if isinstance(conn, Raw):
        return conn
    driver = conn.connection.driver_connection
    return Raw(driver.cursor(), conn.dialect.name, conn.dialect.loaded_dbapi)  # type: ignore[union-attr]


@contextmanager
def read_snapshot(engine: sa.Engine) -> Iterator[Raw]:
    """A read-only snapshot on a pooled connection, as a :class:`Raw`."""
    try:
        pooled = engine.raw_connection()
    except engine.dialect.loaded_dbapi.Error as err:
        raise sa.exc.DBAPIError.instance(
            None, None, err, engine.dialect.loaded_dbapi.Error
        ) from err
    try:
        cursor = pooled.cursor()
        dialect = engine.dialect.name
        if dialect == "sqlite":
            cursor.execute("BEGIN")
        else:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield Raw(cursor, dialect, engine.dialect.loaded_dbapi)
        finally:
            cursor.close()
            pooled.rollback()
    finally:
        pooled.close()
