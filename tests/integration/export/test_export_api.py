"""``GET /v1/exports/{dataset}`` on a live server: analysts stream the same bytes ``cxm export``
writes; other scopes are refused; an unpublished store says so before streaming."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import polars as pl
import pytest
import sqlalchemy as sa

from cxm.api.app import create_app
from cxm.config import Settings
from cxm.export import DATASETS, export_file
from cxm.resolve.resolution import require_current
from cxm.store.audit import read_audit
from cxm.store.engine import make_engine
from cxm.store.frames import store_frames
from cxm.store.keys import create_key
from cxm.store.migrate import upgrade
from cxm.store.publish import write_store
from live import serve

PROBLEM = "application/problem+json"


@dataclass
class Live:
    url: str
    engine: sa.Engine
    keys: dict[str, str]


@pytest.fixture
def live(sample_home: Path, store_url: str) -> Iterator[Live]:
    settings = Settings(home=sample_home)
    engine = make_engine(store_url)
    write_store(engine, store_frames(settings.lake_dir, require_current(settings.lake_dir)))
    keys = {
        scope: create_key(engine, name=f"{scope}-1", scope=scope)[1]
        for scope in ("analyst", "agent", "service", "admin")
    }
    with serve(create_app(settings, engine)) as server:
        yield Live(server.url, engine, keys)
    engine.dispose()


def _get(live: Live, path: str, scope: str | None = "analyst") -> httpx.Response:
    headers = {"Authorization": f"Bearer {live.keys[scope]}"} if scope else {}
    return httpx.get(live.url + path, headers=headers, timeout=60)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("name", list(DATASETS))
def test_an_analyst_streams_what_cxm_export_writes(
    live: Live, tmp_path: Path, name: str, fmt: str
) -> None:
    with httpx.stream(
        "GET",
        f"{live.url}/v1/exports/{name}?format={fmt}",
        headers={"Authorization": f"Bearer {live.keys['analyst']}"},
        timeout=60,
    ) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["transfer-encoding"] == "chunked"
        body = response.read()
    report = export_file(live.engine, name, tmp_path / f"{name}.{fmt}")
    media = {"csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet"}
    assert response.headers["content-type"] == media[fmt]
    assert response.headers["x-cxm-run-id"] == report.run_id
    assert response.headers["content-disposition"] == (
        f'attachment; filename="cxm-{name}-{report.run_id}.{fmt}"'
    )
    assert body == report.path.read_bytes()
    schema = DATASETS[name].schema
    if fmt == "parquet":
        frame = pl.read_parquet(io.BytesIO(body))
        assert frame.schema == schema and frame.height == report.rows
    else:
        assert body.decode().splitlines()[0] == ",".join(schema)


def test_csv_is_the_default_format(live: Live) -> None:
    response = _get(live, "/v1/exports/identity-map")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text.splitlines()[0] == "source,record_id,customer_id,matched_by"


@pytest.mark.parametrize("scope", ["agent", "service", "admin"])
def test_other_scopes_are_forbidden(live: Live, scope: str) -> None:
    response = _get(live, "/v1/exports/profiles", scope)
    assert response.status_code == 403
    assert response.headers["content-type"] == PROBLEM
    assert "needs one of: analyst" in response.json()["detail"]


def test_a_missing_key_is_unauthorized(live: Live) -> None:
    response = _get(live, "/v1/exports/profiles", None)
    assert response.status_code == 401 and response.headers["content-type"] == PROBLEM


@pytest.mark.parametrize(
    ("path", "field"),
    [("/v1/exports/people", "dataset"), ("/v1/exports/traits?format=xlsx", "format")],
)
def test_unknown_datasets_and_formats_are_invalid(live: Live, path: str, field: str) -> None:
    response = _get(live, path)
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM
    assert response.json()["errors"][0]["loc"][-1] == field


def test_the_route_is_documented_with_both_media_types(live: Live) -> None:
    doc = httpx.get(f"{live.url}/openapi.json", timeout=30).json()
    operation = doc["paths"]["/v1/exports/{dataset}"]["get"]
    assert set(operation["responses"]["200"]["content"]) == {
        "text/csv",
        "application/vnd.apache.parquet",
    }
    assert {"401", "403", "422", "503"} <= set(operation["responses"])
    names = doc["components"]["schemas"]["DatasetName"]["enum"]
    assert names == list(DATASETS)


def test_an_unpublished_store_answers_503_before_streaming(tmp_path: Path, store_url: str) -> None:
    settings = Settings(home=tmp_path / "home")
    engine = make_engine(store_url)
    upgrade(engine)
    _, key = create_key(engine, name="ana", scope="analyst")
    try:
        with serve(create_app(settings, engine)) as server:
            response = httpx.get(
                f"{server.url}/v1/exports/profiles", headers={"Authorization": f"Bearer {key}"}
            )
    finally:
        engine.dispose()
    assert response.status_code == 503 and response.headers["content-type"] == PROBLEM
    assert "nothing published yet" in response.json()["detail"]


def test_the_audit_log_names_the_export(sample_home: Path, store_url: str) -> None:
    settings = Settings(home=sample_home)
    engine = make_engine(store_url)
    try:
        write_store(engine, store_frames(settings.lake_dir, require_current(settings.lake_dir)))
        _, key = create_key(engine, name="ana", scope="analyst")
        with serve(create_app(settings, engine)) as server:
            response = httpx.get(
                f"{server.url}/v1/exports/timeline", headers={"Authorization": f"Bearer {key}"}
            )
            assert response.status_code == 200
        entries = read_audit(engine)
    finally:
        engine.dispose()
    assert [(e.key_name, e.action, e.customer_id) for e in entries] == [
        ("ana", "export:timeline", None)
    ]
