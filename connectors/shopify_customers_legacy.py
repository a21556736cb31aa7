"""Shopify customers export, legacy header: a stable record id for an export without Customer ID.

The record id is the normalized email, else the phone in E.164 (see the spec's header comment for
why). A row with neither cannot be told apart from any other customer: it is set aside with a
reason instead of being loaded under an invented id.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from cxm.ingest import normalize as nz

RECORD_ID = "__record_id"
SKIP_REASON = "__skip_reason"
NO_ID = "no valid Email or Phone to identify the customer (legacy export without Customer ID)"

# Source columns this hook reads besides those the spec maps (the reader keeps only those).
COLUMNS = frozenset({"Email", "Phone"})


def prepare(frame: pl.DataFrame, ctx: Any) -> pl.DataFrame:
    """Add ``__record_id`` (email, else E.164 phone) and skip rows that have neither."""
    email = (
        nz.normalize_email(pl.col("Email"))
        if "Email" in frame.columns
        else pl.lit(None, dtype=pl.String)
    )
    frame = frame.with_columns(pl.when(nz.is_valid_email(email)).then(email).alias(RECORD_ID))
    if "Phone" in frame.columns:
        phone = nz.normalize_phones(
            frame.get_column("Phone"), default_region=ctx.settings.default_region
        )
        frame = frame.with_columns(pl.coalesce(pl.col(RECORD_ID), phone).alias(RECORD_ID))
    return frame.with_columns(
        pl.when(pl.col(RECORD_ID).is_null()).then(pl.lit(NO_ID)).alias(SKIP_REASON)
    )
