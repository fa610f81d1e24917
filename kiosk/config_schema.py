"""What kiosk.toml holds: its sections with their defaults, as frozen dataclasses, and the error that names a
wrong value in it.

kiosk.config reads the file (and the ``KIOSK_`` variables) into these classes; kiosk.config_checks checks what
needs more than one value or the file system. Import them from kiosk.config, which re-exports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Literal

Mode = Literal["kiosk", "counter", "display"]
Language = Literal["pt", "en"]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]
_MISSING = object()
"""A ConfigError's value when the problem is a missing or unreadable thing, not a value."""


class ConfigError(Exception):
    """A configuration problem, phrased for the operator who has to fix it."""

    def __init__(self, source: str, key: str, value: object, problem: str, fix: str) -> None:
        self.source, self.key, self.value, self.problem, self.fix = source, key, value, problem, fix
        shown = "" if value is _MISSING else f" = {value!r}"
        super().__init__(f"{source}: {key}{shown}: {problem}\n  fix: {fix}")


DEMO_ADMIN_PIN_HASH = "scrypt$16384$8$1$y9QqKsdTAXFPsMzByKdHdA==$WPaLm+ZLuv3AQ061J/EUK1iCKz6Iwu4G/+qbxtJUIeo="
"""The hash of the demo's admin PIN 246810 (kiosk.admin makes and checks such hashes)."""


@dataclass(frozen=True)
class KioskSection:
    """[kiosk]: this device, its mode, its languages, its data folder and its timings."""

    id: str = "demo-kiosk-01"
    """Device identifier, printed on receipts and recorded with every request."""
    mode: Mode = "kiosk"
    languages: tuple[Language, ...] = ("pt", "en")
    language: Language = "pt"
    """Language of the attract screen; each person may switch."""
    data_dir: Path = Path("var")
    """Folder for the print spool, the print journal, the outbox and caches."""
    idle_warning_seconds: int = 60
    """Seconds without a touch or key before the 'are you still there?' warning."""
    idle_grace_seconds: int = 30
    """Seconds the warning counts down before the session is wiped (each extension restarts it)."""
    admin_pin_hash: str = DEMO_ADMIN_PIN_HASH
    """Salted scrypt hash of the hidden admin screen's PIN (`kiosk admin-pin` makes it). The built-in one is
    the demo's PIN 246810: change it on every real kiosk."""


@dataclass(frozen=True)
class PortalSection:
    """[portal]: where the Portal API is and how this device is known to it."""

    url: str = "embedded"
    """'embedded' starts the reference portal with demo data; otherwise the Portal API base URL."""
    embedded_port: int = 8765
    embedded_database: str = ""
    """Database of the embedded portal; empty means a SQLite file in data_dir."""
    device_token: str = ""
    """This device's credential; empty with the embedded portal, which hands out the demo one."""
    ca_bundle: str = ""
    """PEM file of the CAs that sign the portal's TLS certificate; empty uses the system store."""
    timeout_seconds: float = 8.0
    public_url: str = ""
    """The portal's address as citizens' phones reach it (receipt QR); empty means the same as url."""


@dataclass(frozen=True)
class CardSection:
    """[card]: which card reader to use."""

    reader: str = "simulated"
    """'simulated' (in-process demo reader), 'auto' (first PC/SC reader) or a reader name."""
    pinpad: bool = True
    """Use a reader's own PIN pad when it has one."""


@dataclass(frozen=True)
class PrintersSection:
    """[printers]: where receipts and documents are printed, and the print journal."""

    receipt: str = "spool:var/spool"
    documents: str = "spool:var/spool"
    """Printer targets: spool:DIR, cups:QUEUE, ipp://HOST:PORT/PATH or pdf:DIR."""
    journal: Path = Path("var/print-journal.sqlite")


@dataclass(frozen=True)
class AccessibilitySection:
    """[accessibility]: the kiosk's defaults for everyone (each person may change them)."""

    high_contrast: bool = False
    speech_command: str = ""
    """Command that speaks text given on standard input (e.g. 'espeak-ng -v pt'); empty turns speech off."""


@dataclass(frozen=True)
class LoggingSection:
    """[logging]: the operator's log file."""

    file: Path = Path("var/log/kiosk.log")
    """The operator's log, rotated by size; relative to the configuration file like data_dir. When not given,
    it is log/kiosk.log inside data_dir (var/log/kiosk.log by default), so it moves with the data."""
    level: LogLevel = "INFO"
    max_kb: int = 1024
    """Size of one log file before it is rotated."""
    backups: int = 5
    """Rotated files kept beside the current one (kiosk.log.1 ...)."""


@dataclass(frozen=True)
class CounterSection:
    """Only read in mode = "counter": the clerk's desk and the queue categories it calls."""

    desk: str = "1"
    """This terminal's desk, as the queue and the public display name it."""
    categories: tuple[str, ...] = ("A", "B", "C", "P")
    """Queue categories (their ticket prefixes) this desk calls, in no particular order: the portal's
    priority rules choose among them."""
    lock_seconds: int = 300
    """Seconds without a key or a touch before the desk locks (the clerk's password unlocks it)."""


@dataclass(frozen=True)
class Settings:
    """The whole of kiosk.toml, one frozen section per table."""

    kiosk: KioskSection = field(default_factory=KioskSection)
    portal: PortalSection = field(default_factory=PortalSection)
    card: CardSection = field(default_factory=CardSection)
    printers: PrintersSection = field(default_factory=PrintersSection)
    accessibility: AccessibilitySection = field(default_factory=AccessibilitySection)
    logging: LoggingSection = field(default_factory=LoggingSection)
    counter: CounterSection = field(default_factory=CounterSection)
    source: str = "built-in defaults"
    """Where these settings came from (file path), for messages and `kiosk config check`."""

    @property
    def embedded_portal(self) -> bool:
        return self.portal.url == "embedded"

    @property
    def portal_database(self) -> str:
        return self.portal.embedded_database or f"sqlite:///{self.kiosk.data_dir / 'portal.sqlite'}"

    def as_toml_dict(self) -> dict[str, dict[str, object]]:
        """The effective configuration, section by section, for display."""
        out: dict[str, dict[str, object]] = {}
        for section in fields(self):
            value = getattr(self, section.name)
            if is_dataclass(value):
                out[section.name] = {f.name: _display(f.name, getattr(value, f.name)) for f in fields(value)}
        return out


def _display(key: str, value: object) -> object:
    if key in {"device_token", "admin_pin", "admin_pin_hash"} and value:
        return "<set>"  # secrets never reach a terminal or a log
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    return value
