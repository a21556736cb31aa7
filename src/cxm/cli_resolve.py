"""``cxm resolve``, ``evaluate``, ``explain`` and the override commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import polars as pl
import typer
from rich.table import Table

from cxm.cli_common import console, fail, load_settings
from cxm.config import Settings
from cxm.errors import CxmError, ResolveError
from cxm.resolve.config import ResolveConfig, load_config
from cxm.resolve.overrides import RecordRef, add_override, read_overrides, revoke_override
from cxm.resolve.resolution import require_current

if TYPE_CHECKING:
    from cxm.resolve.pipeline import ResolveResult

# The matching stages (scipy, rapidfuzz) are imported inside the commands that run them, so
# `cxm ingest` and the other commands do not pay for them at start-up.

overrides_app = typer.Typer(help="Agents' link/unlink decisions.", no_args_is_help=True)


def resolve_config(settings: Settings, path: Path | None) -> ResolveConfig:
    """The resolve config: ``--config``, else the setting / HOME/resolve.toml, else defaults."""
    return load_config(path or settings.resolve_config_path)


def run_resolve(settings: Settings, config: ResolveConfig) -> ResolveResult:
    """Resolve with a per-stage status line and print the summary; shared with ``cxm run``."""
    from cxm.resolve.pipeline import STAGES, resolve

    with console.status("resolve") as status:

        def progress(stage: str) -> None:
            step = STAGES.index(stage) + 1 if stage in STAGES else 0
            status.update(f"resolve [{step}/{len(STAGES)}]: {stage}")

        result = resolve(settings.lake_dir, config, progress=progress)
    print_summary(result.summary)
    return result


def print_summary(summary: dict[str, Any]) -> None:
    """The resolve summary: records, pairs, customers, what the guardrails held."""
    table = Table(title=f"cxm resolve: run {summary['run_id']}")
    table.add_column("measure")
    table.add_column("value", justify="right")
    ids = summary["ids"]
    rows = [
        ("identity records", summary["records"]),
        ("identical records collapsed", summary["collapsed_identical"]),
        ("candidate pairs", summary["candidate_pairs"]),
        ("candidate pairs per record", summary["pairs_per_record"]),
        ("edges by rule / by model", f"{summary['rule_edges']} / {summary['model_edges']}"),
        ("customers", summary["customers"]),
        ("merges held by guardrails", summary["merges_held_by_guardrails"]),
        ("clusters held as too large", summary["clusters_held_as_too_large"]),
        ("identifier values shared by too many people", summary["over_shared_values"]),
        (
            "customer ids new / kept / merged / split",
            f"{ids['new']} / {ids['kept']} / {ids['merged']} / {ids['split']}",
        ),
        ("seconds", round(sum(summary["seconds"].values()), 2)),
    ]
    for name, value in rows:
        table.add_row(name, str(value))
    console.print(table)
    for reason, count in sorted(summary["held_by_reason"].items()):
        console.print(f"  held: {count} x {reason}", highlight=False)


def resolve_command(
    config: Annotated[
        Path | None, typer.Option("--config", help="Resolve config TOML (overrides the setting).")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Resolve the lake's identity records into customers (identity map, golden records, edges)."""
    from cxm.resolve.pipeline import resolve

    settings = load_settings()
    try:
        cfg = resolve_config(settings, config)
        if json_out:
            result = resolve(settings.lake_dir, cfg)
            print(json.dumps(result.summary, default=str))
        else:
            run_resolve(settings, cfg)
    except CxmError as err:
        raise fail(err) from err


def evaluate_command(
    truth: Annotated[
        Path, typer.Option("--truth", help="CSV/Parquet: record_id, entity_id [, source].")
    ],
    json_out: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Score the current resolution against ground truth (pairwise precision, recall, F1)."""
    from cxm.resolve.evaluate import blocking_recall, evaluate, read_truth

    settings = load_settings()
    try:
        resolution = require_current(settings.lake_dir)
        truth_frame = read_truth(truth)
        ev = evaluate(resolution.read("identity_map"), truth_frame)
        figures = ev.to_dict()
        edges = resolution.read("match_edge").filter(pl.col("status") == "merged")
        figures["edge_recall"] = blocking_recall(
            edges.select("source_a", "record_id_a", "source_b", "record_id_b"), truth_frame
        )
    except CxmError as err:
        raise fail(err) from err
    if json_out:
        print(json.dumps(figures, default=str))
        return
    table = Table(title=f"cxm evaluate: run {resolution.run_id} against {truth}")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key in ("precision", "recall", "f1"):
        table.add_row(key, f"{figures[key]:.4f}")
    for key in (
        "records",
        "true_pairs",
        "predicted_pairs",
        "true_positive_pairs",
        "entities",
        "customers",
        "split_entities",
        "mixed_customers",
        "truth_only",
        "map_only",
    ):
        table.add_row(key.replace("_", " "), str(figures[key]))
    console.print(table)


def _print_edges(edges: list[dict[str, Any]]) -> None:
    table = Table()
    for column in ("a", "b", "how", "weight", "probability", "status", "evidence"):
        table.add_column(column)
    for e in edges:
        evidence = e["evidence"] or {}
        agreeing = ", ".join(
            f"{c}={v['level']}"
            for c, v in evidence.items()
            if isinstance(v, dict) and v.get("level") not in ("missing", None)
        )
        how = e["rule"] or e["kind"]
        status = e["status"] + (f" ({e['reason']})" if e["reason"] else "")
        table.add_row(
            e["a"],
            e["b"],
            how,
            f"{e['match_weight']:.1f}",
            f"{e['match_probability']:.4f}",
            status,
            agreeing,
        )
    console.print(table)


def explain_command(
    target: Annotated[
        list[str], typer.Argument(help="A customer id, or two records as source:record_id.")
    ],
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the explanation as JSON.")
    ] = False,
) -> None:
    """Why a customer holds together, or why two records are (not) the same customer."""
    from cxm.resolve.explain import explain_customer, explain_pair

    settings = load_settings()
    try:
        resolution = require_current(settings.lake_dir)
        if len(target) == 1:
            doc = explain_customer(resolution, target[0])
        elif len(target) == 2:
            doc = explain_pair(
                settings.lake_dir,
                resolution,
                RecordRef.parse(target[0]),
                RecordRef.parse(target[1]),
            )
        else:
            raise ResolveError("give one customer id, or two records as source:record_id")
    except CxmError as err:
        raise fail(err) from err
    if json_out:
        print(json.dumps(doc, default=str))
        return
    if "records" in doc:
        console.print(
            f"customer [bold]{doc['customer_id']}[/] ({len(doc['records'])} records)"
            + (
                f", asked as alias {doc['asked_for']}"
                if doc["asked_for"] != doc["customer_id"]
                else ""
            )
        )
        for rec in doc["records"]:
            console.print(f"  {rec['record']}  ({rec['matched_by']})", highlight=False)
        _print_edges(doc["edges"])
        return
    console.print(
        f"{doc['a']} → {doc['customer_a']}; {doc['b']} → {doc['customer_b']}", highlight=False
    )
    console.print(f"[bold]{doc['why']}[/]")
    if doc.get("path"):
        _print_edges(doc["path"])
    model = doc["model"]
    console.print(
        f"model: weight {model['match_weight']:.2f} bits (prior {model['prior_weight']:.2f}), "
        f"probability {model['match_probability']:.4f}, threshold {model['threshold']}, "
        f"rule {model['rule'] or '-'}",
        highlight=False,
    )
    for c, v in model["comparisons"].items():
        console.print(f"  {c:12} {v['level']:16} {v['weight']:+.2f}", highlight=False)


def _override(kind: str, a: str, b: str, actor: str, reason: str | None) -> None:
    settings = load_settings()
    try:
        override_id = add_override(
            settings.lake_dir,
            "link" if kind == "link" else "unlink",
            RecordRef.parse(a),
            RecordRef.parse(b),
            actor=actor,
            reason=reason,
        )
    except CxmError as err:
        raise fail(err) from err
    console.print(f"recorded {kind} {override_id}: {a} {b}; the next `cxm resolve` applies it")


def link_command(
    a: Annotated[str, typer.Argument(help="First record, source:record_id.")],
    b: Annotated[str, typer.Argument(help="Second record, source:record_id.")],
    actor: Annotated[str, typer.Option("--actor", help="Who decided.")] = "cli",
    reason: Annotated[str | None, typer.Option("--reason", help="Why.")] = None,
) -> None:
    """Record that two records are the same person (must-link)."""
    _override("link", a, b, actor, reason)


def unlink_command(
    a: Annotated[str, typer.Argument(help="First record, source:record_id.")],
    b: Annotated[str, typer.Argument(help="Second record, source:record_id.")],
    actor: Annotated[str, typer.Option("--actor", help="Who decided.")] = "cli",
    reason: Annotated[str | None, typer.Option("--reason", help="Why.")] = None,
) -> None:
    """Record that two records are NOT the same person (cannot-link)."""
    _override("unlink", a, b, actor, reason)


@overrides_app.command("list")
def overrides_list() -> None:
    """List every override, active and revoked."""
    settings = load_settings()
    frame = read_overrides(settings.lake_dir)
    table = Table(title="overrides")
    for column in ("id", "kind", "a", "b", "actor", "created", "revoked"):
        table.add_column(column)
    for row in frame.iter_rows(named=True):
        table.add_row(
            row["override_id"],
            row["kind"],
            f"{row['source_a']}:{row['record_id_a']}",
            f"{row['source_b']}:{row['record_id_b']}",
            row["actor"],
            str(row["created_at"]),
            f"{row['revoked_at']} by {row['revoked_by']}" if row["revoked_at"] else "",
        )
    console.print(table)


@overrides_app.command("revoke")
def overrides_revoke(
    override_id: Annotated[
        str, typer.Argument(help="The override's id (see `cxm overrides list`).")
    ],
    actor: Annotated[str, typer.Option("--actor", help="Who revokes it.")] = "cli",
) -> None:
    """Revoke an override (it stays in the audit trail)."""
    settings = load_settings()
    try:
        revoke_override(settings.lake_dir, override_id, actor=actor)
    except CxmError as err:
        raise fail(err) from err
    console.print(f"revoked {override_id}; the next `cxm resolve` applies it")


def register(app: typer.Typer) -> None:
    """Add the resolution commands to the ``cxm`` app."""
    app.command("resolve")(resolve_command)
    app.command("evaluate")(evaluate_command)
    app.command("explain")(explain_command)
    app.command("link")(link_command)
    app.command("unlink")(unlink_command)
    app.add_typer(overrides_app, name="overrides")
