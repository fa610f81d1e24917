"""Check digits of Portuguese identifiers, IBANs and Multibanco payment references (domain.md section 5).

The arithmetic is python-stdnum's, a maintained library checked against each number's definition: the NIF's
mod 11 (stdnum.pt.nif), the IBAN's per-country format and ISO 7064 MOD 97-10 (stdnum.iban), and the same
MOD 97-10 behind Multibanco check digits (their weights are the powers of 10 mod 97). What is decided here is
only the form a value must already have: ASCII digits and capitals, no separators, no "PT" prefix on a NIF.
"""

from __future__ import annotations

# The NIF and IBAN checks belong to the form rules (kiosk/field_rules.py), which the kiosk checks answers
# with and cannot import from here; named here too for the portal's other users.
from kiosk.field_rules import iban_is_valid, nif_is_valid

__all__ = [
    "iban_is_valid",
    "multibanco_check_digits",
    "multibanco_reference",
    "multibanco_reference_is_valid",
    "nif_is_valid",
    "nif_with_check_digit",
]


def nif_with_check_digit(first_eight: str) -> str:
    """Complete eight digits into a valid NIF (used to mint demo company numbers)."""
    from stdnum.pt import nif

    return first_eight + nif.calc_check_digit(first_eight)


def multibanco_check_digits(entity: str, prefix: str, amount_cents: int) -> str:
    """The two check digits binding entity, 7-digit reference prefix and amount together."""
    if len(entity) != 5 or not entity.isdigit():
        raise ValueError("a Multibanco entity has 5 digits")
    if len(prefix) != 7 or not prefix.isdigit():
        raise ValueError("a Multibanco reference prefix has 7 digits")
    if not 0 <= amount_cents <= 99_999_999:
        raise ValueError("the amount must fit in 8 digits of cents")
    from stdnum.iso7064 import mod_97_10

    # 98 - (control x 100 mod 97): the 22 digits entity|prefix|amount|check are 1 mod 97, as in an IBAN.
    return mod_97_10.calc_check_digits(f"{entity}{prefix}{amount_cents:08d}")


def multibanco_reference(entity: str, prefix: str, amount_cents: int) -> str:
    """The 9-digit reference a payer keys in: prefix followed by its check digits."""
    return prefix + multibanco_check_digits(entity, prefix, amount_cents)


def multibanco_reference_is_valid(entity: str, reference: str, amount_cents: int) -> bool:
    """Whether a 9-digit reference matches this entity and amount."""
    if len(reference) != 9 or not reference.isdigit():
        return False
    return multibanco_reference(entity, reference[:7], amount_cents) == reference
