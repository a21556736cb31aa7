"""Normalization benchmark: phone numbers and timestamps, a million mixed values each.

Generates (with a fixed seed) phone strings in realistic formats, about 90% common US formats and
the rest international or odd (E.164 and ``00``-prefixed foreign numbers, Excel damage,
extensions, trunk prefixes, junk), and timestamp strings in the formats of the departments'
exports, then times :func:`cxm.ingest.normalize.normalize_phones` and
:func:`cxm.ingest.normalize.parse_datetime` (best of ``--repeat`` runs). Prints one JSON line per
measurement::

    python bench/bench_normalize.py [--values 1000000] [--seed 0] [--threads 1]

Target (normalize_phones, US-formatted data, fast path): >= 2,000,000 values per second on one
core (``--threads 1``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_US_FORMATS = [  # (weight within the US share, polars format of area/exchange/line)
    (25, "({}) {}-{}"),
    (20, "{}-{}-{}"),
    (10, "{}.{}.{}"),
    (10, "{}{}{}"),
    (10, "+1{}{}{}"),
    (8, "+1 {} {} {}"),
    (7, "1-{}-{}-{}"),
    (5, "+1 ({}) {}-{}"),
    (5, "1 ({}) {}-{}"),
]


def _phones(pl: Any, np: Any, n: int, seed: int, us_only: bool) -> Any:
    """``n`` phone strings; ``us_only`` gives only the common US formats."""
    rng = np.random.default_rng(seed)
    area = pl.Series(rng.integers(200, 1000, n)).cast(pl.String)
    exchange = pl.Series(rng.integers(200, 1000, n)).cast(pl.String)
    line = pl.Series(rng.integers(0, 10_000, n)).cast(pl.String).str.zfill(4)
    eight = pl.Series(rng.integers(0, 100_000_000, n)).cast(pl.String).str.zfill(8)
    frame = pl.DataFrame({"a": area, "b": exchange, "c": line, "d": eight})
    a, b, c, d = (pl.col(x) for x in "abcd")
    us = [(w, pl.format(f, a, b, c)) for w, f in _US_FORMATS]
    odd: list[tuple[float, Any]] = [
        (1.5, pl.format("+44 20 {} {}", d.str.slice(0, 4), d.str.slice(4, 4))),
        (1.0, pl.format("+31 6 {}", d)),
        (0.5, pl.format("+49 30 {}", d.str.slice(0, 7))),
        (0.5, pl.format("+33 6 {} {} {} {}", *(d.str.slice(i, 2) for i in (0, 2, 4, 6)))),
        (0.5, pl.format("+61 4{} {} {}", d.str.slice(0, 2), d.str.slice(2, 3), d.str.slice(5, 3))),
        (1.0, pl.format("0044 7700 {}", d.str.slice(0, 6))),
        (0.5, pl.format("'+1{}{}{}", a, b, c)),
        (1.0, pl.format("1{}{}{}.0", a, b, c)),
        (0.5, pl.format("1.{}{}{}E+10", a, b, c.str.slice(0, 3))),
        (1.0, pl.format("{}-{}-{} x{}", a, b, c, d.str.slice(0, 3))),
        (0.3, pl.format("+44 (0)20 {} {}", d.str.slice(0, 4), d.str.slice(4, 4))),
        (0.2, pl.format("020 {} {}", d.str.slice(0, 4), d.str.slice(4, 4))),
        (0.2, pl.lit("1-800-FLOWERS")),
        (0.6, pl.format("{}-{}", b, c)),
        (0.3, pl.lit("n/a")),
        (0.2, pl.lit("")),
        (0.2, pl.lit(None, dtype=pl.String)),
    ]
    choices = us if us_only else [(w * 0.9, e) for w, e in us] + odd
    weights = np.array([w for w, _ in choices], dtype=float)
    pick = pl.Series(rng.choice(len(choices), size=n, p=weights / weights.sum()))
    expr = pl.when(pl.lit(False)).then(pl.lit(None, dtype=pl.String))
    for i, (_, e) in enumerate(choices):
        expr = expr.when(pl.col("pick") == i).then(e)
    return frame.with_columns(pick=pick).select(expr.alias("phone")).to_series()


def _timestamps(pl: Any, np: Any, n: int, seed: int) -> Any:
    rng = np.random.default_rng(seed + 1)
    seconds = pl.Series(rng.integers(1_262_304_000, 1_767_225_600, n))  # 2010..2025
    millis = pl.Series(rng.integers(0, 1000, n))
    frame = pl.DataFrame({"s": seconds, "ms": millis}).with_columns(
        m=pl.from_epoch("s", time_unit="s") + pl.duration(milliseconds="ms")
    )
    m = pl.col("m")
    formats: list[tuple[float, Any]] = [
        (20, m.dt.strftime("%Y-%m-%dT%H:%M:%SZ")),
        (5, m.dt.strftime("%Y-%m-%dT%H:%M:%S%.3fZ")),
        (5, m.dt.strftime("%Y-%m-%dT%H:%M:%S+02:00")),
        (10, m.dt.strftime("%Y-%m-%d %H:%M:%S")),
        (10, m.dt.strftime("%Y-%m-%d %H:%M")),
        (10, m.dt.strftime("%Y-%m-%d %H:%M:%S -0500")),
        (12, m.dt.strftime("%-m/%-d/%Y %-I:%M %p")),
        (5, m.dt.strftime("%-m/%-d/%Y")),
        (5, m.dt.strftime("%Y-%m-%d")),
        (5, m.dt.strftime("%Y-%m-%d %H:%M:%S UTC")),
        (4, m.dt.strftime("%a %b %d %H:%M:%S +0000 %Y")),
        (1, m.dt.strftime("%a, %d %b %Y %H:%M:%S +0000")),
        (3, m.dt.strftime("%B %-d, %Y %-I:%M %p")),
        (1.5, (pl.col("s") / 86_400 + 25_569).round(6).cast(pl.String)),
        (1.5, pl.col("s").cast(pl.String)),
        (1.5, (pl.col("s") * 1000 + pl.col("ms")).cast(pl.String)),
        (0.5, pl.lit("not a date")),
    ]
    weights = np.array([w for w, _ in formats], dtype=float)
    pick = pl.Series(rng.choice(len(formats), size=n, p=weights / weights.sum()))
    expr = pl.when(pl.lit(False)).then(pl.lit(None, dtype=pl.String))
    for i, (_, e) in enumerate(formats):
        expr = expr.when(pl.col("pick") == i).then(e)
    return frame.with_columns(pick=pick).select(expr.alias("t")).to_series()


def _best(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--values", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, help="polars thread pool size (default: polars')")
    args = parser.parse_args(argv)
    if args.threads:
        os.environ["POLARS_MAX_THREADS"] = str(args.threads)  # read when polars is imported

    try:
        from cxm.ingest.normalize import normalize_phones, parse_datetime
    except ModuleNotFoundError:  # run from a checkout without installing the package
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
        from cxm.ingest.normalize import normalize_phones, parse_datetime
    import numpy as np
    import polars as pl

    n = args.values
    cases: list[tuple[str, Callable[[], object]]] = []
    mixed = _phones(pl, np, n, args.seed, us_only=False)
    us = _phones(pl, np, n, args.seed, us_only=True)
    cases.append(("normalize_phones", lambda: normalize_phones(mixed)))
    cases.append(("normalize_phones_us_formats", lambda: normalize_phones(us)))
    stamps = pl.DataFrame({"t": _timestamps(pl, np, n, args.seed)})
    parse = parse_datetime(pl.col("t"), assume_tz="America/New_York")
    cases.append(("parse_datetime", lambda: stamps.select(parse)))

    for name, run in cases:
        seconds = _best(run, args.repeat)
        line = {
            "bench": name,
            "values": n,
            "seconds": round(seconds, 4),
            "per_second": round(n / seconds),
            "cores": os.cpu_count(),
            "threads": pl.thread_pool_size(),
        }
        print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
