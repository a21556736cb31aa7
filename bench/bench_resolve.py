"""Identity resolution benchmark: accuracy and speed of ``cxm resolve``, end to end.

Prepares a lake once per dataset (cached under bench/out/resolve/), then runs ``cxm resolve``
in a child process (fresh resolution, so ids are all new) and prints one JSON line: records,
candidate pairs per record, seconds per stage, peak RSS, and pairwise precision / recall / F1
against the dataset's truth, plus the blocking recall (share of true pairs among candidates).

    python bench/bench_resolve.py --dataset sample
    python bench/bench_resolve.py --dataset febrl4          # link a and b (FEBRL4)
    python bench/bench_resolve.py --dataset febrl3          # dedupe (FEBRL3)
    python bench/bench_resolve.py --dataset synthetic --people 400000   # about 1M records

Targets (issue 3, 2 cores): FEBRL4 F1 >= 0.997, FEBRL3 F1 >= 0.99, synthetic F1 >= 0.95;
1M identity records in <= 30 s with peak RSS <= 6 GiB; 10M in <= 15 min, <= 16 GiB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

CHILD = """
import json, resource, sys, time
from pathlib import Path
import polars as pl
from cxm.resolve.config import load_config
from cxm.resolve.pipeline import resolve
lake, config_path, extra = Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
config = load_config(Path(config_path) if config_path else None)
config = config.model_copy(update=extra)
start = time.perf_counter()
result = resolve(lake, config)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_rss_mb": peak, "summary": result.summary}, default=str))
"""

RECALL = """
import json, sys
from pathlib import Path
import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from cxm.ingest.lake import Lake
from cxm.resolve.block import block
from cxm.resolve.compare import prepare
from cxm.resolve.config import load_config
from cxm.resolve.evaluate import evaluate, read_truth
from cxm.resolve.records import STANDARDISE_COLUMNS, standardise
from cxm.resolve.resolution import current
lake, truth_path, config_path, extra = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], json.loads(sys.argv[4])
config = load_config(Path(config_path) if config_path else None).model_copy(update=extra)
full_truth = read_truth(truth_path)
truth = full_truth.drop("source") if full_truth["source"].null_count() else full_truth
keys = ["source", "record_id"] if "source" in truth.columns else ["record_id"]
resolution = current(lake)
ev = evaluate(resolution.read("identity_map"), full_truth).to_dict()
records = standardise(Lake(lake).read("identity_record", columns=STANDARDISE_COLUMNS), config)
working = prepare(records.working)
frame = records.frame.select("source", "record_id", "rep")  # all the rest needs of the records
del records
pairs = block(working, max_block=config.max_block_size, window=config.block_window).pairs
rep_w = working.select(pl.col("rid").alias("rep"), pl.int_range(pl.len(), dtype=pl.UInt32).alias("w"))
n = working.height
del working
# Blocking recall: the share of true pairs whose records the candidate pairs that are true
# matches connect (clustering is transitive, so a true pair need not be a candidate itself).
frame = frame.join(truth, on=keys, how="left")
frame = frame.join(rep_w, on="rep")
entity = pl.DataFrame({"w": pl.int_range(n, dtype=pl.UInt32, eager=True)}).join(
    frame.group_by("w").agg(pl.col("entity_id").first()), on="w", how="left")["entity_id"]
same = (entity.gather(pairs["l"]) == entity.gather(pairs["r"])).fill_null(False)
good = pairs.filter(same)
graph = coo_matrix((np.ones(good.height), (good["l"].to_numpy(), good["r"].to_numpy())), shape=(n, n))
_, labels = connected_components(graph, directed=False)
cells = frame.with_columns(pl.Series("c", labels[frame["w"].to_numpy()])).group_by("c", "entity_id").len()
sizes = frame.group_by("entity_id").len()
pairs_of = lambda s: int((s.cast(pl.Int64) * (s.cast(pl.Int64) - 1) // 2).sum())
ev["blocking_recall"] = pairs_of(cells.drop_nulls("entity_id")["len"]) / max(pairs_of(sizes.drop_nulls("entity_id")["len"]), 1)
print(json.dumps(ev))
"""


def _run(code: str, *args: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _ingest(data: Path, home: Path) -> None:
    shutil.rmtree(home, ignore_errors=True)
    env = {**os.environ, "CXM_HOME": str(home)}
    subprocess.run(
        [sys.executable, "-m", "cxm.cli", "ingest", str(data)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def prepare(
    dataset: str, people: int, seed: int, out: Path
) -> tuple[Path, Path, Path | None, dict[str, object]]:
    """The lake, truth file, config file and config overrides of a dataset (built once)."""
    tag = f"{dataset}-{people}-{seed}" if dataset == "synthetic" else dataset
    base = out / tag
    home, data = base / "home", base / "data"
    marker = base / ".ready"
    config: Path | None = None
    extra: dict[str, object] = {}
    if dataset == "sample":
        data = ROOT / "sample_data"
        truth = data / "truth.csv"
    elif dataset in ("febrl3", "febrl4"):
        truth = data / "truth.csv"
        config = HERE / "febrl" / "resolve.toml"
        if dataset == "febrl4":
            extra = {"link_type": "link_only"}
    elif dataset == "synthetic":
        truth = data / "truth.csv"
    else:
        msg = f"unknown dataset {dataset!r}"
        raise SystemExit(msg)
    if not marker.exists():
        shutil.rmtree(base, ignore_errors=True)
        base.mkdir(parents=True)
        if dataset in ("febrl3", "febrl4"):
            from febrl_data import write_febrl

            write_febrl(dataset, data)
        elif dataset == "synthetic":
            subprocess.run(
                [
                    sys.executable,
                    str(HERE / "generate_exports.py"),
                    "--people",
                    str(people),
                    "--out",
                    str(data),
                    "--seed",
                    str(seed),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        _ingest(data, home)
        marker.touch()
    return home / "lake", truth, config, extra


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dataset", default="sample", choices=["sample", "febrl3", "febrl4", "synthetic"]
    )
    parser.add_argument("--people", type=int, default=400_000, help="synthetic: people")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "resolve")
    args = parser.parse_args(argv)
    lake, truth, config, extra = prepare(args.dataset, args.people, args.seed, args.out)
    shutil.rmtree(lake / "resolution", ignore_errors=True)
    timed = _run(CHILD, str(lake), str(config or ""), json.dumps(extra))
    accuracy = _run(RECALL, str(lake), str(truth), str(config or ""), json.dumps(extra))
    summary = timed["summary"]
    assert isinstance(summary, dict)
    line = {
        "bench": "resolve",
        "dataset": args.dataset,
        "records": summary["records"],
        "candidate_pairs": summary["candidate_pairs"],
        "pairs_per_record": summary["pairs_per_record"],
        "customers": summary["customers"],
        "seconds": round(float(timed["seconds"]), 2),  # type: ignore[arg-type]
        "stage_seconds": summary["seconds"],
        "peak_rss_mb": round(float(timed["peak_rss_mb"]), 1),  # type: ignore[arg-type]
        "precision": accuracy["precision"],
        "recall": accuracy["recall"],
        "f1": accuracy["f1"],
        "blocking_recall": accuracy["blocking_recall"],
        "split_entities": accuracy["split_entities"],
        "mixed_customers": accuracy["mixed_customers"],
        "held_by_reason": summary["held_by_reason"],
        "cores": os.cpu_count(),
        "python": platform.python_version(),
    }
    print(json.dumps(line))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
