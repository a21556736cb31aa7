"""The API's hot read path: plain SQL on the driver's cursor, one snapshot per request.

SQLAlchemy's statement machinery costs more than the indexed reads a profile or a timeline
needs, so the queries the API runs on every request are plain SQL strings executed on the
DB-API cursor. :func:`read_snapshot` opens the same snapshot :func:`cxm.store.engine.snapshot`
does (a deferred transaction on SQLite in WAL mode, ``REPEATABLE READ READ ONLY`` on
PostgreSQL); :func:`as_raw` lets the same queries run inside a SQLAlchemy connection's
transaction (tests, the CLI).
"""

from __future__ import annotations

import threading
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


def _begin(engine: sa.Engine, cursor: Any) -> None:
    """Start the snapshot; a driver error is raised as SQLAlchemy raises it."""
    sql = "BEGIN"
    if engine.dialect.name != "sqlite":
        sql = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"
    try:
        cursor.execute(sql)
    except engine.dialect.loaded_dbapi.Error as err:
        raise sa.exc.DBAPIError.instance(sql, (), err, engine.dialect.loaded_dbapi.Error) from err


def _checkout(engine: sa.Engine) -> Any:
    """A pooled DB-API connection; a failure to connect is raised as SQLAlchemy raises it."""
    try:
        return engine.raw_connection()
    except engine.dialect.loaded_dbapi.Error as err:
        raise sa.exc.DBAPIError.instance(
            None, None, err, engine.dialect.loaded_dbapi.Error
        ) from err


@contextmanager
def read_snapshot(engine: sa.Engine) -> Iterator[Raw]:
    """A read-only snapshot on a pooled connection, as a :class:`Raw`."""
    pooled = _checkout(engine)
    try:
        cursor = pooled.cursor()
        _begin(engine, cursor)
        try:
            yield Raw(cursor, engine.dialect.name, engine.dialect.loaded_dbapi)
        finally:
            cursor.close()
            pooled.rollback()
    finally:
        pooled.close()


class LoopReader:
    """Read snapshots for the API's event loop, all on one pooled connection that it keeps.

    Checking a connection out of the pool and back in costs more than the reads of a profile.
    The hot routes run on the event loop's thread and open and close their snapshot without
    awaiting in between, so one connection, kept checked out, serves them one after another:
    each snapshot is a ``BEGIN`` (or ``SET TRANSACTION``) and a rollback on it. Any other thread,
    or a snapshot asked for while one is open, gets its own from the pool
    (:func:`read_snapshot`). A database error drops the kept connection (the next snapshot
    checks out a fresh one), so a restarted server or a broken connection heals by itself.
    """

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self._pooled: Any = None
        self._raw: Raw | None = None
        self._thread: int | None = None
        self._busy = False

    @contextmanager
    def snapshot(self) -> Iterator[Raw]:
        """A read-only snapshot, as :func:`read_snapshot` gives."""
        if self._busy or self._thread not in (None, threading.get_ident()):
            with read_snapshot(self.engine) as db:
                yield db
            return
        self._busy = True
        try:
            if self._pooled is None:
                self._pooled = _checkout(self.engine)
                dialect = self.engine.dialect
                self._raw = Raw(self._pooled.cursor(), dialect.name, dialect.loaded_dbapi)
                self._thread = threading.get_ident()
            yield from self._read()
        finally:
            self._busy = False

    def _read(self) -> Iterator[Raw]:
        assert self._raw is not None
        dbapi = self.engine.dialect.loaded_dbapi
        try:
            _begin(self.engine, self._raw.cursor)
            try:
                yield self._raw
            finally:
                self._pooled.rollback()
        except sa.exc.DBAPIError:
            self._drop(invalidate=True)
            raise
        except dbapi.Error as err:  # from the rollback
            self._drop(invalidate=True)
            raise sa.exc.DBAPIError.instance("ROLLBACK", (), err, dbapi.Error) from err

    def _drop(self, *, invalidate: bool) -> None:
        pooled, self._pooled, self._raw, self._thread = self._pooled, None, None, None
        if pooled is None:
            return
        if invalidate:
            pooled.invalidate()
        pooled.close()

    def close(self) -> None:
        """Give the kept connection back to the pool (when the API stops)."""
        self._drop(invalidate=False)
