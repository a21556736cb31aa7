"""Conflicts: facts that say two records are *not* the same person, whatever else agrees.

- **Given names** (household protection): both present, at least two letters each, not equal,
  not nickname-equivalent, neither a prefix of the other, and Jaro-Winkler below
  :data:`NAME_CONFLICT_BELOW`. "John" and "Jane" at one address with one landline are two people;
  "Jon"/"John", "Bob"/"Robert", "Chris"/"Christopher" and "J"/"John" are not conflicts.
- **Dates of birth**: both present and different beyond a one-digit typo or a day/month swap.

Scalar functions serve the clustering slow path and explanations; the vectorized checks find the
clusters that need it.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Final

import numpy as np
import polars as pl
from rapidfuzz.distance import JaroWinkler
from rapidfuzz.process import cpdist

from cxm.resolve.nickname import same_given_name

NAME_CONFLICT_BELOW: Final[float] = 0.80


@lru_cache(maxsize=200_000)
def given_conflict(a: str | None, b: str | None) -> bool:
    """Whether two folded given names belong to different people."""
    if not a or not b or len(a) < 2 or len(b) < 2 or a == b:
        return False
    if a.startswith(b) or b.startswith(a):
        return False
    if same_given_name(a, b):
        return False
    # float32, as the vectorized checks and comparisons compute it: the same pair of names
    # must get the same answer everywhere (JW("dan", "don") is 0.8 up to rounding).
    return bool(np.float32(JaroWinkler.normalized_similarity(a, b)) < NAME_CONFLICT_BELOW)


def names_conflict(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    """Whether two (given, family) names belong to different people.

    The given names must conflict, and the names must not be the same two parts swapped
    ("Paris Parremore" and "Parremore Paris" are one person written two ways).
    """
    (g1, f1), (g2, f2) = a, b
    if not given_conflict(g1, g2):
        return False
    swapped = (
        f1 is not None
        and f2 is not None
        and not given_conflict(g1, f2)
        and not given_conflict(f1, g2)
        and (g1 == f2 or f1 == g2)
    )
    return not swapped


def dob_conflict(a: date | None, b: date | None) -> bool:
    """Whether two dates of birth belong to different people."""
    if a is None or b is None or a == b:
        return False
    if a.year == b.year and a.month == b.day and a.day == b.month:
        return False
    ta, tb = a.strftime("%Y%m%d"), b.strftime("%Y%m%d")
    return sum(x != y for x, y in zip(ta, tb, strict=True)) > 1


def conflicting_name_pairs(names: pl.DataFrame) -> pl.DataFrame:
    """Pairs of distinct given names that conflict, within each group.

    ``names`` has ``group`` and ``given`` (distinct per group); returns ``group`` of every group
    holding at least one conflicting pair.
    """
    usable = names.filter(pl.col("given").str.len_chars() >= 2).unique()
    pairs = usable.join(usable, on="group", suffix="_r").filter(pl.col("given") < pl.col("given_r"))
    if pairs.height == 0:
        return pairs.select("group")
    a, b = pairs["given"].to_list(), pairs["given_r"].to_list()
    jw = cpdist(a, b, scorer=JaroWinkler.normalized_similarity, workers=-1, dtype=np.float32)
    suspects = pairs.with_columns(pl.Series("jw", jw)).filter(
        (pl.col("jw") < NAME_CONFLICT_BELOW)
        & ~pl.col("given").str.starts_with(pl.col("given_r"))
        & ~pl.col("given_r").str.starts_with(pl.col("given"))
    )
    keep = [
        not same_given_name(x, y)
        for x, y in zip(suspects["given"].to_list(), suspects["given_r"].to_list(), strict=True)
    ]
    return suspects.filter(pl.Series(keep, dtype=pl.Boolean)).select("group").unique()


def conflicting_dob_groups(dobs: pl.DataFrame) -> pl.DataFrame:
    """``group`` of every group whose distinct dates of birth (``dob``) include a conflict."""
    usable = dobs.drop_nulls("dob").unique()
    pairs = usable.join(usable, on="group", suffix="_r").filter(pl.col("dob") < pl.col("dob_r"))
    if pairs.height == 0:
        return pairs.select("group")
    a, b = pl.col("dob").dt.strftime("%Y%m%d"), pl.col("dob_r").dt.strftime("%Y%m%d")
    differing = pl.sum_horizontal(
        [(a.str.slice(i, 1) != b.str.slice(i, 1)).cast(pl.Int8) for i in range(8)]
    )
    swap = (
        (pl.col("dob").dt.year() == pl.col("dob_r").dt.year())
        & (pl.col("dob").dt.month() == pl.col("dob_r").dt.day())
        & (pl.col("dob").dt.day() == pl.col("dob_r").dt.month())
    )
    return pairs.filter((differing > 1) & ~swap).select("group").unique()
