"""The agent console: one page served at ``/``, its assets shipped inside the package.

Plain HTML, CSS and an ES module (no build step, no CDN, works offline). It signs in with an
``agent`` key kept in the tab's ``sessionStorage`` (never in a URL) and talks to the same API
as every other client.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"
_HEADERS = {
    # Only this origin's own scripts and styles, no framing; the console needs nothing else.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def mount(app: FastAPI) -> None:
    """Serve the console at ``/`` and its assets under ``/console/``."""

    @app.get("/", include_in_schema=False)
    def console_page() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers=_HEADERS)

    app.mount("/console", StaticFiles(directory=STATIC), name="console")
