"""The simulated kiosks of bench/portal_load.py: load generator processes, their statistics, the baseline app.

Kept apart from the orchestration so that the generator processes (spawned) and uvicorn (the baseline,
`bench.portal_load_kiosks:bare_app`) import only this small module.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/NAME.py`, Python puts bench/ first on sys.path, where bench/queue.py would hide the
# standard library's queue module from everything imported below (asyncio's threads, httpx, multiprocessing):
# the repository root takes its place before any other import. Imported as bench.NAME, sys.path is left alone.
if Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(Path(__file__).resolve().parents[1])

import asyncio
import base64
import contextlib
import json
import math
import multiprocessing
import os
import random
import secrets
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx

BARE_BODY = json.dumps({"status": "ok", "items": list(range(20))}).encode()
WARMUP_SECONDS = 3.0
"""Requests started in the first seconds are not counted: connections opening, credentials entering the
portal's cache, and, in the fleet, kiosks still waiting for their first turn (with a mean think time of 1 s,
5% of them have not sent a request after 3 s). What is measured is the fleet at work, not its arrival."""


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
    generator_cpu: float = 0.0
    """CPU seconds the load generator processes spent, to show whether they were the bottleneck."""
    server_cpu: float = 0.0
    """CPU seconds of the server's process tree (not the database's) during the phase."""

    def add(self, name: str, seconds: float, ok: bool, kind: str = "") -> None:
        self.latencies[name].append(seconds)
        if not ok:
            self.errors[name] += 1
            self.kinds[kind] += 1

    def merge(self, other: dict[str, Any]) -> None:
        for name, values in other["latencies"].items():
            self.latencies[name].extend(values)
        for name, count in other["errors"].items():
            self.errors[name] += count
        for kind, count in other["kinds"].items():
            self.kinds[kind] += count
        self.generator_cpu += other["generator_cpu"]

    def plain(self) -> dict[str, Any]:
        return {
            "latencies": dict(self.latencies),
            "errors": dict(self.errors),
            "kinds": dict(self.kinds),
            "generator_cpu": self.generator_cpu,
        }

    def total(self) -> int:
        return sum(len(values) for values in self.latencies.values())

    def error_count(self) -> int:
        return sum(self.errors.values())

    def all_latencies(self) -> list[float]:
        return [value for values in self.latencies.values() for value in values]


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def process_tree_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its live descendants (Linux /proc; 0 elsewhere)."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(child) for child in (task / "children").read_text().split())
    return total


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


@dataclass(frozen=True)
class LoadPlan:
    """What one generator process runs; plain data so it crosses the process boundary."""

    url: str
    tokens: list[str | None]
    """One entry per kiosk of this process: its device credential (None for the bare endpoint)."""
    mode: str
    """bare, catalog or mixed."""
    think_seconds: float
    """Mean think time between a kiosk's requests; 0 for a closed loop."""
    start_at: float
    """Wall-clock time at which every process starts, so they overlap exactly."""
    seconds: float
    kiosks_per_client: int
    warmup: float = WARMUP_SECONDS


class Kiosk:
    def __init__(self, client: httpx.AsyncClient, token: str | None, stats: Stats, measure_from: float):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}", "Accept-Language": "pt"} if token else {}
        self.stats = stats
        self.measure_from = measure_from
        self.access_codes: list[str] = []

    async def call(self, name: str, method: str, path: str, ok: int, **options: Any) -> httpx.Response | None:
        started = time.perf_counter()
        counted = time.monotonic() >= self.measure_from
        headers = {**self.headers, **options.pop("headers", {})}
        try:
            response = await self.client.request(method, path, headers=headers, **options)
        except httpx.HTTPError as error:
            if counted:
                self.stats.add(name, time.perf_counter() - started, False, type(error).__name__)
            return None
        if counted:
            elapsed = time.perf_counter() - started
            self.stats.add(name, elapsed, response.status_code == ok, str(response.status_code))
        return response

    async def step(self, mode: str, card: Card | None) -> None:
        if mode == "bare":
            await self.call("bare GET", "GET", "/bare", 200)
            return
        roll = random.random()
        if mode == "catalog" or roll < 0.6:
            if random.random() < 0.7:
                await self.call("GET services", "GET", "/v1/catalog/services", 200)
            else:
                await self.call("GET service", "GET", "/v1/catalog/services/CRIMINAL-RECORD", 200)
        elif roll < 0.75 and card is not None:
            issued = await self.call("POST challenge", "POST", "/v1/auth/citizen/challenge", 201)
            if issued is not None and issued.status_code == 201:
                body = issued.json()
                answer = {
                    "challenge_id": body["challenge_id"],
                    "algorithm": "ecdsa-sha256",
                    "signature": card.sign(base64.b64decode(body["challenge"])),
                    "certificate_chain": card.chain,
                }
                await self.call("POST login", "POST", "/v1/auth/citizen/session", 201, json=answer)
        elif roll < 0.92:
            submission = {"service_code": "INFO-SHEET", "answers": {}}
            headers = {"Idempotency-Key": secrets.token_hex(16)}
            response = await self.call(
                "POST application", "POST", "/v1/applications", 201, json=submission, headers=headers
            )
            if response is not None and response.status_code == 201:
                self.access_codes.append(response.json()["documents"][0]["access_code"])
                del self.access_codes[:-5]
        elif self.access_codes:
            code = random.choice(self.access_codes)
            await self.call("POST verify", "POST", "/v1/documents/status", 200, json={"access_code": code})
        else:
            await self.call("GET services", "GET", "/v1/catalog/services", 200)

    async def run(self, plan: LoadPlan, deadline: float, card: Card | None) -> None:
        if plan.think_seconds:
            # Kiosks do not start in step: each one's first request comes after a think time too.
            await asyncio.sleep(random.expovariate(1 / plan.think_seconds))
        while time.monotonic() < deadline:
            await self.step(plan.mode, card)
            if plan.think_seconds:
                await asyncio.sleep(random.expovariate(1 / plan.think_seconds))


async def generate(plan: LoadPlan) -> dict[str, Any]:
    card = demo_card() if plan.mode == "mixed" else None
    stats = Stats()
    size = max(1, plan.kiosks_per_client)
    groups = [plan.tokens[n : n + size] for n in range(0, len(plan.tokens), size)]
    # Several clients with small pools: an httpx pool's cost per request grows with its size.
    limits = httpx.Limits(max_connections=size, max_keepalive_connections=size)
    clients = [httpx.AsyncClient(base_url=plan.url, limits=limits, timeout=30) for _ in groups]
    await asyncio.sleep(max(0.0, plan.start_at - time.time()))
    begin = time.monotonic()
    deadline = begin + plan.warmup + plan.seconds
    # CPU is counted from the end of the warm-up, like the requests.
    cpu_at_start: list[float] = []
    asyncio.get_running_loop().call_later(plan.warmup, lambda: cpu_at_start.append(time.process_time()))
    kiosks = [
        Kiosk(client, token, stats, begin + plan.warmup)
        for client, group in zip(clients, groups, strict=True)
        for token in group
    ]
    try:
        await asyncio.gather(*(kiosk.run(plan, deadline, card) for kiosk in kiosks))
    finally:
        for client in clients:
            await client.aclose()
    stats.generator_cpu = time.process_time() - cpu_at_start[0]
    return stats.plain()


def generate_in_process(plan: LoadPlan) -> dict[str, Any]:
    with contextlib.suppress(ImportError):
        import uvloop

        uvloop.install()
    return asyncio.run(generate(plan))


def run_load(
    server_pid: int,
    url: str,
    tokens: list[str | None],
    mode: str,
    think_ms: float,
    seconds: float,
    generators: int,
    kiosks_per_client: int,
    warmup: float = WARMUP_SECONDS,
) -> Stats:
    """Spread the kiosks over generator processes that start together; merge what they measured.

    The server's CPU is read when the warm-up ends and when the last generator is done, so it covers the
    measured requests only.
    """
    generators = max(1, min(generators, len(tokens)))
    share = math.ceil(len(tokens) / generators)
    start_at = time.time() + 3.0
    think = think_ms / 1000
    plans = [
        LoadPlan(url, tokens[n : n + share], mode, think, start_at, seconds, kiosks_per_client, warmup)
        for n in range(0, len(tokens), share)
    ]
    stats = Stats()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(len(plans), mp_context=context) as pool:
        results = pool.map(generate_in_process, plans)  # submitted at once; they wait for start_at
        time.sleep(max(0.0, start_at + warmup - time.time()))
        server_before = process_tree_cpu_seconds(server_pid)
        for result in results:
            stats.merge(result)
        stats.server_cpu = process_tree_cpu_seconds(server_pid) - server_before
    return stats
