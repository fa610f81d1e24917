"""Citizen login by card: check the signature over the portal's challenge and the certificate chain.

The chain must end at one of the portal's trusted CAs, every certificate must be within its validity,
and none may be listed in a revocation list of its issuer. Only the standard library and cryptography.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.x509.oid import NameOID

MAX_CHAIN = 5
DEMO_CA_VARIABLE = "KIOSK_DEMO_CA_DIR"
"""Where the card emulator keeps the demo CA (the same variable and default as kiosk/card)."""
SERIAL_PREFIXES = ("PNOPT-", "IDCPT-", "BI")


Signed = x509.Certificate | x509.CertificateRevocationList


class CardAuthError(Exception):
    """Why a card login is refused; the code is stable, the portal shows a generic message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class CardHolder:
    serial_number: str
    """Civil identification number (PT) or national number (BE) from the certificate subject."""
    common_name: str
    given_names: str | None
    surname: str | None


def demo_ca_directory() -> Path:
    configured = os.environ.get(DEMO_CA_VARIABLE)
    if configured:
        return Path(configured)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "citizen-kiosk" / "demo-ca"


def _load_certificate(data: bytes) -> x509.Certificate:
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificate(data)
    return x509.load_der_x509_certificate(data)


def load_certificates(folder: Path | None) -> list[x509.Certificate]:
    """Every certificate file (.pem, .crt, .der, .cer) in a folder; unreadable files are skipped."""
    if folder is None or not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in {".pem", ".crt", ".der", ".cer"} and path.is_file():
            try:
                found.append(_load_certificate(path.read_bytes()))
            except ValueError:
                continue
    return found


def load_crls(folder: Path | None) -> list[x509.CertificateRevocationList]:
    if folder is None or not folder.is_dir():
        return []
    crls = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in {".crl", ".pem", ".der"} or not path.is_file():
            continue
        data = path.read_bytes()
        try:
            crls.append(x509.load_pem_x509_crl(data) if b"-----BEGIN" in data else x509.load_der_x509_crl(data))
        except ValueError:
            continue
    return crls


@dataclass
class TrustStore:
    roots: list[x509.Certificate]
    intermediates: list[x509.Certificate]
    crls: list[x509.CertificateRevocationList]
    checked: dict[tuple[bytes, bytes], bool] = field(default_factory=dict, repr=False)
    """Signatures already checked on CA certificates and revocation lists, by (signed, signer) fingerprint.

    They are the same for every citizen, so each is checked once; a card's own certificate is checked at
    every login."""

    def signature_check(
        self, signed: Signed, signer: x509.Certificate, check: Callable[[Any, x509.Certificate], bool]
    ) -> bool:
        """check(signed, signer), remembered."""
        key = (signed.fingerprint(hashes.SHA256()), signer.fingerprint(hashes.SHA256()))
        known = self.checked.get(key)
        if known is None:
            if len(self.checked) > 10_000:
                self.checked.clear()
            known = self.checked[key] = check(signed, signer)
        return known

    @classmethod
    def load(cls, trusted_dir: Path | None, crl_dir: Path | None, demo: bool) -> TrustStore:
        certificates = load_certificates(trusted_dir)
        if demo:
            # The demo CA is trusted only when the portal runs in a demo configuration.
            certificates += load_certificates(demo_ca_directory())
        roots = [c for c in certificates if c.issuer == c.subject]
        intermediates = [c for c in certificates if c.issuer != c.subject]
        return cls(roots, intermediates, load_crls(crl_dir))


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        return bool(certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def _check_time(certificate: x509.Certificate, now: dt.datetime) -> None:
    if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
        raise CardAuthError("certificate_expired")


def _issued_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    if certificate.issuer != issuer.subject:
        return False
    try:
        certificate.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _crl_signed_by(crl: x509.CertificateRevocationList, issuer: x509.Certificate) -> bool:
    return crl.is_signature_valid(issuer.public_key())  # type: ignore[arg-type]


def _check_revocation(certificate: x509.Certificate, issuer: x509.Certificate, store: TrustStore) -> None:
    for crl in store.crls:
        if crl.issuer != issuer.subject:
            continue
        if not store.signature_check(crl, issuer, _crl_signed_by):
            continue
        if crl.get_revoked_certificate_by_serial_number(certificate.serial_number) is not None:
            raise CardAuthError("certificate_revoked")


def verify_chain(chain: list[x509.Certificate], store: TrustStore, now: dt.datetime) -> None:
    """Walk from the card's certificate up to a trusted root, checking every link."""
    if not chain:
        raise CardAuthError("no_certificate")
    card = chain[0]

    def issued_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
        if certificate is card:
            return _issued_by(certificate, issuer)
        return store.signature_check(certificate, issuer, _issued_by)

    candidates = chain[1:] + store.intermediates
    current = card
    _check_time(current, now)
    for _ in range(MAX_CHAIN):
        root = next((r for r in store.roots if issued_by(current, r)), None)
        if root is not None:
            _check_time(root, now)
            _check_revocation(current, root, store)
            return
        if current.issuer == current.subject:
            # A self-signed certificate that is not one of our roots ends the walk: untrusted.
            raise CardAuthError("untrusted_issuer")
        issuer = next((c for c in candidates if c != current and _is_ca(c) and issued_by(current, c)), None)
        if issuer is None:
            raise CardAuthError("untrusted_issuer")
        _check_time(issuer, now)
        _check_revocation(current, issuer, store)
        current = issuer
    raise CardAuthError("chain_too_long")


def verify_signature(certificate: x509.Certificate, challenge: bytes, signature: bytes, algorithm: str) -> None:
    key = certificate.public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey) and algorithm == "rsa-pkcs1v15-sha256":
            key.verify(signature, challenge, padding.PKCS1v15(), hashes.SHA256())
            return
        if isinstance(key, ec.EllipticCurvePublicKey) and algorithm in {"ecdsa-sha256", "ecdsa-sha384"}:
            digest: hashes.HashAlgorithm = hashes.SHA256() if algorithm == "ecdsa-sha256" else hashes.SHA384()
            size = (key.curve.key_size + 7) // 8
            if len(signature) == 2 * size and signature[0] != 0x30:
                # Cards answer raw r||s; cryptography wants DER.
                r = int.from_bytes(signature[:size], "big")
                s = int.from_bytes(signature[size:], "big")
                signature = encode_dss_signature(r, s)
            key.verify(signature, challenge, ec.ECDSA(digest))
            return
    except InvalidSignature as error:
        raise CardAuthError("bad_signature") from error
    raise CardAuthError("unsupported_algorithm")


def _attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str | None:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else None


def card_holder(certificate: x509.Certificate) -> CardHolder:
    subject = certificate.subject
    serial = _attribute(subject, NameOID.SERIAL_NUMBER)
    if not serial:
        raise CardAuthError("no_serial_number")
    for prefix in SERIAL_PREFIXES:
        if serial.startswith(prefix):
            serial = serial[len(prefix) :]
            break
    return CardHolder(
        serial_number=serial,
        common_name=_attribute(subject, NameOID.COMMON_NAME) or "",
        given_names=_attribute(subject, NameOID.GIVEN_NAME),
        surname=_attribute(subject, NameOID.SURNAME),
    )


def authenticate_card(
    chain_der: list[bytes],
    challenge: bytes,
    signature: bytes,
    algorithm: str,
    store: TrustStore,
    now: dt.datetime,
) -> CardHolder:
    try:
        chain = [x509.load_der_x509_certificate(item) for item in chain_der]
    except ValueError as error:
        raise CardAuthError("bad_certificate") from error
    if not chain:
        raise CardAuthError("no_certificate")
    verify_chain(chain, store, now)
    verify_signature(chain[0], challenge, signature, algorithm)
    return card_holder(chain[0])
