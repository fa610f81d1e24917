"""Strict decoding of seals: whatever the format (design.md, "Verifiable seal") does not allow is refused.

Every malformed seal here is built by an encoder written in this file with cbor2, zlib and cryptography only
(not kiosk.seal.sign_seal), and signed with a key on the trust list, so the one thing wrong with it is the
malformation under test. The same seal first verifies when built without the malformation, which shows the
encoder is faithful and the refusal is about the malformation alone.
"""

from __future__ import annotations

import hashlib
import zlib
from typing import Any

import cbor2
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from kiosk.seal import Refusal, SealStatus, b45encode, public_jwk, read_seal_unverified, verify_seal

NOW = 1_795_000_000
KEY = ec.generate_private_key(ec.SECP256R1())
TRUST = {"keys": [public_jwk(KEY.public_key(), 0, 2**40)]}
KID = hashlib.sha256(
    KEY.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
).digest()[:8]


def claims(**changes: Any) -> dict[Any, Any]:
    """The claims of a well-formed seal issued a minute ago, valid for a year, with ``changes`` applied."""
    values: dict[Any, Any] = {
        1: "PT-AMA",
        6: NOW - 60,
        4: NOW + 365 * 86_400,
        -65537: {
            "v": 1,
            "type": "residence",
            "id": "RES-2026-000001",
            "holder": "Ana Rita Sousa",
            "fields": {"Morada": "Lisboa"},
        },
    }
    values.update({int(key.removeprefix("c")): value for key, value in changes.items()})
    return values


def forge(
    *,
    header: dict[Any, Any] | None = None,
    unprotected: dict[Any, Any] | None = None,
    payload: dict[Any, Any] | None = None,
    raw_payload: bytes | None = None,
    after_cose: bytes = b"",
    after_zlib: bytes = b"",
    after_header: bytes = b"",
) -> str:
    """A seal text from parts, signed ES256 by KEY over the COSE Sig_structure as RFC 9052 defines it."""
    protected = cbor2.dumps(header if header is not None else {1: -7, 4: KID}) + after_header
    body = raw_payload if raw_payload is not None else cbor2.dumps(payload if payload is not None else claims())
    to_sign = cbor2.dumps(["Signature1", protected, b"", body])
    r, s = decode_dss_signature(KEY.sign(to_sign, ec.ECDSA(hashes.SHA256())))
    signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    cose = cbor2.dumps(cbor2.CBORTag(18, [protected, unprotected or {}, body, signature])) + after_cose
    return "CS1:" + b45encode(zlib.compress(cose, 9) + after_zlib)


def test_the_independent_encoder_makes_seals_the_verifier_accepts() -> None:
    verdict = verify_seal(forge(), TRUST, now=NOW)
    assert verdict.status is SealStatus.VALID, verdict.detail
    assert verdict.refusal is None
    assert verdict.document is not None
    assert verdict.document.holder == "Ana Rita Sousa"


MALFORMED = {
    "crit naming an unknown label": (forge(header={1: -7, 4: KID, 2: [99], 99: "x"}), Refusal.CRITICAL),
    "crit naming a known label": (forge(header={1: -7, 4: KID, 2: [1]}), Refusal.CRITICAL),
    "a header label the format does not define": (
        forge(header={1: -7, 4: KID, 3: "text/plain"}),
        Refusal.HEADER,
    ),
    "true as the alg label": (forge(header={True: -7, 4: KID}), Refusal.HEADER),
    "kid in the unprotected header": (forge(unprotected={4: KID}), Refusal.HEADER),
    "iat later than exp": (forge(payload=claims(c6=NOW - 60, c4=NOW - 120)), Refusal.DATES),
    "iat a day in the future": (forge(payload=claims(c6=NOW + 86_400)), Refusal.FUTURE),
    "iat beyond year 9999": (forge(payload=claims(c6=NOW, c4=10**12)), Refusal.DATES),
    "negative iat": (forge(payload=claims(c6=-1)), Refusal.DATES),
    "a claim the format does not define": (forge(payload={**claims(), 7: b"cti"}), Refusal.CLAIMS),
    "a document key the format does not define": (
        forge(payload=claims(**{"c-65537": {**claims()[-65537], "nif": "123456789"}})),
        Refusal.CLAIMS,
    ),
    "bytes after the COSE_Sign1 inside the zlib stream": (forge(after_cose=b"\x00"), Refusal.EXTRA_BYTES),
    "a second CBOR item after the COSE_Sign1": (forge(after_cose=cbor2.dumps("more")), Refusal.EXTRA_BYTES),
    "bytes after the zlib stream": (forge(after_zlib=b"junk"), Refusal.EXTRA_BYTES),
    "bytes after the protected header map": (forge(after_header=b"\x01"), Refusal.EXTRA_BYTES),
    "bytes after the claims map": (forge(raw_payload=cbor2.dumps(claims()) + b"\xf6"), Refusal.EXTRA_BYTES),
}


@pytest.mark.parametrize(("seal", "refusal"), MALFORMED.values(), ids=MALFORMED.keys())
def test_a_signed_seal_the_format_does_not_allow_is_refused_with_its_reason(
    seal: str, refusal: Refusal
) -> None:
    verdict = verify_seal(seal, TRUST, now=NOW)
    assert verdict.status is SealStatus.MALFORMED
    assert verdict.refusal is refusal, verdict.detail
    assert verdict.document is None
    assert verdict.detail


def test_a_little_clock_skew_is_allowed_but_not_more() -> None:
    assert verify_seal(forge(payload=claims(c6=NOW + 299)), TRUST, now=NOW).status is SealStatus.VALID
    assert verify_seal(forge(payload=claims(c6=NOW + 301)), TRUST, now=NOW).refusal is Refusal.FUTURE


def test_the_printer_reads_seals_as_strictly() -> None:
    """The kiosk prints the words of a seal from the seal itself: it must not read what verifiers refuse."""
    for seal, refusal in MALFORMED.values():
        if refusal is Refusal.FUTURE:  # needs a clock; the printer reads a seal the portal just made
            continue
        with pytest.raises(ValueError, match="malformed seal"):
            read_seal_unverified(seal)
