"""Certificate chain and signature checks of the card login, with CAs and CRLs built here (no server)."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

from portal.cardauth import CardAuthError, CardHolder, TrustStore, authenticate_card, card_holder

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
AUTHENTICATION = x509.KeyUsage(True, False, False, False, False, False, False, False, False)
"""digitalSignature only: the card's authentication certificate."""
QUALIFIED_SIGNATURE = x509.KeyUsage(False, True, False, False, False, False, False, False, False)
"""nonRepudiation only: the card's signature certificate, which must not sign in."""
CA_USAGE = x509.KeyUsage(False, False, False, False, False, True, True, False, False)


def authenticate(
    chain: list[bytes], challenge: bytes, signature: bytes, algorithm: str, store: TrustStore, now: dt.datetime
) -> CardHolder:
    return asyncio.run(authenticate_card(chain, challenge, signature, algorithm, store, now))


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
    path_length: int | None = None,
    usage: x509.KeyUsage | None = None,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())  # type: ignore[attr-defined]
        .serial_number(serial)
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=path_length if ca else None), critical=True)
        .add_extension(usage or (CA_USAGE if ca else AUTHENTICATION), critical=True)
    )
    return builder.sign(issuer_key, hashes.SHA256())  # type: ignore[arg-type]


@dataclass
class Pki:
    root: x509.Certificate
    root_key: ec.EllipticCurvePrivateKey
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
    return Pki(root, root_key, sub, sub_key, leaf, leaf_key)


def der(item: x509.Certificate) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding

    return item.public_bytes(Encoding.DER)


def raw_ecdsa(key: ec.EllipticCurvePrivateKey, message: bytes) -> bytes:
    r, s = decode_dss_signature(key.sign(message, ec.ECDSA(hashes.SHA256())))
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def test_a_good_chain_and_raw_signature_identify_the_holder(pki: Pki) -> None:
    store = TrustStore([pki.root], [], [])
    holder = authenticate(
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
    assert authenticate([der(pki.leaf)], b"c", signature, "ecdsa-sha256", store, NOW)


def test_a_forged_card_under_a_known_issuer_name_is_refused(pki: Pki) -> None:
    store = TrustStore([pki.root], [], [])
    # Same issuer name and the same holder, signed by a key that is not the card CA's.
    forger = ec.generate_private_key(ec.SECP256R1())
    forged = certificate(pki.leaf.subject, forger, name("Card CA"), forger, ca=False, serial=77)
    with pytest.raises(CardAuthError) as refused:
        authenticate(
            [der(forged), der(pki.sub)],
            b"c",
            forger.sign(b"c", ec.ECDSA(hashes.SHA256())),
            "ecdsa-sha256",
            store,
            NOW,
        )
    assert refused.value.code in {"untrusted_issuer", "invalid_chain"}


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
        authenticate([der(pki.leaf), der(pki.sub)], b"c", signature, "ecdsa-sha256", store, moment)
    assert refused.value.code == code


def revocation_list(
    issuer: x509.Certificate,
    key: ec.EllipticCurvePrivateKey,
    *revoked_serials: int,
    issued: dt.datetime = NOW - dt.timedelta(days=1),
    valid_days: int = 7,
) -> x509.CertificateRevocationList:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.subject)
        .last_update(issued)
        .next_update(issued + dt.timedelta(days=valid_days))
    )
    for serial in revoked_serials:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(issued).build()
        )
    return builder.sign(key, hashes.SHA256())


def login_code(pki: Pki, store: TrustStore) -> str | None:
    """The refusal's code for the usual card, or None when it signs in."""
    signature = pki.leaf_key.sign(b"c", ec.ECDSA(hashes.SHA256()))
    try:
        authenticate([der(pki.leaf), der(pki.sub)], b"c", signature, "ecdsa-sha256", store, NOW)
    except CardAuthError as error:
        return error.code
    return None


def test_current_revocation_lists_of_every_issuer_let_a_good_card_in(pki: Pki) -> None:
    crls = [revocation_list(pki.root, pki.root_key), revocation_list(pki.sub, pki.sub_key)]
    assert login_code(pki, TrustStore([pki.root], [], crls)) is None


def test_a_certificate_on_its_issuers_crl_is_refused(pki: Pki) -> None:
    crls = [
        revocation_list(pki.root, pki.root_key),
        revocation_list(pki.sub, pki.sub_key, pki.leaf.serial_number),
    ]
    assert login_code(pki, TrustStore([pki.root], [], crls)) == "certificate_revoked"


def test_a_revoked_intermediate_ca_is_refused(pki: Pki) -> None:
    crls = [
        revocation_list(pki.root, pki.root_key, pki.sub.serial_number),
        revocation_list(pki.sub, pki.sub_key),
    ]
    assert login_code(pki, TrustStore([pki.root], [], crls)) == "certificate_revoked"


def test_a_revocation_list_that_expired_a_year_ago_proves_nothing(pki: Pki) -> None:
    """The issue: a CRL whose nextUpdate was a year ago was accepted as the card's revocation status."""
    a_year_ago = NOW - dt.timedelta(days=372)
    crls = [
        revocation_list(pki.root, pki.root_key),
        revocation_list(pki.sub, pki.sub_key, issued=a_year_ago, valid_days=7),
    ]
    assert login_code(pki, TrustStore([pki.root], [], crls)) == "revocation_unknown"


def test_a_revocation_list_signed_by_someone_else_proves_nothing(pki: Pki) -> None:
    stranger = ec.generate_private_key(ec.SECP256R1())
    crls = [revocation_list(pki.root, pki.root_key), revocation_list(pki.sub, stranger)]
    assert login_code(pki, TrustStore([pki.root], [], crls)) == "revocation_unknown"


def test_a_certificate_without_digital_signature_usage_cannot_sign_in(pki: Pki) -> None:
    """The issue: the card's qualified-signature certificate (nonRepudiation only) was accepted for login."""
    key = ec.generate_private_key(ec.SECP256R1())
    signing = certificate(
        name("Maria (Signature)", "BI12345678"),
        key,
        pki.sub.subject,
        pki.sub_key,
        ca=False,
        serial=78,
        usage=QUALIFIED_SIGNATURE,
    )
    with pytest.raises(CardAuthError) as refused:
        authenticate(
            [der(signing), der(pki.sub)],
            b"c",
            key.sign(b"c", ec.ECDSA(hashes.SHA256())),
            "ecdsa-sha256",
            TrustStore([pki.root], [], []),
            NOW,
        )
    assert refused.value.code == "wrong_key_usage"


def test_an_intermediate_whose_path_length_forbids_another_ca_below_it_is_refused(pki: Pki) -> None:
    """The issue: root -> CA (pathLenConstraint 0) -> CA -> card was accepted."""
    first_key = ec.generate_private_key(ec.SECP256R1())
    second_key = ec.generate_private_key(ec.SECP256R1())
    card_key = ec.generate_private_key(ec.SECP256R1())
    first = certificate(
        name("Policy CA"), first_key, pki.root.subject, pki.root_key, ca=True, serial=20, path_length=0
    )
    second = certificate(name("Rogue CA"), second_key, first.subject, first_key, ca=True, serial=21)
    card = certificate(name("Someone", "BI87654321"), card_key, second.subject, second_key, ca=False, serial=22)
    chain = [der(card), der(second), der(first)]
    signature = card_key.sign(b"c", ec.ECDSA(hashes.SHA256()))
    with pytest.raises(CardAuthError) as refused:
        authenticate(chain, b"c", signature, "ecdsa-sha256", TrustStore([pki.root], [], []), NOW)
    assert refused.value.code == "invalid_chain"
    # The same chain with room for the second CA signs in: the path length was the only fault.
    roomy = certificate(
        name("Policy CA"), first_key, pki.root.subject, pki.root_key, ca=True, serial=23, path_length=1
    )
    chain[2] = der(roomy)
    assert authenticate(chain, b"c", signature, "ecdsa-sha256", TrustStore([pki.root], [], []), NOW)


def test_a_leaf_cannot_act_as_a_ca(pki: Pki) -> None:
    fake_key = ec.generate_private_key(ec.SECP256R1())
    # Signed by the card's own (non-CA) key: the chain must not accept the card as an issuer.
    fake = certificate(
        name("Someone", "99999999"), fake_key, pki.leaf.subject, pki.leaf_key, ca=False, serial=5
    )
    store = TrustStore([pki.root], [], [])
    signature = fake_key.sign(b"c", ec.ECDSA(hashes.SHA256()))
    with pytest.raises(CardAuthError) as refused:
        authenticate([der(fake), der(pki.leaf), der(pki.sub)], b"c", signature, "ecdsa-sha256", store, NOW)
    assert refused.value.code == "invalid_chain"


def test_rsa_cards_sign_with_pkcs1_v15() -> None:
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = certificate(name("RSA Root"), root_key, name("RSA Root"), root_key, ca=True, serial=1)
    leaf_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leaf = certificate(name("Lucas", "85071412330"), leaf_key, name("RSA Root"), root_key, ca=False, serial=3)
    signature = leaf_key.sign(b"c", padding.PKCS1v15(), hashes.SHA256())
    store = TrustStore([root], [], [])
    assert authenticate([der(leaf)], b"c", signature, "rsa-pkcs1v15-sha256", store, NOW).serial_number == (
        "85071412330"
    )
    with pytest.raises(CardAuthError) as refused:
        authenticate([der(leaf)], b"c", signature, "ecdsa-sha256", store, NOW)
    assert refused.value.code == "unsupported_algorithm"


def test_a_certificate_without_serial_number_identifies_nobody(pki: Pki) -> None:
    with pytest.raises(CardAuthError):
        card_holder(pki.sub)


def test_a_self_signed_root_sent_by_the_card_is_not_trusted_for_that(pki: Pki) -> None:
    store = TrustStore([], [], [])
    signature = pki.leaf_key.sign(b"c", ec.ECDSA(hashes.SHA256()))
    with pytest.raises(CardAuthError) as refused:
        authenticate([der(pki.leaf), der(pki.sub), der(pki.root)], b"c", signature, "ecdsa-sha256", store, NOW)
    assert refused.value.code == "untrusted_issuer"
