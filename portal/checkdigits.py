"""Check digits of Portuguese identifiers and Multibanco payment references (domain.md section 5)."""

from __future__ import annotations

MULTIBANCO_WEIGHTS = (51, 73, 17, 89, 38, 62, 45, 53, 15, 50, 5, 49, 34, 81, 76, 27, 90, 9, 30, 3)


def nif_is_valid(value: str) -> bool:
    """A Portuguese tax number (NIF/NIPC): 9 digits, mod-11 check digit on the weights 9..2."""
    if len(value) != 9 or not value.isdigit() or value[0] == "0":
        return False
    total = sum(int(digit) * (9 - index) for index, digit in enumerate(value[:8]))
    remainder = total % 11
    check = 0 if remainder < 2 else 11 - remainder
    return check == int(value[8])


def nif_with_check_digit(first_eight: str) -> str:
    """Complete eight digits into a valid NIF (used to mint demo company numbers)."""
    total = sum(int(digit) * (9 - index) for index, digit in enumerate(first_eight))
    remainder = total % 11
    return first_eight + str(0 if remainder < 2 else 11 - remainder)


def multibanco_check_digits(entity: str, prefix: str, amount_cents: int) -> str:
    """The two check digits binding entity, 7-digit reference prefix and amount together."""
    if len(entity) != 5 or not entity.isdigit():
        raise ValueError("a Multibanco entity has 5 digits")
    if len(prefix) != 7 or not prefix.isdigit():
        raise ValueError("a Multibanco reference prefix has 7 digits")
    if not 0 <= amount_cents <= 99_999_999:
        raise ValueError("the amount must fit in 8 digits of cents")
    control = f"{entity}{prefix}{amount_cents:08d}"
    total = sum(int(digit) * weight for digit, weight in zip(control, MULTIBANCO_WEIGHTS, strict=True))
    return f"{98 - total % 97:02d}"


def multibanco_reference(entity: str, prefix: str, amount_cents: int) -> str:
    """The 9-digit reference a payer keys in: prefix followed by its check digits."""
    return prefix + multibanco_check_digits(entity, prefix, amount_cents)


def multibanco_reference_is_valid(entity: str, reference: str, amount_cents: int) -> bool:
    """Whether a 9-digit reference matches this entity and amount."""
    if len(reference) != 9 or not reference.isdigit():
        return False
    return multibanco_reference(entity, reference[:7], amount_cents) == reference
