"""The two hot routes, profile and timeline, answered straight from ASGI when all goes well.

An agent's screen opens with a profile and a timeline, and services poll profiles; these two
``GET`` s are most of the API's traffic. Routing, the request object, dependency solving and
the response class cost FastAPI more than the indexed reads these answers need, so
:class:`HotRoutes` answers them itself with the very functions the routes call
(:func:`cxm.api.customers.profile_json` and :func:`~cxm.api.customers.timeline_json`).

It only answers what it fully understands and what succeeds: a path and query the routes would
read the same way, a valid key, a customer found. Everything else (any error, any parameter it
does not know, a value it cannot take exactly as FastAPI would) is passed on untouched to the
FastAPI app, whose routes redo the work and answer as documented, problem+json included. The
routes stay the API's definition (OpenAPI, validation, errors); this is only a shortcut to the
same answers.
"""

from __future__ import annotations

import re
from typing import Any, Final
from urllib.parse import parse_qsl

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from cxm.api.auth import presented_key
from cxm.api.customers import TimelineQuery, profile_json, timeline_json

PREFIX: Final = "/v1/customers/"
_LISTS: Final = {"channel": "channels", "kind": "kinds", "department": "departments"}
_SCALARS: Final = ("since", "until", "cursor", "limit")
_LIMIT: Final = re.compile(r"[0-9]{1,3}")
_CURSOR_MAX: Final = 500  # the route's max_length
_LIMIT_MAX: Final = 200  # the route's le


def timeline_query(query_string: bytes) -> TimelineQuery | None:
    """The timeline parameters as the route would read them, or ``None`` when unsure."""
    if not query_string:
        return TimelineQuery()
    lists: dict[str, list[str]] = {field: [] for field in _LISTS.values()}
    scalars: dict[str, str] = {}
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if name in _LISTS:
            lists[_LISTS[name]].append(value)
        elif name in _SCALARS and name not in scalars:
            scalars[name] = value
        else:  # an unknown or repeated parameter: leave it to the route
            return None
    limit = scalars.pop("limit", "50")
    if not _LIMIT.fullmatch(limit) or not 1 <= int(limit) <= _LIMIT_MAX:
        return None
    if len(scalars.get("cursor", "")) > _CURSOR_MAX:
        return None
    return TimelineQuery(
        **{field: tuple(values) for field, values in lists.items()},
        since=scalars.get("since"),
        until=scalars.get("until"),
        cursor=scalars.get("cursor"),
        limit=int(limit),
    )


class HotRoutes:
    """Pure ASGI middleware answering successful profile and timeline ``GET`` s directly."""

    def __init__(self, app: ASGIApp, state: Any) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and not scope.get("root_path"):
            body = self._answer(scope)
            if body is not None:
                headers = [
                    (b"content-length", str(len(body)).encode()),
                    (b"content-type", b"application/json"),
                ]
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)

    def _answer(self, scope: Scope) -> bytes | None:
        path: str = scope["path"]
        if not path.startswith(PREFIX):
            return None
        customer_id, slash, rest = path[len(PREFIX) :].partition("/")
        if not customer_id:
            return None
        key = presented_key(Headers(scope=scope))
        try:
            if not slash:
                return profile_json(self.state, key, customer_id)
            if rest == "timeline":
                asked = timeline_query(scope["query_string"])
                if asked is not None:
                    return timeline_json(self.state, key, customer_id, asked)
        except Exception:  # the route answers every failure, as documented
            return None
        return None
