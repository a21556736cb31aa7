"""What the API reads: profiles, lookups, timelines and explanations, as plain dicts.

Every function takes a connection from :func:`cxm.store.engine.snapshot`, so all reads of one
request see one published state. Queries use Core statements (no ORM objects) on indexed columns.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

import sqlalchemy as sa
from rapidfuzz import fuzz, process

from cxm.errors import NotFoundError
from cxm.store.tables import (
    Alias,
    Customer,
    Identifier,
    Interaction,
    MatchEdge,
    Override,
    Publication,
    SourceRecord,
)

customer_t: Final[sa.Table] = Customer.__table__  # type: ignore[attr-defined]
record_t: Final[sa.Table] = SourceRecord.__table__  # type: ignore[attr-defined]
identifier_t: Final[sa.Table] = Identifier.__table__  # type: ignore[attr-defined]
alias_t: Final[sa.Table] = Alias.__table__  # type: ignore[attr-defined]
interaction_t: Final[sa.Table] = Interaction.__table__  # type: ignore[attr-defined]
edge_t: Final[sa.Table] = MatchEdge.__table__  # type: ignore[attr-defined]
override_t: Final[sa.Table] = Override.__table__  # type: ignore[attr-defined]
publication_t: Final[sa.Table] = Publication.__table__  # type: ignore[attr-defined]

GOLDEN_FIELDS: Final = (
    "given_name",
    "family_name",
    "full_name",
    "email",
    "phone",
    "company",
    "street",
    "city",
    "region",
    "postal_code",
    "country",
    "birth_date",
)
IDENTIFIER_LISTS: Final = ("emails", "phones", "handles", "external_ids")
NAME_CANDIDATES: Final = 2000
NAME_MIN_SCORE: Final = 60.0


def utc(value: datetime | None) -> datetime | None:
    """A stored time as an aware UTC datetime (SQLite hands back naive UTC)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _bind_time(value: datetime) -> datetime:
    """A time as the backends compare it: UTC (naive for SQLite, which stores naive UTC)."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC)


def _sqlite_time(conn: sa.Connection, value: datetime) -> datetime:
    moment = _bind_time(value)
    return moment.replace(tzinfo=None) if conn.dialect.name == "sqlite" else moment


# --- customers -------------------------------------------------------------------------------


def canonical_id(conn: sa.Connection, customer_id: str) -> str | None:
    """The current id for ``customer_id`` (itself, or what an alias now means), else ``None``."""
    found = conn.execute(
        sa.select(customer_t.c.customer_id).where(customer_t.c.customer_id == customer_id)
    ).scalar_one_or_none()
    if found is not None:
        return str(found)
    target = conn.execute(
        sa.select(alias_t.c.customer_id).where(alias_t.c.alias_id == customer_id)
    ).scalar_one_or_none()
    return None if target is None else str(target)


def require_customer(conn: sa.Connection, customer_id: str) -> str:
    """:func:`canonical_id`, raising :class:`NotFoundError` for an unknown id."""
    found = canonical_id(conn, customer_id)
    if found is None:
        msg = f"no customer {customer_id!r}"
        raise NotFoundError(msg)
    return found


def _customer_dict(row: sa.RowMapping) -> dict[str, Any]:
    return {
        "customer_id": row["customer_id"],
        "golden": {f: row[f] for f in GOLDEN_FIELDS},
        "provenance": json.loads(row["provenance"]),
        "identifiers": {f: json.loads(row[f]) for f in IDENTIFIER_LISTS},
        "sources": json.loads(row["sources"]),
        "departments": json.loads(row["departments"]),
        "record_count": row["record_count"],
        "interaction_count": row["interaction_count"],
        "first_seen": utc(row["first_seen"]),
        "last_seen": utc(row["last_seen"]),
        "last_activity": utc(row["last_activity"]),
        "traits": json.loads(row["traits"]),
    }


def _record_dict(row: sa.RowMapping) -> dict[str, Any]:
    out = dict(row)
    for column in IDENTIFIER_LISTS:
        out[column] = json.loads(out[column])
    out["created_at"] = utc(out["created_at"])
    out["updated_at"] = utc(out["updated_at"])
    out.pop("customer_id", None)
    return out


def profile(conn: sa.Connection, customer_id: str) -> dict[str, Any]:
    """The unified profile of a customer (an alias answers with its current customer)."""
    current = require_customer(conn, customer_id)
    row = conn.execute(sa.select(customer_t).where(customer_t.c.customer_id == current)).one()
    out = _customer_dict(row._mapping)
    records = conn.execute(
        sa.select(record_t)
        .where(record_t.c.customer_id == current)
        .order_by(record_t.c.source, record_t.c.record_id)
    )
    out["records"] = [_record_dict(r._mapping) for r in records]
    aliases = conn.execute(
        sa.select(alias_t.c.alias_id)
        .where(alias_t.c.customer_id == current)
        .order_by(alias_t.c.alias_id)
    )
    out["aliases"] = [str(a) for a in aliases.scalars()]
    out["requested_id"] = customer_id
    return out


# --- lookups ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """A customer found by a lookup, with what matched and how well (1.0 = exact)."""

    customer_id: str
    field: str
    value: str
    score: float


def _summaries(conn: sa.Connection, matches: Sequence[Match]) -> list[dict[str, Any]]:
    if not matches:
        return []
    ids = [m.customer_id for m in matches]
    columns = [
        customer_t.c[c]
        for c in (
            "customer_id",
            "full_name",
            "email",
            "phone",
            "sources",
            "departments",
            "record_count",
            "last_activity",
        )
    ]
    rows = {
        r.customer_id: r._mapping
        for r in conn.execute(sa.select(*columns).where(customer_t.c.customer_id.in_(ids)))
    }
    out = []
    for m in matches:
        row = rows.get(m.customer_id)
        if row is None:  # an identifier without its customer cannot survive a publish
            continue
        out.append(
            {
                "customer_id": m.customer_id,
                "full_name": row["full_name"],
                "email": row["email"],
                "phone": row["phone"],
                "sources": json.loads(row["sources"]),
                "departments": json.loads(row["departments"]),
                "record_count": row["record_count"],
                "last_activity": utc(row["last_activity"]),
                "matched": {"field": m.field, "value": m.value},
                "score": round(m.score, 4),
            }
        )
    return out


def _exact(
    conn: sa.Connection, kind: str, values: Sequence[str], detail: str | None = None
) -> list[Match]:
    if not values:
        return []
    query = sa.select(identifier_t.c.customer_id, identifier_t.c.value).where(
        identifier_t.c.kind == kind, identifier_t.c.value.in_(list(values))
    )
    if detail is not None:
        query = query.where(identifier_t.c.detail == detail)
    rows = conn.execute(query.order_by(identifier_t.c.customer_id)).all()
    seen: dict[str, Match] = {}
    for customer_id, value in rows:
        seen.setdefault(customer_id, Match(customer_id, kind, value, 1.0))
    return list(seen.values())


def find_by_identifier(
    conn: sa.Connection, kind: str, values: Sequence[str], detail: str | None = None
) -> list[Match]:
    """Customers carrying an exact, normalized identifier of ``kind``."""
    return _exact(conn, kind, values, detail)


def find_by_record(conn: sa.Connection, source: str, record_id: str) -> list[Match]:
    """The customer a source system's record resolved to."""
    found = conn.execute(
        sa.select(record_t.c.customer_id).where(
            record_t.c.source == source, record_t.c.record_id == record_id
        )
    ).scalar_one_or_none()
    if found is None:
        return []
    return [Match(str(found), "record", f"{source}:{record_id}", 1.0)]


def find_by_name(conn: sa.Connection, folded: str, tokens: Sequence[str]) -> list[Match]:
    """Customers whose names share tokens with the query, ranked by fuzzy similarity.

    Candidates carry a query token, or start with the last one (a name still being typed);
    they are ranked by the mean of rapidfuzz's token-sort and token-set ratios of the folded
    full names (the first rewards the whole name, the second a query that is part of it), ties
    broken by how many tokens matched and then by id. Matches under 60 are dropped.
    """
    if not tokens:
        return []
    last = tokens[-1]
    kind = identifier_t.c.kind == "name"
    hit = sa.or_(
        identifier_t.c.value.in_(list(tokens)),
        sa.and_(identifier_t.c.value > last, identifier_t.c.value < last + "\uffff"),
    )
    hits = sa.func.count().label("hits")
    rows = conn.execute(
        sa.select(identifier_t.c.customer_id, hits)
        .where(kind, hit)
        .group_by(identifier_t.c.customer_id)
        .order_by(hits.desc(), identifier_t.c.customer_id)
        .limit(NAME_CANDIDATES)
    ).all()
    if not rows:
        return []
    counts = {r.customer_id: int(r.hits) for r in rows}
    names = conn.execute(
        sa.select(customer_t.c.customer_id, customer_t.c.full_name).where(
            customer_t.c.customer_id.in_(list(counts))
        )
    ).all()
    from cxm.store.lookup import fold_names

    folded_names = fold_names([n.full_name for n in names])
    # token_sort rewards the whole name; token_set lets "smith" fully match "james smith".
    order_aware = process.cdist([folded], folded_names, scorer=fuzz.token_sort_ratio)[0]
    subset = process.cdist([folded], folded_names, scorer=fuzz.token_set_ratio)[0]
    scores = (order_aware + subset) / 2
    ranked = sorted(
        (
            (float(score), counts[n.customer_id], n.customer_id, n.full_name or "")
            for n, score in zip(names, scores, strict=True)
            if score >= NAME_MIN_SCORE
        ),
        key=lambda t: (-t[0], -t[1], t[2]),
    )
    return [Match(cid, "name", name, score / 100.0) for score, _, cid, name in ranked]


def summaries(conn: sa.Connection, matches: Sequence[Match]) -> list[dict[str, Any]]:
    """Search results: each matched customer's headline fields plus what matched."""
    return _summaries(conn, matches)


# --- timeline --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineFilter:
    """Which events a timeline page shows."""

    channels: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None


def encode_cursor(parts: Sequence[str]) -> str:
    """An opaque cursor (URL-safe base64 of a JSON array)."""
    raw = json.dumps(list(parts), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[str]:
    """The parts of a cursor made by :func:`encode_cursor`; ``ValueError`` when it is not one."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        parts = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as err:
        msg = "cursor is not one this API issued"
        raise ValueError(msg) from err
    if (
        not isinstance(parts, list)
        or len(parts) != size
        or not all(isinstance(p, str) for p in parts)
    ):
        msg = "cursor is not one this API issued"
        raise ValueError(msg)
    return parts


_EVENT_COLUMNS: Final = (
    "source",
    "interaction_id",
    "record_id",
    "department",
    "occurred_at",
    "channel",
    "kind",
    "title",
    "text",
    "amount",
    "currency",
    "status",
    "satisfaction",
)


def timeline(
    conn: sa.Connection,
    customer_id: str,
    filters: TimelineFilter,
    *,
    limit: int,
    cursor: str | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of a customer's events, newest first, and the cursor of the next page.

    The cursor is the last event's ``(occurred_at, source, interaction_id)``; the next page
    starts strictly after it in that order, so pages neither repeat nor skip events when new
    data is published between requests.
    """
    t = interaction_t.c
    query = sa.select(*(t[c] for c in _EVENT_COLUMNS)).where(t.customer_id == customer_id)
    if filters.channels:
        query = query.where(t.channel.in_(filters.channels))
    if filters.kinds:
        query = query.where(t.kind.in_(filters.kinds))
    if filters.departments:
        query = query.where(t.department.in_(filters.departments))
    if filters.since is not None:
        query = query.where(t.occurred_at >= _sqlite_time(conn, filters.since))
    if filters.until is not None:
        query = query.where(t.occurred_at < _sqlite_time(conn, filters.until))
    if cursor is not None:
        at, source, interaction_id = decode_cursor(cursor, 3)
        try:
            moment = datetime.fromisoformat(at)
        except ValueError as err:
            msg = "cursor is not one this API issued"
            raise ValueError(msg) from err
        key = sa.tuple_(t.occurred_at, t.source, t.interaction_id)
        query = query.where(key < sa.tuple_(_sqlite_time(conn, moment), source, interaction_id))
    query = query.order_by(t.occurred_at.desc(), t.source.desc(), t.interaction_id.desc())
    rows = conn.execute(query.limit(limit + 1)).all()
    items = []
    for row in rows[:limit]:
        event = dict(row._mapping)
        event["occurred_at"] = utc(event["occurred_at"])
        items.append(event)
    next_cursor = None
    if len(rows) > limit:
        last = items[-1]
        next_cursor = encode_cursor(
            [last["occurred_at"].isoformat(), last["source"], last["interaction_id"]]
        )
    return items, next_cursor


# --- explain ---------------------------------------------------------------------------------


def explain(conn: sa.Connection, customer_id: str) -> dict[str, Any]:
    """The edges holding a customer together (and those refused), with their evidence."""
    current = require_customer(conn, customer_id)
    records = conn.execute(
        sa.select(
            record_t.c.source, record_t.c.record_id, record_t.c.matched_by, record_t.c.full_name
        )
        .where(record_t.c.customer_id == current)
        .order_by(record_t.c.source, record_t.c.record_id)
    ).all()
    edges = conn.execute(
        sa.select(edge_t)
        .where(edge_t.c.customer_id == current)
        .order_by(edge_t.c.match_weight.desc(), edge_t.c.edge_id)
    ).all()
    keys = {(r.source, r.record_id) for r in records}
    edge_list = []
    for row in edges:
        edge = dict(row._mapping)
        edge.pop("edge_id", None)
        edge.pop("customer_id", None)
        edge["evidence"] = json.loads(edge["evidence"])
        edge["a"] = {"source": edge.pop("source_a"), "record_id": edge.pop("record_id_a")}
        edge["b"] = {"source": edge.pop("source_b"), "record_id": edge.pop("record_id_b")}
        edge["both_in_customer"] = (edge["a"]["source"], edge["a"]["record_id"]) in keys and (
            edge["b"]["source"],
            edge["b"]["record_id"],
        ) in keys
        edge_list.append(edge)
    return {
        "customer_id": current,
        "records": [dict(r._mapping) for r in records],
        "edges": edge_list,
    }


# --- publication -----------------------------------------------------------------------------


def latest_publication(conn: sa.Connection) -> dict[str, Any] | None:
    """The publish the store serves, or ``None`` before the first one."""
    row = conn.execute(
        sa.select(publication_t).order_by(publication_t.c.publication_id.desc()).limit(1)
    ).first()
    if row is None:
        return None
    out = dict(row._mapping)
    out["published_at"] = utc(out["published_at"])
    return out
