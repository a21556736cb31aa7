"""Exports of the published sample store, on SQLite and PostgreSQL, read back with pyarrow and
polars: the documented columns and types, every stored row, the store's values, one snapshot."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

from cxm.config import Settings
from cxm.errors import ExportError, NotPublishedError
from cxm.export import DATASETS, arrow_schema, csv_schema, export_file, open_stream
from cxm.resolve.resolution import require_current
from cxm.schema import table_schema
from cxm.store.engine import make_engine, snapshot
from cxm.store.frames import StoreFrames, store_frames
from cxm.store.migrate import upgrade
from cxm.store.publish import write_store
from cxm.store.query import profile

FORMATS = ("parquet", "csv")


@pytest.fixture
def engine(sample_home: Path, store_url: str) -> Iterator[sa.Engine]:
    """The sample store, published on the backend under test."""
    lake = Settings(home=sample_home).lake_dir
    engine = make_engine(store_url)
    write_store(engine, store_frames(lake, require_current(lake)))
    yield engine
    engine.dispose()


def _required(name: str) -> tuple[str, ...]:
    return table_schema(DATASETS[name].schema_table).required


def _nested(name: str) -> list[str]:
    return [c for c, t in DATASETS[name].schema.items() if isinstance(t, pl.List | pl.Struct)]


def _read(path: Path, name: str) -> pl.DataFrame:
    """The export read back with polars, nested CSV columns decoded from their JSON text."""
    spec = DATASETS[name]
    if path.suffix == ".parquet":
        return pl.read_parquet(path)
    frame = pl.read_csv(path, schema=csv_schema(spec.schema))
    return frame.with_columns(pl.col(c).str.json_decode(spec.schema[c]) for c in _nested(name))


def _read_arrow(path: Path, name: str) -> pa.Table:
    spec = DATASETS[name]
    if path.suffix == ".parquet":
        return pq.read_table(path)
    types = arrow_schema(csv_schema(spec.schema))
    options = pcsv.ConvertOptions(
        column_types={f.name: f.type for f in types},
        strings_can_be_null=True,
        quoted_strings_can_be_null=False,
    )
    return pcsv.read_csv(path, convert_options=options)


def _count(engine: sa.Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", list(DATASETS))
def test_exports_round_trip_with_the_documented_schema(
    engine: sa.Engine, tmp_path: Path, name: str, fmt: str
) -> None:
    spec = DATASETS[name]
    out = tmp_path / f"{name}.{fmt}"
    report = export_file(engine, name, out)
    assert report.format == fmt and report.bytes == out.stat().st_size
    stored = _count(engine, spec.table.name)
    assert report.rows == stored > 0

    frame = _read(out, name)
    assert frame.schema == spec.schema
    assert frame.height == stored
    assert frame.equals(frame.sort(list(spec.order_by))), "rows are in the documented order"
    assert frame.select(spec.order_by).is_unique().all()

    table = _read_arrow(out, name)
    assert table.num_rows == stored
    assert table.column_names == list(spec.schema)
    if fmt == "parquet":
        assert table.schema.equals(arrow_schema(spec.schema, _required(name)))
    else:
        assert table.schema.equals(arrow_schema(csv_schema(spec.schema)))
        nulls = {c: table.column(c).null_count for c in _required(name)}
        assert not any(nulls.values()), nulls


def test_both_formats_hold_the_same_rows(engine: sa.Engine, tmp_path: Path) -> None:
    for name in DATASETS:
        frames = [
            _read(export_file(engine, name, tmp_path / f"{name}.{f}").path, name) for f in FORMATS
        ]
        assert frames[0].equals(frames[1]), name


def test_profiles_hold_what_the_api_serves(engine: sa.Engine, tmp_path: Path) -> None:
    profiles = _read(export_file(engine, "profiles", tmp_path / "p.parquet").path, "profiles")
    busiest = profiles.sort(["record_count", "customer_id"], descending=[True, False])
    with snapshot(engine) as conn:
        for row in busiest.head(3).iter_rows(named=True):
            served = profile(conn, row["customer_id"])
            assert row["record_count"] == served["record_count"] == len(served["records"])
            assert row["interaction_count"] == served["interaction_count"]
            for field in ("emails", "phones", "handles", "external_ids"):
                assert row[field] == served["identifiers"][field], field
            assert row["sources"] == served["sources"]
            assert row["departments"] == served["departments"]
            for field in ("full_name", "email", "phone", "city"):
                assert row[field] == served["golden"][field], field
            born = served["golden"]["birth_date"]
            assert (row["birth_date"] and row["birth_date"].isoformat()) == born
            for field in ("first_seen", "last_seen", "last_activity"):
                assert row[field] == served[field], field
            assert json.loads(row["provenance"]) == served["provenance"]


def test_identity_map_is_what_the_store_serves(engine: sa.Engine, tmp_path: Path) -> None:
    exported = _read(export_file(engine, "identity-map", tmp_path / "m.csv").path, "identity-map")
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT source, record_id, customer_id, matched_by FROM source_record")
        ).all()
    assert sorted(exported.rows()) == sorted(tuple(r) for r in rows)


def test_timeline_is_each_customers_events_in_time_order(engine: sa.Engine, tmp_path: Path) -> None:
    timeline = _read(export_file(engine, "timeline", tmp_path / "t.parquet").path, "timeline")
    with engine.connect() as conn:
        counts = dict(
            conn.execute(sa.text("SELECT customer_id, interaction_count FROM customer")).all()
        )
        amount = conn.execute(sa.text("SELECT sum(amount) FROM interaction")).scalar_one()
    per_customer = dict(timeline.group_by("customer_id").len().rows())
    assert per_customer == {c: n for c, n in counts.items() if n}
    assert timeline["amount"].sum() == pytest.approx(float(amount))
    assert timeline["occurred_at"].dtype == pl.Datetime("us", "UTC")
    attributes = timeline["attributes"].drop_nulls().to_list()
    assert attributes and all(isinstance(json.loads(a), dict) for a in attributes)


def test_traits_are_the_stored_json_flattened(engine: sa.Engine, tmp_path: Path) -> None:
    traits = _read(export_file(engine, "traits", tmp_path / "t.csv").path, "traits")
    with engine.connect() as conn:
        stored = dict(conn.execute(sa.text("SELECT customer_id, traits FROM customer")).all())
    assert traits.height == len(stored)
    buyers = traits.filter(pl.col("orders") > 0)
    assert buyers.height > 0
    for row in buyers.head(5).iter_rows(named=True):
        doc = json.loads(stored[row["customer_id"]])
        for field in ("interactions", "orders", "lifetime_value", "by_kind", "journey_stage"):
            assert row[field] == doc[field], field
        assert row["last_order_at"].strftime("%Y-%m-%dT%H:%M:%SZ") == doc["last_order_at"]
        assert row["churn_risk"] == doc["churn_risk"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_stream_is_the_file_byte_for_byte(engine: sa.Engine, tmp_path: Path, fmt: str) -> None:
    out = export_file(engine, "timeline", tmp_path / f"t.{fmt}", batch_rows=100).path
    stream = open_stream(engine, "timeline", fmt, batch_rows=100)
    assert stream.filename == f"cxm-timeline-{stream.run_id}.{fmt}"
    assert b"".join(stream.chunks) == out.read_bytes()
    whole = export_file(engine, "timeline", tmp_path / f"whole.{fmt}")
    assert _read(whole.path, "timeline").equals(_read(out, "timeline")), "batching changes nothing"
    if fmt == "parquet":
        assert pq.ParquetFile(out).metadata.num_row_groups == -(-whole.rows // 100)


def test_an_export_reads_one_publish_while_another_commits(
    engine: sa.Engine, sample_home: Path, tmp_path: Path
) -> None:
    lake = Settings(home=sample_home).lake_dir
    frames = store_frames(lake, require_current(lake))
    before = export_file(engine, "identity-map", tmp_path / "before.csv").path.read_bytes()

    stream = open_stream(engine, "identity-map", "csv", batch_rows=50)
    head = next(stream.chunks) + next(stream.chunks)
    fewer = frames.tables["source_record"].head(10)
    smaller = StoreFrames(frames.run_id + "-b", {**frames.tables, "source_record": fewer}, 0)
    write_store(engine, smaller)
    during = head + b"".join(stream.chunks)

    assert during == before
    after = export_file(engine, "identity-map", tmp_path / "after.csv")
    assert after.rows == 10 and after.run_id == smaller.run_id != stream.run_id


def test_nothing_published_is_said_before_anything_is_written(
    store_url: str, tmp_path: Path
) -> None:
    engine = make_engine(store_url)
    upgrade(engine)
    out = tmp_path / "p.csv"
    try:
        with pytest.raises(NotPublishedError, match="nothing published yet"):
            export_file(engine, "profiles", out)
        with pytest.raises(NotPublishedError):
            open_stream(engine, "profiles", "csv")
    finally:
        engine.dispose()
    assert not out.exists()


def test_a_stored_value_that_breaks_the_schema_names_dataset_table_and_row(
    engine: sa.Engine, tmp_path: Path
) -> None:
    with engine.begin() as conn:
        first = conn.execute(sa.text("SELECT min(customer_id) FROM customer")).scalar_one()
        conn.execute(
            sa.text("UPDATE customer SET birth_date = 'soon' WHERE customer_id = :c"), {"c": first}
        )
    folder = tmp_path / "exports"
    with pytest.raises(ExportError, match=rf"export profiles: store table customer .*{first}"):
        export_file(engine, "profiles", folder / "p.parquet")
    assert list(folder.iterdir()) == []
