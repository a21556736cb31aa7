"""Every error is application/problem+json, including a store that cannot be reached."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import sqlalchemy as sa

from cxm.api.app import create_app
from cxm.config import Settings
from cxm.store.engine import make_engine
from cxm.store.raw import LoopReader


def _get(app: object, path: str, headers: dict[str, str] | None = None) -> httpx.Response:
    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://cxm") as client:
            return await client.get(path, headers=headers)

    return asyncio.run(call())


def test_an_unreachable_store_is_a_503_problem(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    app = create_app(settings, make_engine(f"sqlite:///{tmp_path / 'store.sqlite'}"))
    # The store goes away after start-up: PostgreSQL on a port nothing listens on.
    app.state.engine = sa.create_engine("postgresql+psycopg://nobody@127.0.0.1:9/none")
    app.state.reader = LoopReader(app.state.engine)
    response = _get(app, "/v1/customers/cus_x", {"Authorization": "Bearer cxm_0_x"})
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "5"
    body = response.json()
    assert body["title"] == "Store unavailable" and body["instance"] == "/v1/customers/cus_x"
    # The readiness probe says the same.
    ready = _get(app, "/readyz")
    assert ready.status_code == 503 and ready.json()["title"] == "Not ready"


def test_unknown_routes_and_methods_are_problems(tmp_path: Path) -> None:
    app = create_app(Settings(home=tmp_path))
    missing = _get(app, "/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["title"] == "Not found"
