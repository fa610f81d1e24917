"""A new company certificate code for the citizen at the desk (N on the serve screen).

The kiosk's own step runs (screens/company_code_flow.py): the citizen's PIN if not given yet, the kiosk's page
for the NIPC, the portal (a partner of the company, or whoever registered it for the partners), the code shown
once on that page and printed on this counter's receipt printer. The portal records the clerk and the channel
`counter` with it, as with everything done under the citizen's session here.

The NIPC offered first is the company the citizen acts for at the desk, else the newest one they registered;
the clerk can type another. Back on the serve screen, the clerk is told what was done, never the code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.i18n import text
from screens.operator_log import operator_log

if TYPE_CHECKING:
    from screens.app import KioskApp
    from screens.counter.serve import ServeScreen


async def company_code_for_citizen(app: KioskApp, offered: str, serve: ServeScreen) -> None:
    from kiosk.client import PortalError
    from kiosk.services.company_code import registered_nipcs, typed_nipc
    from screens.company_code_flow import ask_company_code

    if app.session is None or not await app.navigation._ensure_login():
        return
    nipc = typed_nipc(offered) or ""
    if not nipc and app.session is not None:
        try:
            nipcs = registered_nipcs(await app.core.my_applications(app.session))
        except PortalError:
            nipcs = []  # only an offer: the clerk types the NIPC, and the page says if the portal is away
        nipc = nipcs[0] if nipcs else ""
    outcome = await ask_company_code(app.navigation, nipc)
    if outcome is None or outcome.refused:
        return  # the page said why; nothing was given
    operator_log(__name__).info("new company code given at desk %s", app.settings.counter.desk)
    key = "counter.company_code.printed" if outcome.printed else "counter.company_code.not_printed"
    serve.show_said(text(app.language, key, nipc=outcome.nipc))
