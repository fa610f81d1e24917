"""Assertions shared by the in-process and the pcscd tests: one definition of "reads right"."""

from __future__ import annotations

import itertools

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from kiosk.card.emulator.citizens import DemoCitizen
from kiosk.card.identity import AuthResult, Identity


def assert_identity_matches(identity: Identity, citizen: DemoCitizen, profile: str) -> None:
    assert identity.profile == profile
    assert identity.surname == citizen.surname
    assert identity.given_names == citizen.given_names
    assert identity.document_number == citizen.document_number
    assert identity.birth_date == citizen.birth_date
    assert identity.issue_date == citizen.issue_date
    assert identity.expiry_date == citizen.expiry_date
    assert identity.sex == citizen.sex
    assert identity.has_photo
    if profile == "be-eid":
        assert identity.national_number == citizen.national_number
        assert identity.birth_place == citizen.birth_place
    else:
        assert identity.civil_id == citizen.civil_id
        assert identity.tax_id == citizen.tax_id


def assert_signature_verifies(result: AuthResult, challenge: bytes) -> None:
    leaf = x509.load_der_x509_certificate(result.certificate_chain[0])
    key = leaf.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        assert result.algorithm == "rsa-pkcs1v15-sha256"
        key.verify(result.signature, challenge, padding.PKCS1v15(), hashes.SHA256())
    else:
        assert isinstance(key, ec.EllipticCurvePublicKey)
        assert result.algorithm == "ecdsa-sha256"
        key.verify(result.signature, challenge, ec.ECDSA(hashes.SHA256()))
    chain = [x509.load_der_x509_certificate(der) for der in result.certificate_chain]
    for child, parent in itertools.pairwise(chain):
        child.verify_directly_issued_by(parent)
