"""``cxm report`` and segments, as a user runs them on the sample data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CXM = [sys.executable, "-m", "cxm.cli"]
SEGMENTS = """
[[segment]]
name = "repeaters"
all = [{ trait = "journey_stage", op = "==", value = "repeat" }]

[[segment]]
name = "open_tickets"
all = [{ trait = "open_tickets", op = ">", value = 0 }]
"""


def _cxm(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CXM_HOME": str(home)}
    return subprocess.run(
        [*CXM, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    (home / "segments.toml").write_text(SEGMENTS, encoding="utf-8")
    proc = _cxm("run", "sample_data", "--no-serve", home=home)
    assert proc.returncode == 0, proc.stderr
    return home


def test_report_json_reconciles_with_the_store(home: Path) -> None:
    proc = _cxm("report", "--json", home=home)
    assert proc.returncode == 0, proc.stderr
    m = json.loads(proc.stdout)
    customers = m["unification"]["customers"]
    assert m["unification"]["source_records"] == sum(m["unification"]["records_by_source"].values())
    assert sum(m["journey_stages"].values()) == customers
    assert sum(m["customers_by_departments"].values()) == customers
    churn = m["churn_risk"]
    assert churn["low"] + churn["medium"] + churn["high"] == sum(churn["histogram"])
    assert churn["low"] + churn["medium"] + churn["high"] + churn["not_applicable"] == customers
    assert sum(m["sentiment"].values()) == customers
    # Segments from HOME/segments.toml: one equals a journey stage by definition.
    assert m["segments"]["repeaters"] == m["journey_stages"]["repeat"] > 0
    assert 0 < m["segments"]["open_tickets"] < customers
    # The sample's help desk rates tickets good or bad, so CSAT exists and is a share.
    assert m["csat"]["ratings"] > 0 and 0 < m["csat"]["score"] < 1


def test_report_table_and_html(home: Path, tmp_path: Path) -> None:
    table = _cxm("report", home=home)
    assert table.returncode == 0 and "source records → customers" in table.stdout
    out = tmp_path / "report.html"
    written = _cxm("report", "--out", str(out), home=home)
    assert written.returncode == 0, written.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "Customers by journey stage" in html
    assert "http://" not in html and "https://" not in html
    wrong = _cxm("report", "--out", str(tmp_path / "report.txt"), home=home)
    assert wrong.returncode == 1 and "name the file .html" in wrong.stderr


def test_report_before_publish_is_a_clear_error(tmp_path: Path) -> None:
    proc = _cxm("report", home=tmp_path)
    assert proc.returncode == 1 and "nothing published yet" in proc.stderr


def test_a_bad_segments_file_stops_publish_naming_it(home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "segments.toml"
    bad.write_text('[[segment]]\nname = "x"\nall = [{ trait = "nope", op = "==", value = 1 }]\n')
    env_home = home
    proc = subprocess.run(
        [*CXM, "publish"],
        capture_output=True,
        text=True,
        env={**os.environ, "CXM_HOME": str(env_home), "CXM_SEGMENTS": str(bad)},
        cwd=ROOT,
        timeout=300,
    )
    assert (
        proc.returncode == 1 and str(bad) in proc.stderr and "unknown trait 'nope'" in proc.stderr
    )
