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

import numpy as np
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
    # Both names mistyped or swapped: the birth date and postcode still meet.
    "birth_date_postcode": _key(pl.col("dob").cast(pl.String), pl.col("postcode")),
}
"""Rules that block on a composite key; a null part leaves the record out of that rule."""


@dataclass(frozen=True)
class Blocking:
    """Candidate pairs and how they were found."""

    pairs: pl.DataFrame
    """Columns ``l`` < ``r`` (working row numbers), unique."""
    per_rule: dict[str, int]
    """Pairs each rule produced before the union (a pair can come from several)."""


def _pairs(keyed: pl.LazyFrame, max_block: int, window: int) -> pl.LazyFrame:
    """Pairs of rows sharing ``key``: all pairs in small blocks, a sorted window in large ones."""
    sized = keyed.with_columns(pl.len().over("key").alias("size"))
    small = sized.filter(pl.col("size") <= max_block).select("key", "w")
    out = [
        small.join(small, on="key", suffix="_r")
        .filter(pl.col("w") < pl.col("w_r"))
        .select(pl.col("w").alias("l"), pl.col("w_r").alias("r"))
    ]
    # Large blocks, sorted: each row meets the next ``window`` rows of its own block (a shift
    # of the sorted column, no join).
    base = sized.filter(pl.col("size") > max_block).sort("key", "order", "w").select("key", "w")
    for step in range(1, window + 1):
        out.append(
            base.with_columns(
                pl.col("w").shift(-step).alias("w_r"),
                (pl.col("key") == pl.col("key").shift(-step)).alias("same"),
            )
            .filter(pl.col("same"))
            .select(
                pl.min_horizontal("w", "w_r").alias("l"), pl.max_horizontal("w", "w_r").alias("r")
            )
        )
    return pl.concat(out).unique()


def block(working: pl.DataFrame, *, max_block: int, window: int) -> Blocking:
    """Candidate pairs of the working records (row numbers), from every blocking rule.

    Keys are hashed to 64-bit integers (a collision only adds a candidate pair, which the
    comparison then scores).
    """
    order = _key(
        pl.col("postcode").fill_null(""),
        pl.col("dob").cast(pl.String).fill_null(""),
        pl.col("street").fill_null(""),
    )
    rows = working.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("w"),
        order.rank("dense").cast(pl.UInt32).alias("order"),
        *(pl.col(c).list.eval(pl.element().hash()).alias(c) for c in LIST_RULES),
        *(expr.hash().alias(name) for name, expr in SCALAR_RULES.items()),
        # hash() of a null is a value, not null: remember which keys are missing.
        *(expr.is_null().alias(f"{name}_missing") for name, expr in SCALAR_RULES.items()),
    ).lazy()
    queries: list[pl.LazyFrame] = []
    for name in LIST_RULES:
        keyed = (
            rows.select("w", "order", pl.col(name).alias("key"))
            .explode("key")
            .drop_nulls("key")
            .unique(["w", "key"])
        )
        queries.append(_pairs(keyed, max_block, window))
    for name in SCALAR_RULES:
        keyed = rows.filter(~pl.col(f"{name}_missing")).select(
            "w", "order", pl.col(name).alias("key")
        )
        queries.append(_pairs(keyed, max_block, window))
    # One query at a time: run together they contend for the same two cores and memory.
    results = [query.collect() for query in queries]
    per_rule = {
        name: frame.height
        for name, frame in zip([*LIST_RULES, *SCALAR_RULES], results, strict=True)
    }
    if not results or not sum(frame.height for frame in results):
        return Blocking(
            pairs=pl.DataFrame(schema={"l": pl.UInt32, "r": pl.UInt32}), per_rule=per_rule
        )
    # One 64-bit key per pair; sorting and dropping repeats gives the union, ordered by (l, r).
    # (numpy's own unique() hashes here and is many times slower than a sort.)
    keys = np.sort(
        np.concatenate(
            [
                (f["l"].to_numpy().astype(np.uint64) << np.uint64(32))
                | f["r"].to_numpy().astype(np.uint64)
                for f in results
                if f.height
            ]
        )
    )
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    union = pl.DataFrame(
        {
            "l": (keys >> np.uint64(32)).astype(np.uint32),
            "r": (keys & np.uint64(0xFFFFFFFF)).astype(np.uint32),
        }
    )
    return Blocking(pairs=union, per_rule=per_rule)
