"""``cxm export {profiles,identity-map,timeline,traits}``: the published customer view as files."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cxm.cli_common import console, fail, load_settings
from cxm.errors import CxmError

# What each dataset is, for --help; cxm.export (polars, pyarrow, the store's tables) is imported
# only when an export runs, so other commands start fast. A test checks these names are
# exactly cxm.export.DATASETS.
COMMANDS = {
    "profiles": "One row per customer: golden record, identifiers, counts and provenance.",
    "identity-map": "One row per source record: source, record_id, customer_id, matched_by.",
    "timeline": "One row per interaction, by customer and time, across departments.",
    "traits": "One row per customer: each CX trait as a typed column.",
}

export_app = typer.Typer(
    help="Write the published customer view for analysts (Parquet or CSV, written atomically).",
    no_args_is_help=True,
)


class Format(StrEnum):
    """The export formats ``--format`` accepts."""

    parquet = "parquet"
    csv = "csv"


def _command(name: str, summary: str) -> Callable[..., None]:
    def command(
        out: Annotated[Path, typer.Option("--out", help="Output file: .parquet or .csv.")],
        fmt: Annotated[
            Format | None,
            typer.Option("--format", help="parquet or csv (default: from the file's extension)."),
        ] = None,
    ) -> None:
        from cxm.export import export_file
        from cxm.store.engine import engine_for
        from cxm.store.migrate import upgrade

        settings = load_settings()
        try:
            engine = engine_for(settings)
            upgrade(engine)
            report = export_file(engine, name, out, fmt.value if fmt else None)
        except CxmError as err:
            raise fail(err) from err
        console.print(
            f"wrote {report.rows:,} rows ({report.bytes:,} bytes, {report.format}) of "
            f"{name} from publish {report.run_id} to {out} in {report.seconds:.1f} s",
            highlight=False,
        )

    schema = "export_" + name.replace("-", "_")
    command.__doc__ = f"{summary} Columns: schemas/{schema}.v1.json."
    return command


def register(app: typer.Typer) -> None:
    """Add ``cxm export`` and one subcommand per dataset."""
    for name, summary in COMMANDS.items():
        export_app.command(name)(_command(name, summary))
    app.add_typer(export_app, name="export")
