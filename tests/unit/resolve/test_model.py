"""model: u from random pairs, m and the prior by EM, weights, scoring, term frequency."""

from __future__ import annotations

import json
import math
from itertools import pairwise

import numpy as np
import polars as pl
import pytest

from cxm.resolve import model as model_module
from cxm.resolve.compare import COMPARISONS
from cxm.resolve.model import (
    Model,
    estimate_m,
    estimate_u,
    model_from_dict,
    score,
    term_frequencies,
    tf_table,
)

# True parameters of the synthetic data: m/u rises with the level for every comparison.
TRUE_M: dict[str, list[float]] = {
    "given_name": [0.03, 0.02, 0.03, 0.05, 0.07, 0.80],
    "family_name": [0.05, 0.04, 0.06, 0.85],
    "email": [0.30, 0.10, 0.60],
    "phone": [0.30, 0.10, 0.60],
    "birth_date": [0.03, 0.03, 0.09, 0.85],
    "street": [0.20, 0.10, 0.70],
    "city": [0.15, 0.85],
    "postcode": [0.15, 0.85],
    "external_id": [0.10, 0.90],
    "handle": [1.0],
}
TRUE_U: dict[str, list[float]] = {
    "given_name": [0.80, 0.05, 0.06, 0.03, 0.02, 0.04],
    "family_name": [0.85, 0.06, 0.04, 0.05],
    "email": [0.97, 0.02, 0.01],
    "phone": [0.96, 0.03, 0.01],
    "birth_date": [0.85, 0.10, 0.03, 0.02],
    "street": [0.90, 0.07, 0.03],
    "city": [0.80, 0.20],
    "postcode": [0.90, 0.10],
    "external_id": [0.99, 0.01],
    "handle": [1.0],
}
MISSING: dict[str, float] = {
    "given_name": 0.1,
    "family_name": 0.1,
    "email": 0.3,
    "phone": 0.3,
    "birth_date": 0.4,
    "street": 0.2,
    "city": 0.2,
    "postcode": 0.2,
    "external_id": 0.7,
    "handle": 1.0,
}


def levels_frame(columns: dict[str, list[int]]) -> pl.DataFrame:
    """A levels frame: the given columns, every other comparison missing (-1)."""
    n = len(next(iter(columns.values())))
    return pl.DataFrame(
        {c: columns.get(c, [-1] * n) for c in COMPARISONS},
        schema={c: pl.Int8 for c in COMPARISONS},
    )


def synthetic(
    n: int, prior: float, m: dict[str, list[float]], u: dict[str, list[float]], seed: int
) -> pl.DataFrame:
    """Levels of ``n`` pairs, a share ``prior`` of them matches, drawn independently per
    comparison from m (matches) or u (non-matches), with values missing at random."""
    rng = np.random.default_rng(seed)
    match = rng.random(n) < prior
    columns: dict[str, np.ndarray] = {}
    for c in COMPARISONS:
        k = len(COMPARISONS[c])
        from_m = rng.choice(k, size=n, p=m[c])
        from_u = rng.choice(k, size=n, p=u[c])
        value = np.where(match, from_m, from_u)
        value[rng.random(n) < MISSING[c]] = -1
        columns[c] = value.astype(np.int8)
    return pl.DataFrame(columns)


def uniform_model(prior: float = 0.01) -> Model:
    return Model(m=dict(TRUE_M), u=dict(TRUE_U), prior=prior)


# --- u ------------------------------------------------------------------------------------------


def test_estimate_u_counts_levels_with_pseudo_counts() -> None:
    levels = levels_frame(
        {
            "given_name": [5, 0, 0, -1, 2, 0],
            "email": [2, -1, -1, -1, -1, -1],
        }
    )
    u = estimate_u(levels)
    # Definition: 0.01 per level, plus _U_PSEUDO disagreeing pairs, plus the observed counts.
    pseudo = model_module._U_PSEUDO
    given_counts = [3 + 0.01 + pseudo, 0.01, 1 + 0.01, 0.01, 0.01, 1 + 0.01]
    total = sum(given_counts)
    assert u["given_name"] == pytest.approx([x / total for x in given_counts])
    email_counts = [0.01 + pseudo, 0.01, 1 + 0.01]
    assert u["email"] == pytest.approx([x / sum(email_counts) for x in email_counts])
    # No observation at all: only the pseudo-counts.
    phone_counts = [0.01 + pseudo, 0.01, 0.01]
    assert u["phone"] == pytest.approx([x / sum(phone_counts) for x in phone_counts])
    assert set(u) == set(COMPARISONS)
    for c, probs in u.items():
        assert len(probs) == len(COMPARISONS[c])
        assert sum(probs) == pytest.approx(1.0)


def test_estimate_u_approaches_the_level_shares_of_many_random_pairs() -> None:
    levels = synthetic(50_000, prior=0.0, m=TRUE_M, u=TRUE_U, seed=5)
    u = estimate_u(levels)
    for c in COMPARISONS:
        if MISSING[c] < 1.0:
            np.testing.assert_allclose(u[c], TRUE_U[c], atol=0.01, err_msg=c)


# --- m and the prior by EM ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def em_data() -> pl.DataFrame:
    return synthetic(30_000, prior=0.3, m=TRUE_M, u=TRUE_U, seed=1)


def test_em_recovers_m_and_prior(em_data: pl.DataFrame) -> None:
    n = em_data.height
    model = estimate_m(em_data, TRUE_U, iterations=200, total_pairs=float(n))
    for c in COMPARISONS:
        np.testing.assert_allclose(model.m[c], TRUE_M[c], atol=0.03, err_msg=c)
        assert sum(model.m[c]) == pytest.approx(1.0)
    assert model.prior == pytest.approx(0.3, abs=0.02)
    assert model.u == TRUE_U
    assert model.converged
    assert model.iterations > 0


def test_prior_is_expected_matches_over_total_pairs(em_data: pl.DataFrame) -> None:
    n = float(em_data.height)
    base = estimate_m(em_data, TRUE_U, iterations=200, total_pairs=n)
    wider = estimate_m(em_data, TRUE_U, iterations=200, total_pairs=40 * n)
    # Same m (up to summation order: EM's level patterns come from an unordered group_by).
    for c in COMPARISONS:
        assert wider.m[c] == pytest.approx(base.m[c], abs=1e-12), c
    assert wider.prior == pytest.approx(base.prior / 40, rel=1e-9)
    # More expected matches than pairs is impossible: the prior is capped at one half.
    narrow = estimate_m(em_data, TRUE_U, iterations=200, total_pairs=n / 10)
    assert narrow.prior == 0.5


def test_weights_never_fall_with_a_closer_level() -> None:
    # "initial" given names are rarer among matches than among non-matches here, which would make
    # the initial level weaker evidence than outright disagreement.
    m = {**TRUE_M, "given_name": [0.10, 0.001, 0.03, 0.05, 0.07, 0.749]}
    levels = synthetic(20_000, prior=0.3, m=m, u=TRUE_U, seed=2)
    model = estimate_m(levels, TRUE_U, iterations=100, total_pairs=20_000.0)
    weights = model.weights()
    for c, per_level in weights.items():
        assert all(b >= a - 1e-9 for a, b in pairwise(per_level)), c
    # The raised level's ratio is exactly the one beneath it.
    assert weights["given_name"][1] == pytest.approx(weights["given_name"][0], abs=1e-9)
    assert weights["given_name"][2] > weights["given_name"][1]


def test_em_without_enough_pairs_keeps_the_initial_m() -> None:
    levels = levels_frame({"given_name": [5] * 10, "family_name": [3] * 10})
    model = estimate_m(levels, TRUE_U, iterations=10, total_pairs=1000.0, min_session_pairs=50)
    assert model.iterations == 0
    for c in COMPARISONS:
        # Only the monotone repair may have touched it; the initial m is already monotone here.
        ratios = [a / b for a, b in zip(model.m[c], TRUE_U[c], strict=True)]
        assert ratios == sorted(ratios), c


# --- weights and scores -------------------------------------------------------------------------


def test_weights_are_log2_m_over_u() -> None:
    model = uniform_model()
    weights = model.weights()
    for c in COMPARISONS:
        expected = [math.log2(m / u) for m, u in zip(TRUE_M[c], TRUE_U[c], strict=True)]
        assert weights[c] == pytest.approx(expected), c
    assert model.prior_weight == pytest.approx(math.log2(0.01 / 0.99))


def test_score_sums_level_weights_and_the_prior() -> None:
    model = uniform_model(prior=0.02)
    levels = levels_frame(
        {
            "given_name": [5, 0, -1],
            "family_name": [3, 1, -1],
            "email": [-1, 0, -1],
            "birth_date": [2, -1, -1],
        }
    )
    out = score(model, levels)
    weights = model.weights()
    prior_w = math.log2(0.02 / 0.98)

    def w(c: str, level: int) -> float:
        return 0.0 if level == -1 else weights[c][level]

    rows = levels.rows(named=True)
    for i, row in enumerate(rows):
        for c in COMPARISONS:
            assert out[f"w_{c}"][i] == pytest.approx(w(c, row[c])), (i, c)
        total = prior_w + sum(w(c, row[c]) for c in COMPARISONS)
        assert out["match_weight"][i] == pytest.approx(total)
        assert out["match_probability"][i] == pytest.approx(1 / (1 + 2 ** (-total)))
    # A pair with nothing known scores the prior alone.
    assert out["match_weight"][2] == pytest.approx(prior_w)
    assert out["match_probability"][2] == pytest.approx(0.02)


def test_term_frequencies_are_shares_of_records_with_a_value() -> None:
    working = pl.DataFrame(
        {
            "given_tf": ["ann", "ann", "bob", None, "ann"],
            "family": ["lee", None, None, None, "smith"],
        }
    )
    tf = term_frequencies(working)
    given = dict(tf["given_name"].iter_rows())
    assert given == pytest.approx({"ann": 3 / 4, "bob": 1 / 4})
    family = dict(tf["family_name"].iter_rows())
    assert family == pytest.approx({"lee": 1 / 2, "smith": 1 / 2})


def test_term_frequency_gives_a_rare_name_more_bits_than_a_common_one() -> None:
    model = uniform_model()
    names = ["smith"] * 60 + ["jones"] * 39 + ["zebedee"]
    model.tf = term_frequencies(pl.DataFrame({"given_tf": names, "family": names}))
    exact = len(COMPARISONS["family_name"]) - 1
    levels = levels_frame({"family_name": [exact, exact, 1]})
    values = pl.Series(["smith", "zebedee", "smith"])
    out = score(model, levels, {"family_name": values})
    m_exact = TRUE_M["family_name"][exact]
    common, rare, similar = out["w_family_name"].to_list()
    assert common == pytest.approx(math.log2(m_exact / 0.60))
    assert rare == pytest.approx(math.log2(m_exact / 0.01))
    assert rare > common
    # Only the exact level is adjusted.
    assert similar == pytest.approx(model.weights()["family_name"][1])
    # The given-name weights are untouched when no given values are passed.
    plain = score(model, levels)
    assert out["w_given_name"].equals(plain["w_given_name"])
    assert out["match_weight"][1] - plain["match_weight"][1] == pytest.approx(
        rare - model.weights()["family_name"][exact]
    )


# --- persistence --------------------------------------------------------------------------------


def test_model_round_trips_through_its_dict_and_tf_table() -> None:
    model = Model(
        m={c: list(p) for c, p in TRUE_M.items()},
        u={c: list(p) for c, p in TRUE_U.items()},
        prior=0.0123,
        iterations=17,
        converged=True,
    )
    model.tf = term_frequencies(
        pl.DataFrame({"given_tf": ["ann", "ann", "bob"], "family": ["lee", "kay", "kay"]})
    )
    doc = json.loads(json.dumps(model.to_dict()))
    again = model_from_dict(doc, tf_table(model))
    assert again.m == model.m
    assert again.u == model.u
    assert again.prior == model.prior
    assert again.iterations == 17
    assert again.converged is True
    assert again.weights() == model.weights()
    for c, frame in model.tf.items():
        assert again.tf[c].sort("value").equals(frame.sort("value"))
    # The document names every level with its weight.
    for c, names in COMPARISONS.items():
        assert [level["level"] for level in doc["comparisons"][c]] == list(names)
        assert [level["weight"] for level in doc["comparisons"][c]] == pytest.approx(
            model.weights()[c]
        )
    assert doc["prior_weight"] == pytest.approx(model.prior_weight)


def test_tf_table_of_a_model_without_term_frequencies_is_empty() -> None:
    table = tf_table(uniform_model())
    assert table.height == 0
    assert table.schema == pl.Schema(
        {"comparison": pl.String, "value": pl.String, "share": pl.Float64}
    )


def test_given_name_frequency_counts_the_nickname_group() -> None:
    """ "Nick" is as common as every Nicholas who might write it, not as rare as the string."""
    from cxm.resolve.compare import prepare
    from cxm.resolve.config import ResolveConfig
    from cxm.resolve.records import standardise
    from cxm.schema import conform

    given = ["nicholas"] * 3 + ["nick"] + ["zebedee"] * 4
    rows = [
        {
            "source": "crm",
            "record_id": str(i),
            "connector": "t",
            "department": "sales",
            "given_name_norm": g,
            "family_name_norm": f"fam{chr(97 + i)}",
            "full_name_norm": f"{g} fam{chr(97 + i)}",
            "batch_id": "b",
            "source_file": "f.csv",
            "source_row": i + 1,
            "source_line": i + 2,
        }
        for i, g in enumerate(given)
    ]
    working = prepare(
        standardise(conform(pl.DataFrame(rows), "identity_record"), ResolveConfig()).working
    )
    shares = dict(term_frequencies(working)["given_name"].iter_rows())
    assert shares["nicholas"] == pytest.approx(4 / 8)
    assert "nick" not in shares
    assert shares["zebedee"] == pytest.approx(4 / 8)


def test_packed_level_patterns_count_like_grouping_the_levels() -> None:
    rng = np.random.default_rng(5)
    names = list(COMPARISONS)
    levels = pl.DataFrame(
        {c: rng.integers(-1, len(COMPARISONS[c]), 2_000).astype(np.int8) for c in names}
    )
    matrix, counts = model_module._patterns(model_module._encode(levels, names), names)
    packed = pl.DataFrame(matrix, schema=names, orient="row").with_columns(
        pl.Series("len", counts.astype(np.int64))
    )
    grouped = levels.group_by(names).len().cast(pl.Int64)
    assert packed.height == grouped.height
    assert packed.join(grouped, on=names, how="anti").height == 0
    assert packed.join(grouped, on=[*names, "len"], how="inner").height == grouped.height


def test_a_comparison_with_too_many_levels_for_the_packing_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wide = {**COMPARISONS, "given_name": tuple(f"level{i}" for i in range(8))}
    monkeypatch.setattr(model_module, "COMPARISONS", wide)
    levels = pl.DataFrame({c: [0] for c in wide}, schema={c: pl.Int8 for c in wide})
    with pytest.raises(ValueError, match="given_name"):
        model_module._encode(levels, list(wide))
