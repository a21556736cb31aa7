"""Company-level measures worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser

import polars as pl

from cxm.insight.metrics import company_metrics
from cxm.insight.report import render_report

AS_OF = datetime(2025, 7, 1, tzinfo=UTC)


def _frames() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    customers = pl.DataFrame(
        {
            "customer_id": ["a", "b", "c", "d", "e"],
            "departments": [
                ["sales", "support"],
                ["commerce"],
                ["commerce", "sales", "social"],
                [],
                ["support"],
            ],
        }
    )
    money = pl.List(pl.Struct({"currency": pl.String, "amount": pl.Float64}))
    traits = pl.DataFrame(
        {
            "customer_id": ["a", "b", "c", "d", "e"],
            "nps_category": ["promoter", "promoter", "detractor", None, "passive"],
            "csat_good": [3, 0, 1, 0, 0],
            "csat_ratings": [4, 1, 1, 0, 0],
            "churn_risk": [0.05, 0.45, 0.95, None, None],
            "churn_band": ["low", "medium", "high", None, None],
            "journey_stage": ["advocate", "repeat", "customer", "aware", "engaged"],
            "sentiment_label": ["positive", None, "negative", None, "neutral"],
            "segments": [["vip"], ["vip"], [], [], ["watch"]],
            "lifetime_value": [
                [{"currency": "USD", "amount": 10.5}],
                [{"currency": "USD", "amount": 4.5}],
                [{"currency": "EUR", "amount": 7.0}],
                [],
                [],
            ],
        },
        schema_overrides={"lifetime_value": money, "segments": pl.List(pl.String)},
    )
    records = pl.DataFrame(
        {
            "source": [
                "hubspot",
                "hubspot",
                "zendesk",
                "shopify",
                "shopify",
                "zendesk",
                "twitter",
                "hubspot",
            ]
        }
    )
    return customers, traits, records


def test_company_metrics() -> None:
    m = company_metrics(*_frames(), AS_OF)
    # NPS over 4 answers: 2 promoters, 1 detractor -> (2 - 1) / 4 = 25.
    assert m["nps"] == {
        "score": 25.0,
        "promoters": 2,
        "passives": 1,
        "detractors": 1,
        "responses": 4,
    }
    # CSAT: 4 good of 6 ratings.
    assert m["csat"] == {"score": round(4 / 6, 4), "good": 4, "ratings": 6}
    churn = m["churn_risk"]
    assert (churn["low"], churn["medium"], churn["high"], churn["not_applicable"]) == (1, 1, 1, 2)
    assert churn["histogram"] == [1, 0, 0, 0, 1, 0, 0, 0, 0, 1]
    assert m["journey_stages"] == {
        "aware": 1,
        "engaged": 1,
        "customer": 1,
        "repeat": 1,
        "advocate": 1,
    }
    assert m["sentiment"] == {"positive": 1, "neutral": 1, "negative": 1, "unscored": 2}
    assert m["customers_by_departments"] == {"0": 1, "1": 2, "2": 1, "3": 1}
    assert m["customers_by_department"] == {"commerce": 2, "sales": 2, "social": 1, "support": 2}
    assert m["segments"] == {"vip": 2, "watch": 1}
    assert m["lifetime_value"] == [
        {"currency": "EUR", "amount": 7.0},
        {"currency": "USD", "amount": 15.0},
    ]
    assert m["unification"] == {
        "source_records": 8,
        "customers": 5,
        "records_per_customer": 1.6,
        "records_by_source": {"hubspot": 3, "shopify": 2, "twitter": 1, "zendesk": 2},
    }


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_report_is_self_contained_and_escapes_values() -> None:
    customers, traits, records = _frames()
    records = records.with_columns(pl.col("source").replace("twitter", "<script>x</script>"))
    m = company_metrics(customers, traits, records, AS_OF)
    html = render_report(m, run_id="run-1", published_at="2025-07-01T00:00:00+00:00")
    parsed = _Collect()
    parsed.feed(html)
    assert "script" not in parsed.tags and not parsed.urls
    text = " ".join(parsed.text)
    assert "<script>x</script>" in text  # shown as text, not markup
    assert "25" in text and "66.7%" in text and "Customers by journey stage" in text
    assert parsed.tags.count("svg") >= 8
