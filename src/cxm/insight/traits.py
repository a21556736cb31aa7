"""Per-customer traits from the unified timeline, recomputed on every publish.

Every measure is computed over the customer's interactions from all departments, as of the
publish time (``as_of``). Definitions:

Commerce
    ``orders``: paid orders, i.e. ``order`` events whose status is ``paid``,
    ``partially_refunded`` or ``refunded`` (payment was taken; ``pending`` and ``voided`` were
    not). ``lifetime_value``: per currency, paid order amounts minus ``refund`` amounts.
    ``average_order_value``: per currency, the mean paid order amount (before refunds).
    ``first_order_at`` / ``last_order_at``; ``recency_days``: whole days from the last paid order
    to ``as_of``.
Support
    ``tickets`` / ``open_tickets`` (status new, open, pending or hold, any case);
    ``median_resolution_hours``: median of solved time minus creation time over tickets whose
    export gives a solved time (Zendesk ``Solved at`` / ``solved_at``).
Satisfaction and feedback
    ``csat``: share of good ratings (``satisfaction`` ≥ 0.6 on its 0..1 scale: Zendesk "good",
    4 or 5 of 5) among help-desk and survey ratings, ``csat_ratings`` their number.
    ``nps``: the latest survey answer to the 0-10 recommend question, ``nps_category``
    promoter (9-10), passive (7-8) or detractor (0-6).
Sentiment
    ``sentiment``: mean VADER compound score of what the customer wrote (see
    :mod:`cxm.insight.sentiment`), ``sentiment_label`` and ``sentiment_count``.
Engagement
    ``interactions``, ``by_department``, ``by_kind``; over the last 90 days:
    ``interactions_90d``, ``channels_90d`` and ``departments_90d`` (distinct counts).
Churn risk (customers with a paid order; null otherwise)
    ``churn_risk = 1 - exp(-recency_days / (2 * gap))``, where ``gap`` is the customer's mean
    number of days between paid orders (365 with a single order), at least 30. One expected gap
    without an order gives 0.39, two 0.63, four 0.86. ``churn_band``: low (< 0.4), medium
    (< 0.7) or high.
Journey stage
    ``advocate`` (latest NPS 9-10, or a paying customer with a positive public mention: a social
    ``mention`` or ``reply`` scoring ≥ 0.5), else ``repeat`` (2+ paid orders), ``customer``
    (1), ``engaged`` (any interaction beyond being created or signed up in a system), else
    ``aware``.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Final

import polars as pl

from cxm.insight import sentiment

PAID: Final = ("paid", "partially_refunded", "refunded")
OPEN_TICKET: Final = ("new", "open", "pending", "hold")
GOOD_RATING: Final = 0.6
PROMOTER: Final = 9
PASSIVE: Final = 7
RECENT_DAYS: Final = 90
SINGLE_ORDER_GAP_DAYS: Final = 365.0
MIN_GAP_DAYS: Final = 30.0
CHURN_BANDS: Final = ((0.4, "low"), (0.7, "medium"))
ADVOCATE_MENTION: Final = 0.5
PASSIVE_KINDS: Final = ("contact_created", "loyalty_signup")
PUBLIC_KINDS: Final = ("mention", "reply")
SOLVED_KEYS: Final = ("Solved at", "solved_at")
FIELDS: Final = (
    "interactions",
    "by_department",
    "by_kind",
    "orders",
    "lifetime_value",
    "average_order_value",
    "first_order_at",
    "last_order_at",
    "recency_days",
    "tickets",
    "open_tickets",
    "median_resolution_hours",
    "csat",
    "csat_ratings",
    "nps",
    "nps_category",
    "sentiment",
    "sentiment_label",
    "sentiment_count",
    "interactions_90d",
    "channels_90d",
    "departments_90d",
    "churn_risk",
    "churn_band",
    "journey_stage",
)
EVENT_COLUMNS: Final = (
    "customer_id",
    "department",
    "channel",
    "kind",
    "status",
    "amount",
    "currency",
    "satisfaction",
    "occurred_at",
    "text",
    "attributes",
)


def _iso(column: str) -> pl.Expr:
    return pl.col(column).dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def _per_currency(events: pl.DataFrame, value: pl.Expr, how: str, name: str) -> pl.DataFrame:
    rows = (
        events.with_columns(_v=value, currency=pl.col("currency").fill_null("unknown"))
        .filter(pl.col("_v").is_not_null())
        .group_by("customer_id", "currency")
        .agg(amount=(pl.col("_v").sum() if how == "sum" else pl.col("_v").mean()).round(2))
        .sort("customer_id", "currency")
    )
    return rows.group_by("customer_id", maintain_order=True).agg(
        pl.struct("currency", "amount").alias(name)
    )


def _counts(events: pl.DataFrame, column: str, name: str) -> pl.DataFrame:
    return (
        events.group_by("customer_id", column)
        .agg(count=pl.len())
        .sort("customer_id", column)
        .group_by("customer_id", maintain_order=True)
        .agg(pl.struct(column, "count").alias(name))
    )


def _solved_at(events: pl.DataFrame) -> pl.Expr:
    raw = pl.coalesce(*(pl.col("attributes").str.json_path_match(f'$["{k}"]') for k in SOLVED_KEYS))
    text = raw.str.replace("T", " ").str.replace(r"(Z|[+-]00:?00)$", "").str.slice(0, 19)
    parsed = pl.coalesce(
        text.str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False),
        text.str.to_datetime("%Y-%m-%d %H:%M", strict=False),
    )
    return parsed.dt.replace_time_zone("UTC").dt.cast_time_unit("us")


def _prepare(events: pl.DataFrame, as_of: datetime) -> pl.DataFrame:
    status = pl.col("status").str.to_lowercase()
    frame = events.select(EVENT_COLUMNS).with_columns(
        _paid=(pl.col("kind") == "order") & status.is_in(PAID).fill_null(False),
        _open=(pl.col("kind") == "ticket") & status.is_in(OPEN_TICKET).fill_null(False),
        _score=sentiment.scored(events),
        _nps=pl.when(pl.col("kind") == "survey_response").then(
            pl.col("attributes").str.json_path_match("$.nps").cast(pl.Int64, strict=False)
        ),
        _recent=pl.col("occurred_at") >= pl.lit(as_of) - pl.duration(days=RECENT_DAYS),
    )
    return frame.with_columns(
        _hours=pl.when(pl.col("kind") == "ticket").then(
            (_solved_at(frame) - pl.col("occurred_at")).dt.total_seconds() / 3600
        )
    )


def _aggregate(frame: pl.DataFrame, as_of: datetime) -> pl.DataFrame:
    paid = pl.col("_paid")
    rated = pl.col("satisfaction").is_not_null()
    order_times = pl.col("occurred_at").filter(paid)
    return frame.group_by("customer_id").agg(
        interactions=pl.len(),
        orders=paid.sum(),
        first_order_at=order_times.min(),
        last_order_at=order_times.max(),
        _order_span_days=(order_times.max() - order_times.min()).dt.total_seconds() / 86400,
        tickets=(pl.col("kind") == "ticket").sum(),
        open_tickets=pl.col("_open").sum(),
        median_resolution_hours=pl.col("_hours").filter(pl.col("_hours") >= 0).median().round(1),
        csat_ratings=rated.sum(),
        _good=(rated & (pl.col("satisfaction") >= GOOD_RATING)).sum(),
        nps=pl.col("_nps").sort_by("occurred_at").drop_nulls().last(),
        sentiment=pl.col("_score").mean().round(3),
        sentiment_count=pl.col("_score").is_not_null().sum(),
        _public_praise=(
            pl.col("kind").is_in(PUBLIC_KINDS)
            & (pl.col("department") == "social")
            & (pl.col("_score") >= ADVOCATE_MENTION)
        ).any(),
        _engaged=(~pl.col("kind").is_in(PASSIVE_KINDS)).any(),
        interactions_90d=pl.col("_recent").sum(),
        channels_90d=pl.col("channel").filter(pl.col("_recent")).drop_nulls().n_unique(),
        departments_90d=pl.col("department").filter(pl.col("_recent")).n_unique(),
    )


def _derived(frame: pl.DataFrame, as_of: datetime) -> pl.DataFrame:
    recency = ((pl.lit(as_of) - pl.col("last_order_at")).dt.total_seconds() / 86400).floor()
    gap = (
        pl.when(pl.col("orders") >= 2)
        .then(pl.col("_order_span_days") / (pl.col("orders") - 1))
        .otherwise(SINGLE_ORDER_GAP_DAYS)
        .clip(lower_bound=MIN_GAP_DAYS)
    )
    risk = (1 - (-(pl.col("recency_days") / (2 * gap))).exp()).round(3)
    (low_upper, low), (medium_upper, medium) = CHURN_BANDS
    band = (
        pl.when(pl.col("churn_risk").is_null())
        .then(None)
        .when(pl.col("churn_risk") < low_upper)
        .then(pl.lit(low))
        .when(pl.col("churn_risk") < medium_upper)
        .then(pl.lit(medium))
    )
    nps = pl.col("nps")
    stage = (
        pl.when((nps >= PROMOTER) | ((pl.col("orders") > 0) & pl.col("_public_praise")))
        .then(pl.lit("advocate"))
        .when(pl.col("orders") >= 2)
        .then(pl.lit("repeat"))
        .when(pl.col("orders") == 1)
        .then(pl.lit("customer"))
        .when(pl.col("_engaged"))
        .then(pl.lit("engaged"))
        .otherwise(pl.lit("aware"))
    )
    return (
        frame.with_columns(recency_days=recency.cast(pl.Int64))
        .with_columns(churn_risk=pl.when(pl.col("orders") > 0).then(risk))
        .with_columns(
            churn_band=band.otherwise(pl.lit("high")),
            journey_stage=stage,
            nps_category=pl.when(nps >= PROMOTER)
            .then(pl.lit("promoter"))
            .when(nps >= PASSIVE)
            .then(pl.lit("passive"))
            .when(nps.is_not_null())
            .then(pl.lit("detractor")),
            csat=pl.when(pl.col("csat_ratings") > 0).then(
                (pl.col("_good") / pl.col("csat_ratings")).round(4)
            ),
            sentiment_label=sentiment.label(pl.col("sentiment")),
            first_order_at=_iso("first_order_at"),
            last_order_at=_iso("last_order_at"),
        )
    )


def trait_frame(events: pl.DataFrame, as_of: datetime) -> pl.DataFrame:
    """One row per customer with events: ``customer_id`` and one typed column per trait.

    ``events`` needs the columns in :data:`EVENT_COLUMNS`; ``as_of`` is an aware UTC time.
    ``csat_good`` (the number of good ratings) is kept for company-level CSAT.
    """
    frame = _prepare(events, as_of)
    paid = frame.filter(pl.col("_paid"))
    signed = (
        pl.when(pl.col("_paid"))
        .then(pl.col("amount"))
        .when(pl.col("kind") == "refund")
        .then(-pl.col("amount"))
    )
    out = (
        _derived(_aggregate(frame, as_of), as_of)
        .join(_per_currency(frame, signed, "sum", "lifetime_value"), on="customer_id", how="left")
        .join(
            _per_currency(paid, pl.col("amount"), "mean", "average_order_value"),
            on="customer_id",
            how="left",
        )
        .join(_counts(frame, "department", "by_department"), on="customer_id", how="left")
        .join(_counts(frame, "kind", "by_kind"), on="customer_id", how="left")
        .with_columns(
            pl.col("lifetime_value").fill_null([]),
            pl.col("average_order_value").fill_null([]),
        )
    )
    return out.select("customer_id", *FIELDS, csat_good=pl.col("_good"))


def complete(customer_ids: pl.DataFrame, traits: pl.DataFrame) -> pl.DataFrame:
    """Traits for every customer in ``customer_ids``: those without events get the defaults of
    :func:`empty_traits` (zero counts, empty lists, ``aware``)."""
    defaults = json.loads(empty_traits())
    joined = customer_ids.select("customer_id").join(traits, on="customer_id", how="left")
    fills = [pl.col("csat_good").fill_null(0)]
    for name, value in defaults.items():
        if isinstance(value, list):
            fills.append(pl.col(name).fill_null([]))
        elif value is not None:
            fills.append(pl.col(name).fill_null(value))
    return joined.with_columns(fills)


def encode(traits: pl.DataFrame) -> pl.DataFrame:
    """``customer_id`` and ``traits`` as JSON text (the trait columns, in :data:`FIELDS` order,
    plus ``segments`` when present)."""
    names = [*FIELDS, *(["segments"] if "segments" in traits.columns else [])]
    return traits.select("customer_id", traits=pl.struct(*names).struct.json_encode())


def customer_traits(events: pl.DataFrame, as_of: datetime) -> pl.DataFrame:
    """One row per customer with events: ``customer_id`` and ``traits`` (JSON text)."""
    return encode(trait_frame(events, as_of))


def empty_traits() -> str:
    """The traits of a customer without events (same keys; zero counts; ``aware``)."""
    zero: dict[str, object] = dict.fromkeys(FIELDS)
    for name in ("by_department", "by_kind", "lifetime_value", "average_order_value"):
        zero[name] = []
    for name in (
        "interactions",
        "orders",
        "tickets",
        "open_tickets",
        "csat_ratings",
        "sentiment_count",
        "interactions_90d",
        "channels_90d",
        "departments_90d",
    ):
        zero[name] = 0
    zero["journey_stage"] = "aware"
    return json.dumps(zero, separators=(",", ":"))
