"""CLI commands for the store and the API: ``publish``, ``serve``, ``keys``, ``db``."""

from __future__ import annotations

import logging
from typing import Annotated

import typer
from rich.table import Table

from cxm.cli_common import console, fail, load_settings
from cxm.config import Settings
from cxm.errors import CxmError

keys_app = typer.Typer(help="API keys: create (shown once), list, revoke.", no_args_is_help=True)
db_app = typer.Typer(help="The profile store's schema (migrations).", no_args_is_help=True)


def run_publish(settings: Settings) -> None:
    """Load the current resolution into the store and print what was loaded."""
    from cxm.insight.segments import load_segments
    from cxm.resolve.resolution import require_current
    from cxm.store.engine import database_url, describe, make_engine
    from cxm.store.frames import store_frames
    from cxm.store.publish import write_store

    url = database_url(settings)
    resolution = require_current(settings.lake_dir)
    with console.status(f"publish run {resolution.run_id}"):
        segments = load_segments(settings.segments_path)
        frames = store_frames(settings.lake_dir, resolution, segments=segments)
        report = write_store(make_engine(url), frames)
    table = Table(title=f"cxm publish: run {report.run_id} → {describe(url)}")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, count in report.counts.items():
        table.add_row(name, str(count))
    console.print(table)
    if report.unplaced_interactions:
        console.print(
            f"{report.unplaced_interactions} interactions belong to records held out of the "
            "resolution (see `cxm resolve`) and are not published"
        )
    console.print(f"published in {report.seconds:.2f} s")


def publish_command() -> None:
    """Load the latest resolution into the profile store, atomically."""
    settings = load_settings()
    try:
        run_publish(settings)
    except CxmError as err:
        raise fail(err) from err


def serve_app(settings: Settings, host: str, port: int) -> None:
    """Run the API and console with one uvicorn worker until interrupted."""
    import uvicorn

    from cxm.api.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    app = create_app(settings)
    uvicorn.run(app, host=host, port=port, access_log=False, log_level="info")


def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the profile API (OpenAPI at /docs)."""
    settings = load_settings()
    try:
        serve_app(settings, host, port)
    except CxmError as err:
        raise fail(err) from err


@keys_app.command("create")
def keys_create(
    scope: Annotated[str, typer.Option(help="agent, service, analyst or admin.")],
    name: Annotated[str, typer.Option(help="Who or what uses the key.")],
) -> None:
    """Create an API key; the key is printed once (on the last line) and stored hashed."""
    from cxm.store.engine import engine_for
    from cxm.store.keys import create_key
    from cxm.store.migrate import upgrade

    settings = load_settings()
    try:
        engine = engine_for(settings)
        upgrade(engine)
        info, key = create_key(engine, name=name, scope=scope)
    except CxmError as err:
        raise fail(err) from err
    console.print(f"created key {info.key_id} ({info.scope}) for {info.name}; it is shown once:")
    print(key)


@keys_app.command("list")
def keys_list() -> None:
    """List keys (never the keys themselves)."""
    from cxm.store.engine import engine_for
    from cxm.store.keys import list_keys
    from cxm.store.migrate import upgrade

    settings = load_settings()
    try:
        engine = engine_for(settings)
        upgrade(engine)
        found = list_keys(engine)
    except CxmError as err:
        raise fail(err) from err
    table = Table(title="API keys")
    for column in ("key_id", "name", "scope", "created", "revoked"):
        table.add_column(column)
    for k in found:
        revoked = k.revoked_at.isoformat(timespec="seconds") if k.revoked_at else ""
        table.add_row(
            k.key_id, k.name, k.scope, k.created_at.isoformat(timespec="seconds"), revoked
        )
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(
    key: Annotated[str, typer.Argument(help="The key id, or a name (revokes all its keys).")],
) -> None:
    """Revoke keys by id or name, at once."""
    from cxm.store.engine import engine_for
    from cxm.store.keys import revoke_key

    settings = load_settings()
    try:
        revoked = revoke_key(engine_for(settings), key)
    except CxmError as err:
        raise fail(err) from err
    for k in revoked:
        console.print(f"revoked key {k.key_id} ({k.scope}) of {k.name}")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the store's schema to this version of cxm."""
    from cxm.store.engine import database_url, describe, engine_for
    from cxm.store.migrate import current_revision, upgrade

    settings = load_settings()
    try:
        engine = engine_for(settings)
        upgrade(engine)
    except CxmError as err:
        raise fail(err) from err
    console.print(f"{describe(database_url(settings))} at revision {current_revision(engine)}")


def register(app: typer.Typer) -> None:
    """Add the store and API commands to the ``cxm`` app."""
    app.command("publish")(publish_command)
    app.command("serve")(serve_command)
    app.add_typer(keys_app, name="keys")
    app.add_typer(db_app, name="db")
