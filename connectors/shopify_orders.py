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
from cxm.ingest.columns import by_distinct

ORDER = "Name"
# Columns that describe the line item itself; everything else belongs to the order.
_LINE_PREFIX = "Lineitem "
_LINE_COLUMNS = frozenset({"Vendor"})

# Source columns this hook reads besides those the spec maps (the reader keeps only those).
COLUMNS = frozenset(
    {"Name", "Refunded Amount", "Cancelled at", "Created at", "Lineitem quantity", "Lineitem price"}
)


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
    # Only the columns the spec maps are filled: the export has ~80, most of them unused.
    wanted = ctx.spec.referenced_columns() if hasattr(ctx, "spec") else set(frame.columns)
    order_cols = [c for c in frame.columns if _is_order_column(c) and c in wanted]
    # An export lists an order's rows together, so an order is a run of equal names: a value is
    # filled from the row it was last seen on only if that row starts the same run. This is the
    # per-order forward fill without a per-order window (which costs a sort per column).
    index = pl.int_range(pl.len(), dtype=pl.Int64)
    run_start = (
        pl.when(has_order & (pl.col(ORDER) != pl.col(ORDER).shift()).fill_null(True))
        .then(index)
        .forward_fill()
    )
    frame = frame.with_columns(run_start.alias("__run_start"), index.alias("__index"))
    seen_at = {
        c: pl.when(pl.col(c).is_not_null()).then(pl.col("__index")).forward_fill()
        for c in order_cols
    }
    # Rows without an order name are left alone: filling over a null group would mix orders.
    frame = frame.with_columns(
        pl.when(has_order & pl.col(c).is_null() & (seen_at[c] >= pl.col("__run_start")))
        .then(pl.col(c).forward_fill())
        .otherwise(pl.col(c))
        .alias(c)
        for c in order_cols
    )
    position = pl.col("__index") - pl.col("__run_start") + 1
    first = has_order & (position == 1)
    frame = frame.with_columns(
        pl.when(has_order).then(position.cast(pl.String)).alias("__item"),
        pl.when(first).then(pl.lit("1")).alias("__order_first"),
        pl.when(first).then(_text(frame, "Refunded Amount")).alias("__order_refunded"),
        pl.when(first).then(_text(frame, "Cancelled at")).alias("__order_cancelled"),
        pl.coalesce(_text(frame, "Cancelled at"), _text(frame, "Created at")).alias("__refund_at"),
    )
    # Quantities and prices repeat a lot: work out each distinct pair once.
    pair = [c for c in ("Lineitem quantity", "Lineitem price") if c in frame.columns]
    amount = _line_amount(_text(frame, "Lineitem quantity"), _text(frame, "Lineitem price"))
    frame = frame.with_columns(
        (by_distinct(frame, pair, amount) if pair else amount).alias("__line_amount")
    )
    return frame.drop("__run_start", "__index")
