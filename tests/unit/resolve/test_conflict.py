"""conflict: given-name and date-of-birth conflicts, scalar and vectorized."""

from __future__ import annotations

from datetime import date
from itertools import combinations

import numpy as np
import polars as pl
import pytest
from rapidfuzz.distance import JaroWinkler

from cxm.resolve.conflict import (
    NAME_CONFLICT_BELOW,
    conflicting_dob_groups,
    conflicting_name_pairs,
    dob_conflict,
    given_conflict,
    names_conflict,
)
from cxm.resolve.nickname import nickname_table, same_given_name


def jw(a: str, b: str) -> float:
    return float(JaroWinkler.normalized_similarity(a, b))


# --- given names --------------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b"), [("john", "jane"), ("mary", "susan"), ("peter", "anna")])
def test_different_given_names_conflict(a: str, b: str) -> None:
    assert jw(a, b) < NAME_CONFLICT_BELOW
    assert given_conflict(a, b)
    assert given_conflict(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("jon", "john"),  # near-identical spelling
        ("bob", "robert"),  # nickname
        ("kate", "catherine"),  # nickname, low Jaro-Winkler
        ("chris", "christopher"),  # prefix
        ("j", "john"),  # an initial
        ("john", "john"),
        (None, "john"),
        ("john", None),
        ("", "john"),
        (None, None),
    ],
)
def test_compatible_given_names_do_not_conflict(a: str | None, b: str | None) -> None:
    assert not given_conflict(a, b)
    assert not given_conflict(b, a)


def test_nickname_and_prefix_cases_would_conflict_on_jaro_winkler_alone() -> None:
    # Each exemption is what saves these pairs.
    assert jw("bob", "robert") < NAME_CONFLICT_BELOW
    assert same_given_name("bob", "robert")
    assert jw("kate", "catherine") < NAME_CONFLICT_BELOW
    assert jw("al", "alexander") < NAME_CONFLICT_BELOW
    assert not given_conflict("al", "alexander")


def test_names_conflict_needs_conflicting_given_names() -> None:
    assert names_conflict(("john", "smith"), ("mary", "smith"))
    assert names_conflict(("john", "smith"), ("mary", None))
    assert not names_conflict(("john", "smith"), ("jon", "brown"))
    assert not names_conflict(("bob", "smith"), ("robert", "jones"))
    assert not names_conflict((None, "smith"), ("mary", "smith"))


def test_swapped_name_parts_do_not_conflict() -> None:
    assert given_conflict("john", "smith")
    assert not names_conflict(("john", "smith"), ("smith", "john"))
    assert not names_conflict(("hana", "okafor"), ("okafor", "hana"))
    # Not swapped: the other record's family is not this given name.
    assert names_conflict(("john", "smith"), ("smith", "okafor"))


# --- dates of birth -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        (date(1980, 5, 4), date(1980, 5, 4), False),
        (date(1980, 5, 4), date(1980, 5, 14), False),  # one digit
        (date(1980, 5, 4), date(1990, 5, 4), False),  # one digit of the year
        (date(1980, 5, 4), date(1980, 4, 5), False),  # day and month swapped
        (date(1980, 12, 1), date(1980, 1, 12), False),  # swapped, three digits differ
        (date(1980, 5, 4), date(1981, 4, 5), True),  # swapped but another year
        (date(1980, 5, 4), date(1981, 5, 5), True),  # two digits
        (date(1980, 5, 4), date(1980, 6, 5), True),  # two digits
        (date(1980, 5, 4), date(1975, 11, 30), True),
        (date(1980, 5, 4), None, False),
        (None, None, False),
    ],
)
def test_dob_conflict(a: date | None, b: date | None, conflict: bool) -> None:
    assert dob_conflict(a, b) is conflict
    assert dob_conflict(b, a) is conflict


# --- vectorized checks agree with the scalar functions ------------------------------------------


def _near_threshold(a: str, b: str) -> bool:
    return abs(jw(a, b) - NAME_CONFLICT_BELOW) < 1e-6


def _name_groups(seed: int, groups: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    pool = sorted(set(nickname_table()["name"].to_list()))
    # Short and one-letter names exercise the length rule; "al"/"alan" the prefix rule.
    pool = [*pool[::7], "j", "a", "al", "alan", "jo", "joe", "jon", "john", "jane", "chris"]
    rows: list[tuple[int, str | None]] = []
    for g in range(groups):
        size = int(rng.integers(1, 5))
        for i in rng.choice(len(pool), size=size, replace=False):
            rows.append((g, pool[int(i)]))
        if rng.random() < 0.1:
            rows.append((g, None))
    return pl.DataFrame(rows, schema={"group": pl.Int64, "given": pl.String}, orient="row")


@pytest.mark.parametrize("seed", [1, 2])
def test_conflicting_name_pairs_agrees_with_given_conflict(seed: int) -> None:
    names = _name_groups(seed, groups=1500)
    members: dict[int, list[str]] = {}
    for g, given in names.iter_rows():
        if given is not None:
            members.setdefault(g, []).append(given)
    expected: set[int] = set()
    boundary: set[int] = set()
    for g, values in members.items():
        pairs = list(combinations(sorted(set(values)), 2))
        if any(_near_threshold(a, b) for a, b in pairs):
            boundary.add(g)  # see test_name_conflict_at_the_threshold_is_consistent
        elif any(given_conflict(a, b) for a, b in pairs):
            expected.add(g)
    got = set(conflicting_name_pairs(names)["group"].to_list()) - boundary
    assert 100 < len(expected) < len(members) - 100  # both outcomes are well represented
    assert len(boundary) < 50
    assert got == expected


@pytest.mark.parametrize(("a", "b"), [("dan", "don"), ("abe", "ade"), ("barbie", "bobbie")])
def test_name_conflict_at_the_threshold_is_consistent(a: str, b: str) -> None:
    names = pl.DataFrame({"group": [1, 1], "given": [a, b]})
    vectorized = conflicting_name_pairs(names).height > 0
    assert given_conflict(a, b) == vectorized


def test_conflicting_name_pairs_cases() -> None:
    names = pl.DataFrame(
        {
            "group": [1, 1, 2, 2, 3, 3, 4, 4, 5, 6, 6],
            "given": [
                *("john", "jane"),  # conflict
                *("bob", "robert"),
                *("chris", "christopher"),
                *("j", "jane"),
                "mary",
                *("jon", "john"),
            ],
        }
    )
    assert conflicting_name_pairs(names)["group"].to_list() == [1]
    empty = conflicting_name_pairs(names.filter(pl.col("group") == 5))
    assert empty.height == 0
    assert empty.columns == ["group"]


def _dob_groups(seed: int, groups: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    rows: list[tuple[int, date | None]] = []
    for g in range(groups):
        base = date(int(rng.integers(1979, 1982)), int(rng.integers(1, 13)), 1)
        for _ in range(int(rng.integers(1, 4))):
            if rng.random() < 0.1:
                rows.append((g, None))
                continue
            # Close dates: typos, swaps and same-year dates are common.
            year = base.year + int(rng.choice([0, 0, 0, 1, 10]))
            month = int(rng.choice([base.month, int(rng.integers(1, 13))]))
            day = int(rng.integers(1, 13)) if rng.random() < 0.5 else int(rng.integers(1, 29))
            rows.append((g, date(year, month, day)))
    return pl.DataFrame(rows, schema={"group": pl.Int64, "dob": pl.Date}, orient="row")


@pytest.mark.parametrize("seed", [1, 2])
def test_conflicting_dob_groups_agrees_with_dob_conflict(seed: int) -> None:
    dobs = _dob_groups(seed, groups=2000)
    members: dict[int, list[date]] = {}
    for g, dob in dobs.iter_rows():
        if dob is not None:
            members.setdefault(g, []).append(dob)
    expected = {
        g
        for g, values in members.items()
        if any(dob_conflict(a, b) for a, b in combinations(sorted(set(values)), 2))
    }
    got = set(conflicting_dob_groups(dobs)["group"].to_list())
    assert 100 < len(expected) < len(members) - 100
    assert got == expected


def test_conflicting_dob_groups_cases() -> None:
    dobs = pl.DataFrame(
        {
            "group": [1, 1, 2, 2, 3, 3, 4, 4, 5],
            "dob": [
                date(1980, 5, 4),
                date(1981, 5, 5),  # two digits: conflict
                date(1980, 5, 4),
                date(1980, 4, 5),  # swap
                date(1980, 5, 4),
                date(1980, 5, 14),  # one digit
                date(1980, 5, 4),
                None,
                date(1980, 5, 4),
            ],
        }
    )
    assert conflicting_dob_groups(dobs)["group"].to_list() == [1]
