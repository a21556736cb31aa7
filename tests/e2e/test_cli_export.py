"""``cxm export {profiles,identity-map,timeline,traits}`` as an analyst runs it after ``cxm run``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

from cxm.export import DATASETS, arrow_schema, csv_schema
from cxm.schema import table_schema

ROOT = Path(__file__).resolve().parents[2]
CXM = [sys.executable, "-m", "cxm.cli"]


def _cxm(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CXM_HOME": str(home)}
    env.pop("CXM_DATABASE_URL", None)
    return subprocess.run(
        [*CXM, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`cxm run sample_data --no-serve`: ingest, resolve, publish."""
    home = tmp_path_factory.mktemp("home")
    proc = _cxm("run", "sample_data", "--no-serve", home=home)
    assert proc.returncode == 0, proc.stderr
    return home


@pytest.mark.parametrize("name", list(DATASETS))
def test_each_dataset_exports_in_both_formats(home: Path, tmp_path: Path, name: str) -> None:
    spec = DATASETS[name]
    parquet, csv = tmp_path / f"{name}.parquet", tmp_path / f"{name}.csv"
    for out in (parquet, csv):
        proc = _cxm("export", name, "--out", str(out), home=home)
        assert proc.returncode == 0, proc.stderr
        assert "rows" in proc.stdout and f"of {name} from publish" in proc.stdout
        assert str(out) in proc.stdout.replace("\n", "")
    from_parquet = pl.read_parquet(parquet)
    assert from_parquet.schema == spec.schema and from_parquet.height > 0
    required = table_schema(spec.schema_table).required
    assert pq.read_schema(parquet).equals(arrow_schema(spec.schema, required))
    nested = [c for c, t in spec.schema.items() if isinstance(t, pl.List | pl.Struct)]
    from_csv = pl.read_csv(csv, schema=csv_schema(spec.schema)).with_columns(
        pl.col(c).str.json_decode(spec.schema[c]) for c in nested
    )
    assert from_csv.equals(from_parquet)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([parquet.name, csv.name])


def test_format_option_overrides_a_missing_extension(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "map"
    proc = _cxm("export", "identity-map", "--out", str(out), "--format", "parquet", home=home)
    assert proc.returncode == 0, proc.stderr
    frame = pl.read_parquet(out)
    assert frame.columns == ["source", "record_id", "customer_id", "matched_by"]
    profile = json.loads(_cxm("explain", frame["customer_id"][0], "--json", home=home).stdout)
    records = {r["record"] for r in profile["records"]}
    assert f"{frame['source'][0]}:{frame['record_id'][0]}" in records


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--out", "{dir}/people.xlsx"],
            "people.xlsx: unknown export format .xlsx; use .csv or .parquet",
        ),
        (
            ["--out", "{dir}/people.csv", "--format", "parquet"],
            "people.csv: the extension says csv",
        ),
        (["--out", "{dir}/people"], "people: unknown export format (no extension)"),
    ],
)
def test_bad_formats_are_clear_errors_that_touch_nothing(
    home: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    existing = tmp_path / "people.csv"
    existing.write_text("keep me\n")
    proc = _cxm("export", "profiles", *(a.format(dir=tmp_path) for a in args), home=home)
    assert proc.returncode == 1
    assert message in " ".join(proc.stderr.split())
    assert existing.read_text() == "keep me\n"
    assert [p.name for p in tmp_path.iterdir()] == ["people.csv"]


def test_an_unknown_format_option_is_refused(home: Path, tmp_path: Path) -> None:
    proc = _cxm("export", "traits", "--out", str(tmp_path / "t.csv"), "--format", "xlsx", home=home)
    assert proc.returncode == 2 and "xlsx" in proc.stderr


def test_exporting_before_a_publish_says_what_to_run(tmp_path: Path) -> None:
    proc = _cxm("export", "profiles", "--out", str(tmp_path / "p.csv"), home=tmp_path / "empty")
    assert proc.returncode == 1
    assert "nothing published yet: run `cxm publish`" in " ".join(proc.stderr.split())
    assert not (tmp_path / "p.csv").exists()
