"""Queue benchmark: --desks desks (default 50) calling next at once against the portal on PostgreSQL.

The portal runs under uvicorn (--workers, default 2) on a fresh PostgreSQL database with --tickets waiting
tickets (default 10,000; written straight to the database before the clock starts). Each desk is a counter
terminal of its own (one device, one clerk session, one HTTP connection) that loops: call next, then mark
the ticket done, until the portal answers 204 (nobody waiting). Latency is per call-next request, from send
to last byte. Afterwards the database is asked too: every ticket done, exactly one call event each.

Baseline, in the same run and against the same server: the same desks, each on its own connection, send the
same number of requests to the app's bare endpoint (GET /v1/health, no database), back to back. The ratio
is call-next p99 / baseline p99. Targets (issue 14): p99 under 100 ms, zero tickets called twice, zero lost,
at least 10,000 calls. Prints a table and ends with one JSON line.

    .venv/bin/python bench/queue.py
    .venv/bin/python bench/queue.py --desks 50 --tickets 10000 --workers 2
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
import datetime as dt
import json
import os
import socket
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bench.portal_load import database

if TYPE_CHECKING:
    import httpx

REPO = Path(__file__).resolve().parents[1]
P99_TARGET_MS = 100.0
CATEGORIES = ("A", "B", "C", "P")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def portal(database_url: str, workers: int, folder: Path) -> Iterator[str]:
    import httpx

    port = free_port()
    command = [sys.executable, "-m", "portal.cli", "serve", "--db", database_url, "--port", str(port)]
    command += ["--workers", str(workers), "--demo", "--login-rate-per-minute", "1000000"]
    log = (folder / "portal.log").open("wb")
    process = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the portal did not start; see {folder / 'portal.log'}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/v1/health", timeout=1).status_code == 200:
                    break
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


async def prepare(database_url: str, desks: int, tickets: int) -> tuple[list[str], set[str]]:
    """Desks 1..N, a counter device per desk, and the waiting tickets (with their arrive events)."""
    from sqlalchemy import select

    from portal.db import create_engine, session_factory
    from portal.models import Desk, Device, QueueCategoryRow, Ticket, TicketEvent
    from portal.security import new_id
    from portal.seed import create_device

    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as db, db.begin():
            known = set(await db.scalars(select(Desk.code)))
            db.add_all(
                Desk(branch_code="demo", code=str(n), categories=[])
                for n in range(1, desks + 1)
                if str(n) not in known
            )
            tokens = [await create_device(db, f"bench counter {n}", "counter") for n in range(desks)]
            kiosk = await db.scalar(select(Device.id).where(Device.kind == "kiosk"))
            prefixes = {row.code: row for row in await db.scalars(select(QueueCategoryRow))}
        start = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        issued: set[str] = set()
        for first in range(0, tickets, 2000):
            async with session_factory(engine)() as db, db.begin():
                for n in range(first, min(tickets, first + 2000)):
                    category = prefixes[CATEGORIES[n % len(CATEGORIES)]]
                    sequence = n // len(CATEGORIES) + 1
                    arrived = start + dt.timedelta(milliseconds=n)
                    ticket = Ticket(
                        id=new_id(),
                        branch_code="demo",
                        category_code=category.code,
                        day=arrived.date().isoformat(),
                        sequence=sequence,
                        number=f"{category.prefix}{sequence:03d}",
                        status="waiting",
                        priority=category.priority,
                        issued_by=str(kiosk),
                        arrived_at=arrived,
                    )
                    db.add(ticket)
                    db.add(
                        TicketEvent(
                            ticket_id=ticket.id,
                            branch_code="demo",
                            kind="arrive",
                            category_code=category.code,
                            at=arrived,
                        )
                    )
                    issued.add(ticket.id)
        return tokens, issued
    finally:
        await engine.dispose()


async def signed_in_desks(url: str, tokens: list[str]) -> list[httpx.AsyncClient]:
    from portal.content.demo_people import DEMO_STAFF

    username, _, _, password = DEMO_STAFF[0]
    import httpx

    clients = []
    for token in tokens:
        client = httpx.AsyncClient(
            base_url=url,
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
            limits=httpx.Limits(max_connections=1),
        )
        login = await client.post("/v1/auth/staff/session", json={"username": username, "password": password})
        login.raise_for_status()
        client.headers["X-Session-Token"] = login.json()["session_token"]
        clients.append(client)
    return clients


async def baseline(clients: list[httpx.AsyncClient], requests: int) -> tuple[list[float], int]:
    """The bare endpoint of the same app, the same desks and connections, the same number of requests."""
    latencies: list[float] = []
    errors = 0
    remaining = requests

    async def desk(client: httpx.AsyncClient) -> None:
        nonlocal remaining, errors
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            response = await client.get("/v1/health")
            latencies.append(time.perf_counter() - started)
            errors += response.status_code != 200

    await asyncio.gather(*(desk(client) for client in clients))
    return latencies, errors


async def calls(clients: list[httpx.AsyncClient]) -> tuple[list[float], list[str], int]:
    latencies: list[float] = []
    called: list[str] = []
    errors = 0
    statuses: Counter[int] = Counter()

    async def desk(number: int, client: httpx.AsyncClient) -> None:
        nonlocal errors
        while True:
            started = time.perf_counter()
            response = await client.post(f"/v1/queue/desks/{number}/call-next")
            latencies.append(time.perf_counter() - started)
            if response.status_code == 204:
                return
            if response.status_code != 200:
                errors += 1
                statuses[response.status_code] += 1
                continue
            ticket = response.json()["id"]
            called.append(ticket)
            done = await client.post(f"/v1/queue/tickets/{ticket}/done")
            errors += done.status_code != 200

    await asyncio.gather(*(desk(n + 1, client) for n, client in enumerate(clients)))
    if statuses:
        print(f"call-next errors by status: {dict(statuses)}")
    return latencies, called, errors


async def database_check(database_url: str) -> tuple[int, Counter[str]]:
    """Tickets not done, and call events per ticket, as the database tells."""
    from sqlalchemy import func, select

    from portal.db import create_engine
    from portal.models import Ticket, TicketEvent

    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            open_tickets = await connection.scalar(
                select(func.count()).select_from(Ticket).where(Ticket.status != "done")
            )
            rows = await connection.execute(
                select(TicketEvent.ticket_id, func.count())
                .where(TicketEvent.kind == "call")
                .group_by(TicketEvent.ticket_id)
            )
            return int(open_tickets or 0), Counter({ticket: int(count) for ticket, count in rows.all()})
    finally:
        await engine.dispose()


async def measure(url: str, tokens: list[str], tickets: int) -> dict[str, Any]:
    clients = await signed_in_desks(url, tokens)
    try:
        await baseline(clients, len(clients) * 4)  # warm-up: connections open, credentials cached
        started = time.perf_counter()
        base, base_errors = await baseline(clients, tickets)
        base_seconds = time.perf_counter() - started
        started = time.perf_counter()
        latencies, called, errors = await calls(clients)
        call_seconds = time.perf_counter() - started
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))
    return {
        "base": base,
        "base_errors": base_errors,
        "base_seconds": base_seconds,
        "latencies": latencies,
        "called": called,
        "errors": errors,
        "call_seconds": call_seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--desks", type=int, default=50)
    parser.add_argument("--tickets", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, database("postgres", Path(folder)) as database_url:
        with portal(database_url, args.workers, Path(folder)) as url:
            tokens, issued = asyncio.run(prepare(database_url, args.desks, args.tickets))
            result = asyncio.run(measure(url, tokens, args.tickets))
        open_tickets, call_events = asyncio.run(database_check(database_url))
    called: list[str] = result["called"]
    latencies: list[float] = result["latencies"]
    base: list[float] = result["base"]
    duplicates = sum(count - 1 for count in Counter(called).values() if count > 1)
    duplicates += sum(count - 1 for count in call_events.values() if count > 1)
    lost = len(issued - set(called)) + open_tickets
    p50, p99 = percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000
    base_p50, base_p99 = percentile(base, 0.5) * 1000, percentile(base, 0.99) * 1000
    print(f"{args.desks} desks, {args.tickets} tickets, {args.workers} portal workers, PostgreSQL")
    print(f"{'phase':<28}{'requests':>10}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}")
    rows = [
        ("baseline GET /v1/health", base, result["base_seconds"], base_p50, base_p99, result["base_errors"]),
        ("call-next", latencies, result["call_seconds"], p50, p99, result["errors"]),
    ]
    for name, values, seconds, low, high, errors in rows:
        print(f"{name:<28}{len(values):>10}{len(values) / seconds:>10.0f}{low:>10.1f}{high:>10.1f}{errors:>8}")
    print(
        f"tickets called: {len(called)}  twice: {duplicates}  lost: {lost}  (database: {open_tickets} not done)"
    )
    ratio = p99 / base_p99 if base_p99 else 0.0
    verdict = p99 < P99_TARGET_MS and duplicates == 0 and lost == 0 and len(called) >= 10_000
    print(f"p99 {p99:.1f} ms (target < {P99_TARGET_MS:.0f}), {ratio:.2f}x the bare endpoint's p99")
    summary = {
        "p99_ms": round(p99, 1),
        "p50_ms": round(p50, 1),
        "duplicates": duplicates,
        "lost": lost,
        "calls": len(called),
        "errors": result["errors"],
        "baseline_p99_ms": round(base_p99, 1),
        "baseline_p50_ms": round(base_p50, 1),
        "ratio": round(ratio, 2),
        "desks": args.desks,
        "workers": args.workers,
        "meets_targets": verdict,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
