"""The spec engine: turns a raw table into canonical identity records and interactions.

Everything here is polars expressions over whole columns. A row that fails a required check (no
record id, an unparseable event time, an unparseable amount...) is quarantined as a whole, with
the field and the reason; softer problems (an invalid email, an unparseable birth date) keep the
record and are written to its ``flags``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from cxm.config import Settings
from cxm.ingest import normalize as nz
from cxm.ingest.merge import merge_records
from cxm.ingest.read import LINE, ROW
from cxm.ingest.spec import Condition, ConnectorSpec, FieldRef, IdentityMap, InteractionMap

_IDX = "__idx"
_ID = "__id:"
_DT = "__dt:"
_REASON = "__reason"
_FIELD = "__field"


@dataclass(frozen=True)
class HookContext:
    """What a connector hook gets besides the frame."""

    spec: ConnectorSpec
    settings: Settings
    path: Path

    @property
    def timezone(self) -> str:
        """Time zone for naive timestamps: the spec's, else the settings'."""
        return self.spec.options.timezone or self.settings.source_timezone


@dataclass
class Mapped:
    """The output of mapping one file: canonical rows plus the rows that failed, with reasons."""

    identity: pl.DataFrame
    interactions: pl.DataFrame
    problems: pl.DataFrame  # __row, __line, field, reason


class _Columns:
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
        import string

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
        if _plain(ref) and f"{_ID}{ref.column}" in self.schema:
            return pl.col(f"{_ID}{ref.column}")
        return nz.clean_id(self.scalar(ref))

    def timestamp(self, ref: FieldRef | None) -> pl.Expr:
        """A UTC timestamp, precomputed once per source column."""
        if ref is not None and _plain(ref) and f"{_DT}{ref.column}" in self.schema:
            return pl.col(f"{_DT}{ref.column}")
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


def _plain(ref: FieldRef) -> bool:
    return ref.column is not None and ref.map is None and ref.default is None and ref.split is None


def _precompute(frame: pl.DataFrame, spec: ConnectorSpec, timezone: str) -> pl.DataFrame:
    """Clean the id columns and parse the timestamp columns once, however many mappings use them."""
    ids: list[FieldRef] = []
    stamps: list[FieldRef] = []
    if spec.identity is not None:
        ids.append(spec.identity.record_id)
        stamps += [r for r in (spec.identity.created_at, spec.identity.updated_at) if r is not None]
    for rule in spec.interactions:
        ids.append(rule.record_id)
        stamps.append(rule.occurred_at)
    cols = _Columns(frame, spec, timezone)
    extra: list[pl.Expr | pl.Series] = []

    def plain_columns(refs: list[FieldRef]) -> list[str]:
        return list(
            dict.fromkeys(
                r.column for r in refs if r.column and _plain(r) and r.column in frame.columns
            )
        )

    for column in plain_columns(ids):
        extra.append(_clean_ids(frame.get_column(column)).alias(f"{_ID}{column}"))
    for column in plain_columns(stamps):
        value = nz.parse_datetime(
            cols.scalar(FieldRef(column=column)),
            assume_tz=timezone,
            day_first=spec.options.day_first,
        )
        extra.append(by_distinct(frame, [column], value).alias(f"{_DT}{column}"))
    return frame.with_columns(extra) if extra else frame


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


# --- problems --------------------------------------------------------------------------------


def _problem(check: pl.Expr, field: str, reason: pl.Expr | str) -> tuple[str, pl.Expr]:
    message = pl.lit(reason) if isinstance(reason, str) else reason
    return field, pl.when(check).then(message)


def _collect_problems(frame: pl.DataFrame, checks: list[tuple[str, pl.Expr]]) -> pl.DataFrame:
    """Rows failing any check: ``__row, __line, field, reason`` (all reasons joined)."""
    if not checks:
        return _empty_problems()
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


def _empty_problems() -> pl.DataFrame:
    return pl.DataFrame(
        schema={ROW: pl.Int64, LINE: pl.Int64, "field": pl.String, "reason": pl.String}
    )


def _name(ref: FieldRef | None) -> str:
    if ref is None:
        return "?"
    return ref.column or ref.template or str(ref.const)


# --- identity --------------------------------------------------------------------------------


def _items(frame: pl.DataFrame, cols: _Columns, refs: list[FieldRef]) -> pl.DataFrame:
    """Every value of ``refs`` as rows ``(__idx, raw)``, in row order then field order.

    The long form is cheaper than a list per row (and normalizers want flat columns anyway).
    """
    pieces: list[pl.DataFrame] = []
    index = pl.int_range(pl.len(), dtype=pl.Int64).alias(_IDX)
    for ref in refs:
        if not cols.is_multi(ref):
            pieces.append(frame.select(index, cols.scalar(ref).alias("raw")).drop_nulls("raw"))
            continue
        if ref.column is not None and isinstance(cols.schema.get(ref.column), pl.List):
            value = pl.col(ref.column)
        else:
            value = cols.scalar(ref).str.split(ref.split or cols.separator or "")
        piece = frame.select(index, value.alias("raw")).explode("raw")
        raw = pl.col("raw").str.strip_chars()
        pieces.append(piece.with_columns(raw).filter(raw.str.len_chars() > 0))
    if not pieces:
        return pl.DataFrame(schema={_IDX: pl.Int64, "raw": pl.String})
    return pl.concat(pieces)


def _emails(items: pl.DataFrame) -> pl.DataFrame:
    """Valid emails normalized (``emails``) and the invalid ones as written (``invalid_emails``)."""
    norm = nz.normalize_email(pl.col("raw"))
    items = items.with_columns(pl.when(nz.is_valid_email(norm)).then(norm).alias("email"))
    return items.group_by(_IDX, maintain_order=True).agg(
        pl.col("email").drop_nulls().unique(maintain_order=True).alias("emails"),
        pl.col("raw").filter(pl.col("email").is_null()).alias("invalid_emails"),
    )


def _phones(items: pl.DataFrame, region: str) -> pl.DataFrame:
    """Phones in E.164 (``phones``) and the values that cannot be one (``invalid_phones``)."""
    e164 = nz.normalize_phones(items.get_column("raw"), default_region=region)
    items = items.with_columns(e164.alias("e164"))
    return items.group_by(_IDX, maintain_order=True).agg(
        pl.col("e164").drop_nulls().unique(maintain_order=True).alias("phones"),
        pl.col("raw").filter(pl.col("e164").is_null()).alias("invalid_phones"),
    )


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
    mapped = distinct.with_columns(expr.alias("__out"))
    return keys.join(
        mapped, on=inputs, how="left", nulls_equal=True, maintain_order="left"
    ).get_column("__out")


def _identity(
    frame: pl.DataFrame, m: IdentityMap, ctx: HookContext
) -> tuple[pl.DataFrame, pl.DataFrame]:
    cols = _Columns(frame, ctx.spec, ctx.timezone)
    day_first = ctx.spec.options.day_first
    handle_lists = [
        cols.values(refs)
        .list.eval(nz.normalize_handle(pl.element()))
        .list.eval(pl.lit(f"{platform}:") + pl.element().drop_nulls())
        for platform, refs in m.handles.items()
    ]
    base = frame.select(
        ROW,
        LINE,
        pl.int_range(pl.len(), dtype=pl.Int64).alias(_IDX),
        cols.record_id(m.record_id).alias("record_id"),
        cols.scalar(m.given_name).alias("given_name"),
        cols.scalar(m.middle_name).alias("middle_name"),
        cols.scalar(m.family_name).alias("family_name"),
        cols.scalar(m.full_name).alias("full_name"),
        cols.scalar(m.company).alias("company"),
        pl.concat_str(
            [cols.scalar(r) for r in m.street] or [pl.lit(None, dtype=pl.String)],
            separator=" ",
            ignore_nulls=True,
        )
        .str.replace_all(r"\s*\r?\n\s*", " ")
        .replace("", None)
        .alias("street"),
        cols.scalar(m.city).alias("city"),
        cols.scalar(m.region).alias("region"),
        cols.scalar(m.postal_code).str.strip_chars_start("'").alias("postal_code"),
        cols.scalar(m.country).alias("country"),
        cols.scalar(m.birth_date).alias("__birth_date"),
        (pl.concat_list(handle_lists) if handle_lists else pl.lit([], dtype=pl.List(pl.String)))
        .list.unique(maintain_order=True)
        .alias("handles"),
        cols.values(m.external_ids)
        .list.eval(nz.clean_id(pl.element()))
        .list.drop_nulls()
        .list.unique(maintain_order=True)
        .alias("external_ids"),
        cols.scalar(m.created_at).alias("__created_at"),
        cols.scalar(m.updated_at).alias("__updated_at"),
        cols.timestamp(m.created_at).alias("created_at"),
        cols.timestamp(m.updated_at).alias("updated_at"),
        cols.attributes(m.attributes).alias("attributes"),
    )

    # Names: split a full name when the source has no parts; build the full name when it has no whole.
    no_parts = pl.col("given_name").is_null() & pl.col("family_name").is_null()
    if base.select((no_parts & pl.col("full_name").is_not_null()).any()).item():
        split = by_distinct(base, ["full_name"], nz.split_full_name(pl.col("full_name")))
        base = base.with_columns(split.alias("__split")).with_columns(
            pl.when(no_parts)
            .then(pl.col("__split").struct.field("given"))
            .otherwise(pl.col("given_name"))
            .alias("given_name"),
            pl.when(no_parts & pl.col("middle_name").is_null())
            .then(pl.col("__split").struct.field("middle"))
            .otherwise(pl.col("middle_name"))
            .alias("middle_name"),
            pl.when(no_parts)
            .then(pl.col("__split").struct.field("family"))
            .otherwise(pl.col("family_name"))
            .alias("family_name"),
        )
    base = base.with_columns(
        pl.coalesce(
            pl.col("full_name"),
            pl.concat_str(
                ["given_name", "middle_name", "family_name"], separator=" ", ignore_nulls=True
            ).replace("", None),
        ).alias("full_name")
    )
    base = base.with_columns(
        by_distinct(base, ["given_name"], nz.normalize_name(pl.col("given_name"))).alias(
            "given_name_norm"
        ),
        by_distinct(base, ["family_name"], nz.normalize_name(pl.col("family_name"))).alias(
            "family_name_norm"
        ),
        by_distinct(base, ["street"], nz.normalize_street(pl.col("street"))).alias("street_norm"),
        by_distinct(base, ["city"], nz.fold_text(pl.col("city"))).alias("city_norm"),
        by_distinct(base, ["region"], nz.normalize_region(pl.col("region"))).alias("region_norm"),
        by_distinct(base, ["country"], nz.normalize_country(pl.col("country"))).alias(
            "country_norm"
        ),
        by_distinct(
            base, ["__birth_date"], nz.parse_date(pl.col("__birth_date"), day_first=day_first)
        ).alias("birth_date"),
    )
    base = base.with_columns(
        by_distinct(
            base,
            ["postal_code", "country_norm"],
            nz.normalize_postal_code(pl.col("postal_code"), pl.col("country_norm")),
        ).alias("postal_code_norm"),
    )
    # The folded parts joined, so "Garcia, Maria", "Dr. Maria Garcia" and Maria + Garcia agree;
    # a name that has no parts (a single unsplittable token) is folded whole.
    middle = by_distinct(base, ["middle_name"], nz.normalize_name(pl.col("middle_name")))
    parts = pl.concat_str(
        [pl.col("given_name_norm"), middle, pl.col("family_name_norm")],
        separator=" ",
        ignore_nulls=True,
    ).replace("", None)
    full_norm: pl.Expr | pl.Series = parts
    if base.select((parts.is_null() & pl.col("full_name").is_not_null()).any()).item():
        full_norm = pl.coalesce(parts, nz.normalize_name(pl.col("full_name")))
    base = base.with_columns(full_norm.alias("full_name_norm"))
    empty = pl.lit([], dtype=pl.List(pl.String))
    for found in (
        _phones(_items(frame, cols, m.phones), ctx.settings.default_region),
        _emails(_items(frame, cols, m.emails)),
    ):
        base = base.join(found, on=_IDX, how="left").with_columns(
            pl.col(c).fill_null(empty) for c in found.columns if c != _IDX
        )

    unparsed = [
        ("birth_date", "__birth_date"),
        ("created_at", "__created_at"),
        ("updated_at", "__updated_at"),
    ]
    flags = [
        pl.when(pl.col("invalid_emails").list.len().fill_null(0) > 0).then(pl.lit("invalid_email")),
        pl.when(pl.col("invalid_phones").list.len() > 0).then(pl.lit("invalid_phone")),
        *(
            pl.when(pl.col(raw).is_not_null() & pl.col(out).is_null()).then(
                pl.lit(f"unparsed:{out}")
            )
            for out, raw in unparsed
        ),
    ]
    base = base.with_columns(pl.concat_list(flags).list.drop_nulls().alias("flags"))
    checks = [
        _problem(
            pl.col("record_id").is_null(),
            _name(m.record_id),
            f"missing record id in field {_name(m.record_id)!r}",
        )
    ]
    problems = _collect_problems(base, checks)
    return base.drop(
        [c for c in base.columns if c.startswith("__") and c not in (ROW, LINE)]
    ), problems


# --- interactions ----------------------------------------------------------------------------


def _interactions(
    frame: pl.DataFrame, m: InteractionMap, ctx: HookContext
) -> tuple[pl.DataFrame, pl.DataFrame]:
    # Only this event's columns are filtered: copying every column of a wide export is the cost.
    used = {c for _, v in m if isinstance(v, FieldRef) for c in v.columns()}
    used |= {c for v in m.attributes for c in v.columns()}
    used |= {f"{_ID}{m.record_id.column}", f"{_DT}{m.occurred_at.column}", ROW, LINE}
    if m.when is not None:
        used.add(m.when.column)
    narrow = frame.select([c for c in frame.columns if c in used])
    rows = narrow.filter(condition(m.when, narrow.schema))
    cols = _Columns(rows, ctx.spec, ctx.timezone)
    out = rows.select(
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
    out = out.with_columns(
        by_distinct(out, ["__amount"], nz.parse_amount(pl.col("__amount"))).alias("amount"),
        pl.col("__satisfaction").cast(pl.Float64, strict=False).alias("satisfaction"),
    )
    when = _name(m.occurred_at)
    checks = [
        _problem(
            pl.col("record_id").is_null(),
            _name(m.record_id),
            f"{m.kind}: missing person record id in field {_name(m.record_id)!r}",
        ),
        _problem(
            pl.col("interaction_id").is_null(),
            _name(m.interaction_id),
            f"{m.kind}: missing id in field {_name(m.interaction_id)!r}",
        ),
        _problem(
            pl.col("__occurred_at").is_null(), when, f"{m.kind}: missing date in field {when!r}"
        ),
        _problem(
            pl.col("__occurred_at").is_not_null() & pl.col("occurred_at").is_null(),
            when,
            pl.format(
                f"{m.kind}: unparseable date in field {when!r}: '{{}}'", pl.col("__occurred_at")
            ),
        ),
        _problem(
            pl.col("__amount").is_not_null() & pl.col("amount").is_null(),
            _name(m.amount),
            pl.format(
                f"{m.kind}: unparseable amount in field {_name(m.amount)!r}: '{{}}'",
                pl.col("__amount"),
            ),
        ),
    ]
    problems = _collect_problems(out, checks)
    if not m.required:
        # An optional event that cannot be built is left out; the row itself is still loaded.
        out = out.join(problems.select(ROW), on=ROW, how="anti")
        problems = _empty_problems()
    return out.drop("__occurred_at", "__amount", "__satisfaction"), problems


# --- the whole file --------------------------------------------------------------------------


def _exclusions(frame: pl.DataFrame, spec: ConnectorSpec) -> pl.DataFrame:
    checks = []
    for rule in spec.exclude:
        if rule.column not in frame.columns:
            continue
        value = pl.col(rule.column).cast(pl.String).str.strip_chars().str.to_lowercase()
        checks.append(
            _problem(
                value.is_in([v.lower() for v in rule.values]).fill_null(False),
                rule.column,
                pl.format(f"excluded: {rule.reason} ({rule.column} = '{{}}')", pl.col(rule.column)),
            )
        )
    return _collect_problems(frame, checks)


def map_frame(frame: pl.DataFrame, ctx: HookContext) -> Mapped:
    """Apply ``ctx.spec`` to a raw frame (after the hook's ``prepare``, if any)."""
    spec = ctx.spec
    excluded = _exclusions(frame, spec)
    if excluded.height:
        frame = frame.join(excluded.select(ROW), on=ROW, how="anti")
    frame = _precompute(frame, spec, ctx.timezone)
    problems = [excluded]
    identity = None
    if spec.identity is not None:
        identity, found = _identity(frame, spec.identity, ctx)
        problems.append(found)
    interactions = []
    for rule in spec.interactions:
        events, found = _interactions(frame, rule, ctx)
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
