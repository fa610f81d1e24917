"""The verifiable seal printed as a QR on certificates (see docs/design.md, "Verifiable seal").

text = "CS1:" + Base45(zlib(COSE_Sign1)), modelled on the EU Digital COVID
Certificate so anyone can verify a printed certificate offline with the
issuer's published keys. Used by the portal (to sign) and by the kiosk and the
counter (to verify), so it imports only the standard library, cbor2 and
cryptography.
"""

from __future__ import annotations

import base64
import hashlib
import io
import struct
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

PREFIX = "CS1:"
COSE_SIGN1_TAG = 18
ALG_ES256 = -7
HEADER_ALG = 1
HEADER_CRIT = 2
HEADER_KID = 4
CLAIM_ISS = 1
CLAIM_EXP = 4
CLAIM_IAT = 6
CLAIM_DOCUMENT = -65537
DOCUMENT_VERSION = 1
KID_LENGTH = 8
_P256_COORDINATE = 32
CLAIMS = frozenset({CLAIM_ISS, CLAIM_IAT, CLAIM_EXP, CLAIM_DOCUMENT})
DOCUMENT_KEYS = frozenset({"v", "type", "id", "holder", "fields"})
MAX_INFLATED = 16_384
"""A seal fits in one QR (under 3 KB); refusing more stops a zip bomb in a forged code."""
CLOCK_SKEW = 300
"""Seconds a seal's iat may lie ahead of this terminal's clock (clocks drift); more is refused."""
MAX_TIME = 253_402_300_799
"""The last second of the year 9999: iat and exp beyond it cannot be shown as dates, so they are refused."""


# --- Base45 (RFC 9285) ------------------------------------------------------------------

BASE45_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_BASE45_VALUE = {char: value for value, char in enumerate(BASE45_ALPHABET)}
_BASE45_PAIRS = [BASE45_ALPHABET[value % 45] + BASE45_ALPHABET[value // 45] for value in range(45 * 45)]


class Base45Error(ValueError):
    pass


def b45encode(data: bytes) -> str:
    # Each pair of bytes is a number n, written as three characters n % 45, n // 45 % 45, n // 2025; the
    # first two come from a table of the 2025 possible pairs (RFC 9285, section 4).
    whole = len(data) // 2
    out = [
        _BASE45_PAIRS[number % 2025] + BASE45_ALPHABET[number // 2025]
        for number in struct.unpack(f">{whole}H", data[: 2 * whole])
    ]
    if len(data) % 2:
        out.append(_BASE45_PAIRS[data[-1]])
    return "".join(out)


def b45decode(text: str) -> bytes:
    """Strict RFC 9285 decoding: a bad character, length or group value raises Base45Error."""
    try:
        values = [_BASE45_VALUE[char] for char in text]
    except KeyError as error:
        raise Base45Error(f"not a Base45 character: {error.args[0]!r}") from None
    if len(values) % 3 == 1:
        raise Base45Error("Base45 text length leaves a single character")
    out = bytearray()
    for index in range(0, len(values), 3):
        group = values[index : index + 3]
        if len(group) == 3:
            number = group[0] + group[1] * 45 + group[2] * 45 * 45
            if number > 0xFFFF:
                raise Base45Error("Base45 group out of range")
            out.extend(divmod(number, 256))
        else:
            number = group[0] + group[1] * 45
            if number > 0xFF:
                raise Base45Error("Base45 group out of range")
            out.append(number)
    return bytes(out)


# --- Keys -------------------------------------------------------------------------------


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def kid_for(public_key: ec.EllipticCurvePublicKey) -> bytes:
    """First 8 bytes of SHA-256 over the SubjectPublicKeyInfo DER (uncompressed point)."""
    spki = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(spki).digest()[:KID_LENGTH]


def public_jwk(public_key: ec.EllipticCurvePublicKey, not_before: int, expires: int) -> dict[str, Any]:
    """The JWKS entry (RFC 7517) of an issuer key, valid to sign from ``not_before`` to ``expires``."""
    if not isinstance(public_key.curve, ec.SECP256R1):
        raise ValueError("seal keys are EC P-256 (ES256)")
    numbers = public_key.public_numbers()
    return {
        "kty": "EC",
        "crv": "P-256",
        "x": _b64url(numbers.x.to_bytes(_P256_COORDINATE, "big")),
        "y": _b64url(numbers.y.to_bytes(_P256_COORDINATE, "big")),
        "kid": _b64url(kid_for(public_key)),
        "use": "sig",
        "alg": "ES256",
        "nbf": int(not_before),
        "exp": int(expires),
    }


@dataclass(frozen=True)
class _TrustedKey:
    key: ec.EllipticCurvePublicKey
    not_before: int
    expires: int


def _trusted_keys(trust_list: dict[str, Any], kid: bytes) -> list[_TrustedKey]:
    """Keys of the JWKS whose recomputed kid is ``kid``; malformed entries are ignored."""
    found = []
    keys = trust_list.get("keys") if isinstance(trust_list, dict) else None
    for entry in keys if isinstance(keys, list) else []:
        try:
            if entry.get("kty") != "EC" or entry.get("crv") != "P-256":
                continue
            x = int.from_bytes(_b64url_decode(entry["x"]), "big")
            y = int.from_bytes(_b64url_decode(entry["y"]), "big")
            key = ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()
            # Recompute rather than trust the published kid: a mismatch means a bad list.
            if kid_for(key) != kid or _b64url_decode(entry["kid"]) != kid:
                continue
            found.append(_TrustedKey(key, int(entry["nbf"]), int(entry["exp"])))
        except (AttributeError, KeyError, TypeError, ValueError):
            continue
    return found


# --- Documents and verdicts -------------------------------------------------------------


@dataclass(frozen=True)
class SealedDocument:
    """What the seal vouches for: exactly what is printed on the paper, nothing more."""

    issuer: str
    issued_at: int
    """Seconds since the epoch (CWT iat)."""
    expires_at: int
    """Seconds since the epoch (CWT exp)."""
    doc_type: str
    doc_id: str
    holder: str
    fields: dict[str, str] = field(default_factory=dict)
    """Printed label -> printed value."""


class SealStatus(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    UNKNOWN_KEY = "unknown-key"
    BAD_SIGNATURE = "bad-signature"
    MALFORMED = "malformed"


class Refusal(StrEnum):
    """Why a seal was refused as malformed: a stable code, put in words by the verify.reason.* texts."""

    PREFIX = "prefix"
    BASE45 = "base45"
    COMPRESSION = "compression"
    EXTRA_BYTES = "extra-bytes"
    STRUCTURE = "structure"
    HEADER = "header"
    CRITICAL = "critical"
    CLAIMS = "claims"
    DATES = "dates"
    FUTURE = "future"


@dataclass(frozen=True)
class SealVerdict:
    status: SealStatus
    document: SealedDocument | None = None
    """Set only when the signature checked out (valid or expired)."""
    kid: str | None = None
    """base64url key id, when the seal could be read that far."""
    detail: str = ""
    """Why, in plain English for logs and operators; no personal data."""
    refusal: Refusal | None = None
    """Set when the status is malformed: which rule of the format the seal breaks."""

    @property
    def valid(self) -> bool:
        return self.status is SealStatus.VALID


class _Malformed(ValueError):
    def __init__(self, refusal: Refusal, detail: str) -> None:
        super().__init__(detail)
        self.refusal = refusal

    def verdict(self, kid: str | None = None) -> SealVerdict:
        return SealVerdict(SealStatus.MALFORMED, kid=kid, detail=str(self), refusal=self.refusal)


def _strict_loads(data: bytes, what: str) -> Any:
    """Exactly one CBOR item, nothing after it: bytes a verifier skips are bytes a forger can use."""
    stream = io.BytesIO(data)
    try:
        # Duplicate keys would let two verifiers read different claims from one seal.
        item = cbor2.CBORDecoder(stream, max_depth=16, allow_duplicate_keys=False).decode()
    except Exception:  # cbor2 raises several types on hostile input; all mean "not a seal"
        raise _Malformed(Refusal.STRUCTURE, f"{what} is not CBOR") from None
    if stream.tell() != len(data):
        raise _Malformed(Refusal.EXTRA_BYTES, f"extra bytes after the {what}")
    return item


def _sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def _payload(doc: SealedDocument) -> bytes:
    return cbor2.dumps(
        {
            CLAIM_ISS: doc.issuer,
            CLAIM_IAT: int(doc.issued_at),
            CLAIM_EXP: int(doc.expires_at),
            CLAIM_DOCUMENT: {
                "v": DOCUMENT_VERSION,
                "type": doc.doc_type,
                "id": doc.doc_id,
                "holder": doc.holder,
                "fields": dict(doc.fields),
            },
        }
    )


def sign_seal(doc: SealedDocument, private_key: ec.EllipticCurvePrivateKey) -> str:
    """The seal text ("CS1:...") for ``doc``, signed ES256 with the document-signing key."""
    if not isinstance(private_key.curve, ec.SECP256R1):
        raise ValueError("seal keys are EC P-256 (ES256)")
    protected = cbor2.dumps({HEADER_ALG: ALG_ES256, HEADER_KID: kid_for(private_key.public_key())})
    payload = _payload(doc)
    der = private_key.sign(_sig_structure(protected, payload), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    signature = r.to_bytes(_P256_COORDINATE, "big") + s.to_bytes(_P256_COORDINATE, "big")
    cose = cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature]))
    return PREFIX + b45encode(zlib.compress(cose, 9))


def _unwrap(text: str) -> tuple[bytes, bytes, bytes]:
    """(protected header bytes, payload bytes, raw signature) or _Malformed."""
    if not isinstance(text, str) or not text.startswith(PREFIX):
        raise _Malformed(Refusal.PREFIX, f"does not start with {PREFIX}")
    try:
        compressed = b45decode(text[len(PREFIX) :].strip())
    except Base45Error as error:
        raise _Malformed(Refusal.BASE45, str(error)) from None
    inflater = zlib.decompressobj()
    try:
        cose = inflater.decompress(compressed, MAX_INFLATED)
    except zlib.error:
        raise _Malformed(Refusal.COMPRESSION, "not zlib data") from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise _Malformed(Refusal.COMPRESSION, "zlib data truncated or too large")
    if inflater.unused_data:
        raise _Malformed(Refusal.EXTRA_BYTES, "extra bytes after the zlib stream")
    message = _strict_loads(cose, "COSE_Sign1")
    if not isinstance(message, cbor2.CBORTag) or message.tag != COSE_SIGN1_TAG:
        raise _Malformed(Refusal.STRUCTURE, "not a COSE_Sign1 (tag 18)")
    value = message.value
    if not isinstance(value, list | tuple) or len(value) != 4:
        raise _Malformed(Refusal.STRUCTURE, "COSE_Sign1 is not a 4-element array")
    protected, unprotected, payload, signature = value
    if not (
        isinstance(protected, bytes)
        and isinstance(unprotected, Mapping)
        and isinstance(payload, bytes)
        and isinstance(signature, bytes)
    ):
        raise _Malformed(Refusal.STRUCTURE, "COSE_Sign1 members have the wrong types")
    if unprotected:
        # alg and kid live only in the protected header, so nothing unsigned can steer the verifier.
        raise _Malformed(Refusal.HEADER, "the unprotected header is not empty")
    return protected, payload, signature


def _protected_kid(protected: bytes) -> bytes:
    header = _strict_loads(protected, "protected header")
    if not isinstance(header, Mapping) or not all(type(label) is int for label in header):
        # Integer labels only: CBOR true or 1.0 compare equal to 1 in Python, yet are other labels.
        raise _Malformed(Refusal.HEADER, "protected header is not a map of integer labels")
    if HEADER_CRIT in header:
        # RFC 9052 section 3.1: a recipient must refuse a message naming critical labels it does not process,
        # and the seal format defines none.
        raise _Malformed(Refusal.CRITICAL, "protected header marks parameters as critical (crit)")
    unknown = set(header) - {HEADER_ALG, HEADER_KID}
    if unknown:
        labels = ", ".join(sorted(repr(label) for label in unknown))
        raise _Malformed(Refusal.HEADER, f"protected header has labels the format does not define: {labels}")
    if header.get(HEADER_ALG) != ALG_ES256:
        raise _Malformed(Refusal.HEADER, "protected header does not say ES256")
    kid = header.get(HEADER_KID)
    if not isinstance(kid, bytes) or len(kid) != KID_LENGTH:
        raise _Malformed(Refusal.HEADER, "protected header has no 8-byte kid")
    return kid


def _document(payload: bytes) -> SealedDocument:
    claims = _strict_loads(payload, "payload")
    if not isinstance(claims, Mapping):
        raise _Malformed(Refusal.CLAIMS, "payload is not a claims map")
    if not all(type(label) is int for label in claims) or set(claims) != CLAIMS:
        raise _Malformed(Refusal.CLAIMS, "claims are not exactly iss, iat, exp and the document")
    issuer, issued_at, expires_at = (claims[k] for k in (CLAIM_ISS, CLAIM_IAT, CLAIM_EXP))
    body = claims[CLAIM_DOCUMENT]
    if not (
        isinstance(issuer, str)
        and type(issued_at) is int
        and type(expires_at) is int
        and isinstance(body, Mapping)
        and set(body) == DOCUMENT_KEYS
        and type(body["v"]) is int
        and body["v"] == DOCUMENT_VERSION
    ):
        raise _Malformed(Refusal.CLAIMS, "claims iss/iat/exp/document missing, mistyped or with unknown keys")
    doc_type, doc_id, holder, fields = (body[k] for k in ("type", "id", "holder", "fields"))
    if not (
        isinstance(doc_type, str)
        and isinstance(doc_id, str)
        and isinstance(holder, str)
        and isinstance(fields, Mapping)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in fields.items())
    ):
        raise _Malformed(Refusal.CLAIMS, "document type/id/holder/fields missing or mistyped")
    if not (0 <= issued_at <= MAX_TIME and 0 <= expires_at <= MAX_TIME):
        raise _Malformed(Refusal.DATES, "iat or exp out of range")
    if issued_at > expires_at:
        raise _Malformed(Refusal.DATES, "iat is later than exp")
    return SealedDocument(issuer, issued_at, expires_at, doc_type, doc_id, holder, dict(fields))


def _signature_ok(key: ec.EllipticCurvePublicKey, signature: bytes, signed: bytes) -> bool:
    if len(signature) != 2 * _P256_COORDINATE:
        return False
    r = int.from_bytes(signature[:_P256_COORDINATE], "big")
    s = int.from_bytes(signature[_P256_COORDINATE:], "big")
    try:
        key.verify(encode_dss_signature(r, s), signed, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError):
        return False
    return True


def read_seal_unverified(text: str) -> SealedDocument:
    """The document inside a seal, WITHOUT checking its signature.

    For the printer only: the kiosk prints the clear-text fallback from the
    seal itself, so the words on paper can never differ from the QR. Anyone
    deciding whether to trust a document must call verify_seal. Raises
    ValueError on a malformed seal (the same strict decoding as verify_seal).
    """
    try:
        protected, payload, _signature = _unwrap(text)
        _protected_kid(protected)
        return _document(payload)
    except _Malformed as error:
        raise ValueError(f"malformed seal: {error}") from None


def verify_seal(text: str, trust_list: dict[str, Any], now: int | None = None) -> SealVerdict:
    """Check a scanned seal against a JWKS trust list; never raises on any input text.

    Order as in HCERT: the signature is checked before the content is parsed.
    A key signs only between its nbf and exp; a seal issued outside that
    window is "unknown-key", as if the key were not on the list. Anything the
    format does not allow is "malformed", with the rule it breaks in ``refusal``.
    """
    moment = int(time.time()) if now is None else now
    try:
        protected, payload, signature = _unwrap(text)
        kid = _protected_kid(protected)
    except _Malformed as error:
        return error.verdict()
    kid_text = _b64url(kid)
    keys = _trusted_keys(trust_list, kid)
    if not keys:
        return SealVerdict(SealStatus.UNKNOWN_KEY, kid=kid_text, detail="kid not on the trust list")
    signed = _sig_structure(protected, payload)
    signers = [key for key in keys if _signature_ok(key.key, signature, signed)]
    if not signers:
        return SealVerdict(SealStatus.BAD_SIGNATURE, kid=kid_text, detail="signature does not verify")
    try:
        document = _document(payload)
        if document.issued_at > moment + CLOCK_SKEW:
            raise _Malformed(Refusal.FUTURE, "iat is in the future beyond the allowed clock skew")
    except _Malformed as error:
        return error.verdict(kid_text)
    if not any(key.not_before <= document.issued_at <= key.expires for key in signers):
        return SealVerdict(SealStatus.UNKNOWN_KEY, kid=kid_text, detail="issued outside the key's validity")
    if moment > document.expires_at:
        return SealVerdict(SealStatus.EXPIRED, document, kid_text, "document expired")
    return SealVerdict(SealStatus.VALID, document, kid_text)
