"""kiosk.toml -> typed, validated settings.

Every mistake an operator can make in the file stops the start with one message that names the file, the key,
the bad value and the fix (:class:`ConfigError`); the CLI prints it and exits with code 2, never a traceback.

Plain dataclasses rather than a validation library: the kiosk reads this file on every cold start, and the
start-up budget (bench/startup.py) has no room for a heavy import.

``KIOSK_<SECTION>__<KEY>`` environment variables override the file, e.g. ``KIOSK_PORTAL__URL=https://...``.
Their values are read as TOML literals when they parse as one (``30``, ``true``, ``["pt", "en"]``) and as plain
text otherwise.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, Literal, get_args, get_type_hints
from urllib.parse import urlsplit

Mode = Literal["kiosk", "counter", "display"]
Language = Literal["pt", "en"]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]
ENV_PREFIX = "KIOSK_"
DEFAULT_CONFIG_NAME = "kiosk.toml"


class ConfigError(Exception):
    """A configuration problem, phrased for the operator who has to fix it."""

    def __init__(self, source: str, key: str, value: object, problem: str, fix: str) -> None:
        self.source, self.key, self.value, self.problem, self.fix = source, key, value, problem, fix
        shown = "" if value is _MISSING else f" = {value!r}"
        super().__init__(f"{source}: {key}{shown}: {problem}\n  fix: {fix}")


_MISSING = object()
DEMO_ADMIN_PIN_HASH = "scrypt$16384$8$1$y9QqKsdTAXFPsMzByKdHdA==$WPaLm+ZLuv3AQ061J/EUK1iCKz6Iwu4G/+qbxtJUIeo="
"""The hash of the demo's admin PIN 246810 (kiosk.admin makes and checks such hashes)."""


@dataclass(frozen=True)
class KioskSection:
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
    reader: str = "simulated"
    """'simulated' (in-process demo reader), 'auto' (first PC/SC reader) or a reader name."""
    pinpad: bool = True
    """Use a reader's own PIN pad when it has one."""


@dataclass(frozen=True)
class PrintersSection:
    receipt: str = "spool:var/spool"
    documents: str = "spool:var/spool"
    """Printer targets: spool:DIR, cups:QUEUE, ipp://HOST:PORT/PATH or pdf:DIR."""
    journal: Path = Path("var/print-journal.sqlite")


@dataclass(frozen=True)
class AccessibilitySection:
    high_contrast: bool = False
    speech_command: str = ""
    """Command that speaks text given on standard input (e.g. 'espeak-ng -v pt'); empty turns speech off."""


@dataclass(frozen=True)
class LoggingSection:
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


# --- loading -------------------------------------------------------------------------------------------------


def find_config(explicit: str | os.PathLike[str] | None, env: Mapping[str, str]) -> Path | None:
    """The file to read: --config, then $KIOSK_CONFIG, then ./kiosk.toml; None means built-in defaults."""
    chosen = explicit or env.get("KIOSK_CONFIG")
    if chosen:
        return Path(chosen)
    local = Path.cwd() / DEFAULT_CONFIG_NAME
    return local if local.is_file() else None


def load_settings(path: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Read, override from the environment, validate and check the settings. Raises ConfigError."""
    env = os.environ if env is None else env
    config_path = find_config(path, env)
    raw: dict[str, Any] = {}
    source = "built-in defaults"
    base_dir = Path.cwd()
    if config_path is not None:
        source = str(config_path)
        raw = _read_toml(config_path)
        base_dir = config_path.resolve().parent
    _apply_env_overrides(raw, env)
    _refuse_plain_admin_pin(raw, source)
    settings: Settings = _build(Settings, raw, source, base_dir)
    settings = replace(
        settings,
        printers=replace(
            settings.printers,
            receipt=_absolute_target(settings.printers.receipt, base_dir),
            documents=_absolute_target(settings.printers.documents, base_dir),
        ),
    )
    if "file" not in (raw.get("logging") or {}):
        settings = replace(
            settings, logging=replace(settings.logging, file=settings.kiosk.data_dir / "log" / "kiosk.log")
        )
    _check(settings)
    return settings


def _refuse_plain_admin_pin(raw: Mapping[str, Any], source: str) -> None:
    """The admin PIN used to be kept in clear text; now only its hash is, and the old key says how to move."""
    kiosk = raw.get("kiosk")
    if isinstance(kiosk, dict) and "admin_pin" in kiosk:
        raise ConfigError(
            source,
            "[kiosk] admin_pin",
            "<hidden>",
            "the admin PIN is no longer kept in clear text",
            "run `kiosk admin-pin`, type the PIN twice, and replace the admin_pin line with the "
            "admin_pin_hash line it prints",
        )


def _absolute_target(target: str, base_dir: Path) -> str:
    """spool: and pdf: folders are relative to the configuration file, like every other path in it."""
    scheme, sep, rest = target.partition(":")
    if scheme in {"spool", "pdf"} and sep and rest and not Path(rest).is_absolute():
        return f"{scheme}:{base_dir / rest}"
    return target


def _read_toml(path: Path) -> dict[str, Any]:
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            source,
            "file",
            _MISSING,
            "the configuration file does not exist",
            f"create it (copy the commented {DEFAULT_CONFIG_NAME} from the project) or give "
            "another path with --config",
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            source,
            "file",
            _MISSING,
            f"the file cannot be read ({exc.__class__.__name__})",
            "check that the file exists, is readable and is saved as UTF-8",
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            source,
            "file",
            _MISSING,
            f"not valid TOML: {exc}",
            "correct the line named above; strings need quotes, sections look like [portal]",
        ) from None


def _apply_env_overrides(raw: dict[str, Any], env: Mapping[str, str]) -> None:
    for name, text in env.items():
        if not name.startswith(ENV_PREFIX) or "__" not in name:
            continue
        section, _, key = name[len(ENV_PREFIX) :].lower().partition("__")
        target = raw.setdefault(section, {})
        if isinstance(target, dict):
            target[key] = _parse_env_value(text)


def _parse_env_value(text: str) -> object:
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def _build(cls: type[Any], raw: Mapping[str, Any], source: str, base_dir: Path, prefix: str = "") -> Any:
    hints = get_type_hints(cls)
    known = {f.name for f in fields(cls) if f.name != "source"}
    for key in raw:
        if key not in known:
            where = f"[{prefix}] {key}" if prefix else f"[{key}]"
            raise ConfigError(
                source,
                where,
                raw[key] if prefix else _MISSING,
                "unknown setting",
                f"remove it or correct the spelling; known here: {', '.join(sorted(known))}",
            )
    values: dict[str, Any] = {}
    for f in fields(cls):
        if f.name == "source" or f.name not in raw:
            continue
        value = raw[f.name]
        hint = hints[f.name]
        if is_dataclass(hint):
            if not isinstance(value, dict):
                raise ConfigError(
                    source,
                    f"[{f.name}]",
                    value,
                    "must be a section",
                    f"write it as a [{f.name}] table",
                )
            values[f.name] = _build(hint, value, source, base_dir, f.name)  # type: ignore[arg-type]
        else:
            values[f.name] = _coerce(value, hint, source, f"[{prefix}] {f.name}", base_dir)
    if cls is Settings:
        values["source"] = source
    return cls(**values)


def _coerce(value: object, hint: Any, source: str, key: str, base_dir: Path) -> object:
    def wrong(expected: str) -> ConfigError:
        return ConfigError(source, key, value, f"must be {expected}", f"write {key.split()[-1]} as {expected}")

    origin = getattr(hint, "__origin__", None)
    if origin is Literal:
        allowed = get_args(hint)
        if value not in allowed:
            raise ConfigError(
                source,
                key,
                value,
                "is not one of the allowed values",
                f"use one of: {', '.join(map(repr, allowed))}",
            )
        return value
    if origin is tuple:
        (item_hint, _) = get_args(hint)
        if not isinstance(value, list):
            raise wrong('a list, e.g. ["pt", "en"]')
        return tuple(_coerce(item, item_hint, source, key, base_dir) for item in value)
    checks: dict[Any, Callable[[object], bool]] = {
        bool: lambda v: isinstance(v, bool),
        int: lambda v: isinstance(v, int) and not isinstance(v, bool),
        float: lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        str: lambda v: isinstance(v, str),
        Path: lambda v: isinstance(v, str) and v != "",
    }
    names = {
        bool: "true or false",
        int: "a whole number",
        float: "a number",
        str: "text in quotes",
        Path: "a folder or file path in quotes",
    }
    if not checks[hint](value):
        raise wrong(names[hint])
    if hint is float:
        return float(value)  # type: ignore[arg-type]
    if hint is Path:
        path = Path(value)  # type: ignore[arg-type]
        return path if path.is_absolute() else base_dir / path
    return value


# --- checks that need more than one value or the file system --------------------------------------------------


def _check(settings: Settings) -> None:
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
    from kiosk.admin import parse_pin_hash  # only its format is checked here: no hashing at start

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
