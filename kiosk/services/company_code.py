"""A new permanent-certificate access code for a company: asked for by a partner or the person who registered
it, signed in with the card (kiosk, or a counter on the citizen's behalf), shown once and printed at once.

The code is never kept on the kiosk: it is in the outcome handed to the screen and on the paper, nowhere else
(not in the log, not on the session). The portal call runs on the event loop, the printing in a thread.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from kiosk.services.models import ApplicationInfo
from kiosk.services.paper import PaperService
from kiosk.services.portal import PortalService
from kiosk.session import CitizenSession

log = logging.getLogger(__name__)
COMPANY_ON_THE_SPOT = "COMPANY-ON-THE-SPOT"
NIPC = re.compile(r"^\d{9}$")


def typed_nipc(value: str) -> str | None:
    """A NIPC as typed (``509 999 999``, ``509999999``): its nine digits, or None."""
    digits = "".join(value.split())
    return digits if NIPC.match(digits) else None


def registered_nipcs(applications: Iterable[ApplicationInfo]) -> list[str]:
    """The NIPCs of the companies the person registered on the spot (from their sealed documents), newest
    first: the one to offer first on the screen."""
    from kiosk.seal import read_seal_unverified

    found: list[str] = []
    for application in applications:
        if application.service_code != COMPANY_ON_THE_SPOT:
            continue
        for document in application.documents:
            if not document.seal:
                continue
            nipc = read_seal_unverified(document.seal).fields.get("NIPC")
            if nipc and nipc not in found:
                found.append(nipc)
    return found


@dataclass(frozen=True)
class CompanyCodeOutcome:
    nipc: str
    refused: bool = False
    """The portal would not give this person a code for this NIPC (it never says whether the NIPC exists)."""
    company_name: str = ""
    label: str = ""
    code: str = field(default="", repr=False)
    printed: bool = False


class CompanyCodeService:
    def __init__(self, place: str, portal: PortalService, paper: PaperService) -> None:
        self._place = place
        self._portal = portal
        self._paper = paper

    @staticmethod
    def new_key() -> str:
        """One Idempotency-Key per press of "Ask": the client's own retries of it give the same code."""
        return "company-code-" + os.urandom(12).hex()

    async def request(
        self, session: CitizenSession, nipc: str, idempotency_key: str, language: str
    ) -> CompanyCodeOutcome:
        """Ask the portal for a new code and print it; PortalUnavailable (or another PortalError) as they come,
        but the refusal (403) is an outcome the screen words itself."""
        from kiosk.client import PortalError
        from kiosk.client.companies import new_certificate_code

        if not session.portal_token:
            return CompanyCodeOutcome(nipc, refused=True)
        client = self._portal.require(language)
        try:
            made = await new_certificate_code(
                client,
                nipc,
                citizen_token=session.portal_token,
                idempotency_key=idempotency_key,
                language=language,
            )
        except PortalError as error:
            if error.status != 403:
                raise
            log.info("new company code refused")
            return CompanyCodeOutcome(nipc, refused=True)
        log.info("new company code issued")
        printed = await asyncio.to_thread(
            self._print, made.nipc, made.company_name, made.label, made.code, language
        )
        return CompanyCodeOutcome(made.nipc, False, made.company_name, made.label, made.code, printed)

    def _print(self, nipc: str, company: str, label: str, code: str, language: str) -> bool:
        """The code on the receipt printer, its only copy besides the screen (blocking)."""
        from kiosk.i18n import text
        from printing.documents.receipt import ReceiptData

        receipt = ReceiptData(
            service_name=text(language, "company_code.paper_title"),
            reference=nipc,
            issued_at=datetime.now().astimezone(),
            location=self._place,
            fee=None,
            payment=None,
            next_steps=text(language, "company_code.paper_steps", label=label, code=code, company=company),
            status_url=None,
            language=language,
        )
        return self._paper.print_receipt(receipt)
