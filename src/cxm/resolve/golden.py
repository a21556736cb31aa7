"""Golden records: one row per customer, each field chosen from one record by its survivorship rule.

The computation is columnar. Each field group (name, email, phone, address, company, birth date)
becomes a frame of *candidates* — one row per record that has a value, or per list element for
emails and phones. The group's rule and then the fixed fall-backs are applied as a cascade of
filters, each keeping the candidates equal to their customer's best on one criterion (a window
max or min over a dense integer customer number); one candidate per customer survives. Winners
are then gathered by row index, so wide columns are never sorted and no Python code runs per
customer. (A multi-key sort of the candidates was measured several times slower.)

Decisions
---------
- Blank strings count as missing: a record whose name is ``""`` never supplies the name, and a
  blank part of a winning name or address comes out null.
- ``longest`` on a birth date (all values equally long) falls through to recency.
- Email and phone candidates tied on every criterion within one record keep the record's list
  order (a source's primary address first).
- Provenance *omits* fields whose golden value is null, so ``"country" in provenance`` exactly
  when the golden record has a country.
- Every record must belong to a customer (an unassigned record would silently vanish from the
  customer view); membership rows naming records absent from ``records`` are ignored, so a
  membership may cover more records than those given.
"""

from __future__ import annotations

import polars as pl

from cxm.errors import ResolveError
from cxm.resolve.survivorship import (
    FIELD_GROUPS,
    LIST_COLUMNS,
    FieldGroup,
    Rule,
    SurvivorshipConfig,
)
from cxm.schema import conform, table_schema

KEY = ("source", "record_id")

_NAME_NORM = ("given_name_norm", "family_name_norm", "full_name_norm")
_ADDRESS_NORM = ("street_norm", "city_norm", "region_norm", "postal_code_norm", "country_norm")
_TEXT_FIELDS = (*FIELD_GROUPS["name"], "company", *FIELD_GROUPS["address"])
RECORD_COLUMNS = (
    *KEY,
    "department",
    *FIELD_GROUPS["name"],
    *_NAME_NORM,
    "company",
    *FIELD_GROUPS["address"],
    *_ADDRESS_NORM,
    "birth_date",
    *LIST_COLUMNS,
    "created_at",
    "updated_at",
)
"""Columns of ``identity_record`` the golden record reads (others are ignored)."""
REQUIRED_RECORD_COLUMNS = (*KEY, "department")
MEMBERSHIP_COLUMNS = (*KEY, "customer_id")

# Criteria every rule falls back on, in this order, after its own.
_FALLBACK: tuple[Rule, ...] = ("most_recent", "most_frequent", "source_priority")
_LISTED = ("email", "phone")  # groups whose candidates are elements of a record list
_LISTED_BY = ("source", "department")  # summarised as sorted distinct lists
_RANKING = ("_i", "record_id", "_recency", "_prio")  # what every candidate carries
_NORM_OF = dict(
    zip(
        (*_NAME_NORM, *_ADDRESS_NORM),
        (*FIELD_GROUPS["name"], *FIELD_GROUPS["address"]),
        strict=True,
    )
)
_EXAMPLES = 3
_SEP = "\x1f"  # joins normalized parts into one comparison key; never occurs in text values


def golden_records(
    records: pl.DataFrame, membership: pl.DataFrame, config: SurvivorshipConfig
) -> pl.DataFrame:
    """Build one golden record per customer from its identity records.

    Parameters
    ----------
    records
        Identity records (the lake's ``identity_record`` table). ``source``, ``record_id`` and
        ``department`` are required; other absent columns count as null (lists as empty).
        List values are taken as given, so remove junk emails or phones before calling.
    membership
        ``source``, ``record_id``, ``customer_id``: the customer of every record.
    config
        The survivorship rule of each field group and the source trust order.

    Returns
    -------
    polars.DataFrame
        The ``customer`` table, one row per customer, sorted by ``customer_id``. ``provenance``
        is a JSON object naming, for each non-null golden field, the supplying record and rule.

    Raises
    ------
    ResolveError
        When required columns are missing, a record has no customer or appears twice, or
        membership lists a record twice (all problems reported together).

    Examples
    --------
    >>> from datetime import datetime
    >>> recs = pl.DataFrame(
    ...     {
    ...         "source": ["hubspot", "zendesk"],
    ...         "record_id": ["1", "7"],
    ...         "department": ["sales", "support"],
    ...         "full_name": ["Robert Smith", "Bob Smith"],
    ...         "emails": [["bob@example.com"], ["bob@example.com", "b@work.example"]],
    ...         "updated_at": [datetime(2024, 1, 1), datetime(2025, 1, 1)],
    ...     }
    ... )
    >>> members = recs.select("source", "record_id", customer_id=pl.lit("C1"))
    >>> gold = golden_records(recs, members, SurvivorshipConfig())
    >>> gold.select("full_name", "email", "emails", "record_count").row(0)
    ('Robert Smith', 'bob@example.com', ['bob@example.com', 'b@work.example'], 2)
    """
    frame = _record_frame(records, membership)
    index, customer_ids = _assign(frame, membership)
    lf = _prepare(frame, index, config)
    distinct = {c: sorted(frame.get_column(c).unique().drop_nulls().to_list()) for c in _LISTED_BY}
    lists = pl.collect_all([_explode(lf, column) for column in LIST_COLUMNS])
    exploded = {c: e.lazy() for c, e in zip(LIST_COLUMNS, lists, strict=True)}
    plans = [
        _summary(lf, distinct),
        *(_winners(lf, exploded, group, config.rule(group)) for group in FIELD_GROUPS),
        *(_by_frequency(exploded[column], column) for column in LIST_COLUMNS),
    ]
    parts = iter(pl.collect_all(plans))
    ids = pl.DataFrame({"_cid": pl.int_range(len(customer_ids), dtype=pl.UInt32, eager=True)})

    def aligned() -> pl.DataFrame:
        return ids.join(next(parts), on="_cid", how="left", maintain_order="left").drop("_cid")

    summary = aligned()
    columns = [
        customer_ids.alias("customer_id"),
        *summary.select("record_count", "first_seen", "last_seen"),
        *(_value_lists(summary, column, values) for column, values in distinct.items()),
    ]
    for group in FIELD_GROUPS:
        columns.extend(_gather(frame, aligned(), group))
    for _ in LIST_COLUMNS:
        columns.extend(aligned())
    out = pl.DataFrame(columns)
    # Ids rarely hold characters JSON must escape: quote them plainly unless one does.
    special = pl.col(KEY).str.contains(r'["\\\x00-\x1f]').any()
    if frame.select(pl.any_horizontal(special)).item():
        suppliers = [f"_{k}_{group}" for group in FIELD_GROUPS for k in KEY]
        out = out.with_columns(_json_string(pl.col(c)).alias(c) for c in suppliers)
        out = _provenance(out, config, quote="")
    else:
        out = _provenance(out, config, quote='"')
    return conform(out, "customer")


def _record_frame(records: pl.DataFrame, membership: pl.DataFrame) -> pl.DataFrame:
    """The record columns read, in canonical types; raises when required columns are missing.

    As in :func:`cxm.schema.conform`, absent nullable columns count as null and absent list
    columns as empty, so a caller may pass a slimmed frame; an absent ``*_norm`` column is the
    raw column trimmed and lower-cased.
    """
    problems = []
    missing = [c for c in REQUIRED_RECORD_COLUMNS if c not in records.columns]
    if missing:
        problems.append(f"records: missing columns {', '.join(missing)}")
    missing = [c for c in MEMBERSHIP_COLUMNS if c not in membership.columns]
    if missing:
        problems.append(f"membership: missing columns {', '.join(missing)}")
    if problems:
        msg = "golden records: " + "; ".join(problems)
        raise ResolveError(msg)
    spec = table_schema("identity_record")
    exprs: list[pl.Expr] = []
    for column in RECORD_COLUMNS:
        dtype = spec[column]
        if column in records.columns:
            exprs.append(pl.col(column).cast(dtype))
        elif _NORM_OF.get(column) in records.columns:
            raw = pl.col(_NORM_OF[column]).cast(pl.String)
            exprs.append(raw.str.strip_chars().str.to_lowercase().alias(column))
        elif isinstance(dtype, pl.List):
            exprs.append(pl.lit([], dtype=dtype).alias(column))
        else:
            exprs.append(pl.lit(None, dtype=dtype).alias(column))
    return records.select(exprs)


def _examples(frame: pl.DataFrame) -> str:
    keys = [f"({s}, {r})" for s, r in frame.head(_EXAMPLES).select(KEY).iter_rows()]
    more = f" and {frame.height - _EXAMPLES} more" if frame.height > _EXAMPLES else ""
    return ", ".join(keys) + more


def _assign(frame: pl.DataFrame, membership: pl.DataFrame) -> tuple[pl.DataFrame, pl.Series]:
    """Number customers densely in ``customer_id`` order; check each record has one customer.

    Returns a frame aligned with ``frame`` holding ``_cid``, and the customer ids in ``_cid``
    order.
    """
    problems: list[str] = []
    keys = frame.select(KEY)
    members = membership.select(pl.col(MEMBERSHIP_COLUMNS).cast(pl.String))
    assigned = keys.join(members, on=list(KEY), how="left", maintain_order="left")
    if assigned.height != keys.height:
        repeated = members.filter(pl.struct(KEY).is_duplicated()).unique(KEY, maintain_order=True)
        problems.append(f"membership: records listed more than once: {_examples(repeated)}")
        members = members.unique(KEY, keep="first", maintain_order=True)
        assigned = keys.join(members, on=list(KEY), how="left", maintain_order="left")
    orphans = assigned.filter(pl.col("customer_id").is_null())
    if orphans.height:
        problems.append(f"records without a customer: {_examples(orphans)}")
    # Hashes first (cheap); equal hashes are confirmed on the keys themselves.
    if keys.select(pl.struct(KEY).hash().is_duplicated().any()).item():
        twice = keys.filter(pl.struct(KEY).is_duplicated()).unique(KEY, maintain_order=True)
        if twice.height:
            problems.append(
                f"records: (source, record_id) appears more than once: {_examples(twice)}"
            )
    if problems:
        msg = "golden records: " + "; ".join(problems)
        raise ResolveError(msg)
    # Sorting the distinct ids and joining back is cheaper than ranking a million strings.
    customer_ids = assigned.get_column("customer_id").unique().sort()
    numbered = customer_ids.to_frame().with_row_index("_cid")
    index = assigned.select("customer_id").join(
        numbered, on="customer_id", how="left", maintain_order="left"
    )
    return index.select("_cid"), customer_ids


def _non_blank(value: pl.Expr) -> pl.Expr:
    return pl.when(value.str.strip_chars() != "").then(value)


def _prepare(frame: pl.DataFrame, index: pl.DataFrame, config: SurvivorshipConfig) -> pl.LazyFrame:
    """The records with the ranking columns every rule shares (lazy: each plan reads its part).

    ``_i`` is the record's row in ``frame``; ``_prio`` ranks sources, listed ones by position
    and unlisted ones after them alphabetically (every source gets its own rank).
    """
    listed = list(config.source_priority)
    unlisted = sorted(set(frame.get_column("source").unique().to_list()) - set(listed))
    ranks = {source: rank for rank, source in enumerate([*listed, *unlisted])}
    return (
        frame.hstack(index)
        .lazy()
        .with_columns(
            *[_non_blank(pl.col(c)).alias(c) for c in _TEXT_FIELDS],
            _i=pl.int_range(pl.len(), dtype=pl.UInt32),
            _recency=pl.coalesce("updated_at", "created_at"),
            _prio=pl.col("source").replace_strict(ranks, return_dtype=pl.UInt32),
        )
    )


def _summary(lf: pl.LazyFrame, values: dict[str, list[str]]) -> pl.LazyFrame:
    """Counts and dates per customer, and a flag ``_<column>_<n>`` per value of ``values``.

    Flags rather than per-group ``unique().sort()``: sources and departments have few distinct
    values, and :func:`_value_lists` turns the flags back into sorted lists.
    """
    flags = [
        (pl.col(column) == value).any().alias(f"_{column}_{n}")
        for column, distinct in values.items()
        for n, value in enumerate(distinct)
    ]
    return lf.group_by("_cid").agg(
        *flags,
        record_count=pl.len(),
        first_seen=pl.col("created_at").min(),
        last_seen=pl.col("_recency").max(),
    )


def _value_lists(summary: pl.DataFrame, column: str, distinct: list[str]) -> pl.Series:
    """The values whose ``_<column>_<n>`` flag is set, as a list per customer, in ``distinct`` order.

    Built once per distinct combination of flags (a handful: customers share source mixes) and
    joined back, which is far cheaper than assembling a list per customer.
    """
    name = f"{column}s"
    flags = summary.select(f"_{column}_{n}" for n in range(len(distinct)))
    if not distinct:
        return pl.Series(name, [[]] * summary.height, dtype=pl.List(pl.String))
    combos = flags.unique()
    lists = [[v for v, on in zip(distinct, row, strict=True) if on] for row in combos.iter_rows()]
    lookup = combos.with_columns(pl.Series(name, lists, dtype=pl.List(pl.String)))
    joined = flags.join(lookup, on=flags.columns, how="left", maintain_order="left")
    return joined.get_column(name)


def _explode(lf: pl.LazyFrame, column: str) -> pl.LazyFrame:
    """One row per distinct non-blank element of a record's list, with its list position."""
    # Nulls go with the blanks after exploding: list.drop_nulls costs more than the explode.
    values = pl.col(column).list.unique(maintain_order=True)
    return (
        lf.select("_cid", *_RANKING, values)
        .with_columns(_pos=pl.int_ranges(pl.col(column).list.len(), dtype=pl.UInt32))
        .explode(column, "_pos")
        .filter(pl.col(column).str.strip_chars() != "")
    )


def _by_frequency(exploded: pl.LazyFrame, column: str) -> pl.LazyFrame:
    """Per customer, the distinct values of a list column: most records first, then alphabetical."""
    counts = exploded.group_by("_cid", column).agg(_n=pl.len())
    ranked = counts.sort("_cid", "_n", column, descending=[False, True, False])
    return ranked.group_by("_cid", maintain_order=True).agg(column)


def _candidates(
    lf: pl.LazyFrame, exploded: dict[str, pl.LazyFrame], group: FieldGroup, rule: Rule
) -> pl.LazyFrame:
    """Rows that may supply ``group``: ranking columns and the comparison key ``_key``.

    Under the ``longest`` rule also ``_long0``, ``_long1``: its keys, compared in that order,
    larger first (computed only then: ``longest`` is never a fall-back).
    """
    if group in _LISTED:
        column = f"{group}s"
        value = pl.col(group)
        cand = exploded[column].rename({column: group}).with_columns(_key=value)
        if rule != "longest":
            return cand
        return cand.with_columns(_long0=value.str.len_chars(), _long1=pl.lit(0, dtype=pl.UInt32))
    columns = FIELD_GROUPS[group]
    present = [pl.col(c).is_not_null() for c in columns]
    if group == "name":
        given, family, full = (pl.col(c) for c in columns)
        joined = pl.concat_str(
            ["given_name_norm", "family_name_norm"], separator=" ", ignore_nulls=True
        )
        key = pl.coalesce("full_name_norm", _non_blank(joined))
        long0 = given.is_not_null().cast(pl.UInt32) + family.is_not_null().cast(pl.UInt32)
        spelled = pl.concat_str([given, family], separator=" ", ignore_nulls=True)
        long1 = pl.coalesce(full, spelled).str.len_chars()
    elif group == "address":
        key = pl.concat_str([pl.col(c).fill_null("") for c in _ADDRESS_NORM], separator=_SEP)
        long0 = pl.sum_horizontal([p.cast(pl.UInt32) for p in present])
        long1 = pl.col("street").str.len_chars()
    elif group == "company":
        key = pl.col("company").str.strip_chars().str.to_lowercase()
        long0 = pl.col("company").str.len_chars()
        long1 = pl.lit(0)
    else:  # birth_date: every value is equally long, so "longest" falls through to recency
        key = pl.col("birth_date")
        long0 = long1 = pl.lit(0)
    longest = {"_long0": long0.fill_null(0), "_long1": long1.fill_null(0)}
    return lf.filter(pl.any_horizontal(present)).select(
        "_cid",
        *_RANKING,
        _pos=pl.lit(0, dtype=pl.UInt32),
        _key=key,
        **(longest if rule == "longest" else {}),
    )


def _order(rule: Rule) -> list[tuple[str, bool]]:
    """Criteria ranking a customer's candidates: (column, larger is better), most decisive first."""
    order: list[tuple[str, bool]] = []
    for criterion in [rule, *(r for r in _FALLBACK if r != rule)]:
        if criterion == "most_recent":
            order.append(("_recency", True))
        elif criterion == "most_frequent":
            order.append(("_freq", True))
        elif criterion == "source_priority":
            order.append(("_prio", False))
        else:
            order.extend([("_long0", True), ("_long1", True)])
    # Source priority (always among the criteria) ranks every source apart, so the smallest
    # record_id is the smallest (source, record_id); _pos separates one record's list elements.
    return [*order, ("record_id", False), ("_pos", False)]


def _winners(
    lf: pl.LazyFrame, exploded: dict[str, pl.LazyFrame], group: FieldGroup, rule: Rule
) -> pl.LazyFrame:
    """Per customer with a candidate: the winning record's row ``_i`` (and value, for lists).

    Each criterion keeps the candidates equal to their customer's best; after the last one a
    single candidate per customer remains. This is several times cheaper than a multi-key sort.
    """
    oldest = pl.lit(-(2**63), dtype=pl.Int64)  # records without dates rank after all others
    cand = _candidates(lf, exploded, group, rule).with_columns(
        _freq=pl.len().over("_cid", "_key"),
        _recency=pl.col("_recency").cast(pl.Int64).fill_null(oldest),
    )
    for column, larger in _order(rule):
        best = pl.col(column).max() if larger else pl.col(column).min()
        cand = cand.filter(pl.col(column) == best.over("_cid"))
    return cand.select("_cid", "_i", *([group] if group in _LISTED else []))


def _gather(frame: pl.DataFrame, winner: pl.DataFrame, group: FieldGroup) -> list[pl.Series]:
    """The golden columns of ``group`` and their supplier, from the winners' rows of ``frame``."""
    rows = winner.get_column("_i")
    if group in _LISTED:
        supplier = frame.select(KEY)[rows]
        values = [winner.get_column(group)]
    else:
        columns = FIELD_GROUPS[group]
        supplier = frame.select(*columns, *KEY)[rows]
        clean = [
            _non_blank(pl.col(c)).alias(c) if c in _TEXT_FIELDS else pl.col(c) for c in columns
        ]
        values = supplier.select(clean).get_columns()
    return [
        *values,
        supplier.get_column("source").alias(f"_source_{group}"),
        supplier.get_column("record_id").alias(f"_record_id_{group}"),
    ]


def _json_string(value: pl.Expr) -> pl.Expr:
    """``value`` as a JSON string literal (quoted and escaped)."""
    encoded = pl.struct(value.alias("v")).struct.json_encode()
    return encoded.str.strip_prefix('{"v":').str.strip_suffix("}")


def _provenance(out: pl.DataFrame, config: SurvivorshipConfig, quote: str) -> pl.DataFrame:
    """``out`` with ``provenance``: a JSON object per row, leaving out fields whose value is null.

    Each group's supplier object is built once and each field becomes ``,"<field>":{...}``, or
    ``""`` when the field is null; the comma after the opening brace is then dropped. One flat
    concatenation is much cheaper than one that skips nulls. ``quote`` is ``'"'`` when the
    supplier columns need no escaping, ``""`` when they already hold JSON string literals.
    """
    suppliers = [
        pl.concat_str(
            pl.lit(f'{{"source":{quote}'),
            pl.col(f"_source_{group}"),
            pl.lit(f'{quote},"record_id":{quote}'),
            pl.col(f"_record_id_{group}"),
            pl.lit(f'{quote},"rule":"{config.rule(group)}"}}'),
        ).alias(f"_supplier_{group}")
        for group in FIELD_GROUPS
    ]
    fields = [
        # A null head nulls the whole fragment, which then becomes "".
        pl.concat_str(
            pl.when(pl.col(c).is_not_null()).then(pl.lit(f',"{c}":')),
            pl.col(f"_supplier_{group}"),
        ).fill_null("")
        for group, columns in FIELD_GROUPS.items()
        for c in columns
    ]
    whole = pl.concat_str([pl.lit("{"), *fields, pl.lit("}")])
    # "{,..." -> "{...": only the first occurrence can be at the start, and "{}" has none.
    provenance = whole.str.replace("{,", "{", literal=True).alias("provenance")
    return out.with_columns(suppliers).with_columns(provenance)
