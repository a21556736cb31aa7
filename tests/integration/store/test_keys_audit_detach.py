"""API keys, the audit writer and agents' links/unlinks in the store, on both backends.

Detach tests publish the private sample home (``sample_home``) so the lake's overrides file they
append to is their own. Nothing waits on time: the audit writer is flushed by ``close()``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import sqlalchemy as sa

from cxm.config import Settings
from cxm.errors import AuthError, NotFoundError
from cxm.resolve.ids import new_customer_id
from cxm.resolve.overrides import Kind, RecordRef, read_overrides
from cxm.resolve.resolution import require_current
from cxm.resolve.survivorship import LIST_COLUMNS
from cxm.store import query
from cxm.store.audit import AuditWriter, read_audit
from cxm.store.detach import list_overrides, record_override, revoke
from cxm.store.engine import make_engine, snapshot
from cxm.store.frames import StoreFrames, identifier_rows, store_frames
from cxm.store.keys import SCOPES, create_key, key_t, list_keys, revoke_key, verify
from cxm.store.lookup import email_key
from cxm.store.migrate import upgrade
from cxm.store.publish import write_store

# --- keys ------------------------------------------------------------------------------------


def test_key_is_verified_and_stored_as_its_digest(engine: sa.Engine) -> None:
    info, key = create_key(engine, name=" support team ", scope="agent")
    assert key.startswith(f"cxm_{info.key_id}_")
    assert info.name == "support team" and info.scope == "agent"
    with engine.connect() as conn:
        found = verify(conn, key)
        rows = [dict(r._mapping) for r in conn.execute(sa.select(key_t))]
    assert found is not None
    assert (found.key_id, found.name, found.scope) == (info.key_id, "support team", "agent")
    assert found.revoked_at is None and found.created_at.tzinfo is not None
    assert len(rows) == 1
    assert rows[0]["key_hash"] == hashlib.sha256(key.encode()).hexdigest()
    secret = key.split("_", 2)[2]  # cxm_<key_id>_<secret>; the secret may hold "_" itself
    assert not any(secret in str(value) for value in rows[0].values())


def test_wrong_keys_do_not_verify(engine: sa.Engine) -> None:
    _, key = create_key(engine, name="svc", scope="service")
    tampered = key[:-1] + ("A" if key[-1] != "A" else "B")
    with engine.connect() as conn:
        assert verify(conn, tampered) is None
        assert verify(conn, key.removeprefix("cxm_")) is None
        assert verify(conn, "") is None
        assert verify(conn, hashlib.sha256(key.encode()).hexdigest()) is None
        assert verify(conn, key) is not None


def test_revoked_key_no_longer_verifies(engine: sa.Engine) -> None:
    info, key = create_key(engine, name="temp", scope="analyst")
    _, other = create_key(engine, name="keeper", scope="admin")
    revoked = revoke_key(engine, info.key_id)
    assert [k.key_id for k in revoked] == [info.key_id]
    assert revoked[0].revoked_at is not None
    with engine.connect() as conn:
        assert verify(conn, key) is None
        assert verify(conn, other) is not None
    listed = {k.key_id: k for k in list_keys(engine)}
    assert listed[info.key_id].revoked_at is not None
    with pytest.raises(NotFoundError, match="temp|" + info.key_id):
        revoke_key(engine, info.key_id)


def test_revoke_by_name_revokes_every_key_of_that_name(engine: sa.Engine) -> None:
    keys = [create_key(engine, name="bot", scope="service")[1] for _ in range(2)]
    _, kept = create_key(engine, name="human", scope="agent")
    assert len(revoke_key(engine, "bot")) == 2
    with engine.connect() as conn:
        assert [verify(conn, k) for k in keys] == [None, None]
        assert verify(conn, kept) is not None


def test_unknown_scope_is_refused(engine: sa.Engine) -> None:
    for scope in ("root", "", "Agent"):
        with pytest.raises(AuthError, match="unknown scope"):
            create_key(engine, name="x", scope=scope)
    assert list_keys(engine) == []
    assert {create_key(engine, name=s, scope=s)[0].scope for s in SCOPES} == set(SCOPES)


def test_key_needs_a_name(engine: sa.Engine) -> None:
    with pytest.raises(AuthError, match="name"):
        create_key(engine, name="  ", scope=SCOPES[0])
    assert list_keys(engine) == []


def test_revoking_an_unknown_key(engine: sa.Engine) -> None:
    with pytest.raises(NotFoundError, match="nobody"):
        revoke_key(engine, "nobody")


# --- audit -----------------------------------------------------------------------------------


def test_audit_entries_are_written_by_close(engine: sa.Engine) -> None:
    writer = AuditWriter(engine)
    writer.start()
    writer.start()  # idempotent
    writer.record("agent-1", "profile", "cus_1")
    writer.record("agent-2", "lookup", None)
    writer.record("agent-1", "timeline", "cus_2")
    writer.close()
    entries = read_audit(engine)
    assert [(e.key_name, e.action, e.customer_id) for e in entries] == [
        ("agent-1", "timeline", "cus_2"),
        ("agent-2", "lookup", None),
        ("agent-1", "profile", "cus_1"),
    ]
    assert all(e.at.tzinfo is not None for e in entries)
    assert entries[0].at >= entries[-1].at


def test_audit_close_writes_more_rows_than_one_statement_holds(engine: sa.Engine) -> None:
    writer = AuditWriter(engine)
    writer.start()
    for i in range(1203):
        writer.record("bulk", "profile", f"cus_{i}")
    writer.close()
    with engine.connect() as conn:
        total = conn.execute(sa.text("SELECT count(*) FROM audit_log")).scalar_one()
        ids = set(conn.execute(sa.text("SELECT customer_id FROM audit_log")).scalars())
    assert total == 1203
    assert ids == {f"cus_{i}" for i in range(1203)}
    assert len(read_audit(engine, limit=10)) == 10


def test_audit_writer_can_be_reopened(engine: sa.Engine) -> None:
    writer = AuditWriter(engine)
    writer.start()
    writer.record("a", "profile", "cus_1")
    writer.close()
    writer.close()  # a second close is harmless
    assert [e.customer_id for e in read_audit(engine)] == ["cus_1"]


# --- links and unlinks -----------------------------------------------------------------------


@pytest.fixture
def settings(sample_home: Path, store_url: str) -> Settings:
    return Settings(home=sample_home, database_url=store_url)


@pytest.fixture
def published(settings: Settings, engine: sa.Engine) -> StoreFrames:
    frames = store_frames(settings.lake_dir, require_current(settings.lake_dir))
    write_store(engine, frames)
    return frames


def _records(frames: StoreFrames) -> pl.DataFrame:
    return frames.tables["source_record"].with_columns(
        pl.col("emails").str.json_decode(pl.List(pl.String))
    )


def unlink_pair(frames: StoreFrames) -> tuple[RecordRef, RecordRef, str]:
    """Two records of one customer, ``b`` with events and an email no other record carries."""
    records = _records(frames)
    emails = records.select("source", "record_id", "customer_id", email="emails").explode("email")
    unique = emails.drop_nulls("email").filter(pl.len().over("email") == 1)
    shared = records.filter(pl.len().over("customer_id") >= 2)
    events = frames.tables["interaction"].select("source", "record_id").unique()
    candidates = (
        unique.join(shared.select("source", "record_id"), on=["source", "record_id"])
        .join(events, on=["source", "record_id"])
        .sort("customer_id", "source", "record_id")
    )
    assert candidates.height, "the sample has no record to unlink"
    b = candidates.row(0, named=True)
    a = (
        shared.filter(
            (pl.col("customer_id") == b["customer_id"])
            & ((pl.col("source") != b["source"]) | (pl.col("record_id") != b["record_id"]))
        )
        .sort("source", "record_id")
        .row(0, named=True)
    )
    return (
        RecordRef(a["source"], a["record_id"]),
        RecordRef(b["source"], b["record_id"]),
        b["email"],
    )


def free_id(frames: StoreFrames, ref: RecordRef) -> str:
    """The id a resolve would give ``ref`` alone: the first candidate no customer holds."""
    taken = set(frames.tables["customer"]["customer_id"]) | set(frames.tables["alias"]["alias_id"])
    attempt = 0
    while new_customer_id(ref.source, ref.record_id, attempt) in taken:
        attempt += 1
    return new_customer_id(ref.source, ref.record_id, attempt)


def moved_identifiers(
    frames: StoreFrames, b: RecordRef, target: str, customers: set[str]
) -> set[tuple[Any, ...]]:
    is_b = (pl.col("source") == b.source) & (pl.col("record_id") == b.record_id)
    moved = pl.when(is_b).then(pl.lit(target)).otherwise(pl.col("customer_id"))
    records = frames.tables["source_record"].with_columns(
        *(pl.col(c).str.json_decode(pl.List(pl.String)) for c in LIST_COLUMNS),
        customer_id=moved,
    )
    events = frames.tables["interaction"].with_columns(customer_id=moved)
    rows = identifier_rows(records, events).filter(pl.col("customer_id").is_in(list(customers)))
    assert rows.filter(pl.col("customer_id") == target).height > 0
    return set(rows.iter_rows())


def customer_row(conn: sa.Connection, customer_id: str) -> dict[str, Any]:
    row = conn.execute(
        sa.select(query.customer_t).where(query.customer_t.c.customer_id == customer_id)
    ).one()
    return dict(row._mapping)


def records_of(conn: sa.Connection, customer_id: str) -> set[tuple[str, str]]:
    rows = conn.execute(
        sa.select(query.record_t.c.source, query.record_t.c.record_id).where(
            query.record_t.c.customer_id == customer_id
        )
    )
    return {(r.source, r.record_id) for r in rows}


def events_of(conn: sa.Connection, customer_id: str) -> set[tuple[str, str]]:
    rows = conn.execute(
        sa.select(query.interaction_t.c.source, query.interaction_t.c.interaction_id).where(
            query.interaction_t.c.customer_id == customer_id
        )
    )
    return {(r.source, r.interaction_id) for r in rows}


def store_overrides(conn: sa.Connection) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in conn.execute(sa.select(query.override_t))]


def test_unlink_inside_a_customer_detaches_b(
    engine: sa.Engine, settings: Settings, published: StoreFrames
) -> None:
    a, b, b_email = unlink_pair(published)
    owner = published.tables["source_record"].filter(
        (pl.col("source") == a.source) & (pl.col("record_id") == a.record_id)
    )["customer_id"][0]
    events = published.tables["interaction"]
    b_events = {
        (r["source"], r["interaction_id"])
        for r in events.filter(
            (pl.col("source") == b.source) & (pl.col("record_id") == b.record_id)
        ).iter_rows(named=True)
    }
    with snapshot(engine) as conn:
        before_records = records_of(conn, owner)
        before_events = events_of(conn, owner)
        before = customer_row(conn, owner)
    assert (b.source, b.record_id) in before_records and b_events <= before_events

    result = record_override(
        engine, settings, "unlink", a, b, actor="agent-7", reason="different people"
    )

    target = result.detached_to
    assert target is not None and target != owner
    assert target == free_id(published, b)
    with snapshot(engine) as conn:
        assert records_of(conn, target) == {(b.source, b.record_id)}
        assert records_of(conn, owner) == before_records - {(b.source, b.record_id)}
        assert events_of(conn, target) == b_events
        assert events_of(conn, owner) == before_events - b_events
        mine, theirs = customer_row(conn, target), customer_row(conn, owner)
        assert mine["record_count"] == 1
        assert theirs["record_count"] == before["record_count"] - 1
        assert mine["interaction_count"] == len(b_events)
        assert theirs["interaction_count"] == before["interaction_count"] - len(b_events)
        assert b_email in json.loads(mine["emails"])
        assert b_email not in json.loads(theirs["emails"])
        # b's email now finds the new customer only; a's record still finds the owner.
        hits = query.find_by_identifier(conn, "email", [email_key(b_email.upper()) or ""])
        assert [m.customer_id for m in hits] == [target]
        assert [m.customer_id for m in query.find_by_record(conn, b.source, b.record_id)] == [
            target
        ]
        assert [m.customer_id for m in query.find_by_record(conn, a.source, a.record_id)] == [owner]
        profile = query.profile(conn, target)
        assert [r["matched_by"] for r in profile["records"]] == ["unlinked"]
        b_emails = _records(published).filter(
            (pl.col("source") == b.source) & (pl.col("record_id") == b.record_id)
        )["emails"][0]
        assert set(profile["identifiers"]["emails"]) == set(b_emails)
        timeline, _ = query.timeline(conn, target, query.TimelineFilter(), limit=1000)
        assert {(e["source"], e["interaction_id"]) for e in timeline} == b_events
        stored = store_overrides(conn)
        identifiers = set(
            conn.execute(
                sa.select(query.identifier_t).where(
                    query.identifier_t.c.customer_id.in_([owner, target])
                )
            ).all()
        )
    # Both customers' identifiers are what a publish would build with b on its own.
    assert identifiers == moved_identifiers(published, b, target, {owner, target})
    override = result.override
    assert (override["kind"], override["actor"], override["reason"]) == (
        "unlink",
        "agent-7",
        "different people",
    )
    lake = read_overrides(settings.lake_dir)
    assert lake["override_id"].to_list() == [override["override_id"]]
    assert [o["override_id"] for o in stored] == [override["override_id"]]
    pair = {(a.source, a.record_id), (b.source, b.record_id)}
    assert {
        (stored[0]["source_a"], stored[0]["record_id_a"]),
        (stored[0]["source_b"], stored[0]["record_id_b"]),
    } == pair


def test_unlink_across_customers_records_but_detaches_nothing(
    engine: sa.Engine, settings: Settings, published: StoreFrames
) -> None:
    table = published.tables["source_record"].sort("customer_id", "source", "record_id")
    first = table.row(0, named=True)
    second = table.filter(pl.col("customer_id") != first["customer_id"]).row(0, named=True)
    a = RecordRef(first["source"], first["record_id"])
    b = RecordRef(second["source"], second["record_id"])
    with snapshot(engine) as conn:
        before = {
            c: (customer_row(conn, c), records_of(conn, c))
            for c in (first["customer_id"], second["customer_id"])
        }
        customers = conn.execute(sa.text("SELECT count(*) FROM customer")).scalar_one()

    result = record_override(engine, settings, "unlink", a, b, actor="agent-7", reason=None)

    assert result.detached_to is None
    with snapshot(engine) as conn:
        after = {c: (customer_row(conn, c), records_of(conn, c)) for c in before}
        assert conn.execute(sa.text("SELECT count(*) FROM customer")).scalar_one() == customers
        stored = store_overrides(conn)
    assert after == before
    assert [o["override_id"] for o in stored] == [result.override["override_id"]]
    assert read_overrides(settings.lake_dir)["kind"].to_list() == ["unlink"]


def test_link_records_only(engine: sa.Engine, settings: Settings, published: StoreFrames) -> None:
    a, _, _ = unlink_pair(published)
    records = published.tables["source_record"]
    owner = records.filter((pl.col("source") == a.source) & (pl.col("record_id") == a.record_id))[
        "customer_id"
    ][0]
    other = (
        records.filter(pl.col("customer_id") != owner)
        .sort("source", "record_id")
        .row(0, named=True)
    )
    c = RecordRef(other["source"], other["record_id"])
    with snapshot(engine) as conn:
        before = conn.execute(
            sa.text("SELECT customer_id, source, record_id FROM source_record ORDER BY 2, 3")
        ).all()

    result = record_override(engine, settings, "link", a, c, actor="agent-7", reason="same")

    assert result.detached_to is None
    assert result.override["kind"] == "link"
    with snapshot(engine) as conn:
        after = conn.execute(
            sa.text("SELECT customer_id, source, record_id FROM source_record ORDER BY 2, 3")
        ).all()
        stored = store_overrides(conn)
    assert after == before
    assert [(o["override_id"], o["kind"]) for o in stored] == [
        (result.override["override_id"], "link")
    ]
    assert list_overrides(engine)[0]["override_id"] == result.override["override_id"]


def test_revoke_stamps_who_and_when(
    engine: sa.Engine, settings: Settings, published: StoreFrames
) -> None:
    a, b, _ = unlink_pair(published)
    made = record_override(engine, settings, "link", a, b, actor="agent-7", reason=None)
    override_id = made.override["override_id"]

    row = revoke(engine, settings, override_id, actor="team-lead")

    assert row["override_id"] == override_id
    assert row["revoked_by"] == "team-lead" and row["revoked_at"] is not None
    with snapshot(engine) as conn:
        stored = store_overrides(conn)
    assert len(stored) == 1
    assert stored[0]["revoked_by"] == "team-lead"
    assert stored[0]["revoked_at"] is not None
    assert stored[0]["actor"] == "agent-7"
    lake = read_overrides(settings.lake_dir)
    assert lake["revoked_by"].to_list() == ["team-lead"]
    assert read_overrides(settings.lake_dir, active_only=True).height == 0


def test_list_overrides_of_a_customer(
    engine: sa.Engine, settings: Settings, published: StoreFrames
) -> None:
    a, b, _ = unlink_pair(published)
    made = record_override(engine, settings, "link", a, b, actor="agent-7", reason=None)
    owner = published.tables["source_record"].filter(
        (pl.col("source") == a.source) & (pl.col("record_id") == a.record_id)
    )["customer_id"][0]
    stranger = published.tables["source_record"].filter(pl.col("customer_id") != owner)[
        "customer_id"
    ][0]
    assert [o["override_id"] for o in list_overrides(engine, owner)] == [
        made.override["override_id"]
    ]
    assert list_overrides(engine, stranger) == []


def test_unknown_record_is_not_found_and_not_recorded(
    engine: sa.Engine, settings: Settings, published: StoreFrames
) -> None:
    a, _, _ = unlink_pair(published)
    ghost = RecordRef("hubspot", "no-such-record")
    kinds: tuple[Kind, ...] = ("unlink", "link")
    for kind in kinds:
        with pytest.raises(NotFoundError, match="no-such-record"):
            record_override(engine, settings, kind, a, ghost, actor="agent-7", reason=None)
    assert read_overrides(settings.lake_dir).height == 0
    with snapshot(engine) as conn:
        assert store_overrides(conn) == []


def test_audit_entries_queued_without_start_are_written_on_close(store_url: str) -> None:
    from cxm.store.audit import AuditWriter, read_audit

    engine = make_engine(store_url)
    upgrade(engine)
    writer = AuditWriter(engine)
    writer.record("carol", "profile", "cus_1")
    writer.close()
    (entry,) = read_audit(engine)
    engine.dispose()
    assert (entry.key_name, entry.action, entry.customer_id) == ("carol", "profile", "cus_1")
