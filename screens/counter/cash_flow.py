"""Taking cash at the serve screen (K): for one fee, or for a payment group (a bundle's joint reference).

With the citizen's card at the desk their fees still due are listed, and the groups that pay any of them are
offered in their place; without a card (or besides) the clerk types a bundle's joint reference. The portal
settles and answers the change; one cash receipt prints (a group's lists every application), then the
documents the payment issued.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from kiosk.i18n import text
from screens.operator_log import operator_log

if TYPE_CHECKING:
    from kiosk.client.staff_cash import CashSettlement, GroupCashSettlement, GroupDue
    from screens.app import KioskApp
    from screens.counter.serve import ServeScreen


async def take_cash(app: KioskApp, serve: ServeScreen) -> None:
    from kiosk.client import PortalError, PortalUnavailable
    from kiosk.counter.cash import DueGroup, cash_choices, due_payments
    from screens.counter.cash import CashDialog

    service, language = app.core.counter, app.language
    due = []
    if app.session is not None:
        if not await app.navigation._ensure_login():
            return
        due = due_payments(await app.core.my_applications(app.session))
    groups = await service.payment_groups(None, tuple(due), language) if due else []
    choices = cash_choices(due, groups)
    if app.session is not None and not choices:
        serve.show_said(text(language, "counter.cash.nothing_due"))

    async def find(reference: str) -> list[GroupDue]:
        return await service.payment_groups(reference, (), app.language)

    answer = await app.push_screen_wait(CashDialog(choices, find))
    if answer is None:
        return
    choice, tendered = answer
    language = app.language  # the clerk may have switched it in the dialog
    settled: CashSettlement | GroupCashSettlement
    try:
        if isinstance(choice, DueGroup):
            settled = await service.take_group_cash(choice.group, tendered, language)
        else:
            settled = await service.take_cash(choice, tendered, language)
    except PortalUnavailable:
        serve.show_problem(text(language, "counter.cash.portal_away"))  # nothing was charged
        return
    except PortalError as error:
        # Nothing was charged: the portal says why in the clerk's language, and the cash stays in hand.
        operator_log(__name__).info("cash refused by the portal: %s", error.status)
        serve.show_problem(str(error))
        return
    operator_log(__name__).info("cash taken at desk %s", app.settings.counter.desk)
    serve.show_said(await _hand_over(app, settled, language))


async def _hand_over(app: KioskApp, settled: CashSettlement | GroupCashSettlement, language: str) -> str:
    """Print the receipt and the documents the payment issued; what to tell the clerk (the change first)."""
    from kiosk.client.staff_cash import CashSettlement
    from kiosk.money import format_cents

    service = app.core.counter
    if isinstance(settled, CashSettlement):
        printed = await asyncio.to_thread(service.print_cash_receipt, settled, app.core.printer, language)
    else:
        printed = await asyncio.to_thread(service.print_group_receipt, settled, app.core.printer, language)
    # What the payment issued is handed over at once (a company's NIPC and certificate access code).
    await asyncio.to_thread(service.print_settled_documents, settled, app.core.paper, language)
    said = [
        text(
            language,
            "counter.cash.settled",
            change=format_cents(settled.change_cents, language),
            tendered=format_cents(settled.tendered_cents, language),
            amount=format_cents(settled.amount_cents, language),
        )
    ]
    if not isinstance(settled, CashSettlement):
        references = ", ".join(line.application_reference for line in settled.lines)
        said.append(text(language, "counter.cash.group_settled", references=references))
    said.append(text(language, "counter.cash.receipt_printed" if printed else "counter.cash.receipt_waiting"))
    return "\n".join(said)
