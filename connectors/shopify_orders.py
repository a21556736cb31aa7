"""Shopify orders export: one row per line item, order-level values on an order's first row only.

``prepare`` gives every line the order's values (forward-filled per ``Name``), numbers the lines,
and adds the helper columns the spec's events key on:

- ``__item``: the line's 1-based position within its order (``#1001/line/2``);
- ``__order_first``: set on the order's first row only, so order-level events come out once;
- ``__order_refunded`` / ``__order_cancelled``: the order's refund amount / cancellation time on
  its first row only;
- ``__refund_at``: when the refund happened as far as the export says (it has no refund date):
  the cancellation time, else the order's creation time;
- ``__line_amount``: quantity x unit price of the line.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from cxm.ingest import normalize as nz

ORDER = "Name"
# Columns that describe the line item itself; everything else belongs to the order.
_LINE_PREFIX = "Lineitem "
_LINE_COLUMNS = frozenset({"Vendor"})


def _is_order_column(name: str) -> bool:
    return not (
        name.startswith("__")
        or name == ORDER
        or name.startswith(_LINE_PREFIX)
        or name in _LINE_COLUMNS
    )


def _text(frame: pl.DataFrame, name: str) -> pl.Expr:
    """The column trimmed, blank as null; null when the export lacks it."""
    if name not in frame.columns:
        return pl.lit(None, dtype=pl.String)
    value = pl.col(name).str.strip_chars()
    return pl.when(value.str.len_chars() > 0).then(value)


def _line_amount(quantity: pl.Expr, price: pl.Expr) -> pl.Expr:
    """quantity x price; the raw values when either is present but unreadable, so that the row is
    quarantined as an unparseable amount instead of silently losing its money."""
    qty, unit = nz.parse_amount(quantity), nz.parse_amount(price)
    product = (qty.fill_null(1.0) * unit).round(6)
    readable = unit.is_not_null() & (quantity.is_null() | qty.is_not_null())
    raw = pl.concat_str([quantity.fill_null("1"), price.fill_null("")], separator=" x ")
    return (
        pl.when(price.is_null())
        .then(pl.lit(None, dtype=pl.String))
        .when(readable)
        .then(product.cast(pl.String))
        .otherwise(raw)
    )


def prepare(frame: pl.DataFrame, ctx: Any) -> pl.DataFrame:
    """Forward-fill order values per order and add the event helper columns (see the module doc)."""
    if ORDER not in frame.columns:
        return frame
    has_order = pl.col(ORDER).is_not_null()
    order_cols = [c for c in frame.columns if _is_order_column(c)]
    # Rows without an order name are left alone: filling over a null group would mix orders.
    frame = frame.with_columns(
        pl.when(has_order).then(pl.col(c).forward_fill().over(ORDER)).otherwise(pl.col(c)).alias(c)
        for c in order_cols
    )
    position = pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over(ORDER)
    first = has_order & (position == 1)
    return frame.with_columns(
        pl.when(has_order).then(position.cast(pl.String)).alias("__item"),
        pl.when(first).then(pl.lit("1")).alias("__order_first"),
        pl.when(first).then(_text(frame, "Refunded Amount")).alias("__order_refunded"),
        pl.when(first).then(_text(frame, "Cancelled at")).alias("__order_cancelled"),
        pl.coalesce(_text(frame, "Cancelled at"), _text(frame, "Created at")).alias("__refund_at"),
        _line_amount(_text(frame, "Lineitem quantity"), _text(frame, "Lineitem price")).alias(
            "__line_amount"
        ),
    )
