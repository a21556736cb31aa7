"""Canonical table schemas, built from the versioned JSON Schema files in ``schemas/``.

The JSON Schemas are the single source of truth: this module turns them into polars schemas and
conforms frames to them before anything is written.

Examples
--------
>>> from cxm.schema import table_schema
>>> table_schema("quarantine")["reason"]
String
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

import polars as pl

from cxm.errors import SchemaError
from cxm.resources import schemas_dir

LAKE_TABLES = ("identity_record", "interaction", "quarantine")
RESOLUTION_TABLES = ("identity_map", "customer", "match_edge", "alias")
EXPORT_TABLES = ("export_profiles", "export_identity_map", "export_timeline", "export_traits")
TABLES = LAKE_TABLES + RESOLUTION_TABLES + EXPORT_TABLES
VERSION = 1


@dataclass(frozen=True)
class TableSchema:
    """A canonical table: its polars schema, required columns and key."""

    name: str
    version: int
    polars: pl.Schema
    required: tuple[str, ...]
    key: tuple[str, ...]

    def __getitem__(self, column: str) -> pl.DataType:
        return self.polars[column]


def _dtype(table: str, column: str, prop: dict[str, Any]) -> pl.DataType:
    types = prop.get("type")
    kinds = [t for t in (types if isinstance(types, list) else [types]) if t != "null"]
    if len(kinds) != 1:
        msg = (
            f"schemas/{table}: column {column!r} must have exactly one non-null type, got {types!r}"
        )
        raise SchemaError(msg)
    kind = kinds[0]
    fmt = prop.get("format")
    if kind == "string" and fmt == "date-time":
        return pl.Datetime("us", "UTC")
    if kind == "string" and fmt == "date":
        return pl.Date()
    if kind == "string":
        return pl.String()
    if kind == "integer":
        return pl.Int64()
    if kind == "number":
        return pl.Float64()
    if kind == "boolean":
        return pl.Boolean()
    items = prop.get("items", {})
    if kind == "array" and items.get("type") == "string":
        return pl.List(pl.String())
    if kind == "array" and items.get("type") == "object":
        fields = {
            name: _dtype(table, f"{column}.{name}", sub)
            for name, sub in items.get("properties", {}).items()
        }
        return pl.List(pl.Struct(fields))
    msg = f"schemas/{table}: column {column!r} has an unsupported type {kind!r}"
    raise SchemaError(msg)


@cache
def load_json_schema(table: str) -> dict[str, Any]:
    """Read the JSON Schema document of a canonical table."""
    path = schemas_dir() / f"{table}.v{VERSION}.json"
    try:
        doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        msg = f"cannot load the JSON Schema of table {table!r} from {path}: {err}"
        raise SchemaError(msg) from err
    return doc


@cache
def table_schema(table: str) -> TableSchema:
    """The canonical schema of ``table`` (one of :data:`TABLES`)."""
    if table not in TABLES:
        msg = f"unknown table {table!r}; known tables: {', '.join(TABLES)}"
        raise SchemaError(msg)
    doc = load_json_schema(table)
    props: dict[str, dict[str, Any]] = doc["properties"]
    schema = pl.Schema({col: _dtype(table, col, prop) for col, prop in props.items()})
    return TableSchema(
        name=table,
        version=int(doc.get("x-version", VERSION)),
        polars=schema,
        required=tuple(doc.get("required", ())),
        key=tuple(doc.get("x-key", ())),
    )


def conform(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """Return ``frame`` with exactly the table's columns, in order and with the canonical types.

    Missing nullable columns are added as nulls; list columns are never null (missing or null
    lists become empty lists). Raises :class:`SchemaError` naming the columns when a required
    column is missing or holds nulls.
    """
    spec = table_schema(table)
    lists = {c for c, t in spec.polars.items() if isinstance(t, pl.List)}
    missing_required = [c for c in spec.required if c not in frame.columns and c not in lists]
    if missing_required:
        msg = f"{table}: required columns missing: {', '.join(missing_required)}"
        raise SchemaError(msg)
    exprs: list[pl.Expr] = []
    for column, dtype in spec.polars.items():
        if column in frame.columns and column in lists:
            exprs.append(pl.col(column).cast(dtype).fill_null(pl.lit([], dtype=dtype)))
        elif column in frame.columns:
            exprs.append(pl.col(column).cast(dtype))
        elif isinstance(dtype, pl.List):
            exprs.append(pl.lit([], dtype=dtype).alias(column))
        else:
            exprs.append(pl.lit(None, dtype=dtype).alias(column))
    out = frame.select(exprs)
    null_counts = out.select(pl.col(list(spec.required)).null_count()).row(0, named=True)
    with_nulls = [f"{c} ({n} nulls)" for c, n in null_counts.items() if n]
    if with_nulls:
        msg = f"{table}: required columns hold nulls: {', '.join(with_nulls)}"
        raise SchemaError(msg)
    return out


def empty(table: str) -> pl.DataFrame:
    """An empty frame with the table's schema."""
    return pl.DataFrame(schema=table_schema(table).polars)
