"""RFC 9457 problem details: every error the API returns is ``application/problem+json``."""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from cxm.errors import AuthError, CxmError, NotFoundError, ResolveError, StoreError

MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("cxm.api")


class Problem(BaseModel):
    """An error, as RFC 9457 describes it."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None


class ApiProblem(Exception):
    """Raised by routes to answer with a problem document."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.title = title
        self.detail = detail
        self.headers = headers


def problem_response(
    request: Request,
    status: int,
    title: str,
    detail: str | None = None,
    *,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """A problem+json response for ``request``."""
    body = Problem(
        title=title, status=status, detail=detail, instance=request.url.path, errors=errors
    ).model_dump(exclude_none=True)
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _clean_errors(errors: Any) -> list[dict[str, Any]]:
    out = []
    for err in errors:
        out.append(
            {
                "loc": [str(p) for p in err.get("loc", ())],
                "msg": str(err.get("msg", "")),
                "type": str(err.get("type", "")),
            }
        )
    return out


def install(app: FastAPI) -> None:
    """Map every error the app can raise to a problem+json response, in one place."""

    @app.exception_handler(ApiProblem)
    async def _api_problem(request: Request, exc: ApiProblem) -> JSONResponse:
        return problem_response(request, exc.status, exc.title, exc.detail, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _clean_errors(exc.errors())
        detail = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors)
        return problem_response(request, 422, "Invalid request", detail, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        titles = {404: "Not found", 405: "Method not allowed"}
        title = titles.get(exc.status_code, "HTTP error")
        detail = exc.detail if isinstance(exc.detail, str) else None
        headers = dict(exc.headers) if exc.headers else None
        return problem_response(request, exc.status_code, title, detail, headers=headers)

    @app.exception_handler(NotFoundError)
    async def _not_found(request: Request, exc: NotFoundError) -> JSONResponse:
        return problem_response(request, 404, "Not found", str(exc))

    @app.exception_handler(AuthError)
    async def _auth(request: Request, exc: AuthError) -> JSONResponse:
        return problem_response(request, 422, "Invalid request", str(exc))

    @app.exception_handler(ResolveError)
    async def _resolve(request: Request, exc: ResolveError) -> JSONResponse:
        return problem_response(request, 422, "Invalid request", str(exc))

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> JSONResponse:
        log.error("store error on %s: %s", request.url.path, type(exc).__name__)
        return problem_response(
            request,
            503,
            "Store unavailable",
            "the profile store cannot be read right now",
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(sa.exc.DataError)
    async def _bad_value(request: Request, exc: sa.exc.DataError) -> JSONResponse:
        # The store refused a value the caller sent (PostgreSQL takes no NUL character in
        # text): the request is at fault, and retrying it cannot help.
        log.info("value refused by the store on %s: %s", request.url.path, type(exc).__name__)
        detail = "a parameter holds a value the store cannot take (such as a NUL character)"
        return problem_response(request, 422, "Invalid request", detail)

    @app.exception_handler(sa.exc.SQLAlchemyError)
    async def _database(request: Request, exc: sa.exc.SQLAlchemyError) -> JSONResponse:
        # A locked SQLite store (a publish holds the write lock) or an unreachable PostgreSQL:
        # retryable. Only the class is logged; the message can hold query parameters.
        log.error("database error on %s: %s", request.url.path, type(exc).__name__)
        return problem_response(
            request,
            503,
            "Store unavailable",
            "the profile store is busy or unreachable; retry shortly",
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(CxmError)
    async def _cxm(request: Request, exc: CxmError) -> JSONResponse:
        return problem_response(request, 422, "Invalid request", str(exc))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        # Log the type and where, never the message: it may carry customer data.
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return problem_response(request, 500, "Internal error", "the server failed; see its log")
