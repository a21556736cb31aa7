"""Agents' links and unlinks through the API: recorded for the next resolve, unlinks applied now.

A link or unlink is appended to the lake's overrides file (what every resolve honours) and
mirrored in the store's ``override`` table. An unlink of two records of one customer also takes
effect in the served store at once: record ``b`` moves to a customer of its own (the id a
resolve would give it) with its events, and both customers' golden records and identifiers are
rebuilt from the records they now hold, all in one transaction. The next resolve then re-clusters
with the cannot-link in force.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import polars as pl
import sqlalchemy as sa

from cxm.config import Settings
from cxm.errors import NotFoundError
from cxm.insight.segments import load_segments
from cxm.resolve.config import load_config
from cxm.resolve.golden import golden_records
from cxm.resolve.ids import new_customer_id
from cxm.resolve.overrides import Kind, RecordRef, add_override, read_overrides, revoke_override
from cxm.resolve.survivorship import LIST_COLUMNS
from cxm.schema import table_schema
from cxm.store.frames import customer_rows, customer_traits, identifier_rows
from cxm.store.query import (
    alias_t,
    customer_t,
    identifier_t,
    interaction_t,
    override_t,
    record_t,
)


@dataclass(frozen=True)
class OverrideResult:
    """A recorded override and, for an unlink applied at once, where ``b`` went."""

    override: dict[str, Any]
    detached_to: str | None


def _customer_of(conn: sa.Connection, ref: RecordRef) -> str:
    found = conn.execute(
        sa.select(record_t.c.customer_id).where(
            record_t.c.source == ref.source, record_t.c.record_id == ref.record_id
        )
    ).scalar_one_or_none()
    if found is None:
        msg = f"no record {ref} in the published store"
        raise NotFoundError(msg)
    return str(found)


def _free_id(conn: sa.Connection, ref: RecordRef) -> str:
    attempt = 0
    while True:
        candidate = new_customer_id(ref.source, ref.record_id, attempt)
        taken = (
            conn.execute(
                sa.select(customer_t.c.customer_id).where(customer_t.c.customer_id == candidate)
            ).first()
            or conn.execute(
                sa.select(alias_t.c.alias_id).where(alias_t.c.alias_id == candidate)
            ).first()
        )
        if not taken:
            return candidate
        attempt += 1


def _records_frame(conn: sa.Connection, customer_ids: list[str]) -> pl.DataFrame:
    rows = conn.execute(sa.select(record_t).where(record_t.c.customer_id.in_(customer_ids)))
    dicts = [dict(r._mapping) for r in rows]
    for d in dicts:
        for column in LIST_COLUMNS:
            d[column] = json.loads(d[column])
    spec = table_schema("identity_record")
    schema = {c.name: spec[c.name] for c in record_t.columns if c.name in spec.polars}
    schema |= {"customer_id": pl.String(), "matched_by": pl.String()}
    return pl.DataFrame(dicts, schema=schema)


_EVENT_SCHEMA = {
    "customer_id": pl.String(),
    "interaction_id": pl.String(),
    "department": pl.String(),
    "kind": pl.String(),
    "status": pl.String(),
    "amount": pl.Float64(),
    "currency": pl.String(),
    "satisfaction": pl.Float64(),
    "occurred_at": pl.Datetime("us", "UTC"),
    "channel": pl.String(),
    "text": pl.String(),
    "attributes": pl.String(),
}
_EVENT_COLUMNS = tuple(_EVENT_SCHEMA)


def _events_frame(conn: sa.Connection, customer_ids: list[str]) -> pl.DataFrame:
    t = interaction_t.c
    rows = conn.execute(
        sa.select(*(t[c] for c in _EVENT_COLUMNS)).where(t.customer_id.in_(customer_ids))
    ).all()
    return pl.DataFrame(
        [dict(r._mapping) for r in rows],
        schema=_EVENT_SCHEMA,
    )


def _rebuild(conn: sa.Connection, settings: Settings, customer_ids: list[str]) -> None:
    records = _records_frame(conn, customer_ids)
    events = _events_frame(conn, customer_ids)
    survivorship = load_config(settings.resolve_config_path).survivorship
    golden = golden_records(
        records, records.select("source", "record_id", "customer_id"), survivorship
    )
    segments = load_segments(settings.segments_path)
    traits = customer_traits(golden, events, datetime.now(UTC), segments)
    customers = customer_rows(golden, events, traits).with_columns(
        pl.col("birth_date").cast(pl.String)
    )
    identifiers = identifier_rows(records, events)
    conn.execute(sa.delete(customer_t).where(customer_t.c.customer_id.in_(customer_ids)))
    conn.execute(sa.delete(identifier_t).where(identifier_t.c.customer_id.in_(customer_ids)))
    conn.execute(sa.insert(customer_t), customers.to_dicts())
    if identifiers.height:
        conn.execute(sa.insert(identifier_t), identifiers.to_dicts())


def _detach(conn: sa.Connection, settings: Settings, a: RecordRef, b: RecordRef) -> str | None:
    owner = _customer_of(conn, a)
    if _customer_of(conn, b) != owner:
        return None
    target = _free_id(conn, b)
    conn.execute(
        sa.update(record_t)
        .where(record_t.c.source == b.source, record_t.c.record_id == b.record_id)
        .values(customer_id=target, matched_by="unlinked")
    )
    conn.execute(
        sa.update(interaction_t)
        .where(interaction_t.c.source == b.source, interaction_t.c.record_id == b.record_id)
        .values(customer_id=target)
    )
    _rebuild(conn, settings, [owner, target])
    return target


def _override_dict(frame: pl.DataFrame, override_id: str) -> dict[str, Any]:
    return frame.filter(pl.col("override_id") == override_id).to_dicts()[0]


def record_override(
    engine: sa.Engine,
    settings: Settings,
    kind: Kind,
    a: RecordRef,
    b: RecordRef,
    *,
    actor: str,
    reason: str | None,
) -> OverrideResult:
    """Record an agent's link or unlink; an unlink inside one customer applies at once."""
    with engine.connect() as conn:
        _customer_of(conn, a)
        _customer_of(conn, b)
    override_id = add_override(settings.lake_dir, kind, a, b, actor=actor, reason=reason)
    row = _override_dict(read_overrides(settings.lake_dir), override_id)
    with engine.begin() as conn:
        conn.execute(sa.insert(override_t), row)
        detached = _detach(conn, settings, a, b) if kind == "unlink" else None
    return OverrideResult(row, detached)


def revoke(
    engine: sa.Engine, settings: Settings, override_id: str, *, actor: str
) -> dict[str, Any]:
    """Revoke an override (kept as audit); the next resolve stops honouring it.

    Raises :class:`NotFoundError` for an id never recorded (a revoked one is a
    :class:`ResolveError`: it exists, but there is nothing left to revoke).
    """
    known = read_overrides(settings.lake_dir).filter(pl.col("override_id") == override_id)
    if known.height == 0:
        msg = f"no override {override_id!r} (see GET /v1/overrides or `cxm overrides list`)"
        raise NotFoundError(msg)
    revoke_override(settings.lake_dir, override_id, actor=actor)
    row = _override_dict(read_overrides(settings.lake_dir), override_id)
    with engine.begin() as conn:
        conn.execute(sa.delete(override_t).where(override_t.c.override_id == override_id))
        conn.execute(sa.insert(override_t), row)
    return row


def list_overrides(engine: sa.Engine, customer_id: str | None = None) -> list[dict[str, Any]]:
    """Overrides in the store, newest first (optionally those touching a customer's records)."""
    query = sa.select(override_t).order_by(override_t.c.created_at.desc())
    with engine.connect() as conn:
        if customer_id is not None:
            keys = conn.execute(
                sa.select(record_t.c.source, record_t.c.record_id).where(
                    record_t.c.customer_id == customer_id
                )
            ).all()
            pairs = [sa.tuple_(k.source, k.record_id) for k in keys]
            if not pairs:
                return []
            a = sa.tuple_(override_t.c.source_a, override_t.c.record_id_a)
            b = sa.tuple_(override_t.c.source_b, override_t.c.record_id_b)
            query = query.where(sa.or_(a.in_(pairs), b.in_(pairs)))
        return [dict(r._mapping) for r in conn.execute(query)]
