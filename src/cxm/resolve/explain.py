"""Why cxm believes records are (or are not) one customer.

- :func:`explain_customer`: the records of a customer and the edges holding it together, each
  with its evidence (the rule, or the per-comparison levels and weights), plus any union a
  guardrail refused.
- :func:`explain_pair`: for two records, whether they are one customer; if so the chain of edges
  that joins them; if not, what the model says about the pair and what kept them apart (an edge
  refused by a guardrail, a score under the threshold, or never being candidates at all).
"""

from __future__ import annotations

import json
from collections import deque
from pathlib import Path
from typing import Any

import polars as pl

from cxm.errors import ResolveError
from cxm.ingest.lake import Lake
from cxm.resolve.compare import COMPARISONS, TF_COMPARISONS, compare_chunk, prepare
from cxm.resolve.config import ResolveConfig
from cxm.resolve.model import model_from_dict, score
from cxm.resolve.overrides import RecordRef
from cxm.resolve.records import standardise
from cxm.resolve.resolution import Resolution
from cxm.resolve.rules import fire


def canonical_id(resolution: Resolution, customer_id: str) -> str | None:
    """The current id for ``customer_id`` (itself, or what an alias now means); None if unknown."""
    known = resolution.read("customer").filter(pl.col("customer_id") == customer_id)
    if known.height:
        return customer_id
    alias = resolution.read("alias").filter(pl.col("alias_id") == customer_id)
    if alias.height:
        return str(alias["customer_id"][0])
    return None


def _edge_dict(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "a": f"{row['source_a']}:{row['record_id_a']}",
        "b": f"{row['source_b']}:{row['record_id_b']}",
        "kind": row["kind"],
        "rule": row["rule"],
        "match_weight": row["match_weight"],
        "match_probability": row["match_probability"],
        "status": row["status"],
        "reason": row["reason"],
        "evidence": json.loads(row["evidence"]) if row["evidence"] else None,
    }


def explain_customer(resolution: Resolution, customer_id: str) -> dict[str, Any]:
    """The records and edges of a customer (an alias id explains the customer it now means)."""
    canonical = canonical_id(resolution, customer_id)
    if canonical is None:
        msg = f"unknown customer {customer_id!r} in resolve run {resolution.run_id}"
        raise ResolveError(msg)
    members = resolution.read("identity_map").filter(pl.col("customer_id") == canonical)
    keys = members.select("source", "record_id")
    edges = resolution.read("match_edge")
    inside = edges.join(
        keys.rename({"source": "source_a", "record_id": "record_id_a"}),
        on=["source_a", "record_id_a"],
        how="semi",
    )
    touching_b = edges.join(
        keys.rename({"source": "source_b", "record_id": "record_id_b"}),
        on=["source_b", "record_id_b"],
        how="semi",
    )
    related = (
        pl.concat([inside, touching_b])
        .unique()
        .sort("status", "match_weight", descending=[False, True])
    )
    return {
        "customer_id": canonical,
        "asked_for": customer_id,
        "run_id": resolution.run_id,
        "records": [
            {"record": f"{s}:{r}", "matched_by": m}
            for s, r, m in members.select("source", "record_id", "matched_by").iter_rows()
        ],
        "edges": [_edge_dict(row) for row in related.iter_rows(named=True)],
    }


def _path(edges: pl.DataFrame, start: str, goal: str) -> list[dict[str, Any]]:
    """Shortest chain of merged edges from ``start`` to ``goal`` (record refs as text)."""
    graph: dict[str, list[dict[str, Any]]] = {}
    for row in edges.filter(pl.col("status") == "merged").iter_rows(named=True):
        a = f"{row['source_a']}:{row['record_id_a']}"
        b = f"{row['source_b']}:{row['record_id_b']}"
        graph.setdefault(a, []).append({**row, "_to": b})
        graph.setdefault(b, []).append({**row, "_to": a})
    previous: dict[str, tuple[str, dict[str, Any]] | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            break
        for edge in graph.get(node, []):
            if edge["_to"] not in previous:
                previous[edge["_to"]] = (node, edge)
                queue.append(edge["_to"])
    if goal not in previous:
        return []
    chain: list[dict[str, Any]] = []
    node = goal
    while (step := previous[node]) is not None:
        node, edge = step
        chain.append(_edge_dict({k: v for k, v in edge.items() if k != "_to"}))
    return list(reversed(chain))


def _score_pair(
    lake_dir: Path, resolution: Resolution, a: RecordRef, b: RecordRef
) -> dict[str, Any]:
    """What the run's model says about the pair, computed afresh from the lake."""
    identity = Lake(lake_dir).read("identity_record")
    wanted = pl.DataFrame({"source": [a.source, b.source], "record_id": [a.record_id, b.record_id]})
    pair = identity.join(wanted, on=["source", "record_id"], how="semi")
    doc = resolution.model()
    config = ResolveConfig.model_validate(doc.get("config", {}))
    records = standardise(pair, config, pinned=wanted)
    working = prepare(records.frame)
    index = {
        (s, r): i for i, (s, r) in enumerate(working.select("source", "record_id").iter_rows())
    }
    left = pl.Series([index[(a.source, a.record_id)]], dtype=pl.UInt32)
    right = pl.Series([index[(b.source, b.record_id)]], dtype=pl.UInt32)
    levels = compare_chunk(working, left, right)
    model = model_from_dict(doc, resolution.read("term_frequency"))
    tf_values = {c: working[column].gather(left) for c, column in TF_COMPARISONS.items()}
    scores = score(model, levels, tf_values)
    rule = fire(levels)[0]
    comparisons = {}
    for c, names in COMPARISONS.items():
        level = int(levels[c][0])
        comparisons[c] = {
            "level": "missing" if level < 0 else names[level],
            "weight": round(float(scores[f"w_{c}"][0]), 3),
        }
    return {
        "rule": rule,
        "match_weight": round(float(scores["match_weight"][0]), 3),
        "match_probability": float(scores["match_probability"][0]),
        "threshold": config.match_probability,
        "prior_weight": round(model.prior_weight, 3),
        "comparisons": comparisons,
    }


def explain_pair(
    lake_dir: Path, resolution: Resolution, a: RecordRef, b: RecordRef
) -> dict[str, Any]:
    """Whether two records are one customer, and why."""
    im = resolution.read("identity_map")
    customers: dict[RecordRef, str] = {}
    for ref in (a, b):
        hit = im.filter((pl.col("source") == ref.source) & (pl.col("record_id") == ref.record_id))
        if hit.height == 0:
            msg = f"record {ref} is not in resolve run {resolution.run_id} (is it in the lake?)"
            raise ResolveError(msg)
        customers[ref] = str(hit["customer_id"][0])
    same = customers[a] == customers[b]
    edges = resolution.read("match_edge")
    first, second = sorted((a, b))
    direct = edges.filter(
        (pl.col("source_a") == first.source)
        & (pl.col("record_id_a") == first.record_id)
        & (pl.col("source_b") == second.source)
        & (pl.col("record_id_b") == second.record_id)
    )
    out: dict[str, Any] = {
        "a": str(a),
        "b": str(b),
        "customer_a": customers[a],
        "customer_b": customers[b],
        "same_customer": same,
        "run_id": resolution.run_id,
        "direct_edge": _edge_dict(direct.row(0, named=True)) if direct.height else None,
        "model": _score_pair(lake_dir, resolution, a, b),
    }
    if same:
        members = im.filter(pl.col("customer_id") == customers[a]).select("source", "record_id")
        inside = edges.join(
            members.rename({"source": "source_a", "record_id": "record_id_a"}),
            on=["source_a", "record_id_a"],
            how="semi",
        )
        out["path"] = _path(inside, str(a), str(b))
        out["why"] = (
            f"one customer: joined by a chain of {len(out['path'])} edge(s)"
            if out["path"]
            else "one customer"
        )
    elif direct.height and direct["status"][0] == "refused":
        out["why"] = f"kept apart: the union was refused ({direct['reason'][0]})"
    elif out["model"]["match_probability"] >= out["model"]["threshold"] or out["model"]["rule"]:
        # Every candidate pair that would link is stored as an edge (merged or refused), so a
        # linking pair without one was never a candidate.
        out["why"] = (
            "different customers: the pair would link, but no blocking rule made it a "
            "candidate (they share no identifier, name, birth date or address key)"
        )
    else:
        out["why"] = (
            "different customers: the match probability "
            f"{out['model']['match_probability']:.4f} is under the threshold "
            f"{out['model']['threshold']} and no rule fires"
        )
    return out
