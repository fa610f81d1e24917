"""Fixtures for the card layer tests.

The demo CA is created once per test session in a temporary folder, so tests never touch
the developer's cache and always exercise the generation path.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.card import pcscd_daemon
from tests.helpers import wait_for


@pytest.fixture(scope="session", autouse=True)
def demo_ca_directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    from kiosk.card.emulator import democa

    directory = tmp_path_factory.mktemp("demo-ca")
    previous = os.environ.get(democa.ENV_DIRECTORY)
    os.environ[democa.ENV_DIRECTORY] = str(directory)
    democa.authority.cache_clear()
    democa._card_credentials.cache_clear()
    yield directory
    if previous is None:
        os.environ.pop(democa.ENV_DIRECTORY, None)
    else:
        os.environ[democa.ENV_DIRECTORY] = previous
    democa.authority.cache_clear()
    democa._card_credentials.cache_clear()


# --- pcscd and the vpcd virtual readers ------------------------------------------------------

READER_0 = "Virtual PCD 00 00"
READER_1 = "Virtual PCD 00 01"
PORTS = {READER_0: 35963, READER_1: 35964}


def _vpcd_readers() -> list[str]:
    from kiosk.card.errors import ReaderServiceDown
    from kiosk.card.readers import reader_names

    try:
        return [name for name in reader_names() if name.startswith("Virtual PCD")]
    except ReaderServiceDown:
        return []


@pytest.fixture(scope="session")
def pcscd() -> Iterator[None]:
    """A running pcscd with the two vpcd readers; started here (and stopped) if it does not answer."""
    from tests.helpers import require, require_tool

    require_tool("pcscd")
    require(Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so").exists(), "vsmartcard-vpcd driver")
    try:
        started = pcscd_daemon.start_with_readers(lambda: len(_vpcd_readers()) == 2, "the two vpcd readers")
    except TimeoutError:
        require(False, "pcscd with the vpcd readers")
    yield
    # A test may have restarted it: the one running now is stopped.
    if started and (running := pcscd_daemon.recorded_pid()):
        pcscd_daemon.stop(running)


def card_present(reader: str) -> bool:
    """What pcscd itself believes (not whether a connect happens to fail)."""
    from smartcard import scard

    result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if result != scard.SCARD_S_SUCCESS:
        return False
    try:
        result, answers = scard.SCardGetStatusChange(context, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
        return result == scard.SCARD_S_SUCCESS and bool(answers[0][1] & scard.SCARD_STATE_PRESENT)
    finally:
        scard.SCardReleaseContext(context)


class VirtualCards:
    """Puts emulated cards into the vpcd readers and takes them out again."""

    def __init__(self) -> None:
        self.serving: dict[str, Any] = {}

    def insert(self, reader: str, profile: str, citizen: str, faults: Any = None) -> Any:
        from kiosk.card.emulator.card import EmulatedCard
        from kiosk.card.emulator.vpcd import VpcdCard

        self.remove(reader)
        card = EmulatedCard(profile, citizen, faults)
        self.serving[reader] = VpcdCard(card, port=PORTS[reader]).start()
        wait_for(lambda: card_present(reader), f"a card in {reader}", 10)
        return card

    def remove(self, reader: str, wait: bool = True) -> None:
        server = self.serving.pop(reader, None)
        if server is not None:
            server.stop()
            if wait:
                wait_for(lambda: not card_present(reader), f"{reader} to be empty", 10)

    def remove_all(self) -> None:
        for reader in list(self.serving):
            self.remove(reader)


@pytest.fixture
def virtual_cards(pcscd: None) -> Iterator[VirtualCards]:
    cards = VirtualCards()
    yield cards
    cards.remove_all()
