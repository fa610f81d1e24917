"""Load benchmark of the reference portal: simulated kiosks on loopback, SQLite and PostgreSQL.

The model, stated plainly. Each backend runs two kinds of measured phase, each against the portal and
against a bare ASGI JSON endpoint served by the same server (uvicorn, same workers, same loop and HTTP
parser), which is the baseline. Both servers run side by side for the whole backend.

  capacity  closed loop, --capacity-clients (default 32) clients firing back to back with no think time,
            catalog reads only (list + one service). Target (issue 4): catalog throughput at least 60% of
            the bare endpoint's. On a small machine one generator process cannot saturate the bare
            endpoint (httpx costs the client several times what uvicorn spends answering), so req/s
            alone compares two generator-bound runs; the ratio judged is requests per CPU-second of
            the server's processes (from /proc), i.e. what each server does with a core to itself. It is
            measured in --rounds rounds (default 3), each the bare endpoint then the catalog, back to back,
            and the median of the rounds' ratios is judged: a shared machine that slows down for a while
            then slows both sides of one round instead of one side of the whole comparison. (A bare body
            of the catalog's size, ~13 KB instead of ~100 bytes, was tried: the bare figure did not move.)
  fleet     --kiosks (default 200) simulated kiosks, each with its own credential (one device per kiosk,
            as in a real fleet) and its own think time between requests, drawn from an exponential
            distribution of mean --think-ms (default 1000 ms). A person at a kiosk reads, types and inserts
            a card: 1 s between requests is far busier than a real fleet (200 kiosks x 1 req/s = ~200
            req/s offered). Each step is a catalog list (42%), a service page (18%), a card login
            (challenge + signed answer, 15%), a submission that issues a sealed document (17%) or an
            online verification of a document (8%). Latency is per request, from send to last byte;
            the target is p99 under 150 ms with zero errors on PostgreSQL. The SAME fleet against the bare
            endpoint shows what the load generator and loopback cost on their own.

Both servers run with --workers processes, by default one per core, as a portal is deployed.

Every phase starts with --warmup seconds (default 3) that are not measured: connections open, credentials
enter the portal's cache and every kiosk has had its first turn. Requests and the CPU of the server and the
generators are counted from the end of the warm-up.

The load generator runs in --generators processes (default 2) on uvloop, and every kiosk has an httpx
AsyncClient of its own with one connection (--kiosks-per-client, default 1), as a real kiosk does: an httpx
pool's cost per request grows with its size (one client with 32 connections: ~250 req/s; 32 clients with one
each: ~900 req/s from the same process). The bare endpoint's fleet p99 shows whether the generator is the
bottleneck. Prints a table per backend and ends with one JSON line.

    .venv/bin/python bench/portal_load.py --backend both --seconds 10
    .venv/bin/python bench/portal_load.py --backend postgres --kiosks 200 --workers 1
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/NAME.py`, Python puts bench/ first on sys.path, where bench/queue.py would hide the
# standard library's queue module from everything imported below (asyncio's threads, httpx, multiprocessing):
# the repository root takes its place before any other import. Imported as bench.NAME, sys.path is left alone.
if Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(Path(__file__).resolve().parents[1])

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import socket
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx

# The generator processes import the same module by this name (the repository root is on sys.path).
from bench.portal_load_kiosks import WARMUP_SECONDS, Stats, percentile, run_load

REPO = Path(__file__).resolve().parents[1]
POSTGRES_ADMIN = os.environ.get("PORTAL_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
P99_TARGET_MS = 150.0
RATIO_TARGET = 0.6


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited early: {url}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=1).status_code == 200:
                return
        time.sleep(0.1)
    raise SystemExit(f"server did not answer: {url}")


@contextlib.contextmanager
def serve(command: list[str], health_url: str) -> Iterator[int]:
    """Start a server and yield its process id once it answers."""
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(health_url, process)
        yield process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextlib.contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'bench.db'}"
        return
    import asyncpg

    name = f"portal_bench_{secrets.token_hex(4)}"

    async def admin(statement: str) -> None:
        connection = await asyncpg.connect(POSTGRES_ADMIN)
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_ADMIN.rsplit("/", 1)[0] + "/" + name
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def register_kiosks(database_url: str, count: int) -> list[str]:
    """One device credential per simulated kiosk, as in a real fleet (rate limits are per device)."""
    from portal.db import create_engine, session_factory
    from portal.seed import create_device

    async def register() -> list[str]:
        engine = create_engine(database_url)
        try:
            async with session_factory(engine)() as session, session.begin():
                return [await create_device(session, f"bench kiosk {n}", "kiosk") for n in range(count)]
        finally:
            await engine.dispose()

    return asyncio.run(register())


def phase_rows(phase: str, stats: Stats, seconds: float) -> list[tuple[str, str, float, float, float, int]]:
    rows = []
    for name, values in sorted(stats.latencies.items()):
        p50, p99 = percentile(values, 0.5) * 1000, percentile(values, 0.99) * 1000
        rows.append((phase, name, len(values) / seconds, p50, p99, stats.errors.get(name, 0)))
    everything = stats.all_latencies()
    if len(stats.latencies) > 1:
        p50, p99 = percentile(everything, 0.5) * 1000, percentile(everything, 0.99) * 1000
        rows.append((phase, "(all)", len(everything) / seconds, p50, p99, stats.error_count()))
    return rows


def cpu_shares(stats: Stats, seconds: float) -> tuple[float, float]:
    """Cores kept busy by the server and by the generators over a phase's measured seconds."""
    return stats.server_cpu / seconds, stats.generator_cpu / seconds


def per_server_cpu_second(stats: Stats) -> float:
    return stats.total() / stats.server_cpu if stats.server_cpu else 0.0


def server_command(target: list[str], port: int, workers: int) -> list[str]:
    return [sys.executable, "-m", *target, "--port", str(port), "--workers", str(workers)]


def portal_target(database_url: str) -> list[str]:
    return ["portal.cli", "serve", "--db", database_url, "--demo", "--login-rate-per-minute", "1000000"]


def merged(parts: list[Stats]) -> Stats:
    whole = Stats()
    for part in parts:
        whole.merge(part.plain())
        whole.server_cpu += part.server_cpu
    return whole


def bench_backend(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    seconds, workers = args.seconds, args.workers
    load = {"generators": args.generators, "kiosks_per_client": args.kiosks_per_client, "warmup": args.warmup}
    capacity = {"generators": 1, "kiosks_per_client": args.kiosks_per_client, "warmup": args.warmup}
    capacity_tokens: list[str | None] = [None] * args.capacity_clients
    fleet_tokens: list[str | None] = [None] * args.kiosks
    bare_port, port = free_port(), free_port()
    bare = ["uvicorn", "bench.portal_load_kiosks:bare_app", "--no-access-log", "--log-level", "warning"]
    with (
        tempfile.TemporaryDirectory() as folder,
        database(backend, Path(folder)) as url,
        serve(server_command(bare, bare_port, workers), f"http://127.0.0.1:{bare_port}/bare") as bare_pid,
        serve(server_command(portal_target(url), port, workers), f"http://127.0.0.1:{port}/v1/health") as pid,
    ):
        bare_base, base = f"http://127.0.0.1:{bare_port}", f"http://127.0.0.1:{port}"
        tokens: list[str | None] = list(register_kiosks(url, max(args.kiosks, args.capacity_clients)))
        catalog_tokens = tokens[: args.capacity_clients]
        # Closed-loop capacity, in rounds: the bare endpoint, then the catalog, back to back, so that a
        # machine that slows down for a while slows both sides of a round. One generator process, so the
        # server keeps the other core; the same generator for both, so the ratio compares the servers.
        bare_rounds, catalog_rounds = [], []
        for _ in range(args.rounds):
            bare_rounds.append(run_load(bare_pid, bare_base, capacity_tokens, "bare", 0, seconds, **capacity))
            catalog_rounds.append(run_load(pid, base, catalog_tokens, "catalog", 0, seconds, **capacity))
        bare_fleet = run_load(bare_pid, bare_base, fleet_tokens, "bare", args.think_ms, seconds, **load)
        fleet = run_load(pid, base, tokens[: args.kiosks], "mixed", args.think_ms, seconds, **load)
    bare_capacity, catalog = merged(bare_rounds), merged(catalog_rounds)
    capacity_seconds = seconds * args.rounds
    rows = [
        *phase_rows("cap bare", bare_capacity, capacity_seconds),
        *phase_rows("cap cat", catalog, capacity_seconds),
        *phase_rows("flt bare", bare_fleet, seconds),
        *phase_rows("fleet", fleet, seconds),
    ]
    print(
        f"\n{backend}: {workers} worker(s); capacity: {args.capacity_clients} closed-loop clients, no think "
        f"time, {args.rounds} round(s) of {seconds:.0f} s per side; fleet: {args.kiosks} kiosks, exponential "
        f"think time of mean {args.think_ms:.0f} ms, {seconds:.0f} s, {args.generators} generator "
        f"process(es); {args.warmup:.0f} s of warm-up before each measurement"
    )
    print(f"{'phase':9} {'endpoint':18} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for phase, name, rate, p50, p99, errors in rows:
        print(f"{phase:9} {name:18} {rate:9.1f} {p50:8.1f} {p99:8.1f} {errors:7d}")
    busy = {
        "cap bare": cpu_shares(bare_capacity, capacity_seconds),
        "cap cat": cpu_shares(catalog, capacity_seconds),
        "flt bare": cpu_shares(bare_fleet, seconds),
        "fleet": cpu_shares(fleet, seconds),
    }
    print(
        "CPU, in cores busy over each phase (this machine has "
        f"{os.cpu_count()}; the database's own processes not counted): "
        + "; ".join(
            f"{name} server {server:.2f} generators {generators:.2f}"
            for name, (server, generators) in busy.items()
        )
    )
    bare_rate, catalog_rate = bare_capacity.total() / capacity_seconds, catalog.total() / capacity_seconds
    # Requests per CPU-second of the server: what the server could serve with a core to itself, whatever the
    # generator managed to send. This is the honest capacity figure when the generator is the bottleneck.
    bare_per_cpu, catalog_per_cpu = per_server_cpu_second(bare_capacity), per_server_cpu_second(catalog)
    round_ratios = [
        per_server_cpu_second(cat) / per_server_cpu_second(bare_round)
        for bare_round, cat in zip(bare_rounds, catalog_rounds, strict=True)
        if per_server_cpu_second(bare_round)
    ]
    generator_bound = busy["cap bare"][1] > 0.9  # one generator process: a core of its own at most
    fleet_all, bare_all = fleet.all_latencies(), bare_fleet.all_latencies()
    fleet_p99, bare_p99 = percentile(fleet_all, 0.99) * 1000, percentile(bare_all, 0.99) * 1000
    results = {
        "backend": backend,
        "bare_rps": round(bare_rate, 1),
        "catalog_rps": round(catalog_rate, 1),
        "catalog_throughput_ratio": round(catalog_rate / bare_rate, 3) if bare_rate else 0.0,
        "throughput_generator_bound": generator_bound,
        "bare_per_server_cpu_second": round(bare_per_cpu),
        "catalog_per_server_cpu_second": round(catalog_per_cpu),
        "catalog_ratio": round(statistics.median(round_ratios), 3) if round_ratios else 0.0,
        "catalog_ratio_by_round": [round(ratio, 3) for ratio in round_ratios],
        "catalog_ratio_pooled": round(catalog_per_cpu / bare_per_cpu, 3) if bare_per_cpu else 0.0,
        "fleet_rps": round(len(fleet_all) / seconds, 1),
        "fleet_p50_ms": round(percentile(fleet_all, 0.5) * 1000, 1),
        "fleet_p99_ms": round(fleet_p99, 1),
        "fleet_p99_by_endpoint_ms": {
            name: round(percentile(values, 0.99) * 1000, 1) for name, values in sorted(fleet.latencies.items())
        },
        "fleet_errors": fleet.error_count(),
        "bare_fleet_p50_ms": round(percentile(bare_all, 0.5) * 1000, 1),
        "bare_fleet_p99_ms": round(bare_p99, 1),
        "fleet_p99_over_bare": round(fleet_p99 / bare_p99, 2) if bare_p99 else 0.0,
        "cpu_cores_server_generators": {name: [round(v, 2) for v in pair] for name, pair in busy.items()},
        "capacity_errors": catalog.error_count() + bare_capacity.error_count() + bare_fleet.error_count(),
        "error_kinds": dict(Counter(catalog.kinds) + Counter(fleet.kinds) + Counter(bare_fleet.kinds)),
    }
    print(
        f"capacity: catalog / bare throughput {results['catalog_throughput_ratio']:.0%}"
        + (" (the generator was the bottleneck: this says little)" if generator_bound else "")
        + f"; requests per server CPU-second: bare {bare_per_cpu:.0f}, catalog {catalog_per_cpu:.0f}; "
        f"catalog / bare by round {', '.join(f'{ratio:.0%}' for ratio in round_ratios)}, "
        f"median {results['catalog_ratio']:.0%} (target >= 60%)"
    )
    print(
        f"fleet p99: {fleet_p99:.1f} ms with {results['fleet_errors']} errors (target < 150 ms, 0 errors); "
        f"the same fleet on the bare endpoint: p99 {bare_p99:.1f} ms, ratio {results['fleet_p99_over_bare']}"
    )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--kiosks", type=int, default=200, help="simulated kiosks in the fleet phase")
    parser.add_argument("--think-ms", type=float, default=1000.0, help="mean think time between requests")
    parser.add_argument("--capacity-clients", type=int, default=32, help="closed-loop clients, capacity phase")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per phase (and round)")
    parser.add_argument("--rounds", type=int, default=3, help="capacity rounds, each bare then catalog")
    parser.add_argument("--warmup", type=float, default=WARMUP_SECONDS, help="seconds not measured, per phase")
    cores = os.cpu_count() or 1
    parser.add_argument("--workers", type=int, default=cores, help="server workers (default: one per core)")
    parser.add_argument("--generators", type=int, default=2, help="load generator processes (fleet phase)")
    parser.add_argument("--kiosks-per-client", type=int, default=1, help="kiosks sharing one httpx client")
    args = parser.parse_args()
    if min(args.kiosks, args.capacity_clients, args.generators, args.kiosks_per_client, args.rounds) < 1:
        parser.error("--kiosks, --capacity-clients, --generators, --kiosks-per-client, --rounds: at least 1")
    if args.seconds <= 0 or args.think_ms < 0 or args.warmup < 0:
        parser.error("--seconds must be positive, --think-ms and --warmup not negative")
    os.environ.setdefault("KIOSK_DEMO_CA_DIR", tempfile.mkdtemp(prefix="bench-demo-ca-"))
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results = [bench_backend(backend, args) for backend in backends]
    # The fleet target is stated for PostgreSQL; report that backend's figures when it ran.
    headline = next((r for r in results if r["backend"] == "postgres"), results[-1])
    summary = {
        "benchmark": "portal_load",
        "model": "capacity: closed loop, catalog vs bare; fleet: kiosks with exponential think time, mixed",
        "kiosks": args.kiosks,
        "think_ms": args.think_ms,
        "capacity_clients": args.capacity_clients,
        "seconds_per_phase": args.seconds,
        "capacity_rounds": args.rounds,
        "warmup_seconds": args.warmup,
        "workers": args.workers,
        "generators": args.generators,
        "headline_backend": headline["backend"],
        "fleet_p99_ms": headline["fleet_p99_ms"],
        "fleet_errors": headline["fleet_errors"],
        "bare_fleet_p99_ms": headline["bare_fleet_p99_ms"],
        "catalog_ratio": min(r["catalog_ratio"] for r in results),
        "catalog_ratio_target_met": all(r["catalog_ratio"] >= RATIO_TARGET for r in results),
        "fleet_target_met": headline["fleet_p99_ms"] < P99_TARGET_MS and headline["fleet_errors"] == 0,
        "results": results,
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
