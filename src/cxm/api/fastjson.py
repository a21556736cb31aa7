"""JSON answers for the hot routes, serialized once.

Profiles, timelines and lookups are built as plain dicts whose shape the route's
``response_model`` documents (and the schemathesis tests hold them to). Returning them as a
ready ``Response`` skips FastAPI's second pass through pydantic, which costs more than the
database reads on these routes.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from fastapi.responses import Response


def _default(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    msg = f"cannot serialize {type(value).__name__}"
    raise TypeError(msg)


def json_response(body: Any, status_code: int = 200) -> Response:
    """``body`` as an ``application/json`` response."""
    content = json.dumps(body, default=_default, ensure_ascii=False, separators=(",", ":"))
    return Response(content=content, status_code=status_code, media_type="application/json")
