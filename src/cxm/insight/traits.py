"""Per-customer traits from the unified timeline, recomputed on every publish.

Definitions (each over the customer's interactions, all departments):

- ``orders``: paid orders, i.e. ``order`` events whose status is ``paid``,
  ``partially_refunded`` or ``refunded`` (payment was taken; ``pending`` and ``voided`` were not
  paid).
- ``lifetime_value``: per currency, the amounts of paid orders minus the amounts of ``refund``
  events, rounded to cents.
- ``first_order_at`` / ``last_order_at``: the earliest and latest paid order.
- ``tickets`` / ``open_tickets``: ``ticket`` events, and those whose status is new, open,
  pending or hold (any case).
- ``csat``: the share of good ratings among rated events (``satisfaction`` ≥ 0.5 on its 0..1
  scale), with ``csat_ratings`` the number of ratings; null without ratings.
- ``interactions``, ``by_department`` and ``by_kind``: event counts.

NPS, sentiment, churn risk and journey stage come with the feedback and CX measures; until then
they are null, so consumers can rely on the keys.
"""

from __future__ import annotations

import json
from typing import Final

import polars as pl

PAID: Final = ("paid", "partially_refunded", "refunded")
OPEN_TICKET: Final = ("new", "open", "pending", "hold")
GOOD_RATING: Final = 0.5
LATER: Final = ("nps", "nps_category", "sentiment", "churn_risk", "journey_stage")


def _money(events: pl.DataFrame) -> pl.DataFrame:
    """``customer_id`` → ``lifetime_value`` as a list of {currency, amount}."""
    status = pl.col("status").str.to_lowercase()
    signed = (
        pl.when((pl.col("kind") == "order") & status.is_in(PAID))
        .then(pl.col("amount"))
        .when(pl.col("kind") == "refund")
        .then(-pl.col("amount"))
    )
    money = (
        events.filter(pl.col("amount").is_not_null())
        .with_columns(_signed=signed, currency=pl.col("currency").fill_null("unknown"))
        .filter(pl.col("_signed").is_not_null())
        .group_by("customer_id", "currency")
        .agg(amount=pl.col("_signed").sum().round(2))
        .sort("customer_id", "currency")
    )
    return money.group_by("customer_id", maintain_order=True).agg(
        lifetime_value=pl.struct("currency", "amount")
    )


def customer_traits(events: pl.DataFrame) -> pl.DataFrame:
    """One row per customer with events: ``customer_id`` and ``traits`` (JSON text).

    ``events`` needs ``customer_id``, ``department``, ``kind``, ``status``, ``amount``,
    ``currency``, ``satisfaction`` and ``occurred_at``.
    """
    status = pl.col("status").str.to_lowercase()
    paid_order = (pl.col("kind") == "order") & status.is_in(PAID)
    rated = pl.col("satisfaction").is_not_null()
    counts = events.group_by("customer_id").agg(
        interactions=pl.len(),
        orders=paid_order.sum(),
        first_order_at=pl.col("occurred_at").filter(paid_order).min(),
        last_order_at=pl.col("occurred_at").filter(paid_order).max(),
        tickets=(pl.col("kind") == "ticket").sum(),
        open_tickets=((pl.col("kind") == "ticket") & status.is_in(OPEN_TICKET)).sum(),
        csat_ratings=rated.sum(),
        _good=(rated & (pl.col("satisfaction") >= GOOD_RATING)).sum(),
    )
    departments = (
        events.group_by("customer_id", "department")
        .agg(count=pl.len())
        .sort("customer_id", "department")
        .group_by("customer_id", maintain_order=True)
        .agg(by_department=pl.struct("department", "count"))
    )
    kinds = (
        events.group_by("customer_id", "kind")
        .agg(count=pl.len())
        .sort("customer_id", "kind")
        .group_by("customer_id", maintain_order=True)
        .agg(by_kind=pl.struct("kind", "count"))
    )
    frame = (
        counts.join(_money(events), on="customer_id", how="left")
        .join(departments, on="customer_id", how="left")
        .join(kinds, on="customer_id", how="left")
        .with_columns(
            csat=pl.when(pl.col("csat_ratings") > 0).then(
                (pl.col("_good") / pl.col("csat_ratings")).round(4)
            ),
            lifetime_value=pl.col("lifetime_value").fill_null([]),
            first_order_at=pl.col("first_order_at").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
            last_order_at=pl.col("last_order_at").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
            **{name: pl.lit(None) for name in LATER},
        )
    )
    fields = (  # the order of empty_traits()
        "interactions",
        "by_department",
        "by_kind",
        "orders",
        "lifetime_value",
        "first_order_at",
        "last_order_at",
        "tickets",
        "open_tickets",
        "csat",
        "csat_ratings",
        *LATER,
    )
    return frame.select("customer_id", traits=pl.struct(*fields).struct.json_encode())


def empty_traits() -> str:
    """The traits of a customer without events (same keys, zero counts)."""
    zero: dict[str, object] = {
        "interactions": 0,
        "by_department": [],
        "by_kind": [],
        "orders": 0,
        "lifetime_value": [],
        "first_order_at": None,
        "last_order_at": None,
        "tickets": 0,
        "open_tickets": 0,
        "csat": None,
        "csat_ratings": 0,
        **dict.fromkeys(LATER),
    }
    return json.dumps(zero, separators=(",", ":"))
