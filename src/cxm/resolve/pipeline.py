"""``cxm resolve``: from the lake's identity records to customers, end to end.

read lake -> standardise (junk, collapse identical) -> block -> compare -> estimate u (random pairs)
and m (EM) -> score -> rules -> cluster with guardrails -> hold giant clusters -> stable ids ->
golden records -> write the run atomically.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from cxm.ingest.lake import Lake
from cxm.resolve.attach import unique_candidates
from cxm.resolve.block import block
from cxm.resolve.cluster import cluster
from cxm.resolve.compare import COMPARISONS, TF_COMPARISONS, chunks, compare, prepare
from cxm.resolve.config import ResolveConfig
from cxm.resolve.edges import EVIDENCE_COLUMNS, edge_rows, evidence_columns, match_edges
from cxm.resolve.edges import identity_map as build_identity_map
from cxm.resolve.golden import RECORD_COLUMNS as GOLDEN_COLUMNS
from cxm.resolve.golden import golden_records
from cxm.resolve.ids import IdState, assign_ids
from cxm.resolve.model import (
    Model,
    estimate_m,
    estimate_u,
    score,
    shares_of,
    term_frequencies,
    tf_table,
)
from cxm.resolve.overrides import read_overrides
from cxm.resolve.records import STANDARDISE_COLUMNS, standardise
from cxm.resolve.resolution import Resolution, RunWriter, current, locked
from cxm.resolve.rules import fire

Progress = Callable[[str], None]

STAGES = (
    "read",
    "standardise",
    "block",
    "compare",
    "model",
    "score",
    "cluster",
    "ids",
    "golden",
    "write",
)


@dataclass
class ResolveResult:
    """What a run did: the committed resolution and its summary."""

    resolution: Resolution
    summary: dict[str, Any] = field(default_factory=dict)


def _run_id(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%S%fZ")


def _overrides(lake_dir: Path) -> pl.DataFrame:
    """Active overrides, the latest decision per record pair."""
    active = read_overrides(lake_dir, active_only=True)
    return active.sort("created_at", "override_id").unique(
        ["source_a", "record_id_a", "source_b", "record_id_b"], keep="last", maintain_order=True
    )


def _to_working(pairs: pl.DataFrame, frame: pl.DataFrame, rep_w: pl.DataFrame) -> pl.DataFrame:
    """Override pairs (source/record ids) as working row pairs ``l`` < ``r``."""
    keys = frame.select("source", "record_id", "rep").join(rep_w, on="rep")
    a = pairs.join(
        keys.rename({"source": "source_a", "record_id": "record_id_a", "w": "wa"}),
        on=["source_a", "record_id_a"],
    )
    b = a.join(
        keys.rename({"source": "source_b", "record_id": "record_id_b", "w": "wb"}),
        on=["source_b", "record_id_b"],
    )
    return b.select(
        pl.min_horizontal("wa", "wb").alias("l"), pl.max_horizontal("wa", "wb").alias("r"), "kind"
    ).filter(pl.col("l") != pl.col("r"))


def _random_pairs(working: pl.DataFrame, config: ResolveConfig) -> pl.DataFrame:
    n = working.height
    rng = np.random.default_rng(config.seed)
    k = min(config.u_sample_pairs, max(n * (n - 1) // 2, 1))
    left = rng.integers(0, max(n, 1), k, dtype=np.int64)
    right = rng.integers(0, max(n, 1), k, dtype=np.int64)
    pairs = pl.DataFrame({"l": left, "r": right}).filter(pl.col("l") != pl.col("r"))
    if config.link_type == "link_only":
        src = working["source"]
        pairs = pairs.filter(src.gather(pairs["l"]).to_numpy() != src.gather(pairs["r"]).to_numpy())
    return pairs.cast(pl.UInt32)


def _respect_cannot(
    attached: pl.DataFrame, cannot: pl.DataFrame, labels: np.ndarray
) -> pl.DataFrame:
    """Drop attachments of a record to a customer holding a record it must not be linked to."""
    both = pl.concat([cannot, cannot.select(pl.col("r").alias("l"), pl.col("l").alias("r"))])
    both = both.with_columns(pl.Series("target", labels[both["r"].to_numpy()]))
    chosen = attached.with_columns(pl.Series("target", labels[attached["r"].to_numpy()]))
    banned = chosen.join(both.select("l", "target"), on=["l", "target"], how="semi")
    return attached.join(banned.select("l"), on="l", how="anti")


def _total_pairs(working: pl.DataFrame, config: ResolveConfig) -> float:
    """Pairs the working records can form (across sources only, for link_only)."""
    n = float(working.height)
    total = n * (n - 1) / 2
    if config.link_type == "link_only":
        sizes = working.group_by("source").len()["len"].cast(pl.Float64)
        total = (n * n - float((sizes * sizes).sum())) / 2
    return total


def _score_pairs(
    model: Model, working: pl.DataFrame, pairs: pl.DataFrame, levels: pl.DataFrame
) -> pl.DataFrame:
    # Look each working record's share up once, then gather it per pair.
    left = pairs["l"].to_numpy()
    tf_shares = {
        c: shares_of(model, c, working[column])[left] for c, column in TF_COMPARISONS.items()
    }
    return score(model, levels, tf_shares=tf_shares)


def _contradicted(levels: pl.DataFrame) -> np.ndarray:
    """Pairs whose every contact detail present on both sides disagrees.

    Two records with an email, a phone and a street each, all different, and nothing personal
    in common (no birth date, no external id) are namesakes unless a rule says otherwise: a
    score built on the name and the town alone does not link them.
    """
    different = {c: levels[c].to_numpy() == 0 for c in ("email", "phone", "street")}
    personal = (levels["birth_date"].to_numpy() == COMPARISONS["birth_date"].index("exact")) | (
        levels["external_id"].to_numpy() == COMPARISONS["external_id"].index("exact")
    )
    out: np.ndarray = different["email"] & different["phone"] & different["street"] & ~personal
    return out


GOLDEN_PART_RECORDS = 1_000_000
"""Golden records are built for about this many records' customers at a time, bounding memory."""

EDGE_PART_ROWS = 1_000_000
"""Match edges get their evidence rendered and are written this many at a time."""


def _customer_parts(membership: pl.DataFrame) -> list[pl.DataFrame]:
    """``membership`` in ``customer_id`` order, cut into parts of whole customers of about
    :data:`GOLDEN_PART_RECORDS` records each (a customer's records all land in one part).

    The parts are slices of one sorted copy, so cutting costs no further memory; a membership
    that fits in one part is returned as it is (the golden records come out sorted anyway).
    """
    if membership.height <= GOLDEN_PART_RECORDS:
        return [membership] if membership.height else []
    ordered = membership.sort("customer_id")
    ends = (
        ordered.group_by("customer_id", maintain_order=True)
        .len()
        .select(pl.col("len").cum_sum().alias("end"))
        .group_by(((pl.col("end") - 1) // GOLDEN_PART_RECORDS).alias("part"), maintain_order=True)
        .agg(pl.col("end").max())["end"]
        .to_list()
    )
    starts = [0, *ends][:-1]
    return [ordered.slice(start, end - start) for start, end in zip(starts, ends, strict=True)]


def _write_golden(
    lake: Lake,
    parts: list[pl.DataFrame],
    config: ResolveConfig,
    append: Callable[[pl.DataFrame], None],
) -> int:
    """Build the golden records part by part and append them in ``customer_id`` order.

    ``parts`` (from :func:`_customer_parts`, consumed: each is dropped once done) hold every
    record's ``source``, ``record_id``, ``customer_id`` and its standardised (junk free)
    ``emails`` and ``phones``, which replace the raw ones. Each part reads only its own
    records' columns from the lake, so memory follows the part, not the lake. Returns the
    number of customers.
    """
    key = ["source", "record_id"]
    customers = 0
    whole = len(parts) == 1  # then every record is wanted: no need to filter the read
    parts.reverse()
    while parts:
        part = parts.pop()
        records = (
            lake.read(
                "identity_record", columns=GOLDEN_COLUMNS, keys=None if whole else part.select(key)
            )
            .drop("emails", "phones")
            .join(part.select(*key, "emails", "phones"), on=key, how="left")
            .sort(key)
        )
        golden = golden_records(records, part.select(*key, "customer_id"), config.survivorship)
        customers += golden.height
        append(golden)
        del part, records, golden  # before the next part is read
    return customers


def _accept(
    model: Model,
    working: pl.DataFrame,
    pairs: pl.DataFrame,
    levels: pl.DataFrame,
    links: pl.DataFrame,
    config: ResolveConfig,
) -> pl.DataFrame:
    """Score the candidate pairs chunk by chunk and keep the accepted ones with their evidence.

    A pair is accepted when an agent linked it, a rule fires, or its match probability reaches
    the threshold. Only accepted pairs keep their levels and per-comparison weights (the
    :data:`~cxm.resolve.edges.EVIDENCE_COLUMNS`), so the memory of scoring does not grow with
    the number of candidates.
    """
    link_keys = links.with_columns(pl.lit(True).alias("override"))
    parts: list[pl.DataFrame] = []
    for part in chunks(pairs.height):
        chunk_pairs, chunk_levels = pairs[part], levels[part]
        scores = _score_pairs(model, working, chunk_pairs, chunk_levels)
        scored = pl.concat(
            [chunk_pairs, scores.select("match_weight", "match_probability")], how="horizontal"
        ).with_columns(
            fire(chunk_levels).alias("rule"),
            (pl.int_range(pl.len(), dtype=pl.Int64) + part.start).alias("pair"),
            pl.int_range(pl.len(), dtype=pl.Int64).alias("i"),
        )
        scored = (
            scored.join(link_keys, on=["l", "r"], how="left", maintain_order="left")
            if links.height
            else scored.with_columns(pl.lit(None, dtype=pl.Boolean).alias("override"))
        )
        linked = pl.col("override").fill_null(False)
        contradicted = pl.Series(_contradicted(chunk_levels))
        chosen = scored.filter(
            linked
            | pl.col("rule").is_not_null()
            | ((pl.col("match_probability") >= config.match_probability) & ~contradicted)
        ).with_columns(
            pl.when(linked)
            .then(pl.lit("override"))
            .when(pl.col("rule").is_not_null())
            .then(pl.lit("rule"))
            .otherwise(pl.lit("model"))
            .alias("kind")
        )
        rows = chosen["i"]
        parts.append(
            chosen.with_columns(evidence_columns(chunk_levels[rows], scores[rows])).drop(
                "override", "i"
            )
        )
    if not parts:
        return pl.DataFrame(
            schema={
                "l": pl.UInt32,
                "r": pl.UInt32,
                "match_weight": pl.Float64,
                "match_probability": pl.Float64,
                "rule": pl.String,
                "pair": pl.Int64,
                "kind": pl.String,
                **{c: pl.Int8 if c.startswith("lv_") else pl.Float64 for c in EVIDENCE_COLUMNS},
            }
        )
    return pl.concat(parts)


def resolve(
    lake_dir: Path,
    config: ResolveConfig,
    *,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> ResolveResult:
    """Run identity resolution on the lake at ``lake_dir`` and commit the result."""
    with locked(lake_dir):
        return _resolve(lake_dir, config, progress or (lambda _stage: None), now)


def _resolve(
    lake_dir: Path, config: ResolveConfig, progress: Progress, now: datetime | None
) -> ResolveResult:
    started = now or datetime.now(UTC)
    run_id = _run_id(started)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        tick = time.perf_counter()
        seconds[stage] = round(tick - clock, 3)
        clock = tick

    progress("read")
    # Only what matching needs: the golden records read their own columns later, part by part.
    lake = Lake(lake_dir)
    identity = lake.read("identity_record", columns=STANDARDISE_COLUMNS)
    overrides = _overrides(lake_dir)
    lap("read")

    progress("standardise")
    pinned = pl.concat(
        [
            overrides.select(
                pl.col("source_a").alias("source"), pl.col("record_id_a").alias("record_id")
            ),
            overrides.select(
                pl.col("source_b").alias("source"), pl.col("record_id_b").alias("record_id")
            ),
        ]
    ).unique()
    records = standardise(identity, config, pinned)
    del identity
    # Later stages need of every record only its keys, representative and cleaned lists, and
    # of the representatives nothing but what comparing, clustering and the edges read.
    frame = records.frame.select("rid", "source", "record_id", "rep", "emails", "phones")
    working = prepare(records.working).drop("full", "updated")
    over_shared = records.over_shared.height
    del records
    rep_w = working.select(
        pl.col("rid").alias("rep"), pl.int_range(pl.len(), dtype=pl.UInt32).alias("w")
    )
    lap("standardise")

    progress("block")
    blocking = block(working, max_block=config.max_block_size, window=config.block_window)
    pairs = blocking.pairs
    override_pairs = _to_working(overrides, frame, rep_w)
    links = override_pairs.filter(pl.col("kind") == "link").select("l", "r")
    cannot = override_pairs.filter(pl.col("kind") == "unlink").select("l", "r")
    if links.height:  # blocking's pairs are already unique and sorted
        pairs = pl.concat([pairs, links.cast(pairs.schema)]).unique().sort("l", "r")
    if config.link_type == "link_only":
        src = working["source"]
        pairs = pairs.filter(src.gather(pairs["l"]) != src.gather(pairs["r"]))
    lap("block")

    progress("compare")
    levels = compare(working, pairs)
    lap("compare")

    progress("model")
    random_pairs = _random_pairs(working, config)
    u = estimate_u(compare(working, random_pairs))
    model = estimate_m(
        levels, u, iterations=config.em_iterations, total_pairs=_total_pairs(working, config)
    )
    model.tf = term_frequencies(working)
    lap("model")

    progress("score")
    accepted = _accept(model, working, pairs, levels, links, config)
    lap("score")

    progress("cluster")
    strong = levels["external_id"].gather(accepted["pair"]) == COMPARISONS["external_id"].index(
        "exact"
    )
    # The candidates' levels are no longer needed: free them before clustering and golden
    # records, the other memory-hungry stages.
    candidate_pairs, pairs_per_rule = pairs.height, blocking.per_rule
    del levels, pairs, blocking
    clustering = cluster(
        working,
        accepted.select("l", "r", "kind", "match_weight").with_columns(strong.alias("strong")),
        cannot,
        config,
    )
    edges_w = pl.concat([accepted, clustering.edges.select("status", "reason")], how="horizontal")
    accepted_edges, rebuilt = accepted.height, clustering.rebuilt
    rule_edges = int((accepted["kind"] == "rule").sum())
    model_edges = int((accepted["kind"] == "model").sum())
    del accepted
    attached = unique_candidates(working, clustering.labels)
    if attached.height and cannot.height:
        attached = _respect_cannot(attached, cannot, clustering.labels)
    if attached.height:
        # A thin record whose email or phone disagrees with the customer's is someone else.
        a_levels = compare(working, attached)
        agree = ((a_levels["email"] != 0) & (a_levels["phone"] != 0)).alias("ok")
        attached, a_levels = attached.filter(agree), a_levels.filter(agree)
    if attached.height:
        a_scores = _score_pairs(model, working, attached, a_levels)
        edges_w = pl.concat(
            [
                edges_w,
                attached.with_columns(
                    a_scores["match_weight"],
                    a_scores["match_probability"],
                    pl.lit("unique_candidate").alias("rule"),
                    pl.lit("model").alias("kind"),
                    *evidence_columns(a_levels, a_scores),
                    pl.lit("merged").alias("status"),
                    pl.lit(None, dtype=pl.String).alias("reason"),
                ),
            ],
            how="diagonal_relaxed",
        )
        labels_np = clustering.labels.copy()
        labels_np[attached["l"].to_numpy()] = labels_np[attached["r"].to_numpy()]
    else:
        labels_np = clustering.labels
    labels = pl.Series("cluster", labels_np)
    by_w = rep_w.with_columns(labels.gather(rep_w["w"]))
    members = frame.select("rid", "source", "record_id", "rep").join(
        by_w.select("rep", "cluster"), on="rep", how="left"
    )
    sizes = members.group_by("cluster").len()
    giant = sizes.filter(pl.col("len") > config.guardrails.max_cluster_size)
    held = members.join(giant.select("cluster"), on="cluster", how="semi")
    if held.height:
        base = int(members["cluster"].cast(pl.Int64).max() or 0) + 1  # type: ignore[arg-type]
        members = members.with_columns(
            pl.when(pl.col("cluster").is_in(giant["cluster"].implode()))
            .then(pl.lit(base) + pl.col("rid").cast(pl.Int64))
            .otherwise(pl.col("cluster"))
            .alias("cluster")
        )
    # Of the representatives only their rids are needed from here on (for the edges).
    working_rid, working_height = working["rid"], working.height
    del clustering, by_w, labels, working, attached
    lap("cluster")

    progress("ids")
    previous = current(lake_dir)
    state = (
        IdState(
            identity_map=previous.read("identity_map").select("source", "record_id", "customer_id"),
            registry=previous.read("registry"),
            aliases=previous.read("alias"),
        )
        if previous is not None
        else IdState.empty()
    )
    assignment = assign_ids(
        members.select("source", "record_id", "cluster"), state, run_id=run_id, now=started
    )
    customer_of = members.join(assignment.customers, on="cluster", how="left")
    # Each table is written as soon as it is built and then freed; the run becomes visible
    # only at the commit below.
    writer = RunWriter(lake_dir, run_id)
    held_report = held.join(giant.rename({"len": "cluster_records"}), on="cluster").select(
        "source", "record_id", pl.col("cluster").cast(pl.Int64), "cluster_records"
    )
    writer.write("alias", assignment.state.aliases)
    writer.write("registry", assignment.state.registry)
    writer.write("held", held_report)
    writer.write("term_frequency", tf_table(model))
    id_stats = assignment.stats
    del assignment, state, previous
    lap("ids")

    progress("golden")
    edges = match_edges(working_rid, frame, edges_w, held["rid"])
    customer_of = customer_of.sort("rid")  # row i is rid i, as in frame
    identity_map = build_identity_map(customer_of, edges, held["rid"])
    customer, evidence = customer_of["customer_id"], edges_w.select(EVIDENCE_COLUMNS)
    del working_rid, edges_w, customer_of, members, rep_w
    refused = edges.filter(pl.col("status") == "refused").select("reason")
    with writer.parts("match_edge") as append:
        for part in chunks(edges.height, EDGE_PART_ROWS):
            append(edge_rows(edges[part], frame, customer, evidence))
    del edges, customer, evidence
    records_total = frame.height
    writer.write("identity_map", identity_map)
    members = identity_map.select("source", "record_id", "customer_id").join(
        frame.select("source", "record_id", "emails", "phones"),
        on=["source", "record_id"],
        how="left",
    )
    del frame, identity_map
    parts = _customer_parts(members)
    del members
    with writer.parts("customer") as append:
        customers = _write_golden(lake, parts, config, append)
    lap("golden")

    progress("write")
    summary = {
        "run_id": run_id,
        "started_at": started.isoformat(),
        "records": records_total,
        "collapsed_identical": records_total - working_height,
        "candidate_pairs": candidate_pairs,
        "pairs_per_record": round(candidate_pairs / max(working_height, 1), 3),
        "pairs_per_rule": pairs_per_rule,
        "random_pairs_for_u": random_pairs.height,
        "accepted_edges": accepted_edges,
        "rule_edges": rule_edges,
        "model_edges": model_edges,
        "override_links": links.height,
        "override_unlinks": cannot.height,
        "customers": customers,
        "merged_records": records_total - customers,
        "merges_held_by_guardrails": refused.height,
        "held_by_reason": dict(refused.group_by("reason").len().iter_rows()),
        "clusters_rebuilt": rebuilt,
        "clusters_held_as_too_large": giant.height,
        "records_in_held_clusters": held.height,
        "over_shared_values": over_shared,
        "ids": id_stats,
        "em_iterations": model.iterations,
        "em_converged": model.converged,
        "match_probability_threshold": config.match_probability,
        "link_type": config.link_type,
        "seconds": seconds,
    }
    model_doc = {**model.to_dict(), "config": config.model_dump(mode="json")}
    lap("write")
    summary["seconds"] = seconds
    resolution = writer.commit(model_doc, summary)
    seconds["write"] = round(seconds["write"] + (time.perf_counter() - clock), 3)
    return ResolveResult(resolution=resolution, summary=summary)
