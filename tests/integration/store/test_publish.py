"""Publishing into the store (:mod:`cxm.store.publish`) and its migrations, on both backends.

A publish replaces every published table in one transaction: readers see the old store or the
new one, never a mix, and a publish that fails half-way leaves the old one serving. The
writer is held mid-transaction with events (``after_table``), never with sleeps.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from cxm.errors import StoreError
from cxm.resolve.resolution import require_current
from cxm.store import query
from cxm.store.engine import make_engine, snapshot
from cxm.store.frames import StoreFrames, store_frames
from cxm.store.migrate import current_revision, downgrade, head_revision, upgrade
from cxm.store.publish import write_store
from cxm.store.query import latest_publication
from cxm.store.raw import as_utc
from cxm.store.tables import PUBLISHED

WAIT = 60  # seconds a thread may wait for the other before the test fails (never reached)
TABLES = [m.__tablename__ for m in PUBLISHED]


@pytest.fixture(scope="module")
def frames(resolved_sample: Path) -> StoreFrames:
    lake_dir = resolved_sample / "lake"
    return store_frames(lake_dir, require_current(lake_dir))


@pytest.fixture
def engine(store_url: str) -> Iterator[sa.Engine]:
    engine = make_engine(store_url)
    yield engine
    engine.dispose()


def counts(conn: sa.Connection) -> dict[str, int]:
    return {
        name: conn.execute(sa.text(f'SELECT count(*) FROM "{name}"')).scalar_one()
        for name in TABLES
    }


def store_counts(engine: sa.Engine) -> dict[str, int]:
    with snapshot(engine) as conn:
        return counts(conn)


def run_id(engine: sa.Engine) -> str | None:
    with snapshot(engine) as conn:
        found = latest_publication(conn)
    return None if found is None else str(found["run_id"])


def version_b(frames: StoreFrames) -> StoreFrames:
    """Frames that differ from ``frames`` everywhere a reader could notice.

    Half the customers (the ones with an even position) and everything of theirs are kept,
    their names get a ``" (B)"`` suffix, and the run id changes.
    """
    tables = frames.tables
    kept = tables["customer"]["customer_id"].sort().gather_every(2)
    mine = pl.col("customer_id").is_in(kept.implode())
    return StoreFrames(
        run_id=f"{frames.run_id}-B",
        tables={
            **tables,
            "customer": tables["customer"].filter(mine).with_columns(pl.col("full_name") + " (B)"),
            "source_record": tables["source_record"].filter(mine),
            "identifier": tables["identifier"].filter(mine),
            "interaction": tables["interaction"].filter(mine),
            "match_edge": tables["match_edge"].filter(mine),
        },
        unplaced_interactions=0,
        metrics=frames.metrics,
    )


@dataclass(frozen=True)
class State:
    """What one snapshot read shows; a mixed store cannot produce a consistent one."""

    run_id: str
    customers: int
    published_customers: int
    records: int
    published_records: int
    names: frozenset[str]
    record_counts_agree: bool

    @property
    def consistent(self) -> bool:
        return (
            self.customers == self.published_customers
            and self.records == self.published_records
            and self.record_counts_agree
        )


def read_state(conn: sa.Connection) -> State:
    """Several tables read in one snapshot, in the order an API request might read them."""
    customers = conn.execute(sa.text("SELECT count(*) FROM customer")).scalar_one()
    names = frozenset(
        conn.execute(sa.text("SELECT full_name FROM customer WHERE full_name IS NOT NULL"))
        .scalars()
        .all()
    )
    records = conn.execute(sa.text("SELECT count(*) FROM source_record")).scalar_one()
    mismatched = conn.execute(
        sa.text(
            "SELECT count(*) FROM customer c WHERE c.record_count <> "
            "(SELECT count(*) FROM source_record r WHERE r.customer_id = c.customer_id)"
        )
    ).scalar_one()
    publication = latest_publication(conn)
    assert publication is not None
    return State(
        run_id=publication["run_id"],
        customers=customers,
        published_customers=publication["customers"],
        records=records,
        published_records=publication["source_records"],
        names=names,
        record_counts_agree=mismatched == 0,
    )


def expected_state(frames: StoreFrames) -> State:
    return State(
        run_id=frames.run_id,
        customers=frames.count("customer"),
        published_customers=frames.count("customer"),
        records=frames.count("source_record"),
        published_records=frames.count("source_record"),
        names=frozenset(frames.tables["customer"]["full_name"].drop_nulls()),
        record_counts_agree=True,
    )


# --- publish ---------------------------------------------------------------------------------


def test_publish_loads_every_frame(engine: sa.Engine, frames: StoreFrames) -> None:
    report = write_store(engine, frames)
    assert report.counts == {name: frames.count(name) for name in TABLES}
    assert store_counts(engine) == report.counts
    assert min(report.counts[t] for t in ("customer", "source_record", "interaction")) > 0
    with snapshot(engine) as conn:
        publication = latest_publication(conn)
    assert publication is not None
    assert publication["run_id"] == frames.run_id
    assert publication["customers"] == frames.count("customer")
    assert publication["interactions"] == frames.count("interaction")


def test_republish_replaces(engine: sa.Engine, frames: StoreFrames) -> None:
    write_store(engine, frames)
    write_store(engine, frames)
    assert store_counts(engine) == {name: frames.count(name) for name in TABLES}
    smaller = version_b(frames)
    write_store(engine, smaller)
    assert store_counts(engine) == {name: smaller.count(name) for name in TABLES}
    assert run_id(engine) == smaller.run_id
    with snapshot(engine) as conn:
        assert read_state(conn) == expected_state(smaller)


def test_publish_keeps_times_and_lists(engine: sa.Engine, frames: StoreFrames) -> None:
    write_store(engine, frames)
    event = frames.tables["interaction"].sort("source", "interaction_id").row(0, named=True)
    record = (
        frames.tables["source_record"]
        .filter(pl.col("emails").str.len_chars() > 2)
        .sort("source", "record_id")
        .row(0, named=True)
    )
    with snapshot(engine) as conn:
        at = conn.execute(
            sa.select(query.interaction_t.c.occurred_at).where(
                query.interaction_t.c.source == event["source"],
                query.interaction_t.c.interaction_id == event["interaction_id"],
            )
        ).scalar_one()
        emails = conn.execute(
            sa.select(query.record_t.c.emails).where(
                query.record_t.c.source == record["source"],
                query.record_t.c.record_id == record["record_id"],
            )
        ).scalar_one()
    assert as_utc(at) == event["occurred_at"]
    assert json.loads(emails) == json.loads(record["emails"]) != []


# --- a publish that fails half-way -----------------------------------------------------------


def crash_after(table: str, error: BaseException) -> Callable[[str], None]:
    def after_table(name: str) -> None:
        if name == table:
            raise error

    return after_table


@pytest.mark.parametrize("table", ["customer", "identifier", "override"])
def test_database_failure_half_way_keeps_the_previous_publish(
    engine: sa.Engine, frames: StoreFrames, table: str
) -> None:
    write_store(engine, frames)
    before = store_counts(engine)
    failure = sa.exc.OperationalError("INSERT ...", {}, Exception("disk I/O error"))
    with pytest.raises(StoreError, match="still serves the previous one"):
        write_store(engine, version_b(frames), after_table=crash_after(table, failure))
    assert store_counts(engine) == before
    assert run_id(engine) == frames.run_id
    with snapshot(engine) as conn:
        assert read_state(conn) == expected_state(frames)


def test_any_crash_half_way_rolls_back(engine: sa.Engine, frames: StoreFrames) -> None:
    write_store(engine, frames)
    before = store_counts(engine)
    with pytest.raises(KeyboardInterrupt):
        write_store(
            engine, version_b(frames), after_table=crash_after("interaction", KeyboardInterrupt())
        )
    assert store_counts(engine) == before
    assert run_id(engine) == frames.run_id


def test_a_row_the_database_refuses_is_a_store_error(
    engine: sa.Engine, frames: StoreFrames
) -> None:
    """A real failure of the load (a duplicate key in ``interaction``, loaded after
    ``customer``, ``source_record`` and ``identifier``) rolls back and says so."""
    write_store(engine, frames)
    before = store_counts(engine)
    events = frames.tables["interaction"]
    broken = replace(
        version_b(frames),
        tables={**version_b(frames).tables, "interaction": pl.concat([events, events.head(1)])},
    )
    loaded: list[str] = []
    with pytest.raises(StoreError, match="interaction"):
        write_store(engine, broken, after_table=loaded.append)
    assert loaded == ["customer", "source_record", "identifier", "alias"]
    assert store_counts(engine) == before
    assert run_id(engine) == frames.run_id


def test_unknown_column_is_refused_before_anything_changes(
    engine: sa.Engine, frames: StoreFrames
) -> None:
    write_store(engine, frames)
    before = store_counts(engine)
    odd = frames.tables["identifier"].with_columns(score=pl.lit(1))
    bad = replace(frames, tables={**frames.tables, "identifier": odd})
    with pytest.raises(StoreError, match="identifier has no columns score"):
        write_store(engine, bad)
    assert store_counts(engine) == before


# --- readers see old or new, never a mix -----------------------------------------------------


class Writer(threading.Thread):
    """Publishes ``frames`` and stops after each table until the test lets it go on."""

    def __init__(self, engine: sa.Engine, frames: StoreFrames) -> None:
        super().__init__(name="test-publish")
        self.engine = engine
        self.frames = frames
        self.barrier = threading.Barrier(2, timeout=WAIT)
        self.paused: list[str] = []
        self.error: BaseException | None = None

    def after_table(self, name: str) -> None:
        self.paused.append(name)
        self.barrier.wait()  # the writer is paused: the reader checks now
        self.barrier.wait()  # the reader is done

    def run(self) -> None:
        try:
            write_store(self.engine, self.frames, after_table=self.after_table)
        except BaseException as err:  # reported by the test thread
            self.error = err
            self.barrier.abort()


def test_readers_see_old_or_new_never_a_mix(engine: sa.Engine, frames: StoreFrames) -> None:
    old, new = frames, version_b(frames)
    write_store(engine, old)
    a, b = expected_state(old), expected_state(new)
    assert a != b and a.customers != b.customers and not a.names & b.names

    writer = Writer(engine, new)
    writer.start()
    with snapshot(engine) as straddling:
        for table in TABLES:
            writer.barrier.wait()  # the writer has loaded `table` and holds its transaction
            assert writer.paused[-1] == table
            with snapshot(engine) as conn:
                assert read_state(conn) == a, f"a reader saw part of the new publish ({table})"
            if table == "identifier":
                # A request that starts now and is still reading when the publish commits.
                first = straddling.execute(sa.text("SELECT count(*) FROM customer")).scalar_one()
                assert first == a.customers
            writer.barrier.wait()
        writer.join(WAIT)
        assert not writer.is_alive()
        assert writer.error is None, writer.error
        # The publish has committed; the request that began before it still reads the old store.
        assert read_state(straddling) == a

    assert writer.paused == TABLES
    with snapshot(engine) as conn:
        assert read_state(conn) == b


def test_reads_repeated_while_a_publish_is_held_stay_consistent(
    engine: sa.Engine, frames: StoreFrames
) -> None:
    """Many short reads while the writer is held at its last table, then after it commits."""
    old, new = frames, version_b(frames)
    write_store(engine, old)
    held = threading.Event()
    release = threading.Event()
    failure: list[BaseException] = []

    def hold(name: str) -> None:
        if name == TABLES[-1]:
            held.set()
            if not release.wait(WAIT):
                raise TimeoutError("the test never released the publish")

    def publish() -> None:
        try:
            write_store(engine, new, after_table=hold)
        except BaseException as err:
            failure.append(err)
            held.set()

    thread = threading.Thread(target=publish, name="test-publish")
    thread.start()
    assert held.wait(WAIT)
    seen: list[State] = []
    for _ in range(20):
        with snapshot(engine) as conn:
            seen.append(read_state(conn))
    release.set()
    thread.join(WAIT)
    assert not thread.is_alive()
    assert failure == []
    assert set(seen) == {expected_state(old)}
    with snapshot(engine) as conn:
        after = read_state(conn)
    assert after == expected_state(new)
    assert after.consistent


# --- migrations ------------------------------------------------------------------------------


def _schema_differences(engine: sa.Engine) -> list[Any]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}


def test_upgrade_creates_exactly_the_models(engine: sa.Engine) -> None:
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert _tables(engine) == set(SQLModel.metadata.tables)
    assert _schema_differences(engine) == []


def test_upgrade_is_idempotent(engine: sa.Engine, frames: StoreFrames) -> None:
    write_store(engine, frames)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert store_counts(engine)["customer"] == frames.count("customer")


def test_downgrade_to_base_drops_every_table(engine: sa.Engine) -> None:
    upgrade(engine)
    assert _tables(engine)
    downgrade(engine, "base")
    assert _tables(engine) == set()
    assert current_revision(engine) is None


def test_the_comparison_notices_a_missing_index(engine: sa.Engine) -> None:
    """The schema comparison above can fail: drop an index the models declare."""
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP INDEX ix_interaction_timeline"))
    differences = _schema_differences(engine)
    assert [d[0] for d in differences] == ["add_index"]
