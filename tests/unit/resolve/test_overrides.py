"""Agents' link and unlink decisions: references, the stored file, revocation, atomic writes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from cxm.errors import ResolveError
from cxm.resolve.overrides import (
    SCHEMA,
    RecordRef,
    add_override,
    overrides_path,
    read_overrides,
    revoke_override,
)

T0 = datetime(2026, 2, 1, 9, 30, tzinfo=UTC)
CRM_1 = RecordRef("crm", "1")
ZD_9 = RecordRef("zendesk", "9")


# --- RecordRef ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hubspot:51", RecordRef("hubspot", "51")),
        ("  hubspot : 51 ", RecordRef("hubspot", "51")),
        # Split at the first colon: record ids may hold colons.
        ("zendesk:tickets:7", RecordRef("zendesk", "tickets:7")),
    ],
)
def test_record_ref_parses_source_and_record_id(text: str, expected: RecordRef) -> None:
    ref = RecordRef.parse(text)
    assert ref == expected
    assert str(ref) == f"{expected.source}:{expected.record_id}"


@pytest.mark.parametrize("text", ["hubspot", "hubspot:", ":51", " : ", "", "hubspot 51"])
def test_record_ref_refuses_anything_else(text: str) -> None:
    with pytest.raises(ResolveError, match=re.escape(repr(text))) as info:
        RecordRef.parse(text)
    assert "source:record_id" in str(info.value)


# --- add and read ------------------------------------------------------------------------------


def test_nothing_recorded_reads_as_an_empty_frame(tmp_path: Path) -> None:
    frame = read_overrides(tmp_path)
    assert frame.is_empty()
    assert frame.schema == SCHEMA
    assert not overrides_path(tmp_path).exists()


def test_add_then_read_round_trip(tmp_path: Path) -> None:
    override_id = add_override(
        tmp_path, "link", CRM_1, ZD_9, actor="priya", reason="same caller", now=T0
    )

    assert re.fullmatch(r"ovr_[0-9a-f]{16}", override_id)
    frame = read_overrides(tmp_path)
    assert frame.schema == SCHEMA
    assert frame.rows() == [
        (override_id, "link", "crm", "1", "zendesk", "9", "priya", "same caller", T0, None, None)
    ]
    assert overrides_path(tmp_path) == tmp_path / "overrides" / "overrides.parquet"


def test_the_pair_is_stored_in_sorted_order(tmp_path: Path) -> None:
    add_override(tmp_path, "unlink", ZD_9, CRM_1, actor="priya", now=T0)
    # Same source: record ids order as strings, so "10" comes before "9".
    add_override(
        tmp_path,
        "link",
        RecordRef("crm", "9"),
        RecordRef("crm", "10"),
        actor="priya",
        now=T0 + timedelta(seconds=1),
    )
    pairs = read_overrides(tmp_path).select("source_a", "record_id_a", "source_b", "record_id_b")
    assert pairs.rows() == [("crm", "1", "zendesk", "9"), ("crm", "10", "crm", "9")]


def test_a_record_cannot_be_linked_with_itself(tmp_path: Path) -> None:
    with pytest.raises(ResolveError, match=r"cannot unlink a record with itself \(crm:1\)"):
        add_override(tmp_path, "unlink", CRM_1, RecordRef("crm", "1"), actor="priya")
    assert not overrides_path(tmp_path).exists()


def test_overrides_read_oldest_first_whatever_the_order_written(tmp_path: Path) -> None:
    late = add_override(tmp_path, "unlink", CRM_1, ZD_9, actor="b", now=T0 + timedelta(hours=1))
    early = add_override(tmp_path, "link", CRM_1, ZD_9, actor="a", now=T0)
    frame = read_overrides(tmp_path)
    assert frame["override_id"].to_list() == [early, late]
    # The latest decision on the pair is the last row: here, the unlink.
    assert frame["kind"].to_list()[-1] == "unlink"


def test_ids_are_unique(tmp_path: Path) -> None:
    ids = {add_override(tmp_path, "link", CRM_1, ZD_9, actor="a", now=T0) for _ in range(5)}
    assert len(ids) == 5
    assert read_overrides(tmp_path).height == 5


# --- revoke ------------------------------------------------------------------------------------


def test_revoke_stamps_the_override_and_keeps_it_as_audit(tmp_path: Path) -> None:
    keep = add_override(tmp_path, "link", CRM_1, ZD_9, actor="a", now=T0)
    gone = add_override(
        tmp_path, "unlink", CRM_1, RecordRef("shop", "4"), actor="a", now=T0 + timedelta(1)
    )
    revoked_at = T0 + timedelta(days=2)

    revoke_override(tmp_path, gone, actor="lead", now=revoked_at)

    everything = read_overrides(tmp_path)
    assert everything.select("override_id", "revoked_at", "revoked_by").rows() == [
        (keep, None, None),
        (gone, revoked_at, "lead"),
    ]
    assert read_overrides(tmp_path, active_only=True)["override_id"].to_list() == [keep]


def test_revoking_an_unknown_or_revoked_override_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ResolveError, match="no active override 'ovr_nope'"):
        revoke_override(tmp_path, "ovr_nope", actor="lead")
    override_id = add_override(tmp_path, "link", CRM_1, ZD_9, actor="a", now=T0)
    revoke_override(tmp_path, override_id, actor="lead", now=T0 + timedelta(1))
    before = read_overrides(tmp_path)
    with pytest.raises(ResolveError, match=re.escape(f"no active override {override_id!r}")):
        revoke_override(tmp_path, override_id, actor="other", now=T0 + timedelta(2))
    # The first revocation stands.
    assert read_overrides(tmp_path).equals(before)


# --- atomic writes -----------------------------------------------------------------------------


def test_writes_leave_only_the_file(tmp_path: Path) -> None:
    override_id = add_override(tmp_path, "link", CRM_1, ZD_9, actor="a", now=T0)
    add_override(tmp_path, "unlink", CRM_1, RecordRef("shop", "4"), actor="a", now=T0)
    revoke_override(tmp_path, override_id, actor="lead", now=T0)
    folder = overrides_path(tmp_path).parent
    # The lock file stays; no temporary file does.
    assert sorted(p.name for p in folder.iterdir()) == [".lock", "overrides.parquet"]


def test_a_failed_write_leaves_the_previous_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = add_override(tmp_path, "link", CRM_1, ZD_9, actor="a", now=T0)
    real_write = pl.DataFrame.write_parquet

    def half_then_crash(self: pl.DataFrame, file: Path, *args: object, **kwargs: object) -> None:
        Path(file).write_bytes(b"PAR1 half a file")
        msg = "disk full"
        raise OSError(msg)

    monkeypatch.setattr(pl.DataFrame, "write_parquet", half_then_crash)
    with pytest.raises(OSError, match="disk full"):
        add_override(tmp_path, "unlink", CRM_1, RecordRef("shop", "4"), actor="a", now=T0)
    monkeypatch.setattr(pl.DataFrame, "write_parquet", real_write)

    assert read_overrides(tmp_path)["override_id"].to_list() == [first]
    folder = overrides_path(tmp_path).parent
    assert sorted(p.name for p in folder.iterdir()) == [".lock", "overrides.parquet"]
