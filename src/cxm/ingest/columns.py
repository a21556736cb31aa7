"""Field mappings as polars expressions over a raw frame's columns.

Everything here works on whole columns. Values that repeat (cities, states, dates) are normalized
once per distinct value (:func:`by_distinct`); ids and timestamps read by several mappings are
computed once per source column (:func:`precompute`).
"""

from __future__ import annotations

import re
import string

import polars as pl

from cxm.ingest import normalize as nz
from cxm.ingest.spec import Condition, ConnectorSpec, FieldRef

ID_PREFIX = "__id:"
DT_PREFIX = "__dt:"


class Columns:
    """Builds expressions for field mappings against one frame's columns."""

    def __init__(self, frame: pl.DataFrame, spec: ConnectorSpec, timezone: str = "UTC") -> None:
        self.schema = frame.schema
        self.separator = spec.options.multi_value_separator
        self.timezone = timezone
        self.day_first = spec.options.day_first

    def _source(self, ref: FieldRef) -> pl.Expr:
        if ref.const is not None:
            return pl.lit(ref.const)
        if ref.template is not None:
            return self._template(ref.template)
        assert ref.column is not None
        if ref.column not in self.schema:
            return pl.lit(None, dtype=pl.String)
        col = pl.col(ref.column)
        if isinstance(self.schema[ref.column], pl.List):
            return col.list.join(", ")
        return col

    def _template(self, template: str) -> pl.Expr:
        parts: list[str] = []
        exprs: list[pl.Expr] = []
        for literal, name, _, _ in string.Formatter().parse(template):
            parts.append(literal.replace("{", "{{").replace("}", "}}"))
            if name is not None:
                parts.append("{}")
                exprs.append(self._source(FieldRef(column=name)).cast(pl.String))
        return pl.format("".join(parts), *exprs)

    def scalar(self, ref: FieldRef | None) -> pl.Expr:
        """A String expression for ``ref`` (null when unmapped); blank strings become null."""
        if ref is None:
            return pl.lit(None, dtype=pl.String)
        expr = self._source(ref).cast(pl.String).str.strip_chars()
        expr = pl.when(expr.str.len_chars() > 0).then(expr)
        if ref.map is not None:
            keys = list(ref.map)
            values = [None if v is None else str(v) for v in ref.map.values()]
            expr = expr.replace_strict(keys, values, default=None, return_dtype=pl.String)
        if ref.default is not None:
            expr = expr.fill_null(pl.lit(str(ref.default)))
        return expr

    def record_id(self, ref: FieldRef) -> pl.Expr:
        """A cleaned id (see :func:`normalize.clean_id`), precomputed once per source column."""
        if plain(ref) and f"{ID_PREFIX}{ref.column}" in self.schema:
            return pl.col(f"{ID_PREFIX}{ref.column}")
        return nz.clean_id(self.scalar(ref))

    def timestamp(self, ref: FieldRef | None) -> pl.Expr:
        """A UTC timestamp, precomputed once per source column."""
        if ref is not None and plain(ref) and f"{DT_PREFIX}{ref.column}" in self.schema:
            return pl.col(f"{DT_PREFIX}{ref.column}")
        return nz.parse_datetime(
            self.scalar(ref), assume_tz=self.timezone, day_first=self.day_first
        )

    def is_multi(self, ref: FieldRef) -> bool:
        """Whether ``ref`` yields several values per row (a split cell or a JSON array)."""
        if ref.column is not None and isinstance(self.schema.get(ref.column), pl.List):
            return True
        return bool(ref.split or self.separator)

    def values(self, refs: list[FieldRef]) -> pl.Expr:
        """A List(String) expression gathering every value of ``refs`` (splitting multi-value cells)."""
        if not refs:
            return pl.lit([], dtype=pl.List(pl.String))
        empty = pl.lit([], dtype=pl.List(pl.String))
        parts: list[pl.Expr] = []
        for ref in refs:
            if ref.column is not None and isinstance(self.schema.get(ref.column), pl.List):
                part = pl.col(ref.column)
            elif ref.split or self.separator:
                # One regex pass yields the trimmed, non-empty items of a multi-value cell.
                sep = re.escape(ref.split or self.separator or "")
                part = self.scalar(ref).str.extract_all(rf"[^{sep}\s](?:[^{sep}]*[^{sep}\s])?")
            else:
                # A plain cell is one item; concat_list takes it as is and a null item is dropped.
                parts.append(self.scalar(ref))
                continue
            # concat_list is null when a list part is null: an empty cell must not hide the others.
            parts.append(part.cast(pl.List(pl.String)).fill_null(empty))
        return pl.concat_list(parts).list.drop_nulls()

    def attributes(self, refs: list[FieldRef]) -> pl.Expr:
        """A JSON object of the mapped columns, keyed by column name."""
        if not refs:
            return pl.lit(None, dtype=pl.String)
        fields = []
        for ref in refs:
            name = ref.column or ref.template or "value"
            if ref.column is not None and isinstance(self.schema.get(ref.column), pl.List):
                fields.append(pl.col(ref.column).alias(name))
            else:
                fields.append(self.scalar(ref).alias(name))
        return pl.struct(fields).struct.json_encode()


def lazy_with_columns(frame: pl.DataFrame, *exprs: pl.Expr | pl.Series | str) -> pl.DataFrame:
    """``frame.with_columns(*exprs)`` through the lazy engine.

    The normalizers reuse a cleaned value in a test and in a result (``when(ok(x)).then(x)``);
    eager evaluation computes such a shared subexpression again at every use, the lazy engine
    once (common-subexpression elimination), which halves the cost of several of them.
    """
    return frame.lazy().with_columns(*exprs).collect()


def lazy_select(frame: pl.DataFrame, *exprs: pl.Expr | pl.Series | str) -> pl.DataFrame:
    """``frame.select(*exprs)`` through the lazy engine (see :func:`lazy_with_columns`)."""
    return frame.lazy().select(*exprs).collect()


def plain(ref: FieldRef) -> bool:
    return ref.column is not None and ref.map is None and ref.default is None and ref.split is None


def precompute(frame: pl.DataFrame, spec: ConnectorSpec, timezone: str) -> pl.DataFrame:
    """Clean the id columns and parse the timestamp columns once, however many mappings use them."""
    ids: list[FieldRef] = []
    stamps: list[FieldRef] = []
    if spec.identity is not None:
        ids.append(spec.identity.record_id)
        stamps += [r for r in (spec.identity.created_at, spec.identity.updated_at) if r is not None]
    for rule in spec.interactions:
        ids.append(rule.record_id)
        stamps.append(rule.occurred_at)
    cols = Columns(frame, spec, timezone)
    extra: list[pl.Expr | pl.Series] = []

    def plain_columns(refs: list[FieldRef]) -> list[str]:
        return list(
            dict.fromkeys(
                r.column for r in refs if r.column and plain(r) and r.column in frame.columns
            )
        )

    for column in plain_columns(ids):
        extra.append(_clean_ids(frame.get_column(column)).alias(f"{ID_PREFIX}{column}"))
    for column in plain_columns(stamps):
        value = nz.parse_datetime(
            cols.scalar(FieldRef(column=column)),
            assume_tz=timezone,
            day_first=spec.options.day_first,
        )
        extra.append(by_distinct(frame, [column], value).alias(f"{DT_PREFIX}{column}"))
    return lazy_with_columns(frame, *extra) if extra else frame


_PLAIN_ID = r"^[0-9A-Za-z_\-]+$"
_SCIENTIFIC_LIKE = r"[eE]"


def _clean_ids(raw: pl.Series) -> pl.Series:
    """:func:`normalize.clean_id` for a column where most ids are already clean.

    Ids made only of letters, digits, ``_`` and ``-`` (and no ``e`` that could be scientific
    notation) come back unchanged from ``clean_id``; only the others go through it.
    """
    frame = raw.to_frame("id")
    plain = frame.select(
        pl.col("id").str.contains(_PLAIN_ID).fill_null(False)
        & ~(
            pl.col("id").str.contains(r"^[0-9]") & pl.col("id").str.contains(_SCIENTIFIC_LIKE)
        ).fill_null(False)
    ).to_series()
    if plain.all():
        return raw
    rest = ~plain
    cleaned = frame.filter(rest).select(nz.clean_id(pl.col("id"))).to_series()
    return raw.scatter(rest.arg_true(), cleaned)


def by_distinct(frame: pl.DataFrame, inputs: list[str], expr: pl.Expr) -> pl.Expr | pl.Series:
    """Evaluate ``expr`` (which reads only ``inputs``) once per distinct combination of inputs.

    Cities, regions, countries, postal codes, given names and most dates repeat heavily in real
    exports; normalizing each distinct value once and joining back is several times cheaper than
    running the string machinery on every row. For inputs that are mostly distinct the expression
    itself is returned, so that the caller evaluates several of them in one parallel pass.
    """
    keys = frame.select(inputs)
    if (
        keys.select(
            pl.struct(inputs).n_unique() if len(inputs) > 1 else pl.col(inputs[0]).n_unique()
        ).item()
        * 3
        > frame.height * 2
    ):
        return expr
    distinct = keys.unique()
    mapped = lazy_with_columns(distinct, expr.alias("__out"))
    return keys.join(
        mapped, on=inputs, how="left", nulls_equal=True, maintain_order="left"
    ).get_column("__out")


def condition(cond: Condition | None, schema: pl.Schema) -> pl.Expr:
    """Boolean expression of a ``when`` condition (missing columns are never present)."""
    if cond is None:
        return pl.lit(True)
    if cond.column not in schema:
        return pl.lit(False)
    value = pl.col(cond.column).cast(pl.String).str.strip_chars()
    out = value.is_not_null() & (value.str.len_chars() > 0)
    if cond.present is False:
        out = ~out
    if cond.values is not None:
        out = out & value.is_in(cond.values)
    if cond.gt is not None:
        out = out & (nz.parse_amount(value).fill_null(0.0) > cond.gt)
    return out
