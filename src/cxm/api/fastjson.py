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


def json_response(body: Any, status_code: int = 200) -> Response:
    """``body`` as an ``application/json`` response (UTC times end in ``Z``)."""
    return Response(
        content=orjson.dumps(body, option=_OPTIONS),
        status_code=status_code,
        media_type="application/json",
    )
