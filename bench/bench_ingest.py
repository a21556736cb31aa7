"""Ingest benchmark: CSV exports to normalized Parquet, measured end to end.

Generates (once, cached under bench/out/) large multi-department exports with
``bench/generate_exports.py`` and ingests each CSV into a fresh lake in a child process, so that
peak memory is the child's own. Prints one JSON line per file and one for the whole run::

    python bench/bench_ingest.py --people 1000000

Target (issue 2): >= 300,000 identity rows per second from CSV to normalized Parquet on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHILD = """
import json, resource, sys, time
from pathlib import Path
from cxm.config import Settings
from cxm.ingest.pipeline import ingest
settings = Settings(home=Path(sys.argv[1]))
start = time.perf_counter()
report = ingest([Path(p) for p in sys.argv[2:]], settings)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, **report.totals,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _generate(people: int, out: Path, seed: int) -> None:
    marker = out / f".people-{people}-seed-{seed}"
    if marker.exists():
        return
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    subprocess.run(
        [
            sys.executable,
            str(HERE / "generate_exports.py"),
            "--people",
            str(people),
            "--out",
            str(out),
            "--seed",
            str(seed),
        ],
        check=True,
    )
    marker.touch()


def _run(files: list[Path], home: Path) -> dict[str, float]:
    shutil.rmtree(home, ignore_errors=True)
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(home), *map(str, files)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "exports")
    args = parser.parse_args()
    _generate(args.people, args.out, args.seed)
    csvs = sorted(p for p in args.out.rglob("*.csv") if p.name != "truth.csv")
    home = HERE / "out" / "home"
    for path in csvs:
        result = _run([path], home)
        rate = result["identity_records"] / result["seconds"] if result["seconds"] else 0.0
        print(
            json.dumps(
                {
                    "bench": "ingest_file",
                    "file": path.name,
                    "mb": round(path.stat().st_size / 1e6, 1),
                    **result,
                    "identity_rows_per_second": round(rate),
                    "cores": os.cpu_count(),
                }
            )
        )
    result = _run(csvs, home)
    print(
        json.dumps(
            {
                "bench": "ingest_all",
                "files": len(csvs),
                **result,
                "rows_per_second": round(result["rows_read"] / result["seconds"]),
                "cores": os.cpu_count(),
            }
        )
    )
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
