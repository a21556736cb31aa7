"""``cxm resolve``, ``evaluate``, ``explain``, ``export identity-map`` and overrides, as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

ROOT = Path(__file__).resolve().parents[2]
CXM = [sys.executable, "-m", "cxm.cli"]


def _cxm(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CXM_HOME": str(home)}
    return subprocess.run(
        [*CXM, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`cxm run sample_data`: ingest, then resolve."""
    home = tmp_path_factory.mktemp("home")
    proc = _cxm("run", "sample_data", "--no-serve", home=home)
    assert proc.returncode == 0, proc.stderr
    assert "cxm resolve: run" in proc.stdout
    assert "customers" in proc.stdout and "merges held by guardrails" in proc.stdout
    return home


def test_evaluate_reports_the_sample_accuracy(home: Path) -> None:
    proc = _cxm("evaluate", "--truth", "sample_data/truth.csv", "--json", home=home)
    assert proc.returncode == 0, proc.stderr
    figures = json.loads(proc.stdout)
    assert figures["f1"] >= 0.955 and figures["precision"] >= 0.99
    assert figures["records"] == 881
    table = _cxm("evaluate", "--truth", "sample_data/truth.csv", home=home)
    assert "precision" in table.stdout and "split entities" in table.stdout


def test_export_identity_map_csv_and_parquet_round_trip(home: Path, tmp_path: Path) -> None:
    csv_out, pq_out = tmp_path / "map.csv", tmp_path / "map.parquet"
    assert _cxm("export", "identity-map", "--out", str(csv_out), home=home).returncode == 0
    assert _cxm("export", "identity-map", "--out", str(pq_out), home=home).returncode == 0
    from_csv = pl.read_csv(csv_out, infer_schema=False)
    from_parquet = pl.read_parquet(pq_out)
    assert from_csv.columns == ["source", "record_id", "customer_id", "matched_by"]
    assert from_csv.equals(from_parquet)
    assert from_csv.height == 882
    bad = _cxm("export", "identity-map", "--out", str(tmp_path / "map.xlsx"), home=home)
    assert bad.returncode == 1 and "use .csv or .parquet" in bad.stderr


def test_explain_customer_and_pair(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "map.parquet"
    _cxm("export", "identity-map", "--out", str(out), home=home)
    im = pl.read_parquet(out)
    biggest = im.group_by("customer_id").len().sort("len", "customer_id", descending=[True, False])
    customer = biggest["customer_id"][0]
    proc = _cxm("explain", customer, "--json", home=home)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["customer_id"] == customer and len(doc["records"]) == biggest["len"][0]
    members = im.filter(pl.col("customer_id") == customer).sort("source", "record_id")
    a = f"{members['source'][0]}:{members['record_id'][0]}"
    b = f"{members['source'][-1]}:{members['record_id'][-1]}"
    pair = json.loads(_cxm("explain", a, b, "--json", home=home).stdout)
    assert pair["same_customer"] is True and pair["path"]
    text = _cxm("explain", a, b, home=home)
    assert "one customer" in text.stdout and "given_name" in text.stdout
    missing = _cxm("explain", "cus_0000000000000000", home=home)
    assert missing.returncode == 1 and "unknown customer" in missing.stderr
    bad_ref = _cxm("explain", "nocolon", "hubspot:1", home=home)
    assert bad_ref.returncode == 1 and "source:record_id" in bad_ref.stderr


def test_unlink_then_resolve_separates_and_revoke_restores(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "map.parquet"
    _cxm("export", "identity-map", "--out", str(out), home=home)
    im = pl.read_parquet(out)
    two = (
        im.group_by("customer_id")
        .agg(pl.col("source"), pl.col("record_id"), pl.len())
        .filter(pl.col("len") == 2)
        .sort("customer_id")
        .row(0, named=True)
    )
    a = f"{two['source'][0]}:{two['record_id'][0]}"
    b = f"{two['source'][1]}:{two['record_id'][1]}"
    proc = _cxm("unlink", a, b, "--actor", "alice", "--reason", "different people", home=home)
    assert proc.returncode == 0, proc.stderr
    assert _cxm("resolve", home=home).returncode == 0
    pair = json.loads(_cxm("explain", a, b, "--json", home=home).stdout)
    assert pair["same_customer"] is False
    listed = _cxm("overrides", "list", home=home)
    assert "unlink" in listed.stdout and "alice" in listed.stdout
    override_id = next(w for w in listed.stdout.split() if w.startswith("ovr_"))
    assert _cxm("overrides", "revoke", override_id, home=home).returncode == 0
    summary = json.loads(_cxm("resolve", "--json", home=home).stdout)
    assert summary["override_unlinks"] == 0
    pair = json.loads(_cxm("explain", a, b, "--json", home=home).stdout)
    assert pair["same_customer"] is True
    again = _cxm("overrides", "revoke", override_id, home=home)
    assert again.returncode == 1 and "no active override" in again.stderr


def test_commands_before_any_resolve_explain_what_to_do(tmp_path: Path) -> None:
    proc = _cxm("explain", "cus_0000000000000000", home=tmp_path / "empty")
    assert proc.returncode == 1 and "run `cxm resolve` first" in proc.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("match_probabilty = 0.9\n")
    proc = _cxm("resolve", "--config", str(bad), home=tmp_path / "empty")
    assert proc.returncode == 1 and "match_probabilty" in proc.stderr
