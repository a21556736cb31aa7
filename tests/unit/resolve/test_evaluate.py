"""Evaluation against ground truth: pair counts, scores, truth files and blocking recall."""

from __future__ import annotations

import itertools
import json
import random
from math import comb
from pathlib import Path

import polars as pl
import pytest

from cxm.errors import EvaluationError
from cxm.resolve.evaluate import Evaluation, blocking_recall, evaluate, read_truth


def _map(customers: dict[str, list[str]], source: str = "crm") -> pl.DataFrame:
    """An identity map from ``customer_id -> record ids`` (all in one source)."""
    rows = [(source, rid, cid) for cid, rids in customers.items() for rid in rids]
    return pl.DataFrame(rows, schema=["source", "record_id", "customer_id"], orient="row")


def _truth(entities: dict[str, list[str]], source: str | None = None) -> pl.DataFrame:
    """A truth table from ``entity_id -> record ids``; no sources unless ``source`` is given."""
    rows = [(source, rid, eid) for eid, rids in entities.items() for rid in rids]
    return pl.DataFrame(
        rows,
        schema={"source": pl.String, "record_id": pl.String, "entity_id": pl.String},
        orient="row",
    )


def _pairs(rows: list[tuple[str, str, str, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema=["source_a", "record_id_a", "source_b", "record_id_b"], orient="row"
    )


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- evaluate: hand-worked examples ----------------------------------------------------------


def test_hand_worked_example() -> None:
    truth = _truth({"A": ["r1", "r2", "r3"], "B": ["r4", "r5"]})
    identity_map = _map({"c1": ["r1", "r2"], "c2": ["r3", "r4", "r5"]})

    ev = evaluate(identity_map, truth)

    # True pairs: A has C(3,2) = 3, B has C(2,2) = 1. Predicted: c1 has 1, c2 has C(3,2) = 3.
    # Both: cell (c1, A) = {r1, r2} gives 1, (c2, A) = {r3} gives 0, (c2, B) = {r4, r5} gives 1.
    assert (ev.true_pairs, ev.predicted_pairs, ev.true_positive_pairs) == (4, 4, 2)
    assert ev.precision == pytest.approx(2 / 4)
    assert ev.recall == pytest.approx(2 / 4)
    assert ev.f1 == pytest.approx(0.5)
    assert (ev.records, ev.truth_only, ev.map_only) == (5, 0, 0)
    assert (ev.entities, ev.customers) == (2, 2)
    assert ev.split_entities == 1  # A is in c1 and c2
    assert ev.mixed_customers == 1  # c2 holds A and B


def test_unequal_precision_and_recall() -> None:
    truth = _truth({"A": ["r1", "r2", "r3", "r4"], "B": ["r5"]})
    identity_map = _map({"c1": ["r1", "r2"], "c2": ["r3", "r4", "r5"]})

    ev = evaluate(identity_map, truth)

    # True: C(4,2) = 6. Predicted: 1 + 3 = 4. Both: (c1,A) 1 + (c2,A) {r3,r4} 1 = 2.
    precision, recall = 2 / 4, 2 / 6
    assert (ev.true_pairs, ev.predicted_pairs, ev.true_positive_pairs) == (6, 4, 2)
    assert ev.precision == pytest.approx(precision)
    assert ev.recall == pytest.approx(recall)
    assert ev.f1 == pytest.approx(2 * precision * recall / (precision + recall))


def test_perfect_resolution() -> None:
    truth = _truth({"A": ["r1", "r2", "r3"], "B": ["r4", "r5"], "C": ["r6"]})
    identity_map = _map({"x": ["r1", "r2", "r3"], "y": ["r4", "r5"], "z": ["r6"]})

    ev = evaluate(identity_map, truth)

    assert (ev.precision, ev.recall, ev.f1) == (1.0, 1.0, 1.0)
    assert ev.true_pairs == ev.predicted_pairs == ev.true_positive_pairs == 3 + 1
    assert (ev.split_entities, ev.mixed_customers) == (0, 0)
    assert (ev.entities, ev.customers) == (3, 3)


def test_all_singletons_have_no_recall() -> None:
    truth = _truth({"A": ["r1", "r2", "r3"], "B": ["r4", "r5"]})
    identity_map = _map({f"c{i}": [f"r{i}"] for i in range(1, 6)})

    ev = evaluate(identity_map, truth)

    assert (ev.true_pairs, ev.predicted_pairs, ev.true_positive_pairs) == (4, 0, 0)
    assert ev.precision == 1.0  # nothing predicted, nothing wrong
    assert ev.recall == 0.0
    assert ev.f1 == 0.0
    assert ev.split_entities == 2
    assert ev.mixed_customers == 0


def test_one_customer_for_everything() -> None:
    truth = _truth({"A": ["r1", "r2", "r3"], "B": ["r4", "r5"]})
    identity_map = _map({"c": ["r1", "r2", "r3", "r4", "r5"]})

    ev = evaluate(identity_map, truth)

    assert ev.predicted_pairs == comb(5, 2)
    assert ev.recall == 1.0
    assert ev.precision == pytest.approx(4 / comb(5, 2))
    assert (ev.split_entities, ev.mixed_customers) == (0, 1)


def test_no_true_pairs_gives_full_recall() -> None:
    truth = _truth({"A": ["r1"], "B": ["r2"]})
    ev = evaluate(_map({"c": ["r1", "r2"]}), truth)
    assert (ev.true_pairs, ev.predicted_pairs) == (0, 1)
    assert (ev.precision, ev.recall, ev.f1) == (0.0, 1.0, 0.0)


def test_records_outside_the_overlap_are_counted_not_scored() -> None:
    truth = _truth({"A": ["r1", "r2", "t1"], "B": ["t2"]})
    identity_map = _map({"c1": ["r1", "r2", "m1"], "c2": ["m2"]})

    ev = evaluate(identity_map, truth)

    assert (ev.records, ev.truth_only, ev.map_only) == (2, 2, 2)
    # Only r1-r2 is evaluated: m1 sharing c1 is not a false positive, t1 not a false negative.
    assert (ev.true_pairs, ev.predicted_pairs, ev.true_positive_pairs) == (1, 1, 1)
    assert (ev.entities, ev.customers) == (1, 1)


def test_sources_keep_equal_record_ids_apart() -> None:
    identity_map = pl.concat([_map({"c1": ["1", "2"]}, "crm"), _map({"c1": ["1"]}, "shop")])
    truth = pl.concat([_truth({"A": ["1", "2"]}, "crm"), _truth({"B": ["1"]}, "shop")])

    ev = evaluate(identity_map, truth)

    assert ev.records == 3
    # crm/1 and crm/2 are A, shop/1 is B, all in c1: 3 predicted pairs, 1 of them true.
    assert (ev.true_pairs, ev.predicted_pairs, ev.true_positive_pairs) == (1, 3, 1)
    assert ev.mixed_customers == 1


def test_truth_without_sources_matches_on_record_id() -> None:
    identity_map = pl.concat([_map({"c1": ["1", "2"]}, "crm"), _map({"c2": ["3"]}, "shop")])
    truth = _truth({"A": ["1", "2", "3"]})

    ev = evaluate(identity_map, truth)

    assert (ev.records, ev.true_pairs, ev.true_positive_pairs) == (3, 3, 1)


def test_truth_without_a_source_column_at_all() -> None:
    truth = _truth({"A": ["1", "2"]}).drop("source")
    ev = evaluate(_map({"c1": ["1", "2"]}), truth)
    assert ev.f1 == 1.0


def test_ambiguous_record_id_without_sources_is_refused() -> None:
    identity_map = pl.concat([_map({"c1": ["1", "2"]}, "crm"), _map({"c2": ["1"]}, "shop")])
    truth = _truth({"A": ["1", "2"]})

    with pytest.raises(EvaluationError, match=r"record_id '1' is in sources 'crm', 'shop'"):
        evaluate(identity_map, truth)


def test_shared_record_id_the_truth_does_not_name_is_no_ambiguity() -> None:
    identity_map = pl.concat([_map({"c1": ["1", "2"]}, "crm"), _map({"c2": ["2", "9"]}, "shop")])
    truth = _truth({"A": ["1"], "B": ["9"]})

    ev = evaluate(identity_map, truth)

    assert (ev.records, ev.map_only) == (2, 2)


def test_record_with_two_customers_is_refused() -> None:
    identity_map = _map({"c1": ["1"], "c2": ["1", "2"]})
    with pytest.raises(EvaluationError, match=r"(?s)identity map.*record_id '1' has several"):
        evaluate(identity_map, _truth({"A": ["1", "2"]}))


def test_identity_map_missing_column_is_refused() -> None:
    with pytest.raises(EvaluationError, match="missing required column customer_id"):
        evaluate(_map({"c": ["1"]}).drop("customer_id"), _truth({"A": ["1"]}))


def test_repeated_identical_rows_count_once() -> None:
    identity_map = pl.concat([_map({"c1": ["1", "2"]}), _map({"c1": ["2"]})])
    truth = pl.concat([_truth({"A": ["1", "2"]}), _truth({"A": ["1"]})])

    ev = evaluate(identity_map, truth)

    assert (ev.records, ev.true_pairs, ev.predicted_pairs) == (2, 1, 1)


def test_empty_overlap() -> None:
    ev = evaluate(_map({"c": ["1"]}), _truth({"A": ["2"]}))
    assert (ev.records, ev.truth_only, ev.map_only) == (0, 1, 1)
    assert (ev.true_pairs, ev.predicted_pairs, ev.entities, ev.customers) == (0, 0, 0, 0)


def test_to_dict_is_json_ready() -> None:
    ev = evaluate(_map({"c": ["1", "2"]}), _truth({"A": ["1", "2"]}))
    doc = json.loads(json.dumps(ev.to_dict()))
    assert doc["f1"] == 1.0
    assert doc["true_pairs"] == 1
    assert set(doc) == set(Evaluation.__dataclass_fields__)


def test_evaluation_is_frozen() -> None:
    ev = evaluate(_map({"c": ["1"]}), _truth({"A": ["1"]}))
    with pytest.raises(AttributeError):
        ev.records = 2  # type: ignore[misc]


# --- evaluate: cross-check against brute-force pair enumeration ------------------------------


def _brute_force(
    identity_map: dict[tuple[str, str], str], truth: dict[tuple[str, str], str]
) -> dict[str, int]:
    common = sorted(identity_map.keys() & truth.keys())
    true = {p for p in itertools.combinations(common, 2) if truth[p[0]] == truth[p[1]]}
    predicted = {
        p for p in itertools.combinations(common, 2) if identity_map[p[0]] == identity_map[p[1]]
    }
    entity_customers: dict[str, set[str]] = {}
    customer_entities: dict[str, set[str]] = {}
    for key in common:
        entity_customers.setdefault(truth[key], set()).add(identity_map[key])
        customer_entities.setdefault(identity_map[key], set()).add(truth[key])
    return {
        "records": len(common),
        "truth_only": len(truth.keys() - identity_map.keys()),
        "map_only": len(identity_map.keys() - truth.keys()),
        "true_pairs": len(true),
        "predicted_pairs": len(predicted),
        "true_positive_pairs": len(true & predicted),
        "entities": len(entity_customers),
        "customers": len(customer_entities),
        "split_entities": sum(len(c) > 1 for c in entity_customers.values()),
        "mixed_customers": sum(len(e) > 1 for e in customer_entities.values()),
    }


@pytest.mark.parametrize("seed", range(40))
def test_matches_brute_force_on_random_inputs(seed: int) -> None:
    rng = random.Random(seed)
    keys = [(s, str(i)) for s in ("crm", "shop") for i in range(rng.randint(0, 25))]
    n_entities, n_customers = rng.randint(1, 8), rng.randint(1, 8)
    truth = {k: f"E{rng.randrange(n_entities)}" for k in keys if rng.random() < 0.85}
    identity_map = {k: f"C{rng.randrange(n_customers)}" for k in keys if rng.random() < 0.85}

    ev = evaluate(
        pl.DataFrame(
            [(s, r, c) for (s, r), c in identity_map.items()],
            schema=["source", "record_id", "customer_id"],
            orient="row",
        ),
        pl.DataFrame(
            [(s, r, e) for (s, r), e in truth.items()],
            schema={"source": pl.String, "record_id": pl.String, "entity_id": pl.String},
            orient="row",
        ),
    )

    expected = _brute_force(identity_map, truth)
    assert {k: getattr(ev, k) for k in expected} == expected
    tp, pred, true = (expected[k] for k in ("true_positive_pairs", "predicted_pairs", "true_pairs"))
    assert ev.precision == pytest.approx(tp / pred if pred else 1.0)
    assert ev.recall == pytest.approx(tp / true if true else 1.0)


@pytest.mark.parametrize("seed", range(20))
def test_blocking_recall_matches_brute_force(seed: int) -> None:
    rng = random.Random(1000 + seed)
    keys = [(s, str(i)) for s in ("crm", "shop") for i in range(rng.randint(1, 15))]
    truth = {k: f"E{rng.randrange(4)}" for k in keys if rng.random() < 0.8}
    candidates = [(rng.choice(keys), rng.choice(keys)) for _ in range(rng.randint(0, 40))]

    got = blocking_recall(
        _pairs([(a[0], a[1], b[0], b[1]) for a, b in candidates]),
        pl.DataFrame(
            [(s, r, e) for (s, r), e in truth.items()],
            schema={"source": pl.String, "record_id": pl.String, "entity_id": pl.String},
            orient="row",
        ),
    )

    true = {p for p in itertools.combinations(sorted(truth), 2) if truth[p[0]] == truth[p[1]]}
    found = {tuple(sorted(c)) for c in candidates} & true
    assert got == pytest.approx(len(found) / len(true) if true else 1.0)


# --- blocking recall ------------------------------------------------------------------------


def test_blocking_recall_hand_worked() -> None:
    truth = _truth({"A": ["r1", "r2", "r3"], "B": ["r4", "r5"]}, "crm")
    pairs = _pairs(
        [
            ("crm", "r2", "crm", "r1"),  # true, reversed
            ("crm", "r1", "crm", "r2"),  # the same pair again
            ("crm", "r4", "crm", "r5"),  # true
            ("crm", "r1", "crm", "r4"),  # false
            ("crm", "r3", "crm", "r3"),  # a record with itself is no pair
            ("crm", "r1", "crm", "zz"),  # not in the truth
        ]
    )
    # True pairs: 3 in A + 1 in B = 4; found r1-r2 and r4-r5.
    assert blocking_recall(pairs, truth) == pytest.approx(2 / 4)


def test_blocking_recall_without_true_pairs_is_one() -> None:
    truth = _truth({"A": ["r1"], "B": ["r2"]}, "crm")
    assert blocking_recall(_pairs([("crm", "r1", "crm", "r2")]), truth) == 1.0


def test_blocking_recall_with_no_candidates() -> None:
    truth = _truth({"A": ["r1", "r2"]}, "crm")
    assert blocking_recall(_pairs([]), truth) == 0.0


def test_blocking_recall_respects_sources() -> None:
    truth = pl.concat([_truth({"A": ["1"]}, "crm"), _truth({"A": ["1"]}, "shop")])
    assert blocking_recall(_pairs([("crm", "1", "shop", "1")]), truth) == 1.0
    assert blocking_recall(_pairs([("crm", "1", "crm", "1")]), truth) == 0.0


def test_blocking_recall_without_sources() -> None:
    truth = _truth({"A": ["1", "2", "3"]})
    pairs = _pairs([("crm", "1", "shop", "2"), ("shop", "3", "shop", "2")])
    assert blocking_recall(pairs, truth) == pytest.approx(2 / 3)


def test_blocking_recall_ambiguous_record_id_without_sources() -> None:
    truth = _truth({"A": ["1", "2"]})
    pairs = _pairs([("crm", "1", "shop", "2"), ("shop", "1", "crm", "9")])
    with pytest.raises(EvaluationError, match=r"record_id '1' is in sources 'crm', 'shop'"):
        blocking_recall(pairs, truth)


def test_blocking_recall_missing_column() -> None:
    with pytest.raises(EvaluationError, match="candidate pairs: missing required column source_b"):
        blocking_recall(_pairs([]).drop("source_b"), _truth({"A": ["1"]}))


# --- read_truth -----------------------------------------------------------------------------


def test_read_truth_csv_without_source(tmp_path: Path) -> None:
    path = _write(tmp_path / "truth.csv", "record_id,entity_id\n00123,E1\n0042,E1\n7,E2\n")

    truth = read_truth(path)

    assert truth.schema == pl.Schema(
        {"source": pl.String, "record_id": pl.String, "entity_id": pl.String}
    )
    assert truth["record_id"].to_list() == ["00123", "0042", "7"]
    assert truth["source"].null_count() == 3


def test_read_truth_csv_with_source_and_loose_header(tmp_path: Path) -> None:
    text = "\ufeffEntity_ID , Source,notes, RECORD_ID\nE1,crm,x, 001 \nE1,shop,,002\n"
    path = _write(tmp_path / "truth.csv", text)

    truth = read_truth(path)

    assert truth.rows() == [("crm", "001", "E1"), ("shop", "002", "E1")]


def test_read_truth_keeps_repeated_identical_rows_once(tmp_path: Path) -> None:
    path = _write(tmp_path / "truth.csv", "record_id,entity_id\n1,A\n2,A\n1,A\n")
    assert read_truth(path)["record_id"].to_list() == ["1", "2"]


def test_read_truth_parquet(tmp_path: Path) -> None:
    path = tmp_path / "truth.parquet"
    pl.DataFrame(
        {"source": ["crm", "crm"], "record_id": ["00123", "9"], "entity_id": ["E1", "E1"]}
    ).write_parquet(path)

    truth = read_truth(path)

    assert truth.rows() == [("crm", "00123", "E1"), ("crm", "9", "E1")]


def test_read_truth_parquet_with_numbers_reads_strings(tmp_path: Path) -> None:
    path = tmp_path / "truth.parquet"
    pl.DataFrame({"record_id": [1, 2], "entity_id": [10, 10]}).write_parquet(path)

    truth = read_truth(path)

    assert truth["record_id"].to_list() == ["1", "2"]
    assert truth["entity_id"].dtype == pl.String


def test_read_truth_then_evaluate(tmp_path: Path) -> None:
    path = _write(tmp_path / "truth.csv", "source,record_id,entity_id\ncrm,01,A\ncrm,02,A\n")
    ev = evaluate(_map({"c": ["01", "02"]}), read_truth(path))
    assert (ev.records, ev.f1) == (2, 1.0)


def test_read_truth_missing_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "truth.csv", "record_id,person\n1,A\n")
    with pytest.raises(EvaluationError) as info:
        read_truth(path)
    message = str(info.value)
    assert str(path) in message
    assert "missing required column entity_id" in message
    assert "found: record_id" in message


def test_read_truth_parquet_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "truth.parquet"
    pl.DataFrame({"entity_id": ["A"]}).write_parquet(path)
    with pytest.raises(EvaluationError, match=r"truth\.parquet: missing required column record_id"):
        read_truth(path)


def test_read_truth_empty_ids_name_row_and_field(tmp_path: Path) -> None:
    path = _write(tmp_path / "truth.csv", "record_id,entity_id\n1,A\n,A\n3,  \n4,B\n")
    with pytest.raises(EvaluationError) as info:
        read_truth(path)
    message = str(info.value)
    assert message.startswith(f"{path}: 2 problems:")
    assert "row 2, record_id: empty" in message
    assert "row 3, entity_id: empty" in message


def test_read_truth_conflicting_entities_name_rows(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "truth.csv",
        "source,record_id,entity_id\ncrm,1,A\nshop,1,B\ncrm,2,A\ncrm,1,C\n",
    )
    with pytest.raises(EvaluationError) as info:
        read_truth(path)
    message = str(info.value)
    assert str(path) in message
    assert (
        "rows 1, 4, entity_id: source 'crm', record_id '1' is given different entities" in message
    )
    assert "('A', 'C')" in message


def test_read_truth_conflict_rows_count_repeats_too(tmp_path: Path) -> None:
    path = _write(tmp_path / "truth.csv", "record_id,entity_id\n1,A\n1,A\n2,B\n1,C\n")
    with pytest.raises(EvaluationError, match=r"rows 1, 2, 4, entity_id: record_id '1' is given"):
        read_truth(path)


def test_read_truth_partial_source(tmp_path: Path) -> None:
    path = _write(tmp_path / "truth.csv", "source,record_id,entity_id\ncrm,1,A\n,2,A\n")
    with pytest.raises(EvaluationError, match=r"row 2, source: empty while other rows"):
        read_truth(path)


def test_read_truth_reports_problems_together_and_caps_the_list(tmp_path: Path) -> None:
    rows = "".join(f",E{i}\n" for i in range(15))
    path = _write(tmp_path / "truth.csv", "record_id,entity_id\n" + rows)
    with pytest.raises(EvaluationError) as info:
        read_truth(path)
    message = str(info.value)
    assert "15 problems" in message
    assert "row 10, record_id: empty" in message
    assert "row 11," not in message
    assert "... and 5 more" in message


def test_read_truth_repeated_header_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "truth.csv", "record_id,entity_id,Record_ID\n1,A,2\n")
    with pytest.raises(EvaluationError, match="the header names record_id more than once"):
        read_truth(path)


@pytest.mark.parametrize("content", [None, ""])
def test_read_truth_unreadable_file(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "truth.csv"
    if content is not None:
        _write(path, content)
    with pytest.raises(EvaluationError, match=rf"{path.name}: cannot read the truth file"):
        read_truth(path)


def test_evaluate_checks_a_truth_frame_too() -> None:
    truth = pl.DataFrame({"record_id": ["1", "1"], "entity_id": ["A", "B"]})
    with pytest.raises(EvaluationError, match=r"the truth table: 1 problem:\n  rows 1, 2"):
        evaluate(_map({"c": ["1"]}), truth)


def test_pair_counts_do_not_overflow_32_bits() -> None:
    n = 70_000  # n * (n - 1) exceeds 2**32
    ids = [str(i) for i in range(n)]
    ev = evaluate(_map({"c": ids}), _truth({"A": ids}))
    assert ev.true_pairs == ev.predicted_pairs == ev.true_positive_pairs == comb(n, 2)
    assert blocking_recall(_pairs([("crm", "0", "crm", "1")]), _truth({"A": ids}, "crm")) == (
        pytest.approx(1 / comb(n, 2))
    )
