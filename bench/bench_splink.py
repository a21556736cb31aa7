"""Optional: Splink on the same data as ``bench_resolve.py``, for a time and F1 comparison.

Splink is not a dependency of cxm. Install it in any Python (a separate venv is fine) and pass
that interpreter; this script exports the lake's normalized identity records to Parquet, runs
Splink 5 with DuckDB there (blocking, u by random sampling, m by EM, predict, cluster at 0.99),
then scores both Splink's clusters and cxm's resolution against the same truth and prints one
JSON line with the times, peak RSS and F1 of both and their ratios::

    python3 -m venv /tmp/splink && /tmp/splink/bin/pip install splink
    python bench/bench_splink.py --dataset synthetic --people 420000 --splink-python /tmp/splink/bin/python

Splink gets the same normalized fields cxm matches on (first email and phone of each record,
folded names, birth date, postcode, city, street) and comparable settings: names with
term-frequency adjustments, email, phone, birth date, address; blocking on email, phone, name,
name + postcode, birth date + postcode and street + postcode.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SPLINK = r"""
import json, resource, sys, time
import duckdb
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

source, out = sys.argv[1], sys.argv[2]
start = time.perf_counter()
db_api = DuckDBAPI()
table = db_api.register(db_api._con.read_parquet(source))  # noqa: SLF001 - same connection
settings = SettingsCreator(
    link_type="dedupe_only",
    blocking_rules_to_generate_predictions=[
        block_on("email"),
        block_on("phone"),
        block_on("first_name", "surname"),
        block_on("surname", "postcode"),
        block_on("first_name", "postcode"),
        block_on("dob", "postcode"),
        block_on("street", "postcode"),
    ],
    comparisons=[
        cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("surname").configure(term_frequency_adjustments=True),
        cl.EmailComparison("email"),
        cl.ExactMatch("phone"),
        cl.DateOfBirthComparison("dob", input_is_string=True),
        cl.ExactMatch("postcode"),
        cl.ExactMatch("city"),
        cl.LevenshteinAtThresholds("street", 2),
    ],
    retain_intermediate_calculation_columns=False,
)
linker = Linker(table, settings, log_level=40)
linker.training.estimate_probability_two_random_records_match([block_on("email")], recall=0.7)
linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "surname"))
linker.training.estimate_parameters_using_expectation_maximisation(block_on("email"))
predictions = linker.inference.predict(threshold_match_probability=0.99)
clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.99)
clusters.as_duckdbpyrelation().select("unique_id, cluster_id").write_parquet(out)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_rss_mb": peak}))
"""


def export_input(lake: Path, out: Path) -> int:
    """Write the records Splink reads: one row per identity record, normalized fields."""
    from cxm.ingest.lake import Lake

    frame = (
        Lake(lake)
        .read("identity_record")
        .select(
            pl.concat_str(["source", "record_id"], separator="\x1f").alias("unique_id"),
            pl.col("given_name_norm").alias("first_name"),
            pl.col("family_name_norm").alias("surname"),
            pl.col("emails").list.first().alias("email"),
            pl.col("phones").list.first().alias("phone"),
            pl.col("birth_date").cast(pl.String).alias("dob"),
            pl.col("postal_code_norm").alias("postcode"),
            pl.col("city_norm").alias("city"),
            pl.col("street_norm").alias("street"),
        )
    )
    frame.write_parquet(out)
    return frame.height


def main(argv: list[str] | None = None) -> int:
    """Run Splink and cxm on one dataset and print a JSON line comparing them."""
    from bench_resolve import CHILD, _run, prepare

    from cxm.resolve.evaluate import evaluate, read_truth

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="synthetic", choices=["sample", "synthetic"])
    parser.add_argument("--people", type=int, default=420_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "resolve")
    parser.add_argument("--splink-python", default=sys.executable, help="a Python with splink")
    args = parser.parse_args(argv)
    lake, truth_path, config, extra = prepare(args.dataset, args.people, args.seed, args.out)
    truth = read_truth(truth_path)
    with tempfile.TemporaryDirectory() as tmp:
        source, clusters = Path(tmp) / "records.parquet", Path(tmp) / "clusters.parquet"
        records = export_input(lake, source)
        run = subprocess.run(
            [args.splink_python, "-c", SPLINK, str(source), str(clusters)],
            capture_output=True,
            text=True,
            cwd=tmp,  # DuckDB spills to ./.tmp: keep it out of the checkout
        )
        if run.returncode:
            sys.stderr.write(run.stderr)
            return run.returncode
        splink = json.loads(run.stdout.strip().splitlines()[-1])
        found = (
            pl.read_parquet(clusters)
            .select(
                pl.col("unique_id")
                .str.split_exact("\x1f", 1)
                .struct.rename_fields(["source", "record_id"]),
                pl.col("cluster_id").cast(pl.String).alias("customer_id"),
            )
            .unnest("unique_id")
        )
    splink_ev = evaluate(found, truth)
    cxm = _run(CHILD, str(lake), str(config or ""), json.dumps(extra))
    from cxm.resolve.resolution import current

    resolution = current(lake)
    assert resolution is not None
    cxm_ev = evaluate(resolution.read("identity_map"), truth)
    line = {
        "bench": "splink_vs_cxm",
        "dataset": args.dataset,
        "records": records,
        "splink_seconds": round(float(splink["seconds"]), 2),
        "splink_peak_rss_mb": round(float(splink["peak_rss_mb"]), 1),
        "splink_f1": splink_ev.f1,
        "splink_precision": splink_ev.precision,
        "splink_recall": splink_ev.recall,
        "cxm_seconds": round(float(cxm["seconds"]), 2),  # type: ignore[arg-type]
        "cxm_peak_rss_mb": round(float(cxm["peak_rss_mb"]), 1),  # type: ignore[arg-type]
        "cxm_f1": cxm_ev.f1,
        "time_ratio_splink_over_cxm": round(float(splink["seconds"]) / float(cxm["seconds"]), 2),  # type: ignore[arg-type]
        "f1_ratio_cxm_over_splink": round(cxm_ev.f1 / splink_ev.f1, 4) if splink_ev.f1 else None,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
    }
    print(json.dumps(line))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
