"""rules: deterministic links fired from comparison levels, strongest rule first."""

from __future__ import annotations

from itertools import product
from typing import Any

import polars as pl
import pytest

from cxm.resolve.compare import COMPARISONS
from cxm.resolve.rules import RULES, fire

GIVEN = {name: i for i, name in enumerate(COMPARISONS["given_name"])}
FAMILY = {name: i for i, name in enumerate(COMPARISONS["family_name"])}
EMAIL = {name: i for i, name in enumerate(COMPARISONS["email"])}
PHONE = {name: i for i, name in enumerate(COMPARISONS["phone"])}
MISSING = -1


def levels(rows: list[dict[str, int]]) -> pl.DataFrame:
    """Levels frame; comparisons a row does not name are missing."""
    return pl.DataFrame(
        {c: [row.get(c, MISSING) for row in rows] for c in COMPARISONS},
        schema={c: pl.Int8 for c in COMPARISONS},
    )


def rule(**row: int) -> str | None:
    out: str | None = fire(levels([row]))[0]
    return out


def test_rule_names_strongest_first() -> None:
    assert RULES == ("external_id", "social_handle", "exact_email", "phone_and_name")


def test_nothing_fires_on_missing_or_weak_evidence() -> None:
    assert rule() is None
    assert rule(given_name=GIVEN["exact"], family_name=FAMILY["exact"], birth_date=3) is None
    assert rule(email=EMAIL["typo"], given_name=GIVEN["exact"]) is None
    assert rule(phone=PHONE["same_last_7"], given_name=GIVEN["exact"]) is None
    assert rule(external_id=0) is None


def test_external_id_fires_on_a_shared_id_whatever_the_names() -> None:
    assert rule(external_id=1) == "external_id"
    assert rule(external_id=1, given_name=GIVEN["different"], family_name=0) == "external_id"


def test_social_handle_fires_on_a_shared_handle() -> None:
    assert COMPARISONS["handle"] == ("exact",)
    assert rule(handle=0) == "social_handle"
    assert rule(handle=0, given_name=GIVEN["different"]) == "social_handle"


@pytest.mark.parametrize(
    ("given", "fires"),
    [
        (MISSING, True),
        (GIVEN["different"], False),
        (GIVEN["initial"], True),
        (GIVEN["similar"], True),
        (GIVEN["nickname"], True),
        (GIVEN["exact"], True),
    ],
)
def test_exact_email_unless_given_names_differ(given: int, fires: bool) -> None:
    out = rule(email=EMAIL["exact"], given_name=given, family_name=FAMILY["different"])
    assert out == ("exact_email" if fires else None)


@pytest.mark.parametrize(
    ("given", "family", "fires"),
    [
        (GIVEN["exact"], FAMILY["exact"], True),
        (GIVEN["nickname"], FAMILY["exact"], True),
        (GIVEN["very_similar"], FAMILY["similar"], True),
        (GIVEN["exact"], MISSING, True),  # family unknown is not different
        (GIVEN["similar"], FAMILY["exact"], False),  # not close enough
        (GIVEN["initial"], FAMILY["exact"], False),
        (GIVEN["different"], FAMILY["exact"], False),
        (MISSING, FAMILY["exact"], False),  # a shared landline alone never links
        (GIVEN["exact"], FAMILY["different"], False),
    ],
)
def test_phone_and_name(given: int, family: int, fires: bool) -> None:
    out = rule(phone=PHONE["exact"], given_name=given, family_name=family)
    assert out == ("phone_and_name" if fires else None)


def test_precedence() -> None:
    everything = {
        "external_id": 1,
        "handle": 0,
        "email": EMAIL["exact"],
        "phone": PHONE["exact"],
        "given_name": GIVEN["exact"],
        "family_name": FAMILY["exact"],
    }
    assert rule(**everything) == "external_id"
    assert rule(**{**everything, "external_id": 0}) == "social_handle"
    assert rule(**{**everything, "external_id": 0, "handle": MISSING}) == "exact_email"
    no_email = {**everything, "external_id": 0, "handle": MISSING, "email": EMAIL["different"]}
    assert rule(**no_email) == "phone_and_name"


def _expected(row: dict[str, Any]) -> str | None:
    """The rule for a row of levels, from the rules' definitions."""
    given, family = row["given_name"], row["family_name"]
    if row["external_id"] == 1:
        return "external_id"
    if row["handle"] == 0:
        return "social_handle"
    if row["email"] == EMAIL["exact"] and given != GIVEN["different"]:
        return "exact_email"
    if (
        row["phone"] == PHONE["exact"]
        and given >= GIVEN["very_similar"]
        and family != FAMILY["different"]
    ):
        return "phone_and_name"
    return None


def test_every_combination_of_levels() -> None:
    keys = ("external_id", "handle", "email", "phone", "given_name", "family_name")
    ranges = [range(-1, len(COMPARISONS[c])) for c in keys]
    rows = [dict(zip(keys, values, strict=True)) for values in product(*ranges)]
    frame = levels(rows)
    got = fire(frame)
    assert got.len() == len(rows)
    assert got.to_list() == [_expected(row) for row in frame.rows(named=True)]
    assert set(got.drop_nulls().unique()) == set(RULES)
