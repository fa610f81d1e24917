"""What a person or a scanner typed into "check a certificate": a seal, an access code, or neither.

A barcode scanner "types" the QR's text as key presses. It sends the keys of the layout it was set up for, and
the terminal reads them with its own layout: a scanner set to US keys on a terminal with a Portuguese layout
turns the seal's ':' into 'Ç', '-' into "'", '/' into '-', '*' into '(' and '+' into '»' (and the other way
round, a PT scanner on a US terminal gives '>', '/', '&', '{' and '['). Every seal starts with "CS1:", so its
first four characters say which mix-up happened; the whole text is then mapped back, character by character,
to the seal's alphabet (Base45, RFC 9285). A text that still has characters outside that alphabet is not
guessed at: the person is told the scanner's layout is wrong.

Access codes (the ABCD-EFGH-JKMN printed under "access code") are recognised by their shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from kiosk.seal import BASE45_ALPHABET, PREFIX

# Character the terminal read -> the seal character the scanner meant, for each layout mix-up.
US_SCANNER_ON_PT_TERMINAL = {"Ç": ":", "ç": ":", "-": "/", "'": "-", "(": "*", "»": "+", "«": "+"}
PT_SCANNER_ON_US_TERMINAL = {">": ":", "/": "-", "&": "/", "{": "*", "[": "+"}
LAYOUT_REPAIRS = {
    PREFIX[:3] + "Ç": US_SCANNER_ON_PT_TERMINAL,
    PREFIX[:3] + "ç": US_SCANNER_ON_PT_TERMINAL,
    PREFIX[:3] + ">": PT_SCANNER_ON_US_TERMINAL,
}
SEAL_CHARACTERS = frozenset(BASE45_ALPHABET)
ACCESS_CODE = re.compile(r"^[A-Z0-9]{4}(?:[\s-]?[A-Z0-9]{4}){1,3}$")
"""Groups of four letters and digits, as the portal prints them (ABCD-EFGH-JKMN); dashes or spaces optional."""


class InputKind(StrEnum):
    SEAL = "seal"
    ACCESS_CODE = "access-code"
    WRONG_LAYOUT = "wrong-layout"
    """Looks like a seal, but a keyboard layout mangled it beyond what can be repaired."""
    UNKNOWN = "unknown"
    """Neither: checked as a seal, which says it is unreadable."""


@dataclass(frozen=True)
class ReadInput:
    kind: InputKind
    text: str
    """The seal as the issuer wrote it (repaired when needed), or the access code as typed, trimmed."""
    repaired: bool = False
    """A keyboard layout had changed some characters and they were mapped back."""


def read_input(typed: str) -> ReadInput:
    """Classify (and repair) what was typed; never raises."""
    text = typed.strip()
    # Caps Lock on the terminal turns the scanner's capitals into small letters: the seal has no small letters.
    candidate = text.upper() if text[:4].upper() in {PREFIX, *LAYOUT_REPAIRS} else text
    if candidate.startswith(PREFIX):
        # The verifier says whether the rest is a seal; nothing here is a layout's doing.
        return ReadInput(InputKind.SEAL, candidate, repaired=candidate != text)
    repairs = LAYOUT_REPAIRS.get(text[:4]) or LAYOUT_REPAIRS.get(text[:4].upper())
    if repairs is not None:
        mapped = PREFIX + "".join(repairs.get(char, char) for char in text[len(PREFIX) :]).upper()
        kind = InputKind.SEAL if set(mapped[len(PREFIX) :]) <= SEAL_CHARACTERS else InputKind.WRONG_LAYOUT
        return ReadInput(kind, mapped, repaired=True)
    if ACCESS_CODE.match(text.upper()):
        # Written as the paper prints it (ABCD-EFGH-JKMN), however it was typed: the person compares the two.
        plain = re.sub(r"[\s-]", "", text.upper())
        return ReadInput(InputKind.ACCESS_CODE, "-".join(plain[at : at + 4] for at in range(0, len(plain), 4)))
    return ReadInput(InputKind.UNKNOWN, text)
