"""The `kiosk` command.

Module-level imports stay light (argparse alone): `kiosk run` must paint its first screen fast, so every handler
imports what it needs when it runs, and the card, print and portal commands, with their many sub-commands, are
defined only when the command line names them (argparse builds every parser up front, milliseconds `kiosk run`
would spend before its first screen).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kiosk import __version__
from kiosk.cli_errors import Handler, run_guarded

if TYPE_CHECKING:
    from kiosk.services.card_reads import CardReadAudit
    from kiosk.services.portal import PortalService

NESTED_COMMANDS = {
    "card": "citizen cards: list readers, read a card, emulate one",
    "print": "printers and the print journal",
    "portal": "the reference Portal API service",
}
"""Commands with sub-commands of their own, each defined by its layer's cli module."""


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; given ``argv``, the nested commands' sub-commands only for those it names."""
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Citizen service kiosk and counter terminal, with the reference Portal API.",
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="configuration file (default: $KIOSK_CONFIG, else ./kiosk.toml, else built-in demo defaults)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = commands.add_parser("run", help="start the kiosk or counter application as configured")
    run.add_argument("--mode", choices=["kiosk", "counter", "display"], help="override [kiosk] mode")
    run.set_defaults(handler=_run)

    demo = commands.add_parser(
        "demo", help="start the embedded demo: reference portal with demo data and a simulated card reader"
    )
    demo.set_defaults(handler=_demo)

    config = commands.add_parser("config", help="inspect the configuration")
    config_commands = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    check = config_commands.add_parser(
        "check", help="validate the configuration and print the effective values"
    )
    check.set_defaults(handler=_config_check)

    for name, help_text in NESTED_COMMANDS.items():
        command = commands.add_parser(name, help=help_text)
        if argv is None or name in argv:
            _configure_nested(name, command)

    admin_pin = commands.add_parser(
        "admin-pin", help="make the admin_pin_hash line for kiosk.toml (the PIN is asked twice, not shown)"
    )
    admin_pin.set_defaults(handler=_admin_pin)

    verify = commands.add_parser("verify", help="verify the seal printed on a certificate")
    verify.add_argument("seal", metavar="SEAL_TEXT", help='the text of the QR code, starting with "CS1:"')
    verify.add_argument("--offline", action="store_true", help="do not ask the portal for the current status")
    verify.set_defaults(handler=_verify)
    return parser


def _configure_nested(name: str, command: argparse.ArgumentParser) -> None:
    if name == "card":
        from kiosk.card import cli as card_cli

        card_cli.configure(command, on_read=_report_card_read)
    elif name == "print":
        from printing import cli as print_cli

        print_cli.configure(command)
    else:
        from portal import cli as portal_cli

        portal_cli.configure(command, default_database=_configured_portal_database)


def _configured_portal_database(args: argparse.Namespace) -> str:
    """The portal database of the configuration (`kiosk demo` keeps its data there): `kiosk portal letters`
    then finds the demo's letters instead of reading, and making, an empty ./portal.db (QA M12)."""
    from kiosk.config import load_settings

    return load_settings(args.config).portal_database


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(argv).parse_args(argv)
    handler: Handler = args.handler
    return run_guarded(handler, args)


def _run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from kiosk.config import load_settings

    settings = load_settings(args.config)
    if args.mode:
        settings = replace(settings, kiosk=replace(settings.kiosk, mode=args.mode))
    return _start_app(settings)


def _demo(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from kiosk.config import load_settings

    settings = load_settings(args.config)
    # The demo is the embedded portal with the simulated reader, whatever the file says about them.
    settings = replace(
        settings,
        portal=replace(settings.portal, url="embedded"),
        card=replace(settings.card, reader="simulated"),
    )
    return _start_app(settings, demo=True)


def _start_app(settings: object, *, demo: bool = False) -> int:
    """``demo`` lets Ctrl+Q leave; `kiosk run` is left only from the admin screen."""
    from kiosk.config import Settings
    from kiosk.i18n import text

    assert isinstance(settings, Settings)
    if settings.kiosk.mode not in ("kiosk", "counter", "display"):
        # The counter and the display are modes of this app still to come: say so, never a traceback.
        print(f"kiosk: {text(settings.kiosk.language, 'app.mode_not_ready', mode=settings.kiosk.mode)}")
        return 2
    from screens.app import KioskApp

    app = KioskApp(settings, demo=demo)
    try:
        app.run()
    finally:
        app.stop_services()
    return app.return_code or 0


def _config_check(args: argparse.Namespace) -> int:
    from kiosk.config import load_settings

    settings = load_settings(args.config)
    print(f"# effective configuration, read from {settings.source} (KIOSK_ variables applied)")
    for section, values in settings.as_toml_dict().items():
        print(f"\n[{section}]")
        for key, value in values.items():
            print(f"{key} = {_toml_value(value)}")
    print("\nconfiguration OK")
    return 0


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return str(value)


def _admin_pin(args: argparse.Namespace) -> int:
    """Read the new admin PIN twice without echo and print the line to put in kiosk.toml."""
    from kiosk.admin import PinFormatError, check_pin_format, hash_pin
    from kiosk.card.cli import read_pin_from_stdin

    first = read_pin_from_stdin("New admin PIN (digits): ")
    second = read_pin_from_stdin("The same PIN again: ")
    try:
        if first != second:
            print("kiosk admin-pin: the two PINs differ; nothing was made, try again", file=sys.stderr)
            return 2
        try:
            check_pin_format(first.decode("ascii", errors="replace"))
        except PinFormatError as problem:
            print(f"kiosk admin-pin: {problem}", file=sys.stderr)
            return 2
        line = f'admin_pin_hash = "{hash_pin(first)}"'
    finally:
        for pin in (first, second):
            pin[:] = bytes(len(pin))
    print("# put this line in the [kiosk] section of kiosk.toml, in place of any admin_pin or admin_pin_hash:")
    print(line)
    return 0


def _report_card_read(args: argparse.Namespace, what: Sequence[str]) -> None:
    """`kiosk card read` reports each read to the portal's audit trail as the kiosk app does, through the same
    CardReadAudit: kept in the outbox first, then sent. When the portal cannot take it now, one line says that
    it waits there (the kiosk app sends it once it reaches the portal)."""
    import asyncio
    import logging

    import httpx

    from kiosk.config import load_settings
    from kiosk.i18n import text
    from kiosk.services.card_reads import CardReadAudit
    from kiosk.services.portal import PortalService

    logging.getLogger().addHandler(logging.NullHandler())  # the line below says it all; no stray log lines
    settings = load_settings(args.config)
    portal = PortalService(settings)
    audit = CardReadAudit(portal)
    audit.note(what, None)  # no citizen session here: the portal records the device as the reader
    if not settings.embedded_portal:  # an embedded portal runs only inside the app, which delivers on start
        try:
            portal.start()
        except (httpx.HTTPError, OSError):
            pass
        else:
            asyncio.run(_deliver_card_reads(audit, portal))
    if portal.outbox.pending_card_reads():
        print(f"kiosk card: {text(args.lang, 'card_cli.audit_waits')}", file=sys.stderr)


async def _deliver_card_reads(audit: CardReadAudit, portal: PortalService) -> None:
    try:
        await audit.deliver()
    finally:
        if portal.client is not None:
            await portal.client.aclose()


def _verify(args: argparse.Namespace) -> int:
    from kiosk.config import load_settings
    from kiosk.verify import verify_command

    return verify_command(args.seal, load_settings(args.config), offline=args.offline)


if __name__ == "__main__":
    sys.exit(main())
