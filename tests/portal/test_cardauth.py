"""Certificate chain and signature checks of the card login, with CAs and CRLs built here (no server)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

from portal.cardauth import CardAuthError, TrustStore, authenticate_card, card_holder

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


def name(common: str, serial: str | None = None) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common)]
    if serial:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial))
    return x509.Name(attributes)


def certificate(
    subject: x509.Name,
    key: object,
    issuer: x509.Name,
    issuer_key: object,
    *,
    ca: bool,
    serial: int,
    days: int = 365,
    start: dt.datetime = NOW - dt.timedelta(days=30),
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())  # type: ignore[attr-defined]
        .serial_number(serial)
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    return builder.sign(issuer_key, hashes.SHA256())  # type: ignore[arg-type]


@dataclass
class Pki:
    root: x509.Certificate
    sub: x509.Certificate
    sub_key: ec.EllipticCurvePrivateKey
    leaf: x509.Certificate
    leaf_key: ec.EllipticCurvePrivateKey


@pytest.fixture(scope="module")
def pki() -> Pki:
    root_key = ec.generate_private_key(ec.SECP256R1())
    sub_key = ec.generate_private_key(ec.SECP256R1())
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    root = certificate(name("Root"), root_key, name("Root"), root_key, ca=True, serial=1)
    sub = certificate(name("Card CA"), sub_key, name("Root"), root_key, ca=True, serial=2)
    leaf = certificate(
        name("Maria (Authentication)", "BI12345678"), leaf_key, name("Card CA"), sub_key, ca=False, serial=77
    )
    return Pki(root, sub, sub_key, leaf, leaf_key)


def der(item: x509.Certificate) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding

    return item.public_bytes(Encoding.DER)


def raw_ecdsa(key: ec.EllipticCurvePrivateKey, message: bytes) -> bytes:
    r, s = decode_dss_signature(key.sign(message, ec.ECDSA(hashes.SHA256())))
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def test_a_good_chain_and_raw_signature_identify_the_holder(pki: Pki) -> None:
    store = TrustStore([pki.root], [], [])
    holder = authenticate_card(
        [der(pki.leaf), der(pki.sub)],
        b"challenge",
        raw_ecdsa(pki.leaf_key, b"challenge"),
        "ecdsa-sha256",
        store,
        NOW,
    )
    assert holder.serial_number == "12345678"
    assert holder.common_name == "Maria (Authentication)"


def test_intermediates_may_come_from_the_store(pki: Pki) -> None:
    store = TrustStore([pki.root], [pki.sub], [])
    signature = pki.leaf_key.sign(b"c", ec.ECDSA(hashes.SHA256()))
    assert authenticate_card([der(pki.leaf)], b"c", signature, "ecdsa-sha256", store, NOW)


def test_ca_links_are_checked_once_and_every_card_at_every_login(pki: Pki) -> None:
    store = TrustStore([pki.root], [], [])
    signature = pki.leaf_key.sign(b"c", ec.ECDSA(hashes.SHA256()))
    for _ in range(3):
        authenticate_card([der(pki.leaf), der(pki.sub)], b"c", signature, "ecdsa-sha256", store, NOW)
    assert list(store.checked.values()) == [True], "only the sub-CA's link to the root is remembered"
    # A forged card: same issuer name and the same holder, signed by a key that is not the card CA's.
    forger = ec.generate_private_key(ec.SECP256R1())
    forged = certificate(pki.leaf.subject, forger, name("Card CA"), forger, ca=False, serial=77)
    with pytest.raises(CardAuthError) as refused:
        authenticate_card(
            [der(forged), der(pki.sub)],
            b"c",
            forger.sign(b"c", ec.ECDSA(hashes.SHA256())),
            "ecdsa-sha256",
            store,
            NOW,
        )
    assert refused.value.code == "untrusted_issuer"


@pytest.mark.parametrize(
    ("moment", "store_roots", "message", "code"),
    [
        (NOW, "none", b"c", "untrusted_issuer"),
        (NOW + dt.timedelta(days=400), "root", b"c", "certificate_expired"),
        (NOW, "root", b"other", "bad_signature"),
    ],
)
def test_refusals(pki: Pki, moment: dt.datetime, store_roots: str, message: bytes, code: str) -> None:
    stranger = ec.generate_private_key(ec.SECP256R1())
    other_root = certificate(name("Root"), stranger, name("Root"), stranger, ca=True, serial=9)
    store = TrustStore([pki.root] if store_roots == "root" else [other_root], [], [])
    signature = pki.leaf_key.sign(message, ec.ECDSA(hashes.SHA256()))
    with pytest.raises(CardAuthError) as refused:
        authenticate_card([der(pki.leaf), der(pki.sub)], b"c", signature, "ecdsa-sha256", store, moment)
    assert refused.value.code == code


def test_a_certificate_on_its_issuers_crl_is_refused(pki: Pki) -> None:
    revoked = (
        x509.RevokedCertificateBuilder().serial_number(pki.leaf.serial_number).revocation_date(NOW).build()
    )
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(pki.sub.subject)
        .last_update(NOW - dt.timedelta(days=1))
        .next_update(NOW + dt.timedelta(days=7))
        .add_revoked_certificate(revoked)
        .sign(pki.sub_key, hashes.SHA256())
    )
    store = TrustStore([pki.root], [], [crl])
    signature = pki.leaf_key.sign(b"c", ec.ECDSA(hashes.SHA256()))
    with pytest.raises(CardAuthError) as refused:
        authenticate_card([der(pki.leaf), der(pki.sub)], b"c", signature, "ecdsa-sha256", store, NOW)
    assert refused.value.code == "certificate_revoked"


def test_a_leaf_cannot_act_as_a_ca(pki: Pki) -> None:
    fake_key = ec.generate_private_key(ec.SECP256R1())
    # Signed by the card's own (non-CA) key: the chain must not accept the card as an issuer.
    fake = certificate(
        name("Someone", "99999999"), fake_key, pki.leaf.subject, pki.leaf_key, ca=False, serial=5
    )
    store = TrustStore([pki.root], [], [])
    signature = fake_key.sign(b"c", ec.ECDSA(hashes.SHA256()))
    with pytest.raises(CardAuthError) as refused:
        authenticate_card([der(fake), der(pki.leaf), der(pki.sub)], b"c", signature, "ecdsa-sha256", store, NOW)
    assert refused.value.code == "untrusted_issuer"


def test_rsa_cards_sign_with_pkcs1_v15() -> None:
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = certificate(name("RSA Root"), root_key, name("RSA Root"), root_key, ca=True, serial=1)
    leaf_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leaf = certificate(name("Lucas", "85071412330"), leaf_key, name("RSA Root"), root_key, ca=False, serial=3)
    signature = leaf_key.sign(b"c", padding.PKCS1v15(), hashes.SHA256())
    store = TrustStore([root], [], [])
    assert authenticate_card([der(leaf)], b"c", signature, "rsa-pkcs1v15-sha256", store, NOW).serial_number == (
        "85071412330"
    )
    with pytest.raises(CardAuthError) as refused:
        authenticate_card([der(leaf)], b"c", signature, "ecdsa-sha256", store, NOW)
    assert refused.value.code == "unsupported_algorithm"


def test_a_certificate_without_serial_number_identifies_nobody(pki: Pki) -> None:
    with pytest.raises(CardAuthError):
        card_holder(pki.sub)


def test_a_self_signed_root_sent_by_the_card_is_not_trusted_for_that(pki: Pki) -> None:
    store = TrustStore([], [], [])
    signature = pki.leaf_key.sign(b"c", ec.ECDSA(hashes.SHA256()))
    with pytest.raises(CardAuthError) as refused:
        authenticate_card(
            [der(pki.leaf), der(pki.sub), der(pki.root)], b"c", signature, "ecdsa-sha256", store, NOW
        )
    assert refused.value.code == "untrusted_issuer"
