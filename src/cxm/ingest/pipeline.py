"""``cxm ingest``: files in, validated and normalized batches in the lake out.

Files are checked first (which connector, required columns): when any file cannot be read at all,
nothing is written and every such file is reported together. Then each file is read, mapped and
staged, and the run commits once, atomically.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from cxm import __version__
from cxm.config import Settings
from cxm.errors import CxmError, LakeError, SpecError, UnreadableFileError
from cxm.ingest.detect import check_columns, detect, shape_of
from cxm.ingest.discover import discover
from cxm.ingest.hook import HookContext
from cxm.ingest.lake import Batch, Lake
from cxm.ingest.mapping import map_frame
from cxm.ingest.read import (
    LINE,
    ROW,
    RawTable,
    decode,
    head_text,
    read_csv_bytes,
    read_json_text,
    read_twitter_js_text,
)
from cxm.ingest.registry import MAPPING_SUFFIX, Registry, load_registry
from cxm.ingest.spec import ConnectorSpec

DONE = frozenset({"ingested", "unchanged", "skipped"})
"""Statuses ``ingest(on_file=...)`` reports when a file is finished."""
SKIP_REASON = "__skip_reason"
"""A hook may set this column on rows that are deliberately not loaded; they go to quarantine."""
SKIP_FIELD = "__skip_field"
"""Optionally, the field a skipped row's reason is about (the quarantine record names it)."""


@dataclass
class FileResult:
    """What happened to one input file."""

    path: Path
    connector: str
    status: str  # ingested | unchanged | skipped: <why>
    batch: Batch | None = None
    orphans: int = 0
    problems_by_reason: dict[str, int] = field(default_factory=dict)


@dataclass
class IngestReport:
    """The outcome of one ``cxm ingest`` run."""

    files: list[FileResult]

    @property
    def totals(self) -> dict[str, int]:
        """Rows read / staged / quarantined over the files ingested in this run."""
        batches = [f.batch for f in self.files if f.batch is not None and f.status == "ingested"]
        return {
            "rows_read": sum(b.rows_read for b in batches),
            "rows_staged": sum(b.rows_staged for b in batches),
            "rows_quarantined": sum(b.rows_quarantined for b in batches),
            "identity_records": sum(b.identity_records for b in batches),
            "interactions": sum(b.interactions for b in batches),
        }


# --- planning: which connector reads which file ----------------------------------------------


@dataclass
class _Plan:
    path: Path
    spec: ConnectorSpec
    sha256: str
    stat: tuple[int, int]  # size and mtime when hashed


def _sibling_mapping(
    path: Path, registry: Registry, mapping_specs: dict[Path, str]
) -> ConnectorSpec | None:
    for candidate in (
        path.with_name(path.stem + MAPPING_SUFFIX),
        path.with_name(path.name + MAPPING_SUFFIX),
    ):
        name = mapping_specs.get(candidate.resolve())
        if name is not None:
            return registry.get(name)
    return None


def _decode(plan_path: Path, data: bytes, spec: ConnectorSpec | None) -> tuple[str, str]:
    return decode(data, plan_path, spec.options.encoding if spec else None)


def _sniff_text(path: Path, data: bytes, spec: ConnectorSpec | None) -> str:
    """Enough of a file to tell its shape: the head of a CSV, the whole of a JSON document."""
    head = head_text(data, spec.options.encoding if spec else None)
    if head.lstrip()[:1] in ("[", "{"):
        return decode(data, path, spec.options.encoding if spec else None)[0]
    return head


def plan(
    files: list[Path],
    registry: Registry,
    mapping_specs: dict[Path, str],
    forced: str | None,
    explicit: set[Path] | None = None,
) -> tuple[list[_Plan], list[Path]]:
    """Choose a connector for every file and check its columns; report all problems together.

    Returns the plans and the files skipped: parts of an X archive (likes, followers, account...)
    that no connector reads, found while walking a folder. A file named explicitly is never
    skipped.
    """
    plans: list[_Plan] = []
    skipped: list[Path] = []
    problems: list[str] = []
    forced_spec = registry.get(forced) if forced else None
    for path in files:
        try:
            stat = path.stat()
            data = path.read_bytes()
            spec = forced_spec or _sibling_mapping(path, registry, mapping_specs)
            text = _sniff_text(path, data, spec)
            if spec is not None and spec.format == "custom":
                hook = registry.hook(spec)
                if hook is None or not hasattr(hook, "read"):
                    raise SpecError(
                        f"connector {spec.name}: format 'custom' needs a read() in its hook"
                    )
            else:
                delimiter = spec.options.delimiter if spec else None
                shape = shape_of(text, path, delimiter)
                if spec is None:
                    spec = _custom_detect(registry, path)
                if spec is None:
                    try:
                        spec = detect(registry, shape, path)
                    except UnreadableFileError:
                        if shape.family == "twitter_js" and path not in (explicit or set()):
                            skipped.append(path)
                            continue
                        raise
                if spec.format != "custom":
                    check_columns(spec, shape, path)
            # The bytes are read again when the file's turn comes: a run holds one file at a time.
            plans.append(
                _Plan(
                    path, spec, hashlib.sha256(data).hexdigest(), (stat.st_size, stat.st_mtime_ns)
                )
            )
        except (CxmError, OSError) as err:
            problems.append(str(err))
    if problems:
        raise UnreadableFileError("\n".join(problems))
    return plans, skipped


def _custom_detect(registry: Registry, path: Path) -> ConnectorSpec | None:
    for spec in registry:
        if spec.format != "custom":
            continue
        hook = registry.hook(spec)
        if hook is not None and hasattr(hook, "detect") and hook.detect(path):
            return spec
    return None


# --- reading and mapping one file ------------------------------------------------------------


def read_raw(
    plan: _Plan, data: bytes, registry: Registry, settings: Settings
) -> tuple[RawTable, dict[str, Any]]:
    """Read a planned file into a raw table with the connector's reading options."""
    spec, path = plan.spec, plan.path
    ctx = HookContext(spec, settings, path)
    hook = registry.hook(spec)
    if spec.format == "custom":
        assert hook is not None
        table: RawTable = hook.read(path, ctx)
        return table, {}
    if spec.format == "csv":
        hook = registry.hook(spec)
        # A hook whose columns depend on the file (a survey's questions) reads every column.
        wanted = (
            None
            if getattr(hook, "ALL_COLUMNS", False)
            else spec.referenced_columns() | set(getattr(hook, "COLUMNS", ()))
        )
        table = read_csv_bytes(
            data,
            path,
            delimiter=spec.options.delimiter,
            footer=spec.options.footer,
            encoding=spec.options.encoding,
            columns=wanted,
            header_rows=spec.options.header_rows,
        )
        return table, {}
    text, encoding = _decode(path, data, spec)
    meta: dict[str, Any] = {"encoding": encoding}
    if spec.format == "twitter_js":
        table = read_twitter_js_text(text, path)
    else:
        table = read_json_text(text, path, spec.options.records_path)
    return table, meta


def _quarantine_rows(raw: RawTable, problems: pl.DataFrame) -> pl.DataFrame:
    """Quarantine records for mapping problems, with the raw input row."""
    if problems.height == 0:
        return pl.DataFrame()
    return problems.join(raw.raw_rows(problems), on=ROW, how="left").select(
        pl.col(ROW).alias("row"),
        pl.col(LINE).alias("line"),
        "field",
        "reason",
        pl.col("raw").fill_null(""),
    )


def ingest_file(
    plan: _Plan,
    registry: Registry,
    settings: Settings,
    batch_id: str,
    on_stage: Callable[[str], None] | None = None,
) -> tuple[Batch, dict[str, pl.DataFrame]]:
    """Read, map and normalize one file; returns its batch entry and its canonical tables."""
    spec, path = plan.spec, plan.path
    stage = on_stage or (lambda _: None)
    stage("reading")
    stat = path.stat()
    data = path.read_bytes()
    # The hash taken while planning still holds unless the file changed since (then hash again).
    unchanged = (stat.st_size, stat.st_mtime_ns) == plan.stat == (len(data), stat.st_mtime_ns)
    sha256 = plan.sha256 if unchanged else hashlib.sha256(data).hexdigest()
    raw, meta = read_raw(plan, data, registry, settings)
    size = len(data)
    del data
    stage("mapping and normalizing")
    meta.update(raw.meta)
    columns = tuple(raw.arrow.column_names) if raw.arrow is not None else tuple(raw.columns)
    ctx = HookContext(spec, settings, path, columns=columns, header=raw.header)
    hook = registry.hook(spec)
    frame = raw.frame
    if hook is not None and hasattr(hook, "prepare"):
        frame = hook.prepare(frame, ctx)
        if ROW not in frame.columns or LINE not in frame.columns:
            msg = f"connector {spec.name}: its prepare() hook dropped the {ROW}/{LINE} columns"
            raise SpecError(msg)
    # Columns no mapping reads are dead weight from here on (the raw rows stay in ``raw``).
    keep = spec.referenced_columns()
    frame = frame.select([c for c in frame.columns if c in keep or c.startswith("__")])
    raw.release_values()
    skipped = pl.DataFrame(
        schema={ROW: pl.Int64, LINE: pl.Int64, "field": pl.String, "reason": pl.String}
    )
    if SKIP_REASON in frame.columns:
        skip = frame.filter(pl.col(SKIP_REASON).is_not_null())
        field = (
            pl.col(SKIP_FIELD).cast(pl.String)
            if SKIP_FIELD in skip.columns
            else pl.lit(None, dtype=pl.String)
        )
        skipped = skip.group_by(ROW, maintain_order=True).agg(
            pl.col(LINE).first(),
            field.first().alias("field"),
            pl.col(SKIP_REASON).first().alias("reason"),
        )
        frame = frame.filter(pl.col(SKIP_REASON).is_null())
    mapped = map_frame(frame, ctx)
    problems = pl.concat(
        [skipped.select(ROW, LINE, "field", "reason"), mapped.problems], how="vertical_relaxed"
    )
    # Rows that are neither loaded nor reported: a hook dropped them, or nothing in them mapped.
    out_rows = [t.select(ROW) for t in (mapped.identity, mapped.interactions) if t.height]
    staged_rows = pl.concat(out_rows).unique() if out_rows else pl.DataFrame(schema={ROW: pl.Int64})
    seen = pl.concat([staged_rows, problems.select(ROW)]).unique()
    lost = raw.frame.select(ROW, LINE).join(seen, on=ROW, how="anti")
    if lost.height:
        lost = lost.with_columns(
            pl.lit(None, dtype=pl.String).alias("field"),
            pl.lit("the row holds no person record and no interaction this connector maps").alias(
                "reason"
            ),
        )
        problems = pl.concat(
            [problems, lost.select(ROW, LINE, "field", "reason")], how="vertical_relaxed"
        )
    quarantine = pl.concat(
        [
            t
            for t in (
                raw.problems.with_columns(pl.lit(None, dtype=pl.String).alias("field")).select(
                    "row", "line", "field", "reason", "raw"
                ),
                _quarantine_rows(raw, problems),
            )
            if t.height
        ]
        or [
            pl.DataFrame(
                schema={
                    "row": pl.Int64,
                    "line": pl.Int64,
                    "field": pl.String,
                    "reason": pl.String,
                    "raw": pl.String,
                }
            )
        ],
        how="vertical_relaxed",
    )
    rows_staged = staged_rows.height
    rows_quarantined = quarantine.height
    if (
        rows_staged + rows_quarantined != raw.rows_read
        or staged_rows.join(problems.select(ROW), on=ROW, how="semi").height
    ):
        msg = (
            f"{path}: row accounting failed: read {raw.rows_read}, staged {rows_staged}, "
            f"quarantined {rows_quarantined} (this is a bug in connector {spec.name} or in cxm)"
        )
        raise LakeError(msg)
    provenance = {"batch_id": batch_id, "source_file": str(path)}
    tables = {
        "quarantine": quarantine.with_columns(
            pl.lit(spec.source).alias("source"),
            pl.lit(spec.name).alias("connector"),
            pl.lit(batch_id).alias("batch_id"),
            pl.lit(str(path)).alias("file"),
        )
    }
    for table, frame_out in (
        ("identity_record", mapped.identity),
        ("interaction", mapped.interactions),
    ):
        if frame_out.height:
            tables[table] = frame_out.with_columns(
                *(pl.lit(v).alias(k) for k, v in provenance.items()),
                pl.col(ROW).alias("source_row"),
                pl.col(LINE).alias("source_line"),
            )
    batch = Batch(
        batch_id=batch_id,
        connector=spec.name,
        source=spec.source,
        file=str(path),
        file_key=str(path.resolve()),
        sha256=sha256,
        size=size,
        ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
        rows_read=raw.rows_read,
        rows_staged=rows_staged,
        rows_quarantined=rows_quarantined,
        identity_records=mapped.identity.height,
        interactions=mapped.interactions.height,
        meta={**meta, "cxm_version": __version__},
    )
    return batch, tables


# --- the run ---------------------------------------------------------------------------------


def _batch_id(sha256: str, now: datetime) -> str:
    return f"{now:%Y%m%dT%H%M%S%f}-{sha256[:12]}"


def ingest(
    paths: Iterable[Path],
    settings: Settings,
    *,
    connector: str | None = None,
    mappings: Iterable[Path] = (),
    on_file: Callable[[Path, str], None] | None = None,
) -> IngestReport:
    """Ingest files and folders into the lake at ``settings.lake_dir``.

    Parameters
    ----------
    paths
        Files and folders; folders are walked (``.cxmignore`` lists names to skip).
    settings
        Where the lake lives, the default phone region and time zone.
    connector
        Force this connector for every file instead of detecting it.
    mappings
        Extra mapping spec files (a user's own connectors) to register for this run.
    on_file
        Called with a file and what is happening to it as the run progresses (for progress
        bars); a status in :data:`DONE` means the file is finished.
    """
    files, found_mappings = discover([Path(p) for p in paths])
    all_mappings = [*found_mappings, *mappings]
    registry = load_registry(settings, all_mappings)
    mapping_specs = {}
    for path in all_mappings:
        for spec in registry:
            if spec.path == path.resolve():
                mapping_specs[path.resolve()] = spec.name
    if not files:
        msg = "no input files found in " + ", ".join(str(p) for p in paths)
        raise UnreadableFileError(msg)
    explicit = {Path(p) for p in paths if Path(p).is_file()}
    plans, skipped = plan(files, registry, mapping_specs, connector, explicit)
    lake = Lake(settings.lake_dir)
    results: list[FileResult] = [
        FileResult(path, "-", "skipped: an X archive part no connector reads") for path in skipped
    ]
    for path in skipped:
        if on_file:
            on_file(path, "skipped")
    with lake.transaction() as txn:
        active = {(b.file_key, b.connector): b for b in lake.active()}
        for item in plans:
            key = (str(item.path.resolve()), item.spec.name)
            previous = active.get(key)
            if previous is not None and previous.sha256 == item.sha256:
                results.append(FileResult(item.path, item.spec.name, "unchanged", previous))
                if on_file:
                    on_file(item.path, "unchanged")
                continue
            batch, tables = ingest_file(
                item,
                registry,
                settings,
                _batch_id(item.sha256, datetime.now(UTC)),
                on_stage=functools.partial(on_file, item.path) if on_file else None,
            )
            if on_file:
                on_file(item.path, "writing")
            txn.stage(batch, tables)
            if previous is not None:
                txn.supersede(previous.batch_id, batch.batch_id)
            reasons = (
                tables["quarantine"]
                .get_column("reason")
                .str.replace(r":\s*'.*$", "")
                .value_counts(sort=True)
            )
            results.append(
                FileResult(
                    item.path,
                    item.spec.name,
                    "ingested",
                    batch,
                    problems_by_reason=dict(
                        zip(reasons["reason"].to_list(), reasons["count"].to_list(), strict=True)
                    ),
                )
            )
            if on_file:
                on_file(item.path, "ingested")
        txn.commit()
    _count_orphans(lake, results)
    return IngestReport(results)


def _count_orphans(lake: Lake, results: list[FileResult]) -> None:
    """Interactions whose person record is not (yet) in the lake, per file, for the summary."""
    touched = [
        r
        for r in results
        if r.status == "ingested" and r.batch is not None and r.batch.interactions
    ]
    if not touched:
        return
    people = lake.scan("identity_record").select("source", "record_id").unique()
    for result in touched:
        assert result.batch is not None
        part = (
            lake.partition("interaction", result.batch.source, result.batch.batch_id)
            / "part-0.parquet"
        )
        events = pl.scan_parquet(part).select("source", "record_id")
        result.orphans = (
            events.join(people, on=["source", "record_id"], how="anti")
            .select(pl.len())
            .collect()
            .item()
        )
