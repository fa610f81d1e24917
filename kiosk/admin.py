"""The operator's way into a locked-down kiosk: the admin PIN, its lockout, and what the admin screen shows.

The PIN is kept in kiosk.toml only as a salted scrypt hash (``kiosk admin-pin`` makes the line), so a copy of
the file does not give the PIN away. Three wrong PINs in a row lock the admin screen for five minutes; the
count and the lock are kept in a small file in data_dir, so pulling the plug does not reset them.

Everything here is headless and most of it blocks (scrypt, the readers, the printers, the portal's health):
the screens call it from thread workers. The hash's format lives in kiosk.pin_hash, which kiosk.config reads on
every start; what only a PIN check needs (hashlib, hmac, secrets, json) is imported when it is used.
"""

from __future__ import annotations

import base64
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import (
    DEMO_ADMIN_PIN_HASH as DEMO_ADMIN_PIN_HASH,
)  # re-exported: the tests and docs name it here
from kiosk.pin_hash import SCHEME, parse_pin_hash
from kiosk.pin_hash import PinHash as PinHash  # re-exported with parse_pin_hash, as before the move

if TYPE_CHECKING:
    from kiosk.config import Settings
    from kiosk.core import KioskCore

log = logging.getLogger(__name__)

# scrypt's cost: about 16 MB and a few tens of milliseconds per try, so guessing a six-digit PIN from a stolen
# kiosk.toml takes hours of a whole machine rather than seconds.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
MIN_PIN_DIGITS = 6
MAX_PIN_DIGITS = 12
MAX_TRIES = 3
LOCK_SECONDS = 300
DEMO_ADMIN_PIN = "246810"
"""The demo's admin PIN (its hash is the built-in default and kiosk.toml's): change it on every real kiosk."""


class PinFormatError(ValueError):
    """The PIN typed for ``kiosk admin-pin`` is not one an admin keypad can take."""


def check_pin_format(pin: str) -> None:
    if not pin.isascii() or not pin.isdigit():
        raise PinFormatError("the admin PIN must be digits only (the admin keypad has no letters)")
    if not MIN_PIN_DIGITS <= len(pin) <= MAX_PIN_DIGITS:
        raise PinFormatError(f"the admin PIN must have {MIN_PIN_DIGITS} to {MAX_PIN_DIGITS} digits")


def _scrypt(pin: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
    import hashlib

    return hashlib.scrypt(pin, salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32)


def hash_pin(pin: str | bytes | bytearray, *, salt: bytes | None = None) -> str:
    """The line's value for ``admin_pin_hash``: scheme, cost, salt and hash, joined by ``$``."""
    import secrets

    pin_bytes = pin.encode() if isinstance(pin, str) else bytes(pin)
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    digest = _scrypt(pin_bytes, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    encoded = [base64.b64encode(part).decode() for part in (salt, digest)]
    return "$".join([SCHEME, str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), *encoded])


def verify_pin(pin: bytes | bytearray, stored: str) -> bool:
    """Whether ``pin`` is the one hashed in ``stored``; compared in constant time."""
    import hmac

    try:
        parsed = parse_pin_hash(stored)
    except ValueError:
        return False
    candidate = _scrypt(bytes(pin), parsed.salt, parsed.n, parsed.r, parsed.p)
    return hmac.compare_digest(candidate, parsed.digest)


# --- three tries, then a lock --------------------------------------------------------------------------------


@dataclass(frozen=True)
class GateAnswer:
    """What became of one try: let in, or not with the tries left, or locked for a number of seconds."""

    allowed: bool
    tries_left: int
    locked_seconds: int = 0


class AdminGate:
    """The admin PIN with its lockout. Not thread-safe: one dialog asks at a time."""

    def __init__(
        self,
        pin_hash: str,
        state_file: Path,
        *,
        clock: Callable[[], float] = time.time,
        max_tries: int = MAX_TRIES,
        lock_seconds: int = LOCK_SECONDS,
    ) -> None:
        self.pin_hash = pin_hash
        self.state_file = state_file
        self.clock = clock
        self.max_tries = max_tries
        self.lock_seconds = lock_seconds

    def _load(self) -> tuple[int, float]:
        import json

        try:
            state = json.loads(self.state_file.read_text(encoding="utf-8"))
            return int(state["failures"]), float(state["locked_until"])
        except (OSError, ValueError, KeyError, TypeError):
            return 0, 0.0

    def _save(self, failures: int, locked_until: float) -> None:
        import json

        try:
            self.state_file.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.state_file.with_suffix(".tmp")
            temporary.write_text(json.dumps({"failures": failures, "locked_until": locked_until}))
            os.replace(temporary, self.state_file)
        except OSError as error:
            log.warning("admin lock state not saved: %s", type(error).__name__)

    def locked_seconds(self) -> int:
        """Seconds until the admin PIN may be tried again; 0 when it may now."""
        _, locked_until = self._load()
        return max(0, int(locked_until - self.clock() + 0.999))

    def tries_left(self) -> int:
        failures, _ = self._load()
        return max(0, self.max_tries - failures) if not self.locked_seconds() else 0

    def attempt(self, pin: bytearray) -> GateAnswer:
        """Check one PIN; zeroes ``pin`` whatever the outcome. While locked the PIN is not even checked."""
        try:
            if wait := self.locked_seconds():
                return GateAnswer(False, 0, wait)
            failures, _ = self._load()
            if verify_pin(pin, self.pin_hash):
                self._save(0, 0.0)
                log.info("admin screen opened")
                return GateAnswer(True, self.max_tries)
            failures += 1
            if failures >= self.max_tries:
                self._save(0, self.clock() + self.lock_seconds)
                log.warning("admin PIN wrong %s times: locked for %s s", failures, self.lock_seconds)
                return GateAnswer(False, 0, self.lock_seconds)
            self._save(failures, 0.0)
            log.warning("admin PIN wrong (%s of %s)", failures, self.max_tries)
            return GateAnswer(False, self.max_tries - failures)
        finally:
            for index in range(len(pin)):
                pin[index] = 0
            pin.clear()


def admin_gate(settings: Settings) -> AdminGate:
    return AdminGate(settings.kiosk.admin_pin_hash, settings.kiosk.data_dir / "admin-lock.json")


# --- what the admin screen shows -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReaderState:
    name: str
    card: str | None
    """The card's profile (or "unknown card") when one is in, None when the reader is empty."""


@dataclass(frozen=True)
class PrinterLine:
    name: str
    target: str
    state: str
    message_id: str
    """A printing.texts key: the state in the operator's language."""
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class PortalState:
    url: str
    reachable: bool
    api_version: str | None
    problem: str = ""
    """The error's type when the portal did not answer (never its text: it may echo a token)."""


@dataclass(frozen=True)
class AdminStatus:
    taken_at: datetime
    kiosk_version: str
    readers: list[ReaderState]
    reader_problem: str
    printers: list[PrinterLine]
    journal: dict[str, int]
    """Print jobs by state."""
    outbox: dict[str, int]
    """Submissions waiting for the portal, by state."""
    portal: PortalState
    config: list[tuple[str, str]] = field(default_factory=list)
    """(key, value) lines of the configuration that matter at the kiosk; secrets shown as <set>."""


def collect_status(core: KioskCore) -> AdminStatus:
    """A snapshot of every part of the kiosk. Blocking (PC/SC, IPP, HTTP): call from a thread."""
    from kiosk import __version__

    readers, reader_problem = _readers(core)
    printers, journal = _printers(core)
    return AdminStatus(
        taken_at=datetime.now().astimezone(),
        kiosk_version=__version__,
        readers=readers,
        reader_problem=reader_problem,
        printers=printers,
        journal=journal,
        outbox=_outbox(core),
        portal=_portal(core),
        config=config_summary(core.settings),
    )


def _readers(core: KioskCore) -> tuple[list[ReaderState], str]:
    if core.simulated:
        reader = core.reader
        if reader is None:
            return [], ""
        return [ReaderState(reader.name, "demo card" if reader.card is not None else None)], ""
    from kiosk.card.errors import CardError
    from kiosk.card.readers import describe_readers

    try:
        described = describe_readers()
    except CardError as error:
        return [], error.user_message("en")
    return [
        ReaderState(str(entry["name"]), (entry["profile"] or "unknown card") if entry["atr"] else None)
        for entry in described
    ], ""


def _printers(core: KioskCore) -> tuple[list[PrinterLine], dict[str, int]]:
    service = core.printer
    lines = []
    for name, status in service.statuses().items():
        lines.append(
            PrinterLine(name, service.target(name), status.state.value, status.message_id, status.reasons)
        )
    journal: dict[str, int] = {}
    for job in service.jobs():
        journal[str(job.state)] = journal.get(str(job.state), 0) + 1
    return lines, journal


def _outbox(core: KioskCore) -> dict[str, int]:
    try:
        return core.outbox.counts()
    except Exception as error:  # a damaged outbox file must not keep the operator out of the admin screen
        log.warning("outbox not readable: %s", type(error).__name__)
        return {}


def _portal(core: KioskCore) -> PortalState:
    import httpx

    url = core.portal_service.url or core.settings.portal.url
    if not url.startswith(("http://", "https://")):
        return PortalState(url, False, None, "not started yet")
    settings = core.settings.portal
    try:
        with httpx.Client(
            timeout=min(settings.timeout_seconds, 3.0), verify=settings.ca_bundle or True
        ) as http:
            http.get(f"{url}/v1/health").raise_for_status()
            version: str | None = None
            answer = http.get(f"{url}/openapi.json")
            if answer.is_success:
                version = str(answer.json().get("info", {}).get("version") or "") or None
    except (httpx.HTTPError, ValueError) as error:
        return PortalState(url, False, None, type(error).__name__)
    return PortalState(url, True, version)


def config_summary(settings: Settings) -> list[tuple[str, str]]:
    """The settings an operator checks at the kiosk, as (key, value); secrets are only said to be set."""
    shown = (
        ("kiosk", ("id", "mode", "language", "data_dir")),
        ("portal", ("url", "public_url", "device_token", "timeout_seconds")),
        ("card", ("reader", "pinpad")),
        ("printers", ("receipt", "documents", "journal")),
        ("accessibility", ("high_contrast", "speech_command")),
        ("logging", ("file", "level")),
    )
    values = settings.as_toml_dict()
    return [
        (f"{section}.{key}", str(values[section][key]))
        for section, keys in shown
        for key in keys
        if key in values.get(section, {})
    ] + [("source", settings.source)]


# --- what the admin screen does ------------------------------------------------------------------------------


def print_test_pages(core: KioskCore, language: str) -> list[tuple[str, str]]:
    """A test page on each printer; returns (printer, job state). Blocking."""
    from printing.documents.test_page import print_test_page

    service = core.printer
    stamp = datetime.now().astimezone()
    outcome = []
    for name in service.statuses():
        job = print_test_page(service, name, language, stamp)
        log.info("admin: test page %s to %s, %s", job.id, name, job.state)
        outcome.append((name, str(job.state)))
    return outcome


def retry_journal(core: KioskCore) -> int:
    """Send again what waits in the print journal; returns how many jobs changed state. Blocking."""
    changed = core.printer.poll()
    log.info("admin: print journal retried, %s job(s) changed", len(changed))
    return len(changed)
