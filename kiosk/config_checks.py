"""The checks of kiosk.toml that need more than one value or the file system: languages, timings, addresses,
printer targets, writable folders, the admin PIN hash's format and the counter's desk.

Each raises :class:`~kiosk.config_schema.ConfigError` naming the key, the bad value and the fix. Only the PIN
hash's format is read here (kiosk.pin_hash): hashing, and kiosk.admin with it, stay off the start.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from kiosk.config_schema import ConfigError, CounterSection, LoggingSection, Settings
from kiosk.pin_hash import parse_pin_hash


def check_settings(settings: Settings) -> None:
    """Raise ConfigError for the first value that does not fit with the others or with this machine."""
    src = settings.source
    k, p = settings.kiosk, settings.portal
    if k.language not in k.languages:
        raise ConfigError(
            src,
            "[kiosk] language",
            k.language,
            "is not among [kiosk] languages",
            f"use one of {list(k.languages)} or add it to languages",
        )
    for key, seconds, least in (
        ("idle_warning_seconds", k.idle_warning_seconds, 10),
        ("idle_grace_seconds", k.idle_grace_seconds, 20),
    ):
        if seconds < least:
            raise ConfigError(
                src,
                f"[kiosk] {key}",
                seconds,
                f"is shorter than {least} seconds",
                f"give people at least {least} seconds",
            )
    if p.url != "embedded":
        parts = urlsplit(p.url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ConfigError(
                src,
                "[portal] url",
                p.url,
                "is not a valid portal address",
                'use "embedded" or a full address such as https://portal.example.gov/',
            )
    if p.public_url:
        parts = urlsplit(p.public_url)
        if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
            raise ConfigError(
                src,
                "[portal] public_url",
                p.public_url,
                "is not an address a phone can open",
                'use a full address such as https://portal.example.gov/, or "" for the same as url',
            )
    if not 1 <= p.embedded_port <= 65535:
        raise ConfigError(
            src,
            "[portal] embedded_port",
            p.embedded_port,
            "is not a TCP port",
            "use a number from 1024 to 65535",
        )
    if p.ca_bundle and not Path(p.ca_bundle).is_file():
        raise ConfigError(
            src,
            "[portal] ca_bundle",
            p.ca_bundle,
            "no such file",
            "give the path of a PEM file, or leave it empty for the system store",
        )
    if p.timeout_seconds <= 0:
        raise ConfigError(
            src,
            "[portal] timeout_seconds",
            p.timeout_seconds,
            "must be positive",
            "use a number of seconds such as 8",
        )
    for key in ("receipt", "documents"):
        _check_printer_target(src, key, getattr(settings.printers, key))
    try:
        parse_pin_hash(k.admin_pin_hash)
    except ValueError as problem:
        raise ConfigError(
            src,
            "[kiosk] admin_pin_hash",
            "<hidden>",
            str(problem),
            "run `kiosk admin-pin` and paste the admin_pin_hash line it prints",
        ) from None
    _check_writable_folder(src, "[kiosk] data_dir", k.data_dir)
    _check_logging(src, settings.logging)
    _check_counter(src, settings.counter)


def _check_counter(source: str, section: CounterSection) -> None:
    desk = section.desk.strip()
    if not desk or len(desk) > 8 or not desk.replace("-", "").isalnum():
        raise ConfigError(
            source,
            "[counter] desk",
            section.desk,
            "is not a desk name",
            'use the desk\'s short name as the display shows it, such as "1" or "4B" (letters, digits, -)',
        )
    if not section.categories:
        raise ConfigError(
            source,
            "[counter] categories",
            [],
            "a desk must call at least one queue category",
            'list the ticket prefixes this desk calls, such as ["A", "B", "C", "P"]',
        )
    for category in section.categories:
        if not (category.isascii() and category.isalpha() and category.isupper() and len(category) == 1):
            raise ConfigError(
                source,
                "[counter] categories",
                list(section.categories),
                f"{category!r} is not a queue category",
                'use the one-letter ticket prefixes, in capitals, such as ["A", "B", "C", "P"]',
            )
    if len(set(section.categories)) != len(section.categories):
        raise ConfigError(
            source,
            "[counter] categories",
            list(section.categories),
            "a category is listed twice",
            "list each category once",
        )
    if section.lock_seconds < 30:
        raise ConfigError(
            source,
            "[counter] lock_seconds",
            section.lock_seconds,
            "is shorter than 30 seconds",
            "give the clerk at least 30 seconds, such as 300",
        )


def _check_logging(source: str, section: LoggingSection) -> None:
    # Below 16 kB a busy morning rotates every few minutes and the operator loses the story of a fault.
    if not 16 <= section.max_kb <= 1_048_576:
        raise ConfigError(
            source,
            "[logging] max_kb",
            section.max_kb,
            "is not a sensible log file size",
            "use a number of kilobytes from 16 to 1048576, such as 1024",
        )
    if not 0 <= section.backups <= 100:
        raise ConfigError(
            source,
            "[logging] backups",
            section.backups,
            "is not a number of old log files to keep",
            "use a whole number from 0 to 100, such as 5",
        )
    if section.file.exists() and section.file.is_dir():
        raise ConfigError(
            source,
            "[logging] file",
            str(section.file),
            "is a folder, not a file",
            "name the log file itself, e.g. var/log/kiosk.log",
        )
    _check_writable_folder(source, "[logging] file", section.file.parent, shown=str(section.file))


_PRINTER_SCHEMES = ("spool:", "cups:", "ipp://", "ipps://", "pdf:")


def _check_printer_target(source: str, key: str, target: str) -> None:
    scheme, _, rest = target.partition(":")
    if not target.startswith(_PRINTER_SCHEMES) or not rest.strip("/"):
        raise ConfigError(
            source,
            f"[printers] {key}",
            target,
            "is not a printer target",
            "use spool:FOLDER, cups:QUEUE, ipp://HOST:PORT/ipp/print or pdf:FOLDER",
        )
    if scheme in {"spool", "pdf"}:
        _check_writable_folder(source, f"[printers] {key}", Path(rest), shown=target)


def _check_writable_folder(source: str, key: str, folder: Path, shown: object = None) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError:
        raise ConfigError(
            source,
            key,
            shown if shown is not None else str(folder),
            "the folder cannot be created or written",
            "choose a folder this user can write, or fix its permissions",
        ) from None
