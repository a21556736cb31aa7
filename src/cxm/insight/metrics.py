"""Company-level measures, computed at each publish from every customer's traits.

- ``nps``: over each customer's latest NPS answer, % promoters - % detractors (-100..100).
- ``csat``: good ratings / all ratings over every help-desk and survey rating.
- ``churn_risk``: customers per band (paying customers only), and a histogram of the scores in
  tenths.
- ``journey_stages``, ``sentiment`` and ``segments``: customers per value.
- ``customers_by_departments``: customers by how many departments they touch, and
  ``customers_by_department`` how many each department touches.
- ``unification``: source records, customers, and records per customer (per source, too).
- ``lifetime_value``: totals per currency.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

import polars as pl

STAGES: Final = ("aware", "engaged", "customer", "repeat", "advocate")
BANDS: Final = ("low", "medium", "high")
LABELS: Final = ("positive", "neutral", "negative")
HISTOGRAM_BUCKETS: Final = 10


def _counts(frame: pl.DataFrame, column: str, keys: tuple[str, ...]) -> dict[str, int]:
    found = dict(frame.group_by(column).len().drop_nulls(column).iter_rows())
    return {k: int(found.get(k, 0)) for k in keys}


def _nps(traits: pl.DataFrame) -> dict[str, Any]:
    answered = traits.filter(pl.col("nps_category").is_not_null())
    counts = _counts(answered, "nps_category", ("promoter", "passive", "detractor"))
    total = answered.height
    score = round(100 * (counts["promoter"] - counts["detractor"]) / total, 1) if total else None
    return {
        "score": score,
        "promoters": counts["promoter"],
        "passives": counts["passive"],
        "detractors": counts["detractor"],
        "responses": total,
    }


def _csat(traits: pl.DataFrame) -> dict[str, Any]:
    good = int(traits["csat_good"].sum())
    ratings = int(traits["csat_ratings"].sum())
    return {
        "score": round(good / ratings, 4) if ratings else None,
        "good": good,
        "ratings": ratings,
    }


def _churn(traits: pl.DataFrame) -> dict[str, Any]:
    scored = traits.filter(pl.col("churn_risk").is_not_null())
    buckets = (
        (pl.col("churn_risk") * HISTOGRAM_BUCKETS).floor().clip(0, HISTOGRAM_BUCKETS - 1)
    ).cast(pl.Int64)
    found = dict(scored.group_by(buckets.alias("b")).len().iter_rows())
    return {
        **_counts(scored, "churn_band", BANDS),
        "not_applicable": traits.height - scored.height,
        "histogram": [int(found.get(i, 0)) for i in range(HISTOGRAM_BUCKETS)],
    }


def _departments(customers: pl.DataFrame) -> tuple[dict[str, int], dict[str, int]]:
    touched = customers.select(n=pl.col("departments").list.len())
    by_count = dict(touched.group_by("n").len().sort("n").iter_rows())
    per = customers.select(pl.col("departments").explode()).drop_nulls()
    per_department = dict(per.group_by("departments").len().sort("departments").iter_rows())
    return {str(k): int(v) for k, v in by_count.items()}, {
        k: int(v) for k, v in per_department.items()
    }


def company_metrics(
    customers: pl.DataFrame,
    traits: pl.DataFrame,
    records: pl.DataFrame,
    as_of: datetime,
) -> dict[str, Any]:
    """The company-level view.

    ``customers`` has ``customer_id`` and ``departments`` (a list); ``traits`` is the completed
    trait frame (one row per customer, see :func:`cxm.insight.traits.complete`, with
    ``segments``); ``records`` the published source records (``source``).
    """
    by_count, per_department = _departments(customers)
    segments = traits.select(pl.col("segments").explode()).drop_nulls()
    ltv = (
        traits.select(pl.col("lifetime_value").explode())
        .drop_nulls()
        .unnest("lifetime_value")
        .group_by("currency")
        .agg(pl.col("amount").sum().round(2))
        .sort("currency")
    )
    n_customers = customers.height
    by_source = dict(records.group_by("source").len().sort("source").iter_rows())
    return {
        "as_of": as_of.isoformat(),
        "unification": {
            "source_records": records.height,
            "customers": n_customers,
            "records_per_customer": round(records.height / n_customers, 3) if n_customers else None,
            "records_by_source": {k: int(v) for k, v in by_source.items()},
        },
        "nps": _nps(traits),
        "csat": _csat(traits),
        "churn_risk": _churn(traits),
        "journey_stages": _counts(traits, "journey_stage", STAGES),
        "sentiment": {
            **_counts(traits, "sentiment_label", LABELS),
            "unscored": int(traits["sentiment_label"].is_null().sum()),
        },
        "customers_by_departments": by_count,
        "customers_by_department": per_department,
        "segments": {
            k: int(v) for k, v in segments.group_by("segments").len().sort("segments").iter_rows()
        },
        "lifetime_value": ltv.to_dicts(),
    }
