"""The visit's step for a new company certificate code: the PIN if not given yet, the NIPC, the portal, the
code shown once and printed. Run by the navigation in its "personal" worker group, which the wipe cancels; a
counter runs the same step for the citizen at its desk (screens/counter/company_code_flow.py).

Kept out of screens/navigation.py for its size; it is the navigation's own code all the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.services.company_code import CompanyCodeOutcome
    from screens.navigation import CitizenNavigation


async def ask_company_code(navigation: CitizenNavigation, nipc: str) -> CompanyCodeOutcome | None:
    """The step itself; the last outcome the page showed (None: nothing was asked, or the portal failed), so
    a counter can tell the clerk afterwards, without the code, what was done."""
    from kiosk.client import PortalError
    from kiosk.services.company_code import CompanyCodeService
    from screens.citizen.company_code import CompanyCodeScreen

    app = navigation.app
    if not await navigation._ensure_login():
        return None
    session = app.session
    if session is None:
        return None
    core = app.core
    service = CompanyCodeService(core.settings.kiosk.id, core.portal_service, core.paper)
    outcome = None
    while True:
        screen = CompanyCodeScreen(nipc, outcome)
        typed = await app.push_screen_wait(screen)
        if typed is None or screen.finished:
            return outcome
        nipc = typed
        try:
            outcome = await service.request(session, nipc, service.new_key(), app.language)
        except PortalError as error:
            app.notify(str(error), severity="error", timeout=8)
