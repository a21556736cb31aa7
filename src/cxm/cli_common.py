"""What every ``cxm`` command shares: the consoles, settings loading and error exit."""

from __future__ import annotations

import sys

import typer
from pydantic import ValidationError
from rich.console import Console

from cxm.config import Settings
from cxm.errors import CxmError

# Piped output (CI logs, files) gets a wide table instead of rich's 80-column default.
console = Console(width=None if sys.stdout.isatty() else 160)
err_console = Console(stderr=True)


def load_settings() -> Settings:
    """The settings from the environment, or exit 2 with what is wrong."""
    try:
        return Settings()
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors())
        err_console.print(f"[red]error:[/] invalid settings: {problems}", soft_wrap=True)
        raise typer.Exit(2) from err


def fail(err: CxmError) -> typer.Exit:
    """Print a cxm error and return the exit to raise (status 1)."""
    err_console.print(f"[red]error:[/] {err}", markup=True, highlight=False, soft_wrap=True)
    return typer.Exit(1)
