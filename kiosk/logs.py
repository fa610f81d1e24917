"""The operator's log: a rotating file from kiosk.toml [logging], and the systemd journal when run as a service.

The rule is that no PIN, token, name or identity number is ever passed to a logger: the core logs events
("card read: profile pt-cc1", "printer fault: media-empty") and exception types. :class:`RedactingFilter` is
only the last line of defence, for a library message or an exception text that carries something it should not.
"""

from __future__ import annotations

import logging
import os
import re
from logging.handlers import RotatingFileHandler

from kiosk.config import LoggingSection, Settings

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
JOURNAL_FORMAT = "%(levelname)s %(name)s: %(message)s"
"""journald stamps every line itself."""
REDACTED = "[redacted]"

_SECRETS = (
    # The value after an Authorization scheme or anything called a token, key, password or PIN. The word stays,
    # so the operator sees what was there (and a PIN further along still stands beside the word PIN).
    (
        re.compile(
            r"(?i)\b(bearer|token|session_token|device_token|api_key|pin|password)\b(\s*[:=]\s*|\s+)\S+"
        ),
        rf"\1\2{REDACTED}",
    ),
    # Long runs that mix letters and digits: session tokens, device tokens, signatures, seals.
    (re.compile(r"(?=[A-Za-z0-9_\-+=]*\d)(?=[A-Za-z0-9_\-+=]*[A-Za-z])[A-Za-z0-9_\-+=]{24,}"), REDACTED),
    # Portuguese civil identification number with its check characters (12345678 9 ZZ1).
    (re.compile(r"\b\d{8}\s?\d\s?[A-Z]{2}\d\b"), REDACTED),
    # Belgian national register number (85.07.30-033.61) and any run of 8 or more digits (NIF, NISS, SNS).
    (re.compile(r"\b\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}\b"), REDACTED),
    (re.compile(r"\b\d{8,}\b"), REDACTED),
)


def redact(text: str) -> str:
    """``text`` with whatever looks like a secret or an identity number replaced by [redacted]."""
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message and exception text through :func:`redact` before a handler writes it."""

    _exceptions = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._exceptions.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class _KioskHandler:
    """Marks the handlers this module installed, so a second configuration replaces them instead of adding."""


_installed: tuple[LoggingSection, bool] | None = None


def configure_logging(settings: Settings, environ: dict[str, str] | None = None) -> None:
    """Send the root logger to the rotating file of ``settings.logging`` (and stderr under systemd).

    Idempotent: the same settings again change nothing; other settings replace the handlers installed before.
    Handlers others installed (pytest's, a developer's) are left alone.
    """
    global _installed
    env = os.environ if environ is None else environ
    section = settings.logging
    journal = bool(env.get("JOURNAL_STREAM"))
    root = logging.getLogger()
    if _installed == (section, journal) and any(isinstance(h, _KioskHandler) for h in root.handlers):
        return
    for old in [h for h in root.handlers if isinstance(h, _KioskHandler)]:
        root.removeHandler(old)
        old.close()
    section.file.parent.mkdir(parents=True, exist_ok=True)
    file_handler = _RotatingFile(
        section.file, maxBytes=section.max_kb * 1024, backupCount=section.backups, encoding="utf-8", delay=True
    )
    file_handler.setFormatter(logging.Formatter(FORMAT))
    handlers: list[logging.Handler] = [file_handler]
    if journal:
        stream = _Journal()
        stream.setFormatter(logging.Formatter(JOURNAL_FORMAT))
        handlers.append(stream)
    for handler in handlers:
        handler.addFilter(RedactingFilter())
        handler.setLevel(section.level)
        root.addHandler(handler)
    root.setLevel(section.level)
    # httpx and httpcore log every request line at INFO/DEBUG: useful to nobody at a kiosk, noisy in the file.
    for chatty in ("httpx", "httpcore"):
        logging.getLogger(chatty).setLevel(max(logging.WARNING, logging.getLevelName(section.level)))
    _installed = (section, journal)


class _RotatingFile(RotatingFileHandler, _KioskHandler):
    pass


class _Journal(logging.StreamHandler, _KioskHandler):  # type: ignore[type-arg]
    """stderr, which systemd connects to the journal (it sets JOURNAL_STREAM when it does)."""
