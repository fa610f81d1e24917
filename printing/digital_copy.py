"""The "take it on your phone" copy: the certificate PDF signed with PAdES (pyhanko).

The signature covers the whole PDF with the document-signing key and its
X.509 certificate, so any PDF reader shows who issued it and that nothing
changed since. The seal QR inside stays verifiable on its own.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from asn1crypto import keys as asn1_keys  # type: ignore[import-untyped]
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

SIGNATURE_FIELD = "DocumentSeal"


class DigitalCopyError(ValueError):
    """The PDF or the signing material is not usable; the message says which."""


@dataclass(frozen=True)
class SigningIdentity:
    private_key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()
    """Intermediate CA certificates, embedded so verifiers can build the path."""


def load_identity(key_pem: bytes, certificates_pem: bytes, password: bytes | None = None) -> SigningIdentity:
    """Key and certificate(s) from PEM; the first certificate must belong to the key."""
    try:
        key = serialization.load_pem_private_key(key_pem, password)
        certificates = x509.load_pem_x509_certificates(certificates_pem)
    except (ValueError, TypeError) as error:
        raise DigitalCopyError(f"cannot read the signing key or certificate: {error}") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise DigitalCopyError("the signing key must be EC or RSA")
    if certificates[0].public_key() != key.public_key():
        raise DigitalCopyError("the first certificate does not belong to the signing key")
    return SigningIdentity(key, certificates[0], tuple(certificates[1:]))


def _asn1_certificate(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def sign_pades(pdf: bytes, identity: SigningIdentity, *, reason: str, location: str, name: str = "") -> bytes:
    """The same PDF with a PAdES baseline (B-B) signature over all of it."""
    chain = [_asn1_certificate(c) for c in identity.chain]
    registry = SimpleCertificateStore.from_certs(chain)  # type: ignore[no-untyped-call]
    signer = signers.SimpleSigner(
        signing_cert=_asn1_certificate(identity.certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            identity.private_key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        cert_registry=registry,
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=name or None,
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        signed = signers.sign_pdf(writer, metadata, signer=signer)
    except Exception as error:  # pyhanko raises many types for a broken input PDF
        raise DigitalCopyError(f"cannot sign this PDF: {error}") from error
    return bytes(signed.getvalue())


@dataclass(frozen=True)
class PadesVerdict:
    intact: bool
    """The signed bytes are unchanged."""
    valid: bool
    """The signature is cryptographically sound."""
    trusted: bool
    """The signer's certificate chains to one of the given roots."""
    whole_document: bool
    """Nothing was appended after signing."""
    signer: str

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and self.whole_document


def verify_pades(pdf: bytes, trust_roots: list[x509.Certificate]) -> PadesVerdict:
    """Check the document seal signature offline against ``trust_roots``."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf))
        embedded = [s for s in reader.embedded_signatures if s.field_name == SIGNATURE_FIELD]
    except Exception as error:
        raise DigitalCopyError(f"not a readable PDF: {error}") from error
    if not embedded:
        raise DigitalCopyError("the PDF carries no document seal signature")
    context = ValidationContext(
        trust_roots=[_asn1_certificate(root) for root in trust_roots], allow_fetching=False
    )
    status = validate_pdf_signature(embedded[0], context)
    return PadesVerdict(
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        whole_document=status.coverage is not None and status.coverage.name == "ENTIRE_FILE",
        signer=status.signing_cert.subject.human_friendly,
    )
