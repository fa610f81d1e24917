"""What a clerk types (ticket numbers, cash) and what a USB scanner types (a burst), checked headless."""

from __future__ import annotations

import pytest

from kiosk.counter.lock import IdleLock
from kiosk.counter.scanner import ScanBurst
from kiosk.counter.typed import TypedWrong, amount_cents, tendered_cents, ticket_number
from kiosk.i18n import text

CATEGORIES = ("A", "B", "C", "P")


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("A023", "A023"),
        ("a23", "A023"),
        ("A-023", "A023"),
        (" b 7 ", "B007"),
        ("P100", "P100"),
        ("C0005", "C005"),
    ],
)
def test_ticket_numbers_are_written_as_the_queue_writes_them(typed: str, number: str) -> None:
    assert ticket_number(typed, CATEGORIES) == number


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("", "counter.typed.ticket_empty"),
        ("23", "counter.typed.ticket_shape"),
        ("AA23", "counter.typed.ticket_shape"),
        ("A1234", "counter.typed.ticket_shape"),
        ("A000", "counter.typed.ticket_shape"),
        ("Z023", "counter.typed.ticket_category"),
    ],
)
def test_a_wrong_ticket_number_gets_a_plain_message(typed: str, key: str) -> None:
    with pytest.raises(TypedWrong) as wrong:
        ticket_number(typed, CATEGORIES)
    assert wrong.value.key == key
    for language in ("pt", "en"):
        message = text(language, wrong.value.key, **wrong.value.values)
        assert message != key  # a real sentence in both languages, not the bare key
        assert "{" not in message


@pytest.mark.parametrize(
    ("typed", "cents"),
    [("20", 2000), ("20,5", 2050), ("20.50", 2050), ("€ 7,05", 705), ("0,99", 99), ("1 000", 100000)],
)
def test_amounts_in_cents(typed: str, cents: int) -> None:
    assert amount_cents(typed) == cents


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("", "counter.typed.amount_empty"),
        ("vinte", "counter.typed.amount_shape"),
        ("20,555", "counter.typed.amount_shape"),
        ("-5", "counter.typed.amount_shape"),
        ("100000", "counter.typed.amount_too_large"),
    ],
)
def test_bad_amounts_are_refused_in_plain_words(typed: str, key: str) -> None:
    with pytest.raises(TypedWrong) as wrong:
        amount_cents(typed)
    assert wrong.value.key == key


def test_tendered_must_cover_what_is_due() -> None:
    assert tendered_cents("10", 750) == 1000
    with pytest.raises(TypedWrong) as wrong:
        tendered_cents("5", 750)
    assert wrong.value.key == "counter.typed.amount_short"
    # The amounts are written in the language the message is shown in, each time it is shown (F2 switches).
    assert text(
        "en", wrong.value.key, **wrong.value.values_in("en")
    ) == "€5.00 does not cover the €7.50 due. " + ("Type the amount handed over.")
    assert "5,00 €" in text("pt", wrong.value.key, **wrong.value.values_in("pt"))
    assert "7,50 €" in text("pt", wrong.value.key, **wrong.value.values_in("pt"))


def test_a_scanner_burst_ending_in_enter_is_a_scan() -> None:
    burst = ScanBurst()
    for index, character in enumerate("CS1:ABCDEFGH12"):
        burst.key(character, 10.0 + index * 0.004)
    assert burst.scanned
    assert burst.enter() == "CS1:ABCDEFGH12"
    assert burst.enter() is None  # collected once


def test_a_person_typing_is_not_a_scan() -> None:
    burst = ScanBurst()
    for index, character in enumerate("CS1:ABCDEFGH12"):
        burst.key(character, 10.0 + index * 0.15)
    assert not burst.scanned
    assert burst.enter() is None


def test_a_scan_after_a_stray_key_and_without_enter_is_complete_after_a_pause() -> None:
    burst = ScanBurst()
    burst.key("x", 1.0)  # someone touched a key, then scanned a second later
    for index, character in enumerate("ABCD-EFGH-JKMN"):
        burst.key(character, 2.0 + index * 0.003)
    assert burst.paused(2.1) is None  # still coming
    assert burst.paused(2.5) == "ABCD-EFGH-JKMN"


def test_the_desk_locks_once_after_the_idle_time_and_opens_again() -> None:
    lock = IdleLock(lock_seconds=300, last_touch=0.0)
    lock.touch(100.0)
    assert not lock.due(399.0)
    assert lock.due(400.0)
    assert not lock.due(401.0)  # said once
    lock.touch(402.0)  # keys behind the lock do not open it
    assert lock.locked
    lock.unlock(500.0)
    assert not lock.locked
    assert not lock.due(799.0)
    assert lock.due(800.0)
