"""Constrained clustering: components, Kruskal with a veto, overrides, strong edges, labels."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import polars as pl
import pytest

from cxm.resolve.cluster import Clustering, cluster
from cxm.resolve.compare import prepare
from cxm.resolve.config import GuardrailConfig, ResolveConfig
from cxm.resolve.records import standardise
from cxm.schema import conform

DEFAULT = ResolveConfig()


def _rec(
    source: str,
    record_id: str,
    given: str | None = None,
    family: str | None = None,
    *,
    emails: tuple[str, ...] = (),
    phones: tuple[str, ...] = (),
    dob: date | None = None,
) -> dict[str, Any]:
    full = " ".join(p for p in (given, family) if p) or None
    return {
        "source": source,
        "connector": source,
        "record_id": record_id,
        "department": "sales",
        "given_name_norm": given,
        "family_name_norm": family,
        "full_name_norm": full,
        "emails": list(emails),
        "phones": list(phones),
        "birth_date": dob,
        "batch_id": "b1",
        "source_file": "export.csv",
        "source_row": 1,
        "source_line": 2,
    }


def _working(rows: list[dict[str, Any]], config: ResolveConfig = DEFAULT) -> pl.DataFrame:
    """Working rows as the pipeline builds them; row ``w`` is the ``w``-th (source, record_id)."""
    frame = conform(pl.DataFrame(rows, infer_schema_length=None), "identity_record")
    working = prepare(standardise(frame, config).working)
    # The tests index rows by their position in (source, record_id) order: make sure no
    # identical-record collapse shifted them.
    assert working.height == len(rows)
    return working


def _edges(*edges: tuple[int, int, str, float] | tuple[int, int, str, float, bool]) -> pl.DataFrame:
    rows = [(e[0], e[1], e[2], e[3], e[4] if len(e) == 5 else False) for e in edges]
    return pl.DataFrame(
        rows,
        schema={
            "l": pl.UInt32,
            "r": pl.UInt32,
            "kind": pl.String,
            "match_weight": pl.Float64,
            "strong": pl.Boolean,
        },
        orient="row",
    )


def _cannot(*pairs: tuple[int, int]) -> pl.DataFrame:
    return pl.DataFrame(list(pairs), schema={"l": pl.UInt32, "r": pl.UInt32}, orient="row")


NONE = _cannot()


def _groups(result: Clustering) -> set[frozenset[int]]:
    """The partition the labels describe, independent of the label numbers."""
    groups: dict[int, set[int]] = {}
    for w, label in enumerate(result.labels.tolist()):
        groups.setdefault(label, set()).add(w)
    return {frozenset(g) for g in groups.values()}


def _status(result: Clustering) -> list[tuple[int, int, str, str | None]]:
    return result.edges.select("l", "r", "status", "reason").rows()


def _chain(middle_given: str | None = None) -> list[dict[str, Any]]:
    """A (john smith) - B (smith, no given name) - C (jane smith): A and C conflict."""
    return [
        _rec("crm", "a", "john", "smith", emails=("john@smith.mail.org",)),
        _rec("crm", "b", middle_given, "smith", phones=("+15550101234",)),
        _rec("crm", "c", "jane", "smith", emails=("jane@smith.mail.org",)),
    ]


# --- no conflict: plain connected components --------------------------------------------------


def test_components_without_conflicts_are_merged_whole() -> None:
    working = _working(
        [
            _rec("crm", "1", "ann", "lee", emails=("ann@lee.mail.org",)),
            _rec("crm", "2", "ann", "lee", phones=("+15550101001",)),
            _rec("crm", "3", "ann", "lee", phones=("+15550101002",)),
            _rec("crm", "4", "bob", "ray", emails=("bob@ray.mail.org",)),
            _rec("crm", "5", "bob", "ray", phones=("+15550101003",)),
            _rec("crm", "6", "cy", "twombly", phones=("+15550101004",)),
        ]
    )
    edges = _edges((0, 1, "model", 12.0), (1, 2, "rule", 3.0), (3, 4, "model", 9.5))

    result = cluster(working, edges, NONE, DEFAULT)

    assert _groups(result) == {frozenset({0, 1, 2}), frozenset({3, 4}), frozenset({5})}
    assert result.edges["status"].to_list() == ["merged"] * 3
    assert result.edges["reason"].to_list() == [None] * 3
    assert result.rebuilt == 0
    # Dense, 0-based labels: one per customer.
    assert sorted(set(result.labels.tolist())) == [0, 1, 2]
    assert result.labels.dtype == np.int64
    # The input edges come back, in their order, with their columns.
    assert result.edges.select("l", "r", "kind", "match_weight", "strong").equals(edges)


def test_no_edges_gives_singletons() -> None:
    working = _working([_rec("crm", str(i), "ann", f"lee{i}") for i in range(3)])
    result = cluster(working, _edges(), NONE, DEFAULT)
    assert result.labels.tolist() == [0, 1, 2]
    assert result.edges.height == 0
    assert result.rebuilt == 0


# --- given name conflicts ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("w_ab", "w_bc", "together", "refused"),
    [
        # The heavier edge is taken first; the later one would put John and Jane together.
        (12.0, 5.0, {0, 1}, (1, 2)),
        (5.0, 12.0, {1, 2}, (0, 1)),
    ],
)
def test_chain_through_a_conflict_is_split_keeping_the_heaviest_edge(
    w_ab: float, w_bc: float, together: set[int], refused: tuple[int, int]
) -> None:
    working = _working(_chain())
    edges = _edges((0, 1, "model", w_ab), (1, 2, "model", w_bc))

    result = cluster(working, edges, NONE, DEFAULT)

    alone = ({0, 1, 2} - together).pop()
    assert _groups(result) == {frozenset(together), frozenset({alone})}
    expected = [
        (0, 1, *(("refused", "given_name_conflict") if refused == (0, 1) else ("merged", None))),
        (1, 2, *(("refused", "given_name_conflict") if refused == (1, 2) else ("merged", None))),
    ]
    assert _status(result) == expected
    assert result.rebuilt == 1
    assert sorted(set(result.labels.tolist())) == [0, 1]


def test_rule_edges_are_taken_before_heavier_model_edges() -> None:
    working = _working(_chain())
    # The model edge is far heavier, but a ruled edge ranks before any scored one.
    edges = _edges((0, 1, "model", 30.0), (1, 2, "rule", 1.0))

    result = cluster(working, edges, NONE, DEFAULT)

    assert _groups(result) == {frozenset({1, 2}), frozenset({0})}
    assert _status(result) == [
        (0, 1, "refused", "given_name_conflict"),
        (1, 2, "merged", None),
    ]


def test_nickname_and_initial_are_not_conflicts() -> None:
    working = _working(
        [
            _rec("crm", "1", "robert", "ray", emails=("r1@ray.mail.org",)),
            _rec("crm", "2", "bob", "ray", emails=("r2@ray.mail.org",)),
            _rec("crm", "3", "r", "ray", emails=("r3@ray.mail.org",)),
        ]
    )
    edges = _edges((0, 1, "model", 8.0), (1, 2, "model", 7.0))
    result = cluster(working, edges, NONE, DEFAULT)
    assert _groups(result) == {frozenset({0, 1, 2})}
    assert result.edges["status"].to_list() == ["merged", "merged"]


def test_swapped_given_and_family_names_are_not_a_conflict() -> None:
    # "wei zhang" and "zhang wei": the given names differ, but they are the same two names.
    working = _working(
        [
            _rec("crm", "1", "wei", "zhang", emails=("wz@mail.org",)),
            _rec("crm", "2", "zhang", "wei", phones=("+15550101005",)),
        ]
    )
    result = cluster(working, _edges((0, 1, "model", 6.0)), NONE, DEFAULT)
    assert _groups(result) == {frozenset({0, 1})}
    assert _status(result) == [(0, 1, "merged", None)]


def test_household_guardrail_off_lets_john_and_jane_merge() -> None:
    config = ResolveConfig(guardrails=GuardrailConfig(household=False))
    working = _working(_chain(), config)
    result = cluster(working, _edges((0, 1, "model", 5.0), (1, 2, "model", 4.0)), NONE, config)
    assert _groups(result) == {frozenset({0, 1, 2})}
    assert result.rebuilt == 0


# --- dates of birth ------------------------------------------------------------------------


def _dob_chain(dob_a: date, dob_c: date) -> list[dict[str, Any]]:
    return [
        _rec("crm", "a", "ann", "lee", emails=("a@lee.mail.org",), dob=dob_a),
        _rec("crm", "b", "ann", "lee", phones=("+15550101006",)),
        _rec("crm", "c", "ann", "lee", emails=("c@lee.mail.org",), dob=dob_c),
    ]


def test_conflicting_dates_of_birth_split_the_chain() -> None:
    working = _working(_dob_chain(date(1980, 1, 1), date(1975, 6, 30)))
    edges = _edges((0, 1, "model", 9.0), (1, 2, "model", 8.0))

    result = cluster(working, edges, NONE, DEFAULT)

    assert _groups(result) == {frozenset({0, 1}), frozenset({2})}
    assert _status(result) == [(0, 1, "merged", None), (1, 2, "refused", "dob_conflict")]
    assert result.rebuilt == 1


@pytest.mark.parametrize(
    ("dob_a", "dob_c"),
    [
        (date(1980, 1, 1), date(1980, 1, 7)),  # one digit off: a typo
        (date(1980, 3, 4), date(1980, 4, 3)),  # day and month swapped
    ],
)
def test_typo_and_day_month_swap_are_not_dob_conflicts(dob_a: date, dob_c: date) -> None:
    working = _working(_dob_chain(dob_a, dob_c))
    result = cluster(working, _edges((0, 1, "model", 9.0), (1, 2, "model", 8.0)), NONE, DEFAULT)
    assert _groups(result) == {frozenset({0, 1, 2})}
    assert result.rebuilt == 0


# --- cannot-link, link_only, caps ----------------------------------------------------------


def test_cannot_link_pair_is_never_in_one_cluster_even_through_a_chain() -> None:
    working = _working(
        [
            _rec("crm", "a", "ann", "lee", emails=("a@lee.mail.org",)),
            _rec("crm", "b", "ann", "lee", phones=("+15550101007",)),
            _rec("crm", "c", "ann", "lee", emails=("c@lee.mail.org",)),
        ]
    )
    edges = _edges((0, 1, "model", 9.0), (1, 2, "model", 8.0))

    result = cluster(working, edges, _cannot((0, 2)), DEFAULT)

    assert _groups(result) == {frozenset({0, 1}), frozenset({2})}
    assert _status(result) == [(0, 1, "merged", None), (1, 2, "refused", "cannot_link")]
    assert result.rebuilt == 1


def test_cannot_link_in_another_component_changes_nothing() -> None:
    working = _working(
        [
            _rec("crm", "a", "ann", "lee", emails=("a@lee.mail.org",)),
            _rec("crm", "b", "ann", "lee", phones=("+15550101007",)),
            _rec("crm", "c", "bob", "ray", emails=("c@ray.mail.org",)),
        ]
    )
    result = cluster(working, _edges((0, 1, "model", 9.0)), _cannot((0, 2)), DEFAULT)
    assert _groups(result) == {frozenset({0, 1}), frozenset({2})}
    assert result.rebuilt == 0


def test_link_only_never_puts_two_records_of_one_source_together() -> None:
    config = ResolveConfig(link_type="link_only")
    working = _working(
        [
            _rec("crm", "1", "ann", "lee", emails=("a1@lee.mail.org",)),
            _rec("crm", "2", "ann", "lee", emails=("a2@lee.mail.org",)),
            _rec("web", "3", "ann", "lee", phones=("+15550101008",)),
        ],
        config,
    )
    edges = _edges((0, 2, "model", 9.0), (1, 2, "model", 8.0))

    result = cluster(working, edges, NONE, config)

    assert _groups(result) == {frozenset({0, 2}), frozenset({1})}
    assert _status(result) == [(0, 2, "merged", None), (1, 2, "refused", "link_only")]


def test_same_source_merges_are_fine_under_dedupe_and_link() -> None:
    working = _working(
        [
            _rec("crm", "1", "ann", "lee", emails=("a1@lee.mail.org",)),
            _rec("crm", "2", "ann", "lee", emails=("a2@lee.mail.org",)),
        ]
    )
    result = cluster(working, _edges((0, 1, "model", 9.0)), NONE, DEFAULT)
    assert _groups(result) == {frozenset({0, 1})}


@pytest.mark.parametrize("column", ["emails", "phones"])
def test_caps_on_distinct_emails_and_phones(column: str) -> None:
    config = ResolveConfig(guardrails=GuardrailConfig(max_emails=2, max_phones=2))
    values = (
        ["a1@lee.mail.org", "a2@lee.mail.org", "a3@lee.mail.org"]
        if column == "emails"
        else ["+15550101011", "+15550101012", "+15550101013"]
    )
    rows = []
    for i, value in enumerate(values):
        extra: dict[str, Any] = {column: (value,)}
        rows.append(_rec("crm", str(i), "ann", "lee", **extra))
    working = _working(rows, config)
    # The first two hold two distinct values (the cap); a third would exceed it.
    edges = _edges((0, 1, "model", 9.0), (1, 2, "model", 8.0))

    result = cluster(working, edges, NONE, config)

    assert _groups(result) == {frozenset({0, 1}), frozenset({2})}
    assert _status(result) == [(0, 1, "merged", None), (1, 2, "refused", f"cap:{column}")]


def test_shared_values_do_not_count_twice_against_the_cap() -> None:
    config = ResolveConfig(guardrails=GuardrailConfig(max_emails=2))
    working = _working(
        [
            _rec("crm", "1", "ann", "lee", emails=("a1@lee.mail.org", "a2@lee.mail.org")),
            _rec("crm", "2", "ann", "lee", emails=("a2@lee.mail.org", "a1@lee.mail.org")),
            _rec("crm", "3", "ann", "lee", emails=("a1@lee.mail.org",)),
        ],
        config,
    )
    result = cluster(working, _edges((0, 1, "model", 9.0), (1, 2, "model", 8.0)), NONE, config)
    assert _groups(result) == {frozenset({0, 1, 2})}


# --- overrides and strong edges ------------------------------------------------------------


def test_override_edges_go_first_and_pass_soft_vetoes() -> None:
    working = _working(_chain())
    # An agent linked B and C (low weight); the model's heavy A-B edge is then refused.
    edges = _edges((0, 1, "model", 30.0), (1, 2, "override", -4.0))

    result = cluster(working, edges, NONE, DEFAULT)

    assert _groups(result) == {frozenset({1, 2}), frozenset({0})}
    assert _status(result) == [
        (0, 1, "refused", "given_name_conflict"),
        (1, 2, "merged", None),
    ]


def test_override_links_conflicting_names_and_dates() -> None:
    working = _working(
        [
            _rec("crm", "1", "john", "smith", dob=date(1980, 1, 1), emails=("j@x.mail.org",)),
            _rec("crm", "2", "jane", "smith", dob=date(1975, 6, 30), phones=("+15550101009",)),
            _rec("crm", "3", "ann", "lee", emails=("a@lee.mail.org",)),
        ]
    )
    result = cluster(working, _edges((0, 1, "override", -10.0)), NONE, DEFAULT)
    assert _groups(result) == {frozenset({0, 1}), frozenset({2})}
    assert _status(result) == [(0, 1, "merged", None)]
    assert result.rebuilt == 1


def test_override_does_not_pass_cannot_link() -> None:
    working = _working(_chain("jo"))
    edges = _edges((0, 2, "override", 5.0))
    result = cluster(working, edges, _cannot((0, 2)), DEFAULT)
    assert _groups(result) == {frozenset({0}), frozenset({1}), frozenset({2})}
    # cannot_link is checked before the name conflict, so it is the reason given.
    assert _status(result) == [(0, 2, "refused", "cannot_link")]


def test_strong_edge_passes_name_and_dob_conflicts() -> None:
    working = _working(
        [
            _rec("crm", "1", "john", "smith", dob=date(1980, 1, 1), emails=("j@x.mail.org",)),
            _rec("zd", "2", "jane", "smith", dob=date(1975, 6, 30), phones=("+15550101009",)),
            _rec("zd", "3", "mary", "smith", emails=("m@x.mail.org",)),
        ]
    )
    # 0-1 share an external id (strong); 1-2 is a plain model edge with a name conflict.
    edges = _edges((0, 1, "model", 7.0, True), (1, 2, "model", 6.0, False))

    result = cluster(working, edges, NONE, DEFAULT)

    assert _groups(result) == {frozenset({0, 1}), frozenset({2})}
    assert _status(result) == [(0, 1, "merged", None), (1, 2, "refused", "given_name_conflict")]


def test_strong_edge_does_not_pass_cannot_link() -> None:
    working = _working(_chain("jo"))
    result = cluster(working, _edges((0, 2, "model", 7.0, True)), _cannot((0, 2)), DEFAULT)
    assert _status(result) == [(0, 2, "refused", "cannot_link")]
    assert len(_groups(result)) == 3


def test_strong_edge_does_not_pass_caps() -> None:
    config = ResolveConfig(guardrails=GuardrailConfig(max_emails=1))
    working = _working(
        [
            _rec("crm", "1", "ann", "lee", emails=("a1@lee.mail.org",)),
            _rec("crm", "2", "ann", "lee", emails=("a2@lee.mail.org",)),
        ],
        config,
    )
    result = cluster(working, _edges((0, 1, "model", 7.0, True)), NONE, config)
    assert _status(result) == [(0, 1, "refused", "cap:emails")]


# --- labels and the rebuilt count ----------------------------------------------------------


def test_labels_are_dense_after_splits_and_rebuilt_counts_flagged_components() -> None:
    rows = [
        *_chain(),  # 0-2: split in two
        _rec("zd", "1", "ann", "lee", emails=("a@lee.mail.org",)),  # 3-4: fine
        _rec("zd", "2", "ann", "lee", phones=("+15550101010",)),
        _rec("zd", "3", "bob", "ray", emails=("b@ray.mail.org",), dob=date(1990, 2, 2)),
        _rec("zd", "4", "bob", "ray", phones=("+15550101020",), dob=date(1960, 8, 8)),  # 5|6
        _rec("zd", "5", "cy", "twombly"),  # 7: alone
    ]
    working = _working(rows)
    edges = _edges(
        (0, 1, "model", 9.0),
        (1, 2, "model", 8.0),
        (3, 4, "model", 9.0),
        (5, 6, "model", 9.0),
    )

    result = cluster(working, edges, NONE, DEFAULT)

    assert _groups(result) == {
        frozenset({0, 1}),
        frozenset({2}),
        frozenset({3, 4}),
        frozenset({5}),
        frozenset({6}),
        frozenset({7}),
    }
    assert sorted(set(result.labels.tolist())) == list(range(6))
    assert result.rebuilt == 2
    assert result.edges["status"].to_list() == ["merged", "refused", "merged", "refused"]
    assert result.edges["reason"].to_list() == [
        None,
        "given_name_conflict",
        None,
        "dob_conflict",
    ]
