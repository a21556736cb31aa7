"""The API's loop reader: one kept connection, fresh snapshots, and it heals, on both backends."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from cxm.store.keys import create_key
from cxm.store.raw import LoopReader, Raw

COUNT = "SELECT count(*) FROM api_key"


@pytest.fixture
def reader(engine: sa.Engine) -> Iterator[LoopReader]:
    reader = LoopReader(engine)
    yield reader
    reader.close()


def _backend_pid(db: Raw) -> object:
    if db.dialect == "sqlite":
        return id(db.cursor.connection)
    return db.scalar("SELECT pg_backend_pid()")


def test_snapshots_share_one_connection_and_see_each_commit(
    engine: sa.Engine, reader: LoopReader
) -> None:
    with reader.snapshot() as db:
        first = _backend_pid(db)
        assert db.scalar(COUNT) == 0
    assert engine.pool.checkedout() == 1  # kept, not returned
    create_key(engine, name="a", scope="agent")
    with reader.snapshot() as db:
        assert _backend_pid(db) == first
        assert db.scalar(COUNT) == 1  # a new snapshot, not the old one
        create_key(engine, name="b", scope="agent")
        assert db.scalar(COUNT) == 1  # ... which holds still while it is open
    reader.close()
    assert engine.pool.checkedout() == 0


def test_a_nested_or_other_thread_snapshot_gets_its_own_connection(
    engine: sa.Engine, reader: LoopReader
) -> None:
    with reader.snapshot() as outer:
        kept = _backend_pid(outer)
        with reader.snapshot() as inner:
            assert _backend_pid(inner) != kept
            assert engine.pool.checkedout() == 2
    seen: list[object] = []

    def other() -> None:
        with reader.snapshot() as db:
            seen.append(_backend_pid(db))

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert seen and seen[0] != kept
    assert engine.pool.checkedout() == 1


def test_an_error_in_a_snapshot_ends_it_and_keeps_the_connection(reader: LoopReader) -> None:
    with pytest.raises(KeyError), reader.snapshot() as db:
        kept = _backend_pid(db)
        raise KeyError("not a database error")
    with reader.snapshot() as db:
        assert _backend_pid(db) == kept
        assert db.scalar(COUNT) == 0


def test_a_database_error_drops_the_connection_and_the_next_snapshot_heals(
    engine: sa.Engine, reader: LoopReader
) -> None:
    with reader.snapshot() as db:
        kept = _backend_pid(db)
    if engine.dialect.name == "postgresql":  # the server ends the kept session
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": kept})
        failing = COUNT
    else:
        failing = "SELECT * FROM no_such_table"
    with pytest.raises(sa.exc.DBAPIError), reader.snapshot() as db:
        db.scalar(failing)
    assert engine.pool.checkedout() == 0
    with reader.snapshot() as db:
        assert db.scalar(COUNT) == 0
        now = db.bind_time(datetime.now(UTC))
        assert db.scalar("SELECT count(*) FROM audit_log WHERE at <= ?", (now,)) == 0
