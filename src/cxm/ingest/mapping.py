"""The spec engine: turns a raw table into canonical identity records and interactions.

Everything here is polars expressions over whole columns. A row that fails a required check (no
record id, an unparseable event time, an unparseable amount...) is quarantined as a whole, with
the field and the reason; softer problems (an invalid email, an unparseable birth date) keep the
record and are written to its ``flags``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from cxm.ingest.columns import precompute
from cxm.ingest.hook import HookContext
from cxm.ingest.identity import map_identity
from cxm.ingest.interaction import map_interactions
from cxm.ingest.merge import merge_records
from cxm.ingest.problems import collect_problems, problem
from cxm.ingest.read import LINE, ROW
from cxm.ingest.spec import ConnectorSpec

_IDX = "__idx"


@dataclass
class Mapped:
    """The output of mapping one file: canonical rows plus the rows that failed, with reasons."""

    identity: pl.DataFrame
    interactions: pl.DataFrame
    problems: pl.DataFrame  # __row, __line, field, reason


def _exclusions(frame: pl.DataFrame, spec: ConnectorSpec) -> pl.DataFrame:
    checks = []
    for rule in spec.exclude:
        if rule.column not in frame.columns:
            continue
        value = pl.col(rule.column).cast(pl.String).str.strip_chars().str.to_lowercase()
        checks.append(
            problem(
                value.is_in([v.lower() for v in rule.values]).fill_null(False),
                rule.column,
                pl.format(f"excluded: {rule.reason} ({rule.column} = '{{}}')", pl.col(rule.column)),
            )
        )
    return collect_problems(frame, checks)


def map_frame(frame: pl.DataFrame, ctx: HookContext) -> Mapped:
    """Apply ``ctx.spec`` to a raw frame (after the hook's ``prepare``, if any)."""
    spec = ctx.spec
    excluded = _exclusions(frame, spec)
    if excluded.height:
        frame = frame.join(excluded.select(ROW), on=ROW, how="anti")
    frame = precompute(frame, spec, ctx.timezone)
    problems = [excluded]
    identity = None
    if spec.identity is not None:
        identity, found = map_identity(frame, spec.identity, ctx)
        problems.append(found)
    interactions = []
    for rule in spec.interactions:
        events, found = map_interactions(frame, rule, ctx)
        interactions.append(events)
        problems.append(found)
    bad = pl.concat(problems)
    bad_rows = bad.select(ROW).unique()

    def without_bad(rows: pl.DataFrame) -> pl.DataFrame:
        return rows.join(bad_rows, on=ROW, how="anti") if bad_rows.height else rows

    common: dict[str, Any] = {
        "source": spec.source,
        "connector": spec.name,
        "department": spec.department,
    }
    if identity is None:
        identity_out = pl.DataFrame()
    else:
        identity_out = merge_records(
            without_bad(identity)
            .drop(_IDX, strict=False)
            .with_columns(pl.lit(v).alias(k) for k, v in common.items()),
            ["record_id"],
        )
    events_out = (
        without_bad(pl.concat(interactions, how="vertical_relaxed")).with_columns(
            pl.lit(v).alias(k) for k, v in common.items()
        )
        if interactions
        else pl.DataFrame()
    )
    # One problem record per input row, keeping every reason.
    merged_problems = bad.group_by(ROW, maintain_order=True).agg(
        pl.col(LINE).first(), pl.col("field").first(), pl.col("reason").str.join("; ")
    )
    return Mapped(identity=identity_out, interactions=events_out, problems=merged_problems)
