"""The ``cxm`` command end to end, as a user runs it, on the shipped sample data."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from cxm.config import Settings
from cxm.ingest.lake import Lake

ROOT = Path(__file__).resolve().parents[2]
CXM = [sys.executable, "-m", "cxm.cli"]


def _cxm(*args: str, home: Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CXM_HOME": str(home)}
    return subprocess.run(
        [*CXM, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )


@pytest.fixture(scope="module")
def sample_lake(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    home = tmp_path_factory.mktemp("home")
    return home, _cxm("run", "sample_data", "--no-serve", home=home)


def test_run_on_sample_data_reconciles(
    sample_lake: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    home, proc = sample_lake
    assert proc.returncode == 0, proc.stderr
    assert "reconciled" in proc.stdout and "NOT reconciled" not in proc.stdout
    lake = Lake(Settings(home=home).lake_dir)
    batches = lake.active()
    assert sum(b.rows_read for b in batches) == sum(
        b.rows_staged + b.rows_quarantined for b in batches
    )
    connectors = {b.connector for b in batches}
    assert connectors >= {
        "hubspot_contacts",
        "salesforce_contacts",
        "shopify_orders",
        "shopify_customers",
        "zendesk_users",
        "zendesk_tickets",
        "zendesk_tickets_csv",
        "twitter_tweets",
        "twitter_direct_messages",
        "meta_messages",
        "social_inbox",
        "loyalty_members",
        "qualtrics_responses",
        "surveymonkey_responses",
    }


def test_every_true_person_record_is_in_the_lake(
    sample_lake: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    home, _ = sample_lake
    with open(ROOT / "sample_data" / "truth.csv", newline="", encoding="utf-8") as handle:
        truth = {(row["source"], row["record_id"]) for row in csv.DictReader(handle)}
    people = Lake(Settings(home=home).lake_dir).read("identity_record")
    found = set(zip(people["source"].to_list(), people["record_id"].to_list(), strict=True))
    assert truth - found == set()
    # What is in the lake but not in the truth is the brand's own or a staff account, never a customer.
    assert len(found - truth) <= 3


def test_sample_quarantine_holds_only_deliberate_exclusions(
    sample_lake: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    home, _ = sample_lake
    quarantine = Lake(Settings(home=home).lake_dir).read("quarantine")
    reasons = quarantine.get_column("reason").to_list()
    assert reasons, "the sample has staff accounts and brand-only tweets"
    deliberate = (
        "excluded: staff account",
        "tweet involves no customer",
        "excluded: a survey preview or test",  # Qualtrics previews before the launch
        "excluded: flagged as spam",  # and one spam response
    )
    assert all(r.startswith(deliberate) for r in reasons)


def test_sample_timestamps_are_utc_and_ids_strings(
    sample_lake: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    home, _ = sample_lake
    lake = Lake(Settings(home=home).lake_dir)
    events = lake.read("interaction")
    assert events.schema["occurred_at"] == pl.Datetime("us", "UTC")
    assert events.schema["record_id"] == pl.String
    assert events["occurred_at"].null_count() == 0
    people = lake.read("identity_record")
    assert people.filter(pl.col("phones").list.len() > 0).height > 500
    assert people.select(
        pl.col("phones").explode().drop_nulls().str.contains(r"^\+[1-9][0-9]{7,14}$").all()
    ).item()


def test_rerun_is_a_no_op(sample_lake: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    home, _ = sample_lake
    manifest = (home / "lake" / "_manifest.json").read_bytes()
    proc = _cxm("ingest", "sample_data", home=home)
    assert proc.returncode == 0, proc.stderr
    assert "unchanged" in proc.stdout
    assert (home / "lake" / "_manifest.json").read_bytes() == manifest


def test_unknown_file_exits_non_zero_with_a_clear_message(tmp_path: Path) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("colour,flavour\nred,sweet\n")
    proc = _cxm("ingest", str(odd), home=tmp_path / "home")
    assert proc.returncode == 1
    assert (
        "odd.csv" in proc.stderr
        and "colour, flavour" in proc.stderr
        and "hubspot_contacts" in proc.stderr
    )
    assert not (tmp_path / "home" / "lake" / "_manifest.json").exists()


def test_connectors_and_lake_status(tmp_path: Path) -> None:
    proc = _cxm("connectors", home=tmp_path / "home")
    assert (
        proc.returncode == 0
        and "salesforce_contacts" in proc.stdout
        and "social_inbox" in proc.stdout
    )
    proc = _cxm("lake", "status", home=tmp_path / "home")
    assert proc.returncode == 0


def test_invalid_setting_is_refused(tmp_path: Path) -> None:
    env = {**os.environ, "CXM_HOME": str(tmp_path), "CXM_DEFAULT_REGION": "XX"}
    proc = subprocess.run(
        [*CXM, "connectors"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert proc.returncode == 2 and "CXM_DEFAULT_REGION" in proc.stderr
