"""Cross-check cxm's Fellegi-Sunter scores with recordlinkage's unsupervised ECM classifier.

On a benchmark lake (as prepared by ``bench_resolve.py``), the candidate pairs cxm blocks and
the comparison levels cxm computes are handed to ``recordlinkage.ECMClassifier`` as binary
agreement vectors (exact agreement per comparison). The script prints one JSON line: the pairs
each method calls a match, how far they agree, and each one's pairwise precision / recall / F1
on the candidate pairs against the truth. It checks cxm's model against an independent EM
implementation on the same evidence; it is not part of ``cxm resolve``.

    python bench/crosscheck_recordlinkage.py --dataset febrl4
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd
import polars as pl
import recordlinkage as rl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main(argv: list[str] | None = None) -> int:
    """Run both classifiers on one dataset's candidate pairs and print a JSON line."""
    from bench_resolve import prepare

    from cxm.ingest.lake import Lake
    from cxm.resolve.block import block
    from cxm.resolve.compare import COMPARISONS, compare
    from cxm.resolve.compare import prepare as prepare_working
    from cxm.resolve.config import load_config
    from cxm.resolve.evaluate import read_truth
    from cxm.resolve.model import estimate_m, estimate_u, term_frequencies
    from cxm.resolve.pipeline import _random_pairs, _score_pairs, _total_pairs
    from cxm.resolve.records import standardise

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="febrl4", choices=["febrl3", "febrl4", "sample"])
    parser.add_argument("--out", type=Path, default=HERE / "out" / "resolve")
    args = parser.parse_args(argv)
    lake, truth_path, config_path, extra = prepare(args.dataset, 0, 0, args.out)
    config = load_config(config_path).model_copy(update=extra)
    working = prepare_working(standardise(Lake(lake).read("identity_record"), config).working)
    pairs = block(working, max_block=config.max_block_size, window=config.block_window).pairs
    if config.link_type == "link_only":
        src = working["source"]
        pairs = pairs.filter(src.gather(pairs["l"]) != src.gather(pairs["r"]))
    levels = compare(working, pairs)
    u = estimate_u(compare(working, _random_pairs(working, config)))
    model = estimate_m(
        levels, u, iterations=config.em_iterations, total_pairs=_total_pairs(working, config)
    )
    model.tf = term_frequencies(working)
    cxm_match = (
        _score_pairs(model, working, pairs, levels)["match_probability"] >= config.match_probability
    ).to_numpy()

    exact = {c: (levels[c] == len(names) - 1).cast(pl.Int8) for c, names in COMPARISONS.items()}
    features = pd.DataFrame(
        {c: v.to_numpy() for c, v in exact.items() if v.sum() > 0},
        index=pd.MultiIndex.from_arrays([pairs["l"].to_numpy(), pairs["r"].to_numpy()]),
    )
    ecm = rl.ECMClassifier(binarize=None)
    found = ecm.fit_predict(features)
    ecm_set = set(zip(found.get_level_values(0), found.get_level_values(1), strict=True))
    ecm_match = [
        (a, b) in ecm_set for a, b in zip(pairs["l"].to_list(), pairs["r"].to_list(), strict=True)
    ]

    truth = read_truth(truth_path)
    keys = ["source", "record_id"]
    entity = working.select(keys).join(truth, on=keys, how="left")["entity_id"]
    same = (entity.gather(pairs["l"]) == entity.gather(pairs["r"])).fill_null(False).to_numpy()

    def figures(match: object) -> dict[str, float]:
        m = pl.Series(match, dtype=pl.Boolean).to_numpy()
        tp = int((m & same).sum())
        precision = tp / max(int(m.sum()), 1)
        recall = tp / max(int(same.sum()), 1)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"matches": int(m.sum()), "precision": precision, "recall": recall, "f1": f1}

    cxm_fig, ecm_fig = figures(cxm_match), figures(ecm_match)
    agree = float((pl.Series(cxm_match).to_numpy() == pl.Series(ecm_match).to_numpy()).mean())
    print(
        json.dumps(
            {
                "bench": "crosscheck_recordlinkage",
                "dataset": args.dataset,
                "candidate_pairs": pairs.height,
                "true_pairs_among_candidates": int(same.sum()),
                "cxm": cxm_fig,
                "recordlinkage_ecm": ecm_fig,
                "agreement": agree,
                "note": "scores only, before rules, guardrails and clustering",
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
