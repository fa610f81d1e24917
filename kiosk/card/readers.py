"""Which PC/SC readers exist and what is in them (for `kiosk card list` and operators)."""

from __future__ import annotations

from typing import Any

from kiosk.card.errors import CardError, ReaderServiceDown
from kiosk.card.identity import format_atr


def reader_names() -> list[str]:
    """Names of the PC/SC readers; ReaderServiceDown when pcscd does not answer."""
    from smartcard.Exceptions import SmartcardException
    from smartcard.pcsc.PCSCExceptions import BaseSCardException
    from smartcard.System import readers

    try:
        return [str(reader) for reader in readers()]
    except (SmartcardException, BaseSCardException) as error:
        # pyscard raises BaseSCardException (not a SmartcardException) when pcscd is not running.
        raise ReaderServiceDown(f"PC/SC service unavailable: {error}") from error


def describe_readers() -> list[dict[str, Any]]:
    """Each reader with the ATR and detected profile of its card (None when empty or unknown)."""
    from kiosk.card.session import CardSession
    from kiosk.card.transport import PcscTransport

    described = []
    for name in reader_names():
        entry: dict[str, Any] = {"name": name, "atr": None, "profile": None}
        try:
            transport = PcscTransport(name)
        except CardError:
            described.append(entry)
            continue
        entry["atr"] = format_atr(transport.atr)
        try:
            with CardSession.open(transport) as session:
                entry["profile"] = session.profile
        except CardError:
            transport.close()
        described.append(entry)
    return described
