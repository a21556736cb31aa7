"""Fixtures for the store tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from cxm.store.engine import make_engine
from cxm.store.migrate import upgrade


@pytest.fixture
def engine(store_url: str) -> Iterator[sa.Engine]:
    """An empty store at the latest schema, on the backend under test."""
    engine = make_engine(store_url)
    upgrade(engine)
    yield engine
    engine.dispose()
