"""Load benchmark of the reference portal: simulated kiosks on loopback, SQLite and PostgreSQL.

Each backend runs three phases of the same length with the same number of concurrent kiosks:
  1. bare:    a bare ASGI JSON endpoint served by the same server (uvicorn), the baseline;
  2. catalog: kiosks only reading the catalog (list + one service);
  3. mixed:   catalog reads, card logins, submissions and document verifications.
Prints a table per backend and ends with one JSON line. Targets (issue 4): catalog throughput at least
60% of the bare endpoint's; with 200 kiosks on PostgreSQL, p99 under 150 ms and zero errors.

    .venv/bin/python bench/portal_load.py --backend both --kiosks 50 --seconds 8
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
POSTGRES_ADMIN = os.environ.get("PORTAL_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
BARE_BODY = json.dumps({"status": "ok", "items": list(range(20))}).encode()


async def bare_app(
    scope: dict[str, Any], receive: Callable[[], Awaitable[Any]], send: Callable[..., Any]
) -> None:
    """The baseline: the smallest ASGI app that answers JSON."""
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]}
    )
    await send({"type": "http.response.body", "body": BARE_BODY})


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    kinds: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    """What went wrong: an HTTP status or an exception class, for the summary."""

    def add(self, name: str, seconds: float, ok: bool, kind: str = "") -> None:
        self.latencies[name].append(seconds)
        if not ok:
            self.errors[name] += 1
            self.kinds[kind] += 1

    def total(self) -> int:
        return sum(len(values) for values in self.latencies.values())

    def all_latencies(self) -> list[float]:
        return [value for values in self.latencies.values() for value in values]


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


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
def serve(command: list[str], health_url: str) -> Iterator[None]:
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(health_url, process)
        yield
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


@dataclass(frozen=True)
class Card:
    chain: list[str]
    key: Any

    def sign(self, challenge: bytes) -> str:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec

        return base64.b64encode(self.key.sign(challenge, ec.ECDSA(hashes.SHA256()))).decode()


def demo_card() -> Card:
    """The demo citizen João's pt-cc2 (EC P-256) keys, from the card emulator's demo CA."""
    from kiosk.card.emulator.citizens import find_citizen
    from kiosk.card.emulator.democa import authority, card_credentials

    credentials = card_credentials(find_citizen("joao"), "pt-cc2")
    chain = [credentials.auth_certificate, authority().sub_ca_certificate]
    return Card([base64.b64encode(item).decode() for item in chain], credentials.auth_key)


async def timed(
    stats: Stats, name: str, call: Awaitable[httpx.Response], ok: set[int]
) -> httpx.Response | None:
    started = time.perf_counter()
    try:
        response = await call
    except httpx.HTTPError as error:
        stats.add(name, time.perf_counter() - started, False, type(error).__name__)
        return None
    stats.add(name, time.perf_counter() - started, response.status_code in ok, str(response.status_code))
    return response


async def kiosk_loop(
    client: httpx.AsyncClient, stats: Stats, deadline: float, mode: str, card: Card | None
) -> None:
    access_codes: list[str] = []
    while time.monotonic() < deadline:
        if mode == "bare":
            await timed(stats, "bare GET", client.get("/bare"), {200})
            continue
        roll = random.random()
        if mode == "catalog" or roll < 0.6:
            if random.random() < 0.7:
                await timed(stats, "GET services", client.get("/v1/catalog/services"), {200})
            else:
                await timed(stats, "GET service", client.get("/v1/catalog/services/CRIMINAL-RECORD"), {200})
        elif roll < 0.75 and card is not None:
            issued = await timed(stats, "POST challenge", client.post("/v1/auth/citizen/challenge"), {201})
            if issued is not None and issued.status_code == 201:
                body = issued.json()
                answer = {
                    "challenge_id": body["challenge_id"],
                    "algorithm": "ecdsa-sha256",
                    "signature": card.sign(base64.b64decode(body["challenge"])),
                    "certificate_chain": card.chain,
                }
                await timed(stats, "POST login", client.post("/v1/auth/citizen/session", json=answer), {201})
        elif roll < 0.92:
            submission = {"service_code": "INFO-SHEET", "answers": {}}
            headers = {"Idempotency-Key": secrets.token_hex(16)}
            response = await timed(
                stats,
                "POST application",
                client.post("/v1/applications", json=submission, headers=headers),
                {201},
            )
            if response is not None and response.status_code == 201:
                access_codes.append(response.json()["documents"][0]["access_code"])
        else:
            code = access_codes[-1] if access_codes else "AAAA-BBBB-CCCC"
            await timed(
                stats, "POST verify", client.post("/v1/documents/status", json={"access_code": code}), {200}
            )


async def run_phase(
    url: str, token: str | None, kiosks: int, seconds: float, mode: str, card: Card | None
) -> Stats:
    stats = Stats()
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "pt"} if token else {}
    limits = httpx.Limits(max_connections=kiosks, max_keepalive_connections=kiosks)
    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits, timeout=30) as client:
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(kiosk_loop(client, stats, deadline, mode, card) for _ in range(kiosks)))
    return stats


def bench_backend(backend: str, kiosks: int, seconds: float, workers: int) -> dict[str, Any]:
    from portal.content.demo_people import DEMO_KIOSK_TOKEN

    card = demo_card()
    results: dict[str, Any] = {"backend": backend}
    with tempfile.TemporaryDirectory() as folder, database(backend, Path(folder)) as url:
        bare_port = free_port()
        bare = [
            sys.executable,
            "-m",
            "uvicorn",
            "bench.portal_load:bare_app",
            "--port",
            str(bare_port),
            "--workers",
            str(workers),
            "--no-access-log",
            "--log-level",
            "warning",
        ]
        with serve(bare, f"http://127.0.0.1:{bare_port}/bare"):
            bare_stats = asyncio.run(
                run_phase(f"http://127.0.0.1:{bare_port}", None, kiosks, seconds, "bare", None)
            )
        port = free_port()
        portal = [
            sys.executable,
            "-m",
            "portal.cli",
            "serve",
            "--db",
            url,
            "--port",
            str(port),
            "--demo",
            "--workers",
            str(workers),
            "--login-rate-per-minute",
            "1000000",
        ]
        with serve(portal, f"http://127.0.0.1:{port}/v1/health"):
            base = f"http://127.0.0.1:{port}"
            catalog = asyncio.run(run_phase(base, DEMO_KIOSK_TOKEN, kiosks, seconds, "catalog", card))
            mixed = asyncio.run(run_phase(base, DEMO_KIOSK_TOKEN, kiosks, seconds, "mixed", card))
    rows = []
    for phase, stats in (("bare", bare_stats), ("catalog", catalog), ("mixed", mixed)):
        for name, values in sorted(stats.latencies.items()):
            rows.append(
                (
                    phase,
                    name,
                    len(values) / seconds,
                    percentile(values, 0.5) * 1000,
                    percentile(values, 0.99) * 1000,
                    stats.errors.get(name, 0),
                )
            )
    print(f"\n{backend}: {kiosks} kiosks, {seconds:.0f} s per phase, {workers} worker(s)")
    print(f"{'phase':8} {'endpoint':18} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for phase, name, rate, p50, p99, errors in rows:
        print(f"{phase:8} {name:18} {rate:9.1f} {p50:8.1f} {p99:8.1f} {errors:7d}")
    bare_rate = bare_stats.total() / seconds
    catalog_rate = catalog.total() / seconds
    mixed_all = mixed.all_latencies()
    results.update(
        bare_rps=round(bare_rate, 1),
        catalog_rps=round(catalog_rate, 1),
        catalog_ratio=round(catalog_rate / bare_rate, 3) if bare_rate else 0.0,
        mixed_rps=round(mixed.total() / seconds, 1),
        mixed_p50_ms=round(statistics.median(mixed_all) * 1000, 1) if mixed_all else 0.0,
        mixed_p99_ms=round(percentile(mixed_all, 0.99) * 1000, 1),
        mixed_errors=sum(mixed.errors.values()) + sum(catalog.errors.values()),
        error_kinds=dict(Counter(catalog.kinds) + Counter(mixed.kinds)),
    )
    print(f"catalog / bare throughput: {results['catalog_ratio']:.0%} (target >= 60%)")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--kiosks", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("KIOSK_DEMO_CA_DIR", tempfile.mkdtemp(prefix="bench-demo-ca-"))
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results = [bench_backend(backend, args.kiosks, args.seconds, args.workers) for backend in backends]
    summary = {
        "benchmark": "portal_load",
        "kiosks": args.kiosks,
        "seconds_per_phase": args.seconds,
        "workers": args.workers,
        "results": results,
        "catalog_ratio_target_met": all(result["catalog_ratio"] >= 0.6 for result in results),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
