"""Fixtures for the card layer tests.

The demo CA is created once per test session in a temporary folder, so tests never touch
the developer's cache and always exercise the generation path.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest


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

PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")
PCSCD_PID = Path("/run/pcscd/pcscd.pid")
READER_0 = "Virtual PCD 00 00"
READER_1 = "Virtual PCD 00 01"
PORTS = {READER_0: 35963, READER_1: 35964}


def _wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise TimeoutError(f"timed out waiting for {what}")


def _vpcd_readers() -> list[str]:
    from smartcard.Exceptions import SmartcardException
    from smartcard.System import readers

    try:
        return [str(reader) for reader in readers() if str(reader).startswith("Virtual PCD")]
    except SmartcardException:
        return []


@pytest.fixture(scope="session")
def pcscd() -> Iterator[None]:
    """A running pcscd with the two vpcd readers; started here (and stopped) if absent."""
    from tests.helpers import require, require_tool

    require_tool("pcscd")
    require(Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so").exists(), "vsmartcard-vpcd driver")
    started = False
    if not PCSCD_SOCKET.exists():
        subprocess.run(["pcscd"], check=True, timeout=10)
        started = True
    try:
        _wait_for(lambda: len(_vpcd_readers()) == 2, 10, "pcscd to list the two vpcd readers")
    except TimeoutError:
        require(False, "pcscd with the vpcd readers")
    yield
    if started and PCSCD_PID.exists():
        pid = int(PCSCD_PID.read_bytes().strip(b"\x00\n ") or 0)
        if pid:
            os.kill(pid, signal.SIGTERM)


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
        _wait_for(lambda: card_present(reader), 10, f"a card in {reader}")
        return card

    def remove(self, reader: str, wait: bool = True) -> None:
        server = self.serving.pop(reader, None)
        if server is not None:
            server.stop()
            if wait:
                _wait_for(lambda: not card_present(reader), 10, f"{reader} to be empty")

    def remove_all(self) -> None:
        for reader in list(self.serving):
            self.remove(reader)


@pytest.fixture
def virtual_cards(pcscd: None) -> Iterator[VirtualCards]:
    cards = VirtualCards()
    yield cards
    cards.remove_all()
