"""What both Portuguese card generations share: PIN commands, MSE/PSO signing, certificates."""

from __future__ import annotations

import hashlib
from typing import ClassVar

from kiosk.card.apdu import SW_OK, CardChannel, Command
from kiosk.card.errors import BadPinFormat, PinBlocked, UnexpectedStatus
from kiosk.card.identity import Address, AuthResult, Identity, Photo, PinKind, format_atr
from kiosk.card.profiles.fields import parse_date

PIN_REFERENCES = {PinKind.AUTHENTICATION: 0x81, PinKind.SIGNATURE: 0x82, PinKind.ADDRESS: 0x83}
PIN_MIN_LENGTH = 4
PIN_BLOCK_LENGTH = 8
WHERE_TO_UNBLOCK = "where.pt"


def portuguese_identity(profile: str, atr: bytes, values: dict[str, str | None], has_photo: bool) -> Identity:
    """Both generations name their identity fields alike; neither carries the place of birth."""
    return Identity(
        profile=profile,
        atr=format_atr(atr),
        document_number=values["document_number"],
        surname=values["surname"],
        given_names=values["given_names"],
        sex=values["sex"],
        nationality=values["nationality"],
        birth_date=parse_date(values["birth_date"], "birth_date"),
        birth_place=None,
        issue_date=parse_date(values["issue_date"], "issue_date"),
        expiry_date=parse_date(values["expiry_date"], "expiry_date"),
        issuing_entity=values["issuing_entity"],
        civil_id=values["civil_id"],
        tax_id=values["tax_id"],
        social_security_id=values["social_security_id"],
        health_id=values["health_id"],
        national_number=None,
        has_photo=has_photo,
    )


def pin_block(pin: bytearray) -> bytearray:
    """ASCII digits padded with 0xFF to 8 bytes; the caller zeroes the result."""
    if not (PIN_MIN_LENGTH <= len(pin) <= PIN_BLOCK_LENGTH) or not all(0x30 <= digit <= 0x39 for digit in pin):
        raise BadPinFormat(PIN_MIN_LENGTH, PIN_BLOCK_LENGTH)
    block = bytearray(b"\xff" * PIN_BLOCK_LENGTH)
    block[: len(pin)] = pin
    return block


class PtCard:
    """Base of the Portuguese profiles; subclasses give the files and key references."""

    profile: ClassVar[str]
    application: ClassVar[bytes]  # where identity files live
    pin_application: ClassVar[bytes] = b""  # where PINs and keys live, when elsewhere
    auth_key_reference: ClassVar[int]
    auth_algorithm: ClassVar[int]
    auth_algorithm_name: ClassVar[str]
    certificate_paths: ClassVar[tuple[bytes, ...]]
    where_to_unblock = WHERE_TO_UNBLOCK
    address_needs_pin = True

    def __init__(self, channel: CardChannel, atr: bytes) -> None:
        self.channel = channel
        self.atr = atr

    # The subclasses implement these three.
    def read_identity(self) -> Identity:
        raise NotImplementedError

    def read_photo(self) -> Photo:
        raise NotImplementedError

    def read_address_file(self) -> Address:
        raise NotImplementedError

    def select_security_object(self) -> None:
        raise NotImplementedError

    def security_object_digest(self) -> bytes:
        """Digest of the SOD (hashes of the ID, address, photo and key files), read short."""
        from kiosk.card.profiles.der import security_object_digest

        self.select_security_object()
        return security_object_digest(self.channel, "sod")

    def select_pin_application(self) -> None:
        self.channel.ensure_application(self.pin_application or self.application)

    def select_data_application(self) -> None:
        self.channel.ensure_application(self.application)

    def pin_status(self, kind: PinKind) -> int:
        """Tries left, asked with an empty VERIFY that never consumes a try."""
        self.select_pin_application()
        response = self.channel.exchange(Command(0x00, 0x20, 0x00, PIN_REFERENCES[kind]))
        if response.sw == SW_OK:
            return 3  # already verified in this session: the middleware reports the maximum
        if response.sw & 0xFFF0 == 0x63C0:
            return response.sw & 0x0F
        if response.sw in (0x6983, 0x6984):
            return 0
        raise UnexpectedStatus(response.sw, "VERIFY (status)")

    def verify_pin(self, kind: PinKind, pin: bytearray | None) -> None:
        """Verify ``pin``; None means the citizen types it on the reader's pinpad."""
        self.select_pin_application()
        if pin is None:
            from kiosk.card.pinpad import verify_on_transport

            verify_on_transport(
                self.channel.transport, self.profile, PIN_REFERENCES[kind], self.where_to_unblock
            )
            return
        block = pin_block(pin)
        try:
            self.channel.send_secret(bytes((0x00, 0x20, 0x00, PIN_REFERENCES[kind])), block)
        finally:
            block[:] = bytes(len(block))

    def read_address(self, pin: bytearray | None) -> Address:
        if self.pin_status(PinKind.ADDRESS) == 0:
            raise PinBlocked(self.where_to_unblock)
        self.verify_pin(PinKind.ADDRESS, pin)
        self.select_data_application()
        return self.read_address_file()

    def card_serial(self) -> bytes:
        """Bytes 13..20 of the CPLC data, the chip serial the middleware uses."""
        self.select_pin_application()
        cplc = self.channel.send(Command(0x00, 0xCA, 0x9F, 0x7F, le=0x2D))
        return cplc[13:21]

    def sign_hash(self, key_reference: int, algorithm: int, digest: bytes) -> bytes:
        self.channel.send(
            Command(0x00, 0x22, 0x41, 0xB6, bytes((0x80, 0x01, algorithm, 0x84, 0x01, key_reference)))
        )
        self.channel.send(Command(0x00, 0x2A, 0x90, 0xA0, bytes((0x90, len(digest))) + digest))
        return self.channel.send(Command(0x00, 0x2A, 0x9E, 0x9A, le=0))

    def read_certificates(self) -> tuple[bytes, ...]:
        from kiosk.card.profiles.der import read_der_file

        self.select_pin_application()
        chain = []
        for path in self.certificate_paths:
            self.channel.select_path(path)
            chain.append(read_der_file(self.channel, "certificate"))
        return tuple(chain)

    def authenticate(self, challenge: bytes, pin: bytearray | None) -> AuthResult:
        if self.pin_status(PinKind.AUTHENTICATION) == 0:
            raise PinBlocked(self.where_to_unblock)
        self.verify_pin(PinKind.AUTHENTICATION, pin)
        digest = hashlib.sha256(challenge).digest()
        signature = self.sign_hash(self.auth_key_reference, self.auth_algorithm, digest)
        return AuthResult(
            signature=self.finish_signature(signature),
            algorithm=self.auth_algorithm_name,
            certificate_chain=self.read_certificates(),
        )

    def finish_signature(self, signature: bytes) -> bytes:
        return signature
