"""Ingest benchmark: CSV exports to normalized Parquet, measured end to end.

Generates (once, cached under bench/out/) large multi-department exports with
``bench/generate_exports.py`` and ingests each CSV into a fresh lake in a child process, so that
peak memory is the child's own. Prints one JSON line per file and one for the whole run::

    python bench/bench_ingest.py --people 1000000

Target (issue 2): >= 300,000 identity rows per second from CSV to normalized Parquet on 2 cores.
The ``identity_csv`` case measures exactly that: a person-only export (id, names, email, phone)
made from the generated CRM exports, read through a mapping file. The departmental exports are
measured too; they are wider (20 to 80 columns) and also yield interactions.
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


IDENTITY_MAPPING = """
name = "bench_people"
title = "Person-only export for the ingest benchmark"
source = "bench"
department = "other"
format = "csv"
[detect]
columns = ["person_id", "first_name", "last_name", "email", "phone"]
[identity]
record_id = "person_id"
given_name = "first_name"
family_name = "last_name"
emails = ["email"]
phones = ["phone"]
"""


def _identity_csv(exports: Path, out: Path) -> Path:
    """The person-only export: every CRM contact's id, names, email and phone."""
    import polars as pl

    from cxm.ingest.read import read_csv_bytes

    folder = out / "identity"
    target = folder / "people.csv"
    if target.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    names = ["person_id", "first_name", "last_name", "email", "phone"]
    sources = {
        "sales/hubspot-contacts.csv": [
            "Record ID",
            "First Name",
            "Last Name",
            "Email",
            "Phone Number",
        ],
        "sales/salesforce-contacts.csv": [
            "Contact ID",
            "First Name",
            "Last Name",
            "Email",
            "Phone",
        ],
    }
    # cxm's own reader copes with the Salesforce file's cp1252 and report footer.
    footer = r'"?Grand Totals \('
    frames = [
        read_csv_bytes(
            (exports / name).read_bytes(), exports / name, footer=footer, columns=cols
        ).frame.select(pl.col(c).alias(n) for c, n in zip(cols, names, strict=True))
        for name, cols in sources.items()
        if (exports / name).exists()
    ]
    pl.concat(frames).write_csv(target)
    (folder / "people.cxm.toml").write_text(IDENTITY_MAPPING)
    return folder


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
    identity = _identity_csv(args.out, HERE / "out")
    result = _run([identity], home)
    print(
        json.dumps(
            {
                "bench": "identity_csv",
                "mb": round((identity / "people.csv").stat().st_size / 1e6, 1),
                **result,
                "identity_rows_per_second": round(result["identity_records"] / result["seconds"]),
                "target": 300_000,
                "cores": os.cpu_count(),
            }
        )
    )
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
