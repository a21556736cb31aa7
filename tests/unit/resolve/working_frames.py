"""Hand-made identity records turned into the working frame the resolve stages use."""

from __future__ import annotations

from typing import Any

import polars as pl

from cxm.resolve.compare import prepare
from cxm.resolve.config import ResolveConfig
from cxm.resolve.records import standardise
from cxm.schema import conform, table_schema

_BASE: dict[str, Any] = {
    "source": "crm",
    "connector": "crm_contacts",
    "department": "sales",
    "batch_id": "b1",
    "source_file": "contacts.csv",
    "source_row": 1,
    "source_line": 2,
}


def working(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """The prepared working frame of hand-made identity records; row i is working row i."""
    spec = table_schema("identity_record").polars
    records = [{**_BASE, "record_id": f"r{i:04d}", **row} for i, row in enumerate(rows)]
    columns = sorted({key for record in records for key in record})
    frame = pl.DataFrame(
        {c: [record.get(c) for record in records] for c in columns},
        schema={c: spec[c] for c in columns},
    )
    out = prepare(standardise(conform(frame, "identity_record"), ResolveConfig()).working)
    assert out.height == len(rows), "a record was collapsed: the fixture rows must differ"
    return out
