"""Through a real pcscd and the vpcd driver: the card layer as it runs on a kiosk.

The emulated card is the only part that is not real hardware; pyscard, pcscd, the vpcd IFD
handler and the TCP link are the production path.
"""

from __future__ import annotations

import time

import pytest

from kiosk.card.emulator.card import Faults
from kiosk.card.emulator.citizens import find_citizen
from kiosk.card.errors import CardRemoved, NoCard, PinBlocked, WrongPin
from kiosk.card.events import ReaderEvent, ReaderEventKind
from kiosk.card.identity import PinKind
from kiosk.card.monitor import PcscMonitor
from kiosk.card.session import CardSession
from kiosk.card.transport import PcscTransport
from tests.card.cardcheck import assert_identity_matches, assert_signature_verifies
from tests.card.conftest import READER_0, READER_1, VirtualCards

pytestmark = pytest.mark.pcscd
OWN_CITIZEN = {"pt-cc1": "maria", "pt-cc2": "joao", "be-eid": "elodie"}


@pytest.mark.parametrize("profile", ["pt-cc1", "pt-cc2", "be-eid"])
def test_identity_address_and_signature(virtual_cards: VirtualCards, profile: str) -> None:
    citizen = find_citizen(OWN_CITIZEN[profile])
    virtual_cards.insert(READER_0, profile, citizen.id)
    with CardSession.open(PcscTransport(READER_0)) as session:
        assert_identity_matches(session.read_identity(), citizen, profile)
        address = session.read_address(bytearray(citizen.pin(PinKind.ADDRESS).encode()))
        assert address.municipality
        challenge = b"pcscd challenge"
        pin = bytearray(citizen.pin(PinKind.AUTHENTICATION).encode())
        assert_signature_verifies(session.authenticate(challenge, pin), challenge)


@pytest.mark.parametrize("profile", ["pt-cc1", "pt-cc2", "be-eid"])
def test_wrong_pin_down_to_blocked(virtual_cards: VirtualCards, profile: str) -> None:
    virtual_cards.insert(READER_0, profile, OWN_CITIZEN[profile])
    with CardSession.open(PcscTransport(READER_0)) as session:
        for tries_left in (2, 1):
            with pytest.raises(WrongPin):
                session.authenticate(b"x", bytearray(b"98989898"))
            assert session.pin_status(PinKind.AUTHENTICATION) == tries_left
        with pytest.raises(PinBlocked):
            session.authenticate(b"x", bytearray(b"98989898"))
        assert session.pin_status(PinKind.AUTHENTICATION) == 0


@pytest.mark.parametrize("profile", ["pt-cc1", "pt-cc2", "be-eid"])
def test_card_pulled_mid_read(virtual_cards: VirtualCards, profile: str) -> None:
    virtual_cards.insert(READER_0, profile, OWN_CITIZEN[profile], Faults(pull_after=4))
    session = CardSession.open(PcscTransport(READER_0))
    with pytest.raises(CardRemoved):
        session.read_photo()
    assert session._photo is None


def test_reader_with_no_card(pcscd: None) -> None:
    with pytest.raises(NoCard) as caught:
        PcscTransport(READER_1)
    assert caught.value.user_message("en") == "There is no card in the reader."


def test_two_readers_at_once(virtual_cards: VirtualCards) -> None:
    virtual_cards.insert(READER_0, "pt-cc1", "maria")
    virtual_cards.insert(READER_1, "be-eid", "lucas")
    first = CardSession.open(PcscTransport(READER_0))
    second = CardSession.open(PcscTransport(READER_1))
    # Interleave the two conversations: each reader keeps its own card state.
    assert first.read_identity().surname == find_citizen("maria").surname
    assert second.read_identity().surname == "Peeters"
    assert first.read_photo().mime_type == "image/jp2"
    assert second.read_photo().mime_type == "image/jpeg"
    first.close()
    second.close()


def _wait_events(events: list[ReaderEvent], count: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while len(events) < count and time.monotonic() < deadline:
        time.sleep(0.02)


def test_monitor_sees_insertions_removals_on_two_readers(virtual_cards: VirtualCards) -> None:
    events: list[ReaderEvent] = []
    monitor = PcscMonitor(events.append).start()
    try:
        _wait_events(events, 2)
        assert {(event.kind, event.reader) for event in events} >= {
            (ReaderEventKind.READER_ADDED, READER_0),
            (ReaderEventKind.READER_ADDED, READER_1),
        }
        events.clear()
        card = virtual_cards.insert(READER_1, "pt-cc2", "joao")
        _wait_events(events, 1)
        virtual_cards.remove(READER_1)
        _wait_events(events, 2)
    finally:
        monitor.stop()
    assert [(event.kind, event.reader) for event in events] == [
        (ReaderEventKind.INSERTED, READER_1),
        (ReaderEventKind.REMOVED, READER_1),
    ]
    assert events[0].atr == card.atr


def test_monitor_does_not_miss_a_swap_while_the_app_is_busy(virtual_cards: VirtualCards) -> None:
    """The card is swapped while the event handler still works on the insertion."""
    import threading

    events: list[ReaderEvent] = []
    handler_busy = threading.Event()
    release = threading.Event()

    def slow_handler(event: ReaderEvent) -> None:
        events.append(event)
        if event.kind == ReaderEventKind.INSERTED and len(events) == 1:
            handler_busy.set()
            release.wait(10)

    monitor = PcscMonitor(lambda event: slow_handler(event) if event.reader == READER_0 else None).start()
    try:
        _wait_events(events, 1)  # reader_added
        events.clear()
        virtual_cards.insert(READER_0, "pt-cc1", "maria")
        assert handler_busy.wait(10)
        virtual_cards.remove(READER_0)
        swapped = virtual_cards.insert(READER_0, "be-eid", "lucas")
        release.set()
        _wait_events(events, 3)
    finally:
        release.set()
        monitor.stop()
    assert [event.kind for event in events] == [
        ReaderEventKind.INSERTED,
        ReaderEventKind.REMOVED,
        ReaderEventKind.INSERTED,
    ]
    assert events[-1].atr == swapped.atr


def test_cli_reads_a_card_in_pcscd(virtual_cards: VirtualCards) -> None:
    import json
    import subprocess
    import sys

    citizen = find_citizen("ines")
    virtual_cards.insert(READER_1, "pt-cc2", citizen.id)
    completed = subprocess.run(
        [sys.executable, "-m", "kiosk.card.cli", "read", "--reader", READER_1, "--json", "--address"],
        input=citizen.pin(PinKind.ADDRESS) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout)
    assert data["given_names"] == citizen.given_names
    assert data["address"]["foreign"] is True
    assert citizen.pin(PinKind.ADDRESS) not in completed.stdout + completed.stderr


def test_monitor_recovers_from_a_pcscd_restart(demo_ca_directory: object) -> None:
    """Run in a private namespace with its own pcscd, so the host's pcscd is never touched."""
    import json
    import os
    import shutil
    import subprocess
    import sys

    from tests.helpers import require, require_tool

    require_tool("pcscd")
    require(shutil.which("unshare") is not None and os.geteuid() == 0, "root and unshare")
    completed = subprocess.run(
        ["unshare", "-m", "-n", "--propagation", "private", sys.executable, "-m",
         "tests.card.pcscd_restart_scenario"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    lines = [json.loads(line) for line in completed.stdout.splitlines()]
    kinds = [line["kind"] for line in lines if "kind" in line and line["reader"].endswith("00 00")]
    # Card seen, lost with the reader when pcscd stops, and seen again after the restart.
    assert kinds[:2] == ["reader_added", "inserted"]
    after_stop = kinds[2:]
    assert after_stop[:2] == ["removed", "reader_removed"]
    assert after_stop[-2:] == ["reader_added", "inserted"]
    assert lines[-1]["restarts"] >= 1
