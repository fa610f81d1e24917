"""The way to the Portal API: the embedded demo portal or a real one, the one client, the durable outbox."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from kiosk.config import Settings

if TYPE_CHECKING:
    from kiosk.client import PortalClient
    from kiosk.client.outbox import Outbox
    from kiosk.embedded import EmbeddedPortal

log = logging.getLogger(__name__)


class PortalService:
    """Holds the client once the portal is there; its lock guards only the outbox made on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client: PortalClient | None = None
        self.embedded: EmbeddedPortal | None = None
        self.url = ""
        """The portal's base URL once started (also for the status link printed on receipts)."""
        self._outbox: Outbox | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the embedded portal if configured and make the client. Blocking: run in a thread."""
        from kiosk.client import PortalClient
        from kiosk.client.cache import CatalogCache

        portal = self.settings.portal
        if self.settings.embedded_portal:
            from kiosk.embedded import EmbeddedPortal

            self.embedded = EmbeddedPortal(self.settings)
            self.embedded.start()
            token = self.embedded.wait_ready()
            url = self.embedded.url
        else:
            token, url = portal.device_token, portal.url
        self.url = url.rstrip("/")
        self.client = PortalClient(
            url,
            token,
            timeout=portal.timeout_seconds,
            ca_bundle=portal.ca_bundle or None,
            cache=CatalogCache(self.settings.kiosk.data_dir / "catalog-cache"),
        )
        if not self.settings.embedded_portal:
            import httpx

            # Only to tell people at once whether the portal is there; the client retries on its own later.
            try:
                httpx.get(
                    f"{self.url}/v1/health", timeout=portal.timeout_seconds, verify=portal.ca_bundle or True
                )
            except httpx.HTTPError as error:
                log.warning("portal down at start: %s", type(error).__name__)
                raise
        log.info("portal up: %s", "embedded" if self.settings.embedded_portal else self.url)

    def require(self, language: str) -> PortalClient:
        """The client, or PortalUnavailable while the portal is still starting or never came up."""
        if self.client is None:
            from kiosk.client import PortalUnavailable
            from kiosk.client.portal import unavailable_message

            raise PortalUnavailable(unavailable_message(language))
        return self.client

    @property
    def outbox(self) -> Outbox:
        with self._lock:
            if self._outbox is None:
                from kiosk.client.outbox import Outbox

                self._outbox = Outbox(self.settings.kiosk.data_dir / "outbox.sqlite")
            return self._outbox

    async def deliver_outbox(self) -> int:
        """Send what waited while the portal was away; returns how many went through."""
        if self.client is None:
            return 0
        delivered = await self.client.deliver(self.outbox)
        if delivered:
            log.info("outbox: %s submission(s) delivered", delivered)
        return delivered

    def stop(self) -> None:
        if self.embedded is not None:
            self.embedded.stop()
