"""`kiosk portal ...`: serve, migrate, seed-demo, create-device, revoke-device, create-staff, link-card.

Only the standard library is imported here; each command imports what it needs when it runs, so
`kiosk --help` and the kiosk itself stay quick to start.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
ROLES = ("clerk", "supervisor", "admin")
DEMO_DEVICE_KINDS = ("kiosk", "counter", "display")
DEFAULT_DB = "sqlite:///portal.db"
"""The database when nothing names one and no configuration gives one (`kiosk portal` gives its configured
data_dir's: configure's ``default_database``)."""


class CommandError(Exception):
    """A one-line message for the operator; the command exits with status 2."""


def configure(
    parser: argparse.ArgumentParser, default_database: Callable[[argparse.Namespace], str] | None = None
) -> None:
    """The portal's commands under ``parser``. ``default_database``: the database a command uses when neither
    --db nor PORTAL_DATABASE_URL names one (the kiosk's configured one, so `kiosk portal letters` reads the
    demo's var/portal.sqlite); DEFAULT_DB without it."""
    parser.set_defaults(default_database=default_database)
    commands = parser.add_subparsers(dest="portal_command", metavar="COMMAND", required=True)

    serve = commands.add_parser("serve", help="run the Portal API under uvicorn")
    _database_option(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8311, help="TCP port (default 8311)")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    serve.add_argument(
        "--fd",
        type=int,
        help="serve on this inherited, already bound TCP socket instead of --host/--port (the kiosk's embedded"
        " portal passes one, so no other process can take the port between choosing it and listening)",
    )
    serve.add_argument(
        "--demo", action="store_true", help="trust the demo CA and seed the demo data when missing"
    )
    serve.add_argument("--demo-token-file", type=Path, help="write the demo device credential here")
    serve.add_argument(
        "--demo-device",
        choices=DEMO_DEVICE_KINDS,
        default="kiosk",
        help="whose demo credential --demo-token-file gets: kiosk (default), counter or display",
    )
    serve.add_argument("--trusted-ca-dir", type=Path, help="folder of trusted citizen-card CA certificates")
    serve.add_argument(
        "--revocation-list-dir",
        type=Path,
        help="folder of the CAs' revocation lists (CRL files); with any, every card login needs current ones",
    )
    serve.add_argument(
        "--login-rate-per-minute",
        type=int,
        default=30,
        help="sign-in attempts per device and minute (default 30)",
    )
    serve.add_argument("--access-log", action="store_true", help="log every request (no bodies, no tokens)")
    serve.add_argument(
        "--public-url",
        help="where clients reach the portal, e.g. https://portal.example.gov.pt (Open311 discovery)",
    )
    serve.add_argument(
        "--housekeeping-seconds",
        type=float,
        default=3600.0,
        help="how often each worker removes expired sessions, challenges and kept answers (default 3600)",
    )
    _digest_key_option(serve, "appointment holders, clerks' cards")
    serve.add_argument(
        "--check-in-early-minutes", type=int, default=30, help="appointment check-in opens this early (30)"
    )
    serve.add_argument(
        "--check-in-late-minutes", type=int, default=15, help="and closes this late after the start (15)"
    )
    serve.set_defaults(handler=_serve)

    purge = commands.add_parser(
        "purge", help="remove expired sessions, challenges, kept answers and old rate counters now"
    )
    _database_option(purge)
    purge.set_defaults(handler=_purge)

    migrate = commands.add_parser("migrate", help="create or upgrade the database schema")
    _database_option(migrate)
    migrate.set_defaults(handler=_migrate)

    seed = commands.add_parser("seed-demo", help="load the demo catalog, people, devices and staff")
    _database_option(seed)
    seed.add_argument("--token-file", type=Path, help="also write the demo kiosk credential here")
    seed.set_defaults(handler=_seed_demo)

    device = commands.add_parser("create-device", help="register a kiosk or counter; prints its token")
    _database_option(device)
    device.add_argument("--name", required=True, help="where the terminal is, e.g. 'Saldanha kiosk 2'")
    # The kinds of portal.deps.DEVICE_KINDS (not imported: this module stays standard-library only).
    device.add_argument(
        "--kind",
        choices=("kiosk", "counter", "display", "open311"),
        default="kiosk",
        help="what the device may do (docs/portal.md, device rights)",
    )
    device.set_defaults(handler=_create_device)

    revoke = commands.add_parser("revoke-device", help="revoke every credential of a terminal by name")
    _database_option(revoke)
    revoke.add_argument("--name", required=True)
    revoke.set_defaults(handler=_revoke_device)

    letters = commands.add_parser("letters", help="print the letters waiting to be posted, and mark them sent")
    _database_option(letters)
    letters.set_defaults(handler=_letters)

    rotate = commands.add_parser("rotate-seal-key", help="start signing seals with a new key")
    _database_option(rotate)
    rotate.set_defaults(handler=_rotate_seal_key)

    spec = commands.add_parser("openapi", help="write the OpenAPI contract (default docs/api/openapi.json)")
    spec.add_argument("--output", type=Path, help="file to write; - for standard output")
    spec.set_defaults(handler=_openapi)

    staff = commands.add_parser(
        "create-staff", help="add a staff account; the password is read from standard input"
    )
    _database_option(staff)
    staff.add_argument("--username", required=True)
    staff.add_argument("--display-name", required=True)
    staff.add_argument("--role", choices=ROLES, default="clerk")
    staff.set_defaults(handler=_create_staff)

    card = commands.add_parser(
        "link-card",
        help="link a clerk's own citizen card to their account: they sign in at a counter with card and PIN",
    )
    _database_option(card)
    card.add_argument("--username", required=True)
    card.add_argument(
        "--document-number",
        help="the card's civil id, citizen card number or Belgian national number (only a digest is kept)",
    )
    card.add_argument("--remove", action="store_true", help="unlink every card of this account instead")
    _digest_key_option(card, "the same file the portal is served with")
    card.set_defaults(handler=_link_card)


def _digest_key_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--digest-key-file",
        type=Path,
        default=os.environ.get("PORTAL_DIGEST_KEY_FILE") or None,
        help=f"file of at least 32 random bytes keying the digests of personal numbers ({what});"
        " env PORTAL_DIGEST_KEY_FILE; needed by serve without --demo",
    )


def _database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        help="database URL: sqlite:///PATH or postgresql://USER@HOST/DB (default: env PORTAL_DATABASE_URL, "
        "else the portal database of the kiosk's configuration, var/portal.sqlite in the demo)",
    )


def _database_url(args: argparse.Namespace) -> str:
    """--db, else PORTAL_DATABASE_URL, else the configured one, else DEFAULT_DB."""
    if args.db:
        return str(args.db)
    if os.environ.get("PORTAL_DATABASE_URL"):
        return os.environ["PORTAL_DATABASE_URL"]
    default_database = getattr(args, "default_database", None)
    return default_database(args) if default_database is not None else DEFAULT_DB


def _guarded(function: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            return function(args)
        except CommandError as error:
            print(f"kiosk portal: {error}", file=sys.stderr)
            return 2

    run.__name__ = function.__name__
    return run


def _run(make: Callable[[], Awaitable[T]]) -> T:
    from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

    from portal.db import DatabaseUrlError

    async def main() -> T:
        return await make()

    try:
        return asyncio.run(main())
    except DatabaseUrlError as error:
        raise CommandError(str(error)) from error
    except IntegrityError as error:
        raise CommandError("that name or username already exists") from error
    except (OperationalError, DBAPIError, OSError) as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise CommandError(f"cannot use the database: {reason}") from error


async def _prepare(database_url: str, demo: bool, token_file: Path | None, demo_device: str = "kiosk") -> None:
    from portal.db import create_engine, session_factory
    from portal.migrate import upgrade_database
    from portal.sealing import ensure_seal_key
    from portal.seed import ensure_catalog, housekeeping, seed_demo

    await upgrade_database(database_url)
    engine = create_engine(database_url)
    try:
        sessions = session_factory(engine)
        async with sessions() as session, session.begin():
            await housekeeping(session)
            await ensure_seal_key(session)
        if demo:
            await seed_demo(sessions, token_file, demo_device)
        else:
            await ensure_catalog(sessions)
    finally:
        await engine.dispose()


def _settings(args: argparse.Namespace, **extra: Any) -> Any:
    from pydantic import ValidationError

    from portal.settings import PortalSettings

    try:
        return PortalSettings(database_url=_database_url(args), **extra)
    except ValidationError as error:
        raise CommandError(str(error.errors()[0]["msg"])) from error


@_guarded
def _serve(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise CommandError(f"--port {args.port} is not a TCP port (1-65535)")
    if args.workers < 1:
        raise CommandError("--workers must be at least 1")
    if args.trusted_ca_dir is not None and not args.trusted_ca_dir.is_dir():
        raise CommandError(f"--trusted-ca-dir {args.trusted_ca_dir} is not a folder")
    if args.revocation_list_dir is not None and not args.revocation_list_dir.is_dir():
        raise CommandError(f"--revocation-list-dir {args.revocation_list_dir} is not a folder")
    settings = _settings(
        args,
        demo=args.demo,
        demo_token_file=args.demo_token_file,
        trusted_ca_dir=args.trusted_ca_dir,
        revocation_list_dir=args.revocation_list_dir,
        login_rate_per_minute=args.login_rate_per_minute,
        housekeeping_seconds=args.housekeeping_seconds,
        public_url=args.public_url,
        digest_key_file=args.digest_key_file,
        check_in_early_minutes=args.check_in_early_minutes,
        check_in_late_minutes=args.check_in_late_minutes,
    )
    if settings.digest_key_file is None and not settings.demo:
        # The demo key is published: under it a real portal's civil-id digests are as good as plain.
        raise CommandError(
            "--digest-key-file is needed outside --demo (or PORTAL_DIGEST_KEY_FILE): make one with "
            "'head -c 32 /dev/urandom > /etc/portal/digest.key' and give every worker and link-card that file"
        )
    _run(lambda: _prepare(settings.database_url, settings.demo, settings.demo_token_file, args.demo_device))

    import uvicorn

    from portal.asgi import SETTINGS_VARIABLE

    os.environ[SETTINGS_VARIABLE] = settings.model_dump_json()
    try:
        where: dict[str, Any] = {"host": args.host, "port": args.port} if args.fd is None else {"fd": args.fd}
        uvicorn.run(
            "portal.asgi:app_from_environment",
            factory=True,
            **where,
            workers=args.workers,
            access_log=args.access_log,
            log_level="info",
            timeout_graceful_shutdown=5,
            # Kiosks pause between requests for as long as a person reads; closing idle connections
            # after uvicorn's 5 s default races their next request (a reset the client must retry).
            timeout_keep_alive=75,
        )
    except OSError as error:
        raise CommandError(f"cannot listen on {args.host}:{args.port}: {error.strerror}") from error
    return 0


@_guarded
def _migrate(args: argparse.Namespace) -> int:
    from portal.sealing import ensure_seal_key

    settings = _settings(args)
    # _with_session migrates first; the seal key then exists before anything is issued.
    _run(lambda: _with_session(settings.database_url, ensure_seal_key))
    print("database schema is up to date")
    return 0


@_guarded
def _seed_demo(args: argparse.Namespace) -> int:
    settings = _settings(args)
    _run(lambda: _prepare(settings.database_url, True, args.token_file))
    from portal.content.demo_people import DEMO_COUNTER_TOKEN, DEMO_KIOSK_TOKEN

    print(f"demo kiosk device token:   {DEMO_KIOSK_TOKEN}")
    print(f"demo counter device token: {DEMO_COUNTER_TOKEN}")
    return 0


async def _with_session(database_url: str, action: Callable[[Any], Awaitable[T]]) -> T:
    from portal.db import create_engine, session_factory
    from portal.migrate import upgrade_database

    await upgrade_database(database_url)
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            return await action(session)
    finally:
        await engine.dispose()


@_guarded
def _create_device(args: argparse.Namespace) -> int:
    from portal.seed import create_device

    name = args.name.strip()
    if not name or len(name) > 120:
        raise CommandError("--name must be 1 to 120 characters")
    settings = _settings(args)
    token = _run(lambda: _with_session(settings.database_url, lambda s: create_device(s, name, args.kind)))
    print(token)
    return 0


@_guarded
def _revoke_device(args: argparse.Namespace) -> int:
    from portal.seed import revoke_devices

    settings = _settings(args)
    count = _run(lambda: _with_session(settings.database_url, lambda s: revoke_devices(s, args.name)))
    if not count:
        raise CommandError(f"no active terminal is called {args.name!r}")
    print(f"revoked {count} credential(s)")
    return 0


@_guarded
def _letters(args: argparse.Namespace) -> int:
    from portal.seed import take_letters

    settings = _settings(args)
    _require_database(settings.database_url)
    letters = _run(lambda: _with_session(settings.database_url, take_letters))
    for reference, address, code in letters:
        print(f"{reference}\t{address}\tconfirmation code: {code}")
    if not letters:
        print("no letters to send")
    return 0


def _require_database(database_url: str) -> None:
    """A command that reads never makes an empty SQLite database where none was (and then says "nothing")."""
    from sqlalchemy.engine import make_url

    from portal.db import DatabaseUrlError, async_database_url

    try:
        parsed = make_url(async_database_url(database_url))
    except DatabaseUrlError as error:
        raise CommandError(str(error)) from error
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").is_file():
        raise CommandError(
            f"no portal database at {parsed.database}: start `kiosk demo` once, or name one with --db"
        )


@_guarded
def _purge(args: argparse.Namespace) -> int:
    from portal.seed import housekeeping

    settings = _settings(args)
    removed = _run(lambda: _with_session(settings.database_url, housekeeping))
    print(f"removed {removed} expired row(s)")
    return 0


@_guarded
def _rotate_seal_key(args: argparse.Namespace) -> int:
    from portal.sealing import rotate_key

    settings = _settings(args)
    kid = _run(lambda: _with_session(settings.database_url, rotate_key))
    print(f"new seal key {kid}; workers sign with it within a minute")
    return 0


@_guarded
def _openapi(args: argparse.Namespace) -> int:
    from portal.openapi import COMMITTED, render, standalone_app

    text = render(standalone_app())
    if args.output is not None and str(args.output) == "-":
        sys.stdout.write(text)
        return 0
    target = args.output or COMMITTED
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("password: ")
        if getpass.getpass("again: ") != first:
            raise CommandError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\n")


@_guarded
def _create_staff(args: argparse.Namespace) -> int:
    from portal.seed import create_staff

    password = _read_password()
    if len(password) < 12:
        raise CommandError("the password must have at least 12 characters")
    settings = _settings(args)
    _run(
        lambda: _with_session(
            settings.database_url,
            lambda s: create_staff(s, args.username, args.display_name, args.role, password),
        )
    )
    print(f"staff account {args.username!r} created with role {args.role}")
    return 0


@_guarded
def _link_card(args: argparse.Namespace) -> int:
    from portal.problems import Problem
    from portal.security import digest_key
    from portal.staff_cards import CardLinkError, link_card, unlink_cards

    settings = _settings(args, digest_key_file=args.digest_key_file)
    try:
        if args.remove:
            count = _run(lambda: _with_session(settings.database_url, lambda s: unlink_cards(s, args.username)))
            print(f"unlinked {count} card(s) from {args.username!r}")
            return 0
        if not args.document_number:
            raise CommandError("--document-number is needed (or --remove)")
        key = digest_key(settings.digest_key_file)  # only a portal served with the same key finds the link
        _run(
            lambda: _with_session(
                settings.database_url,
                lambda s: link_card(s, args.username, args.document_number, "cli", key=key),
            )
        )
    except CardLinkError as error:
        raise CommandError(str(error)) from None
    except Problem:
        raise CommandError(
            "--document-number is not a civil id, citizen card or Belgian national number"
        ) from None
    under = "" if settings.digest_key_file else " under the demo key (no --digest-key-file)"
    print(f"card linked to {args.username!r}{under}: they can sign in at a counter with it and its PIN")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the portal commands on their own: `python -m portal.cli serve ...`."""
    parser = argparse.ArgumentParser(prog="kiosk portal")
    configure(parser)
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    return handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
