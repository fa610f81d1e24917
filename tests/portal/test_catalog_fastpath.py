"""The catalog fast path (portal/fastpath.py) answers exactly as the routes do: same status, headers, bytes."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from portal import deps
from portal.app import create_served_app
from portal.cli import _prepare
from portal.content.demo_people import DEMO_KIOSK_TOKEN
from portal.db import create_engine, session_factory
from portal.security import token_digest
from portal.seed import create_device, revoke_devices
from portal.settings import PortalSettings

PATHS = [
    "/v1/catalog/services",
    "/v1/catalog/life-events",
    "/v1/catalog/themes",
    "/v1/catalog/user-groups",
    "/v1/catalog/services/CRIMINAL-RECORD",
    "/v1/catalog/services/NO-SUCH-SERVICE",
]


def _seen(response: httpx.Response) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    return response.status_code, list(response.headers.raw), response.content


@contextlib.asynccontextmanager
async def demo_portal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """The portal as a worker serves it (fast path in front), on a fresh demo database, and a client for it."""
    monkeypatch.setenv("KIOSK_DEMO_CA_DIR", str(tmp_path / "ca"))
    url = f"sqlite:///{tmp_path / 'portal.db'}"
    await _prepare(url, True, None)
    served = create_served_app(PortalSettings(database_url=url, demo=True))
    app = served.app
    assert isinstance(app, FastAPI)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=served)
        async with httpx.AsyncClient(transport=transport, base_url="http://portal") as client:
            yield app, client


@pytest.mark.parametrize("language", ["pt", "en;q=0.9, pt;q=0.1", None])
async def test_fast_path_answers_byte_for_byte_like_the_routes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str | None
) -> None:
    headers = {"Authorization": f"Bearer {DEMO_KIOSK_TOKEN}"}
    if language:
        headers["Accept-Language"] = language
    async with demo_portal(tmp_path, monkeypatch) as (app, client):
        for path in PATHS:
            app.state.device_cache.clear()  # the first read goes through the routes
            through_routes = await client.get(path, headers=headers)
            fast = await client.get(path, headers=headers)  # the credential is cached now
            assert _seen(fast) == _seen(through_routes), path
            if through_routes.status_code != 200:
                continue
            revalidate = {**headers, "If-None-Match": through_routes.headers["etag"]}
            app.state.device_cache.clear()
            not_modified = await client.get(path, headers=revalidate)
            fast_not_modified = await client.get(path, headers=revalidate)
            assert not_modified.status_code == 304
            assert _seen(fast_not_modified) == _seen(not_modified), path


async def test_a_revoked_or_unknown_credential_never_takes_the_fast_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with demo_portal(tmp_path, monkeypatch) as (_, client):
        for _ in range(2):
            forged = await client.get(
                "/v1/catalog/services", headers={"Authorization": "Bearer dev_not-a-real-token"}
            )
            assert forged.status_code == 401
            assert forged.headers["content-type"] == "application/problem+json"


async def test_a_revoked_credential_leaves_the_fast_path_at_the_next_revalidation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with demo_portal(tmp_path, monkeypatch) as (app, client):
        async with app.state.sessions() as session, session.begin():
            token = await create_device(session, "Kiosk to revoke", "kiosk")
        own = {"Authorization": f"Bearer {token}"}
        demo = {"Authorization": f"Bearer {DEMO_KIOSK_TOKEN}"}
        assert (await client.get("/v1/catalog/themes", headers=own)).status_code == 200
        assert (await client.get("/v1/catalog/themes", headers=demo)).status_code == 200
        cache = app.state.device_cache
        assert cache.get(token_digest(token)) is not None, "the credential is cached"
        async with app.state.sessions() as session, session.begin():
            assert await revoke_devices(session, "Kiosk to revoke") == 1
        await cache.revalidate(app.state.sessions)
        assert cache.get(token_digest(DEMO_KIOSK_TOKEN)) is not None, "valid credentials stay cached"
        refused = await client.get("/v1/catalog/themes", headers=own)
    assert refused.status_code == 401


async def test_a_database_that_cannot_answer_empties_the_credential_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(deps, "DEVICE_CACHE_SECONDS", 0.01)
    cache = deps.DeviceCache()
    cache.put("digest", deps.DeviceIdentity("device-1", "Kiosk", "kiosk"))
    engine = create_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'portal.db'}")
    revalidating = asyncio.create_task(cache.keep_revalidating(session_factory(engine)))
    try:
        for _ in range(100):
            await asyncio.sleep(0.01)
            if cache.get("digest") is None:
                break
    finally:
        revalidating.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await revalidating
        await engine.dispose()
    assert cache.get("digest") is None, "nothing cached is trusted once it cannot be checked"
