"""pipeline helpers: the parts golden records are built in."""

from __future__ import annotations

import polars as pl
import pytest

from cxm.resolve import pipeline


def test_customer_parts_keep_customers_whole_and_in_id_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pipeline, "GOLDEN_PART_RECORDS", 3)
    ids = ["c", "a", "b", "a", "c", "d", "e", "e", "e", "e", "f"]
    membership = pl.DataFrame({"customer_id": ids, "record_id": [str(i) for i in range(11)]})
    parts = pipeline._customer_parts(membership)
    assert [p["customer_id"].to_list() for p in parts] == [
        ["a", "a", "b"],
        ["c", "c", "d"],
        ["e", "e", "e", "e", "f"],  # a customer larger than a part stays whole
    ]
    assert pl.concat(parts).sort("record_id").equals(membership.sort("record_id"))
    assert pipeline._customer_parts(membership.clear()) == []
