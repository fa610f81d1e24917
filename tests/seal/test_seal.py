"""The verifiable seal, checked with cbor2, zlib and cryptography directly, plus fuzzing."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import zlib
from typing import Any

import cbor2
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.seal import (
    BASE45_ALPHABET,
    SealedDocument,
    SealStatus,
    b45decode,
    b45encode,
    kid_for,
    public_jwk,
    read_seal_unverified,
    sign_seal,
    verify_seal,
)

ISSUED = 1_795_000_000
EXPIRES = ISSUED + 365 * 86_400
KEY = ec.generate_private_key(ec.SECP256R1())
OTHER_KEY = ec.generate_private_key(ec.SECP256R1())


def trust(*keys: ec.EllipticCurvePrivateKey, nbf: int = 0, exp: int = 2**40) -> dict[str, Any]:
    return {"keys": [public_jwk(key.public_key(), nbf, exp) for key in keys]}


DOCUMENT = SealedDocument(
    issuer="PT-AMA",
    issued_at=ISSUED,
    expires_at=EXPIRES,
    doc_type="criminal-record",
    doc_id="CRC-2026-000042",
    holder="Maria da Conceição Łukasiewicz",
    fields={"Finalidade": "Emprego", "Resultado": "Nada consta"},
)


@pytest.mark.parametrize(
    ("raw", "encoded"),
    [(b"AB", "BB8"), (b"Hello!!", "%69 VD92EX0"), (b"base-45", "UJCLQE7W581"), (b"ietf!", "QED8WEX0")],
)
def test_base45_matches_rfc9285_examples(raw: bytes, encoded: str) -> None:
    assert b45encode(raw) == encoded
    assert b45decode(encoded) == raw


@given(st.binary(max_size=300))
def test_base45_round_trips(raw: bytes) -> None:
    assert b45decode(b45encode(raw)) == raw


def test_seal_round_trip_is_valid() -> None:
    text = sign_seal(DOCUMENT, KEY)
    verdict = verify_seal(text, trust(OTHER_KEY, KEY), now=ISSUED + 10)
    assert verdict.status is SealStatus.VALID
    assert verdict.valid
    assert verdict.document == DOCUMENT
    assert verdict.kid == base64.urlsafe_b64encode(kid_for(KEY.public_key())).rstrip(b"=").decode()


def test_seal_text_is_qr_alphanumeric() -> None:
    text = sign_seal(DOCUMENT, KEY)
    assert text.startswith("CS1:")
    assert set(text) <= set(BASE45_ALPHABET)


def test_seal_structure_decodes_with_cbor2_and_verifies_with_cryptography() -> None:
    text = sign_seal(DOCUMENT, KEY)
    cose = zlib.decompress(b45decode(text.removeprefix("CS1:")))
    message = cbor2.loads(cose)
    assert isinstance(message, cbor2.CBORTag)
    assert message.tag == 18
    protected, unprotected, payload, signature = message.value
    spki = KEY.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert cbor2.loads(protected) == {1: -7, 4: hashlib.sha256(spki).digest()[:8]}
    assert unprotected == {}
    claims = cbor2.loads(payload)
    assert claims[1] == "PT-AMA"
    assert claims[6] == ISSUED
    assert claims[4] == EXPIRES
    assert claims[-65537] == {
        "v": 1,
        "type": "criminal-record",
        "id": "CRC-2026-000042",
        "holder": "Maria da Conceição Łukasiewicz",
        "fields": {"Finalidade": "Emprego", "Resultado": "Nada consta"},
    }
    assert len(signature) == 64
    sig_structure = cbor2.dumps(["Signature1", protected, b"", payload])
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
    KEY.public_key().verify(der, sig_structure, ec.ECDSA(hashes.SHA256()))  # raises if wrong


def test_public_jwk_rebuilds_the_key() -> None:
    jwk = public_jwk(KEY.public_key(), 10, 20)
    assert jwk["kty"] == "EC"
    assert jwk["crv"] == "P-256"
    assert (jwk["nbf"], jwk["exp"]) == (10, 20)

    def number(field: str) -> int:
        return int.from_bytes(base64.urlsafe_b64decode(jwk[field] + "=="), "big")

    rebuilt = ec.EllipticCurvePublicNumbers(number("x"), number("y"), ec.SECP256R1()).public_key()
    assert rebuilt.public_numbers() == KEY.public_key().public_numbers()


def test_expired_document_is_reported_with_its_content() -> None:
    verdict = verify_seal(sign_seal(DOCUMENT, KEY), trust(KEY), now=EXPIRES + 1)
    assert verdict.status is SealStatus.EXPIRED
    assert verdict.document == DOCUMENT


def test_key_not_on_the_list_is_unknown() -> None:
    verdict = verify_seal(sign_seal(DOCUMENT, KEY), trust(OTHER_KEY), now=ISSUED)
    assert verdict.status is SealStatus.UNKNOWN_KEY
    assert verdict.document is None


def test_published_kid_that_does_not_match_its_key_is_refused() -> None:
    forged = public_jwk(OTHER_KEY.public_key(), 0, 2**40)
    forged["kid"] = public_jwk(KEY.public_key(), 0, 2**40)["kid"]
    verdict = verify_seal(sign_seal(DOCUMENT, KEY), {"keys": [forged]}, now=ISSUED)
    assert verdict.status is SealStatus.UNKNOWN_KEY


def test_seal_issued_outside_the_key_window_is_unknown_key() -> None:
    verdict = verify_seal(sign_seal(DOCUMENT, KEY), trust(KEY, nbf=ISSUED + 1), now=ISSUED + 5)
    assert verdict.status is SealStatus.UNKNOWN_KEY


def test_changed_content_breaks_the_signature() -> None:
    text = sign_seal(DOCUMENT, KEY)
    message = cbor2.loads(zlib.decompress(b45decode(text.removeprefix("CS1:"))))
    protected, unprotected, payload, signature = message.value
    claims = cbor2.loads(payload)
    claims[-65537]["holder"] = "Somebody Else"
    forged = cbor2.dumps(cbor2.CBORTag(18, [protected, unprotected, cbor2.dumps(claims), signature]))
    verdict = verify_seal("CS1:" + b45encode(zlib.compress(forged)), trust(KEY), now=ISSUED)
    assert verdict.status is SealStatus.BAD_SIGNATURE
    assert verdict.document is None


def test_signing_someone_elses_content_with_our_kid_is_a_bad_signature() -> None:
    text = sign_seal(DOCUMENT, OTHER_KEY)
    message = cbor2.loads(zlib.decompress(b45decode(text.removeprefix("CS1:"))))
    _protected, unprotected, payload, signature = message.value
    our_header = cbor2.dumps({1: -7, 4: kid_for(KEY.public_key())})
    forged = cbor2.dumps(cbor2.CBORTag(18, [our_header, unprotected, payload, signature]))
    verdict = verify_seal("CS1:" + b45encode(zlib.compress(forged)), trust(KEY), now=ISSUED)
    assert verdict.status is SealStatus.BAD_SIGNATURE


@pytest.mark.parametrize(
    "text",
    ["", "HC1:ABC", "CS1:", "CS1:a", "CS1:!!!", "CS1:" + b45encode(b"not zlib"),
     "CS1:" + b45encode(zlib.compress(b"\xff\xfe")),
     "CS1:" + b45encode(zlib.compress(cbor2.dumps([1, 2, 3]))),
     "CS1:" + b45encode(zlib.compress(cbor2.dumps(cbor2.CBORTag(18, [b"", {}, b"", b""])))),
     "CS1:" + b45encode(zlib.compress(b"\x00" * 100_000))],
)  # fmt: skip
def test_garbage_is_malformed(text: str) -> None:
    assert verify_seal(text, trust(KEY)).status is SealStatus.MALFORMED


def test_unsupported_algorithm_is_malformed() -> None:
    header = cbor2.dumps({1: -35, 4: kid_for(KEY.public_key())})
    cose = cbor2.dumps(cbor2.CBORTag(18, [header, {}, b"", b"\x00" * 64]))
    verdict = verify_seal("CS1:" + b45encode(zlib.compress(cose)), trust(KEY))
    assert verdict.status is SealStatus.MALFORMED


def test_broken_trust_list_entries_are_skipped() -> None:
    good = trust(KEY)["keys"]
    broken: list[Any] = ["x", {"kty": "EC"}, {"kty": "EC", "crv": "P-256", "x": "!", "y": "?"}, None]
    verdict = verify_seal(sign_seal(DOCUMENT, KEY), {"keys": broken + good}, now=ISSUED)
    assert verdict.status is SealStatus.VALID
    assert verify_seal(sign_seal(DOCUMENT, KEY), {"keys": "nope"}).status is SealStatus.UNKNOWN_KEY


SEAL = sign_seal(DOCUMENT, KEY)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_random_text_is_malformed_never_an_exception(text: str) -> None:
    assert verify_seal(text, trust(KEY)).status is SealStatus.MALFORMED


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=BASE45_ALPHABET, max_size=600))
def test_random_base45_is_malformed_never_an_exception(body: str) -> None:
    assert verify_seal("CS1:" + body, trust(KEY)).status is SealStatus.MALFORMED


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=len(SEAL) - 1))
def test_truncated_seal_is_malformed(length: int) -> None:
    assert verify_seal(SEAL[:length], trust(KEY)).status is SealStatus.MALFORMED


cbor_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.binary(max_size=70),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.integers() | st.text(max_size=5), children, max_size=5)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(cbor_values, cbor_values, cbor_values)
def test_random_cose_shapes_never_raise(header: Any, payload: Any, signature: Any) -> None:
    protected = cbor2.dumps(header)
    body = cbor2.dumps(cbor2.CBORTag(18, [protected, {}, cbor2.dumps(payload), signature]))
    verdict = verify_seal("CS1:" + b45encode(zlib.compress(body)), trust(KEY))
    assert verdict.status in {SealStatus.MALFORMED, SealStatus.UNKNOWN_KEY}


@settings(max_examples=100, deadline=None)
@given(st.binary(min_size=1, max_size=200))
def test_any_payload_under_our_kid_is_not_valid_without_our_signature(payload: bytes) -> None:
    header = cbor2.dumps({1: -7, 4: kid_for(KEY.public_key())})
    body = cbor2.dumps(cbor2.CBORTag(18, [header, {}, payload, b"\x01" * 64]))
    verdict = verify_seal("CS1:" + b45encode(zlib.compress(body)), trust(KEY))
    assert verdict.status is SealStatus.BAD_SIGNATURE


def test_document_with_changed_fields_does_not_equal_original() -> None:
    # SealedDocument equality is what callers compare against the printed text.
    assert dataclasses.replace(DOCUMENT, fields={"Finalidade": "Outra"}) != DOCUMENT


def test_read_seal_unverified_returns_the_content_or_raises() -> None:
    assert read_seal_unverified(SEAL) == DOCUMENT
    with pytest.raises(ValueError, match="malformed"):
        read_seal_unverified(SEAL[:-5])
