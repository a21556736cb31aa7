"""Blocking: which record pairs are worth comparing, as a union of key rules.

Comparing every pair of a million records is 5·10¹¹ comparisons; blocking keeps the pairs that
share at least one key (an email, a phone, a name and a postcode, ...). Each rule is a polars
self-join on its key. A block larger than ``max_block_size`` (every "james smith") is not paired
all-to-all but by a sorted window: each record meets its ``block_window`` neighbours in
(postcode, birth date, street) order, so common keys cost linear, not quadratic, pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import polars as pl

LIST_RULES: Final[tuple[str, ...]] = ("emails", "phones", "handles", "ext_keys")
"""Rules that block on any shared element of an identifier list."""


def _initial(column: str) -> pl.Expr:
    return pl.col(column).str.slice(0, 1)


def _key(*parts: pl.Expr) -> pl.Expr:
    return pl.concat_str(list(parts), separator="\x1f")


SCALAR_RULES: Final[dict[str, pl.Expr]] = {
    # Sorting the two name parts also blocks records whose given and family names were swapped.
    "name": pl.when(pl.col("given").is_not_null() & pl.col("family").is_not_null()).then(
        _key(pl.min_horizontal("given", "family"), pl.max_horizontal("given", "family"))
    ),
    "family_postcode": _key(pl.col("family"), pl.col("postcode")),
    "given_postcode": _key(pl.col("given"), pl.col("postcode")),
    "birth_date_family_initial": _key(pl.col("dob").cast(pl.String), _initial("family")),
    "birth_date_given_initial": _key(pl.col("dob").cast(pl.String), _initial("given")),
    "street_postcode": _key(pl.col("street"), pl.col("postcode")),
    "family_given_initial_city": _key(pl.col("family"), _initial("given"), pl.col("city")),
}
"""Rules that block on a composite key; a null part leaves the record out of that rule."""


@dataclass(frozen=True)
class Blocking:
    """Candidate pairs and how they were found."""

    pairs: pl.DataFrame
    """Columns ``l`` < ``r`` (working row numbers), unique."""
    per_rule: dict[str, int]
    """Pairs each rule produced before the union (a pair can come from several)."""


def _pairs(keyed: pl.DataFrame, max_block: int, window: int) -> pl.DataFrame:
    """Pairs of rows sharing ``key``: all pairs in small blocks, a sorted window in large ones."""
    sized = keyed.with_columns(pl.len().over("key").alias("size"))
    small = sized.filter(pl.col("size") <= max_block).select("key", "w")
    out = [
        small.join(small, on="key", suffix="_r")
        .filter(pl.col("w") < pl.col("w_r"))
        .select(pl.col("w").alias("l"), pl.col("w_r").alias("r"))
    ]
    large = sized.filter(pl.col("size") > max_block)
    if large.height:
        large = large.sort("key", "order", "w").with_columns(
            pl.int_range(pl.len()).over("key").alias("pos")
        )
        base = large.select("key", "pos", "w")
        for step in range(1, window + 1):
            shifted = base.with_columns(pl.col("pos") - step)
            out.append(
                base.join(shifted, on=["key", "pos"], suffix="_r").select(
                    pl.min_horizontal("w", "w_r").alias("l"),
                    pl.max_horizontal("w", "w_r").alias("r"),
                )
            )
    return pl.concat(out)


def block(working: pl.DataFrame, *, max_block: int, window: int) -> Blocking:
    """Candidate pairs of the working records (row numbers), from every blocking rule."""
    rows = working.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("w"),
        _key(
            pl.col("postcode").fill_null(""),
            pl.col("dob").cast(pl.String).fill_null(""),
            pl.col("street").fill_null(""),
        ).alias("order"),
        *LIST_RULES,
        *(expr.alias(name) for name, expr in SCALAR_RULES.items()),
    )
    parts: list[pl.DataFrame] = []
    per_rule: dict[str, int] = {}
    for name in LIST_RULES:
        keyed = (
            rows.select("w", "order", pl.col(name).alias("key"))
            .explode("key")
            .drop_nulls("key")
            .unique(["w", "key"])
        )
        pairs = _pairs(keyed, max_block, window).unique()
        per_rule[name] = pairs.height
        parts.append(pairs)
    for name in SCALAR_RULES:
        keyed = rows.select("w", "order", pl.col(name).alias("key")).drop_nulls("key")
        pairs = _pairs(keyed, max_block, window).unique()
        per_rule[name] = pairs.height
        parts.append(pairs)
    union = (
        pl.concat(parts).unique().sort("l", "r")
        if parts
        else pl.DataFrame(schema={"l": pl.UInt32, "r": pl.UInt32})
    )
    return Blocking(pairs=union, per_rule=per_rule)
