"""Fixtures for the API's integration tests: a published store, keys, a live server, a client.

Every test gets the resolved sample published into a store of its own (SQLite, or a fresh
PostgreSQL schema: ``store_url`` runs each test once per backend), a key per scope and a live
uvicorn server for ``create_app`` on a free loopback port, reached with a real ``httpx.Client``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from live import Api, current_frames, key_name, serve_cxm

from cxm.config import Settings
from cxm.store.engine import make_engine
from cxm.store.frames import StoreFrames
from cxm.store.keys import SCOPES, create_key
from cxm.store.publish import write_store


@pytest.fixture
def api_settings(sample_home: Path, store_url: str) -> Settings:
    """Settings for the private sample home, its store on the backend under test."""
    return Settings(home=sample_home, database_url=store_url)


@pytest.fixture
def store_engine(store_url: str) -> Iterator[sa.Engine]:
    """The test's own connection to the store (the server has another)."""
    engine = make_engine(store_url)
    yield engine
    engine.dispose()


@pytest.fixture
def published(api_settings: Settings, store_engine: sa.Engine) -> StoreFrames:
    """The sample's resolution, published into the store."""
    frames = current_frames(api_settings)
    write_store(store_engine, frames)
    return frames


@pytest.fixture
def api_keys(store_engine: sa.Engine, published: StoreFrames) -> dict[str, str]:
    """One key per scope, named ``test-<scope>``."""
    return {s: create_key(store_engine, name=key_name(s), scope=s)[1] for s in SCOPES}


@pytest.fixture
def api(
    api_settings: Settings,
    store_engine: sa.Engine,
    published: StoreFrames,
    api_keys: dict[str, str],
) -> Iterator[Api]:
    """The API over the published sample, live on a loopback port, with a client for it."""
    with serve_cxm(api_settings) as server, httpx.Client(base_url=server.url) as client:
        yield Api(api_settings, store_engine, published, api_keys, server, client)
