"""Portuguese and English everywhere: both catalogs have the same keys and the same placeholders."""

from __future__ import annotations

import string

from kiosk.i18n import LANGUAGES, catalog, text


def placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def test_catalogs_have_the_same_keys() -> None:
    pt, en = catalog("pt"), catalog("en")
    assert set(pt) == set(en)
    assert len(pt) > 20


def test_catalogs_have_the_same_placeholders() -> None:
    pt, en = catalog("pt"), catalog("en")
    for key in pt:
        assert placeholders(pt[key]) == placeholders(en[key]), key


def test_text_fills_placeholders_in_each_language() -> None:
    assert text("en", "home.greeting", name="Ana") == "Hello, Ana"
    assert text("pt", "home.greeting", name="Ana") == "Olá, Ana"
    assert set(LANGUAGES) == {"pt", "en"}
