"""ISO 7816-4 command APDUs, response chaining and status words mapped to typed errors.

Short APDUs only: none of the supported cards needs extended length. The channel hides the
transport's quirks (61xx GET RESPONSE, 6Cxx re-issue, the T=0 Le byte) from the profiles.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import NamedTuple

from kiosk.card.errors import (
    CardError,
    FileNotFound,
    PinBlocked,
    SecurityStatusNotSatisfied,
    UnexpectedStatus,
    WrongPin,
)
from kiosk.card.transport import Transport

log = logging.getLogger(__name__)

SW_OK = 0x9000
SW_END_OF_FILE_WARNING = 0x6282
SW_WRONG_LENGTH = 0x6700
SW_SECURITY_STATUS = 0x6982
SW_AUTH_BLOCKED = 0x6983
SW_REFERENCE_DATA_UNUSABLE = 0x6984
SW_CONDITIONS_NOT_SATISFIED = 0x6985
SW_FILE_NOT_FOUND = 0x6A82
SW_WRONG_P1P2 = 0x6A86
SW_REFERENCE_NOT_FOUND = 0x6A88
SW_WRONG_OFFSET = 0x6B00
SW_INS_NOT_SUPPORTED = 0x6D00
SW_CLA_NOT_SUPPORTED = 0x6E00
SW_PINPAD_BLOCKED = 0x6402

MAX_SHORT_LE = 256
# A card that keeps answering 61xx would otherwise keep us here forever.
MAX_RESPONSE_PARTS = 64


@dataclass(frozen=True, slots=True)
class Command:
    """One command APDU; ``le`` is None when no response data is expected (0 means 256)."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None

    def __post_init__(self) -> None:
        if len(self.data) > 255:
            raise ValueError("command data longer than a short APDU allows")
        if self.le is not None and not 0 <= self.le <= MAX_SHORT_LE:
            raise ValueError("Le out of range for a short APDU")

    def encode(self, *, t0: bool = False) -> bytes:
        """Serialise for the wire; on T=0 a case-4 command travels without its Le byte."""
        header = bytes((self.cla, self.ins, self.p1, self.p2))
        le = b"" if self.le is None else bytes((self.le % MAX_SHORT_LE,))
        if not self.data:
            return header + le  # case 1 or 2
        body = header + bytes((len(self.data),)) + self.data
        return body if t0 else body + le  # case 3, or case 4

    def with_le(self, le: int) -> Command:
        return Command(self.cla, self.ins, self.p1, self.p2, self.data, le)

    @property
    def name(self) -> str:
        """Instruction name for logs (never the data, which may hold a PIN)."""
        return INSTRUCTION_NAMES.get(self.ins, f"INS {self.ins:02X}")


INSTRUCTION_NAMES = {
    0xA4: "SELECT",
    0xB0: "READ BINARY",
    0x20: "VERIFY",
    0x24: "CHANGE REFERENCE DATA",
    0x22: "MSE SET",
    0x2A: "PSO",
    0x84: "GET CHALLENGE",
    0xCA: "GET DATA",
    0xE4: "GET CARD DATA",
    0xEA: "GET PIN STATUS",
    0xC0: "GET RESPONSE",
    0x88: "INTERNAL AUTHENTICATE",
}


class Response(NamedTuple):
    # A tuple, not a dataclass: one is built per APDU, on the identity read's hot path.
    data: bytes
    sw: int

    @property
    def ok(self) -> bool:
        return self.sw == SW_OK


def raise_for_status(sw: int, command: str = "", *, where_to_unblock: str = "where.pt") -> None:
    """Turn a status word into the matching typed error; 9000 passes silently."""
    if sw == SW_OK:
        return
    if sw & 0xFFF0 == 0x63C0:
        tries_left = sw & 0x0F
        if tries_left == 0:
            raise PinBlocked(where_to_unblock)
        raise WrongPin(tries_left)
    if sw in (SW_AUTH_BLOCKED, SW_REFERENCE_DATA_UNUSABLE, SW_PINPAD_BLOCKED):
        raise PinBlocked(where_to_unblock)
    if sw == SW_SECURITY_STATUS:
        raise SecurityStatusNotSatisfied(f"{command}: {sw:04X}")
    if sw in (SW_FILE_NOT_FOUND, SW_REFERENCE_NOT_FOUND):
        raise FileNotFound(f"{command}: {sw:04X}")
    raise UnexpectedStatus(sw, command)


class CardChannel:
    """Sends commands over a transport and completes chained responses."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self.apdu_count = 0
        # The application the card last accepted by SELECT AID; SELECT by path or FID stays
        # inside it, so profiles skip re-selecting it (each SELECT costs a real card ~25 ms).
        self.current_aid: bytes | None = None
        # Fixed for the life of the connection; asked once, not on every APDU.
        self.t0 = transport.protocol == "T=0"

    def _transmit(self, raw: bytes | bytearray) -> Response:
        self.apdu_count += 1
        data, sw = self.transport.transmit(raw)
        return Response(data, sw)

    def exchange(self, command: Command) -> Response:
        """Send one command and return its complete response, whatever the status."""
        return self._complete(command.encode(t0=self.t0))

    def _with_le(self, apdu: bytes, le: int) -> bytes:
        """The same encoded short APDU asking for ``le`` bytes (what a 6Cxx answer wants)."""
        if len(apdu) <= 5:
            return apdu[:4] + bytes((le,))  # case 1 or 2
        if len(apdu) == 5 + apdu[4]:
            return apdu if self.t0 else apdu + bytes((le,))  # case 3 becomes case 4
        return apdu[:-1] + bytes((le,))  # case 4

    def _complete(self, apdu: bytes) -> Response:
        """Send an encoded APDU and follow 6Cxx re-issue and 61xx GET RESPONSE chaining."""
        response = self._transmit(apdu)
        if response.sw == SW_OK:
            return response  # the common case: nothing to chain
        if response.sw >> 8 == 0x6C:
            # The card tells the exact length it wants in Le: send the same command again.
            response = self._transmit(self._with_le(apdu, response.sw & 0xFF))
        if response.sw >> 8 != 0x61:
            return response
        collected = bytearray(response.data)
        parts = 0
        while response.sw >> 8 == 0x61:
            parts += 1
            if parts > MAX_RESPONSE_PARTS:
                raise CardError("card kept answering 61xx")
            response = self._transmit(bytes((0x00, 0xC0, 0x00, 0x00, response.sw & 0xFF)))
            collected += response.data
        return Response(bytes(collected), response.sw)

    def _send_case3(self, ins: int, p1: int, p2: int, data: bytes) -> None:
        """A case-3 command (data, no response data): the same bytes on T=0 and T=1."""
        response = self._complete(bytes((0x00, ins, p1, p2, len(data))) + data)
        if response.sw != SW_OK and response.sw != SW_END_OF_FILE_WARNING:
            log.debug("%s answered %04X", INSTRUCTION_NAMES.get(ins, "command"), response.sw)
            raise_for_status(response.sw, INSTRUCTION_NAMES.get(ins, ""))

    def send(self, command: Command, *, where_to_unblock: str = "where.pt") -> bytes:
        """Send a command and return its data, raising the typed error for any failure."""
        response = self.exchange(command)
        if response.sw == SW_END_OF_FILE_WARNING:
            return response.data
        if not response.ok:
            log.debug("%s answered %04X", command.name, response.sw)
        raise_for_status(response.sw, command.name, where_to_unblock=where_to_unblock)
        return response.data

    def send_secret(self, header: bytes, secret: bytearray, *, where_to_unblock: str = "where.pt") -> None:
        """Send a case-3 command whose data is secret (a PIN block) and zero our copy after.

        The APDU is built in a bytearray so no immutable copy of the PIN outlives the call
        on our side; it is never logged.
        """
        apdu = bytearray(header)
        apdu.append(len(secret))
        apdu += secret
        try:
            response = self._transmit(apdu)
        finally:
            apdu[:] = bytes(len(apdu))
        if not response.ok:
            log.debug("%s answered %04X", INSTRUCTION_NAMES.get(header[1], "command"), response.sw)
        raise_for_status(response.sw, INSTRUCTION_NAMES.get(header[1], ""), where_to_unblock=where_to_unblock)

    def select_aid(self, aid: bytes, *, fci: bool = False) -> Response:
        """SELECT by DF name; the caller decides what a refusal means."""
        if fci:
            response = self.exchange(Command(0x00, 0xA4, 0x04, 0x00, aid, 0))
        else:  # case 3, the same bytes on T=0 and T=1: skip building a Command
            response = self._complete(bytes((0x00, 0xA4, 0x04, 0x0C, len(aid))) + aid)
        self.current_aid = aid if response.sw == SW_OK else None
        return response

    def ensure_application(self, aid: bytes) -> None:
        """Make ``aid`` the current application, sending SELECT only when it is not already."""
        if self.current_aid != aid:
            raise_for_status(self.select_aid(aid).sw, "SELECT")

    def select_path(self, path: bytes, *, from_mf: bool = True) -> None:
        """SELECT by path without the leading 3F00 (P1=08) or relative to the current DF (P1=09)."""
        self._send_case3(0xA4, 0x08 if from_mf else 0x09, 0x0C, path)

    def select_fid(self, fid: bytes) -> None:
        """SELECT an elementary file of the current DF (P1=02), as the Belgian middleware does."""
        self._send_case3(0xA4, 0x02, 0x0C, fid)

    def read_binary(self, length: int | None = None, offset: int = 0, chunk: int = 256) -> bytes:
        """Read the selected file from ``offset``: ``length`` bytes, or to its end when None.

        A short chunk means the end of the file was reached; so does 6B00 after the first chunk.
        """
        result = bytearray()
        while length is None or len(result) < length:
            wanted = chunk if length is None else min(chunk, length - len(result))
            position = offset + len(result)
            if position > 0x7FFF:
                break
            # Built as bytes, not a Command: READ BINARY is case 2, the same on T=0 and T=1.
            response = self._complete(bytes((0x00, 0xB0, position >> 8, position & 0xFF, wanted % 256)))
            if response.sw == SW_WRONG_OFFSET and result:
                break
            if response.sw != SW_OK and response.sw != SW_END_OF_FILE_WARNING:
                raise_for_status(response.sw, "READ BINARY")
            result += response.data
            if len(response.data) < wanted or response.sw == SW_END_OF_FILE_WARNING:
                break
        return bytes(result)
