"""The one place that knows the order of a clerk's day at the desk.

Counter screens post CounterRequest messages (screens/counter/messages.py); the app hands each one here, and
this object answers by calling the headless desk (kiosk.counter) in a worker and opening the next screen. The
queue as the desk sees it lives in the app's ``desk`` reactive, which every counter screen's panel renders.

The screen stack is [sign-in, desk, one task]: every task is one key from the desk, Escape goes back to it, and
the lock screen covers whatever is open.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from kiosk.counter.lock import IdleLock
from kiosk.i18n import text
from screens.counter.messages import (
    CallParked,
    CardSignIn,
    CounterRequest,
    HelpAction,
    LockDesk,
    OpenTask,
    QueueAction,
    Representing,
    ServeAction,
    SignIn,
    SignOut,
    Task,
    Unlock,
)
from screens.operator_log import operator_log

if TYPE_CHECKING:
    from collections.abc import Coroutine

    from kiosk.card.events import ReaderEvent
    from kiosk.counter.desk import Desk
    from kiosk.counter.service import CounterService
    from screens.app import KioskApp
    from screens.counter.serve import ServeScreen

SERVE_DEPTH = 3
"""Screens under a citizen's journey at a counter: sign-in, desk and serve."""
REFRESH_SECONDS = 3.0
"""How often the panel asks the portal for the waiting counts and the kiosks' calls for help."""
COUNTER_GROUPS = ("counter-queue", "counter-task", "counter-sign-in")


class CounterNavigation:
    def __init__(self, app: KioskApp) -> None:
        self.app = app
        self.idle = IdleLock(app.settings.counter.lock_seconds, last_touch=time.monotonic())
        self.served_service: str | None = None
        """The service done for the person at the desk (the day's statistics count it at 'done')."""
        self.representing: tuple[str, str] = ("self", "")
        """Who the citizen at the desk acts for: ("self", ""), ("minor", name) or ("company", NIPC)."""
        app.navigation.base_depth = SERVE_DEPTH  # a journey's "back to the start" stops at the serve screen
        self._refreshing = False

    @property
    def service(self) -> CounterService:
        return self.app.core.counter

    @property
    def desk(self) -> Desk:
        return self.service.desk(self.app.language)

    @property
    def signed_in(self) -> bool:
        return self.service.clerk is not None

    def t(self, key: str, **values: object) -> str:
        return text(self.app.language, key, **values)

    def _run(self, work: Coroutine[Any, Any, None], group: str, name: str) -> None:
        self.app.run_worker(work, group=group, name=name, exclusive=True, exit_on_error=False)

    # --- what the app tells us -------------------------------------------------------------------------------

    def queue_strip(self) -> Any:
        """The queue in one line, for KioskScreen to mount on every page a counter shows without its panel."""
        from screens.counter.queue_strip import QueueStrip

        return QueueStrip()

    def portal_ready(self) -> None:
        self.app.set_interval(REFRESH_SECONDS, self.refresh)

    def watch_idle(self, last_touch: float) -> None:
        """Once a second from the app: lock the desk when the clerk has been away for lock_seconds."""
        if not self.signed_in:
            return
        self.idle.touch(last_touch)
        if self.idle.due(time.monotonic()):
            operator_log(__name__).info("desk locked: idle")
            self._show_lock()

    def card_changed(self, event: ReaderEvent) -> None:
        """A citizen's card in the counter reader opens "serve a citizen"; taking it out forgets them."""
        if event.kind in ("removed", "reader_removed"):
            self.citizen_left()
        elif event.kind == "inserted" and self.signed_in and not self.idle.locked:
            self._run(self._read_card(event.reader), "card", "read card")
        elif event.kind == "inserted":
            self._run(self._card_sign_in(event.reader), "counter-sign-in", "card sign in")

    def refresh(self) -> None:
        if self.signed_in and not self.idle.locked and not self._refreshing:
            self._refreshing = True
            self._run(self._refresh(), "counter-refresh", "refresh desk")

    async def _refresh(self) -> None:
        try:
            self.app.desk = await self.desk.refresh()
        finally:
            self._refreshing = False

    # --- what the clerk asks for -----------------------------------------------------------------------------

    def handle(self, message: CounterRequest) -> None:
        self.app.last_touch = time.monotonic()
        if isinstance(message, SignIn):
            self._run(self._sign_in(message.username, message.password), "counter-sign-in", "sign in")
        elif isinstance(message, Unlock):
            self._run(self._unlock(message.password), "counter-sign-in", "unlock")
        elif isinstance(message, CardSignIn):
            self.card_sign_in()
        elif isinstance(message, SignOut):
            self._run(self._sign_out(), "counter-sign-in", "sign out")
        elif not self.signed_in or self.idle.locked:
            return  # nothing else is done for nobody, or behind the lock
        elif isinstance(message, LockDesk):
            self.idle.lock()
            self._show_lock()
        elif isinstance(message, CallParked):
            self._run(self._queue(self.desk.call_parked(message.typed)), "counter-queue", "call parked")
        elif isinstance(message, QueueAction):
            self.queue_action(message)
        elif isinstance(message, HelpAction):
            action = self.desk.acknowledge_help if message.verb == "acknowledge" else self.desk.close_help
            self._run(self._queue(action(message.request_id)), "counter-queue", "help")
        elif isinstance(message, OpenTask):
            self.open_task(message.task)
        elif isinstance(message, Representing):
            self.representing = (message.kind, message.identifier)
            if self.app.session is not None:
                # Sent with every application made for them from now on (the portal keeps it with it).
                acting = message.kind != "self"
                self.app.session.representing = (
                    {"kind": message.kind, "identifier": message.identifier} if acting else None
                )
        elif isinstance(message, ServeAction):
            self.serve_action(message)

    # --- signing in, locking, signing out --------------------------------------------------------------------

    async def _sign_in(self, username: str, password: str) -> None:
        from kiosk.client import PortalUnavailable
        from kiosk.counter.service import SignInRefused
        from screens.counter.login import LoginScreen

        login = self.app.screen_stack[0]
        assert isinstance(login, LoginScreen)
        try:
            clerk = await self.service.sign_in(username, password, self.app.language)
        except SignInRefused as refused:
            operator_log(__name__).info("staff sign-in refused")
            login.show_problem(refused.key)
            return
        except PortalUnavailable:
            login.show_problem("counter.login.portal_away")
            return
        finally:
            password = ""
        await self._enter_desk(clerk.name)

    def card_sign_in(self) -> None:
        """The card button: with the simulated reader the demo clerk's card goes in (its arrival signs in);
        with a real reader the card already there is used."""
        if self.app.core.simulated:
            from screens.counter.card_sign_in import DEMO_CLERK_CARD

            insert = self.app.core.cards.insert_demo_card
            self.app.run_worker(
                lambda: insert(DEMO_CLERK_CARD), thread=True, group="card-insert", exit_on_error=False
            )
        else:
            self._run(self._card_sign_in(None), "counter-sign-in", "card sign in")

    async def _card_sign_in(self, reader: str | None) -> None:
        from screens.counter.card_sign_in import card_sign_in
        from screens.counter.lock import LockScreen
        from screens.counter.login import LoginScreen

        locked = self.signed_in and self.idle.locked
        screen = self.app.screen
        if not isinstance(screen, LockScreen | LoginScreen):
            return
        screen.show_problem("counter.login.card_reading")
        said = await card_sign_in(self.app, reader, unlock=locked)
        if said is not None:
            screen.show_problem(None, said=said)
        elif locked:
            self.idle.unlock(time.monotonic())
            self.app.pop_screen()
            self.refresh()
        else:
            await self._enter_desk(self.service.clerk.name if self.service.clerk else "")

    async def _enter_desk(self, name: str) -> None:
        from screens.counter.desk import DeskScreen
        from screens.counter.login import LoginScreen

        login = self.app.screen_stack[0]
        assert isinstance(login, LoginScreen)
        operator_log(__name__).info("staff signed in at desk %s", self.app.settings.counter.desk)
        login.show_problem(None)
        self.idle.unlock(time.monotonic())
        self.app.desk = await self.desk.recover()
        self.app.sub_title = self.t("counter.signed_in_as", name=name, desk=self.desk.state.desk)
        await self.app.push_screen(DeskScreen())

    def _show_lock(self) -> None:
        from screens.counter.lock import LockScreen

        clerk = self.service.clerk
        if clerk is None:
            return
        for group in ("counter-task",):
            self.app.workers.cancel_group(self.app, group)
        self.app.push_screen(LockScreen(clerk.name))

    async def _unlock(self, password: str) -> None:
        from screens.counter.lock import LockScreen

        lock = self.app.screen
        if not isinstance(lock, LockScreen):
            return
        if await self.service.unlock(password, self.app.language):
            self.idle.unlock(time.monotonic())
            operator_log(__name__).info("desk unlocked")
            self.app.pop_screen()
            self.refresh()
        else:
            operator_log(__name__).info("desk unlock refused")
            lock.show_problem("counter.lock.refused")

    async def _sign_out(self) -> None:
        for group in COUNTER_GROUPS:
            if group != "counter-sign-in":
                self.app.workers.cancel_group(self.app, group)
        await self.service.sign_out(self.app.language)
        operator_log(__name__).info("staff signed out")
        self.idle.unlock(time.monotonic())
        self.app.desk = None
        self.app.sub_title = ""
        self.served_service = None
        while len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    # --- the queue -------------------------------------------------------------------------------------------

    def queue_action(self, message: QueueAction) -> None:
        desk = self.desk
        verb = message.verb
        if verb == "call_next":
            self._run(self._queue(desk.call_next()), "counter-queue", verb)
        elif verb == "recall":
            self._run(self._queue(desk.recall()), "counter-queue", verb)
        elif verb == "no_show":
            self._run(self._queue(desk.no_show()), "counter-queue", verb)
        elif verb == "park":
            self._run(self._queue(desk.park()), "counter-queue", verb)
        elif verb == "done":
            service, self.served_service = self.served_service, None
            self._run(self._queue(desk.done(service)), "counter-queue", verb)
        elif verb == "transfer":
            self._run(self._transfer(), "counter-queue", verb)

    async def _queue(self, action: Coroutine[Any, Any, Any]) -> None:
        self.app.desk = await action

    async def _transfer(self) -> None:
        from screens.counter.transfer import TransferDialog

        state = self.desk.state
        if state.serving is None:
            self.app.desk = await self.desk.transfer()  # says there is nobody to transfer
            return
        target = await self.app.push_screen_wait(TransferDialog(state))
        if target is None:
            return
        kind, value = target
        if kind == "desk":
            self.app.desk = await self.desk.transfer(desk=value)
        else:
            self.app.desk = await self.desk.transfer(category=value)

    # --- the tasks -------------------------------------------------------------------------------------------

    def open_task(self, task: Task) -> None:
        self._back_to_desk()
        if task == "desk":
            return
        self._run(self._open_task(task), "counter-task", task)

    async def _open_task(self, task: Task) -> None:
        screen = self._task_screen(task)
        if screen is not None:
            await self.app.push_screen(screen)

    def _task_screen(self, task: Task) -> Any:
        if task == "serve":
            from screens.counter.serve import ServeScreen

            return ServeScreen()
        if task == "applications":
            from screens.counter.applications import ApplicationsScreen

            return ApplicationsScreen()
        if task == "verify":
            from screens.counter.verify import CounterVerifyScreen

            return CounterVerifyScreen()
        if task == "day":
            from screens.counter.day import DayScreen

            return DayScreen()
        if task == "reprint":
            from screens.counter.reprint import ReprintScreen

            return ReprintScreen()
        if task == "appointments":
            from screens.counter.appointments import AppointmentsScreen

            return AppointmentsScreen()
        self.app.notify(self.t("counter.task.not_built", task=self.t(f"counter.task.{task}")), timeout=6)
        return None

    def _back_to_desk(self) -> None:
        while len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    # --- serving a citizen -----------------------------------------------------------------------------------

    def _open_serve_screen(self) -> ServeScreen | None:
        from screens.counter.serve import ServeScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, ServeScreen):
                return screen
        return None

    async def _serve_screen(self) -> ServeScreen:
        """The serve screen on top of the desk (opened when it is not already there)."""
        from screens.counter.serve import ServeScreen

        serve = self._open_serve_screen()
        if serve is not None:
            while self.app.screen is not serve:
                self.app.pop_screen()
            return serve
        self._back_to_desk()
        screen = ServeScreen()
        await self.app.push_screen(screen)
        return screen

    async def _read_card(self, reader: str) -> None:
        app = self.app
        serve = await self._serve_screen()
        serve.show_reading()
        problem = await app.navigation.read_session(reader)
        if problem is not None or app.session is None:
            serve.show_problem(problem or "")
            return
        serve.show_holder(app.session.holder_name)

    def citizen_left(self) -> None:
        """The card came out, or the clerk finished: nothing of the citizen stays; the clerk stays signed in."""

        app = self.app
        for group in ("card", "journey", "personal", "counter-citizen"):
            app.workers.cancel_group(app, group)
        if app.session is not None:
            app.session.wipe()
            app.session = None
        app.navigation.reset()
        app.core.forget_card()
        self.representing = ("self", "")
        serve = self._open_serve_screen()
        if serve is not None:
            while app.screen is not serve:
                app.pop_screen()
            serve.forget_citizen()

    def serve_action(self, message: ServeAction) -> None:
        if message.verb == "insert_demo":
            self.app.insert_demo_card()
        elif message.verb == "services":
            self._run(self._services(), "journey", "services for the citizen")
        elif message.verb == "payments":
            self._run(self._payments(), "counter-citizen", "cash")
        elif message.verb == "company_code":
            serve = self._open_serve_screen()
            offered = serve.company_nipc if serve is not None else ""
            self._run(self._company_code(offered), "counter-citizen", "company code")
        elif message.verb == "finish":
            self.finish_citizen()

    def journey_done(self) -> None:
        """The journey's Finish at a counter: back to the serve screen, the citizen still there."""
        self._run(self._back_to_serve(), "journey", "back to serve")

    async def _back_to_serve(self) -> None:
        self.app.navigation.forget()
        if self.app.session is not None:
            await self._serve_screen()

    def finish_citizen(self) -> None:
        """Done with this citizen: the demo card is taken out (its event wipes); a real card is asked out."""
        app = self.app
        if app.session is not None and app.core.simulated:
            app.run_worker(app.core.remove_demo_card, thread=True, group="card-insert", exit_on_error=False)
        else:
            if app.session is not None:
                app.notify(self.t("counter.serve.take_card"), timeout=8)
            self.citizen_left()

    async def _services(self) -> None:
        from screens.citizen.home import HomeScreen

        if self.app.session is None or not await self.app.navigation._ensure_login():
            return
        await self.app.push_screen(HomeScreen())

    async def _company_code(self, offered: str) -> None:
        from screens.counter.company_code_flow import company_code_for_citizen

        await company_code_for_citizen(self.app, offered, await self._serve_screen())

    async def _payments(self) -> None:
        from screens.counter.cash_flow import take_cash

        await take_cash(self.app, await self._serve_screen())
