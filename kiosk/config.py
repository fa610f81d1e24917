"""kiosk.toml -> typed, validated settings.

Every mistake an operator can make in the file stops the start with one message that names the file, the key,
the bad value and the fix (:class:`ConfigError`); the CLI prints it and exits with code 2, never a traceback.

Plain dataclasses rather than a validation library: the kiosk reads this file on every cold start, and the
start-up budget (bench/startup.py) has no room for a heavy import.

``KIOSK_<SECTION>__<KEY>`` environment variables override the file, e.g. ``KIOSK_PORTAL__URL=https://...``.
Their values are read as TOML literals when they parse as one (``30``, ``true``, ``["pt", "en"]``) and as plain
text otherwise.

This module reads the file; the sections and ConfigError are in kiosk.config_schema, the checks that need more
than one value or the file system in kiosk.config_checks. Import all of them from here.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any, Literal, get_args, get_type_hints

from kiosk.config_checks import check_settings
from kiosk.config_schema import (
    _MISSING,
    DEMO_ADMIN_PIN_HASH,
    AccessibilitySection,
    CardSection,
    ConfigError,
    CounterSection,
    KioskSection,
    Language,
    LoggingSection,
    LogLevel,
    Mode,
    PortalSection,
    PrintersSection,
    Settings,
)

__all__ = [
    "DEMO_ADMIN_PIN_HASH",
    "AccessibilitySection",
    "CardSection",
    "ConfigError",
    "CounterSection",
    "KioskSection",
    "Language",
    "LogLevel",
    "LoggingSection",
    "Mode",
    "PortalSection",
    "PrintersSection",
    "Settings",
    "find_config",
    "load_settings",
]
ENV_PREFIX = "KIOSK_"
DEFAULT_CONFIG_NAME = "kiosk.toml"


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
    check_settings(settings)
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
