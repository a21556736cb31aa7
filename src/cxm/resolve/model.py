"""The Fellegi-Sunter model: m and u probabilities, estimated without labels.

For every comparison level, *m* is the probability of that level among true matches and *u*
among non-matches; the level's match weight is log2(m/u) bits, and a pair's weight is the prior
log-odds plus the sum over its comparisons (a missing value adds 0).

- **u** comes from random record pairs, which are almost all non-matches.
- **m** comes from expectation-maximisation over the candidate pairs with u held fixed, in
  sessions that each take the pairs agreeing exactly on some comparisons and ignore those
  (:data:`SESSIONS`, as Splink trains); EM runs on the distinct level patterns and their
  counts, so it costs nothing per pair. Weights are then made monotone in the level.
- **The prior** is the expected number of matches among the candidates (a last EM pass with m
  and u fixed) over all the pairs the records could form: the odds that two records picked at
  random are one person.
- **Term frequency**: agreeing on a rare surname is stronger evidence than agreeing on "smith".
  For the exact level of a name, u is replaced by the share of records carrying that value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from cxm.resolve.compare import COMPARISONS, TF_COMPARISONS

_FLOOR = 1e-6


@dataclass
class Model:
    """Estimated parameters: ``m[c][level]``, ``u[c][level]`` and the prior match share."""

    m: dict[str, list[float]]
    u: dict[str, list[float]]
    prior: float
    iterations: int = 0
    converged: bool = False
    tf: dict[str, pl.DataFrame] = field(default_factory=dict)
    """Per TF comparison: value, share (of records with a value)."""

    def weights(self) -> dict[str, list[float]]:
        """log2(m/u) per comparison and level."""
        return {
            c: [
                math.log2(max(m, _FLOOR) / max(u, _FLOOR))
                for m, u in zip(self.m[c], self.u[c], strict=True)
            ]
            for c in COMPARISONS
        }

    @property
    def prior_weight(self) -> float:
        """log2 of the prior odds that two records picked at random are one person."""
        p = min(max(self.prior, 1e-15), 1 - _FLOOR)
        return math.log2(p / (1 - p))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description: levels with m, u and weight; prior; EM iterations."""
        weights = self.weights()
        return {
            "prior": self.prior,
            "prior_weight": self.prior_weight,
            "em_iterations": self.iterations,
            "converged": self.converged,
            "comparisons": {
                c: [
                    {"level": name, "m": self.m[c][i], "u": self.u[c][i], "weight": weights[c][i]}
                    for i, name in enumerate(levels)
                ]
                for c, levels in COMPARISONS.items()
            },
        }


def estimate_u(levels: pl.DataFrame) -> dict[str, list[float]]:
    """u per level from the levels of random pairs.

    A pseudo-count of :data:`_U_PSEUDO` pairs that disagree keeps the estimate sensible when few
    random pairs have both values (an identifier most records lack): agreement is rare among
    random pairs, so that is the right direction to shrink towards.
    """
    u: dict[str, list[float]] = {}
    for c, names in COMPARISONS.items():
        counts = np.full(len(names), 0.01)
        counts[0] += _U_PSEUDO
        observed = levels.filter(pl.col(c) >= 0).group_by(c).len()
        for level, n in observed.iter_rows():
            counts[int(level)] += n
        u[c] = list(counts / counts.sum())
    return u


_U_PSEUDO = 10.0
_M_PSEUDO = 20.0
"""Pseudo-pairs of the initial m added to every M-step: levels seen rarely keep a sane m."""

_INITIAL_M: dict[str, list[float]] = {
    "given_name": [0.04, 0.02, 0.03, 0.05, 0.06, 0.80],
    "family_name": [0.04, 0.03, 0.05, 0.88],
    "email": [0.35, 0.05, 0.60],
    "phone": [0.30, 0.05, 0.65],
    "birth_date": [0.02, 0.02, 0.06, 0.90],
    "street": [0.15, 0.10, 0.75],
    "city": [0.10, 0.90],
    "postcode": [0.10, 0.90],
    "external_id": [0.10, 0.90],
    "handle": [1.0],
}


SESSIONS: dict[str, tuple[str, ...]] = {
    "names": ("given_name", "family_name"),
    "contact": ("email", "phone"),
    "birth_date": ("birth_date",),
    "address": ("street", "city", "postcode"),
}
"""EM sessions: pairs agreeing exactly on these comparisons, which the session then ignores.

A blocking key selects non-matches that agree on it (namesakes share a name), so in a session
the fixed comparisons say nothing and the others see non-matches that look like random pairs
(as u assumes). Each comparison's m comes from the sessions that did not fix it.
"""


def _exact(c: str) -> int:
    return len(COMPARISONS[c]) - 1


def _em(
    matrix: np.ndarray,
    counts: np.ndarray,
    names: list[str],
    u: dict[str, list[float]],
    m: dict[str, list[float]],
    *,
    iterations: int,
    prior: float,
    update_m: bool = True,
) -> tuple[dict[str, list[float]], float, np.ndarray, int, bool]:
    """EM over level patterns; returns m, prior, posteriors, iterations, converged."""
    post = np.zeros(len(counts))
    done = 0
    converged = False
    while done < iterations:
        done += 1
        log_m = np.zeros(len(counts))
        log_u = np.zeros(len(counts))
        for j, c in enumerate(names):
            col = matrix[:, j]
            seen = col >= 0
            mc = np.maximum(np.asarray(m[c]), _FLOOR)
            uc = np.maximum(np.asarray(u[c]), _FLOOR)
            log_m[seen] += np.log(mc[col[seen]])
            log_u[seen] += np.log(uc[col[seen]])
        odds = np.log(prior / (1 - prior)) + log_m - log_u
        post = 1.0 / (1.0 + np.exp(-np.clip(odds, -500, 500)))
        weighted = post * counts
        new_prior = min(max(float(weighted.sum() / counts.sum()), _FLOOR), 1 - _FLOOR)
        change = abs(new_prior - prior)
        if update_m:
            new_m: dict[str, list[float]] = {}
            for j, c in enumerate(names):
                col = matrix[:, j]
                sums = _M_PSEUDO * np.asarray(_INITIAL_M[c])
                seen = col >= 0
                np.add.at(sums, col[seen], weighted[seen])
                probs = sums / sums.sum()
                change = max(change, float(np.max(np.abs(probs - np.asarray(m[c])))))
                new_m[c] = list(probs)
            m = new_m
        prior = new_prior
        if change < 1e-6:
            converged = True
            break
    return m, prior, post, done, converged


_BITS = 3
"""Bits per comparison in a packed level pattern: a level plus one (0 to 6) fits in three."""


def _encode(levels: pl.DataFrame, names: list[str]) -> np.ndarray:
    """Each pair's levels packed into one integer, three bits per comparison (level plus one).

    Counting patterns of one integer column is far cheaper, in time and memory, than grouping
    by ten columns: at ten million records there are tens of millions of candidate pairs.
    """
    if _BITS * len(names) > 32:
        msg = f"{len(names)} comparisons do not fit a 32-bit level pattern"
        raise ValueError(msg)
    wide = [c for c in names if len(COMPARISONS[c]) >= 1 << _BITS]
    if wide:
        msg = f"comparisons with more levels than {_BITS} bits hold: {', '.join(wide)}"
        raise ValueError(msg)
    codes = np.zeros(levels.height, dtype=np.uint32)
    for j, c in enumerate(names):
        shifted = (levels[c].to_numpy().astype(np.int16) + 1).astype(np.uint32)
        codes |= shifted << np.uint32(_BITS * j)
    return codes


def _patterns(codes: np.ndarray, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct level patterns among packed ``codes`` (one row of levels each) and counts."""
    counted = pl.Series("code", codes).value_counts(name="n")
    values = counted["code"].to_numpy().astype(np.int64)
    shifts = _BITS * np.arange(len(names), dtype=np.int64)
    matrix = ((values[:, None] >> shifts) & ((1 << _BITS) - 1)) - 1
    return matrix, counted["n"].to_numpy().astype(np.float64)


def _monotone(m: dict[str, list[float]], u: dict[str, list[float]]) -> dict[str, list[float]]:
    """Make weights non-decreasing in the level: closer agreement is never weaker evidence.

    Rare levels get noisy estimates; where a level's m/u falls below the level beneath it, its
    m is raised to match that ratio.
    """
    out: dict[str, list[float]] = {}
    for c, probs in m.items():
        fixed = list(probs)
        for k in range(1, len(fixed)):
            ratio_below = fixed[k - 1] / max(u[c][k - 1], _FLOOR)
            if fixed[k] / max(u[c][k], _FLOOR) < ratio_below:
                fixed[k] = ratio_below * u[c][k]
        total = sum(fixed)
        out[c] = [x / total for x in fixed]
    return out


def estimate_m(
    levels: pl.DataFrame,
    u: dict[str, list[float]],
    *,
    iterations: int,
    total_pairs: float,
    min_session_pairs: int = 50,
) -> Model:
    """m by EM sessions over the candidate pairs (u fixed), then the prior of a random pair.

    Parameters
    ----------
    levels
        Comparison levels of the candidate pairs.
    u
        u per comparison level (from random pairs).
    iterations
        Most EM iterations per session.
    total_pairs
        Pairs the records could form (n·(n-1)/2, or across sources only for link_only): the
        prior is the expected number of matches among the candidates over this.
    """
    names = list(COMPARISONS)
    codes = _encode(levels, names)
    mass = {c: np.zeros(len(COMPARISONS[c])) for c in names}
    weight = {c: 0.0 for c in names}
    total_iterations = 0
    converged = True
    for fixed in SESSIONS.values():
        exact = [levels[c].to_numpy() == _exact(c) for c in fixed]
        if len(fixed) > 1 and fixed[0] in ("email",):
            mask = np.logical_or.reduce(exact)
        else:
            mask = np.logical_and.reduce(exact)
        # The fixed comparisons count as missing (level -1, packed as 0) in their session.
        cleared = sum(((1 << _BITS) - 1) << (_BITS * names.index(c)) for c in fixed)
        session = codes[mask] & np.uint32(~cleared & 0xFFFFFFFF)
        if session.size < min_session_pairs:
            continue
        matrix, counts = _patterns(session, names)
        m0 = {c: list(_INITIAL_M[c]) for c in names}
        m_s, _prior, post, done, ok = _em(
            matrix, counts, names, u, m0, iterations=iterations, prior=0.5
        )
        total_iterations += done
        converged = converged and ok
        for j, c in enumerate(names):
            if c in fixed:
                continue
            seen = matrix[:, j] >= 0
            evidence = float((post * counts)[seen].sum())
            mass[c] += evidence * np.asarray(m_s[c])
            weight[c] += evidence
    m = {c: list(mass[c] / weight[c]) if weight[c] > 0 else list(_INITIAL_M[c]) for c in names}
    m = _monotone(m, u)
    matrix, counts = _patterns(codes, names)
    share = 0.0
    if counts.sum() > 0:
        _, share, _, _, _ = _em(
            matrix, counts, names, u, m, iterations=iterations, prior=0.5, update_m=False
        )
    expected = share * float(counts.sum())
    prior = min(max(expected / max(total_pairs, 1.0), 1e-15), 0.5)
    return Model(m=m, u=u, prior=prior, iterations=total_iterations, converged=converged)


def term_frequencies(working: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Share of records carrying each value of the term-frequency columns."""
    out: dict[str, pl.DataFrame] = {}
    for comparison, column in TF_COMPARISONS.items():
        values = working.select(pl.col(column).alias("value")).drop_nulls()
        total = max(values.height, 1)
        out[comparison] = values.group_by("value").agg((pl.len() / total).alias("share"))
    return out


def shares_of(model: Model, comparison: str, values: pl.Series) -> np.ndarray:
    """The term-frequency share of each value (values the model never saw get the floor)."""
    shares = model.tf[comparison]
    return (
        pl.DataFrame({"value": values})
        .join(shares, on="value", how="left", maintain_order="left")["share"]
        .fill_null(_FLOOR)
        .to_numpy()
    )


def score(
    model: Model,
    levels: pl.DataFrame,
    tf_values: dict[str, pl.Series] | None = None,
    *,
    tf_shares: dict[str, np.ndarray] | None = None,
) -> pl.DataFrame:
    """Per pair: the weight of each comparison (bits), the total match weight and probability.

    ``tf_values`` gives, per term-frequency comparison, the pair's agreeing value (used only
    where the level is exact): its weight becomes log2(m_exact / share(value)). ``tf_shares``
    gives those shares directly (one per pair), which is cheaper for many pairs.
    """
    weights = model.weights()
    shares = dict(tf_shares or {})
    for c, values in (tf_values or {}).items():
        shares[c] = shares_of(model, c, values)
    cols: dict[str, pl.Series] = {}
    total = np.full(levels.height, model.prior_weight)
    for c, per_level in weights.items():
        table = np.asarray([0.0, *per_level])  # index level + 1: -1 (missing) -> 0 bits
        level = levels[c].to_numpy().astype(np.int64)
        weight = table[level + 1]
        if c in shares:
            exact = len(COMPARISONS[c]) - 1
            m_exact = max(model.m[c][exact], _FLOOR)
            tf_weight = np.log2(m_exact / np.maximum(shares[c], _FLOOR))
            weight = np.where(level == exact, tf_weight, weight)
        cols[f"w_{c}"] = pl.Series(f"w_{c}", weight)
        total = total + weight
    probability = 1.0 / (1.0 + np.exp2(-total))
    return pl.DataFrame(
        [
            *cols.values(),
            pl.Series("match_weight", total),
            pl.Series("match_probability", probability),
        ]
    )


def model_from_dict(doc: dict[str, Any], tf: pl.DataFrame | None = None) -> Model:
    """Rebuild a model from :meth:`Model.to_dict` (and the stored term frequencies)."""
    comparisons = doc["comparisons"]
    model = Model(
        m={c: [level["m"] for level in comparisons[c]] for c in COMPARISONS},
        u={c: [level["u"] for level in comparisons[c]] for c in COMPARISONS},
        prior=float(doc["prior"]),
        iterations=int(doc.get("em_iterations", 0)),
        converged=bool(doc.get("converged", False)),
    )
    if tf is not None:
        model.tf = {
            c: tf.filter(pl.col("comparison") == c).select("value", "share") for c in TF_COMPARISONS
        }
    return model


def tf_table(model: Model) -> pl.DataFrame:
    """The model's term frequencies as one frame: comparison, value, share."""
    parts = [
        frame.select(pl.lit(c).alias("comparison"), "value", "share")
        for c, frame in model.tf.items()
    ]
    if not parts:
        return pl.DataFrame(
            schema={"comparison": pl.String, "value": pl.String, "share": pl.Float64}
        )
    return pl.concat(parts)
