"""API-key authentication and scopes, as a FastAPI dependency.

A key is sent as ``Authorization: Bearer <key>`` (or ``X-API-Key: <key>``). Missing or unknown
keys answer 401, a key without the route's scope 403. Scopes are separate powers: ``agent``
(profiles, timelines, lookups, links/unlinks), ``service`` (read profiles, timelines, lookups),
``analyst`` (exports), ``admin`` (keys).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from cxm.api.problem import ApiProblem
from cxm.store.keys import KeyInfo, verify
from cxm.store.raw import LoopReader, Raw, read_snapshot

_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer cxm_…`")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key (alternative)")
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="cxm"'}


async def reader(request: Request) -> AsyncIterator[Raw]:
    """One read snapshot per request, shared by the key check and the route that reads.

    It runs on the event loop: the reads are short indexed lookups, cheaper than a hop to the
    thread pool and back.
    """
    with read_snapshot(request.app.state.engine) as db:
        yield db


Reader = Annotated[Raw, Depends(reader)]

READ = ("agent", "service")
WRITE = ("agent",)
EXPORT = ("analyst",)
ADMIN = ("admin",)


def require(*scopes: str) -> Callable[..., Awaitable[KeyInfo]]:
    """A dependency admitting keys with one of ``scopes``; it returns the caller's key.

    The key is checked in the request's read snapshot (see :func:`reader`).
    """

    async def dependency(
        db: Reader,
        bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
        header: Annotated[str | None, Depends(_header)],
    ) -> KeyInfo:
        key = bearer.credentials if bearer is not None else header
        return check(db, key, scopes)

    return dependency


def check(db: Raw, key: str | None, scopes: tuple[str, ...]) -> KeyInfo:
    """The caller's key if it is active and has one of ``scopes``; else a 401 or 403 problem."""
    if not key:
        raise ApiProblem(401, "Unauthorized", "send an API key", headers=_CHALLENGE)
    info = verify(db, key)
    if info is None:
        detail = "the API key is unknown or revoked"
        raise ApiProblem(401, "Unauthorized", detail, headers=_CHALLENGE)
    if info.scope not in scopes:
        detail = f"a {info.scope!r} key cannot do this; it needs one of: {', '.join(scopes)}"
        raise ApiProblem(403, "Forbidden", detail)
    return info


def presented_key(headers: Mapping[str, str]) -> str | None:
    """The key a request carries: ``Authorization: Bearer`` first, else ``X-API-Key``.

    ``headers`` are the request's, looked up by lower-case name.
    """
    authorization = headers.get("authorization")
    if authorization:
        scheme, _, credentials = authorization.partition(" ")
        if scheme.lower() == "bearer" and credentials.strip():
            return credentials.strip()
    return headers.get("x-api-key") or None


SECURITY: dict[str, Any] = {"security": [{"HTTPBearer": []}, {"APIKeyHeader": []}]}
"""The security requirement of a route that checks keys itself (see :func:`authorized`)."""


@contextmanager
def authorized(
    reader: LoopReader, key: str | None, scopes: tuple[str, ...]
) -> Iterator[tuple[KeyInfo, Raw]]:
    """The caller's key and a read snapshot, for the hot read routes.

    Same checks as :func:`require`, without FastAPI's dependency machinery, whose cost on a
    route doing two indexed reads is larger than the reads (routes using it declare
    :data:`SECURITY` so the OpenAPI document still says they need a key).
    """
    with reader.snapshot() as db:
        yield check(db, key, scopes), db
