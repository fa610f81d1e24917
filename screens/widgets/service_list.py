"""A list of services as large buttons; choosing one posts OpenService(code) for the navigation."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from textual.containers import VerticalScroll

from kiosk.client.models import ServiceSummary
from kiosk.i18n import text
from kiosk.money import format_money
from screens.messages import OpenService
from screens.widgets.buttons import KioskButton


def service_label(service: ServiceSummary, language: str) -> str:
    """What a service's button says: its name, its cost, and whether it needs the card and PIN.

    The cost and the card are words, not colours, so they read the same in every theme; the cost is written
    from the amount in the language (the portal's display text is Portuguese only).
    """
    fee = (
        text(language, "browse.fee", amount=format_money(service.fee, language))
        if service.fee
        else text(language, "browse.free")
    )
    parts = [service.name, fee]
    if service.assurance == "card":
        parts.append(text(language, "browse.card_marker"))
    return " · ".join(parts)


class ServiceButton(KioskButton):
    """One service, as a large button that carries the service it stands for."""

    def __init__(self, service: ServiceSummary, language: str) -> None:
        super().__init__(service_label(service, language), id=f"service-{service.code}")
        self.service = service


class ServiceList(VerticalScroll):
    """The services of a topic or of a search, one button each, in a column that scrolls when it grows."""

    services: tuple[ServiceSummary, ...] = ()
    """What is listed now, in order."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        # Search shows a new list at every key: one replacement at a time, so two lists never mix (and two
        # buttons never share an id); the lock is fair, so the last list asked for is the one that stays.
        self._replacing = asyncio.Lock()

    async def show(self, services: Sequence[ServiceSummary], language: str) -> None:
        """List these services (replacing what was listed), labelled in the language."""
        async with self._replacing:
            self.services = tuple(services)
            await self.remove_children()
            await self.mount_all(ServiceButton(service, language) for service in self.services)
            self.scroll_home(animate=False)

    def focus_first(self) -> None:
        """Put the focus on the first service, if there is one."""
        if buttons := self.query(ServiceButton):
            buttons.first().focus()

    @property
    def codes(self) -> list[str]:
        return [service.code for service in self.services]

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        if isinstance(event.button, ServiceButton):
            event.stop()
            self.post_message(OpenService(event.button.service.code))
