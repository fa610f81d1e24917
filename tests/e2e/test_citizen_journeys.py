"""The citizen's journeys end to end, in a real terminal, through every real part.

tmux runs `kiosk --config X run` exactly as a kiosk does: the reference portal under uvicorn on loopback, the
emulated citizen card in the real pcscd through the vpcd virtual reader, and certificates and receipts through
a private cupsd to a simulated IPP printer (ippeveprinter), whose spooled PDFs we read back with poppler and
zbarimg, independently of our own code. The keys are what a person presses; the assertions are what a person
reads on the screen or on the paper.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from kiosk.card.identity import PinKind
from kiosk.client.outbox import Outbox
from kiosk.embedded import EmbeddedPortal
from kiosk.seal import verify_seal
from kiosk.services.applications import provisional_reference
from tests.card.conftest import VirtualCards
from tests.conftest import pdf_text, read_qr_codes
from tests.e2e.conftest import (
    KIOSK,
    READER,
    KioskConfig,
    Terminal,
    kiosk_env,
    start_terminal,
    stop_terminal,
    write_kiosk_config,
)
from tests.printing.print_stack import PrintStack

pytestmark = [pytest.mark.e2e, pytest.mark.pcscd, pytest.mark.cups]

HOLDER = "Maria João Gonçalves Conceição"
"""The demo citizen "maria" (kiosk/card/emulator/citizen_data/maria.toml), PIN 1234."""
NAME_PARTS = ("Maria", "Gonçalves", "Conceição")
ATTRACT = r"Insira o seu Cartão de Cidadão para começar"
RESIDENCE = "Atestado de residência"
REPORT_PROBLEM = "Reportar um problema no espaço público"


def normalised(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Kiosk:
    """One kiosk under test: its terminal, and the real parts behind it that the test can also reach."""

    terminal: Terminal
    portal: EmbeddedPortal
    cards: VirtualCards
    printer: PrintStack
    config: KioskConfig

    # --- what a person does ----------------------------------------------------------------------------------

    def insert_card(self) -> None:
        self.cards.insert(READER, "pt-cc1", "maria")

    def focus(self, label: str, key: str = "Tab", presses: int = 40) -> None:
        """Move the focus with ``key`` until the button showing ``label`` has it (a heavy ┃ border)."""
        focused = re.compile(r"┃\s*" + re.escape(label))
        for _ in range(presses):
            # Decide on a settled screen only: a screen still painting its first focus would make a key
            # pressed now move the focus past the button, unseen.
            if focused.search(self.settled_screen()):
                return
            self.terminal.keys(key)
        raise AssertionError(f"{label!r} never got the focus; the screen shows:\n{self.terminal.screen()}")

    def arrive(self, pattern: str, timeout: float = 60.0) -> str:
        """Wait for a page, then for it to finish painting (its focus too), before a key is typed into it."""
        self.terminal.wait_for(pattern, timeout)
        return self.settled_screen()

    def settled_screen(self, quiet: float = 0.3, timeout: float = 5.0) -> str:
        """The screen once it has not changed for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        screen, since = self.terminal.screen(), time.monotonic()
        while time.monotonic() - since < quiet and time.monotonic() < deadline:
            time.sleep(0.05)
            now = self.terminal.screen()
            if now != screen:
                screen, since = now, time.monotonic()
        return screen

    def press(self, label: str, key: str = "Tab") -> None:
        self.focus(label, key)
        self.terminal.keys("Enter")

    def card_to_home(self) -> None:
        """Insert the card, see the holder's name while it is read, and go on to the home screen."""
        self.terminal.wait_for(ATTRACT)
        self.terminal.wait_for(r"Portal ligado")
        self.insert_card()
        self.terminal.wait_for(re.escape(HOLDER))
        self.press("Continuar")
        self.terminal.wait_for(r"Olá, " + re.escape(HOLDER))

    def open_service(self, query: str, name: str) -> None:
        """Search while typing, then open the service from the results and press Start on its page."""
        self.arrive(r"Pesquisar")
        self.terminal.keys("-l", query)
        self.terminal.wait_for(r"Serviços encontrados para \"" + re.escape(query) + '"')
        self.press(name)
        self.terminal.wait_for(r"Começar agora")
        self.press("Começar agora")

    def type_pin(self, pin: str) -> None:
        self.arrive(r"Introduza o seu PIN")
        self.terminal.keys(*pin)
        self.terminal.wait_for(r"│\s*" + r" ".join(["•"] * len(pin)) + r"\s*│")
        self.terminal.keys("Enter")

    def answer_residence_questions(self) -> None:
        self.arrive(r"Pergunta 1 de 2")
        self.terminal.keys("-l", "7")
        self.terminal.keys("Enter")
        self.arrive(r"Pergunta 2 de 2")
        self.terminal.keys("Enter")  # the first option, School, has the focus
        self.terminal.wait_for(r"▐●▌ Escola")
        self.press("Continuar")

    def submit(self) -> None:
        self.terminal.wait_for(r"Verifique as suas respostas")
        self.press("Enviar pedido")

    # --- what the test checks --------------------------------------------------------------------------------

    def printed(self, reference: str, count: int, timeout: float = 30.0) -> list[Path]:
        """The PDFs of one application that reached the printer, once ``count`` of them have."""
        deadline = time.monotonic() + timeout
        while True:
            found = sorted(self.printer.spool.rglob(f"*-{reference.lower()}-*.pdf"))
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(found)} of {count} documents of {reference} reached the printer")
            time.sleep(0.2)

    def assert_no_person_on_screen(self) -> None:
        screen = self.terminal.screen()
        for part in NAME_PARTS:
            assert part not in screen, f"{part!r} is still on the screen:\n{screen}"

    def assert_never_a_traceback(self) -> None:
        shown = [screen for screen in self.terminal.captures if "Traceback" in screen]
        assert not shown, f"a traceback reached the screen:\n{shown[0]}"


@dataclass
class KioskParts:
    """The real parts one kiosk is configured against."""

    tmp_path: Path
    portal: EmbeddedPortal
    token: str
    stack: PrintStack
    cards: VirtualCards


@pytest.fixture
def kiosk_parts(
    tmp_path: Path,
    running_portal: tuple[EmbeddedPortal, str],
    print_stack: PrintStack,
    virtual_cards: VirtualCards,
) -> KioskParts:
    portal, token = running_portal
    print_stack.set_paper(100)
    return KioskParts(tmp_path, portal, token, print_stack, virtual_cards)


def start_kiosk(parts: KioskParts, idle_warning_seconds: int = 60) -> Kiosk:
    """`kiosk --config X run` in a new tmux terminal, its kiosk.toml pointing at the parts."""
    config = write_kiosk_config(
        parts.tmp_path, parts.portal.url, parts.token, parts.stack.queue, idle_warning_seconds
    )
    terminal = start_terminal(f"{KIOSK} --config {config.path} run", kiosk_env(parts.stack))
    return Kiosk(terminal, parts.portal, parts.cards, parts.stack, config)


@pytest.fixture
def kiosk(kiosk_parts: KioskParts) -> Iterator[Kiosk]:
    """The kiosk with the usual idle times (nobody's journey here is cut short by the idle watch)."""
    running = start_kiosk(kiosk_parts)
    try:
        yield running
    finally:
        stop_terminal(running.terminal)


# --- 1. the residence certificate, from the card to a verified seal -------------------------------------------


def test_residence_certificate_from_card_to_verified_seal(kiosk: Kiosk, tmp_path: Path) -> None:
    term = kiosk.terminal
    kiosk.card_to_home()
    kiosk.open_service("atestado de residencia", RESIDENCE)
    term.wait_for(r"Restam 3 tentativas")
    kiosk.type_pin("1234")
    kiosk.answer_residence_questions()

    checked = term.wait_for(r"Verifique as suas respostas").string
    assert "Escola" in checked
    assert RESIDENCE in checked
    kiosk.submit()

    reference = term.wait_for(r"A sua referência: ([A-Z0-9-]+)").group(1)
    term.wait_for(r"O seu documento foi impresso")
    receipt, certificate = sorted(kiosk.printed(reference, 2), key=lambda path: "receipt" not in path.name)
    assert reference in pdf_text(receipt).replace(" ", "")

    # The certificate as it came out of the printer: the holder's name read by poppler, the seal by zbarimg.
    copy = tmp_path / "certificate.pdf"
    shutil.copyfile(certificate, copy)
    printed = normalised(pdf_text(copy))
    assert normalised(HOLDER).casefold() in printed.casefold()
    seals = [code for code in read_qr_codes(copy) if code.startswith("CS1:")]
    assert seals, "no seal among the certificate's QR codes"
    trust_list = httpx.get(f"{kiosk.portal.url}/v1/trust-list", timeout=10).json()
    verdict = verify_seal(seals[-1], trust_list)
    assert verdict.valid, verdict.detail
    assert verdict.document is not None
    assert verdict.document.fields
    for value in verdict.document.fields.values():  # the seal vouches for exactly what is printed
        assert normalised(value) in printed

    kiosk.cards.remove(READER)
    term.wait_for(ATTRACT, timeout=5)
    time.sleep(0.5)  # a late repaint must not bring anything of her back
    kiosk.assert_no_person_on_screen()
    assert reference not in term.screen()
    kiosk.assert_never_a_traceback()


# --- 2. a wrong PIN, down to blocked --------------------------------------------------------------------------


def test_wrong_pin_down_to_blocked(kiosk: Kiosk) -> None:
    term = kiosk.terminal
    kiosk.terminal.wait_for(ATTRACT)
    kiosk.terminal.wait_for(r"Portal ligado")
    card = kiosk.cards.insert(READER, "pt-cc1", "maria")  # a fresh card: its PIN may be blocked
    term.wait_for(re.escape(HOLDER))
    kiosk.press("Continuar")
    term.wait_for(r"Olá, ")
    kiosk.press("Os meus pedidos", key="BTab")  # one's own applications need the PIN first

    term.wait_for(r"Restam 3 tentativas\.")
    kiosk.type_pin("9999")
    term.wait_for(r"PIN errado\. Restam 2 tentativas")
    term.wait_for(r"Restam 2 tentativas\.\s")
    kiosk.type_pin("9999")
    term.wait_for(r"Resta 1 tentativa\.")
    last = term.wait_for(r"⚠ Atenção: esta é a última tentativa").string
    assert "O seu PIN está bloqueado" not in last  # warned, not yet blocked: the PIN can still be typed
    kiosk.type_pin("9999")

    blocked = normalised(term.wait_for(r"O seu PIN está bloqueado").string)
    assert "Este PIN está bloqueado. Pode desbloqueá-lo em uma Loja do Cidadão ou Espaço Cidadão" in blocked
    assert "Não pode usar este PIN aqui enquanto não for desbloqueado" in blocked
    # No entry is possible: digits typed now show nothing and the dialog stays as it is.
    term.keys("1", "2", "3", "4")
    after = kiosk.settled_screen()
    assert "•" not in after
    assert "O seu PIN está bloqueado" in after
    term.keys("Enter")  # its only button, OK: back to the services, the PIN still blocked
    term.wait_gone(r"O seu PIN está bloqueado", timeout=5)
    # The emulated card itself blocked it: no try left on its authentication PIN.
    [authentication] = [pin for pin in card.image.pins.values() if pin.kind is PinKind.AUTHENTICATION]
    assert authentication.tries_left == 0
    assert not authentication.verified
    kiosk.assert_never_a_traceback()


# --- 3. the card pulled in the middle of a journey ------------------------------------------------------------


def test_card_pulled_mid_journey_wipes_within_a_second(kiosk: Kiosk) -> None:
    term = kiosk.terminal
    kiosk.card_to_home()
    kiosk.open_service("atestado de residencia", RESIDENCE)
    kiosk.type_pin("1234")
    kiosk.arrive(r"Pergunta 1 de 2")
    term.keys("-l", "12")
    term.wait_for(r"┃\s*12\s*┃")

    pulled = time.monotonic()
    kiosk.cards.remove(READER, wait=False)
    term.wait_for(ATTRACT, timeout=5)
    elapsed = time.monotonic() - pulled
    assert elapsed < 1.0, f"the attract screen came {elapsed:.2f} s after the card was pulled"
    kiosk.assert_no_person_on_screen()
    assert "Pergunta" not in term.screen()
    kiosk.assert_never_a_traceback()


# --- 4. the idle timeout --------------------------------------------------------------------------------------


def test_idle_warning_more_time_then_wipe(kiosk_parts: KioskParts) -> None:
    # The smallest idle times kiosk/config.py allows: 10 s to the warning, 20 s of countdown.
    kiosk = start_kiosk(kiosk_parts, idle_warning_seconds=10)
    term = kiosk.terminal
    try:
        kiosk.card_to_home()
        first = term.wait_for(r"termina dentro de (\d+) segundos", timeout=20)
        assert "Ainda está aí?" in first.string
        later = term.wait_for(rf"termina dentro de (?!{first.group(1)}\b)(\d+) segundos", timeout=5)
        assert int(later.group(1)) < int(first.group(1)), "the countdown does not count down"

        kiosk.press("Mais tempo")
        term.wait_gone(r"Ainda está aí\?", timeout=5)
        assert f"Olá, {HOLDER}" in term.screen()  # more time: the person's screen is still there

        term.wait_for(r"Ainda está aí\?", timeout=20)
        warned = time.monotonic()
        term.wait_for(ATTRACT, timeout=35)
        assert time.monotonic() - warned > 15, "the wipe came before the countdown ran out"
        kiosk.assert_no_person_on_screen()
        kiosk.assert_never_a_traceback()
    finally:
        stop_terminal(term)


# --- 5. the portal killed in the middle of a journey ----------------------------------------------------------


def test_portal_killed_mid_journey_queues_a_non_instant_request(kiosk: Kiosk, tmp_path: Path) -> None:
    term = kiosk.terminal
    term.wait_for(ATTRACT)
    term.wait_for(r"Portal ligado")
    term.keys("s")  # browse without a card: this service needs none
    term.wait_for(r"Pesquisar")
    kiosk.open_service("problema", REPORT_PROBLEM)

    kiosk.arrive(r"Pergunta 1 de \d")
    kiosk.portal.stop()  # the questions began; from now on the portal is gone
    term.keys("Enter")  # the first kind of problem
    kiosk.press("Continuar")
    kiosk.arrive(r"Onde é\?")
    term.keys("-l", "Rua Augusta 100, Lisboa")
    term.keys("Enter")
    kiosk.arrive(r"Descreva o problema")
    kiosk.press("Continuar")  # optional
    kiosk.arrive(r"Email para avisos")
    term.keys("Enter")  # optional
    kiosk.arrive(r"Telemóvel para avisos")
    term.keys("Enter")  # optional
    kiosk.submit()

    term.wait_for(r"Pedido guardado neste quiosque", timeout=30)
    reference = term.wait_for(r"A sua referência: (P-[0-9A-F]{10})").group(1)
    [entry] = Outbox(kiosk.config.data_dir / "outbox.sqlite").pending()
    assert entry.service_code == "REPORT-PROBLEM"
    assert provisional_reference(entry.idempotency_key) == reference
    assert entry.answers["location"] == "Rua Augusta 100, Lisboa"

    [receipt] = kiosk.printed(reference, 1)
    copy = tmp_path / "receipt.pdf"
    shutil.copyfile(receipt, copy)
    paper = normalised(pdf_text(copy))
    assert reference in paper.replace(" ", "")
    assert "O portal não respondeu: o pedido ficou guardado neste quiosque" in paper
    assert "referência provisória" in paper
    kiosk.assert_never_a_traceback()


def test_portal_killed_mid_journey_an_instant_service_says_it_needs_the_portal(kiosk: Kiosk) -> None:
    term = kiosk.terminal
    kiosk.card_to_home()
    kiosk.open_service("atestado de residencia", RESIDENCE)
    kiosk.type_pin("1234")
    term.wait_for(r"Pergunta 1 de 2")
    kiosk.portal.stop()
    kiosk.answer_residence_questions()
    before = set(kiosk.printer.spool.rglob("*.pdf"))
    kiosk.submit()

    failure = normalised(term.wait_for(r"precisa do portal", timeout=30).string)
    assert "Este serviço entrega o documento na hora e por isso precisa do portal" in failure
    assert "A sua referência" not in failure
    assert not Outbox(kiosk.config.data_dir / "outbox.sqlite").pending()
    time.sleep(1)
    assert set(kiosk.printer.spool.rglob("*.pdf")) == before, "paper came out for a request never made"
    kiosk.assert_never_a_traceback()
