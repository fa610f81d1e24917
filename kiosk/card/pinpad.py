"""Pinpad readers (PC/SC v2 part 10): discover features, verify a PIN typed on the reader.

When a reader offers FEATURE_VERIFY_PIN_DIRECT the PIN never crosses the host: the reader
builds the VERIFY APDU itself from the structure below. Values per profile come from the
official middlewares (cards.md §3.3).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from kiosk.card.apdu import raise_for_status

log = logging.getLogger(__name__)

FEATURE_VERIFY_PIN_DIRECT = 0x06
FEATURE_MODIFY_PIN_DIRECT = 0x07
FEATURE_IFD_PIN_PROPERTIES = 0x0A
FEATURE_GET_TLV_PROPERTIES = 0x12
GET_FEATURE_REQUEST = 3400  # CM_IOCTL_GET_FEATURE_REQUEST = SCARD_CTL_CODE(3400)
# Reader status words (poreid): timeout, cancelled, (GemPC) blocked, wrong PIN length.
PINPAD_TIMEOUT, PINPAD_CANCELLED = 0x6400, 0x6401


@dataclass(frozen=True)
class PinpadFeatures:
    """Control codes a reader offers, keyed by feature tag."""

    codes: dict[int, int]

    @property
    def verify_pin_direct(self) -> int | None:
        return self.codes.get(FEATURE_VERIFY_PIN_DIRECT)


def parse_feature_request(data: bytes) -> dict[int, int]:
    """Repeated 6-byte TLVs: tag, 04, big-endian 4-byte control code; junk is ignored."""
    codes = {}
    for index in range(0, len(data) - 5, 6):
        tag, length = data[index], data[index + 1]
        if length != 4:
            break
        codes[tag] = int.from_bytes(data[index + 2 : index + 6], "big")
    return codes


def discover(connection: Any) -> PinpadFeatures | None:
    """Ask a pyscard connection for its features; None when the reader has no pinpad."""
    from smartcard.Exceptions import SmartcardException
    from smartcard.scard import SCARD_CTL_CODE

    try:
        reply = connection.control(SCARD_CTL_CODE(GET_FEATURE_REQUEST), [])
    except SmartcardException:
        return None
    features = PinpadFeatures(parse_feature_request(bytes(reply)))
    if features.verify_pin_direct is None:
        return None
    return features


def verify_structure(profile: str, pin_reference: int, timeout: int = 30) -> bytes:
    """PIN_VERIFY_STRUCTURE for the profile: the reader inserts the digits it reads."""
    if profile == "be-eid":
        apdu = bytes((0x00, 0x20, 0x00, pin_reference, 0x08, 0x20)) + b"\xff" * 7
        # BCD, PIN length in the first block nibble; language id high byte first (eid-mw).
        formats = bytes((0x89, 0x47, 0x04)) + bytes((12, 4)) + b"\x02\x01" + b"\x04\x09"
    else:
        apdu = bytes((0x00, 0x20, 0x00, pin_reference, 0x08)) + b"\xff" * 8
        formats = bytes((0x02, 0x08, 0x00)) + bytes((8, 4)) + b"\x02\x01" + b"\x09\x04"
    return (
        bytes((timeout, timeout))
        + formats
        + b"\x00"  # bMsgIndex
        + b"\x00\x00\x00"  # bTeoPrologue
        + len(apdu).to_bytes(4, "little")
        + apdu
    )


def transport_pinpad(transport: Any) -> tuple[Any, PinpadFeatures] | None:
    """The pyscard connection and pinpad features of a transport, when it has both."""
    connection = getattr(transport, "connection", None)
    if connection is None:
        return None
    features = discover(connection)
    return None if features is None else (connection, features)


def verify_on_transport(transport: Any, profile: str, pin_reference: int, where: str) -> None:
    from kiosk.card.errors import CardError

    found = transport_pinpad(transport)
    if found is None:
        raise CardError("no pinpad on this reader: the PIN must be entered on screen")
    verify_pin_direct(found[0], found[1], profile, pin_reference, where)


def verify_pin_direct(
    connection: Any, features: PinpadFeatures, profile: str, pin_reference: int, where: str
) -> None:
    """Let the citizen type the PIN on the reader; raises the usual typed PIN errors."""
    from kiosk.card.errors import CardError

    code = features.verify_pin_direct
    if code is None:
        raise CardError("reader has no VERIFY_PIN_DIRECT")
    reply = bytes(connection.control(code, list(verify_structure(profile, pin_reference))))
    if len(reply) < 2:
        raise CardError("pinpad gave no status")
    status = int.from_bytes(reply[-2:], "big")
    if status in (PINPAD_TIMEOUT, PINPAD_CANCELLED):
        raise CardError(f"pinpad entry ended: {status:04X}")
    raise_for_status(status, "VERIFY (pinpad)", where_to_unblock=where)
