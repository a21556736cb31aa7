"""Traits worked out by hand on small timelines."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl
import pytest

from cxm.insight.traits import FIELDS, customer_traits, empty_traits

AS_OF = datetime(2025, 7, 1, tzinfo=UTC)
SCHEMA = {
    "customer_id": pl.String,
    "department": pl.String,
    "channel": pl.String,
    "kind": pl.String,
    "status": pl.String,
    "amount": pl.Float64,
    "currency": pl.String,
    "satisfaction": pl.Float64,
    "occurred_at": pl.Datetime("us", "UTC"),
    "text": pl.String,
    "attributes": pl.String,
}


def _at(days_before: float) -> datetime:
    return AS_OF - timedelta(days=days_before)


def ev(customer: str, kind: str, days_before: float, **fields: Any) -> dict[str, Any]:
    """One event; department defaults from the kind."""
    department = {
        "order": "commerce",
        "refund": "commerce",
        "order_line": "commerce",
        "ticket": "support",
        "message": "social",
        "mention": "social",
        "reply": "social",
        "survey_response": "feedback",
        "contact_created": "sales",
    }.get(kind, "other")
    row = {c: None for c in SCHEMA}
    row |= {"customer_id": customer, "kind": kind, "department": department}
    row["occurred_at"] = _at(days_before)
    row |= fields
    return row


def _traits(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    frame = pl.DataFrame(rows, schema=SCHEMA)
    out = customer_traits(frame, AS_OF)
    return {r["customer_id"]: json.loads(r["traits"]) for r in out.iter_rows(named=True)}


def test_lifetime_value_is_paid_orders_net_of_refunds_per_currency() -> None:
    t = _traits(
        [
            ev("c1", "order", 100, status="paid", amount=100.0, currency="USD"),
            ev("c1", "order", 40, status="partially_refunded", amount=50.0, currency="USD"),
            ev("c1", "refund", 39, status="partially_refunded", amount=20.0, currency="USD"),
            ev("c1", "order", 10, status="Paid", amount=30.0, currency="EUR"),
            ev("c1", "order", 5, status="voided", amount=999.0, currency="USD"),
            ev("c1", "order", 2, status="pending", amount=999.0, currency="USD"),
            ev("c1", "order_line", 100, status="fulfilled", amount=100.0, currency="USD"),
        ]
    )["c1"]
    # USD: 100 + 50 - 20 = 130; EUR: 30. Voided, pending and order lines do not count.
    assert t["lifetime_value"] == [
        {"currency": "EUR", "amount": 30.0},
        {"currency": "USD", "amount": 130.0},
    ]
    # Average order value is before refunds: USD (100 + 50) / 2.
    assert t["average_order_value"] == [
        {"currency": "EUR", "amount": 30.0},
        {"currency": "USD", "amount": 75.0},
    ]
    assert t["orders"] == 3
    assert t["first_order_at"] == _at(100).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert t["last_order_at"] == _at(10).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert t["recency_days"] == 10
    assert t["interactions"] == 7
    # Three paid orders over 90 days: a 45-day gap; 10 days without an order.
    assert t["churn_risk"] == pytest.approx(round(1 - math.exp(-10 / 90), 3))
    assert t["churn_band"] == "low"
    assert t["journey_stage"] == "repeat"


def test_tickets_resolution_and_csat() -> None:
    t = _traits(
        [
            ev("c2", "ticket", 30, status="Open"),
            ev("c2", "ticket", 20, status="pending"),
            ev(
                "c2",
                "ticket",
                10,
                status="solved",
                satisfaction=1.0,
                attributes=json.dumps({"Solved at": _at(9.5).strftime("%Y-%m-%d %H:%M")}),
            ),
            ev(
                "c2",
                "ticket",
                8,
                status="closed",
                satisfaction=0.0,
                attributes=json.dumps({"solved_at": _at(6).strftime("%Y-%m-%dT%H:%M:%SZ")}),
            ),
            ev("c2", "survey_response", 5, satisfaction=0.75),  # 4 of 5: good
            ev("c2", "survey_response", 4, satisfaction=0.5),  # 3 of 5: not good
        ]
    )["c2"]
    assert (t["tickets"], t["open_tickets"]) == (4, 2)
    # Resolution: 12 hours and 48 hours; the median of two is their mean.
    assert t["median_resolution_hours"] == 30.0
    # Good ratings: 1.0 and 0.75 of four ratings.
    assert t["csat"] == 0.5 and t["csat_ratings"] == 4
    assert t["orders"] == 0 and t["lifetime_value"] == [] and t["churn_risk"] is None
    assert t["journey_stage"] == "engaged"


def test_nps_is_the_latest_answer_and_promoters_are_advocates() -> None:
    t = _traits(
        [
            ev("p", "survey_response", 50, attributes='{"nps": 3}'),
            ev("p", "survey_response", 5, attributes='{"nps": 10}'),
            ev("d", "survey_response", 5, attributes='{"nps": 9}'),
            ev("d", "survey_response", 1, attributes='{"nps": 6}'),
            ev("m", "survey_response", 1, attributes='{"nps": 8}'),
        ]
    )
    assert (t["p"]["nps"], t["p"]["nps_category"], t["p"]["journey_stage"]) == (
        10,
        "promoter",
        "advocate",
    )
    assert (t["d"]["nps"], t["d"]["nps_category"]) == (6, "detractor")
    assert (t["m"]["nps"], t["m"]["nps_category"]) == (8, "passive")


def test_sentiment_skips_brand_messages_and_praise_makes_an_advocate() -> None:
    t = _traits(
        [
            ev("a", "order", 30, status="paid", amount=10.0, currency="USD"),
            ev("a", "mention", 3, text="I love my new tent, it is absolutely wonderful!"),
            ev(
                "a",
                "message",
                2,
                text="This is terrible, awful, the worst service ever.",
                attributes='{"from_customer": "false"}',
            ),
            ev("b", "ticket", 3, status="open", text="The jacket arrived torn. Very disappointed."),
            ev("c", "contact_created", 3, text="Imported from a trade show list"),
        ]
    )
    # The brand's own message is not the customer's sentiment.
    assert t["a"]["sentiment_count"] == 1 and t["a"]["sentiment"] > 0.5
    assert t["a"]["sentiment_label"] == "positive"
    assert t["a"]["journey_stage"] == "advocate"
    assert t["b"]["sentiment_label"] == "negative" and t["b"]["sentiment"] < -0.05
    # Sales events are not scored, and being imported into a CRM is not engagement.
    assert t["c"]["sentiment"] is None and t["c"]["journey_stage"] == "aware"


def test_single_order_churn_and_engagement_window() -> None:
    t = _traits(
        [
            ev("s", "order", 400, status="paid", amount=50.0, currency="USD", channel="web"),
            ev("s", "ticket", 60, status="solved", channel="email"),
            ev("s", "message", 10, channel="instagram"),
            ev("s", "message", 9, channel="instagram"),
        ]
    )["s"]
    # One order 400 days ago, a 365-day gap: 1 - exp(-400 / 730).
    assert t["churn_risk"] == pytest.approx(round(1 - math.exp(-400 / 730), 3))
    assert t["churn_band"] == "medium"
    assert t["journey_stage"] == "customer"
    assert (t["interactions_90d"], t["channels_90d"], t["departments_90d"]) == (3, 2, 2)
    assert t["by_department"] == [
        {"department": "commerce", "count": 1},
        {"department": "social", "count": 2},
        {"department": "support", "count": 1},
    ]


def test_customers_are_kept_apart_and_empty_traits_have_the_same_keys() -> None:
    t = _traits(
        [
            ev("a", "order", 1, status="paid", amount=10.0, currency="USD"),
            ev("b", "order", 2, status="paid", amount=25.5, currency="USD"),
        ]
    )
    assert t["a"]["lifetime_value"] == [{"currency": "USD", "amount": 10.0}]
    assert t["b"]["lifetime_value"] == [{"currency": "USD", "amount": 25.5}]
    empty = json.loads(empty_traits())
    assert list(empty) == list(t["a"]) == list(FIELDS)
    assert empty["interactions"] == 0 and empty["journey_stage"] == "aware"
