"""Analyst export benchmark: each dataset of a 1M-customer store, as Parquet and as CSV.

Builds (once, cached under bench/out/api/ by ``bench/store_data.py``, the same store the API
benchmark uses) a published store of synthetic customers with about nine events each, then
runs every export (``profiles``, ``identity-map``, ``timeline``, ``traits``) in both formats,
each in a child process of its own so that its peak RSS is its own. Each prints one JSON line:
cores, customers, dataset, format, rows, bytes, seconds, rows per second and peak RSS::

    python bench/bench_export.py                                 # 1M customers
    python bench/bench_export.py --customers 20000               # quick run
    python bench/bench_export.py --datasets timeline --formats parquet
    python bench/bench_export.py --database-url postgresql+psycopg://cxm@localhost/cxm_bench

The files go to bench/out/export/ and are deleted after each run unless ``--keep``. The first
export after the store was built or the page cache was dropped also pays for reading the
store file from disk; later ones find it cached.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Final

HERE: Final = Path(__file__).resolve().parent
OUT: Final = HERE / "out" / "export"
sys.path.insert(0, str(HERE))

DATASETS: Final = ("profiles", "identity-map", "timeline", "traits")
FORMATS: Final = ("parquet", "csv")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(url: str, dataset: str, fmt: str, out_dir: Path, keep: bool) -> dict[str, object]:
    """Export ``dataset`` as ``fmt`` from the store at ``url``; what it took."""
    from cxm.export import export_file
    from cxm.store.engine import make_engine

    engine = make_engine(url)
    out = out_dir / f"{dataset}.{fmt}"
    try:
        report = export_file(engine, dataset, out)
    finally:
        engine.dispose()
    if not keep:
        out.unlink(missing_ok=True)
    return {
        "dataset": dataset,
        "format": fmt,
        "rows": report.rows,
        "mb": round(report.bytes / 1e6, 1),
        "seconds": round(report.seconds, 2),
        "rows_per_second": round(report.rows / report.seconds) if report.seconds else None,
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "run_id": report.run_id,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--database-url", help="export from there (published if needed)")
    parser.add_argument("--datasets", nargs="+", choices=DATASETS, default=list(DATASETS))
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--keep", action="store_true", help="keep the exported files")
    parser.add_argument(
        "--one", nargs=3, metavar=("URL", "DATASET", "FORMAT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.one:
        url, dataset, fmt = args.one
        print(json.dumps(run_one(url, dataset, fmt, args.out, args.keep)))
        return

    from store_data import build_store, store_path

    store = build_store(args.customers, args.seed, url=args.database_url)
    url = args.database_url or f"sqlite:///{store_path(args.customers, args.seed)}"
    where = args.database_url or str(store_path(args.customers, args.seed))
    base = {"bench": "export", "cores": os.cpu_count(), "customers": args.customers, "store": where}
    print(json.dumps({**base, "store_counts": store.get("counts"), "cached": store["cached"]}))
    for dataset in args.datasets:
        for fmt in args.formats:
            command = [sys.executable, __file__, "--out", str(args.out), "--one", url, dataset, fmt]
            if args.keep:
                command.append("--keep")
            proc = subprocess.run(command, capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                print(
                    json.dumps(
                        {**base, "dataset": dataset, "format": fmt, "error": proc.stderr[-2000:]}
                    )
                )
                continue
            print(json.dumps({**base, **json.loads(proc.stdout.splitlines()[-1])}), flush=True)


if __name__ == "__main__":
    main()
