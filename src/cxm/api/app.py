"""The application factory: ``create_app(settings)``; ``cxm serve`` runs it under uvicorn."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from cxm import __version__
from cxm.api import customers, exports, keys, metrics, overrides, problem
from cxm.api.access_log import AccessLog
from cxm.api.hot import HotRoutes
from cxm.api.models import Health
from cxm.api.problem import ApiProblem
from cxm.config import Settings
from cxm.console import mount as mount_console
from cxm.store.audit import AuditWriter
from cxm.store.engine import engine_for, snapshot
from cxm.store.migrate import upgrade
from cxm.store.query import latest_publication
from cxm.store.raw import LoopReader

DESCRIPTION = """\
One customer view over every department's records.

Authenticate with an API key: `Authorization: Bearer cxm_…` (create one with
`cxm keys create --scope agent --name alice`). Errors are `application/problem+json`
(RFC 9457). A merged-away customer id answers with the surviving customer: `customer_id` in the
body is the current id and `requested_id` the one asked for.
"""


def create_app(settings: Settings | None = None, engine: sa.Engine | None = None) -> FastAPI:
    """The cxm API for ``settings`` (read from the environment when omitted)."""
    settings = settings or Settings()
    engine = engine or engine_for(settings)
    upgrade(engine)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.audit.start()
        try:
            yield
        finally:
            app.state.reader.close()
            app.state.audit.close()

    app = FastAPI(
        title="cxm",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        responses={
            401: {"model": problem.Problem, "description": "Missing or unknown API key"},
            403: {"model": problem.Problem, "description": "The key lacks the scope"},
            422: {"model": problem.Problem, "description": "Invalid parameters"},
        },
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.reader = LoopReader(engine)
    app.state.audit = AuditWriter(engine)
    problem.install(app)
    app.add_middleware(HotRoutes, state=app.state)  # inside the access log, which sees it all
    if settings.access_log:
        app.add_middleware(AccessLog)
    app.include_router(customers.router)
    app.include_router(overrides.router)
    app.include_router(keys.router)
    app.include_router(keys.me_router)
    app.include_router(metrics.router)
    app.include_router(exports.router)
    mount_console(app)

    @app.get("/healthz", response_model=Health, tags=["health"], summary="Liveness")
    async def healthz() -> dict[str, Any]:
        """The process is up."""
        return {"status": "ok"}

    @app.get(
        "/readyz",
        response_model=Health,
        tags=["health"],
        summary="Readiness",
        responses={503: {"model": problem.Problem, "description": "Nothing published yet"}},
    )
    def readyz(request: Request) -> dict[str, Any] | JSONResponse:
        """Ready when the store answers and holds a publish."""
        try:
            with snapshot(request.app.state.engine) as conn:
                found = latest_publication(conn)
        except sa.exc.SQLAlchemyError as err:
            raise ApiProblem(503, "Not ready", "the profile store does not answer") from err
        if found is None:
            raise ApiProblem(503, "Not ready", "nothing published yet: run `cxm publish`")
        return {
            "status": "ready",
            "run_id": found["run_id"],
            "published_at": found["published_at"],
            "customers": found["customers"],
        }

    return app


def app_from_environment() -> FastAPI:
    """Factory for ``uvicorn --factory cxm.api.app:app_from_environment``."""
    return create_app(Settings())
