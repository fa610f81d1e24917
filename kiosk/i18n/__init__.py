"""Every text a citizen, a clerk or an operator reads, in Portuguese and English.

Catalogs are TOML files beside this module: pt.toml and en.toml, plus one file per part of the product in the
folders pt/ and en/ (pt/journey.toml, en/journey.toml...), so each part keeps its texts together. All of a
language's files are merged into one flat table of keys, read once on first use; a key defined twice is an
error.
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


HERE = Path(__file__).resolve().parent


@cache
def catalog(language: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in (HERE / f"{language}.toml", *sorted((HERE / language).glob("*.toml"))):
        with path.open("rb") as file:
            table = _flatten(tomllib.load(file))
        twice = set(table) & set(merged)
        if twice:
            raise ValueError(f"{path.name} defines texts already defined elsewhere: {sorted(twice)}")
        merged.update(table)
    return merged


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
