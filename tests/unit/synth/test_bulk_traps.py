"""Bulk generator traps that cause false merges (households, namesakes) and the support
department (Zendesk users), checked on the written files, the truth and the connector."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from cxm.config import Settings
from cxm.ingest.lake import Lake
from cxm.ingest.pipeline import ingest
from cxm.synth import vocabulary as voc
from cxm.synth.bulk import (
    HOUSEHOLD_SHARE,
    HUBSPOT_PATH,
    ORDERS_PATH,
    SALESFORCE_PATH,
    TRUTH_PATH,
    ZENDESK_USERS_PATH,
    _people,
    chunk_path,
    write_bulk,
)
from cxm.synth.formats import salesforce_id18

PEOPLE = 3_000
SEED = 11
_SHORT = voc.FEMALE_NAMES | voc.MALE_NAMES


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bulk")
    write_bulk(folder, people=PEOPLE, seed=SEED)
    return folder


def _rows(data: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data)))


def _truth(out: Path) -> dict[tuple[str, str], str]:
    return {(r["source"], r["record_id"]): r["entity_id"] for r in _rows(_read(out, TRUTH_PATH))}


def _read(out: Path, relative: str, encoding: str = "utf-8") -> str:
    return (out / relative).read_bytes().decode(encoding)


def _salesforce(out: Path) -> list[dict[str, str]]:
    text = _read(out, SALESFORCE_PATH, "cp1252")
    return _rows(text.split('\r\n\r\n"Grand Totals')[0])


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)[-10:]


# Name groups: a full name and its short forms (Christine: Chris; Christopher: Chris).
_GROUPS = [{full.casefold(), *(s.casefold() for s in shorts)} for full, shorts in _SHORT.items()]


def _forms(name: str) -> set[str]:
    folded = name.casefold()
    return {folded}.union(*(g for g in _GROUPS if folded in g))


def _same_person_name(a: str, b: str) -> bool:
    """Equal, or sharing a short form, so the two could be spellings of one person's name."""
    return bool(_forms(a) & _forms(b))


def test_households_share_address_and_landline_not_given_name(out: Path) -> None:
    truth = _truth(out)
    hubspot = _rows(_read(out, HUBSPOT_PATH, "utf-8-sig"))
    groups: dict[tuple[str, ...], dict[str, dict[str, str]]] = defaultdict(dict)
    for row in hubspot:
        key = (row["Street Address"], row["City"], row["Postal Code"], _digits(row["Phone Number"]))
        groups[key][truth[("hubspot", row["Record ID"])]] = row
    households = [g for g in groups.values() if len(g) > 1]
    # ~15% of people in pairs, ~35% of households with a landline, both in HubSpot ~30%.
    assert len(households) >= 10
    same_family = 0
    for people in households:
        assert len(people) == 2, "a household is two people"
        first, second = people.values()
        assert not _same_person_name(first["First Name"], second["First Name"]), people
        assert first["Email"].casefold() != second["Email"].casefold()
        assert first["Mobile Phone Number"], "the shared number is the landline"
        assert _digits(first["Mobile Phone Number"]) != _digits(second["Mobile Phone Number"])
        same_family += first["Last Name"].casefold() == second["Last Name"].casefold()
    assert 0.6 <= same_family / len(households) < 1.0


def test_every_household_pair_in_the_population() -> None:
    # Enough households (1,500) that a same-name pair would almost surely show up if allowed.
    size = 20_000
    people = _people(np.random.default_rng(SEED), size)
    homes = people.filter(pl.col("household").is_not_null()).group_by("household").agg(pl.all())
    assert homes.height * 2 == round(size * HOUSEHOLD_SHARE)
    shared = ["number", "street", "stype", "has_unit", "unit_no", "city", "zip", "landline"]
    for home in homes.iter_rows(named=True):
        assert len(home["entity_id"]) == 2 and len(set(home["entity_id"])) == 2
        for column in shared:
            assert len(set(home[column])) == 1, (column, home)
        assert not _same_person_name(*home["given"]), home
        for column in ("email", "mobile"):
            assert len(set(home[column])) == 2, (column, home)
    with_landline = homes.filter(pl.col("landline").list.first().is_not_null()).height
    assert 0.2 < with_landline / homes.height < 0.5


def test_shared_family_email_only_on_household_orders(out: Path) -> None:
    truth = _truth(out)
    orders = _rows(_read(out, ORDERS_PATH))
    by_email: dict[str, set[str]] = defaultdict(set)
    street: dict[str, str] = {}
    for row in orders:
        if row["Id"] and row["Email"]:
            entity = truth[("shopify_order", row["Id"])]
            by_email[row["Email"].casefold()].add(entity)
            street[entity] = row["Billing Street"]
    shared = {email: people for email, people in by_email.items() if len(people) > 1}
    assert shared
    for email, people in shared.items():
        assert re.match(r"^(the[a-z]+s|[a-z]+\.?family)\d*@", email), email
        assert len({street[p] for p in people}) == 1


def test_common_names_are_carried_by_different_people(out: Path) -> None:
    truth = _truth(out)
    by_name: dict[tuple[str, str], dict[str, dict[str, str]]] = defaultdict(dict)
    for row in _salesforce(out):
        record_id = row["Contact ID"]
        record_id = salesforce_id18(record_id) if len(record_id) == 15 else record_id
        entity = truth[("salesforce", record_id)]
        by_name[(row["First Name"], row["Last Name"])].setdefault(entity, row)
    pool = [("James", "Smith"), ("Maria", "Garcia"), ("Michael", "Johnson"), ("Mary", "Smith")]
    namesakes = {name: by_name[name] for name in pool if len(by_name[name]) > 1}
    assert sum(len(p) for p in namesakes.values()) >= 8
    for people in namesakes.values():
        rows = list(people.values())
        for field in ("Email", "Phone", "Mailing Street"):
            values = [r[field] for r in rows]
            assert len(set(values)) == len(values), (field, values)


def _zendesk_users(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in _read(out, ZENDESK_USERS_PATH).splitlines()]


def test_zendesk_users_are_read_by_the_connector_and_in_truth(out: Path, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    report = ingest([out / ZENDESK_USERS_PATH], settings)
    assert [r.connector for r in report.files] == ["zendesk_users"]
    records = Lake(settings.lake_dir).read("identity_record")
    assert set(records["source"]) == {"zendesk"}
    truth = {k: e for k, e in _truth(out).items() if k[0] == "zendesk"}
    assert {("zendesk", r) for r in records["record_id"]} == set(truth)
    users = _zendesk_users(out)
    staff = [u for u in users if u["role"] != "end-user"]
    assert len(staff) == len(voc.STAFF) == len(users) - len(truth)
    assert 0.3 < len(truth) / PEOPLE < 0.5


def test_zendesk_links_and_duplicates(out: Path) -> None:
    truth = _truth(out)
    contact = {e: rid for (s, rid), e in truth.items() if s == "salesforce"}
    users = [u for u in _zendesk_users(out) if u["role"] == "end-user"]
    by_entity: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for user in users:
        by_entity[truth[("zendesk", str(user["id"]))]].append(user)
    linked = [u for u in users if u["external_id"]]
    assert linked
    for user in linked:
        entity = truth[("zendesk", str(user["id"]))]
        assert len(user["external_id"]) == 15
        assert contact[entity][:15] == user["external_id"]
    twice = [us for us in by_entity.values() if len(us) > 1]
    assert twice
    for pair in twice:
        assert len({u["email"] for u in pair}) == len(pair)
    names = [u["name"] for u in users]
    assert any(" " not in n and "@" not in n and "." not in n for n in names), "first name only"
    assert any(n.startswith("Caller +1 (") for n in names)


def test_same_seed_same_files_other_seed_other_files(tmp_path: Path) -> None:
    a = write_bulk(tmp_path / "a", people=400, seed=3)
    write_bulk(tmp_path / "b", people=400, seed=3)
    write_bulk(tmp_path / "c", people=400, seed=4)
    assert ZENDESK_USERS_PATH in a["bytes"]
    for relative in a["bytes"]:
        same = (tmp_path / "a" / relative).read_bytes()
        assert same == (tmp_path / "b" / relative).read_bytes()
        assert same != (tmp_path / "c" / relative).read_bytes()


def test_chunked_exports_describe_the_same_people_with_unique_ids(
    out: Path, tmp_path: Path
) -> None:
    stats = write_bulk(tmp_path / "chunked", people=PEOPLE, seed=SEED, chunk_people=1_000)
    chunked = tmp_path / "chunked"
    assert chunk_path(HUBSPOT_PATH, 2, 3) in stats["rows"]
    assert HUBSPOT_PATH not in stats["rows"]
    whole, parts = _truth(out), _truth(chunked)
    assert len(parts) == stats["rows"][TRUTH_PATH]
    for source in ("hubspot", "salesforce", "shopify_order", "zendesk"):
        # One population: the same people are in each silo, whatever the chunking.
        people_whole = {e for (s, _), e in whole.items() if s == source}
        people_parts = {e for (s, _), e in parts.items() if s == source}
        assert people_whole == people_parts, source
    settings = Settings(home=tmp_path / "home")
    ingest([chunked], settings)
    records = Lake(settings.lake_dir).read("identity_record", columns=["source", "record_id"])
    # Every exported record is its own lake record (no id repeats across chunks) and in truth.
    assert set(zip(records["source"], records["record_id"], strict=True)) == set(parts)
    assert records.height == len(parts)
    users = [
        json.loads(line)
        for part in range(3)
        for line in _read(chunked, chunk_path(ZENDESK_USERS_PATH, part, 3)).splitlines()
    ]
    assert sum(u["role"] != "end-user" for u in users) == len(voc.STAFF)
    emails = [u["email"] for u in users if u["role"] == "end-user" and u["email"]]
    assert len(emails) == len(set(emails))
