"""Regenerate every file under ``sample_data/`` (seed 42, 200 people).

Run ``python sample_data/generate.py``. The output is byte-identical on every run and machine;
see ``sample_data/README.md`` for what each file mimics and which traps it holds.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

try:
    from cxm.synth import write_sample
except ModuleNotFoundError:  # run from a checkout without installing the package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from cxm.synth import write_sample


def main(argv: list[str] | None = None) -> int:
    """Write the sample data set and print one JSON line with the file sizes."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=200, help="number of people (default 200)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent, help="output folder"
    )
    args = parser.parse_args(argv)
    sizes = write_sample(args.out, people=args.people, seed=args.seed)
    print(json.dumps({"files": len(sizes), "bytes": sum(sizes.values()), "sizes": sizes}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
