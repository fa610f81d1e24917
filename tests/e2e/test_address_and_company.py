"""Change of address and company on the spot end to end, in a real terminal, through every real part.

tmux runs `kiosk --config X run`; the reference portal runs under uvicorn on loopback with PostgreSQL; the
emulated citizen card sits in the real pcscd through the vpcd reader; paper goes through a private cupsd to a
simulated IPP printer. The letter's code is read as the demo's letterbox shows it: `kiosk portal letters`.
The keys are what a person presses; the assertions are what a person reads.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import pytest

from kiosk.config import Settings
from kiosk.embedded import EmbeddedPortal
from tests.card.conftest import VirtualCards
from tests.e2e.conftest import KIOSK, READER, stop_terminal
from tests.e2e.test_citizen_journeys import Kiosk, KioskParts, start_kiosk
from tests.journeys2_helpers import letter_code
from tests.portal.conftest import fresh_postgres_database
from tests.printing.print_stack import PrintStack

pytestmark = [pytest.mark.e2e, pytest.mark.pcscd, pytest.mark.cups, pytest.mark.postgres]

REFERENCE = r"\d{4}-[A-Z0-9]{4}-[A-Z0-9]{4}"


@pytest.fixture
def postgres_portal(demo_settings: Settings) -> Iterator[tuple[EmbeddedPortal, str, str]]:
    """The reference portal under uvicorn on loopback, on a fresh PostgreSQL database, with demo data."""
    with fresh_postgres_database() as url:
        portal_settings = dataclasses.replace(demo_settings.portal, embedded_database=url)
        portal = EmbeddedPortal(dataclasses.replace(demo_settings, portal=portal_settings))
        portal.start()
        try:
            yield portal, portal.wait_ready(), url
        finally:
            portal.stop()


@pytest.fixture
def kiosk(
    tmp_path: object,
    postgres_portal: tuple[EmbeddedPortal, str, str],
    print_stack: PrintStack,
    virtual_cards: VirtualCards,
) -> Iterator[Kiosk]:
    portal, token, _url = postgres_portal
    print_stack.set_paper(100)
    running = start_kiosk(KioskParts(tmp_path, portal, token, print_stack, virtual_cards))  # type: ignore[arg-type]
    try:
        yield running
    finally:
        stop_terminal(running.terminal)


def type_parts(kiosk: Kiosk, *parts: str) -> None:
    """Type each part into its box, Tab between them (the screen settles first, as under a person's hands)."""
    for index, part in enumerate(parts):
        if index:
            kiosk.terminal.keys("Tab")
            kiosk.settled_screen()
        kiosk.terminal.keys("-l", part)
        kiosk.settled_screen()
    kiosk.terminal.keys("Enter")


def type_row(kiosk: Kiosk, nif: str, share: str) -> None:
    """One partner's row: the NIF box has the focus; Tab to the share."""
    kiosk.terminal.keys("-l", nif)
    kiosk.settled_screen()
    kiosk.terminal.keys("Tab")
    kiosk.settled_screen()
    kiosk.terminal.keys("-l", share)
    kiosk.settled_screen()


def test_change_of_address_then_the_code_from_the_letter(
    kiosk: Kiosk, postgres_portal: tuple[EmbeddedPortal, str, str]
) -> None:
    terminal = kiosk.terminal
    kiosk.card_to_home()
    kiosk.open_service("morada", "Alterar a morada do Cartão de Cidadão")
    kiosk.type_pin("1234")  # the authentication PIN: card login
    kiosk.arrive(r"PIN de morada")
    kiosk.type_pin("0000")  # the address PIN: the card's address is read
    screen = kiosk.arrive(r"A morada atual do seu cartão")
    assert "Almirante Reis" in screen
    kiosk.press("Continuar")

    kiosk.arrive(r"Pergunta 1 de 3")
    type_parts(kiosk, "Rua das Flores 12", "4050-262", "Porto")
    kiosk.arrive(r"Pergunta 2 de 3")
    type_parts(kiosk, "2", "1", "2024")
    kiosk.arrive(r"Pergunta 3 de 3")
    kiosk.press("Continuar")  # no other body to tell: the question is optional
    kiosk.submit()
    reference = terminal.wait_for(r"A sua referência: (" + REFERENCE + ")").group(1)

    # Later, another visit: the card out and in again, then the code from the letter.
    kiosk.cards.remove(READER)
    kiosk.terminal.wait_for(r"Insira o seu Cartão de Cidadão")
    kiosk.card_to_home()
    kiosk.press("Código da carta", key="BTab")  # from the search box, back to the bottom bar
    kiosk.type_pin("1234")
    kiosk.arrive(r"Código de confirmação da alteração de morada " + re.escape(reference))
    terminal.keys("-l", "ZZZZ-ZZZZ")
    terminal.keys("Enter")
    terminal.wait_for(r"restam 2 tentativas")
    code = letter_code(postgres_portal[2], reference, (str(KIOSK), "portal"))  # `kiosk portal letters`
    kiosk.arrive(r"restam 2 tentativas")
    terminal.keys("-l", code)
    terminal.keys("Enter")
    terminal.wait_for(r"a sua morada foi alterada")
    kiosk.assert_never_a_traceback()


def test_company_on_the_spot(kiosk: Kiosk) -> None:
    terminal = kiosk.terminal
    kiosk.card_to_home()
    kiosk.open_service("empresa", "Empresa na Hora")
    kiosk.type_pin("1234")
    kiosk.arrive(r"Escolha a firma pré-aprovada")
    terminal.keys("Enter")  # the first free name has the focus
    terminal.wait_for(r"▐●▌ Mar Azul")
    kiosk.press("Continuar")
    kiosk.arrive(r"Tipo de sociedade")
    terminal.keys("Enter")  # Sociedade por quotas (two partners or more)
    kiosk.press("Continuar")
    kiosk.arrive(r"Pede como")
    terminal.keys("Enter")  # as a partner
    kiosk.press("Continuar")

    kiosk.arrive(r"Sócio 1: NIF")
    type_row(kiosk, "123456789", "60")  # Maria, who applies
    kiosk.press("+ Juntar um sócio")
    kiosk.arrive(r"Sócio 2: NIF")
    type_row(kiosk, "500000000", "40")
    kiosk.press("Continuar")

    kiosk.arrive(r"Capital social")
    terminal.keys("-l", "5000")
    terminal.keys("Enter")
    kiosk.arrive(r"Código de atividade")
    terminal.keys("-l", "62010")
    terminal.keys("Enter")
    kiosk.arrive(r"Sede")
    type_parts(kiosk, "Rua do Ouro 1", "1100-060", "Lisboa")
    screen = kiosk.arrive(r"Verifique as suas respostas")
    assert "123456789 (60.00 %)" in screen
    kiosk.press("Enviar pedido")
    terminal.wait_for(r"A sua referência: " + REFERENCE)
    screen = terminal.wait_for(r"Multibanco, entidade \d{5}, referência [\d ]+").string
    assert "360,00" in " ".join(screen.split())
    kiosk.assert_never_a_traceback()
