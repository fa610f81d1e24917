"""The last-try warning: asked before every PIN entry, followed down to a blocked PIN."""

from __future__ import annotations

import pytest

from kiosk.card.emulator.card import EmulatedCard
from kiosk.card.emulator.citizens import DemoCitizen, find_citizen
from kiosk.card.errors import PinBlocked, WrongPin
from kiosk.card.identity import PinKind
from kiosk.card.messages import MESSAGES
from kiosk.card.pins import LAST_TRY_MESSAGE, PinTries
from kiosk.card.session import CardSession
from kiosk.card.transport import InProcessTransport, PcscTransport
from tests.card.conftest import READER_0, VirtualCards

# (profile, citizen, the PIN the flow asks for)
FLOWS = [
    ("pt-cc1", "maria", PinKind.ADDRESS),
    ("pt-cc1", "maria", PinKind.AUTHENTICATION),
    ("pt-cc2", "joao", PinKind.ADDRESS),
    ("be-eid", "lucas", PinKind.AUTHENTICATION),
    ("be-eid", "elodie", PinKind.AUTHENTICATION),
]
WRONG = b"98989898"


def attempt(session: CardSession, kind: PinKind, pin: bytes) -> None:
    """What the kiosk does with a typed PIN for that kind."""
    if kind is PinKind.ADDRESS:
        session.read_address(bytearray(pin))
    else:
        session.authenticate(b"challenge", bytearray(pin))


def walk_down_to_blocked(session: CardSession, kind: PinKind, where: str) -> None:
    tries = session.pin_tries(kind)
    assert (tries.tries_left, tries.last_try, tries.blocked, tries.message_id) == (3, False, False, None)
    assert tries.user_message("pt") is None

    with pytest.raises(WrongPin) as wrong:
        attempt(session, kind, WRONG)
    assert wrong.value.tries_left == 2
    assert session.pin_tries(kind).message_id is None

    with pytest.raises(WrongPin) as wrong:
        attempt(session, kind, WRONG)
    assert wrong.value.message_id == "card.wrong_pin_last"
    tries = session.pin_tries(kind)
    assert tries.last_try
    assert not tries.blocked
    assert tries.message_id == LAST_TRY_MESSAGE
    assert "last try" in (tries.user_message("en") or "")
    assert "última tentativa" in (tries.user_message("pt") or "")

    with pytest.raises(PinBlocked) as blocked:
        attempt(session, kind, WRONG)
    tries = session.pin_tries(kind)
    assert tries.blocked
    assert not tries.last_try
    assert tries.message_id == "card.pin_blocked" == blocked.value.message_id
    assert tries.where_to_unblock == where
    assert tries.user_message("pt") == blocked.value.user_message("pt")
    # Blocked means blocked: even the right PIN is refused, and nothing is tried on the card.
    with pytest.raises(PinBlocked):
        attempt(session, kind, b"0000")


def right_pin(citizen: DemoCitizen, kind: PinKind) -> bytes:
    return citizen.pin(kind).encode()


@pytest.mark.parametrize(("profile", "citizen_id", "kind"), FLOWS)
def test_tries_down_to_blocked_with_the_last_try_warning(profile: str, citizen_id: str, kind: PinKind) -> None:
    card = EmulatedCard(profile, citizen_id)
    with CardSession.open(InProcessTransport(card)) as session:
        walk_down_to_blocked(session, kind, "where.be" if profile == "be-eid" else "where.pt")


@pytest.mark.parametrize(("profile", "citizen_id", "kind"), FLOWS)
def test_the_right_pin_on_the_last_try_restores_all_tries(profile: str, citizen_id: str, kind: PinKind) -> None:
    citizen = find_citizen(citizen_id)
    with CardSession.open(InProcessTransport(EmulatedCard(profile, citizen))) as session:
        for _ in range(2):
            with pytest.raises(WrongPin):
                attempt(session, kind, WRONG)
        assert session.pin_tries(kind).last_try
        attempt(session, kind, right_pin(citizen, kind))
        assert session.pin_tries(kind).message_id is None
        assert session.pin_tries(kind).tries_left == 3


def test_the_warning_exists_in_every_language() -> None:
    for language, table in MESSAGES.items():
        assert table[LAST_TRY_MESSAGE], language
    assert MESSAGES["pt"][LAST_TRY_MESSAGE] != MESSAGES["en"][LAST_TRY_MESSAGE]
    assert PinTries(PinKind.ADDRESS, 2, "where.pt").user_message("en") is None


@pytest.mark.pcscd
@pytest.mark.parametrize(
    ("profile", "citizen_id", "kind"),
    [("pt-cc1", "maria", PinKind.ADDRESS), ("be-eid", "elodie", PinKind.AUTHENTICATION)],
)
def test_last_try_warning_through_pcscd(
    virtual_cards: VirtualCards, profile: str, citizen_id: str, kind: PinKind
) -> None:
    virtual_cards.insert(READER_0, profile, citizen_id)
    with CardSession.open(PcscTransport(READER_0)) as session:
        walk_down_to_blocked(session, kind, "where.be" if profile == "be-eid" else "where.pt")


@pytest.mark.pcscd
def test_the_cli_warns_before_asking_for_the_last_try(virtual_cards: VirtualCards) -> None:
    from tests.card.test_cli import card_cli

    citizen = find_citizen("maria")
    virtual_cards.insert(READER_0, "pt-cc1", citizen.id)
    with CardSession.open(PcscTransport(READER_0)) as session:
        for _ in range(2):
            with pytest.raises(WrongPin):
                session.read_address(bytearray(WRONG))
    pin = citizen.pin(PinKind.ADDRESS)
    completed = card_cli("--lang", "pt", "read", "--reader", READER_0, "--json", "--address", stdin=pin + "\n")
    assert completed.returncode == 0, completed.stderr
    assert MESSAGES["pt"][LAST_TRY_MESSAGE] in completed.stderr
    assert pin not in completed.stderr + completed.stdout

    # Blocked: the CLI says where to unblock it without asking for (or reading) a PIN.
    with CardSession.open(PcscTransport(READER_0)) as session:
        for _ in range(3):
            with pytest.raises((WrongPin, PinBlocked)):
                session.read_address(bytearray(WRONG))
    completed = card_cli("--lang", "pt", "read", "--reader", READER_0, "--address", stdin=pin + "\n")
    assert completed.returncode == 1
    assert "Loja do Cidadão" in completed.stderr
    assert "Traceback" not in completed.stderr
