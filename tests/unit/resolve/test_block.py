"""block: candidate pairs from the blocking rules, with sorted windows for large blocks."""

from __future__ import annotations

from datetime import date
from itertools import combinations
from typing import Any

import polars as pl
import pytest
from working_frames import working

from cxm.resolve.block import LIST_RULES, SCALAR_RULES, Blocking, block


def person(given: str | None, family: str | None, **fields: Any) -> dict[str, Any]:
    return {"given_name_norm": given, "family_name_norm": family, **fields}


def pair_set(result: Blocking) -> set[tuple[int, int]]:
    return {(int(a), int(b)) for a, b in result.pairs.iter_rows()}


def run(rows: list[dict[str, Any]], max_block: int = 40, window: int = 8) -> Blocking:
    return block(working(rows), max_block=max_block, window=window)


def only(result: Blocking, rule: str) -> None:
    """Every rule but ``rule`` produced nothing."""
    others = {name: n for name, n in result.per_rule.items() if name != rule and n}
    assert others == {}


# --- each rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "rule", "a", "b", "other"),
    [
        ("emails", "emails", ["ann@gmail.com"], ["zed@yahoo.com", "ann@gmail.com"], ["c@d.com"]),
        ("phones", "phones", ["+14155550123"], ["+14155550123"], ["+14155550124"]),
        ("handles", "handles", ["twitter:annlee"], ["twitter:annlee"], ["twitter:annle"]),
        ("external_ids", "ext_keys", ["ssn:123456789"], ["ssn:123456789"], ["ssn:123456788"]),
    ],
)
def test_shared_identifier_blocks_the_two_records(
    field: str, rule: str, a: list[str], b: list[str], other: list[str]
) -> None:
    result = run(
        [
            person("ann", "lee", **{field: a}),
            person("bob", "brown", **{field: b}),
            person("cat", "white", **{field: other}),
        ]
    )
    assert pair_set(result) == {(0, 1)}
    assert result.per_rule[rule] == 1
    only(result, rule)


def test_salesforce_ids_block_on_their_15_character_prefix() -> None:
    # A salesforce record's own id is an external key; an 18-character id stored by another
    # system reduces to the same 15-character key.
    sf_id = "0035g00000AbCdEfGH"
    rows = [
        {**person("ann", "lee"), "source": "salesforce", "record_id": sf_id},
        {**person("bob", "brown"), "source": "zendesk", "external_ids": [sf_id[:15] + "xyz"]},
    ]
    result = run(rows)
    assert pair_set(result) == {(0, 1)}
    assert result.per_rule["ext_keys"] == 1


def test_name_rule_blocks_swapped_parts() -> None:
    result = run([person("paris", "parremore"), person("parremore", "paris"), person("ann", "lee")])
    assert pair_set(result) == {(0, 1)}
    assert result.per_rule["name"] == 1
    only(result, "name")


def test_family_postcode() -> None:
    rows = [
        person("ann", "lee", postal_code_norm="sw1a1aa"),
        person("bob", "lee", postal_code_norm="sw1a1aa"),
        person("cat", "lee", postal_code_norm="n11aa"),
    ]
    result = run(rows)
    assert pair_set(result) == {(0, 1)}
    assert result.per_rule["family_postcode"] == 1
    only(result, "family_postcode")


def test_given_postcode() -> None:
    rows = [
        person("ann", "lee", postal_code_norm="sw1a1aa"),
        person("ann", "brown", postal_code_norm="sw1a1aa"),
        person("ann", "white", postal_code_norm="n11aa"),
    ]
    result = run(rows)
    assert pair_set(result) == {(0, 1)}
    assert result.per_rule["given_postcode"] == 1
    only(result, "given_postcode")


def test_birth_date_with_family_or_given_initial() -> None:
    dob = date(1980, 5, 4)
    rows = [
        person("ann", "lee", birth_date=dob),
        person("bob", "lamb", birth_date=dob),  # same dob, same family initial
        person("amy", "brown", birth_date=dob),  # same dob, same given initial as row 0
        person("cat", "white", birth_date=dob),  # same dob, no shared initial
        person("alf", "lyle", birth_date=date(1980, 5, 5)),  # both initials, other dob
    ]
    result = run(rows)
    assert result.per_rule["birth_date_family_initial"] == 1  # (0, 1)
    assert result.per_rule["birth_date_given_initial"] == 1  # (0, 2)
    assert pair_set(result) == {(0, 1), (0, 2)}


def test_street_postcode() -> None:
    rows = [
        person("ann", "lee", street_norm="1 high st", postal_code_norm="sw1a1aa"),
        person("bob", "brown", street_norm="1 high st", postal_code_norm="sw1a1aa"),
        person("cat", "white", street_norm="1 high st", postal_code_norm="n11aa"),
    ]
    result = run(rows)
    assert pair_set(result) == {(0, 1)}
    assert result.per_rule["street_postcode"] == 1
    only(result, "street_postcode")


def test_birth_date_and_postcode() -> None:
    """Both names mistyped beyond recognition: the birth date and the postcode still meet."""
    rows = [
        person("ann", "lee", birth_date="1980-05-02", postal_code_norm="97201"),
        person("xan", "ele", birth_date="1980-05-02", postal_code_norm="97201"),
        person("bob", "kay", birth_date="1980-05-02", postal_code_norm="10001"),
    ]
    result = run(rows)
    assert pair_set(result) == {(0, 1)}
    assert result.per_rule["birth_date_postcode"] == 1
    only(result, "birth_date_postcode")


def test_unrelated_records_make_no_pairs() -> None:
    result = run([person("ann", "lee"), person("bob", "brown")])
    assert result.pairs.height == 0
    assert result.pairs.schema == pl.Schema({"l": pl.UInt32, "r": pl.UInt32})
    assert set(result.per_rule) == set(LIST_RULES) | set(SCALAR_RULES)
    assert all(n == 0 for n in result.per_rule.values())


# --- union, order, uniqueness -------------------------------------------------------------------


def test_pairs_are_an_ordered_unique_union_with_per_rule_counts() -> None:
    rows = [
        # 0 and 1 share an email, a name and a family+postcode: three rules, one pair.
        person("ann", "lee", emails=["ann@gmail.com"], postal_code_norm="ls11aa"),
        person("ann", "lee", emails=["ann@gmail.com", "x@y.com"], postal_code_norm="ls11aa"),
        # 2 shares a phone with 0 only.
        person("zoe", "quinn", phones=["+14155550123"]),
        person("max", "payne", phones=["+447911123456", "+14155550123"]),
    ]
    rows[0]["phones"] = ["+14155550123"]
    result = run(rows)
    phone_pairs = set(combinations([0, 2, 3], 2))
    assert pair_set(result) == {(0, 1)} | phone_pairs
    assert result.per_rule["emails"] == 1
    assert result.per_rule["name"] == 1
    assert result.per_rule["family_postcode"] == 1
    assert result.per_rule["given_postcode"] == 1
    assert result.per_rule["phones"] == 3
    pairs = result.pairs
    assert (pairs["l"] < pairs["r"]).all()
    assert pairs.is_duplicated().sum() == 0
    assert pairs.equals(pairs.sort("l", "r"))
    assert pairs.schema == pl.Schema({"l": pl.UInt32, "r": pl.UInt32})


# --- nulls --------------------------------------------------------------------------------------


def test_null_parts_leave_records_out_of_composite_rules() -> None:
    rows = [
        # same family, postcode missing: no family_postcode pair
        person("ann", "lee"),
        person("bob", "lee"),
        # same postcode, family missing: no family_postcode pair
        person("cat", None, postal_code_norm="ls11aa"),
        person("dan", None, postal_code_norm="ls11aa"),
        # same dob, both names missing on one side: no dob+initial pair
        person("eve", "moss", birth_date=date(1990, 1, 2)),
        person(None, None, birth_date=date(1990, 1, 2), emails=["only@gmail.com"]),
        # same street, postcode missing
        person("fay", "hart", street_norm="2 low rd"),
        person("gus", "cole", street_norm="2 low rd"),
        # same family and given initial, no city
        person("hal", "webb"),
        person("hex", "webb"),
    ]
    result = run(rows)
    assert result.per_rule["family_postcode"] == 0
    assert result.per_rule["given_postcode"] == 0
    assert result.per_rule["birth_date_family_initial"] == 0
    assert result.per_rule["birth_date_given_initial"] == 0
    assert result.per_rule["street_postcode"] == 0
    assert result.per_rule["birth_date_postcode"] == 0
    assert pair_set(result) == set()


def test_empty_lists_make_no_list_pairs() -> None:
    result = run([person("ann", "lee"), person("bob", "brown")])
    assert all(result.per_rule[name] == 0 for name in LIST_RULES)


def test_name_rule_needs_both_parts() -> None:
    rows = [
        person("mary", None),
        person("mary", None),
        person(None, "mary", emails=["m@gmail.com"]),
        person("mary", "mary"),
    ]
    result = run(rows)
    assert result.per_rule["name"] == 0


# --- large blocks -------------------------------------------------------------------------------


def _namesakes(n: int) -> list[dict[str, Any]]:
    """``n`` records named james smith, each with its own postcode and date of birth, in an order
    that is not the (postcode, dob, street) order."""
    rows = []
    for i in range(n):
        k = (i * 7) % n  # a permutation of 0..n-1 (n is not a multiple of 7)
        rows.append(
            person(
                "james",
                "smith",
                postal_code_norm=f"pc{k:03d}",
                birth_date=date(1950 + i, 1 + i % 12, 1 + i % 28),
            )
        )
    return rows


@pytest.mark.parametrize(("n", "max_block", "window"), [(30, 5, 2), (23, 10, 3), (12, 11, 1)])
def test_large_block_is_paired_by_a_sorted_window(n: int, max_block: int, window: int) -> None:
    rows = _namesakes(n)
    result = run(rows, max_block=max_block, window=window)
    # Only the name rule can pair these (postcodes and dobs are all different; no street/city).
    only(result, "name")
    order = sorted(range(n), key=lambda w: (rows[w]["postal_code_norm"], w))
    expected = {
        (min(order[i], order[j]), max(order[i], order[j]))
        for i in range(n)
        for j in range(i + 1, min(n, i + window + 1))
    }
    assert pair_set(result) == expected
    # Linear, not quadratic: sum over steps 1..window of (n - step).
    assert result.pairs.height == sum(n - s for s in range(1, window + 1))
    assert result.pairs.height < n * (n - 1) // 2
    degree = pl.concat([result.pairs["l"], result.pairs["r"]]).value_counts()["count"]
    assert degree.max() <= 2 * window


def test_block_at_the_limit_is_paired_all_to_all() -> None:
    n = 6
    result = run(_namesakes(n), max_block=n, window=1)
    assert pair_set(result) == set(combinations(range(n), 2))
    assert result.per_rule["name"] == n * (n - 1) // 2


def test_small_and_large_blocks_together() -> None:
    large = _namesakes(9)  # rows 0..8
    small = [person("ann", "lee"), person("lee", "ann"), person("ann", "lee", emails=["a@b.com"])]
    result = run(large + small, max_block=4, window=1)
    assert {(9, 10), (9, 11), (10, 11)} <= pair_set(result)
    assert result.per_rule["name"] == 3 + (9 - 1)
