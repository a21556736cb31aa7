"""Attach thinly described records to the one customer they can only be.

A tweet author known only as "Andrew Johnson", or a social inbox contact known only by a phone,
rarely scores above the threshold on its own: a name or a phone alone is weak evidence between
two arbitrary records. But when, after clustering, exactly **one** customer carries that full
name (same family name, same or nickname-equivalent given name) or that phone, and no other
customer could be meant, the record belongs to it. When two or more customers could be meant
(the three Maria Garcias, a household's shared landline), or the record's email or phone
disagrees with the customer's, the record stays alone.

Only records that are still alone and carry at most one email, no street address and no
external id are attached (a family name given as an initial, "Wei D.", counts as that
initial), and only to customers that are described better than that. Every attachment is a
``model`` edge with rule ``unique_candidate`` and its evidence.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from cxm.resolve.conflict import dob_conflict, given_conflict


def _name_keys(frame: pl.DataFrame) -> pl.DataFrame:
    return (
        frame.select("w", "family", pl.col("given_groups").alias("key"))
        .filter(pl.col("family").str.len_chars() >= 2)
        .explode("key")
        .drop_nulls()
        .select("w", pl.concat_str(["family", "key"], separator="\x1f").alias("key"))
    )


def _initial_keys(frame: pl.DataFrame, *, thin: bool) -> pl.DataFrame:
    """ "Wei D." style names: the family initial with the given name's groups."""
    family = pl.col("family")
    chosen = frame.filter(family.str.len_chars() == 1) if thin else frame
    return (
        chosen.select(
            "w", family.str.slice(0, 1).alias("initial"), pl.col("given_groups").alias("key")
        )
        .explode("key")
        .drop_nulls()
        .select(
            "w", pl.concat_str([pl.lit("\x1e"), "initial", "key"], separator="\x1f").alias("key")
        )
    )


def _phone_keys(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select("w", pl.col("phones").alias("key")).explode("key").drop_nulls()


def unique_candidates(working: pl.DataFrame, labels: np.ndarray) -> pl.DataFrame:
    """Pairs (``l`` = a lone, thin record; ``r`` = a record of the one customer it can be).

    Unlike candidate pairs these are oriented: ``l`` is the record to attach.
    """
    frame = working.select(
        "given", "family", "given_groups", "emails", "phones", "street", "ext_keys", "dob"
    ).with_columns(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("w"),
        pl.Series("cluster", labels),
    )
    frame = frame.with_columns(pl.len().over("cluster").alias("len"))
    thin = frame.filter(
        (pl.col("len") == 1)
        & (pl.col("emails").list.len() <= 1)
        & pl.col("street").is_null()
        & (pl.col("ext_keys").list.len() == 0)
    )
    if thin.height == 0:
        return pl.DataFrame(schema={"l": pl.UInt32, "r": pl.UInt32})
    keys = pl.concat([_name_keys(frame), _phone_keys(frame), _initial_keys(frame, thin=False)])
    thin_frame = frame.join(thin.select("w"), on="w", how="semi")
    thin_keys = pl.concat(
        [_name_keys(thin_frame), _phone_keys(thin_frame), _initial_keys(thin_frame, thin=True)]
    )
    # Thin records attach to described customers, never to each other.
    owners = keys.join(frame.select("w", "cluster"), on="w").join(
        thin.select("w"), on="w", how="anti"
    )
    # Summarise the owners per key before meeting the thin records: joining them row by row
    # costs quadratic pairs on common names (every James Smith meets every thin "James Smith").
    # A record's candidates are the union over its keys, so it has exactly one customer when
    # each of its keys does and they all name the same one; it attaches to that customer's
    # smallest record.
    per_key = owners.group_by("key").agg(
        pl.col("cluster").n_unique().alias("n"),
        pl.col("cluster").first(),
        pl.col("w").min().alias("r"),
    )
    candidates = (
        thin_keys.join(per_key, on="key")
        .group_by("w")
        .agg(
            pl.col("n").max(),
            pl.col("cluster").n_unique().alias("clusters"),
            pl.col("cluster").first(),
            pl.col("r").min(),
        )
        .filter((pl.col("n") == 1) & (pl.col("clusters") == 1))
        .select(pl.col("w").alias("l"), "r", "cluster")
    )
    # Keep attachments without a conflict against any record of the chosen customer.
    lookup = frame.select("w", "given", "dob", "cluster")
    members = (
        lookup.join(candidates.select("cluster").unique(), on="cluster", how="semi")
        .group_by("cluster")
        .agg(pl.col("given"), pl.col("dob"))
    )
    check = candidates.join(
        lookup.select(pl.col("w").alias("l"), pl.col("given").alias("g"), pl.col("dob").alias("d")),
        on="l",
    ).join(members, on="cluster")
    keep = [
        not any(given_conflict(g, x) for x in givens) and not any(dob_conflict(d, y) for y in dobs)
        for g, d, givens, dobs in check.select("g", "d", "given", "dob").iter_rows()
    ]
    ok = check.filter(pl.Series(keep, dtype=pl.Boolean)).select("l")
    return candidates.join(ok, on="l", how="semi").sort("l").select("l", "r").cast(pl.UInt32)
