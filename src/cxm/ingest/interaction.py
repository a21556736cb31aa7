"""Mapping rows onto ``interaction``: one event kind per ``[[interactions]]`` entry."""

from __future__ import annotations

import polars as pl

from cxm.ingest import normalize as nz
from cxm.ingest.columns import (
    DT_PREFIX,
    ID_PREFIX,
    Columns,
    by_distinct,
    condition,
    lazy_select,
    lazy_with_columns,
)
from cxm.ingest.hook import HookContext
from cxm.ingest.problems import collect_problems, empty_problems, field_name, problem
from cxm.ingest.read import LINE, ROW
from cxm.ingest.spec import FieldRef, InteractionMap


def map_interactions(
    frame: pl.DataFrame, m: InteractionMap, ctx: HookContext
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The events of one ``[[interactions]]`` entry, and the rows that failed its checks."""
    # Only this event's columns are filtered: copying every column of a wide export is the cost.
    used = {c for _, v in m if isinstance(v, FieldRef) for c in v.columns()}
    used |= {c for v in m.attributes for c in v.columns()}
    used |= {f"{ID_PREFIX}{m.record_id.column}", f"{DT_PREFIX}{m.occurred_at.column}", ROW, LINE}
    if m.when is not None:
        used.add(m.when.column)
    narrow = frame.select([c for c in frame.columns if c in used])
    rows = narrow.filter(condition(m.when, narrow.schema))
    cols = Columns(rows, ctx.spec, ctx.timezone)
    out = lazy_select(
        rows,
        ROW,
        LINE,
        cols.record_id(m.record_id).alias("record_id"),
        cols.scalar(m.interaction_id).alias("interaction_id"),
        cols.scalar(m.occurred_at).alias("__occurred_at"),
        cols.timestamp(m.occurred_at).alias("occurred_at"),
        pl.lit(m.kind).alias("kind"),
        cols.scalar(m.channel).str.to_lowercase().alias("channel"),
        cols.scalar(m.title).alias("title"),
        cols.scalar(m.text).alias("text"),
        cols.scalar(m.amount).alias("__amount"),
        cols.scalar(m.currency).str.to_uppercase().alias("currency"),
        cols.scalar(m.status).alias("status"),
        cols.scalar(m.satisfaction).alias("__satisfaction"),
        cols.attributes(m.attributes).alias("attributes"),
    )
    out = lazy_with_columns(
        out,
        by_distinct(out, ["__amount"], nz.parse_amount(pl.col("__amount"))).alias("amount"),
        pl.col("__satisfaction").cast(pl.Float64, strict=False).alias("satisfaction"),
    )
    when = field_name(m.occurred_at)
    checks = [
        problem(
            pl.col("record_id").is_null(),
            field_name(m.record_id),
            f"{m.kind}: missing person record id in field {field_name(m.record_id)!r}",
        ),
        problem(
            pl.col("interaction_id").is_null(),
            field_name(m.interaction_id),
            f"{m.kind}: missing id in field {field_name(m.interaction_id)!r}",
        ),
        problem(
            pl.col("__occurred_at").is_null(), when, f"{m.kind}: missing date in field {when!r}"
        ),
        problem(
            pl.col("__occurred_at").is_not_null() & pl.col("occurred_at").is_null(),
            when,
            pl.format(
                f"{m.kind}: unparseable date in field {when!r}: '{{}}'", pl.col("__occurred_at")
            ),
        ),
        problem(
            pl.col("__amount").is_not_null() & pl.col("amount").is_null(),
            field_name(m.amount),
            pl.format(
                f"{m.kind}: unparseable amount in field {field_name(m.amount)!r}: '{{}}'",
                pl.col("__amount"),
            ),
        ),
    ]
    problems = collect_problems(out, checks)
    if not m.required:
        # An optional event that cannot be built is left out; the row itself is still loaded.
        out = out.join(problems.select(ROW), on=ROW, how="anti")
        problems = empty_problems()
    return out.drop("__occurred_at", "__amount", "__satisfaction"), problems
