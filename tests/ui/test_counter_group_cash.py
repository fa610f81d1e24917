"""Cash for a bundle at the counter under Pilot, against the reference portal under uvicorn: the group that pays
the citizen's fees is offered once their card is read (English), or found by typing its joint reference with no
card at the desk (Portuguese); every application and its fee and the total are shown, the change is the
portal's, and one cash receipt lists every reference."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import Settings
from screens.counter.cash import CashDialog, ChoiceButton
from tests.conftest import pdf_text
from tests.counter.fixtures import counter_settings, shared_portal
from tests.counter.pilot import QuietCounter, said, serve_citizen, sign_in, type_into, with_pin
from tests.counter.test_group_cash import a_bundle
from tests.helpers import click, wait_until
from tests.portal.conftest import RunningPortal

__all__ = ["counter_settings", "shared_portal"]  # fixtures, used by name


def receipt_text(spool_dir: Path) -> str:
    [receipt] = [path for path in spool_dir.iterdir() if "cash-receipt" in path.name]
    return " ".join(pdf_text(receipt).split())


async def test_the_bundle_of_the_citizen_at_the_desk_is_offered_and_paid(
    counter_settings: Settings, shared_portal: RunningPortal, spool_dir: Path
) -> None:
    references, total, joint_reference = a_bundle(shared_portal, "joao")
    app = QuietCounter(counter_settings)
    app.language = "en"
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot)
        serve = await serve_citizen(pilot, "joao")
        await with_pin(pilot, "k", "joao")
        await wait_until(pilot, lambda: isinstance(app.screen, CashDialog), "the cash dialog")
        dialog = app.screen
        assert isinstance(dialog, CashDialog)
        await pilot.pause()
        [offered] = [str(button.render()) for button in dialog.query(ChoiceButton)]
        joint = f"{joint_reference[:3]} {joint_reference[3:6]} {joint_reference[6:]}"
        amount = f"€{total // 100}.{total % 100:02d}"  # the clerk's screen is in English: English money
        assert offered == f"● Bundle {joint} · {amount}", "its fees are not offered on their own"
        assert amount in said(app, "#cash-due")
        assert "," not in said(app, "#cash-lines").replace(", ", " "), (
            "no Portuguese amount on an English screen"
        )
        assert f"for 2 applications (joint reference {joint})" in said(app, "#cash-due")
        lines = said(app, "#cash-lines")
        for reference in references:
            assert reference in lines
        assert "Birth certificate" in lines
        assert "Total" in lines

        await type_into(pilot, "#cash-tendered", "100")
        await wait_until(pilot, lambda: serve.said is not None or serve.problem is not None, "the change")
        assert serve.problem is None, serve.problem
        change = 10000 - total
        assert f"Give back €{change // 100}.{change % 100:02d} in change." in said(app, "#serve-said")
        assert f"Paid together: {', '.join(references)}." in said(app, "#serve-said")
        paper = receipt_text(spool_dir)
        assert all(reference in paper for reference in references)
        assert amount in paper, "the English receipt writes money the English way"
        assert "€100.00" in paper
        issued = {path.name.split("-")[0] for path in spool_dir.glob("*.pdf") if "receipt" not in path.name}
        assert len([path for path in spool_dir.glob("*.pdf") if "receipt" not in path.name]) >= 2, issued


async def test_a_bundle_is_found_by_its_joint_reference_without_a_card(
    counter_settings: Settings, shared_portal: RunningPortal, spool_dir: Path
) -> None:
    references, total, joint_reference = a_bundle(shared_portal, "ines")
    app = QuietCounter(counter_settings)
    app.language = "pt"
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        serve = await serve_citizen(pilot, None)
        await click(pilot, "#serve-payments")  # no card at the desk: the clerk types the citizen's reference
        await wait_until(pilot, lambda: isinstance(app.screen, CashDialog), "the cash dialog")
        dialog = app.screen
        assert isinstance(dialog, CashDialog)
        assert "escreva a referência conjunta" in said(app, "#cash-heading")
        assert not dialog.query_one("#cash-tendered").display

        await type_into(pilot, "#cash-group-reference", "12 34")
        assert "não é uma referência de pagamento" in said(app, "#cash-problem")
        await type_into(pilot, "#cash-group-reference", "000 000 000")
        await wait_until(pilot, lambda: "Nenhum pacote" in said(app, "#cash-problem"), "nothing under it")
        spaced = f"{joint_reference[:3]} {joint_reference[3:6]} {joint_reference[6:]}"
        await type_into(pilot, "#cash-group-reference", spaced)
        await wait_until(pilot, lambda: bool(dialog.choices), "the bundle found")
        await wait_until(pilot, lambda: dialog.query_one("#cash-tendered").has_focus, "the amount next")
        assert f"por 2 pedidos (referência conjunta {spaced})" in said(app, "#cash-due")
        assert all(reference in said(app, "#cash-lines") for reference in references)
        portuguese, english = f"{total // 100},{total % 100:02d} €", f"€{total // 100}.{total % 100:02d}"
        assert portuguese in said(app, "#cash-due")
        await type_into(pilot, "#cash-tendered", "1")  # less than is due: said with both amounts
        assert f"1,00 € não chega para os {portuguese}" in said(app, "#cash-problem")
        await pilot.press("f2")  # the clerk switches to English in the dialog: every amount follows
        await wait_until(pilot, lambda: english in said(app, "#cash-due"), "the amounts in English")
        assert english in said(app, "#cash-lines")
        assert f"€1.00 does not cover the {english} due" in said(app, "#cash-problem")
        await pilot.press("f2")
        await wait_until(pilot, lambda: portuguese in said(app, "#cash-due"), "the amounts in Portuguese again")

        await type_into(pilot, "#cash-tendered", f"{total // 100},{total % 100:02d}")  # the exact amount
        await wait_until(pilot, lambda: serve.said is not None or serve.problem is not None, "the change")
        assert serve.problem is None, serve.problem
        assert "Dê 0,00 € de troco." in said(app, "#serve-said")
        assert f"Pagos em conjunto: {', '.join(references)}." in said(app, "#serve-said")
        paper = receipt_text(spool_dir)
        assert all(reference in paper for reference in references)
