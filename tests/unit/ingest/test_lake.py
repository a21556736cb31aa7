"""The lake: atomic commits, crash recovery, supersede, latest-batch reads."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from cxm.errors import LakeError
from cxm.ingest.lake import Batch, Lake


def _batch(batch_id: str, source: str = "hubspot", file_key: str = "/x.csv") -> Batch:
    return Batch(
        batch_id=batch_id,
        connector="hubspot_contacts",
        source=source,
        file="x.csv",
        file_key=file_key,
        sha256=batch_id * 4,
        size=1,
        ingested_at="2026-11-24T00:00:00+00:00",
        rows_read=1,
        rows_staged=1,
        rows_quarantined=0,
        identity_records=1,
        interactions=0,
    )


def _people(batch_id: str, names: dict[str, str]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "source": ["hubspot"] * len(names),
            "connector": ["hubspot_contacts"] * len(names),
            "record_id": list(names),
            "department": ["sales"] * len(names),
            "full_name": list(names.values()),
            "batch_id": [batch_id] * len(names),
            "source_file": ["x.csv"] * len(names),
            "source_row": list(range(1, len(names) + 1)),
            "source_line": list(range(2, len(names) + 2)),
        }
    )


def _commit(lake: Lake, batch_id: str, names: dict[str, str], supersede: str | None = None) -> None:
    with lake.transaction() as txn:
        txn.stage(_batch(batch_id), {"identity_record": _people(batch_id, names)})
        if supersede:
            txn.supersede(supersede, batch_id)
        txn.commit()


def test_commit_then_read(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    _commit(lake, "b1", {"1": "Ann", "2": "Bob"})
    people = lake.read("identity_record")
    assert sorted(people["record_id"].to_list()) == ["1", "2"]
    assert people.schema["emails"] == pl.List(pl.String)
    assert people["emails"].to_list() == [[], []]


def test_latest_batch_wins_per_key(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    _commit(lake, "b1", {"1": "Ann", "2": "Bob"})
    _commit(lake, "b2", {"2": "Robert"})
    people = lake.read("identity_record").sort("record_id")
    assert people["full_name"].to_list() == ["Ann", "Robert"]
    assert lake.scan("identity_record").collect().height == 3


def test_supersede_removes_old_rows_and_files(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    _commit(lake, "b1", {"1": "Ann", "2": "Bob"})
    _commit(lake, "b2", {"2": "Robert"}, supersede="b1")
    assert lake.read("identity_record")["full_name"].to_list() == ["Robert"]
    assert [b.status for b in lake.batches()] == ["superseded", "active"]
    assert not lake.partition("identity_record", "hubspot", "b1").exists()


def test_crash_before_commit_leaves_previous_lake(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    _commit(lake, "b1", {"1": "Ann"})
    before = lake.manifest_path.read_bytes()
    with pytest.raises(RuntimeError), lake.transaction() as txn:
        txn.stage(_batch("b2"), {"identity_record": _people("b2", {"9": "Zed"})})
        raise RuntimeError("power cut")
    assert lake.manifest_path.read_bytes() == before
    assert lake.read("identity_record")["record_id"].to_list() == ["1"]
    assert not (lake.root / "_staging").exists() or not any((lake.root / "_staging").iterdir())


def test_crash_during_commit_moves_is_invisible_and_recovered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lake = Lake(tmp_path / "lake")
    _commit(lake, "b1", {"1": "Ann"})
    before = lake.manifest_path.read_bytes()

    def boom(batches: list[Batch]) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(lake, "_write_manifest", boom)
    with pytest.raises(OSError, match="disk full"), lake.transaction() as txn:
        txn.stage(_batch("b2"), {"identity_record": _people("b2", {"9": "Zed"})})
        txn.commit()
    # The batch folder was moved into place, but the manifest never switched: readers don't see it.
    assert lake.partition("identity_record", "hubspot", "b2").exists()
    assert lake.manifest_path.read_bytes() == before
    assert lake.read("identity_record")["record_id"].to_list() == ["1"]
    monkeypatch.undo()
    removed = lake.recover()
    assert lake.partition("identity_record", "hubspot", "b2") in removed
    assert not lake.partition("identity_record", "hubspot", "b2").exists()


def test_second_writer_is_refused(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    with (
        lake.transaction(),
        pytest.raises(LakeError, match="another cxm process"),
        lake.transaction(),
    ):
        pass


def test_corrupt_manifest_is_a_clear_error(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    lake.root.mkdir(parents=True)
    lake.manifest_path.write_text("{not json")
    with pytest.raises(LakeError, match="manifest"):
        lake.active()


def test_one_source_record_in_two_files_is_merged(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    rich = _people("b1", {"7": "Meg Flores"}).with_columns(
        pl.lit(["+13035550165"]).alias("phones"), pl.lit("Denver").alias("city")
    )
    thin = _people("b2", {"7": "Meg"}).with_columns(pl.lit(["meg@example.com"]).alias("emails"))
    for batch_id, frame in (("b1", rich), ("b2", thin)):
        with lake.transaction() as txn:
            txn.stage(_batch(batch_id, file_key=f"/{batch_id}.csv"), {"identity_record": frame})
            txn.commit()
    merged = lake.read("identity_record")
    assert merged.height == 1
    row = merged.row(0, named=True)
    assert row["full_name"] == "Meg", "the newest batch wins a field both files fill"
    assert row["phones"] == ["+13035550165"], "a field only the older file fills is kept"
    assert row["emails"] == ["meg@example.com"]
    assert row["city"] == "Denver"
