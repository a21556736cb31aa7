"""Traits worked out by hand on small timelines."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import polars as pl

from cxm.insight.traits import customer_traits, empty_traits

SCHEMA = {
    "customer_id": pl.String,
    "department": pl.String,
    "kind": pl.String,
    "status": pl.String,
    "amount": pl.Float64,
    "currency": pl.String,
    "satisfaction": pl.Float64,
    "occurred_at": pl.Datetime("us", "UTC"),
}


def _at(day: int) -> datetime:
    return datetime(2025, 1, day, 12, tzinfo=UTC)


def _traits(rows: list[tuple[Any, ...]]) -> dict[str, dict[str, Any]]:
    frame = pl.DataFrame(rows, schema=SCHEMA, orient="row")
    out = customer_traits(frame)
    return {r["customer_id"]: json.loads(r["traits"]) for r in out.iter_rows(named=True)}


def test_lifetime_value_is_paid_orders_net_of_refunds_per_currency() -> None:
    traits = _traits(
        [
            ("c1", "commerce", "order", "paid", 100.0, "USD", None, _at(1)),
            ("c1", "commerce", "order", "partially_refunded", 50.0, "USD", None, _at(3)),
            ("c1", "commerce", "refund", "partially_refunded", 20.0, "USD", None, _at(4)),
            ("c1", "commerce", "order", "Paid", 30.0, "EUR", None, _at(5)),
            ("c1", "commerce", "order", "voided", 999.0, "USD", None, _at(6)),
            ("c1", "commerce", "order", "pending", 999.0, "USD", None, _at(7)),
            ("c1", "commerce", "order_line", "fulfilled", 100.0, "USD", None, _at(1)),
        ]
    )["c1"]
    # USD: 100 + 50 - 20 = 130; EUR: 30; voided, pending and order lines do not count.
    assert traits["lifetime_value"] == [
        {"currency": "EUR", "amount": 30.0},
        {"currency": "USD", "amount": 130.0},
    ]
    assert traits["orders"] == 3
    assert traits["first_order_at"] == "2025-01-01T12:00:00Z"
    assert traits["last_order_at"] == "2025-01-05T12:00:00Z"
    assert traits["interactions"] == 7


def test_tickets_open_tickets_and_csat() -> None:
    traits = _traits(
        [
            ("c2", "support", "ticket", "Open", None, None, None, _at(1)),
            ("c2", "support", "ticket", "pending", None, None, None, _at(2)),
            ("c2", "support", "ticket", "solved", None, None, 1.0, _at(3)),
            ("c2", "support", "ticket", "closed", None, None, 0.0, _at(4)),
            ("c2", "support", "ticket", "closed", None, None, 1.0, _at(5)),
            ("c2", "social", "message", None, None, None, None, _at(6)),
        ]
    )["c2"]
    assert (traits["tickets"], traits["open_tickets"]) == (5, 2)
    # Two good ratings out of three.
    assert traits["csat"] == round(2 / 3, 4) and traits["csat_ratings"] == 3
    assert traits["by_department"] == [
        {"department": "social", "count": 1},
        {"department": "support", "count": 5},
    ]
    assert traits["by_kind"] == [{"kind": "message", "count": 1}, {"kind": "ticket", "count": 5}]
    assert traits["orders"] == 0 and traits["lifetime_value"] == []
    assert traits["nps"] is None and traits["journey_stage"] is None


def test_customers_are_kept_apart_and_empty_traits_have_the_same_keys() -> None:
    traits = _traits(
        [
            ("a", "commerce", "order", "paid", 10.0, "USD", None, _at(1)),
            ("b", "commerce", "order", "paid", 25.5, "USD", None, _at(2)),
        ]
    )
    assert traits["a"]["lifetime_value"] == [{"currency": "USD", "amount": 10.0}]
    assert traits["b"]["lifetime_value"] == [{"currency": "USD", "amount": 25.5}]
    empty = json.loads(empty_traits())
    assert list(empty) == list(traits["a"])
    assert empty["interactions"] == 0 and empty["csat"] is None
