"""What the API reads: profiles, lookups, timelines and explanations, as plain dicts.

Every function takes a connection from :func:`cxm.store.engine.snapshot`, so all reads of one
request see one published state. Queries use Core statements (no ORM objects) on indexed columns.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import orjson
import sqlalchemy as sa
from rapidfuzz import fuzz, process

from cxm.errors import NotFoundError
from cxm.resolve.survivorship import GOLDEN_COLUMNS, LIST_COLUMNS
from cxm.store.raw import Raw, as_raw
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

GOLDEN_FIELDS: Final = GOLDEN_COLUMNS
IDENTIFIER_LISTS: Final = LIST_COLUMNS
NAME_CANDIDATES: Final = 2000
NAME_MIN_SCORE: Final = 60.0


Conn = sa.Connection | Raw
"""What the queries run on: a SQLAlchemy connection (inside its transaction) or a :class:`Raw`
snapshot from :func:`cxm.store.raw.read_snapshot`."""

RECORD_COLUMNS: Final = (
    "source",
    "record_id",
    "matched_by",
    "department",
    "connector",
    "full_name",
    "given_name",
    "family_name",
    "company",
    "emails",
    "phones",
    "handles",
    "external_ids",
    "street",
    "city",
    "region",
    "postal_code",
    "country",
    "birth_date",
    "created_at",
    "updated_at",
    "source_file",
    "source_row",
)
_CUSTOMER_SQL: Final = "SELECT * FROM customer WHERE customer_id = ?"
_ALIAS_SQL: Final = "SELECT customer_id FROM alias WHERE alias_id = ?"
_RECORDS_SQL: Final = (
    f"SELECT {', '.join(RECORD_COLUMNS)} FROM source_record WHERE customer_id = ? "
    "ORDER BY source, record_id"
)
_ALIASES_SQL: Final = "SELECT alias_id FROM alias WHERE customer_id = ? ORDER BY alias_id"

# --- customers -------------------------------------------------------------------------------


def canonical_id(conn: Conn, customer_id: str) -> str | None:
    """The current id for ``customer_id`` (itself, or what an alias now means), else ``None``."""
    db = as_raw(conn)
    if db.scalar("SELECT customer_id FROM customer WHERE customer_id = ?", (customer_id,)):
        return customer_id
    target = db.scalar(_ALIAS_SQL, (customer_id,))
    return None if target is None else str(target)


def require_customer(conn: Conn, customer_id: str) -> str:
    """:func:`canonical_id`, raising :class:`NotFoundError` for an unknown id."""
    found = canonical_id(conn, customer_id)
    if found is None:
        msg = f"no customer {customer_id!r}"
        raise NotFoundError(msg)
    return found


def _customer_dict(db: Raw, row: dict[str, Any], decode: Callable[[str], Any]) -> dict[str, Any]:
    return {
        "customer_id": row["customer_id"],
        "golden": {f: row[f] for f in GOLDEN_FIELDS},
        "provenance": decode(row["provenance"]),
        "identifiers": {f: decode(row[f]) for f in IDENTIFIER_LISTS},
        "sources": decode(row["sources"]),
        "departments": decode(row["departments"]),
        "record_count": row["record_count"],
        "interaction_count": row["interaction_count"],
        "first_seen": db.time(row["first_seen"]),
        "last_seen": db.time(row["last_seen"]),
        "last_activity": db.time(row["last_activity"]),
        "traits": decode(row["traits"]),
    }


def _record_dict(db: Raw, row: dict[str, Any], decode: Callable[[str], Any]) -> dict[str, Any]:
    for column in IDENTIFIER_LISTS:
        row[column] = decode(row[column])
    row["created_at"] = db.time(row["created_at"])
    row["updated_at"] = db.time(row["updated_at"])
    return row


def profile(conn: Conn, customer_id: str, *, json_text: bool = False) -> dict[str, Any]:
    """The unified profile of a customer (an alias answers with its current customer).

    With ``json_text``, the stored JSON values (lists, provenance, traits) are handed back as
    ``orjson.Fragment`` s, ready to be written into a JSON answer without decoding them first.
    """
    decode: Callable[[str], Any] = orjson.Fragment if json_text else json.loads
    db = as_raw(conn)
    row = db.first(_CUSTOMER_SQL, (customer_id,))
    current = customer_id
    if row is None:  # only then is it worth asking whether the id is an alias
        current = require_customer(db, customer_id)
        row = db.first(_CUSTOMER_SQL, (current,))
        if row is None:  # pragma: no cover - an alias always points at a published customer
            msg = f"no customer {customer_id!r}"
            raise NotFoundError(msg)
    out = _customer_dict(db, row, decode)
    out["records"] = [_record_dict(db, r, decode) for r in db.rows(_RECORDS_SQL, (current,))]
    out["aliases"] = [r["alias_id"] for r in db.rows(_ALIASES_SQL, (current,))]
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


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


def _summaries(conn: Conn, matches: Sequence[Match]) -> list[dict[str, Any]]:
    if not matches:
        return []
    db = as_raw(conn)
    ids = list(dict.fromkeys(m.customer_id for m in matches))
    sql = (
        "SELECT customer_id, full_name, email, phone, sources, departments, record_count, "
        f"last_activity FROM customer WHERE customer_id IN ({_marks(ids)})"
    )
    rows = {r["customer_id"]: r for r in db.rows(sql, ids)}
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
                "last_activity": db.time(row["last_activity"]),
                "matched": {"field": m.field, "value": m.value},
                "score": round(m.score, 4),
            }
        )
    return out


def find_by_identifier(
    conn: Conn, kind: str, values: Sequence[str], detail: str | None = None
) -> list[Match]:
    """Customers carrying an exact, normalized identifier of ``kind``."""
    if not values:
        return []
    sql = (
        f"SELECT customer_id, value FROM identifier WHERE kind = ? AND value IN ({_marks(values)})"
    )
    params: list[Any] = [kind, *values]
    if detail is not None:
        sql += " AND detail = ?"
        params.append(detail)
    seen: dict[str, Match] = {}
    for row in as_raw(conn).rows(sql + " ORDER BY customer_id", params):
        seen.setdefault(row["customer_id"], Match(row["customer_id"], kind, row["value"], 1.0))
    return list(seen.values())


def find_by_record(conn: Conn, source: str, record_id: str) -> list[Match]:
    """The customer a source system's record resolved to."""
    found = as_raw(conn).scalar(
        "SELECT customer_id FROM source_record WHERE source = ? AND record_id = ?",
        (source, record_id),
    )
    if found is None:
        return []
    return [Match(str(found), "record", f"{source}:{record_id}", 1.0)]


def find_by_name(conn: Conn, folded: str, tokens: Sequence[str]) -> list[Match]:
    """Customers whose names share tokens with the query, ranked by fuzzy similarity.

    Candidates carry a query token, or start with the last one (a name still being typed);
    they are ranked by the mean of rapidfuzz's token-sort and token-set ratios of the folded
    full names (the first rewards the whole name, the second a query that is part of it), ties
    broken by how many tokens matched and then by id. Matches under 60 are dropped.
    """
    if not tokens:
        return []
    db = as_raw(conn)
    last = tokens[-1]
    sql = (
        "SELECT customer_id, count(*) AS hits FROM identifier WHERE kind = 'name' AND "
        f"(value IN ({_marks(tokens)}) OR (value > ? AND value < ?)) "
        "GROUP BY customer_id ORDER BY hits DESC, customer_id LIMIT ?"
    )
    rows = db.rows(sql, [*tokens, last, last + "\uffff", NAME_CANDIDATES])
    if not rows:
        return []
    counts = {r["customer_id"]: int(r["hits"]) for r in rows}
    names = [
        (r["customer_id"], r["full_name"])
        for r in db.rows(
            f"SELECT customer_id, full_name FROM customer WHERE customer_id IN ({_marks(list(counts))})",
            list(counts),
        )
    ]
    from cxm.store.lookup import fold_names

    folded_names = fold_names([name for _, name in names])
    # token_sort rewards the whole name; token_set lets "smith" fully match "james smith".
    order_aware = process.cdist([folded], folded_names, scorer=fuzz.token_sort_ratio)[0]
    subset = process.cdist([folded], folded_names, scorer=fuzz.token_set_ratio)[0]
    scores = (order_aware + subset) / 2
    ranked = sorted(
        (
            (float(score), counts[cid], cid, name or "")
            for (cid, name), score in zip(names, scores, strict=True)
            if score >= NAME_MIN_SCORE
        ),
        key=lambda t: (-t[0], -t[1], t[2]),
    )
    return [Match(cid, "name", name, score / 100.0) for score, _, cid, name in ranked]


def summaries(conn: Conn, matches: Sequence[Match]) -> list[dict[str, Any]]:
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
    "sentiment",
)


_TIMELINE_SQL: Final = f"SELECT {', '.join(_EVENT_COLUMNS)} FROM interaction WHERE customer_id = ?"


def timeline(
    conn: Conn,
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
    db = as_raw(conn)
    sql = _TIMELINE_SQL
    params: list[Any] = [customer_id]
    for column, values in (
        ("channel", filters.channels),
        ("kind", filters.kinds),
        ("department", filters.departments),
    ):
        if values:
            sql += f" AND {column} IN ({_marks(values)})"
            params += values
    if filters.since is not None:
        sql += " AND occurred_at >= ?"
        params.append(db.bind_time(filters.since))
    if filters.until is not None:
        sql += " AND occurred_at < ?"
        params.append(db.bind_time(filters.until))
    if cursor is not None:
        at, source, interaction_id = decode_cursor(cursor, 3)
        try:
            moment = datetime.fromisoformat(at)
        except ValueError as err:
            msg = "cursor is not one this API issued"
            raise ValueError(msg) from err
        sql += " AND (occurred_at, source, interaction_id) < (?, ?, ?)"
        params += [db.bind_time(moment), source, interaction_id]
    sql += " ORDER BY occurred_at DESC, source DESC, interaction_id DESC LIMIT ?"
    rows = db.rows(sql, [*params, limit + 1])
    items = rows[:limit]
    for event in items:
        event["occurred_at"] = db.time(event["occurred_at"])
    next_cursor = None
    if len(rows) > limit:
        last = items[-1]
        next_cursor = encode_cursor(
            [last["occurred_at"].isoformat(), last["source"], last["interaction_id"]]
        )
    return items, next_cursor


# --- explain ---------------------------------------------------------------------------------


def explain(conn: Conn, customer_id: str) -> dict[str, Any]:
    """The edges holding a customer together (and those refused), with their evidence.

    An infinite weight (a rule that makes the pair certain, such as identical records) is
    given as null: JSON has no infinity.
    """
    db = as_raw(conn)
    current = require_customer(db, customer_id)
    records = db.rows(
        "SELECT source, record_id, matched_by, full_name FROM source_record "
        "WHERE customer_id = ? ORDER BY source, record_id",
        (current,),
    )
    edges = db.rows(
        "SELECT source_a, record_id_a, source_b, record_id_b, kind, rule, match_weight, "
        "match_probability, evidence, status, reason FROM match_edge WHERE customer_id = ? "
        "ORDER BY match_weight DESC, edge_id",
        (current,),
    )
    keys = {(r["source"], r["record_id"]) for r in records}
    edge_list = []
    for edge in edges:
        weight = edge["match_weight"]
        edge["match_weight"] = weight if weight is None or math.isfinite(weight) else None
        edge["evidence"] = json.loads(edge["evidence"])
        edge["a"] = {"source": edge.pop("source_a"), "record_id": edge.pop("record_id_a")}
        edge["b"] = {"source": edge.pop("source_b"), "record_id": edge.pop("record_id_b")}
        a, b = edge["a"], edge["b"]
        edge["both_in_customer"] = (a["source"], a["record_id"]) in keys and (
            b["source"],
            b["record_id"],
        ) in keys
        edge_list.append(edge)
    return {"customer_id": current, "records": records, "edges": edge_list}


# --- publication -----------------------------------------------------------------------------


def latest_publication(conn: Conn) -> dict[str, Any] | None:
    """The publish the store serves, or ``None`` before the first one."""
    db = as_raw(conn)
    row = db.first("SELECT * FROM publication ORDER BY publication_id DESC LIMIT 1")
    if row is None:
        return None
    row["published_at"] = db.time(row["published_at"])
    return row
