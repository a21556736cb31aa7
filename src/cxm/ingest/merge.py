"""Merging identity rows that describe the same source record."""

from __future__ import annotations

import polars as pl

_EARLIEST = ("source_row", "source_line", "__row", "__line", "created_at")
_LATEST = ("updated_at",)


def merge_records(frame: pl.DataFrame, key: list[str]) -> pl.DataFrame:
    """Collapse rows sharing ``key``: a contact exported twice, one person over many rows.

    Rows are taken in order, later ones newer. Lists are unioned in order; scalars keep the
    newest non-empty value; provenance keeps the first row; ``created_at`` the earliest and
    ``updated_at`` the latest.

    Examples
    --------
    >>> import polars as pl
    >>> rows = pl.DataFrame({"record_id": ["1", "1"], "city": ["Oslo", None], "emails": [["a@x.no"], ["b@x.no"]]})
    >>> merge_records(rows, ["record_id"]).row(0)
    ('1', 'Oslo', ['a@x.no', 'b@x.no'])
    """
    distinct = pl.col(key[0]).n_unique() if len(key) == 1 else pl.struct(key).n_unique()
    if frame.height == 0 or frame.select(distinct).item() == frame.height:
        return frame
    aggs: list[pl.Expr] = []
    for column, dtype in frame.schema.items():
        if column in key:
            continue
        if isinstance(dtype, pl.List):
            aggs.append(pl.col(column).explode().drop_nulls().unique(maintain_order=True))
        elif column in _EARLIEST:
            aggs.append(pl.col(column).min())
        elif column in _LATEST:
            aggs.append(pl.col(column).max())
        else:
            aggs.append(pl.col(column).drop_nulls().last())
    return frame.group_by(key, maintain_order=True).agg(aggs).select(frame.columns)
