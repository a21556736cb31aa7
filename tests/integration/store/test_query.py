"""What the API reads (:mod:`cxm.store.query`) from the published sample, on both backends.

Read-only tests share one published store per backend (module scope); tests that change the
store get their own through ``store_url``. Expected values come from the published frames.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import sqlalchemy as sa

from cxm.errors import NotFoundError
from cxm.resolve.resolution import require_current
from cxm.store import query
from cxm.store.engine import make_engine, snapshot
from cxm.store.frames import StoreFrames, store_frames
from cxm.store.lookup import (
    email_key,
    external_id_keys,
    handle_key,
    name_query,
    order_number,
    phone_key,
)
from cxm.store.publish import write_store
from cxm.store.query import TimelineFilter

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"  # as in tests/conftest.py
EVERYTHING = 100_000


@dataclass(frozen=True)
class Store:
    engine: sa.Engine
    frames: StoreFrames


@pytest.fixture(scope="module")
def frames(resolved_sample: Path) -> StoreFrames:
    lake_dir = resolved_sample / "lake"
    return store_frames(lake_dir, require_current(lake_dir))


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, frames: StoreFrames
) -> Iterator[Store]:
    """The sample published once per backend for the module's read-only tests."""
    admin = sa.create_engine(PG_SERVER) if request.param == "postgresql" else None
    if admin is None:
        url = f"sqlite:///{tmp_path_factory.mktemp('query-store') / 'store.sqlite'}"
    else:
        schema = f"cxm_test_{uuid.uuid4().hex[:12]}"
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        url = f"{PG_SERVER}?options=-csearch_path%3D{schema}"
    engine = make_engine(url)
    try:
        write_store(engine, frames)
        yield Store(engine, frames)
    finally:
        engine.dispose()
        if admin is not None:
            with admin.begin() as conn:
                conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
            admin.dispose()


@pytest.fixture
def engine(store_url: str) -> Iterator[sa.Engine]:
    engine = make_engine(store_url)
    yield engine
    engine.dispose()


# --- sample picks ----------------------------------------------------------------------------


def busiest(frames: StoreFrames) -> str:
    """The customer with most records (ties by id): a rich profile."""
    customer = frames.tables["customer"].sort(
        ["record_count", "customer_id"], descending=[True, False]
    )
    return str(customer["customer_id"][0])


def most_events(frames: StoreFrames) -> str:
    counts = frames.tables["interaction"].group_by("customer_id").len()
    return str(counts.sort(["len", "customer_id"], descending=[True, False])["customer_id"][0])


def events_of(frames: StoreFrames, customer_id: str) -> pl.DataFrame:
    return frames.tables["interaction"].filter(pl.col("customer_id") == customer_id)


def identifier(frames: StoreFrames, kind: str, detail: str = "") -> dict[str, Any]:
    """The first identifier of ``kind`` (by value) that exactly one customer carries."""
    rows = frames.tables["identifier"].filter(
        (pl.col("kind") == kind) & (pl.col("detail") == detail)
    )
    unique = rows.filter(pl.len().over("value") == 1).sort("value")
    assert unique.height, f"the sample has no {kind} identifier"
    return unique.row(0, named=True)


def found(matches: list[query.Match]) -> list[str]:
    return [m.customer_id for m in matches]


# --- profiles --------------------------------------------------------------------------------


def test_profile_has_golden_fields_records_and_provenance(store: Store) -> None:
    customer_id = busiest(store.frames)
    row = (
        store.frames.tables["customer"]
        .filter(pl.col("customer_id") == customer_id)
        .row(0, named=True)
    )
    records = store.frames.tables["source_record"].filter(pl.col("customer_id") == customer_id)
    with snapshot(store.engine) as conn:
        got = query.profile(conn, customer_id)
    assert got["customer_id"] == customer_id
    assert got["requested_id"] == customer_id
    assert got["golden"] == {f: row[f] for f in query.GOLDEN_FIELDS}
    assert got["golden"]["full_name"]
    assert got["provenance"] == json.loads(row["provenance"])
    assert isinstance(got["provenance"], dict) and got["provenance"]
    assert got["identifiers"] == {c: json.loads(row[c]) for c in query.IDENTIFIER_LISTS}
    assert got["sources"] == json.loads(row["sources"])
    assert got["record_count"] == row["record_count"] == records.height >= 2
    assert got["interaction_count"] == row["interaction_count"]
    assert got["last_activity"] == row["last_activity"]
    assert got["last_activity"].tzinfo is not None
    assert [(r["source"], r["record_id"]) for r in got["records"]] == sorted(
        zip(records["source"], records["record_id"], strict=True)
    )
    by_key = {(r["source"], r["record_id"]): r for r in records.iter_rows(named=True)}
    for record in got["records"]:
        original = by_key[(record["source"], record["record_id"])]
        assert record["emails"] == json.loads(original["emails"])
        assert record["full_name"] == original["full_name"]
        assert "customer_id" not in record
    assert got["aliases"] == []


def test_unknown_customer(store: Store) -> None:
    with snapshot(store.engine) as conn:
        assert query.canonical_id(conn, "cus_0000000000000000") is None
        with pytest.raises(NotFoundError, match="cus_0000000000000000"):
            query.profile(conn, "cus_0000000000000000")
        with pytest.raises(NotFoundError):
            query.explain(conn, "cus_0000000000000000")


def test_alias_answers_with_the_current_customer(store: Store) -> None:
    target = busiest(store.frames)
    alias = "cus_a11a5a11a5a11a5a"
    with store.engine.connect() as conn, conn.begin() as transaction:
        conn.execute(
            sa.insert(query.alias_t),
            {
                "alias_id": alias,
                "customer_id": target,
                "merged_at": datetime(2025, 1, 2, tzinfo=UTC),
                "run_id": "r1",
            },
        )
        assert query.canonical_id(conn, alias) == target
        assert query.canonical_id(conn, target) == target
        got = query.profile(conn, alias)
        assert got["customer_id"] == target
        assert got["requested_id"] == alias
        assert got["aliases"] == [alias]
        assert query.explain(conn, alias)["customer_id"] == target
        transaction.rollback()


def test_explain_lists_the_customers_edges(store: Store) -> None:
    customer_id = busiest(store.frames)
    edges = store.frames.tables["match_edge"].filter(pl.col("customer_id") == customer_id)
    with snapshot(store.engine) as conn:
        got = query.explain(conn, customer_id)
    assert len(got["records"]) == len(
        store.frames.tables["source_record"].filter(pl.col("customer_id") == customer_id)
    )
    assert len(got["edges"]) == edges.height > 0
    # An infinite weight (a certain rule) comes back as null, which sorts first.
    weights = [math.inf if e["match_weight"] is None else e["match_weight"] for e in got["edges"]]
    assert weights == sorted(weights, reverse=True)
    assert all(isinstance(e["evidence"], dict) for e in got["edges"])
    merged = [e for e in got["edges"] if e["status"] == "merged"]
    assert merged and all(e["both_in_customer"] for e in merged)


def test_latest_publication(store: Store) -> None:
    with snapshot(store.engine) as conn:
        got = query.latest_publication(conn)
    assert got is not None
    assert got["run_id"] == store.frames.run_id
    assert got["customers"] == store.frames.count("customer")
    assert got["published_at"].tzinfo is not None


def test_latest_publication_before_any(engine: sa.Engine) -> None:
    from cxm.store.migrate import upgrade

    upgrade(engine)
    with snapshot(engine) as conn:
        assert query.latest_publication(conn) is None


# --- lookups ---------------------------------------------------------------------------------


def test_phone_typed_another_way(store: Store) -> None:
    hit = identifier(store.frames, "phone")
    e164 = hit["value"]
    assert e164.startswith("+1") and len(e164) == 12
    typed = f"({e164[2:5]}) {e164[5:8]}-{e164[8:]}"
    with snapshot(store.engine) as conn:
        matches = query.find_by_identifier(conn, "phone", [phone_key(typed, "US") or ""])
        assert found(matches) == [hit["customer_id"]]
        assert matches[0].score == 1.0 and matches[0].field == "phone"
        dotted = phone_key(f"{e164[2:5]}.{e164[5:8]}.{e164[8:]}", "US") or ""
        assert found(query.find_by_identifier(conn, "phone", [dotted])) == [hit["customer_id"]]
        assert query.find_by_identifier(conn, "phone", ["+19999999999"]) == []


def test_email_in_upper_case(store: Store) -> None:
    hit = identifier(store.frames, "email")
    typed = f"  {hit['value'].upper()} "
    with snapshot(store.engine) as conn:
        matches = query.find_by_identifier(conn, "email", [email_key(typed) or ""])
        assert found(matches) == [hit["customer_id"]]
        summary = query.summaries(conn, matches)
    assert summary[0]["customer_id"] == hit["customer_id"]
    assert summary[0]["matched"] == {"field": "email", "value": hit["value"]}
    assert isinstance(summary[0]["sources"], list)


def test_email_shared_by_customers_finds_each(store: Store) -> None:
    rows = store.frames.tables["identifier"].filter(pl.col("kind") == "email")
    shared = rows.filter(pl.len().over("value") > 1).sort("value", "customer_id")
    assert shared.height, "the sample has emails two customers share"
    value = shared["value"][0]
    expected = shared.filter(pl.col("value") == value)["customer_id"].to_list()
    with snapshot(store.engine) as conn:
        assert found(query.find_by_identifier(conn, "email", [value])) == expected


def test_order_number(store: Store) -> None:
    orders = (
        store.frames.tables["interaction"].filter(pl.col("kind") == "order").sort("interaction_id")
    )
    order = orders.row(0, named=True)
    assert order["interaction_id"].startswith("#")
    with snapshot(store.engine) as conn:
        for typed in (
            order["interaction_id"],
            order["interaction_id"][1:],
            f" {order['interaction_id']} ",
        ):
            matches = query.find_by_identifier(conn, "order", [order_number(typed)])
            assert found(matches) == [order["customer_id"]], typed


def test_handle_with_and_without_platform(store: Store) -> None:
    hit = identifier(store.frames, "handle", "twitter")
    with snapshot(store.engine) as conn:
        for typed in (
            f"@{hit['value'].upper()}",
            f"twitter:{hit['value']}",
            f"https://x.com/{hit['value']}",
        ):
            platform, handle = handle_key(typed)
            matches = query.find_by_identifier(conn, "handle", [handle], platform)
            assert found(matches) == [hit["customer_id"]], typed
        assert query.find_by_identifier(conn, "handle", [hit["value"]], "instagram") == []


def test_external_id(store: Store) -> None:
    hit = identifier(store.frames, "external_id")
    with snapshot(store.engine) as conn:
        matches = query.find_by_identifier(conn, "external_id", external_id_keys(hit["value"]))
    assert found(matches) == [hit["customer_id"]]


def test_salesforce_18_char_id_finds_a_15_char_external_id(store: Store) -> None:
    """The sample's Zendesk users carry 15-character Salesforce ids; agents paste 18."""
    from cxm.ingest.normalize.identifier import salesforce_id18

    rows = store.frames.tables["identifier"].filter(
        (pl.col("kind") == "external_id") & pl.col("value").str.contains(r"^[A-Za-z0-9]{15}$")
    )
    assert rows.height, "the sample has 15-character Salesforce ids"
    short = rows.sort("value").row(0, named=True)
    long_form = pl.select(salesforce_id18(pl.lit(short["value"]))).item()
    assert len(long_form) == 18
    with snapshot(store.engine) as conn:
        matches = query.find_by_identifier(conn, "external_id", external_id_keys(long_form))
    assert short["customer_id"] in found(matches)


def test_record(store: Store) -> None:
    record = store.frames.tables["source_record"].sort("source", "record_id").row(0, named=True)
    with snapshot(store.engine) as conn:
        matches = query.find_by_record(conn, record["source"], record["record_id"])
        assert found(matches) == [record["customer_id"]]
        assert matches[0].value == f"{record['source']}:{record['record_id']}"
        assert query.find_by_record(conn, record["source"], "no-such-record") == []


def _typo_target(frames: StoreFrames) -> dict[str, Any]:
    """A customer whose two-word name no other customer has, with a long family name."""
    customers = frames.tables["customer"].drop_nulls("full_name")
    folded = customers.with_columns(
        folded=pl.col("full_name").map_elements(lambda n: name_query(n)[0], return_dtype=pl.String)
    )
    unique = folded.filter(pl.len().over("folded") == 1)
    fitting = unique.filter(pl.col("folded").str.contains(r"^[a-z]{3,} [a-z]{6,}$")).sort(
        "customer_id"
    )
    assert fitting.height
    return fitting.row(0, named=True)


def test_name_with_a_typo_ranks_the_customer_first(store: Store) -> None:
    target = _typo_target(store.frames)
    given, family = target["full_name"].split(" ", 1)
    swapped = family[:2] + family[3] + family[2] + family[4:]  # two letters transposed
    assert swapped.lower() != family.lower()
    folded, tokens = name_query(f"{given.upper()} {swapped}")
    with snapshot(store.engine) as conn:
        matches = query.find_by_name(conn, folded, tokens)
        assert matches, "no candidate found"
        assert matches[0].customer_id == target["customer_id"]
        assert matches[0].score < 1.0
        scores = [m.score for m in matches]
        assert scores == sorted(scores, reverse=True)
        assert all(m.score >= query.NAME_MIN_SCORE / 100 for m in matches)
        exact = query.find_by_name(conn, *name_query(target["full_name"]))
        assert exact[0].customer_id == target["customer_id"]
        assert exact[0].score == 1.0
        assert query.find_by_name(conn, "", []) == []


def test_name_being_typed_finds_by_prefix(store: Store) -> None:
    target = _typo_target(store.frames)
    given, family = target["folded"].split(" ", 1)
    folded, tokens = name_query(f"{given} {family[:-2]}")
    with snapshot(store.engine) as conn:
        matches = query.find_by_name(conn, folded, tokens)
    assert target["customer_id"] in found(matches)


# --- timeline --------------------------------------------------------------------------------


def _keys(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(e["source"], e["interaction_id"]) for e in items]


def _all_pages(
    conn: sa.Connection, customer_id: str, filters: TimelineFilter, limit: int
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    for _ in range(EVERYTHING):
        page, cursor = query.timeline(conn, customer_id, filters, limit=limit, cursor=cursor)
        assert len(page) <= limit
        items += page
        if cursor is None:
            return items
        assert len(page) == limit
    pytest.fail("the cursor never ended")


def test_timeline_is_newest_first_and_complete(store: Store) -> None:
    customer_id = most_events(store.frames)
    expected = events_of(store.frames, customer_id)
    with snapshot(store.engine) as conn:
        items, cursor = query.timeline(conn, customer_id, TimelineFilter(), limit=EVERYTHING)
    assert cursor is None
    assert len(items) == expected.height > 10
    assert set(_keys(items)) == set(
        zip(expected["source"], expected["interaction_id"], strict=True)
    )
    order = [(e["occurred_at"], e["source"], e["interaction_id"]) for e in items]
    assert order == sorted(order, reverse=True)
    assert all(e["occurred_at"].tzinfo is not None for e in items)
    by_key = {(r["source"], r["interaction_id"]): r for r in expected.iter_rows(named=True)}
    for event in items:
        original = by_key[(event["source"], event["interaction_id"])]
        assert event["occurred_at"] == original["occurred_at"]
        assert event["kind"] == original["kind"]
        assert event["amount"] == original["amount"]


def _filtered(store: Store, customer_id: str, filters: TimelineFilter) -> set[tuple[str, str]]:
    with snapshot(store.engine) as conn:
        items, cursor = query.timeline(conn, customer_id, filters, limit=EVERYTHING)
    assert cursor is None
    return set(_keys(items))


def only(attribute: str, *values: str) -> TimelineFilter:
    """A filter keeping ``values`` of one of the list filters (``kinds``, ``channels``...)."""
    changes: dict[str, Any] = {attribute: values}
    return TimelineFilter(**changes)


def _expected(frame: pl.DataFrame) -> set[tuple[str, str]]:
    return set(zip(frame["source"], frame["interaction_id"], strict=True))


@pytest.mark.parametrize(
    ("field", "attribute"),
    [("kind", "kinds"), ("channel", "channels"), ("department", "departments")],
)
def test_timeline_filter(store: Store, field: str, attribute: str) -> None:
    customer_id = most_events(store.frames)
    events = events_of(store.frames, customer_id)
    values = (
        events[field].drop_nulls().value_counts().sort(["count", field], descending=[True, False])
    )
    assert values.height >= 2, f"the busiest customer's events have one {field}"
    first, second = values[field][0], values[field][1]
    one = _filtered(store, customer_id, only(attribute, first))
    assert one == _expected(events.filter(pl.col(field) == first))
    assert 0 < len(one) < events.height
    two = _filtered(store, customer_id, only(attribute, first, second))
    assert two == _expected(events.filter(pl.col(field).is_in([first, second])))
    assert _filtered(store, customer_id, only(attribute, "no-such")) == set()


def test_timeline_since_and_until(store: Store) -> None:
    customer_id = most_events(store.frames)
    events = events_of(store.frames, customer_id)
    times = events["occurred_at"].sort()
    middle: datetime = times[times.len() // 2]
    since = _filtered(store, customer_id, TimelineFilter(since=middle))
    until = _filtered(store, customer_id, TimelineFilter(until=middle))
    assert since == _expected(events.filter(pl.col("occurred_at") >= middle))
    assert until == _expected(events.filter(pl.col("occurred_at") < middle))
    assert since and until and not since & until
    assert len(since | until) == events.height
    # A naive time means UTC; a time in another zone is the same instant.
    assert _filtered(store, customer_id, TimelineFilter(since=middle.replace(tzinfo=None))) == since
    eastern = middle.astimezone(timezone(timedelta(hours=-5)))
    assert _filtered(store, customer_id, TimelineFilter(since=eastern)) == since
    window = _filtered(
        store, customer_id, TimelineFilter(since=times[1], until=times[times.len() - 1])
    )
    assert window == _expected(
        events.filter(
            pl.col("occurred_at").is_between(times[1], times[times.len() - 1], closed="left")
        )
    )


@pytest.mark.parametrize("limit", [1, 3, 7])
def test_cursor_pages_cover_every_event_once(store: Store, limit: int) -> None:
    customer_id = most_events(store.frames)
    with snapshot(store.engine) as conn:
        whole, _ = query.timeline(conn, customer_id, TimelineFilter(), limit=EVERYTHING)
        paged = _all_pages(conn, customer_id, TimelineFilter(), limit)
    assert _keys(paged) == _keys(whole)
    assert len(set(_keys(paged))) == len(paged) == events_of(store.frames, customer_id).height


def test_cursor_pages_with_a_filter(store: Store) -> None:
    customer_id = most_events(store.frames)
    kind = events_of(store.frames, customer_id)["kind"].mode().sort()[0]
    filters = TimelineFilter(kinds=(kind,))
    with snapshot(store.engine) as conn:
        whole, _ = query.timeline(conn, customer_id, filters, limit=EVERYTHING)
        paged = _all_pages(conn, customer_id, filters, 2)
    assert _keys(paged) == _keys(whole)
    assert {e["kind"] for e in paged} == {kind}


def test_events_at_the_same_moment_are_not_skipped(store: Store) -> None:
    """Pages split inside a group of events sharing one ``occurred_at``."""
    events = store.frames.tables["interaction"]
    tied = events.group_by("customer_id", "occurred_at").len().filter(pl.col("len") >= 3)
    assert tied.height, "the sample has events sharing a moment"
    customer_id = tied.sort("customer_id")["customer_id"][0]
    with snapshot(store.engine) as conn:
        paged = _all_pages(conn, customer_id, TimelineFilter(), 1)
    assert sorted(_keys(paged)) == sorted(_expected(events_of(store.frames, customer_id)))


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor!",
        query.encode_cursor(["only-one"]),
        query.encode_cursor(["yesterday", "shopify_order", "#1"]),
        "W10",  # base64 of [] : valid JSON, wrong shape
        "eyJhIjoxfQ",  # base64 of {"a":1}
    ],
)
def test_bad_cursor(store: Store, cursor: str) -> None:
    customer_id = most_events(store.frames)
    with snapshot(store.engine) as conn, pytest.raises(ValueError, match="cursor"):
        query.timeline(conn, customer_id, TimelineFilter(), limit=5, cursor=cursor)


def test_cursor_survives_a_publish_between_pages(engine: sa.Engine, frames: StoreFrames) -> None:
    """Page 1 from one publish, the rest after a republish that adds newer events."""
    write_store(engine, frames)
    customer_id = most_events(frames)
    old = events_of(frames, customer_id)
    with snapshot(engine) as conn:
        whole, _ = query.timeline(conn, customer_id, TimelineFilter(), limit=EVERYTHING)
        first, cursor = query.timeline(conn, customer_id, TimelineFilter(), limit=5)
    assert cursor is not None and _keys(first) == _keys(whole)[:5]

    newest = old["occurred_at"].max()
    extra = (
        old.sort("interaction_id")
        .head(3)
        .with_columns(
            interaction_id=pl.concat_str(pl.lit("extra-"), pl.col("interaction_id")),
            occurred_at=pl.lit(newest, dtype=old.schema["occurred_at"])
            + pl.duration(days=1, hours=pl.int_range(pl.len())),
        )
    )
    grown = StoreFrames(
        run_id=f"{frames.run_id}-grown",
        tables={
            **frames.tables,
            "interaction": pl.concat([frames.tables["interaction"], extra]),
        },
        unplaced_interactions=0,
    )
    write_store(engine, grown)

    rest: list[dict[str, Any]] = []
    with snapshot(engine) as conn:
        while cursor is not None:
            page, cursor = query.timeline(
                conn, customer_id, TimelineFilter(), limit=5, cursor=cursor
            )
            rest += page
        fresh, _ = query.timeline(conn, customer_id, TimelineFilter(), limit=3)
    assert _keys(first) + _keys(rest) == _keys(whole)
    # The new events are served (at the top of a fresh first page), just not mid-walk.
    assert {e["interaction_id"] for e in fresh} == set(extra["interaction_id"])
