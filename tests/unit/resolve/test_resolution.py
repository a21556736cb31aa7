"""Stored resolve runs: the commit pointer, schemas, kept runs, crash safety and the lock."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from cxm.errors import ResolveError, SchemaError
from cxm.resolve import resolution
from cxm.resolve.resolution import (
    CURRENT,
    STAGING,
    Resolution,
    RunWriter,
    current,
    locked,
    require_current,
    resolution_dir,
)
from cxm.schema import conform, empty, table_schema

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def _tables(customer_id: str) -> dict[str, pl.DataFrame]:
    """The smallest honest run: one customer of two records, one merged edge."""
    return {
        "identity_map": pl.DataFrame(
            {
                "source": ["crm", "zd"],
                "record_id": ["1", "9"],
                "customer_id": [customer_id, customer_id],
                "matched_by": ["rule", "rule"],
                "scratch": [1, 2],  # not in the schema: dropped
            }
        ),
        "customer": pl.DataFrame(
            {
                "customer_id": [customer_id],
                "given_name": ["Ann"],
                "record_count": pl.Series([2], dtype=pl.Int32),  # cast to Int64
                "provenance": ["{}"],
            }
        ),
        "match_edge": pl.DataFrame(
            {
                "source_a": ["crm"],
                "record_id_a": ["1"],
                "source_b": ["zd"],
                "record_id_b": ["9"],
                "kind": ["rule"],
                "match_weight": [12.5],
                "match_probability": [0.9998],
                "evidence": ["{}"],
                "status": ["merged"],
            }
        ),
        "alias": empty("alias"),
        "registry": pl.DataFrame({"customer_id": [customer_id], "status": ["active"]}),
        "held": pl.DataFrame(schema={"source": pl.String, "record_id": pl.String}),
        "term_frequency": pl.DataFrame({"value": ["ann"], "share": [0.5]}),
    }


def _write_run(
    lake: Path,
    run_id: str,
    tables: dict[str, pl.DataFrame],
    model: dict[str, Any],
    summary: dict[str, Any],
) -> Resolution:
    writer = RunWriter(lake, run_id)
    for name, frame in tables.items():
        writer.write(name, frame)
    return writer.commit(model, summary)


def _write(lake: Path, run_id: str, **summary: Any) -> Resolution:
    return _write_run(
        lake, run_id, _tables(f"cus_{run_id}"), {"lambda": 0.01}, {"run_id": run_id, **summary}
    )


def _runs(lake: Path) -> list[str]:
    return sorted(p.name for p in resolution_dir(lake).iterdir() if p.is_dir())


def test_no_run_yet(tmp_path: Path) -> None:
    assert current(tmp_path) is None
    with pytest.raises(ResolveError) as info:
        require_current(tmp_path)
    assert str(info.value) == f"no resolution in {tmp_path}: run `cxm resolve` first"


def test_write_then_current_points_at_the_run(tmp_path: Path) -> None:
    written = _write(tmp_path, "r1", customers=1, started_at=T0)

    found = current(tmp_path)
    assert found is not None
    assert found.run_id == "r1"
    assert found.path == resolution_dir(tmp_path) / "run=r1"
    assert written.path == found.path
    # The summary is stored as JSON (datetimes as text).
    assert found.summary == {"run_id": "r1", "customers": 1, "started_at": str(T0)}
    assert require_current(tmp_path).run_id == "r1"
    assert found.model() == {"lambda": 0.01}
    assert json.loads((resolution_dir(tmp_path) / CURRENT).read_text())["run_id"] == "r1"
    assert not (resolution_dir(tmp_path) / STAGING).exists()


@pytest.mark.parametrize("table", ["identity_map", "customer", "match_edge", "alias"])
def test_resolution_tables_conform_to_their_schemas(tmp_path: Path, table: str) -> None:
    _write(tmp_path, "r1")
    frame = require_current(tmp_path).read(table)
    assert frame.schema == table_schema(table).polars


def test_conformed_values_survive(tmp_path: Path) -> None:
    _write(tmp_path, "r1")
    run = require_current(tmp_path)
    assert run.read("identity_map").rows() == [
        ("crm", "1", "cus_r1", "rule"),
        ("zd", "9", "cus_r1", "rule"),
    ]
    customer = run.read("customer")
    assert customer["record_count"].to_list() == [2]
    # Missing list columns become empty lists, never nulls.
    assert customer["emails"].to_list() == [[]]
    assert run.read("match_edge")["reason"].to_list() == [None]


def test_extra_tables_are_stored_as_given(tmp_path: Path) -> None:
    _write(tmp_path, "r1")
    run = require_current(tmp_path)
    assert run.read("registry").equals(_tables("cus_r1")["registry"])
    assert run.read("term_frequency").equals(_tables("cus_r1")["term_frequency"])
    assert run.read("held").is_empty()


def test_unknown_or_missing_tables_are_errors(tmp_path: Path) -> None:
    run = _write(tmp_path, "r1")
    with pytest.raises(ResolveError, match="unknown resolution table 'customers'"):
        run.read("customers")
    (run.path / "held.parquet").unlink()
    with pytest.raises(ResolveError, match=r"held\.parquet is unreadable"):
        run.read("held")


def test_a_table_missing_a_required_column_is_refused_and_nothing_changes(
    tmp_path: Path,
) -> None:
    _write(tmp_path, "r1")
    tables = _tables("cus_r2")
    tables["identity_map"] = tables["identity_map"].drop("customer_id")
    with pytest.raises(SchemaError, match="identity_map: required columns missing: customer_id"):
        _write_run(tmp_path, "r2", tables, {}, {})
    assert require_current(tmp_path).run_id == "r1"
    assert "run=r2" not in _runs(tmp_path)


def test_the_previous_run_is_kept_and_older_ones_removed(tmp_path: Path) -> None:
    _write(tmp_path, "r1")
    _write(tmp_path, "r2")
    assert _runs(tmp_path) == ["run=r1", "run=r2"]
    assert require_current(tmp_path).run_id == "r2"

    _write(tmp_path, "r3")
    assert _runs(tmp_path) == ["run=r2", "run=r3"]
    assert require_current(tmp_path).read("identity_map")["customer_id"].unique().to_list() == [
        "cus_r3"
    ]


def test_a_crash_before_the_pointer_swap_leaves_the_previous_run_current(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, "r1")

    def crash(text: str, path: Path) -> None:
        msg = "power cut"
        raise OSError(msg)

    monkeypatch.setattr(resolution, "write_text_atomic", crash)
    with pytest.raises(OSError, match="power cut"):
        _write(tmp_path, "r2")
    monkeypatch.undo()

    run = require_current(tmp_path)
    assert run.run_id == "r1"
    assert run.summary == {"run_id": "r1"}
    assert run.read("identity_map")["customer_id"].to_list() == ["cus_r1", "cus_r1"]
    assert run.read("customer").height == 1

    # The next good run commits, keeps r1 as its previous run and clears the orphan.
    _write(tmp_path, "r3")
    assert require_current(tmp_path).run_id == "r3"
    assert _runs(tmp_path) == ["run=r1", "run=r3"]


def test_a_corrupt_pointer_is_an_error_naming_it(tmp_path: Path) -> None:
    _write(tmp_path, "r1")
    pointer = resolution_dir(tmp_path) / CURRENT
    pointer.write_text("{not json", encoding="utf-8")
    with pytest.raises(ResolveError, match=r"_current\.json is unreadable"):
        current(tmp_path)
    pointer.write_text('{"summary": {}}', encoding="utf-8")
    with pytest.raises(ResolveError, match=r"_current\.json is unreadable"):
        current(tmp_path)


def test_locked_refuses_a_second_holder(tmp_path: Path) -> None:
    busy = f"another cxm resolve is running on {tmp_path}"
    with locked(tmp_path), pytest.raises(ResolveError, match=busy), locked(tmp_path):
        pass  # pragma: no cover - never entered
    # Released: it can be taken again.
    with locked(tmp_path):
        pass


def test_a_table_written_in_parts_reads_back_as_one_ordered_table(tmp_path: Path) -> None:
    whole = _tables("cus_1")["identity_map"]
    many = pl.concat([whole.with_columns(pl.col("record_id") + str(i)) for i in range(5)])
    writer = RunWriter(tmp_path, "r1")
    with writer.parts("identity_map") as append:
        for i in range(0, many.height, 3):
            append(many[i : i + 3])
    with writer.parts("alias") as append:
        pass  # no parts: an empty table with the schema
    run = writer.commit({}, {})
    assert run.read("identity_map").equals(conform(many, "identity_map"))
    assert run.read("alias").equals(empty("alias"))


def test_a_crash_while_writing_parts_leaves_the_previous_run_current(tmp_path: Path) -> None:
    _write(tmp_path, "r1")
    writer = RunWriter(tmp_path, "r2")
    with pytest.raises(RuntimeError, match="power cut"), writer.parts("customer") as append:
        append(_tables("cus_r2")["customer"])
        raise RuntimeError("power cut")
    assert require_current(tmp_path).run_id == "r1"
    assert "run=r2" not in _runs(tmp_path)
    _write(tmp_path, "r3")  # the abandoned staging folder does not get in the way
    assert require_current(tmp_path).run_id == "r3"
    assert not (resolution_dir(tmp_path) / STAGING).exists()
