"""Pages over HTTP: gunicorn serving a copy of the bench's throwaway database, driven by wrk on
loopback, each case beside a bare view measured in the same run (docs/performance.md, "Pages over
HTTP").

gunicorn is a separate process with its own connections, so what it serves must be committed.
The bench writes into a copy of the migrated test database (`database_copy`), dropped afterwards,
so the other bench files still find the test database as the migrations left it.
"""

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection

from bench import harness
from bench.harness import Result, Target, Timing
from bench.urls import QUERIES_HEADER

ROOT = Path(__file__).resolve().parent.parent
COPY = "bench_http"
# Two sync workers for two cores: each of wrk's two connections has a worker to itself, so a
# request never waits in gunicorn's queue behind another, and the two workers with PostgreSQL
# keep both cores busy. More workers than cores would only add switching.
WORKERS = 2
CONNECTIONS = 2
# Eight rounds of 2 s a side: with four, the same code's queue page ran 1.28x and 1.76x its bare view's
# p95 in the two halves of one run (docs/performance.md, "Fourteenth round").
SECONDS = int(os.environ.get("BENCH_HTTP_SECONDS", "16"))
ROUNDS = 8
WARMUP_SECONDS = 2

# wrk calls request() for each request, response() for each answer, done() once at the end;
# done() runs in its own Lua state, so it reads each thread's count of wrong answers from it.
LUA = """
wrk.method = "{method}"
{headers}
{body}
prefix = nil
counter = 0
unexpected = 0
local threads = {{}}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  prefix = args[1]
end

function request()
  if prefix == nil then
    return wrk.format()
  end
  counter = counter + 1
  local headers = {{}}
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  headers["Idempotency-Key"] = prefix .. "-" .. counter
  return wrk.format(nil, nil, headers)
end

function response(status, headers, body)
  if status ~= {status} then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local wrong = 0
  for _, thread in ipairs(threads) do
    wrong = wrong + thread:get("unexpected")
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH p50=%d p95=%d p99=%d requests=%d duration=%d unexpected=%d errors=%d\\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.requests,
    summary.duration, wrong, e.connect + e.read + e.write + e.timeout
  ))
  local spread = {{}}
  for i = 0, 99 do
    table.insert(spread, string.format("%d", latency:percentile(i + 0.5)))
  end
  io.write("QUANTILES " .. table.concat(spread, " ") .. "\\n")
end
"""


@dataclass
class Call:
    """One request wrk repeats: a page with a signed-in session's cookie, or a POST."""

    path: str
    headers: dict[str, str]
    method: str = "GET"
    body: str | None = None
    status: int = 200
    # Each request carries its own Idempotency-Key (prefix-1, prefix-2, ...), as a partner system's would.
    keyed: bool = False


@dataclass
class Round:
    """One wrk run: its latency at each hundredth (0.5%, 1.5%, ..., 99.5%), in ms."""

    quantiles: list[float]
    requests: int
    duration_us: int
    queries: int


@dataclass
class Run:
    p50_ms: float
    p95_ms: float
    p99_ms: float
    throughput_rps: float
    requests: int
    queries: int


@dataclass
class Server:
    url: str
    host: str
    port: int
    process: subprocess.Popen
    log: Path

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def workers_memory(self) -> str:
        """Each worker's resident size now (VmRSS) and at its peak (VmHWM), in MiB."""
        sizes = []
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            rss, hwm = (int(re.search(rf"^{name}:\s+(\d+) kB", status, re.M).group(1)) for name in ("VmRSS", "VmHWM"))
            sizes.append(f"{rss / 1024:.0f} (peak {hwm / 1024:.0f})")
        return "workers' RSS MiB: " + ", ".join(sizes)


def wrk_missing() -> bool:
    return shutil.which("wrk") is None


@contextmanager
def database_copy() -> Iterator[dict]:
    """Point this process's connection at a fresh copy of the test database, and drop it after."""
    db = connection.settings_dict
    original = db["NAME"]
    connection.close()
    with _server_connection(db) as admin:
        # A copy needs its template to itself: an earlier case's idle connection (another thread's,
        # on this session's throwaway server) would refuse it.
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND state = 'idle'",
            [original],
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{COPY}"')
        admin.execute(f'CREATE DATABASE "{COPY}" TEMPLATE "{original}"')
    db["NAME"] = COPY
    try:
        yield {key: db[key] for key in ("NAME", "HOST", "PORT", "USER", "PASSWORD")}
    finally:
        connection.close()
        db["NAME"] = original
        with _server_connection(db) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{COPY}" WITH (FORCE)')


@contextmanager
def database_kept(name: str) -> Iterator[dict]:
    """A copy of the database this process is connected to, as it stands now, under `name` until the
    block ends: for a server to serve it beside the original as that grows. Nothing else may be
    connected to the original while it is copied."""
    db = connection.settings_dict
    connection.close()
    with _server_connection(db) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{db["NAME"]}"')
    try:
        yield {**{key: db[key] for key in ("HOST", "PORT", "USER", "PASSWORD")}, "NAME": name}
    finally:
        with _server_connection(db) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _server_connection(db: dict) -> psycopg.Connection:
    return psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"], dbname="postgres", autocommit=True
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(database: dict, log: Path) -> Iterator[Server]:
    """gunicorn serving bench/settings.py on loopback, as docker-compose.yml runs it, with WORKERS sync workers."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DATABASE": json.dumps(database),
        "BENCH_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    command = [sys.executable, "-m", "gunicorn", "hub.wsgi", "--chdir", str(ROOT), "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(WORKERS), "--worker-class", "sync", "--error-logfile", str(log)]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", "127.0.0.1", port, process, log)
    try:
        _wait_until_ready(server)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_ready(server: Server, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: see {server.log}")
        try:
            probe(server, Call("/healthz", {}, status=0))
        except OSError:
            time.sleep(0.2)
            continue
        if len(server.workers()) == WORKERS:
            return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn was not ready in {timeout} s: see {server.log}")


def probe(server: Server, call: Call) -> tuple[int, int, str]:
    """One request: its status, how many queries it took, its body."""
    conn = http.client.HTTPConnection(server.host, server.port, timeout=60)
    try:
        conn.request(call.method, call.path, body=call.body, headers=call.headers)
        response = conn.getresponse()
        body = response.read().decode()
        return response.status, int(response.getheader(QUERIES_HEADER) or 0), body
    finally:
        conn.close()


def wrk(server: Server, call: Call, seconds: int) -> Round:
    """wrk for `seconds`: one thread, CONNECTIONS connections, latency measured by wrk itself."""
    status, queries, body = probe(server, call)
    if status != call.status:
        raise AssertionError(f"{call.method} {call.path} answered {status}, not {call.status}: {body[:300]}")
    headers = "\n".join(f"wrk.headers[ {_lua(name)} ] = {_lua(value)}" for name, value in call.headers.items())
    lua = LUA.format(
        method=call.method,
        headers=headers,
        body=f"wrk.body = {_lua(call.body)}" if call.body is not None else "",
        status=call.status,
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        command = ["wrk", "--latency", "--timeout", "60s", "-t", "1", "-c", str(CONNECTIONS), "-d", f"{seconds}s"]
        command += ["-s", script.name, server.url + call.path]
        if call.keyed:
            command += ["--", f"k{time.time_ns()}"]
        ran = subprocess.run(command, capture_output=True, text=True, check=False, timeout=seconds + 120)
        out = ran.stdout + ran.stderr
    finally:
        os.unlink(script.name)
    found, spread = re.search(r"BENCH (.*)", out), re.search(r"QUANTILES (.*)", out)
    if found is None or spread is None:
        raise AssertionError(f"wrk printed no figures:\n{out}")
    figures = {key: int(value) for key, value in (pair.split("=") for pair in found.group(1).split())}
    if figures["unexpected"] or figures["errors"]:
        raise AssertionError(f"{call.path}: {figures['unexpected']} wrong answers, {figures['errors']} errors\n{out}")
    return Round([int(v) / 1000 for v in spread.group(1).split()], figures["requests"], figures["duration"], queries)


def merged(rounds: list[Round]) -> Run:
    """The rounds as one run: each round's hundred quantiles stand for a hundredth of its requests."""
    weighted = sorted((ms, r.requests / 100) for r in rounds for ms in r.quantiles)
    total = sum(weight for _, weight in weighted)

    def percentile(p: float) -> float:
        seen = 0.0
        for ms, weight in weighted:
            seen += weight
            if seen >= total * p / 100:
                return ms
        return weighted[-1][0]

    requests = sum(r.requests for r in rounds)
    return Run(
        p50_ms=percentile(50),
        p95_ms=percentile(95),
        p99_ms=percentile(99),
        throughput_rps=requests / (sum(r.duration_us for r in rounds) / 1e6),
        requests=requests,
        queries=rounds[-1].queries,
    )


def _lua(text: str) -> str:
    """A Lua long string: nothing inside it is an escape."""
    level = "=" * 4
    assert f"]{level}]" not in text
    return f"[{level}[{text}]{level}]"


def measured(*calls: Call, server: Server | None = None, servers: list[Server] | None = None) -> list[Run]:
    """Each call warmed, then run in turns (ROUNDS rounds of SECONDS / ROUNDS each), so that
    whatever else the machine is doing falls on the case and its baseline alike. Every call is asked
    of `server`, or each of its own in `servers` (one page from two databases)."""
    servers = servers or [server] * len(calls)
    for call, at in zip(calls, servers, strict=True):
        wrk(at, call, WARMUP_SECONDS)
    rounds: list[list[Round]] = [[] for _ in calls]
    for _ in range(ROUNDS):
        for call, at, done in zip(calls, servers, rounds, strict=True):
            done.append(wrk(at, call, max(1, SECONDS // ROUNDS)))
    return [merged(done) for done in rounds]


def timing(run: Run) -> Timing:
    return Timing(run.p50_ms, run.p95_ms, run.queries, throughput_rps=run.throughput_rps)


def _tails(ran: Run, bare: Run) -> str:
    return (
        f"p95 {ran.p95_ms:.0f} ms against the baseline's {bare.p95_ms:.0f} ms ({ran.p95_ms / bare.p95_ms:.2f}x), "
        f"p99 {ran.p99_ms:.0f} against {bare.p99_ms:.0f} ms, {ran.requests} and {bare.requests} requests"
    )


def compare(
    case: str,
    server: Server,
    subject: Call,
    baseline: Call,
    *,
    baseline_name: str,
    target: Target | None = None,
    note: str = "",
) -> Result:
    """The case and its baseline in turns; the workers' memory after."""
    ran, bare = measured(subject, baseline, server=server)
    memory = server.workers_memory()
    result = Result(
        f"HTTP: {case}",
        timing(ran),
        timing(bare),
        baseline_name,
        "; ".join(part for part in (note, _tails(ran, bare), memory) if part),
        target,
    )
    harness.RESULTS.append(result)
    return result


def profiled(calls: dict[str, Call], folder: Path, *, repeat: int = 20) -> None:
    """BENCH_HTTP_PROFILE=1: each call `repeat` times in this process (Django's test client, the same
    session or token), under pyinstrument, with each query's time; written to `folder` as text."""
    from django.test import override_settings

    folder.mkdir(parents=True, exist_ok=True)
    with override_settings(ROOT_URLCONF="bench.urls"):
        for name, call in calls.items():
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower())
            (folder / f"{slug}.txt").write_text(_profile(name, call, repeat))


def _profile(name: str, call: Call, repeat: int) -> str:
    from django.test import Client
    from pyinstrument import Profiler

    client, headers = Client(), dict(call.headers)
    if cookie := headers.pop("Cookie", None):
        key, value = cookie.split("=", 1)
        client.cookies[key] = value
    content_type = headers.pop("Content-Type", "application/octet-stream")

    def once() -> None:
        if call.keyed:
            headers["Idempotency-Key"] = f"profile-{time.time_ns()}"
        if call.method == "POST":
            response = client.post(call.path, call.body or "", content_type=content_type, headers=headers)
        else:
            response = client.get(call.path, headers=headers)
        assert response.status_code == call.status, (call.path, response.status_code)

    once()
    queries: dict[str, list[float]] = {}

    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.setdefault(sql, []).append((time.perf_counter() - start) * 1000)

    profiler = Profiler(interval=0.0005)
    with connection.execute_wrapper(timed), profiler:
        for _ in range(repeat):
            once()
    slowest = sorted(queries.items(), key=lambda item: -sum(item[1]))
    lines = [f"{name}: {repeat} requests in this process", ""]
    lines += [
        f"{sum(ms) / repeat:8.2f} ms a request, {len(ms) / repeat:g} a request: {sql[:600]}" for sql, ms in slowest
    ]
    return "\n".join(lines) + "\n\n" + profiler.output_text(unicode=False, color=False, show_all=False)
