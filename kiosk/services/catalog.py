"""The service catalog as the kiosk offers it: through the client's disk cache, so it works offline."""

from __future__ import annotations

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
