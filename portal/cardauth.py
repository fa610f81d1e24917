"""Citizen login by card: check the signature over the portal's challenge and the certificate chain.

The chain is validated like a real verifier does (RFC 5280 path validation by pyhanko-certvalidator): it
must end at one of the portal's trusted CAs, with every signature, validity period, CA flag and path length
right, the card's key allowed to sign, and, with revocation lists configured, none of them revoked or stale.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import crl as asn1_crl  # type: ignore[import-untyped]
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import (
    ExpiredError,
    InsufficientRevinfoError,
    InvalidCertificateError,
    NotYetValidError,
    PathBuildingError,
    RevokedError,
    ValidationError,
)
from pyhanko_certvalidator.policy_decl import (
    CertRevTrustPolicy,
    RevocationCheckingPolicy,
    RevocationCheckingRule,
)

MAX_CHAIN = 5
DEMO_CA_VARIABLE = "KIOSK_DEMO_CA_DIR"
"""Where the card emulator keeps the demo CA (the same variable and default as kiosk/card)."""
SERIAL_PREFIXES = ("PNOPT-", "IDCPT-", "BI")


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


REVOCATION_LIST_RULE = RevocationCheckingPolicy(
    ee_certificate_rule=RevocationCheckingRule.CRL_REQUIRED,
    intermediate_ca_cert_rule=RevocationCheckingRule.CRL_REQUIRED,
)
"""With revocation lists configured: every certificate below the root needs a current CRL from its issuer."""
DECLARED_ONLY_RULE = RevocationCheckingPolicy.from_legacy("soft-fail")
"""Without any: nothing can be checked offline, as before; configure CRLs in production (docs/portal.md)."""
RELOAD_SECONDS = 300.0
"""The trust store is read again this often, so CRLs replaced in their folder take effect."""


@dataclass
class TrustStore:
    """The CAs whose cards may sign in and their revocation lists, ready for the validator."""

    roots: list[x509.Certificate]
    intermediates: list[x509.Certificate]
    crls: list[x509.CertificateRevocationList]
    loaded_at: float = field(default_factory=time.monotonic)
    _contexts: dict[int, ValidationContext] = field(default_factory=dict, repr=False)

    @property
    def revocation_rule(self) -> RevocationCheckingPolicy:
        return REVOCATION_LIST_RULE if self.crls else DECLARED_ONLY_RULE

    def context(self, now: dt.datetime) -> ValidationContext:
        """The validator's context for this minute, shared by the logins of that minute.

        Building one costs more than a whole validation (it prepares every root and intermediate), and a
        shared one remembers the CA links it has already validated; the card's own certificate is still
        validated at each login. Validation times are therefore whole minutes.
        """
        minute = int(now.timestamp() // 60)
        context = self._contexts.get(minute)
        if context is None:
            context = ValidationContext(
                trust_roots=[_asn1_certificate(item) for item in self.roots],
                other_certs=[_asn1_certificate(item) for item in self.intermediates],
                moment=dt.datetime.fromtimestamp(minute * 60, dt.UTC),
                crls=[asn1_crl.CertificateList.load(item.public_bytes(Encoding.DER)) for item in self.crls],
                allow_fetching=False,
                revinfo_policy=CertRevTrustPolicy(self.revocation_rule),
            )
            self._contexts.clear()
            self._contexts[minute] = context
        return context

    @classmethod
    def load(cls, trusted_dir: Path | None, crl_dir: Path | None, demo: bool) -> TrustStore:
        certificates = load_certificates(trusted_dir)
        if demo:
            # The demo CA is trusted only when the portal runs in a demo configuration.
            certificates += load_certificates(demo_ca_directory())
        roots = [c for c in certificates if c.issuer == c.subject]
        intermediates = [c for c in certificates if c.issuer != c.subject]
        return cls(roots, intermediates, load_crls(crl_dir))


class TrustStoreCache:
    """One trust store per worker, read again every RELOAD_SECONDS (and while it is still empty)."""

    def __init__(self, trusted_dir: Path | None, crl_dir: Path | None, demo: bool) -> None:
        self._source = (trusted_dir, crl_dir, demo)
        self._store: TrustStore | None = None

    def get(self) -> TrustStore:
        store = self._store
        if store is None or not store.roots or time.monotonic() - store.loaded_at > RELOAD_SECONDS:
            # An empty store is read again at once: the demo CA may be created after the portal starts.
            store = self._store = TrustStore.load(*self._source)
        return store


def _asn1_certificate(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))


def _refusal(error: Exception) -> CardAuthError:
    """The stable reason for a validator's refusal."""
    if isinstance(error, RevokedError):
        return CardAuthError("certificate_revoked")
    if isinstance(error, InsufficientRevinfoError):
        return CardAuthError("revocation_unknown")
    if isinstance(error, ExpiredError | NotYetValidError):
        return CardAuthError("certificate_expired")
    if isinstance(error, PathBuildingError):
        return CardAuthError("untrusted_issuer")
    if isinstance(error, InvalidCertificateError) or "signature" in str(error):
        # A self-signed certificate that is none of our roots, or a link whose signature does not verify:
        # whatever its names say, no trusted CA issued it.
        return CardAuthError("untrusted_issuer")
    return CardAuthError("invalid_chain")


def _check_key_usage(card: x509.Certificate) -> None:
    """The card's key must be allowed to sign (digitalSignature): its authentication key, not the signing key
    of qualified signatures (nonRepudiation only). A certificate without the extension allows any use."""
    try:
        usage = card.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    except ValueError as error:
        raise CardAuthError("bad_certificate") from error
    if not usage.digital_signature:
        raise CardAuthError("wrong_key_usage")


async def verify_chain(chain: list[x509.Certificate], store: TrustStore, now: dt.datetime) -> None:
    """Validate the card's certificate for signing in, as RFC 5280 says, with pyhanko-certvalidator.

    A path to one of our roots through the chain the card sent or our own intermediates; every signature,
    validity period, CA flag, path length and name constraint; the card's key usage (digitalSignature, the
    authentication key's); and, when CRLs are configured, a current CRL of each issuer. Nothing is fetched.
    """
    if not chain:
        raise CardAuthError("no_certificate")
    if len(chain) > MAX_CHAIN:
        raise CardAuthError("chain_too_long")
    _check_key_usage(chain[0])
    sent = [_asn1_certificate(item) for item in chain]
    validator = CertificateValidator(
        sent[0], intermediate_certs=sent[1:], validation_context=store.context(now)
    )
    try:
        await validator.async_validate_path()
    except (PathBuildingError, ValidationError) as error:
        raise _refusal(error) from error
    except ValueError as error:  # a certificate or CRL the validator cannot decode
        raise CardAuthError("bad_certificate") from error


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


async def authenticate_card(
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
    await verify_chain(chain, store, now)
    verify_signature(chain[0], challenge, signature, algorithm)
    return card_holder(chain[0])
