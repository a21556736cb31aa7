"""A live uvicorn server for the tests that need one (real sockets, real HTTP, the app's real
lifespan), and the helpers the API tests share: :class:`Api`, :func:`assert_problem`,
:func:`current_frames`.

``fastapi.testclient`` would do without a socket, but it warns under httpx (and pytest turns
warnings into errors); a server on a free loopback port in a background thread also exercises
what ``cxm serve`` runs: uvicorn, the lifespan (the audit writer) and concurrent requests.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import sqlalchemy as sa
import uvicorn
from fastapi import FastAPI

from cxm.api.app import create_app
from cxm.config import Settings
from cxm.resolve.resolution import require_current
from cxm.store.frames import StoreFrames, store_frames
from cxm.store.publish import write_store

HOST = "127.0.0.1"
PROBLEM = "application/problem+json"
START_TIMEOUT_S = 30.0


class _Server(uvicorn.Server):
    """A uvicorn server that says when it listens (instead of being polled for it)."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().startup(sockets)
        finally:
            # Set on failure too: the waiting test then sees ``started`` is false and says so.
            self.ready.set()


class LiveServer:
    """A running server: ``url`` to reach it and ``stop()`` to shut it down (idempotent).

    Stopping runs the app's lifespan shutdown, so anything the app flushes on the way out (the
    audit log) is in the store once ``stop()`` returns.
    """

    def __init__(self, server: _Server, thread: threading.Thread, url: str) -> None:
        self._server = server
        self._thread = thread
        self.url = url

    def stop(self) -> None:
        """Ask the server to exit and wait until it has (bounded)."""
        self._server.should_exit = True
        self._thread.join(timeout=START_TIMEOUT_S)
        if self._thread.is_alive():
            msg = "the test server did not stop"
            raise RuntimeError(msg)


@contextmanager
def serve(app: FastAPI, **config: Any) -> Iterator[LiveServer]:
    """Serve ``app`` on a free loopback port for the duration of the block."""
    options: dict[str, Any] = {
        "host": HOST,
        "port": 0,
        "lifespan": "on",
        "log_level": "warning",
        "access_log": False,
    }
    server = _Server(uvicorn.Config(app, **(options | config)))
    thread = threading.Thread(target=server.run, name="cxm-test-server", daemon=True)
    thread.start()
    live: LiveServer | None = None
    try:
        if not server.ready.wait(START_TIMEOUT_S) or not server.started:
            msg = "the test server did not start (see the captured log)"
            raise RuntimeError(msg)
        port = server.servers[0].sockets[0].getsockname()[1]
        live = LiveServer(server, thread, f"http://{HOST}:{port}")
        yield live
    finally:
        if live is not None:
            live.stop()
        else:
            server.should_exit = True
            thread.join(timeout=START_TIMEOUT_S)


@contextmanager
def serve_cxm(settings: Settings) -> Iterator[LiveServer]:
    """Serve ``create_app(settings)``; the app's engine is disposed once the server stops."""
    app = create_app(settings)
    try:
        with serve(app) as server:
            yield server
    finally:
        app.state.engine.dispose()


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """Check ``response`` is an RFC 9457 problem with ``status``; return its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert isinstance(body["title"], str) and body["title"]
    assert body["instance"] == response.request.url.path
    return body


@dataclass
class Api:
    """A served sample store and the means to talk to it."""

    settings: Settings
    engine: sa.Engine
    frames: StoreFrames
    keys: dict[str, str]
    server: LiveServer
    client: httpx.Client

    def auth(self, scope: str = "agent") -> dict[str, str]:
        """The ``Authorization`` header of the ``scope`` key."""
        return {"Authorization": f"Bearer {self.keys[scope]}"}

    def get(self, path: str, scope: str = "agent", **params: Any) -> httpx.Response:
        """``GET path`` with the ``scope`` key."""
        return self.client.get(path, params=params, headers=self.auth(scope))

    def post(self, path: str, body: Any, scope: str = "agent") -> httpx.Response:
        """``POST path`` with a JSON body and the ``scope`` key."""
        return self.client.post(path, json=body, headers=self.auth(scope))

    def publish(self, frames: StoreFrames | None = None) -> StoreFrames:
        """Publish ``frames`` (default: the lake's current resolution) while the server runs."""
        frames = frames or current_frames(self.settings)
        write_store(self.engine, frames)
        return frames


def key_name(scope: str) -> str:
    """The name the fixture gives the ``scope`` key (what the audit log and overrides show)."""
    return f"test-{scope}"


def current_frames(settings: Settings) -> StoreFrames:
    """What ``cxm publish`` would load for the home's current resolution."""
    return store_frames(settings.lake_dir, require_current(settings.lake_dir))
