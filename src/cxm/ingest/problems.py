"""Row problems found while mapping: which row, which field, and why."""

from __future__ import annotations

import polars as pl

from cxm.ingest.read import LINE, ROW
from cxm.ingest.spec import FieldRef


def problem(check: pl.Expr, field: str, reason: pl.Expr | str) -> tuple[str, pl.Expr]:
    message = pl.lit(reason) if isinstance(reason, str) else reason
    return field, pl.when(check).then(message)


def collect_problems(frame: pl.DataFrame, checks: list[tuple[str, pl.Expr]]) -> pl.DataFrame:
    """Rows failing any check: ``__row, __line, field, reason`` (all reasons joined)."""
    if not checks:
        return empty_problems()
    reasons = [expr.alias(f"__p{i}") for i, (_, expr) in enumerate(checks)]
    out = frame.select(ROW, LINE, *reasons)
    names = [f"__p{i}" for i in range(len(checks))]
    field = pl.coalesce(
        [
            pl.when(pl.col(n).is_not_null()).then(pl.lit(f))
            for n, (f, _) in zip(names, checks, strict=True)
        ]
    )
    return (
        out.with_columns(
            field.alias("field"),
            pl.concat_str([pl.col(n) for n in names], separator="; ", ignore_nulls=True).alias(
                "reason"
            ),
        )
        .filter(pl.any_horizontal(pl.col(names).is_not_null()))
        .select(ROW, LINE, "field", "reason")
    )


def empty_problems() -> pl.DataFrame:
    return pl.DataFrame(
        schema={ROW: pl.Int64, LINE: pl.Int64, "field": pl.String, "reason": pl.String}
    )


def field_name(ref: FieldRef | None) -> str:
    if ref is None:
        return "?"
    return ref.column or ref.template or str(ref.const)
