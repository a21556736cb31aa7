"""Mapping rows onto ``identity_record``: names, emails, phones, addresses, dates, handles."""

from __future__ import annotations

import polars as pl

from cxm.ingest import normalize as nz
from cxm.ingest.columns import Columns, by_distinct, condition, lazy_select, lazy_with_columns
from cxm.ingest.hook import HookContext
from cxm.ingest.problems import collect_problems, field_name, problem
from cxm.ingest.read import LINE, ROW
from cxm.ingest.spec import FieldRef, IdentityMap

_IDX = "__idx"


def _items(frame: pl.DataFrame, cols: Columns, refs: list[FieldRef]) -> pl.DataFrame:
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
    # Two steps: inside one expression polars would normalize twice (test, then value).
    items = items.with_columns(nz.normalize_email(pl.col("raw")).alias("email"))
    items = lazy_with_columns(
        items, pl.when(nz.is_valid_email(pl.col("email"))).then(pl.col("email")).alias("email")
    )
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


def map_identity(
    frame: pl.DataFrame, m: IdentityMap, ctx: HookContext
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One identity record per row (not yet merged by record id), and the rows that failed."""
    if m.when is not None:
        frame = frame.filter(condition(m.when, frame.schema))
    cols = Columns(frame, ctx.spec, ctx.timezone)
    day_first = ctx.spec.options.day_first
    handle_lists = [
        cols.values(refs)
        .list.eval(nz.normalize_handle(pl.element()))
        .list.eval(pl.lit(f"{platform}:") + pl.element().drop_nulls())
        for platform, refs in m.handles.items()
    ]
    base = lazy_select(
        frame,
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
    base = lazy_with_columns(
        base,
        pl.coalesce(
            pl.col("full_name"),
            pl.concat_str(
                ["given_name", "middle_name", "family_name"], separator=" ", ignore_nulls=True
            ).replace("", None),
        ).alias("full_name"),
    )
    base = lazy_with_columns(
        base,
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
    base = lazy_with_columns(
        base,
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
        pl.when(pl.col("invalid_emails").list.len() > 0).then(pl.lit("invalid_email")),
        pl.when(pl.col("invalid_phones").list.len() > 0).then(pl.lit("invalid_phone")),
        *(
            pl.when(pl.col(raw).is_not_null() & pl.col(out).is_null()).then(
                pl.lit(f"unparsed:{out}")
            )
            for out, raw in unparsed
        ),
    ]
    base = lazy_with_columns(base, pl.concat_list(flags).list.drop_nulls().alias("flags"))
    checks = [
        problem(
            pl.col("record_id").is_null(),
            field_name(m.record_id),
            f"missing record id in field {field_name(m.record_id)!r}",
        )
    ]
    problems = collect_problems(base, checks)
    return base.drop(
        [c for c in base.columns if c.startswith("__") and c not in (ROW, LINE)]
    ), problems
