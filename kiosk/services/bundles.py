"""Sending a life-event bundle: one application per service, each with its own idempotency key; one receipt.

The rules are those of a single application (kiosk/services/applications.py): with the portal away a service
that is not instant waits in the durable outbox under a provisional reference, an instant one is refused. A
service the portal refuses does not stop the others: what was accepted stays accepted, and the outcome says
plainly which went through and which did not. Sending the same bundle again (after a failure) sends the same
keys, so nothing is applied twice. The receipt lists every reference and the one amount to pay.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from kiosk.money import format_money
from kiosk.services.applications import provisional_reference
from kiosk.services.models import IssuedDocumentInfo, PaymentInfo
from kiosk.services.paper import PaperService
from kiosk.services.portal import PortalService
from kiosk.session import CitizenSession

if TYPE_CHECKING:
    from kiosk.journey.bundle import Bundle, BundledApplication

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BundlePart:
    """What became of one service of the bundle."""

    code: str
    name: str
    reference: str | None
    """The portal's reference (or a provisional one while queued); None when not accepted."""
    status: str
    """The portal's status, 'queued' (in the outbox), 'refused' or 'needs-portal' (instant, portal away)."""
    payment: PaymentInfo | None = None
    problem: str = ""
    """Why it was refused, in the person's language (the portal's words)."""
    documents: tuple[IssuedDocumentInfo, ...] = field(default=(), repr=False)

    @property
    def accepted(self) -> bool:
        return self.reference is not None


@dataclass(frozen=True)
class BundleOutcome:
    event_name: str
    parts: tuple[BundlePart, ...]
    total: Decimal | None
    """What there is to pay for the accepted services, once."""
    pay_at_counter: bool
    joint_payment: PaymentInfo | None = None
    """One Multibanco reference for every fee of the bundle (a portal payment group); None when there is at
    most one fee, or the portal could not make one (then each fee is paid by its own reference)."""
    receipt_printed: bool = False
    documents_printed: int = 0

    @property
    def accepted(self) -> tuple[BundlePart, ...]:
        return tuple(part for part in self.parts if part.accepted)

    @property
    def failed(self) -> tuple[BundlePart, ...]:
        return tuple(part for part in self.parts if not part.accepted)


class BundleService:
    def __init__(self, kiosk_id: str, portal: PortalService, paper: PaperService) -> None:
        self._kiosk_id = kiosk_id
        self._portal = portal
        self._paper = paper

    async def submit(
        self,
        session: CitizenSession | None,
        bundle: Bundle,
        session_id: str,
        language: str,
        *,
        pay_at_counter: bool = False,
        paper: bool = True,
    ) -> BundleOutcome:
        """Send every service of the bundle, then print one receipt (``paper=False``: none, for benchmarks)."""
        token = session.portal_token if session is not None else None
        parts = [await self._send(item, session_id, language, token) for item in bundle.applications()]
        total = sum((part.payment.amount for part in parts if part.payment), Decimal(0)) or None
        # At the counter the clerk's cash screen takes each fee by its own reference: no joint one there.
        joint = None if pay_at_counter else await self._joint_payment(parts, session_id, language, token)
        outcome = BundleOutcome(bundle.event.name, tuple(parts), total, pay_at_counter, joint)
        log.info(
            "bundle %s: %s accepted, %s not", bundle.event.code, len(outcome.accepted), len(outcome.failed)
        )
        if not paper or not outcome.accepted:
            return outcome
        return await asyncio.to_thread(self._paper_for, outcome, language)

    async def _send(
        self, item: BundledApplication, session_id: str, language: str, token: str | None
    ) -> BundlePart:
        from kiosk.client import PortalError, PortalUnavailable
        from kiosk.client.outbox import encode_body

        service = item.service.summary
        if item.problems:
            words = "; ".join(problem.message(language) for problem in item.problems)
            return BundlePart(service.code, service.name, None, "refused", problem=words)
        key = item.idempotency_key(session_id)
        body = encode_body(service.code, item.answers)
        try:
            client = self._portal.require(language)
            submission = await client.submit_body(
                body, idempotency_key=key, language=language, citizen_token=token
            )
        except PortalUnavailable:
            if service.instant:
                return BundlePart(service.code, service.name, None, "needs-portal")
            await asyncio.to_thread(self._portal.outbox.put, key, service.code, body, language, token)
            log.info("bundle part queued in the outbox: service %s", service.code)
            return BundlePart(service.code, service.name, provisional_reference(key), "queued")
        except PortalError as error:
            log.info("bundle part refused: service %s, status %s", service.code, error.status)
            return BundlePart(service.code, service.name, None, "refused", problem=str(error))
        return BundlePart(
            service.code,
            service.name,
            submission.reference,
            submission.status,
            PaymentInfo.from_json(submission.payment),
            documents=tuple(IssuedDocumentInfo.from_issued(document) for document in submission.documents),
        )

    async def _joint_payment(
        self, parts: list[BundlePart], session_id: str, language: str, token: str | None
    ) -> PaymentInfo | None:
        """One reference for the pending fees when there are two or more (POST /v1/payment-groups)."""
        from kiosk.client import PortalError

        references = [
            part.reference
            for part in parts
            if part.reference and part.payment is not None and part.payment.status == "pending"
        ]
        if len(references) < 2:
            return None
        keyed = "\n".join([session_id, "payment-group", *references])
        digest = hashlib.sha256(keyed.encode()).hexdigest()
        try:
            client = self._portal.require(language)
            group = await client.create_payment_group(
                references, idempotency_key=f"kiosk-{digest[:48]}", language=language, citizen_token=token
            )
        except PortalError as error:  # the portal away included: each fee keeps its own reference
            log.info("no joint payment reference, status %s", error.status)
            return None
        return PaymentInfo.from_json(group)

    def _paper_for(self, outcome: BundleOutcome, language: str) -> BundleOutcome:
        """One receipt listing every reference, then the certificates of instant services. Blocking."""
        from dataclasses import replace

        from printing.documents.receipt import PaymentReference, ReceiptData

        accepted = outcome.accepted
        joint = outcome.joint_payment  # printed large in the payment box, like a single service's reference
        receipt = ReceiptData(
            service_name=outcome.event_name,
            reference=accepted[0].reference or "",
            issued_at=datetime.now().astimezone(),
            location=self._kiosk_id,
            fee=outcome.total,
            payment=None if joint is None else PaymentReference(joint.entity, joint.reference, joint.amount),
            next_steps=receipt_lines(outcome, language),
            status_url=None,
            language=language,
        )
        printed = self._paper.print_receipt(receipt)
        documents = 0
        for part in accepted:
            if part.documents and part.reference:
                out, _waiting = self._paper.print_certificates(part.reference, part.documents, language)
                documents += out
        return replace(outcome, receipt_printed=printed, documents_printed=documents)


def receipt_lines(outcome: BundleOutcome, language: str) -> str:
    """Every reference of the bundle with what comes next, and how to pay the total once."""
    from kiosk.i18n import text

    lines = [f"{part.name}: {part.reference}" for part in outcome.accepted]
    payments = [part.payment for part in outcome.accepted if part.payment is not None]
    joint = outcome.joint_payment
    if outcome.total and outcome.pay_at_counter:
        lines.append(text(language, "j2.bundle.pay_counter", amount=format_money(outcome.total, language)))
    elif joint is not None:
        lines.append(
            text(
                language,
                "pg.one_reference",
                entity=joint.entity,
                reference=joint.reference,
                amount=joint.amount_in(language),
            )
        )
        lines.append(
            text(
                language,
                "pg.covers",
                references=", ".join(
                    part.reference or "" for part in outcome.accepted if part.payment is not None
                ),
            )
        )
    elif outcome.total:
        lines.append(text(language, "j2.bundle.pay_total", amount=format_money(outcome.total, language)))
        lines += [
            text(
                language,
                "j2.bundle.pay_line",
                entity=payment.entity,
                reference=payment.reference,
                amount=payment.amount_in(language),
            )
            for payment in payments
        ]
    if outcome.failed:
        lines.append(
            text(language, "j2.bundle.not_sent", names=", ".join(part.name for part in outcome.failed))
        )
    return "\n".join(lines)
