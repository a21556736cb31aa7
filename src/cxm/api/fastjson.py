"""JSON answers for the hot routes, serialized once.

Profiles, timelines and lookups are built as plain dicts whose shape the route's
``response_model`` documents (and the schemathesis tests hold them to). Returning them as a
ready ``Response`` skips FastAPI's second pass through pydantic, which costs more than the
database reads on these routes.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.responses import Response

_OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS


def dumps(body: Any) -> bytes:
    """``body`` as JSON bytes (UTC times end in ``Z``)."""
    return orjson.dumps(body, option=_OPTIONS)


def json_response(body: Any | bytes) -> Response:
    """``body`` (or JSON bytes from :func:`dumps`) as an ``application/json`` response."""
    content = body if isinstance(body, bytes) else dumps(body)
    return Response(content=content, media_type="application/json")
