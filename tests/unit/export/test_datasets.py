"""The datasets match their documents, the store's tables and the traits the insight stage writes."""

from __future__ import annotations

import json

import polars as pl
import pytest

from cxm.cli_export import COMMANDS
from cxm.errors import ExportError
from cxm.export.datasets import DATASETS, dataset
from cxm.insight.traits import FIELDS, empty_traits
from cxm.schema import conform, load_json_schema, table_schema


def test_the_cli_offers_exactly_the_datasets() -> None:
    assert list(COMMANDS) == list(DATASETS) == ["profiles", "identity-map", "timeline", "traits"]


@pytest.mark.parametrize("name", list(DATASETS))
def test_each_dataset_reads_columns_its_store_table_has(name: str) -> None:
    spec = DATASETS[name]
    assert set(spec.read) <= set(spec.table.c.keys())
    assert set(spec.order_by) <= set(spec.table.c.keys())
    doc = load_json_schema(spec.schema_table)
    assert doc["x-dataset"] == name
    assert list(doc["x-order"]) == list(spec.order_by[: len(doc["x-order"])])


def test_every_trait_is_an_export_column_in_the_traits_order() -> None:
    columns = list(table_schema("export_traits").polars)
    assert columns == ["customer_id", *FIELDS, "segments"]


def test_an_unknown_dataset_lists_the_known_ones() -> None:
    with pytest.raises(ExportError, match=r"unknown export 'people'; the datasets are: profiles, "):
        dataset("people")


def test_traits_json_becomes_one_typed_column_per_trait() -> None:
    full = {
        **json.loads(empty_traits()),
        "interactions": 3,
        "by_kind": [{"kind": "order", "count": 2}, {"kind": "ticket", "count": 1}],
        "orders": 2,
        "lifetime_value": [{"currency": "USD", "amount": 120.5}],
        "first_order_at": "2024-01-02T03:04:05Z",
        "csat": 1,
        "nps": 9,
        "journey_stage": "advocate",
        "segments": ["vip"],
    }
    batch = pl.DataFrame(
        {"customer_id": ["cus_a", "cus_b"], "traits": [json.dumps(full), empty_traits()]}
    )
    spec = DATASETS["traits"]
    out = conform(spec.shape(batch), spec.schema_table)
    assert out.schema == spec.schema
    a, b = out.rows(named=True)
    assert a["by_kind"] == [{"kind": "order", "count": 2}, {"kind": "ticket", "count": 1}]
    assert a["lifetime_value"] == [{"currency": "USD", "amount": 120.5}]
    assert a["first_order_at"].isoformat() == "2024-01-02T03:04:05+00:00"
    assert (a["csat"], a["nps"], a["segments"]) == (1.0, 9, ["vip"])
    assert (b["interactions"], b["journey_stage"], b["lifetime_value"]) == (0, "aware", [])
    assert b["segments"] == [] and b["first_order_at"] is None


def test_profile_lists_and_birth_date_are_typed() -> None:
    spec = DATASETS["profiles"]
    raw = {name: [None] for name in spec.read} | {
        "customer_id": ["cus_a"],
        "birth_date": ["1985-03-15"],
        "emails": ['["a@x.com","b@x.com"]'],
        "phones": ["[]"],
        "handles": ["[]"],
        "external_ids": ["[]"],
        "sources": ['["hubspot"]'],
        "departments": ['["sales"]'],
        "record_count": [1],
        "interaction_count": [0],
        "provenance": ["{}"],
    }
    batch = pl.DataFrame(raw).with_columns(
        pl.col(c).cast(pl.Datetime("us", "UTC"))
        for c in ("first_seen", "last_seen", "last_activity")
    )
    out = conform(spec.shape(batch), spec.schema_table)
    row = out.row(0, named=True)
    assert row["emails"] == ["a@x.com", "b@x.com"] and row["phones"] == []
    assert str(row["birth_date"]) == "1985-03-15"
