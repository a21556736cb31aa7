"""The ``cxm`` command line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cxm.cli_common import console, err_console, fail, load_settings
from cxm.cli_export import register as register_export
from cxm.cli_insight import register as register_insight
from cxm.cli_resolve import register, resolve_config, run_resolve
from cxm.cli_store import register as register_store
from cxm.cli_store import run_publish, serve_app
from cxm.config import Settings
from cxm.errors import CxmError
from cxm.ingest.discover import discover
from cxm.ingest.lake import Batch, Lake
from cxm.ingest.pipeline import DONE, IngestReport, ingest
from cxm.ingest.registry import load_registry

app = typer.Typer(
    name="cxm",
    help="cxm: load departmental exports, resolve them into one customer view, serve it.",
    no_args_is_help=True,
    add_completion=False,
)
lake_app = typer.Typer(help="Inspect the Parquet lake.", no_args_is_help=True)
app.add_typer(lake_app, name="lake")


def _counts(batch: Batch) -> list[str]:
    """A batch's row accounting, in the summary tables' column order."""
    values = (
        batch.rows_read,
        batch.rows_staged,
        batch.rows_quarantined,
        batch.identity_records,
        batch.interactions,
    )
    return [str(v) for v in values]


def print_report(report: IngestReport) -> None:
    """The per-file summary table whose counts reconcile: read = staged + quarantined."""
    paths = [str(r.path.resolve()) for r in report.files]
    root = Path(os.path.commonpath(paths)) if paths else Path.cwd()
    if len(paths) == 1:
        root = root.parent

    def shown(path: Path) -> str:
        return str(path.resolve().relative_to(root))

    table = Table(title=f"cxm ingest: {root}", show_footer=True)
    totals = report.totals
    table.add_column("file", footer="total")
    table.add_column("connector")
    table.add_column("status")
    for name in (
        "rows_read",
        "rows_staged",
        "rows_quarantined",
        "identity_records",
        "interactions",
    ):
        label = {"identity_records": "identities"}.get(name, name.replace("rows_", ""))
        table.add_column(label, justify="right", footer=str(totals[name]))
    for result in report.files:
        b = result.batch
        cells = [shown(result.path), result.connector, result.status.split(":")[0]]
        if b is None or result.status != "ingested":
            cells += ["-"] * 5
        else:
            cells += _counts(b)
        table.add_row(*cells)
    console.print(table)
    ok = totals["rows_read"] == totals["rows_staged"] + totals["rows_quarantined"]
    console.print(
        f"rows read {totals['rows_read']} = staged {totals['rows_staged']} + quarantined "
        f"{totals['rows_quarantined']}: {'reconciled' if ok else '[red]NOT reconciled[/]'}"
    )
    for result in report.files:
        if result.status.startswith("skipped"):
            console.print(
                f"  skipped {shown(result.path)}: {result.status.split(': ', 1)[-1]}",
                highlight=False,
            )
        for reason, count in result.problems_by_reason.items():
            console.print(f"  quarantine {result.path.name}: {count} x {reason}", highlight=False)
        if result.orphans:
            console.print(
                f"  note {result.path.name}: {result.orphans} interactions reference person records "
                "not in the lake yet (ingest their users/contacts file)",
                highlight=False,
            )


def run_ingest(
    paths: list[Path], settings: Settings, connector: str | None, mappings: list[Path]
) -> IngestReport:
    """Ingest with a progress bar; shared by ``cxm ingest`` and ``cxm run``."""
    files, _ = discover(paths)
    with Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=len(files))

        def advance(path: Path, status: str) -> None:
            step = 1 if status in DONE else 0
            progress.update(task, advance=step, description=f"{path.name}: {status}")

        report = ingest(paths, settings, connector=connector, mappings=mappings, on_file=advance)
    print_report(report)
    return report


@app.command("ingest")
def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="Export files or folders to load.")],
    connector: Annotated[
        str | None,
        typer.Option("--connector", "-c", help="Force this connector instead of detecting it."),
    ] = None,
    mapping: Annotated[
        list[Path] | None,
        typer.Option(
            "--mapping", "-m", help="A mapping spec (TOML) for an export cxm has no connector for."
        ),
    ] = None,
) -> None:
    """Load export files into the Parquet lake (detecting each file's connector)."""
    settings = load_settings()
    try:
        run_ingest(paths, settings, connector, mapping or [])
    except CxmError as err:
        raise fail(err) from err


@app.command("connectors")
def connectors_command() -> None:
    """List the connectors: built-in ones and your own."""
    settings = load_settings()
    try:
        registry = load_registry(settings)
    except CxmError as err:
        raise fail(err) from err
    table = Table(title="connectors")
    for column in ("name", "source", "department", "format", "title", "spec"):
        table.add_column(column)
    for spec in registry:
        table.add_row(
            spec.name, spec.source, spec.department, spec.format, spec.title, str(spec.path)
        )
    console.print(table)


@lake_app.command("status")
def lake_status_command() -> None:
    """Show the lake's active batches and their row accounting."""
    settings = load_settings()
    lake = Lake(settings.lake_dir)
    try:
        batches = lake.active()
    except CxmError as err:
        raise fail(err) from err
    table = Table(title=f"lake {settings.lake_dir}")
    for column in (
        "batch",
        "connector",
        "file",
        "read",
        "staged",
        "quarantined",
        "identities",
        "interactions",
    ):
        table.add_column(column)
    for b in batches:
        table.add_row(
            b.batch_id,
            b.connector,
            b.file,
            *_counts(b),
        )
    console.print(table)


@app.command("run")
def run_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Export files or folders (e.g. sample_data).")
    ],
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="End by serving the API and console.")
    ] = True,
    host: Annotated[str, typer.Option(help="Interface to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8000,
) -> None:
    """The main job: ingest PATHS, resolve, publish to the store, then serve the API.

    Before serving, it creates an ``agent`` API key and prints it with the URL, so a lookup
    can be tried at once.
    """
    settings = load_settings()
    try:
        config = resolve_config(settings, None)
        run_ingest(paths, settings, None, [])
        run_resolve(settings, config)
        run_publish(settings)
        if not serve:
            return
        from cxm.store.engine import engine_for
        from cxm.store.keys import create_key

        _, key = create_key(engine_for(settings), name="cxm-run", scope="agent")
        url = f"http://{host}:{port}"
        console.print(
            f"\nConsole {url}/   API docs {url}/docs\n"
            f"agent key (shown once): {key}\n"
            f'try: curl -H "Authorization: Bearer {key}" "{url}/v1/customers?name=smith"\n'
        )
        serve_app(settings, host, port)
    except CxmError as err:
        raise fail(err) from err


register(app)  # after the ingest commands, so `cxm --help` lists them in the order data flows
register_store(app)
register_export(app)
register_insight(app)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
