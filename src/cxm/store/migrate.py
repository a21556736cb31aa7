"""Versioned schema migrations (Alembic), run programmatically against the store.

``cxm publish`` and ``cxm serve`` upgrade the store to the newest revision before using it, so
a new cxm version brings its schema changes with it. Revisions live in
``cxm/store/migrations/versions``; each one is hand-checked and a test compares the migrated
schema with the SQLModel tables.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from cxm.errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic config pointing at cxm's migrations (and, if given, a connection)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision this cxm version knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships a revision
        msg = f"no migrations found in {MIGRATIONS}"
        raise StoreError(msg)
    return head


def current_revision(engine: sa.Engine) -> str | None:
    """The revision the store is at (``None`` for an empty database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Bring the store's schema to ``revision`` (default: the newest)."""
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), revision)
    except sa.exc.SQLAlchemyError as err:
        msg = f"cannot migrate the store at {engine.url.render_as_string()}: {err}"
        raise StoreError(msg) from err


def downgrade(engine: sa.Engine, revision: str) -> None:
    """Take the store's schema back to ``revision`` (``base`` drops every table)."""
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), revision)
