"""Fixtures that run the real portal under uvicorn on loopback, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.helpers import require

POSTGRES_ADMIN_URL = os.environ.get("PORTAL_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
REPO = Path(__file__).resolve().parents[2]
# The card emulator and the demo portal must share one demo CA: both read this variable.
os.environ.setdefault("KIOSK_DEMO_CA_DIR", tempfile.mkdtemp(prefix="portal-test-demo-ca-"))


@dataclass(frozen=True)
class RunningPortal:
    url: str
    database_url: str
    kiosk_token: str
    counter_token: str
    process: subprocess.Popen[bytes]
    log: Path

    def client(self, token: str | None = None, language: str = "en") -> httpx.Client:
        headers = {"Accept-Language": language}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return httpx.Client(base_url=self.url, headers=headers, timeout=10.0)

    def kiosk(self, language: str = "en") -> httpx.Client:
        return self.client(self.kiosk_token, language)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def portal_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "portal.cli", *args]


def launch(
    database_url: str, log: Path, *options: str, port: int | None = None
) -> tuple[str, subprocess.Popen[bytes]]:
    """`kiosk portal serve` on loopback with ``options``, its output appended to ``log``; its address and
    process once it answers its health check."""
    port = port or free_port()
    command = portal_command("serve", "--db", database_url, "--port", str(port), *options)
    with log.open("ab") as sink:
        process = subprocess.Popen(command, cwd=REPO, stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"portal exited: {log.read_text(errors='replace')[-2000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/v1/health", timeout=1).status_code == 200:
                return url, process
        time.sleep(0.1)
    process.kill()
    raise AssertionError("portal did not become healthy in 60 s")


def start_portal(database_url: str, folder: Path, *extra: str, port: int | None = None) -> RunningPortal:
    """A demo portal (seeded, demo credentials) on ``database_url``."""
    port = port or free_port()
    token_file = folder / f"demo-token-{port}"
    log = folder / f"portal-{port}-{secrets.token_hex(3)}.log"
    options = ("--demo", "--demo-token-file", str(token_file), *extra)
    url, process = launch(database_url, log, *options, port=port)
    # serve writes the token while it seeds, before uvicorn listens: once healthy, it is there.
    assert token_file.exists(), "the demo portal is up but wrote no token"
    from portal.content.demo_people import DEMO_COUNTER_TOKEN

    return RunningPortal(url, database_url, token_file.read_text().strip(), DEMO_COUNTER_TOKEN, process, log)


@contextlib.contextmanager
def real_portal(database_url: str, log: Path, *options: str) -> Iterator[str]:
    """A portal served without --demo, as an operator serves one (``options`` carry its --digest-key-file and
    trusted CAs); its address while it runs."""
    url, process = launch(database_url, log, *options)
    try:
        yield url
    finally:
        stop_process(process)


def stop_process(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def stop_portal(portal: RunningPortal) -> None:
    stop_process(portal.process)


async def _postgres_admin(statement: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=3)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def postgres_available() -> bool:
    try:
        asyncio.run(_postgres_admin("SELECT 1"))
    except Exception:
        return False
    return True


@contextlib.contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """A new, empty database for one test run, dropped afterwards."""
    require(postgres_available(), f"PostgreSQL at {POSTGRES_ADMIN_URL}")
    name = f"portal_test_{secrets.token_hex(6)}"
    asyncio.run(_postgres_admin(f'CREATE DATABASE "{name}"'))
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        asyncio.run(_postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextlib.contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'portal.db'}"
    else:
        with fresh_postgres_database() as url:
            yield url


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(scope="session", params=BACKENDS)
def portal(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPortal]:
    """One demo portal per database backend, shared by the tests of the session."""
    folder = tmp_path_factory.mktemp(f"portal-{request.param}")
    with database(request.param, folder) as url:
        # The whole session signs in from the two demo terminals; the limit has its own test.
        running = start_portal(url, folder, "--login-rate-per-minute", "100000")
        try:
            yield running
        finally:
            stop_portal(running)


def idempotency_key() -> str:
    return f"test-{secrets.token_hex(12)}"
