"""A clerk signs in (or unlocks the desk) with their own card: read in the counter reader, the PIN on the
reader's pinpad or the kiosk's keypad (screens/dialogs/pin.py), the portal's challenge signed by the card.

The portal checks the card as it checks a citizen's and answers with the clerk linked to it, or says in plain
words that the card is no clerk's. Nothing read from the card stays on the terminal afterwards.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from screens.operator_log import operator_log

if TYPE_CHECKING:
    from kiosk.card.identity import AuthResult
    from screens.app import KioskApp

DEMO_CLERK_CARD = "ines"
"""The demo card linked to the demo clerk by the demo portal (portal/seed.py DEMO_CLERK_CARD)."""


async def card_sign_in(app: KioskApp, reader: str | None, *, unlock: bool) -> str | None:
    """Sign the clerk in (or, ``unlock``, open the lock for the same clerk) with the card in ``reader``.
    None when it worked; otherwise what to say, in the clerk's language (an empty string: they cancelled)."""
    from kiosk.card.errors import CardError
    from kiosk.client import PortalUnavailable
    from kiosk.counter.service import SignInRefused
    from kiosk.i18n import text
    from screens.dialogs.pin import PinDialog

    core, language = app.core, app.language
    service = core.counter
    if reader is None and app.settings.card.reader not in ("auto", "simulated"):
        reader = app.settings.card.reader  # the button, with the card already in: the reader kiosk.toml names
    pin: bytearray | None = None
    try:
        session = await asyncio.to_thread(core.read_card, reader)
        tries = await asyncio.to_thread(core.pin_tries, session)
        pinpad = await asyncio.to_thread(core.has_pinpad, session)
        pin = await app.push_screen_wait(PinDialog(tries, pinpad))
        if pin is None:
            return ""
        typed = None if pinpad else pin

        def sign(challenge: bytes) -> AuthResult:
            return core.cards.sign(session.reader, challenge, typed)

        if unlock:
            if not await service.unlock_with_card(sign, language):
                return text(language, "counter.lock.card_other")
        else:
            await service.sign_in_with_card(sign, language)
    except CardError as error:
        operator_log(__name__).info("clerk card not used: %s", type(error).__name__)
        return error.user_message(language)
    except SignInRefused as refused:
        operator_log(__name__).info("clerk card refused")
        return refused.said or text(language, refused.key)
    except PortalUnavailable:
        return text(language, "counter.login.portal_away")
    finally:
        if pin is not None:
            pin[:] = bytes(len(pin))
        core.forget_card()  # the clerk's own identity is not kept for the next citizen
    operator_log(__name__).info("clerk signed in by card")
    return None
