"""CX measures on real customers of the sample data, the expected numbers worked out here from
the raw export files (not from cxm's output).

Each customer is found through the store; which source records it holds decides which raw rows
count, so the check is independent of how well resolution did.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import sqlalchemy as sa

from cxm.config import Settings
from cxm.resolve.resolution import require_current
from cxm.store.engine import make_engine, snapshot
from cxm.store.frames import store_frames
from cxm.store.publish import write_store
from cxm.store.query import find_by_identifier, profile

ROOT = Path(__file__).resolve().parents[2]
ORDERS = ROOT / "sample_data" / "commerce" / "shopify-orders.csv"
TICKETS = ROOT / "sample_data" / "support" / "zendesk-tickets.json"
TICKETS_CSV = ROOT / "sample_data" / "support" / "zendesk-tickets-2023.csv"
AS_OF = datetime(2026, 11, 20, tzinfo=UTC)  # the day the sample exports were "taken"
PAID = {"paid", "partially_refunded", "refunded"}
OPEN = {"new", "open", "pending", "hold"}
# Buyers with several orders and at least one refund in shopify-orders.csv.
BUYERS = [
    "mnguyen@gmail.com",
    "maria.anderson08@icloud.com",
    "wright.priya@hotmail.com",
    "weidelgado@gmail.com",
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, resolved_sample: Path) -> sa.Engine:
    settings = Settings(home=resolved_sample)
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('store') / 'store.sqlite'}")
    resolution = require_current(settings.lake_dir)
    write_store(engine, store_frames(settings.lake_dir, resolution, as_of=AS_OF))
    return engine


def _customer(engine: sa.Engine, email: str) -> dict[str, Any]:
    with snapshot(engine) as conn:
        (match,) = find_by_identifier(conn, "email", [email])
        return profile(conn, match.customer_id)


def _record_ids(p: dict[str, Any], source: str) -> set[str]:
    return {r["record_id"] for r in p["records"] if r["source"] == source}


def _raw_orders() -> pl.DataFrame:
    rows = pl.read_csv(ORDERS, infer_schema=False)
    # Shopify repeats the order columns on every line item row; the first row carries them.
    return rows.filter(pl.col("Financial Status").is_not_null()).with_columns(
        pl.col("Total").cast(pl.Float64),
        pl.col("Refunded Amount").cast(pl.Float64).fill_null(0.0),
    )


@pytest.mark.parametrize("email", BUYERS)
def test_commerce_measures_match_the_shopify_export(engine: sa.Engine, email: str) -> None:
    p = _customer(engine, email)
    mine = _raw_orders().filter(pl.col("Id").is_in(_record_ids(p, "shopify_order")))
    paid = mine.filter(pl.col("Financial Status").is_in(PAID))
    assert paid.height >= 2, "the sample customer was chosen for repeat orders"
    expected_ltv = round(float(paid["Total"].sum()) - float(paid["Refunded Amount"].sum()), 2)
    expected_aov = round(float(paid["Total"].mean()), 2)  # type: ignore[arg-type]
    last = max(datetime.strptime(t, "%Y-%m-%d %H:%M:%S %z") for t in paid["Created at"])
    traits = p["traits"]
    assert traits["orders"] == paid.height
    assert traits["lifetime_value"] == [{"currency": "USD", "amount": expected_ltv}]
    assert traits["average_order_value"] == [{"currency": "USD", "amount": expected_aov}]
    assert traits["recency_days"] == (AS_OF - last).days
    assert traits["journey_stage"] in ("repeat", "advocate")
    assert traits["churn_risk"] is not None and 0 <= traits["churn_risk"] <= 1


def _raw_tickets() -> pl.DataFrame:
    tickets = json.loads(TICKETS.read_text(encoding="utf-8"))
    return pl.DataFrame(
        {
            "id": [f"ticket/{t['id']}" for t in tickets],
            "requester_id": [str(t["requester_id"]) for t in tickets],
            "status": [t["status"] for t in tickets],
            "score": [(t.get("satisfaction_rating") or {}).get("score") for t in tickets],
        }
    )


def test_support_measures_match_the_zendesk_export(engine: sa.Engine) -> None:
    tickets = _raw_tickets()
    csv_ids = set(pl.read_csv(TICKETS_CSV, infer_schema=False)["Requester id"].to_list())
    # Requesters whose tickets are all in the JSON export, with ratings and open tickets.
    rated = tickets.group_by("requester_id").agg(
        pl.len(),
        pl.col("score").is_in(["good", "bad"]).sum().alias("rated"),
        pl.col("status").is_in(OPEN).sum().alias("open"),
    )
    chosen = rated.filter((pl.col("rated") >= 1) & ~pl.col("requester_id").is_in(csv_ids)).sort(
        "requester_id"
    )
    assert chosen.height >= 3
    checked = 0
    with snapshot(engine) as conn:
        for requester in chosen["requester_id"].to_list()[:6]:
            owner = conn.execute(
                sa.text(
                    "select customer_id from source_record where source='zendesk' and record_id=:r"
                ),
                {"r": requester},
            ).scalar_one()
            p = profile(conn, owner)
            theirs = tickets.filter(pl.col("requester_id").is_in(_record_ids(p, "zendesk")))
            if any(r["department"] == "feedback" for r in p["records"]):
                continue  # survey ratings count towards CSAT too; checked elsewhere
            good = theirs.filter(pl.col("score") == "good").height
            ratings = theirs.filter(pl.col("score").is_in(["good", "bad"])).height
            traits = p["traits"]
            assert traits["tickets"] == theirs.height
            assert traits["open_tickets"] == theirs.filter(pl.col("status").is_in(OPEN)).height
            assert traits["csat_ratings"] == ratings
            assert traits["csat"] == round(good / ratings, 4)
            checked += 1
    assert checked >= 3


QUALTRICS = ROOT / "sample_data" / "feedback" / "qualtrics-responses.csv"
SURVEYMONKEY = ROOT / "sample_data" / "feedback" / "surveymonkey-responses.csv"


def _raw_answers() -> pl.DataFrame:
    """Every real survey answer with an NPS: source, response id, when (UTC), score."""
    from zoneinfo import ZoneInfo

    denver = ZoneInfo("America/Denver")  # the ImportId row's timeZone in the sample export
    rows: list[tuple[str, str, datetime, int]] = []
    qualtrics = pl.read_csv(QUALTRICS, infer_schema=False, skip_rows_after_header=2)
    for r in qualtrics.filter(pl.col("Status") == "IP Address").iter_rows(named=True):
        if r["Q2"]:
            at = datetime.strptime(r["RecordedDate"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=denver)
            rows.append(("qualtrics", r["ResponseId"], at.astimezone(UTC), int(r["Q2"])))
    monkey = pl.read_csv(SURVEYMONKEY, infer_schema=False, skip_rows_after_header=1)
    nps_column = next(c for c in monkey.columns if "recommend" in c)
    for r in monkey.iter_rows(named=True):
        if r[nps_column]:
            at = datetime.strptime(r["End Date"], "%m/%d/%Y %I:%M:%S %p").replace(tzinfo=UTC)
            rows.append(("surveymonkey", r["Respondent ID"], at, int(r[nps_column])))
    return pl.DataFrame(rows, schema=["source", "record_id", "at", "nps"], orient="row")


def test_nps_is_the_latest_answer_in_the_survey_exports(engine: sa.Engine) -> None:
    answers = _raw_answers()
    assert answers.height >= 20
    checked = 0
    with snapshot(engine) as conn:
        customers = {
            conn.execute(
                sa.text("select customer_id from source_record where source=:s and record_id=:r"),
                {"s": source, "r": record_id},
            ).scalar_one()
            for source, record_id in answers.select("source", "record_id").iter_rows()
        }
        for customer_id in sorted(customers):
            p = profile(conn, customer_id)
            keys = pl.DataFrame(
                [(r["source"], r["record_id"]) for r in p["records"]],
                schema=["source", "record_id"],
                orient="row",
            )
            theirs = answers.join(keys, on=["source", "record_id"], how="semi").sort("at")
            latest = int(theirs["nps"][-1])
            category = "promoter" if latest >= 9 else "passive" if latest >= 7 else "detractor"
            assert (p["traits"]["nps"], p["traits"]["nps_category"]) == (latest, category)
            if category == "promoter":
                assert p["traits"]["journey_stage"] == "advocate"
            checked += 1
    assert checked >= 15


def test_each_event_carries_the_sentiment_of_what_the_customer_wrote(engine: sa.Engine) -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    with snapshot(engine) as conn:
        rows = conn.execute(
            sa.text(
                "select department, text, attributes, sentiment from interaction "
                "where text is not null and text != ''"
            )
        ).all()
    scored = [r for r in rows if r.department in ("social", "support", "feedback")]
    brand = [r for r in scored if r.attributes and '"from_customer":"false"' in r.attributes]
    customers = [r for r in scored if r not in brand]
    assert len(customers) > 50 and brand
    for row in customers:
        assert row.sentiment == pytest.approx(vader.polarity_scores(row.text)["compound"])
    assert all(r.sentiment is None for r in brand)
    assert all(
        r.sentiment is None for r in rows if r.department not in ("social", "support", "feedback")
    )
