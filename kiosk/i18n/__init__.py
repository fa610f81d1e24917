"""Every text a citizen, a clerk or an operator reads, in Portuguese and English.

Catalogs are TOML files beside this module (pt.toml, en.toml), one key per message, read once on first use.
Placeholders use str.format names: ``text("en", "home.greeting", name="Ana")``.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Final, Literal

Language = Literal["pt", "en"]
LANGUAGES: Final[tuple[Language, ...]] = ("pt", "en")
LANGUAGE_NAMES: Final[dict[Language, str]] = {"pt": "Português", "en": "English"}


@cache
def catalog(language: str) -> dict[str, str]:
    path = Path(__file__).with_name(f"{language}.toml")
    with path.open("rb") as file:
        return _flatten(tomllib.load(file))


def _flatten(table: dict[str, object], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat


def text(language: str, key: str, **values: object) -> str:
    """The message in the language; a missing key shows itself, so a test catches it, never a crash."""
    message = catalog(language if language in LANGUAGES else "pt").get(key, key)
    return message.format(**values) if values else message


def other_language(language: str) -> Language:
    return "en" if language == "pt" else "pt"
