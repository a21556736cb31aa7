"""Stable customer ids: carry ids from one resolve run to the next through merges and splits.

Other services store our customer ids, so an id, once issued, keeps meaning the same person for
as long as any of that person's records exist, and is never given to anybody else:

* every previously active id is *claimed* by the cluster holding most of its records (ties: the
  cluster whose smallest ``(source, record_id)`` key sorts first), so the larger part of a split
  keeps the id;
* a cluster that claims several ids (a merge) keeps the oldest one; the others become aliases of
  it, and older aliases that pointed at them are repointed, so an alias never leads to an alias;
* a cluster that claims nothing gets a new id derived from its smallest key (a pure function of
  the input, so a fresh run gives the same ids on any machine);
* an active id claimed by nobody (all its records are gone) is retired.

Everything is columnar; the only per-value work is SHA-256 over the clusters that need a new id
(polars has no SHA-256), and a short loop for the clusters whose hash is already taken.

Examples
--------
>>> from datetime import UTC, datetime
>>> import polars as pl
>>> clusters = pl.DataFrame(
...     {"source": ["crm", "crm", "shop"], "record_id": ["1", "2", "9"], "cluster": [0, 0, 1]}
... )
>>> first = assign_ids(clusters, IdState.empty(), run_id="r1", now=datetime(2026, 1, 1, tzinfo=UTC))
>>> first.customers.sort("cluster")["customer_id"].to_list() == [
...     new_customer_id("crm", "1"),
...     new_customer_id("shop", "9"),
... ]
True
>>> merged = clusters.with_columns(cluster=pl.lit(7))
>>> second = assign_ids(merged, first.state, run_id="r2", now=datetime(2026, 1, 2, tzinfo=UTC))
>>> second.stats
{'new': 0, 'kept': 1, 'merged': 1, 'split': 0, 'retired': 0}
>>> ids = sorted(first.customers["customer_id"])  # issued together: the smaller id survives
>>> second.customers["customer_id"].to_list() == [ids[0]]
True
>>> second.state.aliases.select("alias_id", "customer_id").rows() == [(ids[1], ids[0])]
True"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl

from cxm.errors import ResolveError
from cxm.schema import table_schema

ID_PREFIX = "cus_"
ID_HEX_DIGITS = 16
KEY_SEPARATOR = "\x1f"
ACTIVE = "active"
ALIAS = "alias"
RETIRED = "retired"
STATUSES = (ACTIVE, ALIAS, RETIRED)

_KEY = ("source", "record_id")
_TIMESTAMP = pl.Datetime("us", "UTC")
_REGISTRY_SCHEMA = pl.Schema(
    {
        "customer_id": pl.String(),
        "issued_at": _TIMESTAMP,
        "issued_run": pl.String(),
        "status": pl.String(),
    }
)
_MAX_LISTED = 5  # how many offending values an error message names


def _identity_map_schema() -> pl.Schema:
    canonical = table_schema("identity_map")
    return pl.Schema({c: canonical[c] for c in (*_KEY, "customer_id")})


def _alias_schema() -> pl.Schema:
    return table_schema("alias").polars


@dataclass(frozen=True)
class IdState:
    """What persists between resolve runs.

    Attributes
    ----------
    identity_map
        ``source, record_id, customer_id``: the customer of every record of the last run (extra
        columns, e.g. ``matched_by``, are ignored on input).
    registry
        ``customer_id, issued_at, issued_run, status``: every id ever issued, with status
        ``active``, ``alias`` (merged into another id) or ``retired`` (its records are gone).
    aliases
        ``alias_id, customer_id, merged_at, run_id`` (``schemas/alias.v1.json``): the surviving
        id each merged id now means. Never points at another alias.
    """

    identity_map: pl.DataFrame
    registry: pl.DataFrame
    aliases: pl.DataFrame

    @classmethod
    def empty(cls) -> IdState:
        """The state before the first run: no records, no ids."""
        return cls(
            identity_map=pl.DataFrame(schema=_identity_map_schema()),
            registry=pl.DataFrame(schema=_REGISTRY_SCHEMA),
            aliases=pl.DataFrame(schema=_alias_schema()),
        )


@dataclass(frozen=True)
class IdAssignment:
    """The result of :func:`assign_ids`.

    Attributes
    ----------
    customers
        ``cluster, customer_id``: one row per cluster, sorted by cluster.
    state
        The state to persist: this run's identity map (sorted by key), the registry (sorted by
        id) and the aliases (sorted by alias id).
    stats
        ``new`` ids issued (including ``split``), clusters that ``kept`` an old id, ids
        ``merged`` into another this run (new aliases), ``split`` clusters that got a new id
        because the id of some of their records went to a larger part, and ids ``retired``.
    """

    customers: pl.DataFrame
    state: IdState
    stats: dict[str, int]


def new_customer_id(source: str, record_id: str, attempt: int = 0) -> str:
    """The id a new customer gets from its smallest record key.

    Parameters
    ----------
    source, record_id
        The smallest ``(source, record_id)`` key of the cluster.
    attempt
        0 for the first choice; ``n`` for the ``n``-th alternative when the earlier choices are
        already taken.

    Returns
    -------
    str
        ``"cus_"`` followed by the first 16 hex digits of SHA-256 of the UTF-8 key.

    Examples
    --------
    >>> new_customer_id("crm", "42")
    'cus_0a76a82414d3ba0c'
    >>> new_customer_id("crm", "42", 1) != new_customer_id("crm", "42")
    True
    """
    text = f"{source}{KEY_SEPARATOR}{record_id}"
    if attempt:
        text = f"{text}{KEY_SEPARATOR}{attempt}"
    return _digest(text.encode())


def _digest(data: bytes) -> str:
    return ID_PREFIX + hashlib.sha256(data).hexdigest()[:ID_HEX_DIGITS]


def assign_ids(
    clusters: pl.DataFrame, previous: IdState, *, run_id: str, now: datetime
) -> IdAssignment:
    """Give every cluster a stable customer id, carrying ids over from the previous run.

    Parameters
    ----------
    clusters
        ``source, record_id, cluster``: every identity record of this run exactly once, with an
        integer cluster label (any numbering; only the grouping matters).
    previous
        The state persisted by the previous run (:meth:`IdState.empty` for the first run).
    run_id
        This run's id, recorded on new registry rows and new aliases.
    now
        This run's time (timezone-aware), recorded as ``issued_at`` and ``merged_at``.

    Returns
    -------
    IdAssignment
        The customer id of each cluster, the new state and counts of what changed. The result
        depends only on the arguments' content, not on row order or cluster numbering.

    Raises
    ------
    ResolveError
        When ``clusters`` or ``previous`` is malformed (all problems are reported together) or
        ``now`` is naive.
    """
    stamp = _utc(now)
    _check_input(clusters, previous)
    registry = previous.registry.select([pl.col(c).cast(t) for c, t in _REGISTRY_SCHEMA.items()])
    records = clusters.select(
        pl.col("source").cast(pl.String), pl.col("record_id").cast(pl.String), "cluster"
    ).sort(_KEY)
    _check_unique_keys(records)

    # "pos" is the key rank of a cluster's smallest record: a label-independent order that
    # breaks claim ties and orders new ids.
    firsts = records.with_row_index("pos").filter(pl.col("cluster").is_first_distinct())
    overlap = _overlap(records, previous.identity_map).join(
        firsts.select("cluster", "pos"), on="cluster"
    )
    claims = (
        overlap.sort(["n", "pos"], descending=[True, False])
        .unique("old_id", keep="first", maintain_order=True)
        .select("old_id", "pos")
    )
    ledger = (
        registry.filter(pl.col("status") == ACTIVE)
        .select(pl.col("customer_id").alias("old_id"), "issued_at", active=pl.lit(True))
        .join(claims, on="old_id", how="full", coalesce=True)
    )
    _check_claimed_active(ledger)
    retired_ids = ledger.filter(pl.col("pos").is_null())["old_id"]
    claims = ledger.filter(pl.col("pos").is_not_null())

    # A merge keeps the oldest claimed id; the rest become aliases of it.
    several = pl.col("pos").is_duplicated()
    merges = (
        claims.filter(several)
        .sort("pos", "issued_at", "old_id")
        .with_columns(survivor=pl.col("old_id").first().over("pos"))
    )
    kept = pl.concat(
        [
            claims.filter(~several).select("pos", customer_id="old_id"),
            merges.filter(pl.col("old_id") == pl.col("survivor")).select(
                "pos", customer_id="survivor"
            ),
        ]
    )
    merged = merges.filter(pl.col("old_id") != pl.col("survivor")).select(
        alias_id="old_id", customer_id="survivor"
    )

    fresh = firsts.join(kept, on="pos", how="anti").sort("pos")
    fresh_ids = _fresh_ids(fresh, registry["customer_id"])
    issued = fresh.select("pos", customer_id=pl.Series(fresh_ids, dtype=pl.String))
    split = fresh.join(overlap, on="pos", how="semi").height

    customers = (
        firsts.select("pos", "cluster")
        .join(pl.concat([kept, issued]), on="pos", how="left")
        .select("cluster", "customer_id")
        .sort("cluster")
    )
    identity_map = records.join(customers, on="cluster", how="left", maintain_order="left").select(
        *_KEY, "customer_id"
    )

    status = pl.col("status")
    updated = registry.with_columns(
        status=pl.when(pl.col("customer_id").is_in(merged["alias_id"].implode()))
        .then(pl.lit(ALIAS))
        .when(pl.col("customer_id").is_in(retired_ids.implode()))
        .then(pl.lit(RETIRED))
        .otherwise(status)
    )
    new_rows = issued.select(
        "customer_id",
        issued_at=pl.lit(stamp, dtype=_TIMESTAMP),
        issued_run=pl.lit(run_id, dtype=pl.String),
        status=pl.lit(ACTIVE, dtype=pl.String),
    )
    aliases = _aliases(previous.aliases, merged, stamp, run_id)
    return IdAssignment(
        customers=customers,
        state=IdState(
            identity_map=identity_map,
            registry=_merge_by_id(updated, new_rows, "customer_id"),
            aliases=aliases,
        ),
        stats={
            "new": issued.height,
            "kept": kept.height,
            "merged": merged.height,
            "split": split,
            "retired": retired_ids.len(),
        },
    )


def _merge_by_id(old: pl.DataFrame, new: pl.DataFrame, key: str) -> pl.DataFrame:
    """``old`` and ``new`` together, sorted by ``key``; cheap when ``old`` is already sorted
    (as every state this module writes is)."""
    if not old[key].is_sorted():
        return pl.concat([old, new]).sort(key)
    return old.set_sorted(key).merge_sorted(new.sort(key), key=key)


def _utc(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        msg = f"assign_ids: now must be timezone-aware, got the naive datetime {now.isoformat()}"
        raise ResolveError(msg)
    return now.astimezone(UTC)


def _overlap(records: pl.DataFrame, identity_map: pl.DataFrame) -> pl.DataFrame:
    """``cluster, old_id, n``: how many of a cluster's records the previous run gave ``old_id``."""
    previous = identity_map.select(
        pl.col("source").cast(pl.String).alias("previous_source"),
        pl.col("record_id").cast(pl.String).alias("previous_record_id"),
        pl.col("customer_id").cast(pl.String).alias("old_id"),
    )
    # Joining on a 64-bit hash of the key and then comparing the strings is exact, and several
    # times faster than polars' join on two string columns.
    key_hash = pl.struct(*_KEY).hash()
    joined = (
        records.with_row_index("row")
        .with_columns(key_hash=key_hash)
        .join(
            previous.with_columns(
                key_hash=pl.struct(
                    pl.col("previous_source").alias("source"),
                    pl.col("previous_record_id").alias("record_id"),
                ).hash()
            ),
            on="key_hash",
            how="inner",
        )
        .filter(
            (pl.col("source") == pl.col("previous_source"))
            & (pl.col("record_id") == pl.col("previous_record_id"))
        )
    )
    if joined["row"].n_unique() < joined.height:
        twice = joined.filter(pl.col("row").is_duplicated())
        keys = [f"({s!r}, {r!r})" for s, r in twice.select(_KEY).unique().sort(_KEY).rows()]
        msg = (
            "previous identity_map is unusable: it lists a (source, record_id) key more than "
            f"once, e.g. {', '.join(keys[:_MAX_LISTED])}"
        )
        raise ResolveError(msg)
    return joined.group_by("cluster", "old_id").agg(n=pl.len())


def _fresh_ids(fresh: pl.DataFrame, registry_ids: pl.Series) -> list[str]:
    """New ids for the clusters in ``fresh`` (ordered by smallest key), first choice or not.

    The outcome equals handing out ids one cluster at a time in key order, each taking the
    first of ``new_customer_id(source, record_id, n)`` for n = 0, 1, ... that is neither in the
    registry nor given to an earlier cluster; only the clusters whose first choice is taken
    (and any later cluster whose first choice one of them takes) go through that loop.
    """
    keys: list[bytes] = (
        fresh.select(pl.concat_str(*_KEY, separator=KEY_SEPARATOR).cast(pl.Binary))
        .to_series()
        .to_list()
    )
    ids = [_digest(key) for key in keys]
    first_choice = pl.Series(ids, dtype=pl.String)
    taken = first_choice.is_in(
        pl.Series(_registered(registry_ids, ids), dtype=pl.String).implode()
    ) | ~(first_choice.is_first_distinct())
    if not taken.any():
        return ids

    holder: dict[str, int] = {}  # first choice -> the first cluster that wants it
    for i, candidate in enumerate(ids):
        holder.setdefault(candidate, i)
    queue = taken.arg_true().to_list()
    # Look the likely alternatives up in the registry in one go; others one at a time.
    likely = [_digest(keys[i] + f"{KEY_SEPARATOR}{n}".encode()) for i in queue for n in range(1, 4)]
    registered = set(_registered(registry_ids, [ids[i] for i in queue] + likely))
    checked = {ids[i] for i in queue} | set(likely)

    def in_registry(candidate: str) -> bool:
        if candidate not in checked:
            checked.add(candidate)
            registered.update(_registered(registry_ids, [candidate]))
        return candidate in registered

    given: set[str] = set()  # ids handed out by this loop
    queued = set(queue)
    heapq.heapify(queue)
    while queue:
        i = heapq.heappop(queue)
        attempt, candidate = 0, ids[i]
        # A first choice wanted by an earlier cluster is held by somebody already: by that
        # cluster, or by whoever made it move on.
        while candidate in given or holder.get(candidate, i) < i or in_registry(candidate):
            attempt += 1
            candidate = _digest(keys[i] + f"{KEY_SEPARATOR}{attempt}".encode())
        ids[i] = candidate
        given.add(candidate)
        later = holder.get(candidate, i)
        if later > i and later not in queued:
            queued.add(later)
            heapq.heappush(queue, later)
    return ids


def _registered(registry_ids: pl.Series, candidates: list[str]) -> list[str]:
    """Those of ``candidates`` that are in the registry (hashing the few, not the many)."""
    wanted = pl.Series(candidates, dtype=pl.String).implode()
    found: list[str] = registry_ids.filter(registry_ids.is_in(wanted)).to_list()
    return found


def _aliases(
    previous: pl.DataFrame, merged: pl.DataFrame, stamp: datetime, run_id: str
) -> pl.DataFrame:
    """Previous aliases repointed past this run's merges, plus this run's merges."""
    schema = _alias_schema()
    old = previous.select([pl.col(c).cast(t) for c, t in schema.items()])
    repoint = merged.select(pl.col("alias_id").alias("via"), pl.col("customer_id").alias("to"))
    # A repointed alias keeps its merged_at and run_id: they record when *it* was merged away.
    old = old.join(repoint, left_on="customer_id", right_on="via", how="left").select(
        "alias_id", pl.coalesce("to", "customer_id").alias("customer_id"), "merged_at", "run_id"
    )
    new = merged.select(
        "alias_id",
        "customer_id",
        merged_at=pl.lit(stamp, dtype=schema["merged_at"]),
        run_id=pl.lit(run_id, dtype=schema["run_id"]),
    )
    return pl.concat([old, new]).select(list(schema)).sort("alias_id")


def _check_input(clusters: pl.DataFrame, previous: IdState) -> None:
    problems: list[str] = []
    problems += _missing("clusters", clusters, (*_KEY, "cluster"))
    if "cluster" in clusters.columns and not clusters.schema["cluster"].is_integer():
        problems.append(
            f"clusters: column 'cluster' must be an integer, got {clusters['cluster'].dtype}"
        )
    present = [c for c in (*_KEY, "cluster") if c in clusters.columns]
    problems += _nulls("clusters", clusters, present)

    tables = {
        "identity_map": (previous.identity_map, tuple(_identity_map_schema())),
        "registry": (previous.registry, tuple(_REGISTRY_SCHEMA)),
        "aliases": (previous.aliases, tuple(_alias_schema())),
    }
    for name, (frame, columns) in tables.items():
        problems += _missing(f"previous {name}", frame, columns)
        problems += _nulls(f"previous {name}", frame, [c for c in columns if c in frame.columns])

    registry = previous.registry
    if "status" in registry.columns:
        bad = registry.filter(~pl.col("status").is_in(STATUSES))["status"].unique().sort()
        if bad.len():
            problems.append(
                f"previous registry: unknown status {_listed(bad)}; expected one of {', '.join(STATUSES)}"
            )
    if "customer_id" in registry.columns and _has_repeats(registry["customer_id"]):
        twice = registry.filter(pl.col("customer_id").is_duplicated())["customer_id"].unique()
        if twice.len():
            problems.append(f"previous registry: customer_id listed twice: {_listed(twice.sort())}")
    if problems:
        raise ResolveError("assign_ids: " + "; ".join(problems))


def _has_repeats(values: pl.Series) -> bool:
    """Whether a value occurs twice; cheap for the sorted columns this module writes."""
    if values.is_sorted():
        return bool((values == values.shift(1)).any())
    return values.n_unique() < values.len()


def _missing(name: str, frame: pl.DataFrame, columns: Sequence[str]) -> list[str]:
    missing = [c for c in columns if c not in frame.columns]
    return [f"{name}: missing columns {', '.join(missing)}"] if missing else []


def _nulls(name: str, frame: pl.DataFrame, columns: Sequence[str]) -> list[str]:
    if not columns:
        return []
    counts = frame.select(pl.col(list(columns)).null_count()).row(0, named=True)
    return [f"{name}: column {c!r} holds {n} nulls" for c, n in counts.items() if n]


def _check_unique_keys(records: pl.DataFrame) -> None:
    """``records`` is sorted by key, so a repeated key sits next to itself."""
    repeated = records.filter(
        (pl.col("source") == pl.col("source").shift(1))
        & (pl.col("record_id") == pl.col("record_id").shift(1))
    )
    if repeated.height:
        keys = [f"({s!r}, {r!r})" for s, r in repeated.select(_KEY).unique().sort(_KEY).rows()]
        msg = (
            f"assign_ids: clusters must list every record once; {repeated.height} repeated "
            f"(source, record_id) keys, e.g. {', '.join(keys[:_MAX_LISTED])}"
        )
        raise ResolveError(msg)


def _check_claimed_active(ledger: pl.DataFrame) -> None:
    """Every id of the previous identity map must be active in the previous registry."""
    unknown = ledger.filter(pl.col("active").is_null())["old_id"].sort()
    if unknown.len():
        msg = (
            f"previous state is inconsistent: the identity_map uses {unknown.len()} customer ids "
            f"that are not active in the registry, e.g. {_listed(unknown)}"
        )
        raise ResolveError(msg)


def _listed(values: pl.Series) -> str:
    shown = ", ".join(repr(v) for v in values.head(_MAX_LISTED).to_list())
    return (
        f"{shown} (and {values.len() - _MAX_LISTED} more)" if values.len() > _MAX_LISTED else shown
    )
