"""Connecting to the store: SQLite in ``CXM_HOME`` by default, PostgreSQL in production.

Readers take a snapshot: every API request reads inside one transaction (``REPEATABLE READ``
on PostgreSQL, a deferred transaction on SQLite in WAL mode), so a publish that commits while a
request runs is seen entirely or not at all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from cxm.config import Settings
from cxm.errors import StoreError

SQLITE_BUSY_MS = 15_000


def database_url(settings: Settings) -> URL:
    """The store's URL: ``CXM_DATABASE_URL``, else SQLite at ``HOME/store.sqlite``."""
    if settings.database_url:
        try:
            url = make_url(settings.database_url)
        except sa.exc.ArgumentError as err:
            msg = f"CXM_DATABASE_URL is not a database URL: {err}"
            raise StoreError(msg) from err
    else:
        url = make_url(f"sqlite:///{(settings.home / 'store.sqlite').resolve()}")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        msg = (
            f"CXM_DATABASE_URL uses {url.get_backend_name()!r}; cxm stores in sqlite or "
            "postgresql (postgresql+psycopg://user@host/db)"
        )
        raise StoreError(msg)
    return url


def _sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN itself (pysqlite's own transaction handling would not start
    # one before a SELECT, so two reads of one request could straddle a publish).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.close()


def _sqlite_begin(connection: sa.Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def make_engine(url: URL | str) -> sa.Engine:
    """An engine for the store at ``url``, configured for cxm's concurrency model."""
    url = make_url(url)
    if url.get_backend_name() == "sqlite":
        database = url.database
        if database and database != ":memory:":
            from pathlib import Path

            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"check_same_thread": False})
        sa.event.listen(engine, "connect", _sqlite_connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return sa.create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def engine_for(settings: Settings) -> sa.Engine:
    """The store engine for ``settings``."""
    return make_engine(database_url(settings))


@contextmanager
def snapshot(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A read-only connection whose reads all see one committed state of the store."""
    options: dict[str, Any] = {}
    if engine.dialect.name == "postgresql":
        options["isolation_level"] = "REPEATABLE READ"
        options["postgresql_readonly"] = True
    with engine.connect().execution_options(**options) as conn, conn.begin():
        yield conn


def describe(url: URL) -> str:
    """The URL with any password hidden, for messages."""
    return url.render_as_string(hide_password=True)
