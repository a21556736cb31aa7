"""``cxm run`` (serving), ``publish``, ``serve``, ``keys`` and ``db upgrade``, as a user runs them."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
CXM = [sys.executable, "-m", "cxm.cli"]
KEY = re.compile(r"cxm_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}")


def _cxm(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CXM_HOME": str(home)}
    return subprocess.run(
        [*CXM, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _serving(
    args: list[str], home: Path, until: str
) -> Iterator[tuple[subprocess.Popen[str], list[str]]]:
    """Start a cxm command that ends serving; yield once ``until`` appears in its output."""
    env = {**os.environ, "CXM_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [*CXM, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=ROOT,
    )
    lines: list[str] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if until in line:
                break
        else:
            pytest.fail("the server stopped before serving:\n" + "".join(lines))
        yield proc, lines
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if proc.stdout is not None:
            lines.append(proc.stdout.read())
            proc.stdout.close()


def test_run_ends_serving_with_a_fresh_agent_key(tmp_path: Path) -> None:
    port = _free_port()
    args = ["run", "sample_data", "--port", str(port)]
    with _serving(args, tmp_path, "Uvicorn running") as (_, lines):
        output = "".join(lines)
        assert "cxm publish: run" in output and f"http://127.0.0.1:{port}" in output
        keys = KEY.findall(output)
        assert keys, output
        headers = {"Authorization": f"Bearer {keys[0]}"}
        base = f"http://127.0.0.1:{port}"
        found = httpx.get(
            f"{base}/v1/customers", params={"phone": "(505) 555-0168"}, headers=headers
        )
        assert found.status_code == 200, found.text
        (hit,) = found.json()["items"]
        assert hit["matched"] == {"field": "phone", "value": "+15055550168"}
        profile = httpx.get(f"{base}/v1/customers/{hit['customer_id']}", headers=headers)
        assert profile.status_code == 200 and profile.json()["record_count"] >= 2
        assert httpx.get(f"{base}/readyz").json()["customers"] > 100
        assert httpx.get(f"{base}/v1/customers/{hit['customer_id']}").status_code == 401
    # The access log names the route, never the query (which carries the phone number).
    log = "".join(lines)
    assert "GET /v1/customers 200" in log
    assert "555-0168" not in log and "5055550168" not in log


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    proc = _cxm("run", "sample_data", "--no-serve", home=home)
    assert proc.returncode == 0, proc.stderr
    return home


def test_publish_again_and_db_upgrade(published: Path) -> None:
    proc = _cxm("publish", home=published)
    assert proc.returncode == 0, proc.stderr
    counts = dict(re.findall(r"│ (\w+)\s+│\s+(\d+) │", proc.stdout))
    assert counts["source_record"] == "882" and int(counts["customer"]) > 100
    upgraded = _cxm("db", "upgrade", home=published)
    assert upgraded.returncode == 0 and "at revision 0001" in upgraded.stdout


def test_publish_before_resolve_is_a_clear_error(tmp_path: Path) -> None:
    proc = _cxm("publish", home=tmp_path)
    assert proc.returncode == 1 and "run `cxm resolve` first" in proc.stderr


def test_keys_create_list_revoke_and_serve(published: Path) -> None:
    created = _cxm("keys", "create", "--scope", "service", "--name", "billing", home=published)
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip().splitlines()[-1]
    assert KEY.fullmatch(key)
    listed = _cxm("keys", "list", home=published)
    assert "billing" in listed.stdout and "service" in listed.stdout and key not in listed.stdout
    bad = _cxm("keys", "create", "--scope", "root", "--name", "x", home=published)
    assert bad.returncode == 1 and "unknown scope 'root'" in bad.stderr
    port = _free_port()
    with _serving(["serve", "--port", str(port)], published, "Uvicorn running"):
        base = f"http://127.0.0.1:{port}"
        headers = {"Authorization": f"Bearer {key}"}
        assert (
            httpx.get(f"{base}/v1/customers", params={"name": "smith"}, headers=headers).status_code
            == 200
        )
        denied = httpx.post(f"{base}/v1/unlinks", json={}, headers=headers)
        assert denied.status_code == 403
        assert denied.headers["content-type"] == "application/problem+json"
        revoked = _cxm("keys", "revoke", "billing", home=published)
        assert revoked.returncode == 0 and "revoked key" in revoked.stdout
        after = httpx.get(f"{base}/v1/customers", params={"name": "smith"}, headers=headers)
        assert after.status_code == 401
    again = _cxm("keys", "revoke", "billing", home=published)
    assert again.returncode == 1 and "no active key" in again.stderr
