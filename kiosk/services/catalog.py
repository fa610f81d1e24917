"""The service catalog as the kiosk offers it: through the client's disk cache, so it works offline."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from kiosk.services.portal import PortalService

if TYPE_CHECKING:
    from kiosk.client import ServiceDetail, ServiceSummary


class CatalogService:
    def __init__(self, portal: PortalService) -> None:
        self._portal = portal

    async def services(self, language: str) -> list[ServiceSummary]:
        """Every service in the catalog; from the cache while the portal is away (PortalUnavailable without)."""
        return await self._portal.require(language).services(language)

    async def service(self, code: str, language: str) -> ServiceDetail:
        """One service's start page and form."""
        return await self._portal.require(language).service(code, language)

    async def quick_services(self, language: str) -> list[ServiceSummary]:
        """Services a person can request at once with their card: no PIN step and no required question."""
        portal = self._portal.require(language)
        open_services = [s for s in await portal.services(language) if s.assurance == "none"]
        details = await asyncio.gather(*(portal.service(s.code, language) for s in open_services))
        return [detail.summary for detail in details if not detail.has_required_fields]
