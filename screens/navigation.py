"""The one place that knows the order of a citizen's visit.

Screens post messages (screens/messages.py) or dismiss with a typed result; this object answers them by
opening the next screen. A service's journey runs in one worker that waits on each page in turn
(``push_screen_wait``), driven by the headless :class:`kiosk.journey.journey.Journey`: the pages only render the
journey's state and hand the person's input back to it. Everything here runs in the app's "journey", "card",
"personal" and "leaving" worker groups, which the wipe cancels at once.

Screens are imported where they are first needed, to keep them off the path to the first paint.
"""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from kiosk.i18n import text
from screens.operator_log import operator_log

if TYPE_CHECKING:
    from collections.abc import Coroutine

    from kiosk.client import ServiceDetail
    from kiosk.client.models import Taxon
    from kiosk.journey.address_change import CardAddressJourney
    from kiosk.journey.bundle import Bundle
    from kiosk.journey.journey import Journey
    from kiosk.session import CitizenSession
    from screens.app import KioskApp


LEAVING_SECONDS = 8
"""How long 'take your card and your papers' stays when there is no card to wait for."""


@runtime_checkable
class TakesCard(Protocol):
    """A screen that asked for the card (the ticket screen's check-in by card): a card inserted while it waits
    is read for it, in place, instead of the visit going to the card reading and home."""

    waiting_for_card: bool

    def card_read(self, problem: str | None) -> None: ...


class CitizenNavigation:
    def __init__(self, app: KioskApp) -> None:
        self.app = app
        self.journey: Journey | None = None
        """The service being filled in, kept so a language switch can relabel it without losing answers."""
        # secrets.token_hex(8) is os.urandom(8).hex(); the secrets module would bring hashlib onto the start.
        self.visit_id = os.urandom(8).hex()
        """Stands for a person without a card in idempotency keys; new for every visit."""
        self.bundle: Bundle | None = None
        """The life-event bundle being filled in (its merged journey is ``journey``)."""
        self.base_depth = 1
        """Screens a journey never closes: the attract screen (at a counter: sign-in, desk and serve)."""

    def _run(self, work: Coroutine[Any, Any, object], group: str, name: str) -> None:
        self.app.run_worker(work, group=group, name=name, exclusive=True, exit_on_error=False)

    def t(self, key: str, **values: object) -> str:
        return text(self.app.language, key, **values)

    # --- the card --------------------------------------------------------------------------------------------

    def card_arrived(self, reader: str) -> None:
        screen = self.app.screen
        if isinstance(screen, TakesCard) and screen.waiting_for_card:
            self._run(self._card_for(screen, reader), "card", "read card")
            return
        self._run(self._read_card(reader), "card", "read card")

    async def _card_for(self, screen: TakesCard, reader: str) -> None:
        screen.card_read(await self.read_session(reader))

    async def _read_card(self, reader: str) -> None:
        from kiosk.card.errors import CardError
        from screens.citizen.card_reading import CardReadingScreen

        app = self.app
        self._back_to_base()
        screen = CardReadingScreen()
        done = app.push_screen(screen, wait_for_dismiss=True)
        problem = await self.read_session(reader)
        session = app.session
        if problem is not None or session is None:
            screen.show_problem(problem or "")
            return
        screen.show_holder(session.holder_name)
        try:
            photo = await asyncio.to_thread(app.core.read_photo, session)
        except CardError as error:
            operator_log(__name__).info("photo not read: %s", type(error).__name__)
            photo = None
        screen.show_photo(photo)
        await done
        await self._show_home()

    async def read_session(self, reader: str) -> str | None:
        """Read the card (in a thread) and make it the app's session; what went wrong, in plain words, if it
        could not be read. The kiosk and the counter read a citizen's card this one way."""
        from kiosk.card.errors import CardError

        app = self.app
        try:
            session = await asyncio.to_thread(app.core.read_card, reader)
        except CardError as error:
            operator_log(__name__).info("card not read: %s", type(error).__name__)
            return error.user_message(app.language)
        session.language = app.language
        app.session = session
        return None

    # --- finding a service -----------------------------------------------------------------------------------

    def browse(self) -> None:
        self._run(self._show_home(), "journey", "browse")

    async def _show_home(self) -> None:
        from screens.citizen.home import HomeScreen

        self.forget()
        self._back_to_base()
        await self.app.push_screen(HomeScreen())

    def take_ticket(self) -> None:
        from screens.citizen.queue_ticket import QueueTicketScreen

        self.app.push_screen(QueueTicketScreen())

    def verify(self) -> None:
        from screens.citizen.verify import VerifyScreen

        self.app.push_screen(VerifyScreen())

    # --- a service, from its start page to the confirmation ---------------------------------------------------

    def open_service(self, code: str) -> None:
        self._run(self._service(code), "journey", f"service {code}")

    async def _service(self, code: str) -> None:
        from kiosk.journey.journey import Step
        from screens.citizen.check_answers import CheckAnswersScreen
        from screens.citizen.question import QuestionScreen
        from screens.citizen.service_start import ServiceStartScreen

        app = self.app
        service = await app.core.service(code, app.language)
        if not await app.push_screen_wait(ServiceStartScreen(service)):
            return
        if service.summary.assurance == "card" and not await self._ensure_login():
            return
        session = app.session
        journey = await self._journey_for(service, session)
        if journey is None:
            return
        self.journey = journey
        journey.begin()
        while journey.step is not Step.DONE:
            if journey.step is Step.START:
                if not await app.push_screen_wait(ServiceStartScreen(journey.service)):
                    return self.forget()
                journey.begin()
                continue
            page = QuestionScreen(journey) if journey.step is Step.QUESTION else CheckAnswersScreen(journey)
            outcome = await app.push_screen_wait(page)
            if outcome == "leave":
                return self.forget()
            if outcome == "submit":
                await self._submit(journey)
                return

    async def _journey_for(self, service: ServiceDetail, session: CitizenSession | None) -> Journey | None:
        """The journey of this service; a change of address first reads the card's address (None: left)."""
        from kiosk.journey.address_change import ADDRESS_CHANGE, AddressChangeJourney
        from kiosk.journey.company import COMPANY_ON_THE_SPOT
        from kiosk.journey.journey import Journey

        values = self._card_values(session)
        if service.summary.code == COMPANY_ON_THE_SPOT:
            return await self._company_journey(service, session, values)
        if service.summary.code != ADDRESS_CHANGE:
            return Journey(service, card_values=values, language=self.app.language)
        language = self.app.language
        journey = AddressChangeJourney(service, current_address=None, card_values=values, language=language)
        return journey if await self._read_card_address(journey) else None

    async def _read_card_address(self, journey: CardAddressJourney) -> bool:
        """The card's address, read with the address PIN, given to the journey and shown; False when the person
        left. The change of address asks it, alone or in a bundle, this one way."""
        from screens.citizen.address_change import CurrentAddressScreen

        read, current = await self._address_on_card()
        if not read:
            self.app.notify(self.t("j2.address.pin_needed"), timeout=8)
            return False
        journey.know_address(current)
        confirmed: bool = await self.app.push_screen_wait(CurrentAddressScreen(journey.current_line))
        return confirmed

    async def _company_journey(
        self, service: ServiceDetail, session: CitizenSession | None, values: dict[str, object]
    ) -> Journey:
        """Company on the spot: only the firm names still free are offered; the card's NIF applies."""
        from kiosk.journey.company import CompanyJourney, with_free_names

        client = self.app.core.portal
        if client is not None:
            service = with_free_names(service, await client.firm_names(self.app.language))
        identity = session.identity if session is not None else None
        nif = getattr(identity, "tax_id", None)
        return CompanyJourney(service, applicant_nif=nif, card_values=values, language=self.app.language)

    async def _address_on_card(self) -> tuple[bool, dict[str, str] | None]:
        """The card's address, with the address PIN asked now (never tried on the person's behalf).

        (False, None) when the person cancels or the PIN is blocked; (True, None) when the card's address is
        one the form cannot hold (the new address is asked all the same).
        """
        from kiosk.card.errors import PinBlocked, WrongPin
        from screens.dialogs.pin import PinDialog

        app = self.app
        session = app.session
        if session is None:
            return False, None
        addresses = app.core.addresses
        while True:
            tries = await asyncio.to_thread(addresses.pin_tries, session)
            pinpad = await asyncio.to_thread(app.core.has_pinpad, session)
            pin = await app.push_screen_wait(PinDialog(tries, pinpad))
            if pin is None:
                return False, None
            try:
                return True, await asyncio.to_thread(addresses.read_current, session, None if pinpad else pin)
            except (WrongPin, PinBlocked) as error:
                operator_log(__name__).info("address PIN refused: %s", type(error).__name__)
                app.notify(error.user_message(app.language), severity="error", timeout=8)
            finally:
                pin[:] = bytes(len(pin))

    # --- the code from the change-of-address letter ----------------------------------------------------------

    def confirm_address_code(self) -> None:
        self._run(self._confirm_address_code(), "personal", "confirmation code")

    async def _confirm_address_code(self) -> None:
        from kiosk.client import PortalUnavailable
        from screens.citizen.confirm_code import ConfirmCodeScreen

        app = self.app
        if not await self._ensure_login():
            return
        session = app.session
        if session is None:
            return
        try:
            waiting = await app.core.addresses.waiting_for_code(session)
            if not waiting:
                app.notify(self.t("j2.code.none_waiting"), timeout=8)
                return
            reference = waiting[0].reference
            outcome = None
            while True:
                screen = ConfirmCodeScreen(reference, outcome)
                code = await app.push_screen_wait(screen)
                if code is None or screen.finished:
                    return
                outcome = await app.core.addresses.confirm(session, reference, code)
        except PortalUnavailable as error:
            app.notify(str(error), severity="error", timeout=8)

    def _card_values(self, session: CitizenSession | None) -> dict[str, object]:
        from kiosk.journey.journey import card_values

        if session is None or session.identity is None:
            return {}
        # The address is not read: on Portuguese cards it needs a second PIN, and no service asks it yet.
        return card_values(session.identity)

    async def _submit(self, journey: Journey) -> None:
        from kiosk.client import PortalError, PortalUnavailable
        from screens.citizen.confirmation import ConfirmationScreen

        app = self.app
        session = app.session
        service = journey.service.summary
        screen = ConfirmationScreen(service.name)
        await app.push_screen(screen)
        session_id = session.session_id if session else self.visit_id
        try:
            confirmation = await app.core.submit(
                session,
                service,
                journey.submission_answers(),
                journey.idempotency_key(session_id),
                app.language,
            )
        except PortalUnavailable:
            screen.show_failure(self.t("confirmation.needs_connection"))
            return
        except PortalError as error:
            screen.show_failure(f"{self.t('confirmation.failed')}\n{error}")
            return
        journey.finish()
        self.forget()
        screen.show_confirmation(confirmation)

    def relabel(self) -> None:
        """The language changed: the open journey's texts follow; its answers stay."""
        if self.journey is not None:
            self._run(self._relabel(self.journey), "personal", "relabel")

    async def _relabel(self, journey: Journey) -> None:
        if self.bundle is not None and self.bundle.journey is journey:
            await self._relabel_bundle(self.bundle)
        else:
            code = journey.service.summary.code
            service: ServiceDetail = await self.app.core.service(code, self.app.language)
            journey.relabel(service)
        journey.language = self.app.language
        from screens.base import Translated

        if isinstance(self.app.screen, Translated):
            self.app.screen.translate()

    def forget(self) -> None:
        self.journey = None
        self.bundle = None

    def reset(self) -> None:
        """The wipe: nothing of this visit is kept for the next person."""
        self.journey = None
        self.bundle = None
        self.visit_id = os.urandom(8).hex()

    # --- a life event's bundle: several services in one journey -----------------------------------------------

    def start_bundle(self, event_code: str) -> None:
        self._run(self._bundle(event_code), "journey", f"bundle {event_code}")

    async def _bundle(self, event_code: str) -> None:
        from kiosk.journey.bundle import Bundle
        from kiosk.journey.journey import Step
        from screens.citizen.bundle_done import BundleDoneScreen
        from screens.citizen.bundle_start import COUNTER, BundleStartScreen
        from screens.citizen.check_answers import CheckAnswersScreen
        from screens.citizen.question import QuestionScreen

        app = self.app
        event, services = await self._bundle_parts(event_code, app.language)
        identity = app.session.identity if app.session is not None else None
        profile = getattr(identity, "profile", None)  # a foreign card leaves the change of address out
        values = self._card_values(app.session)
        bundle = Bundle(event, services, card_values=values, card_profile=profile, language=app.language)
        payment = await app.push_screen_wait(BundleStartScreen(bundle))
        if payment is None:
            return
        if bundle.journey.service.summary.assurance == "card" and not await self._ensure_login():
            return
        if bundle.holds_address_change and not await self._read_card_address(bundle.journey):
            return  # once, before the questions, as when the change of address is started alone
        self.bundle, self.journey = bundle, bundle.journey
        journey = bundle.journey
        journey.begin()
        while journey.step is not Step.DONE:
            if journey.step is Step.START:
                payment = await app.push_screen_wait(BundleStartScreen(bundle))
                if payment is None:
                    return self.forget()
                journey.begin()
                continue
            page = QuestionScreen(journey) if journey.step is Step.QUESTION else CheckAnswersScreen(journey)
            outcome = await app.push_screen_wait(page)
            if outcome == "leave":
                return self.forget()
            if outcome == "submit":
                session = app.session
                session_id = session.session_id if session else self.visit_id
                result = await app.core.bundles.submit(
                    session, bundle, session_id, app.language, pay_at_counter=payment == COUNTER
                )
                journey.finish()
                self.forget()
                await app.push_screen_wait(BundleDoneScreen(result))
                return self.finish()

    async def _bundle_parts(self, event_code: str, language: str) -> tuple[Taxon, list[ServiceDetail]]:
        """The life event (its bundle named by the portal) and its services, in the language."""
        from kiosk.client import PortalUnavailable
        from kiosk.client.portal import unavailable_message

        client = self.app.core.portal
        if client is None:
            raise PortalUnavailable(unavailable_message(language))
        event = next(item for item in await client.life_events(language) if item.code == event_code)
        return event, [await self.app.core.service(code, language) for code in event.bundle]

    async def _relabel_bundle(self, bundle: Bundle) -> None:
        event, services = await self._bundle_parts(bundle.event.code, self.app.language)
        bundle.relabel(services, event)

    # --- proving who you are ---------------------------------------------------------------------------------

    async def _ensure_login(self) -> bool:
        """The PIN, asked now because something personal comes next. Never tried on the person's behalf."""
        from kiosk.card.errors import PinBlocked, WrongPin
        from screens.dialogs.pin import PinDialog

        app = self.app
        session = app.session
        if session is None:
            app.notify(self.t("navigation.insert_card"), timeout=8)
            return False
        while session.portal_token is None:
            tries = await asyncio.to_thread(app.core.pin_tries, session)
            pinpad = await asyncio.to_thread(app.core.has_pinpad, session)
            pin = await app.push_screen_wait(PinDialog(tries, pinpad))
            if pin is None:
                return False
            try:
                await app.core.login(session, None if pinpad else pin)
            except (WrongPin, PinBlocked) as error:
                operator_log(__name__).info("login refused: %s", type(error).__name__)
                app.notify(error.user_message(app.language), severity="error", timeout=8)
            finally:
                pin[:] = bytes(len(pin))
        return True

    # --- the person's own applications ------------------------------------------------------------------------

    def my_applications(self) -> None:
        self._run(self._my_applications(), "personal", "my applications")

    async def _my_applications(self) -> None:
        from screens.citizen.my_applications import MyApplicationsScreen

        if not await self._ensure_login():
            return
        session = self.app.session
        if session is None:
            return
        applications = await self.app.core.my_applications(session)
        await self.app.push_screen(MyApplicationsScreen(applications))

    def company_code(self, nipc: str) -> None:
        from screens.company_code_flow import ask_company_code

        self._run(ask_company_code(self, nipc), "personal", "company code")

    def reprint(self, reference: str) -> None:
        self._run(self._reprint(reference), "personal", "reprint")

    async def _reprint(self, reference: str) -> None:
        session = self.app.session
        if session is None:
            return
        printed = await asyncio.to_thread(self.app.core.reprint, session, reference)
        self.app.notify(self.t("navigation.reprinted", count=printed), timeout=8)

    # --- leaving ---------------------------------------------------------------------------------------------

    def finish(self) -> None:
        """'Finish and take my card': with the simulated reader the card leaves; with a real one we wait."""
        self._run(self._leave(), "leaving", "leave")

    async def _leave(self) -> None:
        from screens.citizen.leaving import LeavingScreen

        app = self.app
        await app.push_screen(LeavingScreen())
        if app.session is not None and app.core.simulated:
            await asyncio.sleep(1)
            await asyncio.to_thread(app.core.remove_demo_card)  # its event wipes the session; the reader locks
        elif app.session is None:
            await asyncio.sleep(LEAVING_SECONDS)
            app.end_session()
        # With a real card in, the removal event ends the session; the idle watch covers a card left behind.

    def _back_to_base(self) -> None:
        while len(self.app.screen_stack) > self.base_depth:
            self.app.pop_screen()
