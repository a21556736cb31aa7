"""Fixtures shared across test layers: the resolved sample lake and store URLs for both backends.

PostgreSQL tests run against the server on 127.0.0.1:5432 (``.ci/run`` starts it); each test
gets a schema of its own, dropped afterwards, so tests never see each other's tables.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from cxm.config import Settings
from cxm.ingest.pipeline import ingest
from cxm.resolve.config import ResolveConfig
from cxm.resolve.pipeline import resolve

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DATA = ROOT / "sample_data"
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="session")
def resolved_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CXM_HOME with ``sample_data`` ingested and resolved (read-only: copy before changing)."""
    home = tmp_path_factory.mktemp("resolved-sample")
    settings = Settings(home=home)
    ingest([SAMPLE_DATA], settings)
    resolve(settings.lake_dir, ResolveConfig())
    return home


@pytest.fixture
def sample_home(resolved_sample: Path, tmp_path: Path) -> Path:
    """A private copy of the resolved sample home, free to change."""
    home = tmp_path / "home"
    shutil.copytree(resolved_sample, home)
    return home


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose tables live in a fresh schema of their own."""
    schema = f"cxm_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_SERVER)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{PG_SERVER}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store URL, once per backend: SQLite in a temp folder and PostgreSQL in a fresh schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    url: str = request.getfixturevalue("pg_url")
    return url
