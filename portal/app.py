"""The application factory of the reference portal."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from portal.catalog_store import CatalogStore
from portal.db import create_engine, session_factory
from portal.deps import DeviceCache
from portal.fastpath import CatalogFastPath
from portal.guard import RequestGuard
from portal.openapi import contract
from portal.problems import install_problem_handlers
from portal.routes import applications, appointments, audit, auth, catalog, documents, open311, payments, system
from portal.routes import companies as company_routes
from portal.routes import payment_groups as payment_group_routes
from portal.routes import queue as queue_routes
from portal.routes import staff as staff_routes
from portal.routes.card_reads import router as card_reads_router
from portal.sealing import Signer
from portal.seed import keep_house
from portal.settings import PortalSettings

API_VERSION = "1.0.0"


def create_app(settings: PortalSettings) -> FastAPI:
    """A stateless worker: everything it shares with other workers lives in the database."""
    engine = create_engine(settings.database_url, echo=settings.sql_echo)
    sessions = session_factory(engine)
    device_cache = DeviceCache()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Everything loaded so far (FastAPI, SQLAlchemy, the routes and models) lives as long as the worker.
        # Frozen, the garbage collector stops walking it: a full collection of that heap stopped the event
        # loop for 100-125 ms several times a minute under load, which was the whole p99 of the benchmark.
        gc.collect()
        gc.freeze()
        revalidating = asyncio.create_task(device_cache.keep_revalidating(sessions))
        # Expired sessions, challenges and kept answers go on a schedule, not only when the server starts.
        keeping_house = asyncio.create_task(keep_house(sessions, settings.housekeeping_seconds))
        yield
        keeping_house.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await keeping_house
        revalidating.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await revalidating
        await engine.dispose()

    app = FastAPI(
        title="Portal API",
        version=API_VERSION,
        summary="The one interface through which kiosks and counters reach the administration.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/v1/openapi.json",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = sessions
    app.state.catalog = CatalogStore(sessions, settings.catalog_cache_seconds)
    app.state.device_cache = device_cache
    app.state.signer = Signer(settings.issuer_id)
    install_problem_handlers(app)
    app.include_router(system.router)
    app.include_router(catalog.router)
    app.include_router(auth.router)
    app.include_router(applications.router)
    app.include_router(applications.public_router)
    app.include_router(payments.router)
    app.include_router(payment_group_routes.router)
    app.include_router(documents.router)
    app.include_router(audit.router)
    app.include_router(company_routes.router)
    app.include_router(card_reads_router)
    app.include_router(open311.router)
    app.include_router(queue_routes.router)
    app.include_router(appointments.router)
    app.include_router(staff_routes.router)
    app.add_middleware(RequestGuard, max_body_bytes=settings.max_body_bytes)
    published: dict[str, Any] = {}

    def openapi() -> dict[str, Any]:
        if not published:
            published.update(contract(app))
        return published

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def create_served_app(settings: PortalSettings) -> CatalogFastPath:
    """What a worker serves: catalog reads by known terminals in front of the whole framework.

    In front of FastAPI rather than inside it, so those reads skip Starlette's error and exception layers
    too (portal/fastpath.py); everything else, lifespan included, goes on to the application.
    """
    app = create_app(settings)
    return CatalogFastPath(app, catalog=app.state.catalog, devices=app.state.device_cache)
