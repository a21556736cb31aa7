"""The JSON Schemas are valid, drive the polars schemas, and the lake's rows satisfy them."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import jsonschema
import polars as pl
import pytest

from cxm.config import Settings
from cxm.errors import SchemaError
from cxm.ingest.lake import Lake
from cxm.ingest.pipeline import ingest
from cxm.schema import LAKE_TABLES, TABLES, conform, load_json_schema, table_schema


@pytest.mark.parametrize("table", TABLES)
def test_schema_documents_are_valid_json_schema(table: str) -> None:
    doc = load_json_schema(table)
    jsonschema.Draft202012Validator.check_schema(doc)
    assert doc["title"] == table
    assert all(prop.get("description") for prop in doc["properties"].values()), (
        "every column is documented"
    )
    assert list(table_schema(table).polars) == list(doc["properties"])


def test_types_follow_the_documents() -> None:
    people = table_schema("identity_record")
    assert people["emails"] == pl.List(pl.String)
    assert people["birth_date"] == pl.Date
    assert people["created_at"] == pl.Datetime("us", "UTC")
    assert people["record_id"] == pl.String
    assert table_schema("interaction")["amount"] == pl.Float64


def test_conform_refuses_missing_or_null_required_columns() -> None:
    with pytest.raises(SchemaError, match=r"required columns missing: .*record_id"):
        conform(pl.DataFrame({"source": ["x"]}), "interaction")
    frame = pl.DataFrame(
        {
            "source": ["x"],
            "connector": ["c"],
            "batch_id": ["b"],
            "file": ["f"],
            "reason": [None],
            "raw": ["r"],
        }
    )
    with pytest.raises(SchemaError, match=r"reason \(1 nulls\)"):
        conform(frame, "quarantine")


def _jsonable(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def test_lake_rows_validate_against_the_documents(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2] / "sample_data"
    settings = Settings(home=tmp_path / "home")
    ingest([root / "sales", root / "support"], settings)
    lake = Lake(settings.lake_dir)
    for table in LAKE_TABLES:
        validator = jsonschema.Draft202012Validator(load_json_schema(table))
        rows = lake.read(table).head(200).to_dicts()
        assert rows or table == "quarantine"
        for row in rows:
            validator.validate({k: _jsonable(v) for k, v in row.items()})
            if row.get("attributes"):
                assert isinstance(json.loads(row["attributes"]), dict)
