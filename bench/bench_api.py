"""API load benchmark on loopback: profile and timeline latency at a fixed rate, and throughput.

Builds (once, cached under bench/out/api/ by ``bench/store_data.py``) a store of synthetic
customers and their timelines, reads it once into the page cache, creates a service API key,
starts the API in a child process with ONE uvicorn worker on a free loopback port (``cxm
serve`` by default) and waits for ``/healthz``. Then, after a warm-up of each scenario:

1. **Latency, open loop.** Requests are sent at a fixed rate (``--rate``) for ``--seconds``,
   each at its scheduled time whether or not earlier ones have answered, over keep-alive
   connections (a new one is opened when all are busy, up to ``--connections``). Latency is
   measured from the *scheduled* send time, so a stalled server cannot hide its queueing (no
   coordinated omission); a request unanswered after ``--timeout`` is an error. Scenarios:
   ``profile`` (``GET /v1/customers/{id}``, random customers) and ``timeline``
   (``GET /v1/customers/{id}/timeline?limit=50``, random customers with at least 50 events).
2. **Throughput, closed loop.** ``--concurrency`` connections each send a request as soon as
   the previous one answers, for ``--seconds``: the profile endpoint, then (the cxm server
   stopped) a bare FastAPI app with one ``GET /bare`` returning a small dict, served by one
   uvicorn worker the same way. The ratio profile / bare is what the endpoint's own work costs.

The load generator is this process (a lean asyncio HTTP/1.1 client on raw streams, no HTTP
library in the hot path); the server is a separate process, so on a 2-core machine each gets
about a core. Both processes' CPU use and the machine's load average are reported, so a
saturated client or a busy machine shows in the figures. ``--py-spy BINARY`` samples the
server during each scenario into ``bench/out/api/py-spy-*.txt`` (collapsed stacks).

Prints one JSON line per scenario (cores, store size, rate, latency percentiles, errors,
server CPU and peak RSS from /proc) and a summary line against the targets of issue 4
(2 cores, 1M customers, one worker, 300 requests/s): profile p99 <= 10 ms, timeline p99
<= 20 ms, 0 errors, profile throughput >= 0.5 x bare FastAPI::

    python bench/bench_api.py                                  # 1M customers
    python bench/bench_api.py --customers 20000 --seconds 5    # quick run
    python bench/bench_api.py --skip-build                     # serve the cached store as is
    python bench/bench_api.py --database-url postgresql+psycopg://cxm@localhost/cxm_bench
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import json
import math
import os
import random
import resource
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from fastapi import FastAPI

HERE: Final = Path(__file__).resolve().parent
ROOT: Final = HERE.parent
OUT: Final = HERE / "out" / "api"
sys.path.insert(0, str(HERE))

PROFILE_P99_MS: Final = 10.0
TIMELINE_P99_MS: Final = 20.0
THROUGHPUT_RATIO: Final = 0.5
TIMELINE_EVENTS: Final = 50
HOST: Final = "127.0.0.1"


# --- the servers -----------------------------------------------------------------------------


def bare_app() -> FastAPI:
    """The baseline: a FastAPI app with one endpoint returning a small JSON object."""
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/bare")
    async def bare() -> dict[str, Any]:
        return {"status": "ok", "service": "bare", "n": 1}

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def real_app() -> FastAPI:
    """cxm's API, configured from the ``CXM_*`` environment (what ``cxm serve`` runs)."""
    from cxm.api.app import create_app
    from cxm.config import Settings

    return create_app(Settings())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _proc_stat(pid: int) -> dict[str, float]:
    """CPU seconds and memory of a process, read from /proc (empty off Linux)."""
    out: dict[str, float] = {}
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        out["cpu_s"] = (int(fields[11]) + int(fields[12])) / ticks
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmHWM:", "VmRSS:")):
                out[line.split(":")[0]] = int(line.split()[1]) / 1024
    except (OSError, IndexError, ValueError):
        pass
    return out


@dataclass
class Server:
    """An API server in a child process: one uvicorn worker on a free loopback port."""

    name: str
    command: list[str]
    env: dict[str, str]
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    log: Path = field(default_factory=Path)

    def start(self, timeout: float = 120.0) -> None:
        """Start the server and wait until ``/healthz`` answers 200."""
        self.log = OUT / f"server-{self.name}.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                self.command, env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self.log.read_text(errors="replace")[-3000:]
                msg = f"{self.name} server exited with {self.process.returncode}:\n{tail}"
                raise RuntimeError(msg)
            with contextlib.suppress(OSError, asyncio.IncompleteReadError):
                status, _ = asyncio.run(_get_once(self.port, b"/healthz", {}))
                if status == 200:
                    return
            time.sleep(0.1)
        self.stop()
        msg = f"{self.name} server did not answer /healthz within {timeout:.0f} s (log: {self.log})"
        raise RuntimeError(msg)

    def stat(self) -> dict[str, float]:
        """The server process's CPU seconds and memory so far."""
        return _proc_stat(self.process.pid) if self.process else {}

    def stop(self) -> None:
        """Stop the server (SIGINT, as Ctrl-C; killed if it does not exit in 15 s)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _uvicorn(factory: str, port: int, extra: Sequence[str] = ()) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        f"bench_api:{factory}",
        "--app-dir",
        str(HERE),
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        "1",
        "--log-level",
        "info",
        "--no-access-log",
        *extra,
    ]


def real_server(mode: str, env: dict[str, str]) -> Server:
    """The cxm API: ``cxm serve`` (``mode == "cli"``) or uvicorn on :func:`real_app`.

    ``cxm serve`` is what users run: one uvicorn worker, uvicorn's access log off and cxm's
    own (no query strings) on at INFO. The uvicorn mode runs the same app without cxm's
    logging set up, so its access log stays silent.
    """
    port = _free_port()
    if mode == "cli":
        cxm = Path(sys.executable).with_name("cxm")
        command = [str(cxm), "serve", "--host", HOST, "--port", str(port)]
    else:
        command = _uvicorn("real_app", port)
    return Server("cxm", command, env, port)


def bare_server(env: dict[str, str]) -> Server:
    """The bare FastAPI baseline: one uvicorn worker, uvicorn's access log off."""
    port = _free_port()
    return Server("bare", _uvicorn("bare_app", port), env, port)


# --- a lean HTTP/1.1 client ------------------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection; requests are pre-encoded bytes."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.open = True
        self.used = 0  # responses read so far

    @classmethod
    async def connect(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection(HOST, port, limit=1 << 20)
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return cls(reader, writer)

    async def request(self, raw: bytes) -> tuple[int, int]:
        """Send ``raw``, read the whole response; return its status and body length."""
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        lower = head.lower()
        at = lower.find(b"\r\ncontent-length:")
        if at >= 0:
            end = lower.index(b"\r\n", at + 2)
            size = int(head[at + 17 : end])
            if size:
                await self.reader.readexactly(size)
        elif b"\r\ntransfer-encoding: chunked" in lower:
            size = await self._chunked()
        else:
            size = 0
        if b"\r\nconnection: close" in lower:
            self.close()
        self.used += 1
        return status, size

    async def _chunked(self) -> int:
        total = 0
        while True:
            line = await self.reader.readuntil(b"\r\n")
            size = int(line.split(b";")[0], 16)
            await self.reader.readexactly(size + 2)
            total += size
            if size == 0:
                return total

    def close(self) -> None:
        self.open = False
        self.writer.close()


def encode(path: str, headers: dict[str, str]) -> bytes:
    """A GET request for ``path`` as bytes."""
    lines = [f"GET {path} HTTP/1.1", f"Host: {HOST}", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def _get_once(port: int, path: bytes, headers: dict[str, str]) -> tuple[int, int]:
    conn = await Connection.connect(port)
    try:
        return await asyncio.wait_for(conn.request(encode(path.decode(), headers)), 5.0)
    finally:
        conn.close()


# --- load ------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one scenario measured."""

    latencies_ms: list[float] = field(default_factory=list)  # from the scheduled send time
    service_ms: list[float] = field(default_factory=list)  # from writing it (after any wait)
    lag_ms: list[float] = field(default_factory=list)  # how late the client started one
    errors: Counter[str] = field(default_factory=Counter)
    sent: int = 0
    seconds: float = 0.0
    connections: int = 0
    body_bytes: int = 0
    retries: int = 0  # requests resent once because a kept-alive connection had been closed


class Pool:
    """Idle keep-alive connections, opening new ones (up to a limit) when all are busy."""

    def __init__(self, port: int, limit: int) -> None:
        self.port = port
        self.limit = limit
        self.idle: asyncio.LifoQueue[Connection] = asyncio.LifoQueue()
        self.opened = 0
        self.live = 0

    async def take(self) -> Connection:
        if self.idle.empty() and self.live < self.limit:
            self.opened += 1
            self.live += 1
            try:
                return await Connection.connect(self.port)
            except OSError:
                self.live -= 1
                raise
        while True:
            conn = await self.idle.get()
            if not (conn.reader.at_eof() or conn.writer.is_closing()):
                return conn
            self.discard(conn)  # the server closed it while idle (keep-alive timeout)
            if self.idle.empty() and self.live < self.limit:
                return await self.take()

    def give(self, conn: Connection) -> None:
        if conn.open:
            self.idle.put_nowait(conn)
        else:
            self.live -= 1

    def discard(self, conn: Connection) -> None:
        conn.close()
        self.live -= 1

    def close(self) -> None:
        while not self.idle.empty():
            self.idle.get_nowait().close()


def _stale(err: Exception, conn: Connection | None) -> bool:
    """Whether ``err`` is a reused keep-alive connection the server had closed before answering.

    HTTP clients retry an idempotent request once on a fresh connection then; so does this one.
    """
    if conn is None or conn.used == 0:
        return False
    if isinstance(err, asyncio.IncompleteReadError):
        return not err.partial
    return isinstance(err, ConnectionResetError | BrokenPipeError)


async def _send(pool: Pool, raw: bytes, timeout: float, out: Outcome) -> tuple[float, bool]:
    """One request through ``pool``; returns when it was actually sent and whether it passed."""
    conn: Connection | None = None
    sent_at = time.perf_counter()
    try:
        async with asyncio.timeout(timeout):
            for attempt in range(2):
                conn = await pool.take()
                sent_at = time.perf_counter()
                try:
                    status, size = await conn.request(raw)
                    break
                except (OSError, asyncio.IncompleteReadError) as err:
                    if attempt or not _stale(err, conn):
                        raise
                    pool.discard(conn)
                    conn = None
                    out.retries += 1
    except TimeoutError:
        out.errors["timeout"] += 1
    except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as err:
        out.errors[type(err).__name__] += 1
    else:
        assert conn is not None
        pool.give(conn)
        out.body_bytes += size
        if 200 <= status < 300:
            return sent_at, True
        out.errors[f"http_{status}"] += 1
        return sent_at, False
    if conn is not None:
        pool.discard(conn)
    return sent_at, False


async def open_loop(
    port: int, requests: Sequence[bytes], rate: float, *, connections: int, timeout: float
) -> Outcome:
    """Send ``requests`` at ``rate`` per second on a fixed schedule, whatever the answers."""
    out = Outcome()
    pool = Pool(port, connections)
    interval = 1.0 / rate

    async def one(raw: bytes, scheduled: float) -> None:
        out.lag_ms.append((time.perf_counter() - scheduled) * 1000)
        sent_at, ok = await _send(pool, raw, timeout, out)
        done = time.perf_counter()
        if ok:
            out.latencies_ms.append((done - scheduled) * 1000)
            out.service_ms.append((done - sent_at) * 1000)

    tasks = []
    start = time.perf_counter() + 0.01
    for i, raw in enumerate(requests):
        scheduled = start + i * interval
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(raw, scheduled)))
        out.sent += 1
    await asyncio.gather(*tasks)
    out.seconds = time.perf_counter() - start
    out.connections = pool.opened
    pool.close()
    return out


async def closed_loop(
    port: int, requests: Sequence[bytes], *, concurrency: int, seconds: float, timeout: float
) -> Outcome:
    """``concurrency`` workers each sending the next request as soon as one answers."""
    out = Outcome()
    pool = Pool(port, concurrency)
    deadline = time.perf_counter() + seconds
    counter = iter(range(len(requests)))

    async def worker() -> None:
        for i in counter:
            if time.perf_counter() >= deadline:
                return
            out.sent += 1
            sent_at, ok = await _send(pool, requests[i], timeout, out)
            if ok:
                out.latencies_ms.append((time.perf_counter() - sent_at) * 1000)

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    out.seconds = time.perf_counter() - start
    out.connections = pool.opened
    pool.close()
    return out


def _percentile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(q / 100 * len(ordered)))) - 1  # nearest rank
    return round(ordered[rank], 3)


def _cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _py_spy(
    binary: str | None, server: Server, label: str, seconds: float
) -> subprocess.Popen[bytes] | None:
    """Sample the server with py-spy (non-blocking) into ``OUT/py-spy-LABEL.txt``, if asked."""
    if binary is None or server.process is None:
        return None
    target = OUT / f"py-spy-{label}.txt"
    command = [binary, "record", "--nonblocking", "--threads", "--format", "raw"]
    command += [
        "--pid",
        str(server.process.pid),
        "--duration",
        str(math.ceil(seconds)),
        "-o",
        str(target),
    ]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def measure(
    server: Server,
    run: Callable[[], Outcome],
    *,
    label: str = "",
    seconds: float = 0.0,
    py_spy: str | None = None,
) -> tuple[Outcome, dict[str, Any]]:
    """Run a load against ``server``; return the outcome and both processes' CPU and memory."""
    spy = _py_spy(py_spy, server, label, seconds)
    load_before = os.getloadavg()[0]
    before, client_before = server.stat(), _cpu_self()
    outcome = run()
    after, client_after = server.stat(), _cpu_self()
    if spy is not None:
        spy.wait()
    seconds = max(outcome.seconds, 1e-9)
    usage: dict[str, Any] = {
        "client_cpu_share": round((client_after - client_before) / seconds, 3),
        # Other work on the machine skews every figure: the 1-minute load before and after.
        "loadavg_before": round(load_before, 2),
        "loadavg_after": round(os.getloadavg()[0], 2),
    }
    if "cpu_s" in after and "cpu_s" in before:
        usage["server_cpu_share"] = round((after["cpu_s"] - before["cpu_s"]) / seconds, 3)
    if "VmHWM" in after:
        usage["server_peak_rss_mb"] = round(after["VmHWM"], 1)
        usage["server_rss_mb"] = round(after["VmRSS"], 1)
    return outcome, usage


def summarize(outcome: Outcome) -> dict[str, Any]:
    """Latency percentiles, achieved rate and errors of one scenario."""
    done = len(outcome.latencies_ms)
    errors = sum(outcome.errors.values())
    figures: dict[str, Any] = {
        "requests": outcome.sent,
        "ok": done,
        "errors": errors,
        "error_kinds": dict(outcome.errors),
        "achieved_rate": round((done + errors) / outcome.seconds, 1) if outcome.seconds else 0,
        "elapsed_s": round(outcome.seconds, 2),
        "mean_ms": round(sum(outcome.latencies_ms) / done, 3) if done else None,
        "p50_ms": _percentile(outcome.latencies_ms, 50),
        "p90_ms": _percentile(outcome.latencies_ms, 90),
        "p99_ms": _percentile(outcome.latencies_ms, 99),
        "p999_ms": _percentile(outcome.latencies_ms, 99.9),
        "max_ms": round(max(outcome.latencies_ms), 3) if done else None,
        "connections": outcome.connections,
        "keepalive_retries": outcome.retries,
        "mean_body_bytes": round(outcome.body_bytes / max(done, 1)),
    }
    if outcome.service_ms:
        figures["service_p99_ms"] = _percentile(outcome.service_ms, 99)
    if outcome.lag_ms:
        figures["client_lag_p99_ms"] = _percentile(outcome.lag_ms, 99)
        figures["client_lag_max_ms"] = round(max(outcome.lag_ms), 3)
    return figures


# --- the store -------------------------------------------------------------------------------


def prepare_store(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """The store's URL and what building it took (in a child process, so memory is freed).

    A SQLite store is then read once end to end, so every run starts with the file in the page
    cache (as a server that has been up a while has it) rather than depending on what an
    earlier run left there.
    """
    from store_data import store_path

    path = store_path(args.customers, args.seed)
    url = args.database_url or f"sqlite:///{path}"
    build: dict[str, Any] = {"cached": True}
    if args.skip_build:
        if not args.database_url and not path.exists():
            msg = f"no store at {path}; run once without --skip-build to build it"
            raise SystemExit(msg)
    else:
        command = [sys.executable, str(HERE / "store_data.py")]
        command += ["--customers", str(args.customers), "--seed", str(args.seed)]
        if args.database_url:
            command += ["--database-url", args.database_url]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            msg = f"building the store failed:\n{result.stderr[-4000:]}"
            raise SystemExit(msg)
        build = json.loads(result.stdout.strip().splitlines()[-1])
    if not args.database_url:
        started = time.perf_counter()
        with path.open("rb") as store:
            while store.read(1 << 24):
                pass
        build["page_cache_read_s"] = round(time.perf_counter() - started, 2)
    return url, build


def store_facts(url: str) -> dict[str, Any]:
    """What the store serves: its latest publication's counts."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            row = conn.execute(
                sa.text(
                    "SELECT run_id, customers, interactions FROM publication "
                    "ORDER BY publication_id DESC LIMIT 1"
                )
            ).one()
    finally:
        engine.dispose()
    return {"run_id": row.run_id, "customers": row.customers, "interactions": row.interactions}


def create_service_key(url: str) -> str:
    """A new service-scope API key in the store (shown once, stored hashed)."""
    from cxm.store.engine import make_engine
    from cxm.store.keys import create_key

    engine = make_engine(url)
    try:
        _, key = create_key(engine, name="bench", scope="service")
    finally:
        engine.dispose()
    return key


def _requests(
    ids: Sequence[str], template: str, count: int, rng: random.Random, headers: dict[str, str]
) -> list[bytes]:
    return [encode(template.format(id=cid), headers) for cid in rng.choices(ids, k=count)]


# --- the run ---------------------------------------------------------------------------------


def _emit(line: dict[str, Any]) -> None:
    print(json.dumps(line), flush=True)


def _bounded(requested: int, limit: int) -> int:
    return max(1, min(requested, limit))


def _open_loop(port: int, load: Sequence[bytes], rate: float, args: argparse.Namespace) -> Outcome:
    return asyncio.run(
        open_loop(port, load, rate, connections=args.connections, timeout=args.timeout)
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    """The whole benchmark; returns the summary line."""
    from store_data import sample_ids

    OUT.mkdir(parents=True, exist_ok=True)
    url, build = prepare_store(args)
    facts = store_facts(url)
    home = OUT / "home"
    home.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "CXM_HOME": str(home),
        "CXM_DATABASE_URL": url,
        # Both servers log no line per request unless asked: the bare app runs without
        # uvicorn's access log, so cxm runs without its own.
        "CXM_ACCESS_LOG": "true" if args.access_log else "false",
    }
    key = create_service_key(url)
    auth = {"Authorization": f"Bearer {key}"}
    everyone = sample_ids(url)
    heavy = sample_ids(url, min_events=TIMELINE_EVENTS)
    rng = random.Random(args.seed)
    common: dict[str, Any] = {
        "bench": "api",
        "cores": os.cpu_count(),
        "customers": facts["customers"],
        "interactions": facts["interactions"],
        "customers_with_50_events": len(heavy),
        "database": url.split(":", 1)[0],
        "server": args.server,
        "workers": 1,
        "access_log": args.access_log,
    }
    _emit({**build, **common, "scenario": "store"})

    rate, seconds = args.rate, args.seconds
    count = _bounded(int(rate * seconds), args.max_requests)
    scenarios = {
        "profile": ("/v1/customers/{id}", everyone, PROFILE_P99_MS),
        "timeline": (
            f"/v1/customers/{{id}}/timeline?limit={TIMELINE_EVENTS}",
            heavy,
            TIMELINE_P99_MS,
        ),
    }
    results: dict[str, dict[str, Any]] = {}
    server = real_server(args.server, env)
    server.start()
    try:
        for name, (template, ids, target) in scenarios.items():
            warm = _requests(ids, template, args.warmup, rng, auth)
            asyncio.run(closed_loop(server.port, warm, concurrency=4, seconds=60, timeout=10))
            load = _requests(ids, template, count, rng, auth)
            outcome, usage = measure(
                server,
                functools.partial(_open_loop, server.port, load, rate, args),
                label=name,
                seconds=seconds,
                py_spy=args.py_spy,
            )
            figures = summarize(outcome)
            passed = figures["errors"] == 0 and (figures["p99_ms"] or 1e9) <= target
            results[name] = figures
            _emit(
                {
                    **common,
                    "scenario": name,
                    "mode": "open_loop",
                    "rate": rate,
                    "seconds": seconds,
                    **figures,
                    **usage,
                    "target_p99_ms": target,
                    "pass": passed,
                }
            )
        throughput: dict[str, float] = {}
        profile_load = _requests(everyone, scenarios["profile"][0], args.max_requests, rng, auth)
        outcome, usage = measure(
            server,
            lambda: asyncio.run(
                closed_loop(
                    server.port,
                    profile_load,
                    concurrency=args.concurrency,
                    seconds=seconds,
                    timeout=args.timeout,
                )
            ),
            label="profile_throughput",
            seconds=seconds,
            py_spy=args.py_spy,
        )
        throughput["profile"] = _emit_throughput(common, "profile_throughput", outcome, usage, args)
        throughput_errors = sum(outcome.errors.values())
        # The same server's own bare endpoint (no key, no store): what the app's middleware and
        # routing cost, so the endpoint's work can be told apart from the framework's.
        health_load = [encode("/healthz", {})] * args.max_requests
        outcome, usage = measure(
            server,
            lambda: asyncio.run(
                closed_loop(
                    server.port,
                    health_load,
                    concurrency=args.concurrency,
                    seconds=seconds,
                    timeout=args.timeout,
                )
            ),
        )
        throughput["healthz"] = _emit_throughput(common, "healthz_throughput", outcome, usage, args)
        throughput_errors += sum(outcome.errors.values())
    finally:
        server.stop()

    bare = bare_server(env)
    bare.start()
    try:
        bare_load = [encode("/bare", {})] * args.max_requests
        asyncio.run(
            closed_loop(bare.port, bare_load[: args.warmup], concurrency=4, seconds=60, timeout=10)
        )
        outcome, usage = measure(
            bare,
            lambda: asyncio.run(
                closed_loop(
                    bare.port,
                    bare_load,
                    concurrency=args.concurrency,
                    seconds=seconds,
                    timeout=args.timeout,
                )
            ),
        )
        throughput["bare"] = _emit_throughput(common, "bare_throughput", outcome, usage, args)
        throughput_errors += sum(outcome.errors.values())
    finally:
        bare.stop()

    ratio = throughput["profile"] / throughput["bare"] if throughput["bare"] else 0.0
    errors = sum(r["errors"] for r in results.values()) + throughput_errors
    checks = {
        "profile_p99": results["profile"]["p99_ms"] is not None
        and results["profile"]["p99_ms"] <= PROFILE_P99_MS,
        "timeline_p99": results["timeline"]["p99_ms"] is not None
        and results["timeline"]["p99_ms"] <= TIMELINE_P99_MS,
        "no_errors": errors == 0,
        "throughput_ratio": ratio >= THROUGHPUT_RATIO,
        "rate_achieved": all(r["achieved_rate"] >= 0.95 * rate for r in results.values()),
    }
    summary = {
        **common,
        "scenario": "summary",
        "rate": rate,
        "seconds": seconds,
        "profile_p50_ms": results["profile"]["p50_ms"],
        "profile_p99_ms": results["profile"]["p99_ms"],
        "timeline_p50_ms": results["timeline"]["p50_ms"],
        "timeline_p99_ms": results["timeline"]["p99_ms"],
        "errors": errors,
        "profile_rps": round(throughput["profile"], 1),
        "bare_rps": round(throughput["bare"], 1),
        "healthz_rps": round(throughput["healthz"], 1),
        "ratio_to_own_healthz": round(throughput["profile"] / throughput["healthz"], 3)
        if throughput["healthz"]
        else None,
        "throughput_ratio": round(ratio, 3),
        "targets": {
            "profile_p99_ms": PROFILE_P99_MS,
            "timeline_p99_ms": TIMELINE_P99_MS,
            "errors": 0,
            "throughput_ratio": THROUGHPUT_RATIO,
        },
        "checks": checks,
        "pass": all(checks.values()),
    }
    _emit(summary)
    return summary


def _emit_throughput(
    common: dict[str, Any],
    scenario: str,
    outcome: Outcome,
    usage: dict[str, Any],
    args: argparse.Namespace,
) -> float:
    figures = summarize(outcome)
    rps = figures["ok"] / outcome.seconds if outcome.seconds else 0.0
    _emit(
        {
            **common,
            "scenario": scenario,
            "mode": "closed_loop",
            "concurrency": args.concurrency,
            "seconds": args.seconds,
            "requests_per_s": round(rps, 1),
            **{k: v for k, v in figures.items() if k not in ("achieved_rate", "service_p99_ms")},
            **usage,
        }
    )
    return rps


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rate", type=float, default=300.0, help="requests per second (open loop)")
    parser.add_argument("--seconds", type=float, default=20.0, help="duration of each scenario")
    parser.add_argument("--max-requests", type=int, default=200_000, help="cap per scenario")
    parser.add_argument("--database-url", help="store to load and serve (default: cached SQLite)")
    parser.add_argument("--skip-build", action="store_true", help="serve the store as it is")
    parser.add_argument(
        "--server",
        choices=("uvicorn", "cli"),
        default="cli",
        help="`cxm serve` (default), or uvicorn --factory on create_app like the bare app",
    )
    parser.add_argument(
        "--access-log",
        action="store_true",
        help="keep cxm's access log on (off by default, like the bare app's)",
    )
    parser.add_argument("--concurrency", type=int, default=8, help="closed-loop connections")
    parser.add_argument("--connections", type=int, default=64, help="open-loop connection limit")
    parser.add_argument("--warmup", type=int, default=1000, help="requests before each scenario")
    parser.add_argument("--timeout", type=float, default=5.0, help="per-request timeout (s)")
    parser.add_argument(
        "--py-spy",
        metavar="BINARY",
        help="sample the cxm server with this py-spy during each scenario (bench/out/api/py-spy-*.txt)",
    )
    args = parser.parse_args(argv)
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
