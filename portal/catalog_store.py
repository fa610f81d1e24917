"""Reads the catalog from the database and keeps a short-lived snapshot with its rendered views.

The catalog changes rarely and is read on every kiosk screen, so each worker serves it from memory
and re-reads it after a few seconds; ETags let terminals skip unchanged bodies altogether.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from portal.catalog import ServiceDefinition, Taxon
from portal.models import ServiceRow, TaxonRow

TAXON_KINDS = ("life_event", "theme", "user_group")


@dataclass(frozen=True)
class Rendered:
    body: bytes
    etag: str


@dataclass
class CatalogSnapshot:
    taxa: dict[str, tuple[Taxon, ...]]
    services: dict[str, ServiceDefinition]
    version: str
    views: dict[tuple[str, ...], Rendered] = field(default_factory=dict)

    def render(self, key: tuple[str, ...], build: Callable[[], Any]) -> Rendered:
        """The JSON bytes and ETag of one view, built once per snapshot."""
        cached = self.views.get(key)
        if cached is None:
            body = json.dumps(build(), ensure_ascii=False, separators=(",", ":")).encode()
            digest = hashlib.sha256(self.version.encode() + body).hexdigest()[:32]
            cached = Rendered(body, f'"{digest}"')
            if len(self.views) > 2_000:
                self.views.clear()
            self.views[key] = cached
        return cached


async def load_catalog(session: AsyncSession) -> CatalogSnapshot:
    taxa: dict[str, list[Taxon]] = {kind: [] for kind in TAXON_KINDS}
    fingerprint = hashlib.sha256()
    for row in await session.scalars(select(TaxonRow).order_by(TaxonRow.kind, TaxonRow.position)):
        taxa.setdefault(row.kind, []).append(Taxon.model_validate(row.definition))
        fingerprint.update(json.dumps(row.definition, sort_keys=True).encode())
    services: dict[str, ServiceDefinition] = {}
    for service_row in await session.scalars(select(ServiceRow).order_by(ServiceRow.position)):
        services[service_row.code] = ServiceDefinition.model_validate(service_row.definition)
        fingerprint.update(json.dumps(service_row.definition, sort_keys=True).encode())
    return CatalogSnapshot(
        taxa={kind: tuple(items) for kind, items in taxa.items()},
        services=services,
        version=fingerprint.hexdigest(),
    )


class CatalogStore:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], max_age_seconds: float) -> None:
        self._sessions = sessions
        self._max_age = max_age_seconds
        self._snapshot: CatalogSnapshot | None = None
        self._loaded_at = 0.0
        self._lock = asyncio.Lock()

    async def snapshot(self) -> CatalogSnapshot:
        if self._snapshot is not None and time.monotonic() - self._loaded_at < self._max_age:
            return self._snapshot
        async with self._lock:
            if self._snapshot is None or time.monotonic() - self._loaded_at >= self._max_age:
                async with self._sessions() as session:
                    self._snapshot = await load_catalog(session)
                self._loaded_at = time.monotonic()
        return self._snapshot

    def invalidate(self) -> None:
        self._loaded_at = 0.0
