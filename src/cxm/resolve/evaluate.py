"""Accuracy of a resolution against ground truth: pairwise precision, recall and F1.

A truth file says which real person (``entity_id``) each identity record is; the identity map
says which ``customer_id`` resolution gave it. Two records form a *true pair* when they are the
same entity and a *predicted pair* when they share a customer. Pair counts come from the
contingency table of (customer, entity) cell sizes, a cell of ``n`` records holding
``n * (n - 1) / 2`` pairs, so a million records cost a few group-bys and never a pair list.

Records are keyed by ``(source, record_id)``. A truth file without a ``source`` column (or with
it empty throughout) keys records by ``record_id`` alone, which only works while no record id is
shared by two sources; when it is, evaluation refuses rather than guess.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import polars as pl

from cxm.errors import EvaluationError

TRUTH_COLUMNS = ("source", "record_id", "entity_id")
"""Columns of a truth table, in order; ``source`` is optional in a file and may be all null."""

MAP_COLUMNS = ("source", "record_id", "customer_id")
"""Columns :func:`evaluate` needs in the identity map."""

PAIR_COLUMNS = ("source_a", "record_id_a", "source_b", "record_id_b")
"""Columns :func:`blocking_recall` needs in a table of candidate pairs."""

_ROW = "__row"
_SHOWN = 10
"""At most this many problems are spelled out in one message; the rest are counted."""


@dataclass(frozen=True)
class Evaluation:
    """How well a resolution matches the truth, on the records both of them know.

    Pair counts are over unordered pairs of distinct evaluated records. ``precision`` is 1 when
    no pair was predicted and ``recall`` is 1 when there is no true pair (nothing to get wrong);
    ``f1`` is their harmonic mean, or 0 when both are 0.
    """

    records: int
    """Records in both the identity map and the truth: the ones evaluated."""
    truth_only: int
    """Truth records the identity map does not contain."""
    map_only: int
    """Identity-map records the truth does not mention."""
    true_pairs: int
    """Pairs of evaluated records that are the same entity."""
    predicted_pairs: int
    """Pairs of evaluated records that share a customer."""
    true_positive_pairs: int
    """Pairs that are both."""
    precision: float
    recall: float
    f1: float
    entities: int
    """Distinct entities among the evaluated records."""
    customers: int
    """Distinct customers among the evaluated records."""
    split_entities: int
    """Entities whose records landed in more than one customer (under-merging)."""
    mixed_customers: int
    """Customers holding records of more than one entity (over-merging)."""

    def to_dict(self) -> dict[str, Any]:
        """The fields as a JSON-ready dict (ints and floats only)."""
        return asdict(self)


# --- problems ------------------------------------------------------------------------------


def _raise(label: str, problems: list[str], total: int | None = None) -> None:
    """Raise one :class:`EvaluationError` listing ``problems`` (``total`` counts them all)."""
    total = len(problems) if total is None else total
    shown = problems[:_SHOWN]
    more = total - len(shown)
    lines = [f"{label}: {total} problem{'s' if total != 1 else ''}:", *(f"  {p}" for p in shown)]
    if more > 0:
        lines.append(f"  ... and {more} more")
    msg = "\n".join(lines)
    raise EvaluationError(msg)


def _rows_text(rows: list[int]) -> str:
    return f"row {rows[0]}" if len(rows) == 1 else "rows " + ", ".join(map(str, rows))


def _key_text(frame: pl.DataFrame, keys: list[str]) -> list[str]:
    """``source 'crm', record_id 'r1'`` per row of ``frame`` (``record_id 'r1'`` without source)."""
    values = frame.select(keys).rows()
    return [", ".join(f"{k} {v!r}" for k, v in zip(keys, row, strict=True)) for row in values]


def _check_columns(frame: pl.DataFrame, required: tuple[str, ...], label: str) -> None:
    missing = [c for c in required if c not in frame.columns]
    if missing:
        found = ", ".join(frame.columns) or "none"
        msg = (
            f"{label}: missing required column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} (found: {found})"
        )
        raise EvaluationError(msg)


def _check_empty(frame: pl.DataFrame, checks: list[tuple[str, str]], label: str) -> None:
    """Raise, by row and field, for every null in the ``(field, reason)`` columns of ``checks``."""
    bad = [
        frame.with_row_index(_ROW, offset=1)
        .filter(pl.col(field).is_null())
        .select(_ROW, pl.lit(field).alias("field"), pl.lit(reason).alias("reason"))
        for field, reason in checks
        if frame.get_column(field).null_count()
    ]
    if bad:
        rows = pl.concat(bad).sort(_ROW, maintain_order=True)
        problems = [f"row {r}, {f}: {why}" for r, f, why in rows.head(_SHOWN).rows()]
        _raise(label, problems, rows.height)


def _one_per_key(frame: pl.DataFrame, keys: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``frame`` without repeated rows, and the ``keys`` still repeated after that (conflicts).

    Repeats are rare, so the common case costs one test on 64-bit key hashes and no copy; a
    hash collision only sends the frame down the exact path.
    """
    empty = frame.select(keys).clear()
    if not frame.select(pl.struct(keys).hash().is_duplicated().any()).item():
        return frame, empty
    frame = frame.unique(maintain_order=True)
    repeated = frame.filter(pl.struct(keys).is_duplicated())
    return frame, repeated.select(keys).unique(maintain_order=True)


# --- truth ---------------------------------------------------------------------------------


def _truth_keys(truth: pl.DataFrame) -> list[str]:
    """The join key of a checked truth table: ``source`` only when it holds values."""
    return (
        ["source", "record_id"] if truth.get_column("source").null_count() == 0 else ["record_id"]
    )


def _check_truth(frame: pl.DataFrame, label: str) -> pl.DataFrame:
    """Validate a truth table and return it as ``source, record_id, entity_id`` Strings.

    Every problem is collected before raising: empty ids (by row and field), a ``source`` that
    is filled in on some rows only, and a record given two different entities. A record listed
    twice with the same entity is kept once.
    """
    _check_columns(frame, ("record_id", "entity_id"), label)
    if "source" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias("source"))
    frame = frame.select(pl.col(c).cast(pl.String) for c in TRUTH_COLUMNS)
    checks = [("record_id", "empty"), ("entity_id", "empty")]
    source_nulls = frame.get_column("source").null_count()
    if 0 < source_nulls < frame.height:
        checks.append(("source", "empty while other rows name a source"))
    # Conflicts among rows with missing ids would only repeat these problems.
    _check_empty(frame, checks, label)
    keys = _truth_keys(frame)
    unique, conflicts = _one_per_key(frame, keys)
    if conflicts.height:
        detail = (
            frame.with_row_index(_ROW, offset=1)
            .join(conflicts.head(_SHOWN), on=keys, how="semi")
            .group_by(keys)
            .agg(pl.col(_ROW), pl.col("entity_id").unique(maintain_order=True))
            .sort(pl.col(_ROW).list.first())
        )
        found = [
            f"{_rows_text(rows)}, entity_id: {key} is given different entities "
            f"({', '.join(repr(e) for e in entities)})"
            for key, rows, entities in zip(
                _key_text(detail, keys),
                detail.get_column(_ROW).to_list(),
                detail.get_column("entity_id").to_list(),
                strict=True,
            )
        ]
        _raise(label, found, conflicts.height)
    return unique


def read_truth(path: Path) -> pl.DataFrame:
    """Read a ground-truth file: which entity (real person) each identity record is.

    Parameters
    ----------
    path
        A CSV file (UTF-8, comma-separated, header row), or Parquet when the name ends in
        ``.parquet``. Columns ``record_id`` and ``entity_id`` are required and ``source`` is
        optional; header names are matched ignoring case and surrounding spaces, and other
        columns are ignored. Every value is read as a string, so ``00123`` stays ``00123``;
        surrounding spaces are removed and a blank value counts as empty. Ids are otherwise
        taken as written: they must be the lake's record ids, not a spreadsheet's rendering.

    Returns
    -------
    pl.DataFrame
        One row per record: ``source`` (String, all null when the file has no sources),
        ``record_id`` and ``entity_id`` (String).

    Raises
    ------
    EvaluationError
        The file cannot be read, lacks a required column, has an empty ``record_id`` or
        ``entity_id`` (or ``source`` on some rows only), or gives one record two entities.
        Rows are numbered from 1, the first row after the header; all problems are reported
        together.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "truth.csv").write_text("record_id,entity_id\\n00123,E1\\n00124,E1\\n")
    >>> read_truth(folder / "truth.csv")["record_id"].to_list()
    ['00123', '00124']
    """
    label = str(path)
    try:
        if path.suffix.lower() == ".parquet":
            frame = pl.read_parquet(path)
            names = [name.strip().lower() for name in frame.columns]
        else:
            raw = pl.read_csv(path, has_header=False, infer_schema=False)
            # The header is read as data so that duplicated names reach the check below
            # instead of being renamed by polars.
            names = [(name or "").strip().lower() for name in raw.row(0)]
            frame = raw.slice(1)
    except (OSError, pl.exceptions.PolarsError) as err:
        msg = f"{label}: cannot read the truth file: {err}"
        raise EvaluationError(msg) from err

    wanted = [n for n in TRUTH_COLUMNS if n in names]
    repeated = sorted({n for n in wanted if names.count(n) > 1})
    if repeated:
        names_text = ", ".join(repeated)
        msg = f"{label}: the header names {names_text} more than once"
        raise EvaluationError(msg)
    frame = frame.select(pl.col(frame.columns[names.index(n)]).alias(n) for n in wanted)
    _check_columns(frame, ("record_id", "entity_id"), label)

    def blank_to_null(expr: pl.Expr) -> pl.Expr:
        expr = expr.cast(pl.String).str.strip_chars()
        return pl.when(expr.str.len_chars() > 0).then(expr)

    frame = frame.with_columns(blank_to_null(pl.col(c)).alias(c) for c in wanted)
    return _check_truth(frame, label)


# --- evaluation ----------------------------------------------------------------------------


def _check_map(identity_map: pl.DataFrame) -> pl.DataFrame:
    """The identity map as Strings, each record once; refuses empty ids and double assignments."""
    label = "the identity map"
    _check_columns(identity_map, MAP_COLUMNS, label)
    frame = identity_map.select(pl.col(c).cast(pl.String) for c in MAP_COLUMNS)
    _check_empty(frame, [("record_id", "empty"), ("customer_id", "empty")], label)
    frame, twice = _one_per_key(frame, ["source", "record_id"])
    if twice.height:
        found = [f"{k} has several customer_ids" for k in _key_text(twice, ["source", "record_id"])]
        _raise(label, found, twice.height)
    return frame


def _check_unambiguous(named: pl.DataFrame, what: str) -> None:
    """Refuse a sourceless truth when one of its record ids is under two sources in ``what``.

    ``named`` holds the ``source`` and ``record_id`` of the records of ``what`` whose record id
    the truth names, each pair once; so a repeated record id is one shared by several sources.
    """
    if not named.select(pl.col("record_id").is_duplicated().any()).item():
        return
    shared = (
        named.group_by("record_id")
        .agg(pl.col("source").unique().sort())
        .filter(pl.col("source").list.len() > 1)
        .sort("record_id")
    )
    found = [
        f"record_id {rid!r} is in sources {', '.join(repr(s) for s in sources)}"
        for rid, sources in shared.head(_SHOWN).rows()
    ]
    label = (
        f"the truth table has no sources, so records are matched on record_id alone, but "
        f"{what} has record ids under several sources (add a source column to the truth)"
    )
    _raise(label, found, shared.height)


def _pairs(n: pl.Expr) -> pl.Expr:
    n = n.cast(pl.Int64)  # pl.len() is UInt32: n * (n - 1) would overflow past 65,536 records
    return n * (n - 1) // 2


def evaluate(identity_map: pl.DataFrame, truth: pl.DataFrame) -> Evaluation:
    """Pairwise accuracy of ``identity_map`` against ``truth``.

    Parameters
    ----------
    identity_map
        ``source``, ``record_id``, ``customer_id``: the customer resolution gave each record.
    truth
        ``source`` (optional; may be all null), ``record_id``, ``entity_id``, as from
        :func:`read_truth`. Without sources, records are matched on ``record_id`` alone.

    Returns
    -------
    Evaluation
        Counts and scores over the records present in both tables.

    Raises
    ------
    EvaluationError
        A table lacks a column or has empty ids, a record has two customers or two entities,
        or the truth has no sources and a record id it names is in several sources of the map.

    Examples
    --------
    >>> identity_map = pl.DataFrame(
    ...     {"source": ["crm"] * 3, "record_id": ["1", "2", "3"], "customer_id": ["c1", "c1", "c2"]}
    ... )
    >>> truth = pl.DataFrame({"record_id": ["1", "2", "3"], "entity_id": ["A", "A", "A"]})
    >>> ev = evaluate(identity_map, truth)
    >>> (ev.true_pairs, ev.predicted_pairs, ev.precision, round(ev.recall, 3))
    (3, 1, 1.0, 0.333)
    """
    records = _check_map(identity_map)
    facts = _check_truth(truth, "the truth table")
    keys = _truth_keys(facts)
    joined = records.join(facts.select(*keys, "entity_id"), on=keys, how="inner")
    if keys == ["record_id"]:
        _check_unambiguous(joined, "the identity map")
    cells = (
        joined.lazy()
        .group_by("customer_id", "entity_id")
        .agg(pl.len().cast(pl.Int64).alias("n"))
        .cache()
    )

    def sides(by: str) -> pl.LazyFrame:
        return (
            cells.group_by(by)
            .agg(pl.col("n").sum(), pl.len().alias("cells"))
            .select(
                pl.len().alias("count"),
                _pairs(pl.col("n")).sum().alias("pairs"),
                (pl.col("cells") > 1).sum().alias("spread"),
            )
        )

    both, entity, customer = pl.collect_all(
        [
            cells.select(_pairs(pl.col("n")).sum().alias("pairs")),
            sides("entity_id"),
            sides("customer_id"),
        ]
    )
    tp = int(both.item(0, "pairs"))
    true_pairs = int(entity.item(0, "pairs"))
    predicted = int(customer.item(0, "pairs"))
    precision = tp / predicted if predicted else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    n = joined.height
    return Evaluation(
        records=n,
        truth_only=facts.height - n,
        map_only=records.height - n,
        true_pairs=true_pairs,
        predicted_pairs=predicted,
        true_positive_pairs=tp,
        precision=precision,
        recall=recall,
        f1=f1,
        entities=int(entity.item(0, "count")),
        customers=int(customer.item(0, "count")),
        split_entities=int(entity.item(0, "spread")),
        mixed_customers=int(customer.item(0, "spread")),
    )


def blocking_recall(pairs: pl.DataFrame, truth: pl.DataFrame) -> float:
    """Share of the true pairs that blocking put among the candidate pairs.

    Parameters
    ----------
    pairs
        ``source_a``, ``record_id_a``, ``source_b``, ``record_id_b``: unordered candidate pairs, in
        either order; repeats and self-pairs are harmless.
    truth
        As for :func:`evaluate`. Without sources, records are matched on ``record_id`` alone.

    Returns
    -------
    float
        Distinct true pairs among the candidates / all true pairs of ``truth``; 1.0 when the
        truth has no true pair.

    Raises
    ------
    EvaluationError
        A column is missing, the truth is invalid, or the truth has no sources and a record id
        it names appears under several sources among the candidates.

    Examples
    --------
    >>> truth = pl.DataFrame({"record_id": ["1", "2", "3"], "entity_id": ["A", "A", "A"]})
    >>> pairs = pl.DataFrame(
    ...     {"source_a": ["crm"], "record_id_a": ["2"], "source_b": ["crm"], "record_id_b": ["1"]}
    ... )
    >>> round(blocking_recall(pairs, truth), 3)
    0.333
    """
    _check_columns(pairs, PAIR_COLUMNS, "the candidate pairs")
    facts = _check_truth(truth, "the truth table")
    keys = _truth_keys(facts)
    pairs = pairs.select(pl.col(c).cast(pl.String) for c in PAIR_COLUMNS)
    if keys == ["record_id"]:
        ends = pl.concat(
            [
                pairs.select(
                    pl.col(f"source_{s}").alias("source"),
                    pl.col(f"record_id_{s}").alias("record_id"),
                )
                for s in ("a", "b")
            ]
        ).unique()
        named = ends.join(facts.select("record_id"), on="record_id", how="semi")
        _check_unambiguous(named, "the candidate pairs")

    true_pairs = int(facts.group_by("entity_id").agg(_pairs(pl.len()).alias("p"))["p"].sum())
    if not true_pairs:
        return 1.0
    # Each truth record gets a number, so that a pair's two orders become one (min, max) pair.
    numbered = facts.select(*keys, "entity_id").with_row_index("__i")

    def side(s: str) -> pl.DataFrame:
        return numbered.rename({k: f"{k}_{s}" for k in [*keys, "entity_id", "__i"]})

    found = (
        pairs.lazy()
        .join(side("a").lazy(), on=[f"{k}_a" for k in keys], how="inner")
        .join(side("b").lazy(), on=[f"{k}_b" for k in keys], how="inner")
        .filter(
            (pl.col("entity_id_a") == pl.col("entity_id_b")) & (pl.col("__i_a") != pl.col("__i_b"))
        )
        .select(
            pl.min_horizontal("__i_a", "__i_b").alias("lo"),
            pl.max_horizontal("__i_a", "__i_b").alias("hi"),
        )
        .unique()
        .select(pl.len())
        .collect()
        .item()
    )
    return int(found) / true_pairs
