"""`kiosk card ...`: list readers, read a card, emulate one on vpcd, make the demo CA.

Only argparse and the standard library are imported at module level, so `kiosk --help`
stays fast; each handler imports what it needs. PINs are read from standard input, never
from the command line. Errors print one plain line on stderr: exit 1 for a card problem,
2 for a missing reader, card or bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

EXIT_CARD_ERROR = 1
EXIT_USAGE = 2
PIN_KINDS = ("authentication", "signature", "address")

ReadReport = Callable[[argparse.Namespace, Sequence[str]], None]
"""Told of each read of personal data, with the kinds read ("identity", "address", "photo"), never the data."""


def configure(parser: argparse.ArgumentParser, on_read: ReadReport | None = None) -> None:
    """Add the `list`, `read`, `emulate`, `make-demo-ca` and `citizens` sub-commands.

    on_read: how `read` reports what it read to the portal's audit trail. The `kiosk` command passes it (the
    card layer may not import the kiosk's services); `python -m kiosk.card.cli` is the bare card tool."""
    parser.add_argument("--lang", choices=("en", "pt"), default="en", help="language of messages")
    commands = parser.add_subparsers(dest="card_command", required=True, metavar="COMMAND")

    listing = commands.add_parser("list", help="list card readers and the cards in them")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=list_readers)

    read = commands.add_parser("read", help="read the identity on a card")
    read.add_argument("--reader", help="reader name (or its start); default: first with a card")
    read.add_argument(
        "--simulated",
        metavar="CITIZEN[:PROFILE]",
        help="read an in-process emulated card instead of a PC/SC reader",
    )
    read.add_argument("--json", action="store_true", help="print one JSON object")
    read.add_argument("--address", action="store_true", help="also read the address (PIN from standard input)")
    read.add_argument("--photo", metavar="FILE", help="save the photo to FILE")
    read.set_defaults(handler=partial(read_card, on_read=on_read))

    emulate = commands.add_parser("emulate", help="serve an emulated card on the vpcd reader")
    emulate.add_argument("--profile", choices=("pt-cc1", "pt-cc2", "be-eid"))
    emulate.add_argument("--citizen", required=True, help="demo citizen id (see `citizens`)")
    emulate.add_argument("--host", default="127.0.0.1")
    emulate.add_argument("--port", type=int, default=35963, help="35963 or 35964")
    emulate.add_argument("--pull-after", type=int, metavar="N", help="pull the card after N APDUs")
    emulate.add_argument("--corrupt-after", type=int, metavar="N", help="corrupt replies after N")
    emulate.add_argument("--delay", type=float, default=0.0, help="seconds per APDU")
    emulate.add_argument("--blocked-pin", action="append", default=[], choices=PIN_KINDS, help="start blocked")
    emulate.set_defaults(handler=emulate_card)

    make_ca = commands.add_parser("make-demo-ca", help="create the demo CA keys and certificates")
    make_ca.add_argument("directory", help="folder to write into (kept if it already holds a CA)")
    make_ca.set_defaults(handler=make_demo_ca)

    citizens = commands.add_parser("citizens", help="list the demo citizens")
    citizens.set_defaults(handler=list_citizens)


def fail(message: str, code: int) -> int:
    print(f"kiosk card: {message}", file=sys.stderr)
    return code


def _card_error_exit(error: Exception, language: str) -> int:
    from kiosk.card.errors import CardError, NoCard, NoReader

    assert isinstance(error, CardError)
    code = EXIT_USAGE if isinstance(error, (NoReader, NoCard)) else EXIT_CARD_ERROR
    return fail(error.user_message(language), code)


def list_readers(args: argparse.Namespace) -> int:
    import json

    from kiosk.card.errors import CardError
    from kiosk.card.readers import describe_readers

    try:
        readers = describe_readers()
    except CardError as error:
        return _card_error_exit(error, args.lang)
    if args.json:
        print(json.dumps(readers, ensure_ascii=False))
    elif not readers:
        print("no readers")
    for reader in [] if args.json else readers:
        card = reader["atr"] and f"{reader['profile'] or 'unknown card'}  ATR {reader['atr']}"
        print(f"{reader['name']}: {card or 'no card'}")
    return 0


def read_pin_from_stdin(prompt: str) -> bytearray:
    """One line of standard input as a bytearray; hidden when typed at a terminal."""
    if sys.stdin.isatty():
        import getpass

        text = getpass.getpass(prompt)
    else:
        text = sys.stdin.readline()
    pin = bytearray(text.strip().encode())
    del text  # the str cannot be wiped; drop the reference at least
    return pin


def ask_address_pin(session: Any, language: str) -> bytearray:
    """Check the tries first: a blocked PIN is not asked for, the last try is warned about."""
    from kiosk.card.errors import PinBlocked
    from kiosk.card.identity import PinKind

    tries = session.pin_tries(PinKind.ADDRESS)
    if tries.blocked:
        raise PinBlocked(tries.where_to_unblock)
    if tries.last_try:
        print(tries.user_message(language), file=sys.stderr)
    return read_pin_from_stdin("Address PIN: ")


def read_card(args: argparse.Namespace, on_read: ReadReport | None = None) -> int:
    import json

    from kiosk.card.errors import CardError
    from kiosk.card.session import CardSession

    read: list[str] = []  # what came off the card, reported even when a later step fails (a wrong PIN)
    try:
        transport = _open_transport(args)
        with CardSession.open(transport) as session:
            identity = session.read_identity()
            read.append("identity")
            result: dict[str, Any] = identity.to_json_dict()
            if args.address:
                pin = bytearray()
                if session.address_needs_pin:
                    pin = ask_address_pin(session, args.lang)
                result["address"] = session.read_address(pin).to_json_dict()
                read.append("address")
            if args.photo:
                photo = session.read_photo()
                read.append("photo")
                with open(args.photo, "wb") as stream:
                    stream.write(photo.data)
    except CardError as error:
        return _card_error_exit(error, args.lang)
    except KeyError as error:  # unknown demo citizen
        return fail(str(error.args[0]), EXIT_USAGE)
    except OSError as error:
        return fail(f"cannot write {args.photo}: {error.strerror}", EXIT_USAGE)
    finally:
        # Before any output, so a reader that closed the pipe (`| head`) cannot skip the report.
        if read and on_read is not None:
            on_read(args, read)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0


def _open_transport(args: argparse.Namespace) -> Any:
    if args.simulated:
        from kiosk.card.simulated import SimulatedReader

        citizen, _, profile = args.simulated.partition(":")
        reader = SimulatedReader()
        reader.insert(citizen, profile or None)
        return reader.transport()
    from kiosk.card.transport import PcscTransport

    return PcscTransport(args.reader)


def emulate_card(args: argparse.Namespace) -> int:
    import signal
    import threading

    from kiosk.card.emulator.card import EmulatedCard, Faults
    from kiosk.card.emulator.citizens import find_citizen
    from kiosk.card.emulator.vpcd import VpcdCard
    from kiosk.card.identity import PinKind

    try:
        citizen = find_citizen(args.citizen)
    except KeyError as error:
        return fail(str(error.args[0]), EXIT_USAGE)
    faults = Faults(
        pull_after=args.pull_after,
        corrupt_after=args.corrupt_after,
        delay=args.delay,
        blocked_pins=frozenset(PinKind(kind) for kind in args.blocked_pin),
    )
    card = EmulatedCard(args.profile or citizen.profile, citizen, faults)
    server = VpcdCard(card, args.host, args.port)
    finished = threading.Event()

    def stop(signum: int, frame: object) -> None:
        finished.set()
        server.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"emulating {card.profile} card of {citizen.id} on {args.host}:{args.port}", flush=True)
    server.serve()
    return 0


def make_demo_ca(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kiosk.card.emulator.democa import make_demo_ca as make

    try:
        files = make(Path(args.directory))
    except OSError as error:
        return fail(f"cannot write the demo CA into {args.directory}: {error.strerror}", EXIT_USAGE)
    for path in files:
        print(path)
    return 0


def list_citizens(args: argparse.Namespace) -> int:
    from kiosk.card.emulator.citizens import demo_citizens

    for citizen in demo_citizens():
        print(f"{citizen.id:10} {citizen.profile:7} {citizen.display_name}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kiosk card", description="Citizen card tools")
    configure(parser)
    args = parser.parse_args(argv)
    # The one way every `kiosk` command fails: a plain line, never a traceback.
    from kiosk.cli_errors import run_guarded

    return run_guarded(args.handler, args, program="kiosk card")


if __name__ == "__main__":
    sys.exit(main())
