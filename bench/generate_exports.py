"""Write large synthetic exports for benchmarks and print one JSON line with counts and timing.

Usage: ``python bench/generate_exports.py --people 1000000 --out /tmp/exports [--seed 0]``.

Writes ``sales/hubspot-contacts.csv``, ``sales/salesforce-contacts.csv``,
``commerce/shopify-orders.csv``, ``support/zendesk-users.json`` and ``truth.csv`` (plus a
``.cxmignore`` naming it) under ``--out``, in the same layouts as the files in ``sample_data/``
(see :mod:`cxm.synth.bulk`), so ``cxm ingest OUT`` loads the exports and the truth scores the
resolution. Above ``cxm.synth.bulk.CHUNK_PEOPLE`` people the exports are built and written a
chunk of people at a time, one file per chunk (``sales/hubspot-contacts-01.csv``, ...), so
that neither the generator nor ``cxm ingest`` holds more than a chunk. The JSON line carries
``households`` and ``support_users`` besides the row counts.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

try:
    from cxm.synth.bulk import write_bulk
except ModuleNotFoundError:  # run from a checkout without installing the package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from cxm.synth.bulk import write_bulk


def main(argv: list[str] | None = None) -> int:
    """Generate the exports and print a JSON line (people, rows and bytes per file, seconds)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, required=True, help="number of people")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    stats = write_bulk(args.out, people=args.people, seed=args.seed)
    seconds = time.perf_counter() - started
    line = {
        "bench": "generate_exports",
        "seed": args.seed,
        **stats,
        "seconds": round(seconds, 3),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
    }
    print(json.dumps(line))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
