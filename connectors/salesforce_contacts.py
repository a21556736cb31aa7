"""Salesforce contacts report: ids to their canonical 18-character form before mapping."""

from __future__ import annotations

from typing import Any

import polars as pl

from cxm.ingest.normalize import salesforce_id18

# Source columns this hook reads besides those the spec maps (the reader keeps only those).
COLUMNS = frozenset({"Contact ID"})


def prepare(frame: pl.DataFrame, ctx: Any) -> pl.DataFrame:
    """15-character ids become 18-character ones, so both spellings of one id are one record."""
    if "Contact ID" not in frame.columns:
        return frame
    return frame.with_columns(
        salesforce_id18(pl.col("Contact ID").str.strip_chars()).alias("Contact ID")
    )
