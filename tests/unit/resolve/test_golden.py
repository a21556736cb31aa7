"""Tests of survivorship (:mod:`cxm.resolve.survivorship`) and golden records (:mod:`cxm.resolve.golden`).

Expected winners are derived in each test from the rule being tested (the newest date, the most
common value, the first source in the priority list), not copied from the output.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from pydantic import ValidationError

from cxm.config import Settings
from cxm.errors import ResolveError
from cxm.ingest.lake import Lake
from cxm.ingest.pipeline import ingest
from cxm.resolve.golden import golden_records
from cxm.resolve.survivorship import (
    DEFAULT_SOURCE_PRIORITY,
    FIELD_GROUPS,
    FieldGroup,
    Rule,
    SurvivorshipConfig,
)
from cxm.schema import conform, table_schema

RULES: tuple[Rule, ...] = ("most_recent", "most_frequent", "source_priority", "longest")
GOLDEN_FIELDS = tuple(c for columns in FIELD_GROUPS.values() for c in columns)
ROOT = Path(__file__).resolve().parents[3]


def at(day: int) -> datetime:
    return datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=day)


def _records(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """A slim identity_record frame; *_norm columns are derived by golden_records when absent."""
    schema = table_schema("identity_record")
    columns = sorted({k for row in rows for k in row} | {"source", "record_id", "department"})
    full = [
        {c: row.get(c, "sales" if c == "department" else None) for c in columns} for row in rows
    ]
    return pl.DataFrame(full, schema={c: schema[c] for c in columns})


def _membership(records: pl.DataFrame, customer: str | list[str] = "C1") -> pl.DataFrame:
    ids = [customer] * records.height if isinstance(customer, str) else customer
    return records.select("source", "record_id").with_columns(customer_id=pl.Series(ids))


def _gold(
    rows: list[dict[str, Any]], customer: str | list[str] = "C1", **rules: Any
) -> dict[str, Any]:
    records = _records(rows)
    out = golden_records(records, _membership(records, customer), SurvivorshipConfig(**rules))
    assert out.height == 1
    return out.row(0, named=True)


def _supplier(gold: dict[str, Any], field: str) -> tuple[str, str]:
    entry = json.loads(gold["provenance"])[field]
    return entry["source"], entry["record_id"]


# --- configuration ---------------------------------------------------------------------------


def test_config_defaults() -> None:
    config = SurvivorshipConfig()
    assert config.source_priority == list(DEFAULT_SOURCE_PRIORITY)
    assert [config.rule(g) for g in FIELD_GROUPS] == [
        "source_priority",
        "most_frequent",
        "most_frequent",
        "most_recent",
        "most_recent",
        "most_frequent",
    ]


@pytest.mark.parametrize(
    ("settings", "needle"),
    [
        ({"email": "newest"}, "email"),
        ({"name": "random"}, "name"),
        ({"nickname": "longest"}, "nickname"),
        ({"source_priority": ["hubspot", "zendesk", "hubspot"]}, "hubspot"),
        ({"source_priority": ["hubspot", " "]}, "blank"),
    ],
)
def test_config_rejects_unknown_rules_fields_and_bad_priorities(
    settings: dict[str, Any], needle: str
) -> None:
    with pytest.raises(ValidationError, match=needle):
        SurvivorshipConfig(**settings)


def test_config_is_immutable() -> None:
    config = SurvivorshipConfig()
    with pytest.raises(ValidationError):
        config.email = "longest"


# --- most_recent ------------------------------------------------------------------------------


def test_most_recent_takes_the_newest_record() -> None:
    rows: list[dict[str, Any]] = [
        {"source": "hubspot", "record_id": "1", "company": "Acme", "updated_at": at(3)},
        {"source": "hubspot", "record_id": "2", "company": "Globex", "updated_at": at(9)},
        {"source": "zendesk", "record_id": "3", "company": "Initech", "updated_at": at(5)},
    ]
    newest = max(rows, key=lambda r: r["updated_at"])
    gold = _gold(rows, company="most_recent")
    assert gold["company"] == newest["company"]
    assert _supplier(gold, "company") == (newest["source"], newest["record_id"])
    assert json.loads(gold["provenance"])["company"]["rule"] == "most_recent"


def test_most_recent_uses_created_at_when_not_updated_and_puts_undated_last() -> None:
    rows: list[dict[str, Any]] = [
        {"source": "hubspot", "record_id": "1", "company": "Undated"},
        {"source": "hubspot", "record_id": "2", "company": "Old", "updated_at": at(1)},
        {"source": "hubspot", "record_id": "3", "company": "Created", "created_at": at(4)},
    ]
    assert _gold(rows, company="most_recent")["company"] == "Created"
    assert _gold(rows[:1], company="most_recent")["company"] == "Undated"


def test_most_recent_ties_go_to_most_frequent_then_source_priority() -> None:
    same_time = at(7)
    rows: list[dict[str, Any]] = [
        {"source": "zendesk", "record_id": "1", "company": "Acme", "updated_at": same_time},
        {"source": "hubspot", "record_id": "2", "company": "Globex", "updated_at": same_time},
        {"source": "loyalty", "record_id": "3", "company": "acme", "updated_at": at(1)},
    ]
    # Acme (case-folded) is on two records, Globex on one.
    assert _gold(rows, company="most_recent")["company"] == "Acme"
    # Without the older Acme the frequencies tie, and hubspot ranks before zendesk.
    assert _gold(rows[:2], company="most_recent")["company"] == "Globex"


def test_full_tie_goes_to_smallest_record_id() -> None:
    rows: list[dict[str, Any]] = [
        {"source": "hubspot", "record_id": str(n), "company": name, "updated_at": at(1)}
        for n, name in ((5, "Echo"), (2, "Bravo"), (9, "India"))
    ]
    for rule in RULES[:3]:
        gold = _gold(rows, company=rule)
        assert _supplier(gold, "company") == ("hubspot", "2")


# --- most_frequent ----------------------------------------------------------------------------


def test_most_frequent_compares_normalized_names_and_keeps_the_newest_spelling() -> None:
    rows: list[dict[str, Any]] = [
        {"source": "hubspot", "record_id": "1", "full_name": "Maria Garcia", "updated_at": at(1)},
        {"source": "zendesk", "record_id": "2", "full_name": "MARIA GARCIA", "updated_at": at(5)},
        {"source": "loyalty", "record_id": "3", "full_name": "Mary Garcia", "updated_at": at(9)},
    ]
    counts = Counter(r["full_name"].lower() for r in rows)
    top = max(counts, key=lambda k: counts[k])
    newest_of_top = max(
        (r for r in rows if r["full_name"].lower() == top), key=lambda r: r["updated_at"]
    )
    gold = _gold(rows, name="most_frequent")
    assert gold["full_name"] == newest_of_top["full_name"] == "MARIA GARCIA"
    assert _supplier(gold, "full_name") == ("zendesk", "2")


def test_most_frequent_tie_goes_to_most_recent() -> None:
    rows: list[dict[str, Any]] = [
        {
            "source": "hubspot",
            "record_id": "1",
            "birth_date": date(1990, 1, 2),
            "updated_at": at(1),
        },
        {
            "source": "hubspot",
            "record_id": "2",
            "birth_date": date(1991, 3, 4),
            "updated_at": at(8),
        },
    ]
    assert _gold(rows, birth_date="most_frequent")["birth_date"] == "1991-03-04"


def test_email_candidates_are_list_elements_and_lists_are_ordered_by_use() -> None:
    rows: list[dict[str, Any]] = [
        {
            "source": "hubspot",
            "record_id": "1",
            "emails": ["a@x.io", "b@x.io"],
            "updated_at": at(9),
        },
        {
            "source": "zendesk",
            "record_id": "2",
            "emails": ["c@x.io", "b@x.io"],
            "updated_at": at(1),
        },
        {"source": "loyalty", "record_id": "3", "emails": []},
    ]
    gold = _gold(rows)
    assert gold["email"] == "b@x.io"  # on two records
    # b is on 2 records; a and c on one each, then alphabetical.
    assert gold["emails"] == ["b@x.io", "a@x.io", "c@x.io"]
    assert _supplier(gold, "email") == ("hubspot", "1")  # the newest record carrying b
    assert gold["phone"] is None
    assert gold["phones"] == []
    assert "phone" not in json.loads(gold["provenance"])


def test_one_record_with_two_emails_keeps_its_list_order() -> None:
    rows = [{"source": "hubspot", "record_id": "1", "emails": ["zed@x.io", "amy@x.io"]}]
    for rule in RULES[:3]:
        gold = _gold(rows, email=rule)
        assert gold["email"] == "zed@x.io"
        assert gold["emails"] == ["amy@x.io", "zed@x.io"]


# --- source_priority --------------------------------------------------------------------------


def test_source_priority_prefers_the_crm_legal_name_over_a_newer_nickname() -> None:
    rows: list[dict[str, Any]] = [
        {
            "source": "zendesk",
            "record_id": "7",
            "given_name": "Bob",
            "family_name": "Smith",
            "full_name": "Bob Smith",
            "updated_at": at(30),
        },
        {
            "source": "salesforce",
            "record_id": "0035",
            "given_name": "Robert",
            "family_name": "Smith",
            "full_name": "Robert Smith",
            "updated_at": at(2),
        },
    ]
    gold = _gold(rows)
    assert (gold["given_name"], gold["full_name"]) == ("Robert", "Robert Smith")
    for field in ("given_name", "family_name", "full_name"):
        assert _supplier(gold, field) == ("salesforce", "0035")
    reordered = _gold(rows, source_priority=["zendesk", "salesforce"])
    assert reordered["full_name"] == "Bob Smith"
    assert _gold(rows, name="most_recent")["full_name"] == "Bob Smith"


def test_unlisted_sources_rank_after_listed_ones_alphabetically() -> None:
    rows: list[dict[str, Any]] = [
        {"source": "zeta_crm", "record_id": "1", "company": "Zeta", "updated_at": at(9)},
        {"source": "alpha_crm", "record_id": "2", "company": "Alpha", "updated_at": at(1)},
        {"source": "twitter", "record_id": "3", "company": "Listed", "updated_at": at(0)},
    ]
    assert _gold(rows, company="source_priority")["company"] == "Listed"
    assert _gold(rows[:2], company="source_priority")["company"] == "Alpha"
    assert _gold(rows[:2], company="source_priority", source_priority=[])["company"] == "Alpha"


def test_source_priority_tie_goes_to_most_recent() -> None:
    rows: list[dict[str, Any]] = [
        {"source": "hubspot", "record_id": "1", "company": "Old", "updated_at": at(1)},
        {"source": "hubspot", "record_id": "2", "company": "New", "updated_at": at(6)},
        {"source": "zendesk", "record_id": "3", "company": "Newest", "updated_at": at(9)},
    ]
    assert _gold(rows, company="source_priority")["company"] == "New"


# --- longest ----------------------------------------------------------------------------------


def test_longest_name_prefers_given_and_family_over_one_long_part() -> None:
    rows: list[dict[str, Any]] = [
        {
            "source": "hubspot",
            "record_id": "1",
            "given_name": "Maximiliano",
            "full_name": "Maximiliano",
        },
        {
            "source": "zendesk",
            "record_id": "2",
            "given_name": "Max",
            "family_name": "Li",
            "full_name": "Max Li",
        },
        {
            "source": "loyalty",
            "record_id": "3",
            "given_name": "Max",
            "family_name": "Lindqvist",
            "full_name": "Max Lindqvist",
        },
    ]
    complete = [r for r in rows if r.get("given_name") and r.get("family_name")]
    expected = max(complete, key=lambda r: len(r["full_name"]))
    gold = _gold(rows, name="longest")
    assert gold["full_name"] == expected["full_name"] == "Max Lindqvist"


def test_longest_email_and_company() -> None:
    rows: list[dict[str, Any]] = [
        {
            "source": "hubspot",
            "record_id": "1",
            "emails": ["al@x.io"],
            "company": "Acme Corporation",
        },
        {"source": "zendesk", "record_id": "2", "emails": ["alice.long@x.io"], "company": "Acme"},
    ]
    gold = _gold(rows, email="longest", company="longest")
    assert gold["email"] == "alice.long@x.io"
    assert gold["company"] == "Acme Corporation"


# --- addresses --------------------------------------------------------------------------------


ADDRESS_ROWS: list[dict[str, Any]] = [
    {
        "source": "shopify_order",
        "record_id": "1",
        "street": "1 Elm St",
        "city": "Boise",
        "updated_at": at(9),
    },
    {
        "source": "hubspot",
        "record_id": "2",
        "street": "22 Long Meadow Road",
        "city": "Denver",
        "region": "CO",
        "postal_code": "80202",
        "country": "US",
        "updated_at": at(2),
    },
]


def test_address_is_taken_whole_from_one_record() -> None:
    gold = _gold(ADDRESS_ROWS, address="most_recent")
    newest = ADDRESS_ROWS[0]
    assert (gold["street"], gold["city"]) == (newest["street"], newest["city"])
    # Not filled in from the other record.
    assert (gold["region"], gold["postal_code"], gold["country"]) == (None, None, None)
    provenance = json.loads(gold["provenance"])
    assert {k for k in provenance if k in FIELD_GROUPS["address"]} == {"street", "city"}
    assert _supplier(gold, "city") == ("shopify_order", "1")


def test_longest_address_is_the_most_complete() -> None:
    gold = _gold(ADDRESS_ROWS, address="longest")
    assert [gold[c] for c in FIELD_GROUPS["address"]] == [
        ADDRESS_ROWS[1].get(c) for c in FIELD_GROUPS["address"]
    ]


def test_most_frequent_address_compares_normalized_parts() -> None:
    rows: list[dict[str, Any]] = [
        {**ADDRESS_ROWS[1], "record_id": "2"},
        {**ADDRESS_ROWS[1], "record_id": "3", "street": "22 LONG MEADOW ROAD", "updated_at": at(1)},
        ADDRESS_ROWS[0],
    ]
    gold = _gold(rows, address="most_frequent")
    assert gold["street"] == "22 Long Meadow Road"  # the newer of the two equal addresses


# --- missing values ---------------------------------------------------------------------------


def test_records_without_a_value_never_supply_it() -> None:
    rows: list[dict[str, Any]] = [
        {"source": "salesforce", "record_id": "1", "updated_at": at(9), "company": "  "},
        {"source": "twitter", "record_id": "2", "full_name": "Ann Lee", "company": "Lee Co"},
    ]
    gold = _gold(rows, company="most_recent")
    assert gold["full_name"] == "Ann Lee"  # salesforce ranks first but has no name
    assert gold["company"] == "Lee Co"  # a blank company is no company
    assert gold["given_name"] is None


def test_customer_without_any_data_gets_nulls_and_empty_provenance() -> None:
    gold = _gold([{"source": "meta", "record_id": "1"}])
    assert all(gold[c] is None for c in GOLDEN_FIELDS)
    assert gold["provenance"] == "{}"
    assert gold["emails"] == gold["phones"] == gold["handles"] == gold["external_ids"] == []
    assert gold["first_seen"] is None and gold["last_seen"] is None


def test_blank_name_parts_come_out_null() -> None:
    rows = [{"source": "hubspot", "record_id": "1", "given_name": "Ann", "family_name": ""}]
    gold = _gold(rows)
    assert (gold["given_name"], gold["family_name"]) == ("Ann", None)
    assert list(json.loads(gold["provenance"])) == ["given_name"]


# --- summary columns --------------------------------------------------------------------------


def test_summary_columns() -> None:
    rows: list[dict[str, Any]] = [
        {
            "source": "zendesk",
            "record_id": "1",
            "department": "support",
            "created_at": at(5),
            "handles": ["twitter:ann"],
        },
        {
            "source": "hubspot",
            "record_id": "2",
            "created_at": at(2),
            "updated_at": at(20),
            "external_ids": ["Z-1", "A-9"],
        },
        {
            "source": "hubspot",
            "record_id": "3",
            "created_at": at(3),
            "handles": ["twitter:ann", "instagram:ann"],
        },
    ]
    gold = _gold(rows)
    assert gold["record_count"] == 3
    assert gold["sources"] == sorted({r["source"] for r in rows})
    assert gold["departments"] == ["sales", "support"]
    assert gold["first_seen"] == min(r["created_at"] for r in rows)
    assert gold["last_seen"] == max(r.get("updated_at") or r["created_at"] for r in rows)
    assert gold["handles"] == ["twitter:ann", "instagram:ann"]
    assert gold["external_ids"] == ["A-9", "Z-1"]


# --- whole frames -----------------------------------------------------------------------------


def test_output_conforms_one_row_per_customer_sorted() -> None:
    rows: list[dict[str, Any]] = [
        {"source": "hubspot", "record_id": str(n), "full_name": f"P {n}", "emails": [f"{n}@x.io"]}
        for n in range(6)
    ]
    records = _records(rows)
    members = _membership(records, ["c-b", "c-a", "c-b", "c-c", "c-a", "c-b"])
    out = golden_records(records, members, SurvivorshipConfig())
    spec = table_schema("customer")
    assert out.schema == spec.polars
    assert out.equals(conform(out, "customer"))
    assert out["customer_id"].to_list() == ["c-a", "c-b", "c-c"]
    assert out["record_count"].to_list() == [2, 3, 1]


def test_result_does_not_depend_on_row_order() -> None:
    records, members = _random_case(random.Random(7), customers=40)
    config = SurvivorshipConfig(name="most_frequent", address="longest")
    expected = golden_records(records, members, config)
    shuffled = golden_records(
        records.sample(fraction=1.0, shuffle=True, seed=3),
        members.sample(fraction=1.0, shuffle=True, seed=4),
        config,
    )
    assert shuffled.equals(expected)


def test_empty_input() -> None:
    records = _records([{"source": "hubspot", "record_id": "1"}]).clear()
    out = golden_records(records, _membership(records), SurvivorshipConfig())
    assert out.height == 0
    assert out.schema == table_schema("customer").polars


def test_provenance_escapes_ids_that_need_it() -> None:
    rows = [{"source": 'odd"src', "record_id": "a\\b\n", "company": "Acme"}]
    gold = _gold(rows)
    assert json.loads(gold["provenance"]) == {
        "company": {"source": 'odd"src', "record_id": "a\\b\n", "rule": "most_recent"}
    }


def test_input_problems_are_reported_together() -> None:
    records = _records(
        [
            {"source": "hubspot", "record_id": "1"},
            {"source": "hubspot", "record_id": "1"},
            {"source": "hubspot", "record_id": "2"},
            {"source": "zendesk", "record_id": "3"},
        ]
    )
    members = pl.DataFrame(
        {
            "source": ["hubspot", "hubspot", "hubspot"],
            "record_id": ["1", "2", "2"],
            "customer_id": ["C1", "C1", "C2"],
        }
    )
    with pytest.raises(ResolveError) as caught:
        golden_records(records, members, SurvivorshipConfig())
    message = str(caught.value)
    assert "membership: records listed more than once: (hubspot, 2)" in message
    assert "records without a customer: (zendesk, 3)" in message
    assert "appears more than once: (hubspot, 1)" in message


def test_missing_columns_are_named() -> None:
    records = pl.DataFrame({"source": ["hubspot"], "record_id": ["1"]})
    members = pl.DataFrame({"source": ["hubspot"], "record_id": ["1"]})
    with pytest.raises(
        ResolveError,
        match=r"records: missing columns department.*membership: missing columns customer_id",
    ):
        golden_records(records, members, SurvivorshipConfig())


# --- randomized comparison with a plain-Python reference ------------------------------------

# Small value pools force ties on every criterion.
_NAMES = [("Ann", "Lee"), ("ANN", "LEE"), ("Ann", None), (None, "Lee"), ("Annabel", "Lee-Smith")]
_STREETS = ["1 Elm St", "1 ELM ST", "22 Long Road", None]
_CITIES = ["Boise", "boise", "Denver", None]
_SOURCES = ["salesforce", "hubspot", "zendesk", "twitter", "zz_custom", "aa_custom"]


def _random_case(rng: random.Random, customers: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    rows: list[dict[str, Any]] = []
    owners: list[str] = []
    for c in range(customers):
        for _ in range(rng.randint(1, 5)):
            given, family = rng.choice([*_NAMES, (None, None)])
            full = " ".join(p for p in (given, family) if p) or None
            rows.append(
                {
                    "source": rng.choice(_SOURCES),
                    "record_id": str(len(rows)),
                    "given_name": given,
                    "family_name": family,
                    "full_name": full,
                    "company": rng.choice(["Acme", "ACME", "Globex Corp", None, None]),
                    "street": rng.choice(_STREETS),
                    "city": rng.choice(_CITIES),
                    "postal_code": rng.choice(["83702", None]),
                    "birth_date": rng.choice([date(1990, 1, 1), date(1985, 5, 5), None]),
                    "emails": rng.sample(["a@x.io", "bb@x.io", "ccc@x.io"], rng.randint(0, 2)),
                    "phones": rng.sample(["+15550100", "+15550199"], rng.randint(0, 2)),
                    "created_at": rng.choice([at(1), at(2), None]),
                    "updated_at": rng.choice([at(3), at(4), None, None]),
                }
            )
            owners.append(f"cust-{c:03d}")
    records = _records(rows)
    return records, _membership(records, owners)


def _reference(
    records: pl.DataFrame, members: pl.DataFrame, config: SurvivorshipConfig
) -> dict[str, dict[str, Any]]:
    """The spec's rules, one customer and one field at a time, in plain Python."""
    owner = {(m["source"], m["record_id"]): m["customer_id"] for m in members.iter_rows(named=True)}
    listed = config.source_priority
    unlisted = sorted(set(records["source"]) - set(listed))
    prio = {s: n for n, s in enumerate([*listed, *unlisted])}
    by_customer: dict[str, list[dict[str, Any]]] = {}
    for row in records.iter_rows(named=True):
        by_customer.setdefault(owner[(row["source"], row["record_id"])], []).append(row)

    def fold(value: str | None) -> str:
        return (value or "").strip().lower()

    def candidates(rows: list[dict[str, Any]], group: FieldGroup) -> list[dict[str, Any]]:
        out = []
        for row in rows:
            if group in ("email", "phone"):
                for pos, value in enumerate(row[f"{group}s"]):
                    out.append(
                        {
                            "row": row,
                            "values": (value,),
                            "key": value,
                            "pos": pos,
                            "long": (len(value), 0),
                        }
                    )
                continue
            values = tuple(row.get(c) for c in FIELD_GROUPS[group])
            if all(v is None for v in values):
                continue
            if group == "name":
                given, family, full = values
                key: Any = fold(full)
                spelled = full or " ".join(p for p in (given, family) if p)
                long = ((given is not None) + (family is not None), len(spelled))
            elif group == "address":
                key = tuple(fold(v) for v in values)
                long = (sum(v is not None for v in values), len(values[0] or ""))
            elif group == "company":
                key = fold(values[0])
                long = (len(values[0] or ""), 0)
            else:
                key = values[0]
                long = (0, 0)
            out.append({"row": row, "values": values, "key": key, "pos": 0, "long": long})
        return out

    def rank(cand: dict[str, Any], freq: Counter[Any], rule: Rule) -> tuple[Any, ...]:
        row = cand["row"]
        stamp = row["updated_at"] or row["created_at"]
        recency = -stamp.timestamp() if stamp else float("inf")
        criteria = {
            "most_recent": (recency,),
            "most_frequent": (-freq[cand["key"]],),
            "source_priority": (prio[row["source"]],),
            "longest": tuple(-x for x in cand["long"]),
        }
        order = [
            rule,
            *(r for r in ("most_recent", "most_frequent", "source_priority") if r != rule),
        ]
        return (
            *(x for r in order for x in criteria[r]),
            row["source"],
            row["record_id"],
            cand["pos"],
        )

    expected: dict[str, dict[str, Any]] = {}
    for customer, rows in by_customer.items():
        gold: dict[str, Any] = {}
        for group, columns in FIELD_GROUPS.items():
            rule = config.rule(group)
            cands = candidates(rows, group)
            freq = Counter(c["key"] for c in cands)
            best = min(cands, key=lambda c: rank(c, freq, rule)) if cands else None
            for n, column in enumerate(columns):
                value = best["values"][n] if best else None
                gold[column] = value.isoformat() if isinstance(value, date) else value
                if value is not None and best:
                    gold[f"@{column}"] = (best["row"]["source"], best["row"]["record_id"])
        expected[customer] = gold
    return expected


@pytest.mark.parametrize("seed", range(4))
def test_every_rule_matches_a_plain_python_reference(seed: int) -> None:
    rng = random.Random(seed)
    records, members = _random_case(rng, customers=60)
    for rule in RULES:
        config = SurvivorshipConfig(
            **{g: rule for g in FIELD_GROUPS},
            source_priority=rng.sample(_SOURCES[:4], 3),
        )
        out = golden_records(records, members, config)
        expected = _reference(records, members, config)
        assert out["customer_id"].to_list() == sorted(expected)
        for gold in out.iter_rows(named=True):
            want = expected[gold["customer_id"]]
            provenance = json.loads(gold["provenance"])
            assert list(provenance) == [c for c in GOLDEN_FIELDS if want[c] is not None]
            for column in GOLDEN_FIELDS:
                assert gold[column] == want[column], (rule, gold["customer_id"], column)
                if want[column] is not None:
                    entry = provenance[column]
                    assert (entry["source"], entry["record_id"]) == want[f"@{column}"]
                    assert entry["rule"] == rule


# --- the shipped sample data ------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_records(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    settings = Settings(home=tmp_path_factory.mktemp("home"))
    root = ROOT / "sample_data"
    ingest([root / "sales", root / "commerce", root / "retail", root / "support"], settings)
    return Lake(settings.lake_dir).read("identity_record")


def _check_against_records(out: pl.DataFrame, records: pl.DataFrame) -> None:
    by_key = {(r["source"], r["record_id"]): r for r in records.iter_rows(named=True)}
    for gold in out.iter_rows(named=True):
        for field, entry in json.loads(gold["provenance"]).items():
            record = by_key[(entry["source"], entry["record_id"])]
            if field in ("email", "phone"):
                assert gold[field] in record[f"{field}s"]
            elif field == "birth_date":
                assert gold[field] == record[field].isoformat()
            else:
                assert gold[field] == record[field]


def test_sample_lake_each_record_its_own_customer(sample_records: pl.DataFrame) -> None:
    members = sample_records.select(
        "source", "record_id", customer_id=pl.concat_str("source", pl.lit("/"), "record_id")
    )
    out = golden_records(sample_records, members, SurvivorshipConfig())
    assert out.height == sample_records.height
    assert out["record_count"].unique().to_list() == [1]
    assert out.schema == table_schema("customer").polars
    _check_against_records(out, sample_records)


def test_sample_lake_grouped_by_first_email(sample_records: pl.DataFrame) -> None:
    members = sample_records.select(
        "source",
        "record_id",
        customer_id=pl.coalesce(
            pl.col("emails").list.first(), pl.concat_str("source", pl.lit("/"), "record_id")
        ),
    )
    out = golden_records(sample_records, members, SurvivorshipConfig())
    assert out.height == members["customer_id"].n_unique() < sample_records.height
    assert out["record_count"].sum() == sample_records.height
    assert out["customer_id"].is_sorted()
    merged = out.filter(pl.col("record_count") > 1)
    assert merged.height > 0
    assert (merged["email"] == merged["customer_id"]).all()
    _check_against_records(out, sample_records)
