"""The counter's services: the clerk's sign-in and unlock, their desk, and the staff side of the portal.

Built on the kiosk's one portal client (kiosk.services.portal.PortalService): the queue and staff clients
compose it, so a counter keeps the same retry rules and the same connection as a kiosk.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.config import Settings
from kiosk.counter.applications import ApplicationFilter, Decision, checked_note
from kiosk.counter.cash import DuePayment
from kiosk.counter.desk import Desk
from kiosk.counter.typed import Cents, TypedWrong

if TYPE_CHECKING:
    from kiosk.card.identity import AuthResult
    from kiosk.client.queue import QueueClient
    from kiosk.client.staff import StaffClient, StaffSession
    from kiosk.client.staff_applications import ApplicationPage
    from kiosk.client.staff_cash import CashSettlement, Drawer, GroupCashSettlement, GroupDue
    from kiosk.client.staff_day import DayStats
    from kiosk.services.paper import PaperService
    from kiosk.services.portal import PortalService
    from printing.service import PrintService

SUPERVISING_ROLES = frozenset({"supervisor", "admin"})


@dataclass
class Clerk:
    """The staff member signed in at this desk. Their token never reaches a log or a screen."""

    username: str
    name: str
    roles: tuple[str, ...]
    staff_id: str
    token: str = field(repr=False)

    @property
    def supervises(self) -> bool:
        """Supervisors (and admins) may revoke documents; clerks may not (the portal refuses them too)."""
        return bool(SUPERVISING_ROLES & set(self.roles))

    def wipe(self) -> None:
        self.token = ""


class SignInRefused(Exception):
    """The portal refused the sign-in; ``key`` says why in plain words (wrong password, or this terminal's
    credential is not a counter's)."""

    def __init__(self, key: str = "counter.login.refused", said: str = "") -> None:
        super().__init__(key)
        self.key = key
        self.said = said
        """The portal's own sentence, when it gave one (a card refused)."""


class CounterService:
    def __init__(self, settings: Settings, portal: PortalService) -> None:
        self.settings = settings
        self.portal = portal
        self.clerk: Clerk | None = None
        self._desk: Desk | None = None
        self._queue: QueueClient | None = None
        self._staff: StaffClient | None = None

    def queue(self, language: str) -> QueueClient:
        client = self.portal.require(language)
        if self._queue is None:
            from kiosk.client.queue import QueueClient

            self._queue = QueueClient(client)
        return self._queue

    def staff(self, language: str) -> StaffClient:
        from kiosk.client.staff import StaffClient

        client = self.portal.require(language)
        if self._staff is None:
            self._staff = StaffClient(client)
        return self._staff

    def desk(self, language: str) -> Desk:
        if self._desk is None:
            counter = self.settings.counter
            self._desk = Desk(self.queue(language), counter.desk, counter.categories, language)
            self._desk.sign_in(self.token)
        self._desk.language = language
        return self._desk

    @property
    def token(self) -> str:
        return self.clerk.token if self.clerk is not None else ""

    async def sign_in(self, username: str, password: str, language: str) -> Clerk:
        """Sign the clerk in at this desk; SignInRefused when the portal says no."""
        from kiosk.client import PortalUnavailable
        from kiosk.client.portal import PortalError

        try:
            session = await self.staff(language).login(username.strip(), password, language)
        except PortalUnavailable:
            raise
        except PortalError as error:
            if error.status == 403:
                raise SignInRefused("counter.login.not_a_counter") from None
            if error.status in (401, 422):
                raise SignInRefused from None
            raise
        return self._signed_in(session)

    async def sign_in_with_card(self, sign: Callable[[bytes], AuthResult], language: str) -> Clerk:
        """Sign the clerk in with their own card: ``sign`` (blocking, run in a thread) has the card sign the
        portal's challenge after its PIN. SignInRefused when the card is linked to no clerk or is refused."""
        from kiosk.client.portal import PortalError

        portal = self.portal.require(language)
        challenge = await portal.citizen_challenge(language)
        auth = await asyncio.to_thread(sign, challenge.challenge)
        try:
            session = await self.staff(language).card_login(
                challenge.challenge_id, auth.signature, auth.algorithm, auth.certificate_chain, language
            )
        except PortalError as error:
            if error.status == 403:
                raise SignInRefused("counter.login.not_a_counter") from None
            if error.status in (401, 422):
                # The portal's own plain words: "This card is not linked to a clerk account", or why the card
                # itself was refused (expired, revoked).
                raise SignInRefused("counter.login.card_refused", str(error)) from None
            raise
        return self._signed_in(session)

    def _signed_in(self, session: StaffSession) -> Clerk:
        clerk = Clerk(
            username=session.username,
            name=session.name,
            roles=tuple(session.roles),
            staff_id=session.staff_id,
            token=session.token,
        )
        self.clerk = clerk
        if self._desk is not None:
            self._desk.sign_in(clerk.token)
        return clerk

    async def unlock_with_card(self, sign: Callable[[bytes], AuthResult], language: str) -> bool:
        """The locked desk opens for the same clerk's own card and PIN; another clerk's card is refused (and
        its new session ended at once), so the desk behind the lock stays the first clerk's."""
        previous = self.clerk
        if previous is None:
            return False
        try:
            clerk = await self.sign_in_with_card(sign, language)
        except SignInRefused:
            self.clerk = previous
            return False
        if clerk.staff_id == previous.staff_id:
            await self._end(previous, language)  # the session from before the lock is not left open
            return True
        self.clerk = previous
        if self._desk is not None:
            self._desk.sign_in(previous.token)
        await self._end(clerk, language)
        return False

    async def unlock(self, password: str, language: str) -> bool:
        """The locked desk opens again only for the same clerk's password, checked by the portal."""
        if self.clerk is None:
            return False
        previous = self.clerk
        try:
            await self.sign_in(previous.username, password, language)
        except SignInRefused:
            return False
        await self._end(previous, language)  # the new session replaces it: the old one is not left open
        return True

    async def sign_out(self, language: str) -> None:
        clerk, self.clerk = self.clerk, None
        if self._desk is not None:
            self._desk.sign_out()
        if clerk is not None:
            await self._end(clerk, language)

    async def _end(self, clerk: Clerk, language: str) -> None:
        if clerk.token:
            from kiosk.client.portal import PortalError

            # Should the portal not answer, the token expires on its own; the desk has forgotten it already.
            with contextlib.suppress(PortalError):
                await self.staff(language).logout(clerk.token)
            clerk.wipe()

    async def revoke(self, document_id: str, reason: str, language: str) -> str:
        """A supervisor revokes a document (its seal then reports revoked online); answers its new status.

        A clerk is refused here before anything is sent, and the portal refuses them too.
        """
        if self.clerk is None or not self.clerk.supervises:
            raise NotAllowed("counter.verify.supervisor_only")
        return await self.staff(language).revoke(self.token, document_id, reason, language)

    async def applications(self, chosen: ApplicationFilter, language: str) -> ApplicationPage:
        """The applications the clerk's filter lists, newest first."""
        status, service = chosen.query()
        return await self.staff(language).pending_applications(
            self.token, status=status, service=service, limit=100, language=language
        )

    async def decide(self, reference: str, decision: Decision, note: str, language: str) -> None:
        """Approve, reject or take an application in hand; the note is checked first (a rejection needs one)."""
        note = checked_note(decision, note)
        await self.staff(language).set_status(self.token, reference, decision, note, language)

    async def day(self, language: str) -> tuple[DayStats, Drawer]:
        """Today's statistics of the branch, and the cash drawer (a supervisor sees every clerk's)."""
        staff = self.staff(language)
        stats = await staff.day_stats(self.token, language=language)
        drawer = await staff.drawer(self.token, language=language)
        return stats, drawer

    def print_day_report(
        self, stats: DayStats, drawer: Drawer | None, printer: PrintService, language: str
    ) -> bool:
        """Blocking: the day's statistics on paper (A4); True once a printer took it, False while it waits in
        the print journal (it is retried there)."""
        from kiosk.counter.day_report import render

        clerk = self.clerk.name if self.clerk is not None else ""
        pdf = render(stats, drawer, desk=self.settings.counter.desk, clerk=clerk, language=language)
        job = printer.submit("documents", f"DAY-{stats.date}-{self.settings.counter.desk}", "day-report", pdf)
        return str(job.state) in ("sent", "printed")

    async def take_cash(self, due: DuePayment, tendered_cents: int, language: str) -> CashSettlement:
        """Settle a fee in cash for the amount handed over (checked against what is due); the portal answers
        the change to give back and fulfils the application."""
        tendered_cents = tendered_cents_checked(tendered_cents, due.due_cents)
        staff = self.staff(language)
        payment = await staff.find_payment(self.token, due.entity, due.reference, language)
        return await staff.settle_cash(self.token, str(payment["id"]), tendered_cents, language)

    async def payment_groups(
        self, reference: str | None, due: tuple[DuePayment, ...], language: str
    ) -> list[GroupDue]:
        """The bundles to settle: the one named by the joint reference typed, or those paying any of the
        citizen's fees still due. Only pending ones: a paid group is not offered again."""
        applications = tuple(item.application_reference for item in due)
        if not reference and not applications:
            return []
        groups = await self.staff(language).payment_groups(
            self.token, reference=reference, applications=applications, language=language
        )
        return [group for group in groups if group.status == "pending"]

    async def take_group_cash(self, group: GroupDue, tendered_cents: int, language: str) -> GroupCashSettlement:
        """Settle every application of a group in cash for the amount handed over (checked: the total)."""
        tendered_cents = tendered_cents_checked(tendered_cents, group.amount_cents)
        return await self.staff(language).settle_group_cash(self.token, group.id, tendered_cents, language)

    def print_group_receipt(self, settled: GroupCashSettlement, printer: PrintService, language: str) -> bool:
        """Blocking: one cash receipt listing every application of the group; True once a printer took it."""
        from printing.documents.cash_receipt import group_cash_receipt_data, render_cash_receipt

        pdf = render_cash_receipt(group_cash_receipt_data(settled, language))
        job = printer.submit("receipt", settled.receipt_number.replace(" ", "-"), "cash-receipt", pdf)
        return str(job.state) in ("sent", "printed")

    def print_cash_receipt(self, settled: CashSettlement, printer: PrintService, language: str) -> bool:
        """Blocking: the cash receipt on the receipt printer; True once a printer took it (else it waits in the
        print journal and is retried there)."""
        from printing.documents.cash_receipt import cash_receipt_data, render_cash_receipt

        pdf = render_cash_receipt(cash_receipt_data(settled, language))
        job = printer.submit("receipt", settled.application_reference, "cash-receipt", pdf)
        return str(job.state) in ("sent", "printed")

    @staticmethod
    def print_settled_documents(
        settled: CashSettlement | GroupCashSettlement, paper: PaperService, language: str
    ) -> int:
        """Blocking: the documents the settlement issued (every application of a group's), on paper for the
        person at the desk (a company on the spot: its certificate with the NIPC and the permanent-certificate
        access code). Returns how many reached the printer; the rest wait in the print journal."""
        from kiosk.client.staff_cash import CashSettlement
        from kiosk.services.models import IssuedDocumentInfo

        applications = (settled.application,) if isinstance(settled, CashSettlement) else settled.applications
        printed = 0
        for application in applications:
            documents = tuple(IssuedDocumentInfo.from_issued(document) for document in application.documents)
            on_paper, _waiting = paper.print_certificates(application.reference, documents, language)
            printed += on_paper
        return printed


class NotAllowed(PermissionError):
    """The clerk signed in lacks the role; ``key`` says so in plain words."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def tendered_cents_checked(tendered_cents: int, due_cents: int) -> int:
    """The amount handed over must cover the fee (the dialog checked it already; this is the last word)."""
    if tendered_cents < due_cents:
        raise TypedWrong("counter.typed.amount_short", due=Cents(due_cents), tendered=Cents(tendered_cents))
    return tendered_cents
