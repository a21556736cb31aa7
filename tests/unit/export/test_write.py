"""Export formats and atomic files: what the bytes hold, and that a failure leaves nothing behind."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cxm.errors import ExportError
from cxm.export.write import arrow_schema, csv_schema, encode, format_for, write_atomic

SCHEMA = pl.Schema(
    {
        "customer_id": pl.String(),
        "seen": pl.Datetime("us", "UTC"),
        "born": pl.Date(),
        "amount": pl.Float64(),
        "count": pl.Int64(),
        "emails": pl.List(pl.String()),
        "money": pl.List(pl.Struct({"currency": pl.String(), "amount": pl.Float64()})),
    }
)


def _frame(ids: list[str]) -> pl.DataFrame:
    n = len(ids)
    return pl.DataFrame(
        {
            "customer_id": ids,
            "seen": [datetime(2024, 3, 15, 14, 30, 0, 123456, tzinfo=UTC)] * n,
            "born": [date(1985, 3, 15)] * n,
            "amount": [0.1 + 0.2] * n,
            "count": list(range(n)),
            "emails": [["a@x.com", "b@x.com"]] * n,
            "money": [[{"currency": "USD", "amount": 12.5}]] * n,
        },
        schema=SCHEMA,
    )


def _batches(*ids: list[str], fail_after: int | None = None) -> Iterator[pl.DataFrame]:
    for i, batch in enumerate(ids):
        if fail_after is not None and i == fail_after:
            raise RuntimeError("the store went away")
        yield _frame(batch)


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        ("people.parquet", None, "parquet"),
        ("people.CSV", None, "csv"),
        ("people.csv", "csv", "csv"),
        ("people.out", "parquet", "parquet"),
        ("people", "csv", "csv"),
    ],
)
def test_format_comes_from_the_option_or_the_extension(
    name: str, fmt: str | None, expected: str
) -> None:
    assert format_for(Path(name), fmt) == expected


@pytest.mark.parametrize(
    ("name", "fmt", "message"),
    [
        (
            "people.xlsx",
            None,
            r"people\.xlsx: unknown export format \.xlsx; use \.csv or \.parquet",
        ),
        ("people", None, r"people: unknown export format \(no extension\)"),
        ("people.csv", "parquet", r"people\.csv: the extension says csv but --format says parquet"),
        ("people.csv", "json", r"people\.csv: unknown export format 'json'"),
    ],
)
def test_unknown_or_contradicting_formats_name_the_file(
    name: str, fmt: str | None, message: str
) -> None:
    with pytest.raises(ExportError, match=message):
        format_for(Path(name), fmt)


def test_parquet_is_one_row_group_per_batch_with_the_documented_types() -> None:
    chunks = list(encode(_batches(["a", "b"], ["c"]), SCHEMA, "parquet", ["customer_id"]))
    data = b"".join(chunks)
    assert len(chunks) >= 3, "the file is streamed: a chunk per batch, then the footer"
    parquet = pq.ParquetFile(io.BytesIO(data))
    assert parquet.metadata.num_row_groups == 2
    table = parquet.read()
    assert table.schema.equals(arrow_schema(SCHEMA, ["customer_id"]))
    assert table.schema.field("customer_id").nullable is False
    assert table.schema.field("money").type == pa.list_(
        pa.struct([("currency", pa.string()), ("amount", pa.float64())])
    )
    back = pl.read_parquet(io.BytesIO(data))
    assert back.schema == SCHEMA
    assert back.equals(pl.concat([_frame(["a", "b"]), _frame(["c"])]))


def test_a_cut_off_parquet_stream_is_not_a_readable_file() -> None:
    chunks = list(encode(_batches(["a"], ["b"]), SCHEMA, "parquet"))
    with pytest.raises(pa.ArrowInvalid):
        pq.read_table(io.BytesIO(b"".join(chunks[:-1])))


def test_csv_writes_json_lists_utc_times_and_tells_null_from_empty() -> None:
    frame = _frame(["a", ""]).with_columns(
        pl.when(pl.col("count") == 1).then(None).otherwise(pl.col("amount")).alias("amount")
    )
    text = b"".join(encode([frame], SCHEMA, "csv")).decode()
    lines = text.splitlines()
    assert lines[0] == "customer_id,seen,born,amount,count,emails,money"
    assert lines[1] == (
        'a,2024-03-15T14:30:00.123456Z,1985-03-15,0.30000000000000004,0,"[""a@x.com"",""b@x.com""]",'
        '"[{""currency"":""USD"",""amount"":12.5}]"'
    )
    assert lines[2].startswith('"",2024-03-15T14:30:00.123456Z,1985-03-15,,1,')
    back = pl.read_csv(io.BytesIO(text.encode()), schema=csv_schema(SCHEMA))
    assert back["customer_id"].to_list() == ["a", ""]
    assert back["amount"].to_list() == [0.30000000000000004, None]
    decoded = back.with_columns(
        pl.col("emails").str.json_decode(SCHEMA["emails"]),
        pl.col("money").str.json_decode(SCHEMA["money"]),
    )
    assert decoded.equals(frame)


def test_an_empty_export_still_has_its_header_or_schema() -> None:
    assert (
        b"".join(encode([], SCHEMA, "csv")) == b"customer_id,seen,born,amount,count,emails,money\n"
    )
    table = pq.read_table(io.BytesIO(b"".join(encode([], SCHEMA, "parquet"))))
    assert table.num_rows == 0 and table.schema.equals(arrow_schema(SCHEMA))


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_failure_mid_write_leaves_no_file_and_no_temporary(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"people.{fmt}"
    with pytest.raises(RuntimeError, match="the store went away"):
        write_atomic(encode(_batches(["a"], ["b"], fail_after=1), SCHEMA, fmt), out)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_failure_mid_write_leaves_the_existing_file_as_it_was(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"people.{fmt}"
    write_atomic(encode(_batches(["old"]), SCHEMA, fmt), out)
    before = out.read_bytes()
    with pytest.raises(RuntimeError):
        write_atomic(encode(_batches(["new"], ["newer"], fail_after=1), SCHEMA, fmt), out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_a_finished_write_replaces_the_file_and_counts_its_bytes(tmp_path: Path) -> None:
    out = tmp_path / "deeper" / "people.csv"
    size = write_atomic(encode(_batches(["a"], ["b", "c"]), SCHEMA, "csv"), out)
    assert size == out.stat().st_size
    assert pl.read_csv(out, schema=csv_schema(SCHEMA))["customer_id"].to_list() == ["a", "b", "c"]
    assert [p.name for p in out.parent.iterdir()] == ["people.csv"]


def test_an_unwritable_target_is_an_export_error_naming_it(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    out = blocker / "people.csv"
    with pytest.raises(ExportError, match=rf"cannot write {out}"):
        write_atomic(encode(_batches(["a"]), SCHEMA, "csv"), out)
    assert blocker.read_text() == "not a folder"
