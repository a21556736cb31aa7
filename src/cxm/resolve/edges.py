"""Match edges and the identity map: the explainable record of a resolve run.

Every accepted pair becomes an edge with its evidence (each comparison's level and weight, or the
rule that fired), its status (merged, or refused with the guardrail's reason) and the customer
it belongs to; records collapsed as identical get an ``identical_record`` edge to their
representative. The identity map says, per record, its customer and how it joined it.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from cxm.resolve.compare import COMPARISONS


def evidence(levels: pl.DataFrame, scores: pl.DataFrame) -> pl.Series:
    """Per pair, a JSON object: each comparison's level and weight in bits.

    Built by concatenating pre-rendered fragments, which is cheaper than encoding structs.
    """
    parts: list[pl.Expr] = []
    for i, (c, names) in enumerate(COMPARISONS.items()):
        opening = "{" if i == 0 else ","
        heads = {
            level: f'{opening}{json.dumps(c)}:{{"level":{json.dumps(name)},"weight":'
            for level, name in {-1: "missing", **dict(enumerate(names))}.items()
        }
        parts += [
            pl.col(c).replace_strict(heads, return_dtype=pl.String),
            pl.col(f"w_{c}").round(3).cast(pl.String),
            pl.lit("}"),
        ]
    parts.append(pl.lit("}"))
    frame = pl.concat([levels, scores.select(pl.col("^w_.*$"))], how="horizontal")
    return frame.select(pl.concat_str(parts).alias("evidence"))["evidence"]


def match_edges(
    working: pl.DataFrame,
    frame: pl.DataFrame,
    edges_w: pl.DataFrame,
    customer_of: pl.DataFrame,
    giant: pl.DataFrame,
    members: pl.DataFrame,
) -> pl.DataFrame:
    """Match edges with evidence: accepted pairs, attachments and identical-record collapses."""
    keys = working.select("source", "record_id")
    out = edges_w.with_columns(
        keys["source"].gather(edges_w["l"]).alias("source_a"),
        keys["record_id"].gather(edges_w["l"]).alias("record_id_a"),
        keys["source"].gather(edges_w["r"]).alias("source_b"),
        keys["record_id"].gather(edges_w["r"]).alias("record_id_b"),
    ).drop("l", "r")
    collapsed = frame.filter(pl.col("rid") != pl.col("rep")).select("rid", "rep")
    if collapsed.height:
        rep_rows = frame.select(
            pl.col("rid").alias("rep"),
            pl.col("source").alias("source_a"),
            pl.col("record_id").alias("record_id_a"),
        )
        twins = collapsed.join(rep_rows, on="rep").join(
            frame.select(
                "rid", pl.col("source").alias("source_b"), pl.col("record_id").alias("record_id_b")
            ),
            on="rid",
        )
        identical = {c: {"level": "identical", "weight": None} for c in COMPARISONS}
        out = pl.concat(
            [
                out,
                twins.select(
                    "source_a",
                    "record_id_a",
                    "source_b",
                    "record_id_b",
                    pl.lit("rule").alias("kind"),
                    pl.lit("identical_record").alias("rule"),
                    pl.lit(float("inf")).alias("match_weight"),
                    pl.lit(1.0).alias("match_probability"),
                    pl.lit(_json(identical)).alias("evidence"),
                    pl.lit("merged").alias("status"),
                    pl.lit(None, dtype=pl.String).alias("reason"),
                ),
            ],
            how="diagonal_relaxed",
        )
    # Order each pair by (source, record_id) so an edge has one spelling.
    swap = (pl.col("source_a") > pl.col("source_b")) | (
        (pl.col("source_a") == pl.col("source_b")) & (pl.col("record_id_a") > pl.col("record_id_b"))
    )
    out = out.with_columns(
        pl.when(swap).then(pl.col("source_b")).otherwise(pl.col("source_a")).alias("source_a"),
        pl.when(swap)
        .then(pl.col("record_id_b"))
        .otherwise(pl.col("record_id_a"))
        .alias("record_id_a"),
        pl.when(swap).then(pl.col("source_a")).otherwise(pl.col("source_b")).alias("source_b"),
        pl.when(swap)
        .then(pl.col("record_id_a"))
        .otherwise(pl.col("record_id_b"))
        .alias("record_id_b"),
    )
    held_keys = members.join(giant.select("cluster"), on="cluster", how="semi").select(
        pl.col("source").alias("source_a"), pl.col("record_id").alias("record_id_a")
    )
    if held_keys.height:
        in_held = (
            out.join(held_keys, on=["source_a", "record_id_a"], how="semi")
            .select("source_a", "record_id_a", "source_b", "record_id_b")
            .with_columns(pl.lit(True).alias("_held"))
        )
        out = (
            out.join(in_held, on=["source_a", "record_id_a", "source_b", "record_id_b"], how="left")
            .with_columns(
                pl.when(pl.col("_held").fill_null(False))
                .then(pl.lit("refused"))
                .otherwise(pl.col("status"))
                .alias("status"),
                pl.when(pl.col("_held").fill_null(False))
                .then(pl.lit("giant_cluster"))
                .otherwise(pl.col("reason"))
                .alias("reason"),
            )
            .drop("_held")
        )
    cust = customer_of.select(
        pl.col("source").alias("source_a"), pl.col("record_id").alias("record_id_a"), "customer_id"
    )
    return out.join(cust, on=["source_a", "record_id_a"], how="left").sort(
        "source_a", "record_id_a", "source_b", "record_id_b"
    )


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def identity_map(
    customer_of: pl.DataFrame, edges: pl.DataFrame, held: pl.DataFrame
) -> pl.DataFrame:
    """Customer per record and how the record joined it."""
    merged = edges.filter(pl.col("status") == "merged")
    ends = pl.concat(
        [
            merged.select(
                pl.col("source_a").alias("source"), pl.col("record_id_a").alias("record_id"), "kind"
            ),
            merged.select(
                pl.col("source_b").alias("source"), pl.col("record_id_b").alias("record_id"), "kind"
            ),
        ]
    )
    rank = {"override": 0, "rule": 1, "model": 2}
    best = (
        ends.with_columns(pl.col("kind").replace_strict(rank, return_dtype=pl.Int8).alias("o"))
        .sort("o")
        .unique(["source", "record_id"], keep="first")
        .select("source", "record_id", pl.col("kind").alias("matched_by"))
    )
    held_keys = held.select("source", "record_id").with_columns(pl.lit("held").alias("held"))
    return (
        customer_of.select("source", "record_id", "customer_id")
        .join(best, on=["source", "record_id"], how="left")
        .join(held_keys, on=["source", "record_id"], how="left")
        .with_columns(pl.coalesce("held", "matched_by", pl.lit("singleton")).alias("matched_by"))
        .select("source", "record_id", "customer_id", "matched_by")
        .sort("source", "record_id")
    )
