"""Tests of :mod:`cxm.store.frames`: the rows a publish loads, built from the resolved sample.

Expectations are recomputed here in plain Python from the lake and the resolution (not with
the module's polars expressions), so a wrong expression shows as a difference.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import sqlalchemy as sa

from cxm.ingest.lake import Lake
from cxm.resolve.resolution import Resolution, require_current
from cxm.resolve.survivorship import LIST_COLUMNS
from cxm.store.frames import StoreFrames, json_list, store_frames
from cxm.store.tables import PUBLISHED


@pytest.fixture(scope="module")
def frames(resolved_sample: Path) -> StoreFrames:
    lake_dir = resolved_sample / "lake"
    return store_frames(lake_dir, require_current(lake_dir))


@pytest.fixture(scope="module")
def lake_records(resolved_sample: Path) -> pl.DataFrame:
    return Lake(resolved_sample / "lake").read("identity_record")


@pytest.fixture(scope="module")
def identity_map(resolved_sample: Path) -> pl.DataFrame:
    return require_current(resolved_sample / "lake").read("identity_map")


def keys(frame: pl.DataFrame) -> list[tuple[str, str]]:
    return list(zip(frame["source"], frame["record_id"], strict=True))


# --- json_list -------------------------------------------------------------------------------


def test_json_list_round_trips_awkward_values() -> None:
    values: list[list[str | None] | None] = [
        ['say "hi"', "back\\slash", "tab\there"],
        ["José", "Zoë", "北京", "emoji 🙂"],
        [],
        None,
        [""],
        ["a", None],
        ["line\nbreak", "{not: json}", "[1]"],
    ]
    frame = pl.DataFrame({"v": values}, schema={"v": pl.List(pl.String)})
    encoded = frame.select(json_list("v"))["v"].to_list()
    expected = [v if v is not None else [] for v in values]
    assert [json.loads(text) for text in encoded] == expected
    assert encoded[2] == "[]"
    assert encoded[3] == "[]"


def test_json_list_keeps_the_column_name() -> None:
    frame = pl.DataFrame({"emails": [["a@x.com"]]})
    assert frame.select(json_list("emails")).columns == ["emails"]


# --- records ---------------------------------------------------------------------------------


def test_every_mapped_record_lands_once(frames: StoreFrames, identity_map: pl.DataFrame) -> None:
    published = frames.tables["source_record"]
    counts = Counter(keys(published))
    assert max(counts.values()) == 1
    assert set(counts) == set(keys(identity_map))
    owner = dict(zip(keys(identity_map), identity_map["customer_id"], strict=True))
    matched = dict(zip(keys(identity_map), identity_map["matched_by"], strict=True))
    for row in published.iter_rows(named=True):
        key = (row["source"], row["record_id"])
        assert row["customer_id"] == owner[key]
        assert row["matched_by"] == matched[key]


def test_record_list_columns_round_trip(frames: StoreFrames, lake_records: pl.DataFrame) -> None:
    lake = {
        (r["source"], r["record_id"]): r
        for r in lake_records.select("source", "record_id", *LIST_COLUMNS).iter_rows(named=True)
    }
    published = frames.tables["source_record"]
    seen = 0
    for row in published.iter_rows(named=True):
        original = lake[(row["source"], row["record_id"])]
        for column in LIST_COLUMNS:
            assert json.loads(row[column]) == (original[column] or []), (column, row)
            seen += bool(original[column])
    assert seen > 500  # the sample's records do carry these lists


def test_customer_counts_agree_with_records_and_events(frames: StoreFrames) -> None:
    customer = frames.tables["customer"]
    records = Counter(frames.tables["source_record"]["customer_id"])
    events = Counter(frames.tables["interaction"]["customer_id"])
    assert customer["customer_id"].n_unique() == customer.height
    assert set(customer["customer_id"]) == set(records)
    for row in customer.iter_rows(named=True):
        assert row["record_count"] == records[row["customer_id"]]
        assert row["interaction_count"] == events[row["customer_id"]]
        for column in (*LIST_COLUMNS, "sources", "departments"):
            assert isinstance(json.loads(row[column]), list)
        assert isinstance(json.loads(row["provenance"]), dict)


# --- interactions ----------------------------------------------------------------------------


def test_every_interaction_is_placed_or_counted(
    frames: StoreFrames, resolved_sample: Path, identity_map: pl.DataFrame
) -> None:
    lake = Lake(resolved_sample / "lake").read("interaction")
    placed = frames.tables["interaction"]
    assert placed.height + frames.unplaced_interactions == lake.height
    owner = dict(zip(keys(identity_map), identity_map["customer_id"], strict=True))
    mapped = lake.filter(
        pl.struct("source", "record_id").map_elements(
            lambda r: (r["source"], r["record_id"]) in owner, return_dtype=pl.Boolean
        )
    )
    assert Counter(keys_of_events(placed)) == Counter(keys_of_events(mapped))
    for row in placed.iter_rows(named=True):
        assert row["customer_id"] == owner[(row["source"], row["record_id"])]


def keys_of_events(frame: pl.DataFrame) -> list[tuple[str, str]]:
    return list(zip(frame["source"], frame["interaction_id"], strict=True))


def test_events_of_records_left_out_are_counted_not_placed(
    resolved_sample: Path, tmp_path: Path
) -> None:
    """A record held out of the identity map: its events are counted in ``unplaced``."""
    lake_dir = resolved_sample / "lake"
    current = require_current(lake_dir)
    events = Lake(lake_dir).read("interaction")
    per_record = events.group_by("source", "record_id").len().sort("len", "source", "record_id")
    left_out = per_record.tail(2)  # the two records with most events
    run = tmp_path / "run"
    shutil.copytree(current.path, run)
    identity_map = current.read("identity_map").join(
        left_out.select("source", "record_id"), on=["source", "record_id"], how="anti"
    )
    identity_map.write_parquet(run / "identity_map.parquet")
    held = Resolution(run_id=current.run_id, path=run, summary={})

    frames = store_frames(lake_dir, held)

    expected = int(left_out["len"].sum())
    assert expected > 0
    assert frames.unplaced_interactions == expected
    assert frames.count("interaction") == events.height - expected
    published = set(keys(frames.tables["source_record"]))
    assert not published & set(keys(left_out))
    assert len(published) == identity_map.height


# --- identifiers -----------------------------------------------------------------------------


def _expected_identifiers(
    records: list[dict[str, Any]], events: pl.DataFrame
) -> set[tuple[str, str, str, str]]:
    out: set[tuple[str, str, str, str]] = set()
    for r in records:
        cid = r["customer_id"]
        for value in r["emails"] or []:
            out.add(("email", value, cid, ""))
        for value in r["phones"] or []:
            out.add(("phone", value, cid, ""))
        for value in r["external_ids"] or []:
            out.add(("external_id", value, cid, ""))
        for value in r["handles"] or []:
            platform, sep, handle = value.partition(":")
            out.add(("handle", handle, cid, platform) if sep else ("handle", value, cid, ""))
        for column in ("full_name_norm", "given_name_norm", "family_name_norm"):
            for token in (r[column] or "").split(" "):
                if len(token) >= 2:
                    out.add(("name", token, cid, ""))
    for e in events.filter(pl.col("kind") == "order").iter_rows(named=True):
        number = e["interaction_id"].strip().lower().lstrip("#").strip()
        if number:
            out.add(("order", number, e["customer_id"], ""))
    return out


def test_identifiers_are_every_records_values_and_orders(
    frames: StoreFrames, lake_records: pl.DataFrame, identity_map: pl.DataFrame
) -> None:
    records = lake_records.join(
        identity_map.select("source", "record_id", "customer_id"), on=["source", "record_id"]
    ).to_dicts()
    expected = _expected_identifiers(records, frames.tables["interaction"])
    identifier = frames.tables["identifier"]
    got = list(identifier.iter_rows())
    assert len(got) == len(set(got)), "identifier rows repeat"
    assert set(got) == expected
    kinds = Counter(identifier["kind"])
    assert {"email", "phone", "handle", "external_id", "order", "name"} <= set(kinds)
    assert set(identifier.filter(pl.col("kind") == "handle")["detail"]) >= {"twitter"}


def test_order_identifier_strips_hash(frames: StoreFrames) -> None:
    orders = frames.tables["interaction"].filter(pl.col("kind") == "order")
    raw = orders["interaction_id"][0]
    assert raw.startswith("#")
    identifier = frames.tables["identifier"]
    hit = identifier.filter((pl.col("kind") == "order") & (pl.col("value") == raw[1:].lower()))
    assert hit["customer_id"].to_list() == [orders["customer_id"][0]]


# --- shape -----------------------------------------------------------------------------------


@pytest.mark.parametrize("model", PUBLISHED, ids=lambda m: m.__tablename__)
def test_frame_columns_are_the_tables_columns(frames: StoreFrames, model: Any) -> None:
    table: sa.Table = model.__table__
    expected = [c.name for c in table.columns if c.name != "edge_id"]
    assert frames.tables[table.name].columns == expected


def test_frames_cover_exactly_the_published_tables(
    frames: StoreFrames, resolved_sample: Path
) -> None:
    assert set(frames.tables) == {m.__tablename__ for m in PUBLISHED}
    assert frames.run_id == require_current(resolved_sample / "lake").run_id
