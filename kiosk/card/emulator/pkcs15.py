"""PKCS#15 (ISO 7816-15) directory files of an emulated card, DER-encoded from plain descriptions.

Real Portuguese and Belgian cards describe their PINs, keys and certificates this way, and
middleware such as OpenSC finds them only through these files: EF.DIR (2F00) names the
PKCS#15 application, its ODF (5031) points to the AODF (PINs), PrKDF (private keys) and CDF
(certificates), and TokenInfo (5032) names the token. The layouts follow what each card
carries (docs/cards.md, "Held against OpenSC").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.card.profiles.tlv import encode

if TYPE_CHECKING:
    from kiosk.card.emulator.citizens import DemoCitizen

# Universal and context tags used below.
BOOLEAN, INTEGER, BIT_STRING, OCTET_STRING, ENUMERATED, UTF8_STRING = 0x01, 0x02, 0x03, 0x04, 0x0A, 0x0C
SEQUENCE = 0x30


def integer(value: int) -> bytes:
    """DER INTEGER of a non-negative number (a leading zero keeps it positive)."""
    return encode(INTEGER, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def octet_string(value: bytes) -> bytes:
    return encode(OCTET_STRING, value)


def utf8(text: str) -> bytes:
    return encode(UTF8_STRING, text.encode())


def sequence(*parts: bytes) -> bytes:
    return encode(SEQUENCE, b"".join(parts))


def context(number: int, *parts: bytes, constructed: bool = True) -> bytes:
    return encode((0xA0 if constructed else 0x80) | number, b"".join(parts))


def named_bits(bits: Iterable[int]) -> bytes:
    """DER BIT STRING of named bits (bit 0 is the first, most significant one; no trailing zeros)."""
    chosen = set(bits)
    if not chosen:
        return encode(BIT_STRING, b"\x00")
    size = max(chosen) + 1
    value = bytearray((size + 7) // 8)
    for bit in chosen:
        value[bit // 8] |= 0x80 >> (bit % 8)
    return encode(BIT_STRING, bytes((len(value) * 8 - size,)) + bytes(value))


def path(value: bytes) -> bytes:
    """A PKCS#15 Path: SEQUENCE { path OCTET STRING }."""
    return sequence(octet_string(value))


# CommonObjectFlags, PinFlags, KeyUsageFlags and KeyAccessFlags bit numbers (PKCS#15 v1.1).
PRIVATE, MODIFIABLE = 0, 1
CASE_SENSITIVE, INITIALIZED, NEEDS_PADDING = 0, 4, 5
SIGN, NON_REPUDIATION = 2, 9
SENSITIVE, ALWAYS_SENSITIVE, NEVER_EXTRACTABLE, LOCAL = 0, 2, 3, 4
BCD, ASCII_NUMERIC = 0, 1


def _common_object(label: str, flags: frozenset[int], auth_id: bytes, user_consent: int = 0) -> bytes:
    parts = [utf8(label)]
    if flags:
        parts.append(named_bits(flags))
    if auth_id:
        parts.append(octet_string(auth_id))
    if user_consent:
        parts.append(integer(user_consent))  # the PIN is asked again before each use
    return sequence(*parts)


@dataclass(frozen=True)
class Pin:
    label: str
    auth_id: bytes
    reference: int
    pin_type: int  # BCD or ASCII_NUMERIC
    flags: frozenset[int]
    min_length: int = 4
    stored_length: int = 8
    pad: int = 0xFF
    path: bytes = b""  # the DF the PIN belongs to, when the card names one
    object_flags: frozenset[int] = frozenset()
    reference_in_authentication_object: bool = False  # Portuguese cards repeat it there


@dataclass(frozen=True)
class PrivateKey:
    label: str
    key_id: bytes
    reference: int
    usage: frozenset[int]
    size: int  # modulus bits (RSA) or field bits (EC)
    auth_id: bytes
    elliptic: bool = False
    path: bytes = b""  # the DF holding the key; empty when the card gives none
    access: frozenset[int] = frozenset()
    user_consent: int = 0
    object_flags: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Certificate:
    label: str
    cert_id: bytes
    path: bytes
    authority: bool = False
    auth_id: bytes = b""
    object_flags: frozenset[int] = frozenset()


def aodf(pins: Iterable[Pin]) -> bytes:
    entries = []
    for pin in pins:
        authentication = [octet_string(pin.auth_id)]
        if pin.reference_in_authentication_object:
            authentication.append(integer(pin.reference))
        attributes = [
            named_bits(pin.flags),
            encode(ENUMERATED, bytes((pin.pin_type,))),
            integer(pin.min_length),
            integer(pin.stored_length),
            context(0, pin.reference.to_bytes(pin.reference.bit_length() // 8 + 1, "big"), constructed=False),
            octet_string(bytes((pin.pad,))),
        ]
        if pin.path:
            attributes.append(path(pin.path))
        entries.append(
            sequence(
                _common_object(pin.label, pin.object_flags, b""),
                sequence(*authentication),
                context(1, sequence(*attributes)),
            )
        )
    return b"".join(entries)


def prkdf(keys: Iterable[PrivateKey]) -> bytes:
    entries = []
    for key in keys:
        common = [octet_string(key.key_id), named_bits(key.usage)]
        if key.access:
            common.append(named_bits(key.access))
        common.append(integer(key.reference))
        body = _common_object(key.label, key.object_flags, key.auth_id, key.user_consent) + sequence(*common)
        if key.elliptic:
            # privateECKey [0]: ISO 7816-15 gives only the value path; OpenSC reads the
            # field size that follows it as its documented extension.
            entries.append(context(0, body, context(1, sequence(path(key.path), integer(key.size)))))
        else:
            entries.append(sequence(body, context(1, sequence(path(key.path), integer(key.size)))))
    return b"".join(entries)


def citizen_keys(
    citizen: DemoCitizen,
    profile: str,
    labels: tuple[str, str],
    key_ids: tuple[bytes, bytes],
    auth_ids: tuple[bytes, bytes],
    *,
    elliptic: bool = False,
    path: bytes = b"",
    access: frozenset[int] = frozenset(),
    object_flags: frozenset[int] = frozenset(),
) -> bytes:
    """The PrKDF of a citizen card's two keys: authentication (sign), then the qualified
    signature (non-repudiation, PIN asked before each use). References and sizes come from
    the card's own keys, so the file is built when first read."""
    from kiosk.card.emulator import democa

    credentials = democa.card_credentials(citizen, profile)
    references = democa.KEY_LAYOUT[democa.key_layout_name(citizen, profile)][:2]
    sizes = (credentials.auth_key.key_size, credentials.sign_key.key_size)
    return prkdf(
        PrivateKey(
            labels[index],
            key_ids[index],
            references[index],
            frozenset({(SIGN, NON_REPUDIATION)[index]}),
            sizes[index],
            auth_ids[index],
            elliptic=elliptic,
            path=path,
            access=access,
            user_consent=index,
            object_flags=object_flags,
        )
        for index in (0, 1)
    )


def cdf(certificates: Iterable[Certificate]) -> bytes:
    entries = []
    for certificate in certificates:
        common = [octet_string(certificate.cert_id)]
        if certificate.authority:
            common.append(encode(BOOLEAN, b"\xff"))
        entries.append(
            sequence(
                _common_object(certificate.label, certificate.object_flags, certificate.auth_id),
                sequence(*common),
                context(1, sequence(path(certificate.path))),
            )
        )
    return b"".join(entries)


# ODF choices (PKCS#15 PKCS15Objects): context tag number of each directory kind.
PRIVATE_KEYS, PUBLIC_KEYS, CERTIFICATES, AUTH_OBJECTS = 0, 1, 4, 8


def odf(directories: Iterable[tuple[int, bytes]]) -> bytes:
    """The object directory: for each (kind, absolute path), a context-tagged Path."""
    return b"".join(context(kind, path(location)) for kind, location in directories)


def token_info(version: int, serial: bytes, label: str, flags: frozenset[int], manufacturer: str = "") -> bytes:
    parts = [integer(version), octet_string(serial)]
    if manufacturer:
        parts.append(utf8(manufacturer))
    parts += [context(0, label.encode(), constructed=False), named_bits(flags)]
    return sequence(*parts)


# TokenFlags bit numbers.
READ_ONLY, LOGIN_REQUIRED, PRN_GENERATION, EID_COMPLIANT = 0, 1, 2, 3


def ef_dir(aid: bytes, label: str, df_path: bytes, discretionary: bytes = b"") -> bytes:
    """One application template of EF.DIR (ISO 7816-4): AID, label, path, optional data."""
    body = encode(0x4F, aid) + encode(0x50, label.encode()) + encode(0x51, df_path)
    if discretionary:
        body += encode(0x73, discretionary)
    return encode(0x61, body)
