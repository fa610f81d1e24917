"""A seal typed by a scanner with the wrong keyboard layout is put back, or the person is told; access codes are
recognised. The layout mix-ups come from the real XKB keymaps (tests/verify/keyboards.py)."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.seal import BASE45_ALPHABET, SealStatus, public_jwk, sign_seal, verify_seal
from kiosk.verify_input import InputKind, ReadInput, read_input
from tests.ui.entry_helpers import DOCUMENT
from tests.verify.keyboards import typed_through

KEY = ec.generate_private_key(ec.SECP256R1())
TRUST = {"keys": [public_jwk(KEY.public_key(), 0, 2**40)]}
EVERY_CHARACTER = "CS1:" + BASE45_ALPHABET
MIXUPS = [("us", "pt"), ("pt", "us")]


@pytest.mark.parametrize(("scanner", "terminal"), MIXUPS)
def test_every_seal_character_survives_a_layout_mixup(scanner: str, terminal: str) -> None:
    mangled = typed_through(EVERY_CHARACTER, scanner, terminal)
    assert mangled != EVERY_CHARACTER  # the mix-up really changes characters
    read = read_input(mangled)
    assert read.kind is InputKind.SEAL
    assert read.repaired
    assert read.text == EVERY_CHARACTER


@pytest.mark.parametrize(("scanner", "terminal"), MIXUPS)
def test_a_signed_seal_through_a_mixup_verifies_again(scanner: str, terminal: str) -> None:
    seal = sign_seal(DOCUMENT, KEY)
    mangled = typed_through(seal, scanner, terminal)
    assert verify_seal(mangled, TRUST).status is SealStatus.MALFORMED  # unrepaired, it cannot be read
    read = read_input(mangled)
    assert read.text == seal
    assert verify_seal(read.text, TRUST).status is SealStatus.VALID


def test_same_layout_and_caps_lock() -> None:
    seal = sign_seal(DOCUMENT, KEY)
    assert read_input(typed_through(seal, "us", "us")) == read_input(seal)
    assert not read_input(seal).repaired
    assert read_input(f"  {seal}\n").text == seal
    caps = read_input(seal.lower())  # Caps Lock on the terminal: the scanner's capitals arrive small
    assert caps.text == seal
    assert caps.repaired


def test_a_mangled_seal_that_cannot_be_put_back_is_said_so() -> None:
    read = read_input("CS1Ç6BFé0")  # é: no seal character becomes é on any layout we repair
    assert read.kind is InputKind.WRONG_LAYOUT


def test_access_codes_and_anything_else() -> None:
    assert read_input("abcd-efgh-jkmn") == ReadInput(InputKind.ACCESS_CODE, "ABCD-EFGH-JKMN")
    assert read_input("ABCDEFGHJKMN").kind is InputKind.ACCESS_CODE
    assert read_input("AB-CD").kind is InputKind.UNKNOWN
    assert read_input("not a seal").kind is InputKind.UNKNOWN
    # A proper prefix with junk after it is the verifier's to refuse (unreadable), not a layout problem.
    junk = read_input("CS1:not base45!")
    assert junk.kind is InputKind.SEAL
    assert verify_seal(junk.text, TRUST).status is SealStatus.MALFORMED


def test_an_access_code_is_shown_with_the_dashes_of_the_paper() -> None:
    """QA L3: typed without dashes (or with spaces), the verdict still shows it as printed."""
    for typed in ("EMG9ABXB4ETW", "emg9 abxb 4etw", "EMG9-ABXB4ETW"):
        assert read_input(typed) == ReadInput(InputKind.ACCESS_CODE, "EMG9-ABXB-4ETW")
