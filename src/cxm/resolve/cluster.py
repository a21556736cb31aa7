"""Clustering that respects constraints: one bad edge cannot chain two people together.

Accepted edges (ruled, scored above the threshold, or an agent's must-link) are first joined
into connected components with scipy, which is instant. Only components that *contain* a
conflict — two conflicting given names or dates of birth, a cannot-link pair, two records of one
source under ``link_only``, or more distinct emails/phones than the caps allow — are rebuilt
edge by edge: must-links first, then ruled edges, then scored edges in descending match weight,
refusing any union that would put a conflict inside one customer (Kruskal with a veto). Every
refused edge is kept with its reason. An agent's must-link passes every veto but a cannot-link:
a person's explicit decision outranks the heuristics, and the latest decision on a pair wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from cxm.resolve.config import ResolveConfig
from cxm.resolve.conflict import (
    conflicting_dob_groups,
    conflicting_name_pairs,
    dob_conflict,
    names_conflict,
)

KIND_ORDER = {"override": 0, "rule": 1, "model": 2}
REBUILD_BATCH = 20_000
"""Components rebuilt per batch (see :func:`cluster`)."""
SOFT = frozenset({"given_name_conflict", "dob_conflict"})
"""Vetoes an edge agreeing on an external id (a CRM id, a national id) overrides: systems give
those to one person, whereas a household shares an address, a landline and often a mailbox."""


@dataclass(frozen=True)
class Clustering:
    """Cluster label per working row, and the status of every accepted edge."""

    labels: np.ndarray
    """``labels[w]``: cluster of working row ``w`` (dense, 0-based)."""
    edges: pl.DataFrame
    """The input edges plus ``status`` (merged | refused) and ``reason``."""
    rebuilt: int
    """Components that needed the constrained rebuild."""


def _components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return np.asarray(labels, dtype=np.int64)


def _flagged(
    working: pl.DataFrame,
    labels: np.ndarray,
    cannot: pl.DataFrame,
    config: ResolveConfig,
) -> set[int]:
    """Components holding a conflict."""
    frame = working.select("given", "dob", "source", "emails", "phones").with_columns(
        pl.Series("group", labels)
    )
    sizes = frame.group_by("group").len()
    multi = sizes.filter(pl.col("len") > 1).select("group")
    frame = frame.join(multi, on="group", how="semi")
    flagged: set[int] = set()
    guard = config.guardrails
    if guard.household:
        names = frame.select("group", "given").drop_nulls().unique()
        several = names.group_by("group").len().filter(pl.col("len") > 1).select("group")
        flagged.update(
            conflicting_name_pairs(names.join(several, on="group", how="semi"))["group"].to_list()
        )
    if guard.dob_conflict:
        dobs = frame.select("group", "dob").drop_nulls().unique()
        several = dobs.group_by("group").len().filter(pl.col("len") > 1).select("group")
        flagged.update(
            conflicting_dob_groups(dobs.join(several, on="group", how="semi"))["group"].to_list()
        )
    for column, cap in (("emails", guard.max_emails), ("phones", guard.max_phones)):
        counts = (
            frame.select("group", column)
            .explode(column)
            .drop_nulls()
            .unique()
            .group_by("group")
            .len()
            .filter(pl.col("len") > cap)
        )
        flagged.update(counts["group"].to_list())
    if config.link_type == "link_only":
        dup = frame.group_by("group", "source").len().filter(pl.col("len") > 1)
        flagged.update(dup["group"].to_list())
    if cannot.height:
        same = labels[cannot["l"].to_numpy()] == labels[cannot["r"].to_numpy()]
        flagged.update(labels[cannot["l"].to_numpy()][same].tolist())
    return flagged


class _State:
    """What one growing cluster holds, for the veto checks."""

    __slots__ = ("dobs", "emails", "members", "names", "phones", "sources")

    def __init__(self, row: dict[str, Any]) -> None:
        self.members: list[int] = [row["w"]]
        self.names: set[tuple[str, str | None]] = (
            {(row["given"], row["family"])} if row["given"] else set()
        )
        self.dobs: set[date] = {row["dob"]} if row["dob"] else set()
        self.sources: set[str] = {row["source"]}
        self.emails: set[str] = set(row["emails"] or ())
        self.phones: set[str] = set(row["phones"] or ())


def _veto(a: _State, b: _State, cannot: dict[int, set[int]], config: ResolveConfig) -> str | None:
    guard = config.guardrails
    small, big = (a, b) if len(a.members) <= len(b.members) else (b, a)
    big_members = set(big.members)
    for w in small.members:
        if cannot.get(w, set()) & big_members:
            return "cannot_link"
    if config.link_type == "link_only" and a.sources & b.sources:
        return "link_only"
    if guard.dob_conflict and any(dob_conflict(x, y) for x in a.dobs for y in b.dobs):
        return "dob_conflict"
    if guard.household and any(names_conflict(x, y) for x in a.names for y in b.names):
        return "given_name_conflict"
    if len(a.emails | b.emails) > guard.max_emails:
        return "cap:emails"
    if len(a.phones | b.phones) > guard.max_phones:
        return "cap:phones"
    return None


def _rebuild(
    rows: dict[int, dict[str, Any]],
    edges: Iterable[tuple[int, int, int, str, bool]],
    cannot: dict[int, set[int]],
    config: ResolveConfig,
) -> tuple[dict[int, int], dict[int, str]]:
    """Kruskal with a veto over one component; returns root per row and refusal per edge."""
    parent = {w: w for w in rows}
    state = {w: _State(rows[w]) for w in rows}
    refused: dict[int, str] = {}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for index, a, b, kind, strong in edges:
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        reason = _veto(state[ra], state[rb], cannot, config)
        if reason in SOFT and strong:
            reason = None
        if reason is not None and (kind != "override" or reason == "cannot_link"):
            refused[index] = reason
            continue
        if len(state[ra].members) < len(state[rb].members):
            ra, rb = rb, ra
        parent[rb] = ra
        keep, gone = state[ra], state.pop(rb)
        keep.members.extend(gone.members)
        keep.names |= gone.names
        keep.dobs |= gone.dobs
        keep.sources |= gone.sources
        keep.emails |= gone.emails
        keep.phones |= gone.phones
    return {w: find(w) for w in rows}, refused


def cluster(
    working: pl.DataFrame,
    edges: pl.DataFrame,
    cannot: pl.DataFrame,
    config: ResolveConfig,
) -> Clustering:
    """Cluster the working rows.

    Parameters
    ----------
    working
        The working records (row ``w`` is record ``w``): given, dob, source, emails, phones.
    edges
        Accepted edges: ``l``, ``r`` (working rows), ``kind`` (override | rule | model),
        ``match_weight`` and ``strong`` (the pair shares an external id).
    cannot
        Cannot-link pairs (``l``, ``r`` working rows).
    """
    n = working.height
    left = edges["l"].to_numpy().astype(np.int64)
    right = edges["r"].to_numpy().astype(np.int64)
    labels = _components(n, left, right)
    flagged = _flagged(working, labels, cannot, config)
    status = np.full(edges.height, "merged", dtype=object)
    reasons: list[str | None] = [None] * edges.height
    if flagged:
        flagged_arr = np.fromiter(flagged, dtype=np.int64)
        rows_mask = np.isin(labels, flagged_arr)
        info = (
            working.select("given", "family", "dob", "source", "emails", "phones")
            .with_columns(pl.Series("w", np.arange(n)), pl.Series("group", labels))
            .filter(pl.Series(rows_mask))
        )
        edge_mask = np.isin(labels[left], flagged_arr)
        ordered = (
            edges.with_row_index("index")
            .filter(pl.Series(edge_mask))
            .with_columns(
                pl.col("kind").replace_strict(KIND_ORDER, return_dtype=pl.Int8).alias("o"),
                pl.Series("group", labels[left[edge_mask]]),
            )
            .sort(["o", "match_weight", "l", "r"], descending=[False, True, False, False])
            .select("group", "index", "l", "r", "kind", "strong")
        )
        cannot_map: dict[int, set[int]] = {}
        for a, b in cannot.select("l", "r").iter_rows():
            cannot_map.setdefault(a, set()).add(b)
            cannot_map.setdefault(b, set()).add(a)
        next_label = int(labels.max()) + 1 if n else 0
        # Components in order of their first record, a batch at a time: the rebuild holds
        # Python objects per record, which at ten million records must not exist all at once.
        groups = info.get_column("group").unique(maintain_order=True)
        for start in range(0, groups.len(), REBUILD_BATCH):
            batch = groups.slice(start, REBUILD_BATCH).implode()
            by_group: dict[int, dict[int, dict[str, Any]]] = {}
            for row in (
                info.filter(pl.col("group").is_in(batch)).drop("group").iter_rows(named=True)
            ):
                by_group.setdefault(int(labels[row["w"]]), {})[row["w"]] = row
            edges_by_group: dict[int, list[tuple[int, int, int, str, bool]]] = {}
            for group_id, index, a, b, kind, strong in ordered.filter(
                pl.col("group").is_in(batch)
            ).iter_rows():
                edges_by_group.setdefault(int(group_id), []).append((index, a, b, kind, strong))
            for group, rows in by_group.items():
                roots, refused = _rebuild(rows, edges_by_group.get(group, []), cannot_map, config)
                for index, reason in refused.items():
                    status[index] = "refused"
                    reasons[index] = reason
                relabel: dict[int, int] = {}
                for w, root in roots.items():
                    if root not in relabel:
                        relabel[root] = group if not relabel else next_label
                        if relabel[root] != group:
                            next_label += 1
                    labels[w] = relabel[root]
    _, dense = np.unique(labels, return_inverse=True)
    out = edges.with_columns(
        pl.Series("status", status.tolist(), dtype=pl.String),
        pl.Series("reason", reasons, dtype=pl.String),
    )
    return Clustering(labels=dense.astype(np.int64), edges=out, rebuilt=len(flagged))
