"""Attaching a lone, thinly described record to the one customer it can only be."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import polars as pl
import pytest

from cxm.resolve.attach import unique_candidates
from cxm.resolve.compare import prepare
from cxm.resolve.config import ResolveConfig
from cxm.resolve.records import standardise
from cxm.schema import conform


def _rec(
    source: str,
    record_id: str,
    given: str | None = None,
    family: str | None = None,
    *,
    emails: tuple[str, ...] = (),
    phones: tuple[str, ...] = (),
    dob: date | None = None,
    street: str | None = None,
    external_ids: tuple[str, ...] = (),
) -> dict[str, Any]:
    full = " ".join(p for p in (given, family) if p) or None
    return {
        "source": source,
        "connector": source,
        "record_id": record_id,
        "department": "social",
        "given_name_norm": given,
        "family_name_norm": family,
        "full_name_norm": full,
        "emails": list(emails),
        "phones": list(phones),
        "birth_date": dob,
        "street_norm": street,
        "external_ids": list(external_ids),
        "batch_id": "b1",
        "source_file": "export.csv",
        "source_row": 1,
        "source_line": 2,
    }


def _working(rows: list[dict[str, Any]]) -> pl.DataFrame:
    frame = conform(pl.DataFrame(rows, infer_schema_length=None), "identity_record")
    # No external-id sources: a record's own id must not count as an external id here.
    working = prepare(standardise(frame, ResolveConfig(external_id_sources=[])).working)
    assert working.height == len(rows)
    return working


def _attach(rows: list[dict[str, Any]], labels: list[int]) -> list[tuple[int, int]]:
    result = unique_candidates(_working(rows), np.asarray(labels, dtype=np.int64))
    assert result.schema == pl.Schema({"l": pl.UInt32, "r": pl.UInt32})
    return result.rows()


# Andrew Johnson, known to the CRM twice (rows 0 and 1, "crm" sorts before "tw").
ANDREW = [
    _rec("crm", "1", "andrew", "johnson", emails=("aj@mail.org",), street="1 main st"),
    _rec("crm", "2", "andrew", "johnson", phones=("+15550101111",), dob=date(1980, 5, 17)),
]


def test_name_only_record_attaches_to_the_one_customer_with_that_name() -> None:
    rows = [*ANDREW, _rec("tw", "9", "andrew", "johnson")]
    pairs = _attach(rows, [0, 0, 1])
    assert len(pairs) == 1
    lone, member = pairs[0]
    assert lone == 2
    assert member in {0, 1}


def test_nickname_given_name_attaches() -> None:
    rows = [*ANDREW, _rec("tw", "9", "andy", "johnson")]
    pairs = _attach(rows, [0, 0, 1])
    assert [lone for lone, _ in pairs] == [2]
    assert pairs[0][1] in {0, 1}


def test_different_given_name_or_family_does_not_attach() -> None:
    rows = [*ANDREW, _rec("tw", "8", "peter", "johnson"), _rec("tw", "9", "andrew", "jonas")]
    assert _attach(rows, [0, 0, 1, 2]) == []


def test_not_attached_when_two_customers_carry_the_name() -> None:
    rows = [
        *ANDREW,
        _rec("shop", "5", "andrew", "johnson", emails=("andrew.j@mail.org",), street="9 elm rd"),
        _rec("tw", "9", "andrew", "johnson"),
    ]
    # Two customers named Andrew Johnson: the tweet could be either.
    assert _attach(rows, [0, 0, 1, 2]) == []


def test_a_record_in_a_cluster_is_never_attached() -> None:
    rows = [*ANDREW, _rec("tw", "8", "andrew", "johnson"), _rec("tw", "9", "andrew", "johnson")]
    # Rows 2 and 3 already form a customer of their own: not lone, and a second candidate.
    assert _attach(rows, [0, 0, 1, 1]) == []


def test_family_initial_attaches_to_the_one_matching_customer() -> None:
    rows = [
        _rec("crm", "1", "wei", "dong", emails=("wd@mail.org",), street="2 oak st"),
        _rec("crm", "2", "wei", "dong", phones=("+15550101112",)),
        _rec("crm", "3", "wei", "zhang", emails=("wz@mail.org",), street="3 ash st"),
        _rec("tw", "9", "wei", "d"),  # "Wei D."
    ]
    pairs = _attach(rows, [0, 0, 1, 2])
    assert [lone for lone, _ in pairs] == [3]
    assert pairs[0][1] in {0, 1}


def test_family_initial_shared_by_two_customers_does_not_attach() -> None:
    rows = [
        _rec("crm", "1", "wei", "dong", emails=("wd@mail.org",), street="2 oak st"),
        _rec("crm", "2", "wei", "du", emails=("wdu@mail.org",), street="3 ash st"),
        _rec("tw", "9", "wei", "d"),
    ]
    assert _attach(rows, [0, 1, 2]) == []


def test_phone_only_record_attaches_to_the_one_customer_with_that_phone() -> None:
    rows = [*ANDREW, _rec("inbox", "7", phones=("+15550101111",))]
    # "inbox" sorts between "crm" and "tw": the lone record is row 2.
    assert _attach(rows, [0, 0, 1]) == [(2, 1)]


def test_household_landline_shared_by_two_customers_does_not_attach() -> None:
    landline = "+15550101199"
    rows = [
        _rec("crm", "1", "john", "smith", phones=(landline,), emails=("js@mail.org",)),
        _rec("crm", "2", "jane", "smith", phones=(landline,), emails=("jas@mail.org",)),
        _rec("inbox", "7", phones=(landline,)),
    ]
    assert _attach(rows, [0, 1, 2]) == []


@pytest.mark.parametrize(
    "lone",
    [
        _rec("tw", "9", "andrew", "johnson", street="5 pine st"),
        _rec("tw", "9", "andrew", "johnson", external_ids=("ext-77",)),
        _rec("tw", "9", "andrew", "johnson", emails=("a1@mail.org", "a2@mail.org")),
        _rec("tw", "9", phones=("+15550101111",), street="5 pine st"),
    ],
    ids=["street", "external_id", "two_emails", "phone_with_street"],
)
def test_records_with_a_street_an_external_id_or_two_emails_are_not_thin(
    lone: dict[str, Any],
) -> None:
    assert _attach([*ANDREW, lone], [0, 0, 1]) == []


def test_one_email_still_counts_as_thin() -> None:
    rows = [*ANDREW, _rec("tw", "9", "andrew", "johnson", emails=("andy77@mail.org",))]
    assert [lone for lone, _ in _attach(rows, [0, 0, 1])] == [2]


def test_given_name_conflict_with_the_customer_blocks_attachment() -> None:
    # The phone points at Andrew's customer, but the lone record is a Jane.
    rows = [*ANDREW, _rec("tw", "9", "jane", "johnson", phones=("+15550101111",))]
    assert _attach(rows, [0, 0, 1]) == []


def test_dob_conflict_with_the_customer_blocks_attachment() -> None:
    rows = [*ANDREW, _rec("tw", "9", "andrew", "johnson", dob=date(1955, 11, 2))]
    assert _attach(rows, [0, 0, 1]) == []


def test_dob_typo_does_not_block_attachment() -> None:
    rows = [*ANDREW, _rec("tw", "9", "andrew", "johnson", dob=date(1980, 5, 18))]
    assert [lone for lone, _ in _attach(rows, [0, 0, 1])] == [2]


def test_pairs_are_oriented_with_the_lone_record_on_the_left() -> None:
    rows = [
        _rec("aaa", "1", "andy", "johnson"),  # row 0: the lone record sorts first
        _rec("crm", "1", "andrew", "johnson", emails=("aj@mail.org",), street="1 main st"),
        _rec("crm", "2", "andrew", "johnson", phones=("+15550101111",)),
    ]
    pairs = _attach(rows, [0, 1, 1])
    assert len(pairs) == 1
    assert pairs[0][0] == 0
    assert pairs[0][1] in {1, 2}


def test_nothing_lone_gives_an_empty_frame() -> None:
    assert _attach(ANDREW, [0, 0]) == []


def test_help_desk_caller_named_after_its_number_attaches_by_phone() -> None:
    # The lake splits "Caller 555-0111" into given "caller" and family "555 0111".
    rows = [*ANDREW, _rec("zd", "9", "caller", "555 0111", phones=("+15550101111",))]
    assert _attach(rows, [0, 0, 1]) == [(2, 1)]
