"""Match edges and the identity map: the explainable record of a resolve run.

Every accepted pair becomes an edge with its evidence (each comparison's level and weight, or the
rule that fired), its status (merged, or refused with the guardrail's reason) and the customer
it belongs to; records collapsed as identical get an ``identical_record`` edge to their
representative. The identity map says, per record, its customer and how it joined it.
"""

from __future__ import annotations

import json
from typing import Any, Final

import polars as pl

from cxm.resolve.compare import COMPARISONS

EVIDENCE_COLUMNS: Final[tuple[str, ...]] = (
    *(f"lv_{c}" for c in COMPARISONS),
    *(f"w_{c}" for c in COMPARISONS),
)
"""What an edge carries until its evidence is rendered: each comparison's level and weight.

Rendering the JSON only as the edges are written (:func:`with_evidence`, part by part) keeps
ninety bytes per edge in memory instead of the four hundred of its text."""

_IDENTICAL: Final[dict[str, dict[str, str | None]]] = {
    c: {"level": "identical", "weight": None} for c in COMPARISONS
}


def evidence_columns(levels: pl.DataFrame, scores: pl.DataFrame) -> list[pl.Series]:
    """The :data:`EVIDENCE_COLUMNS` of scored pairs: their levels and per-comparison weights."""
    return [
        *(levels[c].alias(f"lv_{c}") for c in COMPARISONS),
        *(scores[f"w_{c}"] for c in COMPARISONS),
    ]


def with_evidence(edges: pl.DataFrame) -> pl.DataFrame:
    """``edges`` with ``evidence`` in place of its :data:`EVIDENCE_COLUMNS`.

    Per pair a JSON object: each comparison's level and weight in bits; an edge without levels
    (a record collapsed onto an identical one) says ``identical`` for every comparison. Built by
    concatenating pre-rendered fragments, which is cheaper than encoding structs.
    """
    parts: list[pl.Expr] = []
    for i, (c, names) in enumerate(COMPARISONS.items()):
        opening = "{" if i == 0 else ","
        heads = {
            level: f'{opening}{json.dumps(c)}:{{"level":{json.dumps(name)},"weight":'
            for level, name in {-1: "missing", **dict(enumerate(names))}.items()
        }
        parts += [
            pl.col(f"lv_{c}").replace_strict(heads, return_dtype=pl.String),
            pl.col(f"w_{c}").round(3).cast(pl.String),
            pl.lit("}"),
        ]
    parts.append(pl.lit("}"))
    rendered = pl.coalesce(pl.concat_str(parts), pl.lit(_json(_IDENTICAL)))
    return edges.with_columns(rendered.alias("evidence")).drop(EVIDENCE_COLUMNS)


def match_edges(
    working_rid: pl.Series, frame: pl.DataFrame, edges_w: pl.DataFrame, held: pl.Series
) -> pl.DataFrame:
    """Match edges: accepted pairs, attachments and identical-record collapses.

    Records are named by ``rid`` (their row in ``frame``, which is in (source, record_id)
    order), so each pair is spelled once as ``rid_a`` < ``rid_b`` and the edges sort by
    integers; :func:`edge_rows` later spells them out part by part. ``working_rid`` is the
    ``rid`` of each working row (``l`` and ``r`` of ``edges_w`` index it), ``held`` the rids
    of records in held giant clusters, whose edges are refused. ``_e`` is the row of
    ``edges_w`` holding the pair's :data:`EVIDENCE_COLUMNS` (null for identical records).
    """
    out = edges_w.select(
        working_rid.gather(edges_w["l"]).alias("_x"),
        working_rid.gather(edges_w["r"]).alias("_y"),
        "kind",
        "rule",
        "match_weight",
        "match_probability",
        "status",
        "reason",
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("_e"),
    )
    twins = frame.filter(pl.col("rid") != pl.col("rep")).select(
        pl.col("rep").alias("_x"),
        pl.col("rid").alias("_y"),
        pl.lit("rule").alias("kind"),
        pl.lit("identical_record").alias("rule"),
        pl.lit(float("inf")).alias("match_weight"),
        pl.lit(1.0).alias("match_probability"),
        pl.lit("merged").alias("status"),
        pl.lit(None, dtype=pl.String).alias("reason"),
    )
    out = pl.concat([out, twins], how="diagonal_relaxed").select(
        pl.min_horizontal("_x", "_y").alias("rid_a"),
        pl.max_horizontal("_x", "_y").alias("rid_b"),
        pl.exclude("_x", "_y"),
    )
    if held.len():
        in_held = pl.col("rid_a").is_in(held.implode())
        out = out.with_columns(
            pl.when(in_held).then(pl.lit("refused")).otherwise(pl.col("status")).alias("status"),
            pl.when(in_held)
            .then(pl.lit("giant_cluster"))
            .otherwise(pl.col("reason"))
            .alias("reason"),
        )
    return out.sort("rid_a", "rid_b")


def edge_rows(
    edges: pl.DataFrame, frame: pl.DataFrame, customer: pl.Series, evidence: pl.DataFrame
) -> pl.DataFrame:
    """Rows of the ``match_edge`` table for (a part of) :func:`match_edges`' edges.

    ``frame`` gives each rid's source and record id, ``customer`` each rid's customer id and
    ``evidence`` the :data:`EVIDENCE_COLUMNS` its edges' ``_e`` point at.
    """
    a, b, e = edges["rid_a"], edges["rid_b"], edges["_e"]
    keyed = edges.with_columns(
        frame["source"].gather(a).alias("source_a"),
        frame["record_id"].gather(a).alias("record_id_a"),
        frame["source"].gather(b).alias("source_b"),
        frame["record_id"].gather(b).alias("record_id_b"),
        customer.gather(a).alias("customer_id"),
        *(evidence[c].gather(e) for c in EVIDENCE_COLUMNS),
    ).drop("rid_a", "rid_b", "_e")
    return with_evidence(keyed)


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def identity_map(customer_of: pl.DataFrame, edges: pl.DataFrame, held: pl.Series) -> pl.DataFrame:
    """Customer per record and how the record joined it.

    ``customer_of`` holds every record's ``rid``, ``source``, ``record_id`` and
    ``customer_id``; ``edges`` are :func:`match_edges`' and ``held`` the rids of records in
    held clusters.
    """
    merged = edges.filter(pl.col("status") == "merged")
    ends = pl.concat(
        [
            merged.select(pl.col("rid_a").alias("rid"), "kind"),
            merged.select(pl.col("rid_b").alias("rid"), "kind"),
        ]
    )
    rank = {"override": 0, "rule": 1, "model": 2}
    best = (
        ends.with_columns(pl.col("kind").replace_strict(rank, return_dtype=pl.Int8).alias("o"))
        .group_by("rid")
        .agg(pl.col("kind").sort_by("o").first().alias("matched_by"))
    )
    held_rids = pl.DataFrame({"rid": held}).with_columns(pl.lit("held").alias("held"))
    return (
        customer_of.select("rid", "source", "record_id", "customer_id")
        .join(best, on="rid", how="left")
        .join(held_rids, on="rid", how="left")
        .with_columns(pl.coalesce("held", "matched_by", pl.lit("singleton")).alias("matched_by"))
        .select("source", "record_id", "customer_id", "matched_by")
        .sort("source", "record_id")
    )
