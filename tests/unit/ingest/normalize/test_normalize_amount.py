"""parse_amount."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxm.ingest.normalize import parse_amount

PROPERTY = settings(max_examples=60, deadline=None, derandomize=True, database=None)


def parse(values: Sequence[str | None]) -> list[float | None]:
    frame = pl.DataFrame({"amount": values}, schema={"amount": pl.String})
    out = frame.select(parse_amount(pl.col("amount")))
    assert out.schema["amount"] == pl.Float64
    return out["amount"].to_list()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1234.50", 1234.5),
        ("1234", 1234.0),
        ("0", 0.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("$1,234.50", 1234.5),
        ("$ 1,234.50", 1234.5),
        ("1,234", 1234.0),
        ("1,234,567.89", 1234567.89),
        ("12,34,567.89", 1234567.89),  # Indian grouping
        ("€ 12,50", 12.5),
        ("12,50 €", 12.5),
        ("12,5", 12.5),
        ("1.234,50", 1234.5),
        ("1.234.567,89", 1234567.89),
        ("1.234.567", 1234567.0),
        ("1 234,50", 1234.5),
        ("1\u00a0234,50", 1234.5),
        ("CHF 1'234.50", 1234.5),
        ("£12.00", 12.0),
        ("¥1200", 1200.0),
        ("USD 12.00", 12.0),
        ("12.00 USD", 12.0),
        ("usd12", 12.0),
        ("Rs. 1,00,000", 100000.0),
        ("US$ 5", 5.0),
        ("(12.00)", -12.0),
        ("($12.00)", -12.0),
        ("$(12.00)", -12.0),
        ("(USD 12.00)", -12.0),
        ("-12.00", -12.0),
        ("-$12.00", -12.0),
        ("$-12.00", -12.0),
        ("12.00-", -12.0),
        ("+12", 12.0),
        ("'12.00", 12.0),
        ("'-1,234.50", -1234.5),
        ("  7.25  ", 7.25),
        ("1e3", 1000.0),
        ("n/a", None),
        ("abc", None),
        ("-", None),
        ("--12", None),
        ("1.2.3", None),
        ("1,2,3", None),
        ("12,345,67", None),
        ("$", None),
        ("()", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_amount(raw: str | None, expected: float | None) -> None:
    assert parse([raw]) == [expected]


@PROPERTY
@given(
    cents=st.lists(st.integers(-(10**11), 10**11), min_size=1, max_size=30),
    style=st.sampled_from(["plain", "us", "eu", "accounting"]),
)
def test_formatted_amounts_round_trip(cents: list[int], style: str) -> None:
    texts = []
    for value in cents:
        magnitude = f"{abs(value) / 100:,.2f}"
        if style == "plain":
            body = magnitude.replace(",", "")
        elif style == "eu":
            body = magnitude.replace(",", " ").replace(".", ",").replace(" ", ".")
        else:
            body = "$" + magnitude
        if value < 0:
            body = f"({body})" if style == "accounting" else "-" + body
        texts.append(body)
    assert parse(texts) == [value / 100 for value in cents]
