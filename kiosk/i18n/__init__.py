"""Every text a citizen, a clerk or an operator reads, in Portuguese and English.

Catalogs are TOML files beside this module: pt.toml and en.toml, plus one file per part of the product in the
folders pt/ and en/ (pt/journey.toml, en/journey.toml...), so each part keeps its texts together. All of a
language's files are merged into one flat table of keys, read once on first use; a key defined twice is an
error.
Placeholders use str.format names: ``text("en", "home.greeting", name="Ana")``.
"""

from __future__ import annotations

import importlib.util
import marshal
import os
import sys
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
    paths = [HERE / f"{language}.toml", *sorted((HERE / language).glob("*.toml"))]
    stamp = [(path.name, status.st_mtime_ns, status.st_size) for path in paths for status in [path.stat()]]
    compiled = _compiled_path(language)
    merged = _read_compiled(compiled, stamp)
    if merged is None:
        merged = _merge(paths)
        _write_compiled(compiled, stamp, merged)
    return merged


def _merge(paths: list[Path]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in paths:
        with path.open("rb") as file:
            table = _flatten(tomllib.load(file))
        twice = set(table) & set(merged)
        if twice:
            raise ValueError(f"{path.name} defines texts already defined elsewhere: {sorted(twice)}")
        merged.update(table)
    return merged


# Parsing the TOML files costs about a tenth of the kiosk's start; the merged table is kept beside the modules'
# bytecode (in __pycache__, where Python keeps its own compiled files), stamped with each file's name, size and
# modification time, and read back in well under a millisecond while no file changed.


def _compiled_path(language: str) -> Path:
    return Path(importlib.util.cache_from_source(str(HERE / f"catalog_{language}.py"))).with_suffix(".marshal")


def _read_compiled(path: Path, stamp: list[tuple[str, int, int]]) -> dict[str, str] | None:
    try:
        # As trusted as the .pyc files beside it, which Python runs: both are written by whoever may write here.
        kept_stamp, table = marshal.loads(path.read_bytes())  # noqa: S302
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return table if kept_stamp == stamp and isinstance(table, dict) else None


def _write_compiled(path: Path, stamp: list[tuple[str, int, int]], table: dict[str, str]) -> None:
    if sys.dont_write_bytecode:
        return
    partial = path.with_name(f"{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(marshal.dumps((stamp, table)))
        partial.replace(path)  # whole or not at all, even with two processes writing at once
    except OSError:
        partial.unlink(missing_ok=True)  # a read-only install: parse the files at each start, as before


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
