"""The shape of a document's access code, checked at the counter before the portal is asked
(kiosk/counter/access_code.py), against the portal's own alphabet and maker of codes."""

from __future__ import annotations

import pytest

from kiosk.counter.access_code import CODE_ALPHABET, CODE_LENGTH, access_code_problem
from portal.security import CODE_ALPHABET as PORTAL_ALPHABET
from portal.security import new_code


def test_the_alphabet_is_the_portals() -> None:
    assert CODE_ALPHABET == PORTAL_ALPHABET


def test_every_code_the_portal_makes_passes() -> None:
    for _ in range(2000):
        code = new_code()
        assert len(code.replace("-", "")) == CODE_LENGTH
        assert access_code_problem(code) is None, code
        assert access_code_problem(code.replace("-", " ").lower()) is None


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("A" * 16, "counter.verify.code_repeated"),
        ("AAAA-AAAA-AAAA", "counter.verify.code_repeated"),
        ("a" * 23, "counter.verify.code_repeated"),
        ("ABCD-EFGH", "counter.verify.code_length"),
        ("ABCD-EFGH-JKMN-PQRS", "counter.verify.code_length"),
        ("ABC", "counter.verify.code_length"),
        ("ABCD-EFGH-JK0N", "counter.verify.code_characters"),
        ("ABCD-EFGH-JKMO", "counter.verify.code_characters"),
        ("ABCD-EFGH-1KMN", "counter.verify.code_characters"),
    ],
)
def test_what_cannot_be_a_code_says_why(typed: str, key: str) -> None:
    assert access_code_problem(typed) == key
