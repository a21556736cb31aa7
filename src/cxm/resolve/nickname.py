"""Nickname equivalence for English given names: Bob is Robert, Kate is Catherine or Katherine.

The table (``data/nicknames.csv``, columns ``name,group``) is hand-curated: one row per
(name, formal name) pair, covering common US and UK nicknames and diminutives, a few spelling
variants of the same formal name (``stephen``/``steven``, ``catherine``/``katherine``) and a
handful of common Spanish diminutives (``paco``, ``pepe``). Every formal name is also a member of
its own group. Names are stored folded like ``given_name_norm`` (lower-case ASCII).

A name can belong to several groups (``alex`` -> ``alexander``, ``alexandra``, ``alexis``), so
"same name" is "share a group", which is *not* transitive: ``alex`` matches both ``alexander`` and
``alexandra``, which do not match each other. Callers compare group lists, never chain them.
"""

from __future__ import annotations

import functools
import io
from importlib import resources
from typing import overload

import polars as pl

_TABLE_RESOURCE = ("data", "nicknames.csv")
_SCHEMA = {"name": pl.String, "group": pl.String}
# Join column; the double underscore keeps it out of the way of real column names.
_GROUPS = "__cxm_name_groups"


@functools.cache
def _read_table() -> pl.DataFrame:
    data = resources.files("cxm.resolve").joinpath(*_TABLE_RESOURCE).read_bytes()
    table = pl.read_csv(io.BytesIO(data), schema=_SCHEMA)
    return table.unique(maintain_order=True)


def nickname_table() -> pl.DataFrame:
    """The nickname equivalence table.

    Returns
    -------
    pl.DataFrame
        Columns ``name`` and ``group`` (both ``String``), one row per (name, group) pair; every
        group also appears as a name in its own group. Read once and cached; the frame returned
        is a (cheap) copy, so callers cannot alter the cached one.

    Examples
    --------
    >>> table = nickname_table()
    >>> sorted(table.filter(pl.col("name") == "kate")["group"].to_list())
    ['catherine', 'katherine', 'kathryn']
    >>> table.filter(pl.col("name") == "robert").rows()
    [('robert', 'robert')]
    """
    return _read_table().clone()


@functools.cache
def _groups_by_name() -> pl.DataFrame:
    """One row per name with the sorted list of its groups."""
    return (
        _read_table()
        .group_by("name")
        .agg(pl.col("group").unique().sort().alias(_GROUPS))
        .sort("name")
    )


@functools.cache
def _groups_dict() -> dict[str, frozenset[str]]:
    frame = _groups_by_name()
    return {
        name: frozenset(groups)
        for name, groups in zip(frame["name"], frame[_GROUPS].to_list(), strict=True)
    }


@overload
def with_name_groups(frame: pl.DataFrame, column: str, out: str) -> pl.DataFrame: ...
@overload
def with_name_groups(frame: pl.LazyFrame, column: str, out: str) -> pl.LazyFrame: ...
def with_name_groups(
    frame: pl.DataFrame | pl.LazyFrame, column: str, out: str
) -> pl.DataFrame | pl.LazyFrame:
    """Add the nickname groups of a folded given-name column.

    Vectorized: the distinct names are looked up in the table and the result is joined back, so
    it runs over whole columns; row order and row count are kept. The whole value is looked up
    (``"mary jane"`` is one name); splitting multi-word given names is up to the caller.

    Parameters
    ----------
    frame
        A data frame or lazy frame.
    column
        Name of a ``String`` column of folded given names (like ``given_name_norm``).
    out
        Name of the new column; an existing column of that name (even ``column`` itself) is
        replaced.

    Returns
    -------
    pl.DataFrame | pl.LazyFrame
        ``frame`` (same type) with ``out``: ``List[String]``, the name's groups in sorted order;
        ``[name]`` for a name not in the table; null for a null name.

    Examples
    --------
    >>> df = pl.DataFrame({"given": ["bob", "alex", "zoltan", None, "robert"]})
    >>> with_name_groups(df, "given", "groups")["groups"].to_list()
    [['robert'], ['alexander', 'alexandra', 'alexis'], ['zoltan'], None, ['robert']]
    """
    lazy = frame.lazy()
    # Look up each distinct value once (a few thousand, typically), then join back: the big join
    # then matches one row per name, and missing names get their one-element list cheaply.
    distinct = (
        lazy.select(pl.col(column).unique())
        .join(_groups_by_name().lazy(), left_on=column, right_on="name", how="left")
        .select(column, pl.coalesce(_GROUPS, pl.concat_list(column)).alias(_GROUPS))
    )
    # Null names do not join (nulls are not equal), so they get a null list.
    result = (
        lazy.join(distinct, on=column, how="left", nulls_equal=False, maintain_order="left")
        .with_columns(pl.col(_GROUPS).alias(out))
        .drop(_GROUPS)
    )
    return result.collect() if isinstance(frame, pl.DataFrame) else result


def same_given_name(a: str | None, b: str | None) -> bool:
    """Whether two folded given names are the same or nickname-equivalent.

    The scalar counterpart of comparing :func:`with_name_groups` lists, for slow paths and for
    explaining a match. Names are compared as given (already folded, like ``given_name_norm``).

    Parameters
    ----------
    a, b
        Folded given names; ``None`` or empty means unknown.

    Returns
    -------
    bool
        True when both are known and equal or share a nickname group; False otherwise (an unknown
        name is no evidence of sameness).

    Examples
    --------
    >>> same_given_name("bob", "robert"), same_given_name("kate", "catherine")
    (True, True)
    >>> same_given_name("bob", "william"), same_given_name("alexander", "alexandra")
    (False, False)
    """
    if not a or not b:
        return False
    if a == b:
        return True
    groups = _groups_dict()
    return not groups.get(a, frozenset((a,))).isdisjoint(groups.get(b, frozenset((b,))))
