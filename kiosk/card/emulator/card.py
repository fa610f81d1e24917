"""A faithful ISO 7816-4 card: the commands of cards.md over a profile's file tree.

The same object answers APDUs in-process (InProcessTransport) and on the vpcd socket, so
every test path exercises the same card behaviour.
"""

from __future__ import annotations

import hashlib
import os
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.card.emulator.filesystem import DedicatedFile, ElementaryFile
from kiosk.card.identity import PinKind

if TYPE_CHECKING:
    from kiosk.card.emulator.citizens import DemoCitizen
    from kiosk.card.emulator.keys import CardKey

OK = b"\x90\x00"


class CardPulled(Exception):
    """The emulated card left the reader (a fault mode, or the operator removed it)."""


def sw(value: int) -> bytes:
    return value.to_bytes(2, "big")


@dataclass(frozen=True)
class Faults:
    """Ways to make the card misbehave in tests and demos."""

    pull_after: int | None = None  # the card disappears once this many APDUs were answered
    corrupt_after: int | None = None  # responses after this many APDUs carry flipped bytes
    delay: float = 0.0  # seconds spent on every APDU, to model a real card's T=0 speed
    blocked_pins: frozenset[PinKind] = frozenset()


@dataclass
class PinState:
    kind: PinKind
    reference: int
    block: bytes  # the 8-byte block the card compares VERIFY data with
    tries_left: int = 3
    max_tries: int = 3
    verified: bool = False


@dataclass
class CardImage:
    """Everything that makes one profile's card: built by the profile's builder."""

    profile: str
    atr: bytes
    protocol: str
    mf: DedicatedFile
    applications: dict[bytes, DedicatedFile]
    pins: dict[int, PinState]
    cplc: bytes
    card_data: bytes = b""
    card_data_pin: int | None = None  # PIN whose tries left the extended card data reports at byte 28
    key_loader: Callable[[], dict[int, CardKey]] | None = None
    pso_signs_data: bool = False  # Belgian cards sign the PSO CDS data; Portuguese sign the PSO HASH
    pin_encoder: Callable[[bytes], bytes] | None = None
    extra: dict[str, bytes] = field(default_factory=dict)


@dataclass
class _Apdu:
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes
    le: int | None  # None: no Le byte on the wire


def _parse(raw: bytes) -> _Apdu | None:
    if len(raw) < 4:
        return None
    cla, ins, p1, p2 = raw[:4]
    if len(raw) == 4:
        return _Apdu(cla, ins, p1, p2, b"", None)
    if len(raw) == 5:
        return _Apdu(cla, ins, p1, p2, b"", raw[4] or 256)
    lc = raw[4]
    if lc == 0 or len(raw) not in (5 + lc, 6 + lc):
        return None
    le = (raw[5 + lc] or 256) if len(raw) == 6 + lc else None
    return _Apdu(cla, ins, p1, p2, raw[5 : 5 + lc], le)


class EmulatedCard:
    """One card of a profile, personalised for a demo citizen."""

    def __init__(self, profile: str, citizen: str | DemoCitizen, faults: Faults | None = None) -> None:
        from kiosk.card.emulator.citizens import find_citizen
        from kiosk.card.emulator.profiles import build_image

        self.citizen = find_citizen(citizen) if isinstance(citizen, str) else citizen
        self.profile = profile
        self.faults = faults or Faults()
        self.image = build_image(profile, self.citizen)
        for pin in self.image.pins.values():
            if pin.kind in self.faults.blocked_pins:
                pin.tries_left = 0
        self._keys: dict[int, CardKey] | None = None
        self._lock = threading.Lock()
        self._random = random.Random(0xC1D)  # noqa: S311 - reproducible faults, not crypto
        self.apdu_count = 0
        self.present = True
        self.reset()

    @property
    def atr(self) -> bytes:
        return self.image.atr

    @property
    def protocol(self) -> str:
        return self.image.protocol

    def pull(self) -> None:
        """The card leaves the reader: every later APDU fails."""
        self.present = False

    def reset(self) -> None:
        """Power-on state: MF selected, no PIN verified, no security environment."""
        self._current_df: DedicatedFile = self.image.mf
        self._current_ef: ElementaryFile | None = None
        self._pending = b""
        self._security_env: tuple[int, int] | None = None  # (algorithm, key reference)
        self._hash = b""
        for pin in self.image.pins.values():
            pin.verified = False

    def keys(self) -> dict[int, CardKey]:
        if self._keys is None:
            self._keys = self.image.key_loader() if self.image.key_loader else {}
        return self._keys

    def process(self, apdu: bytes | bytearray) -> bytes:
        """Answer one command APDU with response data followed by the status word."""
        with self._lock:
            if not self.present:
                raise CardPulled
            if self.faults.pull_after is not None and self.apdu_count >= self.faults.pull_after:
                self.present = False
                raise CardPulled
            self.apdu_count += 1
            if self.faults.delay:
                time.sleep(self.faults.delay)
            reply = self._dispatch(bytes(apdu))
            if self.faults.corrupt_after is not None and self.apdu_count > self.faults.corrupt_after:
                reply = self._corrupt(reply)
            return reply

    def _corrupt(self, reply: bytes) -> bytes:
        data = bytearray(reply[:-2])
        for index in range(len(data)):
            if self._random.random() < 0.3:
                data[index] ^= self._random.randrange(1, 256)
        return bytes(data) + reply[-2:]

    def _respond(self, command: _Apdu, data: bytes) -> bytes:
        """Return data the way the wire allows: T=0 case 4 goes through 61xx and GET RESPONSE."""
        if not data:
            return OK
        if command.le is None:
            self._pending = data
            return sw(0x6100 | (len(data) & 0xFF))
        if command.le < len(data):
            self._pending = data[command.le :]
            return data[: command.le] + sw(0x6100 | (len(self._pending) & 0xFF))
        return data + OK

    def _dispatch(self, raw: bytes) -> bytes:
        command = _parse(raw)
        if command is None:
            return sw(0x6700)
        handlers: dict[int, Callable[[_Apdu], bytes]] = {
            0xA4: self._select,
            0xB0: self._read_binary,
            0x20: self._verify,
            0x24: self._change_reference_data,
            0x22: self._manage_security_environment,
            0x2A: self._perform_security_operation,
            0x84: self._get_challenge,
            0xCA: self._get_data,
            0xC0: self._get_response,
            0xE4: self._get_card_data,
            0xEA: self._get_pin_status,
            0xE6: self._log_off,
        }
        handler = handlers.get(command.ins)
        if handler is None:
            return sw(0x6D00)
        if command.ins != 0xC0:
            self._pending = b""
        return handler(command)

    # --- file selection and reading -------------------------------------------------------

    def _select(self, command: _Apdu) -> bytes:
        target: ElementaryFile | DedicatedFile | None
        if command.p1 == 0x04:
            target = self.image.applications.get(command.data)
            if target is None:
                target = self._current_df.root().find_by_name(command.data)
        elif command.p1 in (0x00, 0x01, 0x02):
            target = self._select_fid(command.data)
        elif command.p1 == 0x03:
            target = self._current_df.parent or self._current_df
        elif command.p1 == 0x08:
            target = self._current_df.root().walk_path(command.data)
        elif command.p1 == 0x09:
            target = self._current_df.walk_path(command.data)
        else:
            return sw(0x6A86)
        if target is None:
            return sw(0x6A82)
        if isinstance(target, DedicatedFile):
            self._current_df, self._current_ef = target, None
        else:
            assert target.parent is not None
            self._current_df, self._current_ef = target.parent, target
        if command.p2 & 0x0C == 0x0C:
            return OK
        return self._respond(command, target.fci())

    def _select_fid(self, fid: bytes) -> ElementaryFile | DedicatedFile | None:
        if len(fid) != 2:
            return None
        if fid == b"\x3f\x00":
            return self._current_df.root()
        if fid == self._current_df.fid:
            return self._current_df
        found = self._current_df.children.get(fid)
        if found is None and self._current_df.parent is not None:
            parent = self._current_df.parent
            found = parent if parent.fid == fid else parent.children.get(fid)
        return found

    def _read_binary(self, command: _Apdu) -> bytes:
        if command.p1 & 0x80:
            # Short EF identifier in P1: select that file of the current DF, offset in P2.
            sfi = command.p1 & 0x1F
            target = next(
                (
                    child
                    for child in self._current_df.children.values()
                    if isinstance(child, ElementaryFile) and child.fid[1] & 0x1F == sfi
                ),
                None,
            )
            if target is None:
                return sw(0x6A82)
            self._current_ef = target
            offset = command.p2
        else:
            offset = (command.p1 << 8) | command.p2
        ef = self._current_ef
        if ef is None:
            return sw(0x6986)
        if ef.read_pin is not None and not self.image.pins[ef.read_pin].verified:
            return sw(0x6982)
        if offset > len(ef.content) or (offset == len(ef.content) and offset > 0):
            return sw(0x6B00)
        wanted = command.le or 256
        return ef.content[offset : offset + wanted] + OK

    # --- PINs ----------------------------------------------------------------------------

    def _pin(self, reference: int) -> PinState | None:
        return self.image.pins.get(reference)

    def _verify(self, command: _Apdu) -> bytes:
        pin = self._pin(command.p2)
        if pin is None:
            return sw(0x6A88)
        if command.p1 == 0xFF:
            pin.verified = False
            return OK
        if not command.data:
            # A VERIFY without data asks for the state and never costs a try.
            if pin.tries_left == 0:
                return sw(0x6983)
            return OK if pin.verified else sw(0x63C0 | pin.tries_left)
        return self._check_pin(pin, command.data)

    def _check_pin(self, pin: PinState, block: bytes) -> bytes:
        if pin.tries_left == 0:
            return sw(0x6983)
        if block != pin.block:
            pin.tries_left -= 1
            pin.verified = False
            return sw(0x6983) if pin.tries_left == 0 else sw(0x63C0 | pin.tries_left)
        pin.tries_left = pin.max_tries
        pin.verified = True
        return OK

    def _change_reference_data(self, command: _Apdu) -> bytes:
        pin = self._pin(command.p2)
        if pin is None:
            return sw(0x6A88)
        if len(command.data) != 16:
            return sw(0x6700)
        result = self._check_pin(pin, command.data[:8])
        if result == OK:
            pin.block = command.data[8:]
        return result

    def _get_pin_status(self, command: _Apdu) -> bytes:
        pin = self._pin(command.p2)
        if pin is None:
            return sw(0x6A88)
        return self._respond(command, bytes((pin.tries_left,)))

    def _log_off(self, command: _Apdu) -> bytes:
        for pin in self.image.pins.values():
            pin.verified = False
        return OK

    # --- signing -------------------------------------------------------------------------

    def _manage_security_environment(self, command: _Apdu) -> bytes:
        if command.p1 != 0x41 or command.p2 != 0xB6:
            return sw(0x6A86)
        algorithm = key_reference = None
        data, index = command.data, 0
        if len(data) == 5 and data[0] == 0x04 and data[1] == 0x80 and data[3] == 0x84:
            # The Belgian applet's own form: 04 80 <algorithm> 84 <key>, values without lengths.
            algorithm, key_reference, index = data[2], data[4], len(data)
        while index + 2 <= len(data):
            tag, length = data[index], data[index + 1]
            value = data[index + 2 : index + 2 + length]
            if tag == 0x80 and value:
                algorithm = value[-1]
            elif tag == 0x84 and value:
                key_reference = value[-1]
            index += 2 + length
        if algorithm is None or key_reference is None:
            return sw(0x6A80)
        if key_reference not in self.keys():
            return sw(0x6A88)
        self._security_env = (algorithm, key_reference)
        self._hash = b""
        return OK

    def _perform_security_operation(self, command: _Apdu) -> bytes:
        if (command.p1, command.p2) == (0x90, 0xA0):
            data = command.data
            if len(data) < 2 or data[0] != 0x90 or data[1] != len(data) - 2:
                return sw(0x6A80)
            self._hash = data[2:]
            return OK
        if (command.p1, command.p2) != (0x9E, 0x9A):
            return sw(0x6A86)
        if self._security_env is None:
            return sw(0x6985)
        algorithm, key_reference = self._security_env
        key = self.keys()[key_reference]
        if not self.image.pins[key.pin_reference].verified:
            return sw(0x6982)
        message_hash = command.data if self.image.pso_signs_data else self._hash
        if not message_hash:
            return sw(0x6985)
        signature = key.sign(algorithm, message_hash)
        if signature is None:
            return sw(0x6985)
        return self._respond(command, signature)

    # --- miscellaneous data --------------------------------------------------------------

    def _get_challenge(self, command: _Apdu) -> bytes:
        return self._respond(command, os.urandom(command.le or 8))

    def _get_data(self, command: _Apdu) -> bytes:
        if (command.p1, command.p2) == (0x9F, 0x7F):
            return self._short_answer(command, self.image.cplc)
        if (command.p1, command.p2) == (0xDF, 0x30):
            return self._short_answer(command, self.image.extra.get("applet_version", b""))
        return sw(0x6A88)

    def _get_card_data(self, command: _Apdu) -> bytes:
        if command.cla != 0x80 or not self.image.card_data:
            return sw(0x6D00)
        data = self.image.card_data if command.p2 == 0x01 else self.image.card_data[:28]
        if len(data) > 28 and self.image.card_data_pin is not None:
            tries = self.image.pins[self.image.card_data_pin].tries_left
            data = data[:28] + bytes((tries,)) + data[29:]
        return self._short_answer(command, data)

    def _short_answer(self, command: _Apdu, data: bytes) -> bytes:
        """Case-2 answer: a wrong Le gets 6Cxx with the right length, as T=0 cards do."""
        if not data:
            return sw(0x6A88)
        if command.le is not None and command.le != 256 and command.le != len(data):
            return sw(0x6C00 | len(data))
        return data + OK

    def _get_response(self, command: _Apdu) -> bytes:
        if not self._pending:
            return sw(0x6985)
        wanted = command.le or 256
        chunk, self._pending = self._pending[:wanted], self._pending[wanted:]
        if self._pending:
            return chunk + sw(0x6100 | (len(self._pending) & 0xFF))
        return chunk + OK


def serial_from_citizen(citizen_id: str, profile: str) -> bytes:
    """A stable 8-byte chip serial for a demo card."""
    return hashlib.sha256(f"{profile}:{citizen_id}".encode()).digest()[:8]
