"""Applications: submit (with the outbox when the portal is away), then paper; the person's own list; reprints.

The portal call runs on the event loop (httpx async); all rendering and printing runs in a thread, so a printer
that hangs never blocks the loop.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from datetime import datetime
from typing import TYPE_CHECKING

from kiosk.services.models import ApplicationInfo, Confirmation, IssuedDocumentInfo, PaymentInfo
from kiosk.services.paper import PaperService
from kiosk.services.portal import PortalService
from kiosk.session import CitizenSession

if TYPE_CHECKING:
    from kiosk.client import ServiceSummary, Submission

log = logging.getLogger(__name__)


def provisional_reference(idempotency_key: str) -> str:
    """A reference the person can quote before the portal has given the real one (same key, same reference)."""
    return "P-" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:10].upper()


class ApplicationService:
    def __init__(self, settings_id: str, portal: PortalService, paper: PaperService) -> None:
        self._kiosk_id = settings_id
        self._portal = portal
        self._paper = paper

    async def submit(
        self,
        session: CitizenSession | None,
        service: ServiceSummary,
        answers: dict[str, object],
        idempotency_key: str,
        language: str,
    ) -> Confirmation:
        """Submit the request, then print its receipt (and certificates). The submission never depends on paper.

        When the portal cannot be reached, a service that is not instant waits in the durable outbox and the
        person leaves with a provisional reference; an instant one raises PortalUnavailable, because its
        document can only come from the portal.
        """
        from kiosk.client import PortalUnavailable
        from kiosk.client.outbox import encode_body

        token = session.portal_token if session is not None else None
        body = encode_body(service.code, answers, session.representing if session is not None else None)
        submission: Submission | None = None
        documents: tuple[IssuedDocumentInfo, ...] = ()
        payment: PaymentInfo | None = None
        status_url: str | None = None
        try:
            submission = await self._portal.require(language).submit_body(
                body, idempotency_key=idempotency_key, language=language, citizen_token=token
            )
        except PortalUnavailable:
            if service.instant:
                log.warning("submission refused: service %s is instant and the portal is down", service.code)
                raise
            outbox = self._portal.outbox
            await asyncio.to_thread(outbox.put, idempotency_key, service.code, body, language, token)
            log.info("submission queued in the outbox: service %s", service.code)
        if submission is None:
            reference, status = provisional_reference(idempotency_key), "queued"
        else:
            log.info("submission accepted: service %s, status %s", service.code, submission.status)
            reference, status = submission.reference, submission.status
            payment = PaymentInfo.from_json(submission.payment)
            documents = tuple(IssuedDocumentInfo.from_issued(document) for document in submission.documents)
            status_url = self.status_url(reference)
        steps = self.next_step_keys(service, status, payment, bool(documents))
        return await asyncio.to_thread(
            self._paper_for,
            Confirmation(reference, service.name, status, False, 0, 0, payment, steps, status_url, documents),
            service,
            language,
        )

    def status_url(self, reference: str) -> str | None:
        """The public status page a citizen's phone opens from the receipt's QR (no login needed).

        It uses [portal] public_url, the address phones reach, which may differ from the internal one the kiosk
        talks to; when that is empty, the kiosk's own portal address (the loopback one of the embedded demo).
        """
        base = self._portal.settings.portal.public_url.rstrip("/") or self._portal.url
        return f"{base}/v1/status/{reference}" if base else None

    @staticmethod
    def next_step_keys(
        service: ServiceSummary, status: str, payment: PaymentInfo | None, documents: bool
    ) -> tuple[str, ...]:
        """What the person does or waits for now, as text ids: the confirmation page writes them in the
        language of the moment (again after a switch), the receipt in the language it is printed in."""
        if status == "queued":
            return ("core.next_steps.queued",)
        if payment is not None and service.code == "COMPANY-ON-THE-SPOT":
            # Paid later by Multibanco: the NIPC and access code are on the certificate, printed at any kiosk.
            return ("core.next_steps.pay", "pg.company_later")
        if payment is not None:
            return ("core.next_steps.pay",)
        if documents:
            return ("core.next_steps.documents",)
        if service.fulfilment == "confirmation":
            return ("core.next_steps.confirmation",)
        return ("core.next_steps.pending",)

    def _paper_for(self, confirmation: Confirmation, service: ServiceSummary, language: str) -> Confirmation:
        """Receipt, then certificates; blocking (run in a thread). The confirmation with what came out."""
        from dataclasses import replace

        from printing.documents.receipt import PaymentReference, ReceiptData

        payment = confirmation.payment
        receipt = ReceiptData(
            service_name=service.name,
            reference=confirmation.reference,
            issued_at=datetime.now().astimezone(),
            location=self._kiosk_id,
            fee=service.fee,
            payment=PaymentReference(payment.entity, payment.reference, payment.amount) if payment else None,
            next_steps=confirmation.next_steps(language),
            status_url=confirmation.status_url,
            language=language,
        )
        printed = self._paper.print_receipt(receipt)
        out, waiting = self._paper.print_certificates(confirmation.reference, confirmation.documents, language)
        return replace(confirmation, receipt_printed=printed, documents_printed=out, documents_waiting=waiting)

    async def my_applications(self, session: CitizenSession) -> list[ApplicationInfo]:
        """The signed-in person's applications, newest first; kept on the session for :meth:`reprint`.

        A person who has not signed in with card and PIN has none to see: an empty list.
        """
        if not session.portal_token:
            return []
        client = self._portal.require(session.language)
        listed = await client.my_applications(session.portal_token, session.language)
        applications = [
            ApplicationInfo(
                reference=item.reference,
                service_code=item.service_code,
                status=item.status,
                created_at=item.created_at,
                payment=PaymentInfo.from_json(item.payment),
                documents=tuple(IssuedDocumentInfo.from_issued(document) for document in item.documents),
                history=item.history,
            )
            for item in listed
        ]
        session.applications = {application.reference: application for application in applications}
        return applications

    def reprint(self, session: CitizenSession, reference: str) -> int:
        """Print again the sealed documents of one of the person's applications; returns how many reached the
        printer. Blocking (run in a thread). Only applications :meth:`my_applications` listed for this session
        can be reprinted, so nobody prints someone else's certificate by typing a reference."""
        application = session.applications.get(reference)
        if not isinstance(application, ApplicationInfo):
            log.warning("reprint refused: not one of the signed-in person's listed applications")
            return 0
        printed, waiting = self._paper.print_certificates(reference, application.documents, session.language)
        log.info("reprint: %s document(s) printed, %s waiting", printed, waiting)
        return printed
