"""The ASGI fast path gives the routes' answers, byte for byte, and leaves them every failure.

:class:`~cxm.api.hot.HotRoutes` is given an inner app that counts what reaches it: FastAPI's
routes alone (the same app without the fast path). Each request is then answered once through
the fast path and once by the routes, on both backends.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from starlette.types import Receive, Scope, Send

from cxm.api.app import create_app
from cxm.api.hot import HotRoutes
from cxm.config import Settings
from cxm.store.frames import StoreFrames


@dataclass
class Counted:
    """An ASGI app passing requests to ``app`` and keeping their paths."""

    app: FastAPI
    paths: list[str] = field(default_factory=list)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.paths.append(scope["path"])
        await self.app(scope, receive, send)


def _routes_only(settings: Settings, engine: sa.Engine) -> FastAPI:
    app = create_app(settings, engine)
    app.user_middleware = [m for m in app.user_middleware if m.cls is not HotRoutes]
    return app


def _get(app: object, url: str, key: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key}"} if key else {}

    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://cxm") as client:
            return await client.get(url, headers=headers)

    return asyncio.run(call())


@pytest.fixture
def routes(
    api_settings: Settings, store_engine: sa.Engine, published: StoreFrames
) -> Iterator[FastAPI]:
    app = _routes_only(api_settings, store_engine)
    yield app
    app.state.reader.close()  # what the app's shutdown does (the transport runs no lifespan)


@pytest.fixture
def busiest(store_engine: sa.Engine) -> str:
    """The customer with the most events (several timeline pages at limit=2)."""
    with store_engine.connect() as conn:
        sql = "SELECT customer_id FROM interaction GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
        found: str = conn.execute(sa.text(sql)).scalar_one()
    return found


@pytest.fixture
def inner(routes: FastAPI) -> Counted:
    """What the fast path passes on reaches the routes through this."""
    return Counted(routes)


@pytest.fixture
def hot(routes: FastAPI, inner: Counted) -> HotRoutes:
    return HotRoutes(inner, routes.state)


def test_successful_reads_are_answered_by_the_fast_path_as_the_routes_would(
    routes: FastAPI, inner: Counted, hot: HotRoutes, api_keys: dict[str, str], busiest: str
) -> None:
    base = f"/v1/customers/{quote(busiest)}"
    first = _get(routes, f"{base}/timeline?limit=2", api_keys["agent"]).json()
    assert first["next_cursor"]
    event = first["items"][0]
    urls = [
        base,
        f"{base}?unused=1",  # the profile route takes no parameters and ignores others
        f"{base}/timeline",
        f"{base}/timeline?limit=2",
        f"{base}/timeline?limit=2&cursor={quote(first['next_cursor'])}",
        f"{base}/timeline?channel={quote(event['channel'])}&channel=none&kind={event['kind']}",
        f"{base}/timeline?department={event['department']}&since=2000-01-01T00:00:00Z",
        f"{base}/timeline?until=2100-01-01&limit=200",
    ]
    for url in urls:
        for scope in ("agent", "service"):
            fast = _get(hot, url, api_keys[scope])
            assert inner.paths == [], url
            slow = _get(routes, url, api_keys[scope])
            assert fast.status_code == slow.status_code == 200, url
            assert fast.content == slow.content, url
            assert fast.headers["content-type"] == slow.headers["content-type"]
            assert fast.headers["content-length"] == slow.headers["content-length"]


def test_everything_else_is_left_to_the_routes(
    routes: FastAPI, inner: Counted, hot: HotRoutes, api_keys: dict[str, str], busiest: str
) -> None:
    base = f"/v1/customers/{quote(busiest)}"
    cases = [
        (base, None, 401),  # no key
        (base, "cxm_0_forged", 401),
        (base, api_keys["analyst"], 403),
        ("/v1/customers/cus_nobody", api_keys["agent"], 404),
        ("/v1/customers/cus_nobody/timeline", api_keys["agent"], 404),
        (f"{base}/timeline?limit=0", api_keys["agent"], 422),
        (f"{base}/timeline?limit=201", api_keys["agent"], 422),
        (f"{base}/timeline?limit=+5", api_keys["agent"], 200),  # taken as FastAPI takes it
        (f"{base}/timeline?limit=5&limit=6", api_keys["agent"], 200),
        (f"{base}/timeline?since=yesterday", api_keys["agent"], 422),
        (f"{base}/timeline?cursor=not-one", api_keys["agent"], 422),
        (f"{base}/timeline?cursor={'x' * 501}", api_keys["agent"], 422),
        (f"{base}/timeline?colour=red", api_keys["agent"], 200),  # unknown: the route ignores it
        (f"{base}/explain", api_keys["agent"], 200),  # not a hot route
        (f"{base}/timeline/", api_keys["agent"], None),  # whatever the router makes of it
    ]
    for url, key, status in cases:
        before = len(inner.paths)
        answer = _get(hot, url, key)
        assert len(inner.paths) == before + 1, url
        expected = _get(routes, url, key)
        assert answer.status_code == expected.status_code, url
        assert status is None or answer.status_code == status, url
        assert answer.content == expected.content or answer.status_code >= 400, url
        assert answer.headers.get("content-type") == expected.headers.get("content-type"), url
