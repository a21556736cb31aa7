"""Stable customer ids: first issue, reruns, merges, aliases, splits, retirements, determinism."""

from __future__ import annotations

import doctest
import hashlib
import random
from datetime import UTC, datetime, timedelta

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from cxm.errors import ResolveError
from cxm.resolve import ids
from cxm.resolve.ids import IdAssignment, IdState, assign_ids, new_customer_id

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _sha(text: str) -> str:
    """The id rule written out independently of the module under test."""
    return "cus_" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _clusters(groups: list[list[tuple[str, str]]], labels: list[int] | None = None) -> pl.DataFrame:
    labels = labels if labels is not None else list(range(len(groups)))
    rows = [(s, r, label) for label, group in zip(labels, groups, strict=True) for s, r in group]
    return pl.DataFrame(
        rows,
        schema={"source": pl.String, "record_id": pl.String, "cluster": pl.Int64},
        orient="row",
    )


def _run(
    groups: list[list[tuple[str, str]]],
    previous: IdState,
    run: int,
    labels: list[int] | None = None,
) -> IdAssignment:
    return assign_ids(
        _clusters(groups, labels), previous, run_id=f"run{run}", now=T0 + timedelta(days=run)
    )


def _id_of(result: IdAssignment, source: str, record_id: str) -> str:
    row = result.state.identity_map.filter(
        (pl.col("source") == source) & (pl.col("record_id") == record_id)
    )
    assert row.height == 1
    return str(row["customer_id"][0])


def _status(result: IdAssignment) -> dict[str, str]:
    return dict(result.state.registry.select("customer_id", "status").iter_rows())


def _alias_map(result: IdAssignment) -> dict[str, str]:
    return dict(result.state.aliases.select("alias_id", "customer_id").iter_rows())


def test_first_run_ids_are_the_hash_of_the_smallest_key() -> None:
    groups = [[("shop", "7"), ("crm", "9"), ("crm", "10")], [("web", "a")]]
    result = _run(groups, IdState.empty(), 1)

    # ("crm", "10") < ("crm", "9") < ("shop", "7"): string order, not numeric.
    assert result.customers.rows() == [(0, _sha("crm\x1f10")), (1, _sha("web\x1fa"))]
    assert _id_of(result, "shop", "7") == _sha("crm\x1f10")
    assert result.state.identity_map.columns == ["source", "record_id", "customer_id"]
    assert result.state.identity_map.height == 4
    assert result.state.registry.rows() == sorted(
        (cid, T0 + timedelta(days=1), "run1", "active")
        for cid in (_sha("crm\x1f10"), _sha("web\x1fa"))
    )
    assert result.state.registry.schema == IdState.empty().registry.schema
    assert result.state.aliases.is_empty()
    assert result.stats == {"new": 2, "kept": 0, "merged": 0, "split": 0, "retired": 0}
    assert new_customer_id("crm", "10") == _sha("crm\x1f10")
    assert new_customer_id("crm", "10", 2) == _sha("crm\x1f10\x1f2")


def test_rerun_with_the_same_clusters_keeps_every_id() -> None:
    groups = [[("crm", "1"), ("shop", "1")], [("crm", "2")], [("crm", "3"), ("web", "x")]]
    first = _run(groups, IdState.empty(), 1)
    # Different cluster numbering and a new record joining an existing customer.
    groups[1].append(("web", "new"))
    second = _run(groups, first.state, 2, labels=[40, 10, 20])

    assert second.stats == {"new": 0, "kept": 3, "merged": 0, "split": 0, "retired": 0}
    assert dict(second.customers.iter_rows()) == {
        40: _sha("crm\x1f1"),
        10: _sha("crm\x1f2"),
        20: _sha("crm\x1f3"),
    }
    assert _id_of(second, "web", "new") == _sha("crm\x1f2")
    assert second.state.aliases.is_empty()
    assert_frame_equal(second.state.registry, first.state.registry)


def test_merge_keeps_the_older_id_and_aliases_the_other() -> None:
    old = _run([[("crm", "aa")]], IdState.empty(), 1)
    both = _run([[("crm", "zz")], [("crm", "aa")]], old.state, 2)
    older, younger = _sha("crm\x1faa"), _sha("crm\x1fzz")
    assert older > younger, "the older id sorts last, so age (not the string) must decide"
    assert both.stats["new"] == 1

    merged = _run([[("crm", "aa"), ("crm", "zz")]], both.state, 3)

    assert merged.customers["customer_id"].to_list() == [older]
    assert merged.stats == {"new": 0, "kept": 1, "merged": 1, "split": 0, "retired": 0}
    assert merged.state.aliases.rows() == [(younger, older, T0 + timedelta(days=3), "run3")]
    assert _status(merged) == {older: "active", younger: "alias"}
    assert set(merged.state.identity_map["customer_id"]) == {older}


def test_merge_of_ids_issued_together_keeps_the_smaller_id() -> None:
    first = _run([[("crm", "1")], [("crm", "2")]], IdState.empty(), 1)
    small, large = sorted(first.customers["customer_id"])
    merged = _run([[("crm", "1"), ("crm", "2")]], first.state, 2)
    assert merged.customers["customer_id"].to_list() == [small]
    assert _alias_map(merged) == {large: small}


def test_aliases_of_a_merged_id_are_repointed_to_the_survivor() -> None:
    run1 = _run([[("crm", "c")]], IdState.empty(), 1)
    run2 = _run([[("crm", "c")], [("crm", "a")], [("crm", "b")]], run1.state, 2)
    run3 = _run([[("crm", "c")], [("crm", "a"), ("crm", "b")]], run2.state, 3)
    oldest = _sha("crm\x1fc")
    survivor3, alias3 = sorted([_sha("crm\x1fa"), _sha("crm\x1fb")])
    assert _alias_map(run3) == {alias3: survivor3}

    run4 = _run([[("crm", "a"), ("crm", "b"), ("crm", "c")]], run3.state, 4)

    assert run4.customers["customer_id"].to_list() == [oldest]
    assert _alias_map(run4) == {alias3: oldest, survivor3: oldest}
    # The repointed alias keeps the time and run of its own merge.
    repointed = run4.state.aliases.filter(pl.col("alias_id") == alias3).row(0, named=True)
    assert (repointed["merged_at"], repointed["run_id"]) == (T0 + timedelta(days=3), "run3")
    assert run4.stats["merged"] == 1
    assert _status(run4) == {oldest: "active", survivor3: "alias", alias3: "alias"}


def test_split_larger_part_keeps_the_id_and_the_smaller_gets_the_n1_variant() -> None:
    first = _run([[("crm", "1"), ("crm", "2"), ("crm", "3")]], IdState.empty(), 1)
    old = _sha("crm\x1f1")
    # The smaller part holds the old smallest record, whose plain hash is the old id: taken.
    second = _run([[("crm", "2"), ("crm", "3")], [("crm", "1")]], first.state, 2)

    assert dict(second.customers.iter_rows()) == {0: old, 1: _sha("crm\x1f1\x1f1")}
    assert second.stats == {"new": 1, "kept": 1, "merged": 0, "split": 1, "retired": 0}
    assert _status(second) == {old: "active", _sha("crm\x1f1\x1f1"): "active"}


def test_split_variant_skips_every_id_already_issued() -> None:
    first = _run([[("crm", "1"), ("crm", "2"), ("crm", "3")]], IdState.empty(), 1)
    second = _run([[("crm", "2"), ("crm", "3")], [("crm", "1")]], first.state, 2)
    # Both halves regroup and split again the same way: ids stay put.
    # Regroup: {1, 3} wins the old id on the tie and also claims the variant: a merge.
    third = _run([[("crm", "1"), ("crm", "3")], [("crm", "2")]], second.state, 3)
    old, variant = _sha("crm\x1f1"), _sha("crm\x1f1\x1f1")
    assert dict(third.customers.iter_rows()) == {0: old, 1: _sha("crm\x1f2")}
    assert _alias_map(third) == {variant: old}
    # A new cluster whose key hashes to both taken ids moves on to n = 2.
    gone = _run([[("crm", "9")]], third.state, 4)
    back = _run([[("crm", "1")]], gone.state, 5)
    assert back.customers["customer_id"].to_list() == [_sha("crm\x1f1\x1f2")]


def test_claim_ties_go_to_the_cluster_with_the_smallest_key() -> None:
    first = _run([[("crm", "b"), ("shop", "a")]], IdState.empty(), 1)
    old = _sha("crm\x1fb")
    # 1 record each; ("crm", "b") < ("shop", "a"), whatever the cluster labels say.
    second = _run([[("shop", "a"), ("web", "z")], [("crm", "b"), ("xyz", "q")]], first.state, 2)
    assert dict(second.customers.iter_rows()) == {0: _sha("shop\x1fa"), 1: old}
    assert second.stats["split"] == 1


def test_larger_part_wins_even_when_its_smallest_key_sorts_later() -> None:
    first = _run([[("a", "1"), ("z", "1"), ("z", "2")]], IdState.empty(), 1)
    second = _run([[("a", "1")], [("z", "1"), ("z", "2")]], first.state, 2)
    assert dict(second.customers.iter_rows()) == {0: _sha("a\x1f1\x1f1"), 1: _sha("a\x1f1")}


def test_id_whose_records_are_gone_is_retired_and_never_reused() -> None:
    first = _run([[("crm", "1")], [("crm", "2")]], IdState.empty(), 1)
    second = _run([[("crm", "1")]], first.state, 2)
    gone = _sha("crm\x1f2")
    assert second.stats == {"new": 0, "kept": 1, "merged": 0, "split": 0, "retired": 1}
    assert _status(second)[gone] == "retired"

    back = _run([[("crm", "1")], [("crm", "2")]], second.state, 3)
    assert _id_of(back, "crm", "2") == _sha("crm\x1f2\x1f1")
    assert _status(back)[gone] == "retired"
    assert back.stats["retired"] == 0


def _scenario() -> list[list[list[tuple[str, str]]]]:
    rng = random.Random(11)
    records = [(rng.choice(["crm", "shop", "web"]), str(i)) for i in range(60)]
    runs = []
    for _ in range(4):
        live = rng.sample(records, 50)
        groups: dict[int, list[tuple[str, str]]] = {}
        for record in live:
            groups.setdefault(rng.randrange(25), []).append(record)
        runs.append(list(groups.values()))
    return runs


def _shuffled(frame: pl.DataFrame, seed: int) -> pl.DataFrame:
    return frame.sample(fraction=1.0, shuffle=True, seed=seed)


def test_same_input_in_any_order_and_numbering_gives_identical_output() -> None:
    state_a = state_b = IdState.empty()
    for run, groups in enumerate(_scenario(), start=1):
        clusters = _clusters(groups)
        now = T0 + timedelta(days=run)
        a = assign_ids(clusters, state_a, run_id=f"r{run}", now=now)
        relabelled = _shuffled(clusters, run).with_columns(cluster=pl.col("cluster") * -7 + 1000)
        shuffled_state = IdState(
            identity_map=_shuffled(state_b.identity_map, run),
            registry=_shuffled(state_b.registry, run + 1),
            aliases=_shuffled(state_b.aliases, run + 2),
        )
        b = assign_ids(relabelled, shuffled_state, run_id=f"r{run}", now=now)

        assert_frame_equal(a.state.identity_map, b.state.identity_map)
        assert_frame_equal(a.state.registry, b.state.registry)
        assert_frame_equal(a.state.aliases, b.state.aliases)
        assert a.stats == b.stats
        mapped = b.customers.with_columns(cluster=(pl.col("cluster") - 1000) // -7).sort("cluster")
        assert_frame_equal(a.customers, mapped)
        state_a, state_b = a.state, b.state


def test_invariants_hold_over_many_runs() -> None:
    state = IdState.empty()
    ever_issued: set[str] = set()
    for run, groups in enumerate(_scenario() * 2, start=1):
        result = _run(groups, state, run)
        registry = result.state.registry
        status = _status(result)
        issued_now = set(registry.filter(pl.col("issued_run") == f"run{run}")["customer_id"])

        assert registry["customer_id"].is_unique().all()
        assert not issued_now & ever_issued, "an id was issued twice"
        assert set(status) == ever_issued | issued_now
        assert result.customers["customer_id"].is_unique().all()
        assert all(status[c] == "active" for c in result.customers["customer_id"])
        assert sum(s == "active" for s in status.values()) == result.customers.height
        for alias, target in _alias_map(result).items():
            assert status[alias] == "alias"
            assert status[target] != "alias", "alias chain"
        assert result.stats["new"] + result.stats["kept"] == result.customers.height
        assert result.stats["new"] == len(issued_now)
        ever_issued |= issued_now
        state = result.state


def _sequential_ids(keys: list[tuple[str, str]], registry: set[str]) -> list[str]:
    """The rule as written: one cluster at a time, in key order."""
    given: set[str] = set()
    out = []
    for source, record_id in keys:
        n, candidate = 0, new_customer_id(source, record_id)
        while candidate in registry or candidate in given:
            n += 1
            candidate = new_customer_id(source, record_id, n)
        given.add(candidate)
        out.append(candidate)
    return out


@pytest.mark.parametrize("seed", range(20))
def test_collision_handling_matches_the_sequential_rule(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One hex digit: 16 possible ids, so first choices collide with each other, with the
    # registry, and alternatives land on later clusters' first choices.
    monkeypatch.setattr(ids, "ID_HEX_DIGITS", 1)
    rng = random.Random(seed)
    keys = sorted({("crm", str(rng.randrange(1000))) for _ in range(rng.randrange(2, 12))})
    registry_ids = sorted({new_customer_id("shop", str(i)) for i in range(rng.randrange(0, 6))})
    registry = pl.DataFrame(
        {
            "customer_id": registry_ids,
            "issued_at": [T0] * len(registry_ids),
            "issued_run": ["old"] * len(registry_ids),
            "status": ["retired"] * len(registry_ids),
        },
        schema=IdState.empty().registry.schema,
    )
    state = IdState(IdState.empty().identity_map, registry, IdState.empty().aliases)
    result = assign_ids(_clusters([[k] for k in keys]), state, run_id="r", now=T0)
    assert result.customers["customer_id"].to_list() == _sequential_ids(keys, set(registry_ids))


def test_refuses_a_record_listed_twice() -> None:
    clusters = _clusters([[("crm", "1")], [("crm", "1"), ("crm", "2")]])
    with pytest.raises(ResolveError, match=r"\('crm', '1'\)"):
        assign_ids(clusters, IdState.empty(), run_id="r", now=T0)


def test_refuses_bad_input_and_reports_every_problem() -> None:
    clusters = pl.DataFrame({"source": ["crm", None], "cluster": ["a", "b"]})
    with pytest.raises(ResolveError) as caught:
        assign_ids(clusters, IdState.empty(), run_id="r", now=T0)
    message = str(caught.value)
    assert "missing columns record_id" in message
    assert "'cluster' must be an integer" in message
    assert "'source' holds 1 nulls" in message


def test_refuses_a_naive_timestamp() -> None:
    with pytest.raises(ResolveError, match="timezone-aware"):
        assign_ids(
            _clusters([[("crm", "1")]]), IdState.empty(), run_id="r", now=datetime(2026, 1, 1)
        )


def test_refuses_a_state_whose_identity_map_uses_inactive_ids() -> None:
    first = _run([[("crm", "1")], [("crm", "2")]], IdState.empty(), 1)
    gone = _run([[("crm", "1")]], first.state, 2)
    stale = IdState(first.state.identity_map, gone.state.registry, gone.state.aliases)
    with pytest.raises(ResolveError, match=_sha("crm\x1f2")):
        _run([[("crm", "1")], [("crm", "2")]], stale, 3)


def test_refuses_an_identity_map_listing_a_record_twice() -> None:
    first = _run([[("crm", "1")]], IdState.empty(), 1)
    doubled = IdState(
        pl.concat([first.state.identity_map] * 2), first.state.registry, first.state.aliases
    )
    with pytest.raises(ResolveError, match="more than once"):
        _run([[("crm", "1")]], doubled, 2)


def test_docstring_examples() -> None:
    result = doctest.testmod(ids, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


def test_refuses_a_registry_listing_an_id_twice() -> None:
    first = _run([[("crm", "1")]], IdState.empty(), 1)
    doubled = IdState(
        first.state.identity_map, pl.concat([first.state.registry] * 2), first.state.aliases
    )
    with pytest.raises(ResolveError, match="customer_id listed twice"):
        _run([[("crm", "1")]], doubled, 2)
