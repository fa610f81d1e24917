"""PAdES digital copy, checked with pyhanko's validator and poppler's independent pdfsig."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from printing.digital_copy import (
    DigitalCopyError,
    SigningIdentity,
    load_identity,
    sign_pades,
    verify_pades,
)
from tests.helpers import require_tool


def usage(ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def make_certificate(
    subject: str, key: ec.EllipticCurvePrivateKey, issuer_key: ec.EllipticCurvePrivateKey,
    issuer: x509.Certificate | None, *, ca: bool,
) -> x509.Certificate:  # fmt: skip
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "PT")])  # fmt: skip
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer.subject if issuer else name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(usage(ca), critical=True)
    )
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture(scope="module")
def pki() -> tuple[x509.Certificate, SigningIdentity]:
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = make_certificate("Test Administration Root CA", root_key, root_key, None, ca=True)
    signing_key = ec.generate_private_key(ec.SECP256R1())
    signing = make_certificate("Document Signing 1", signing_key, root_key, root, ca=False)
    return root, SigningIdentity(signing_key, signing, (root,))


def test_signed_copy_validates_and_is_trusted(
    pki: tuple[x509.Certificate, SigningIdentity], pdf: bytes
) -> None:
    root, identity = pki
    signed = sign_pades(pdf, identity, reason="Certidão emitida", location="Quiosque K-01")
    assert signed.startswith(pdf)  # incremental: the original bytes are untouched
    verdict = verify_pades(signed, [root])
    assert verdict.ok
    assert "Document Signing 1" in verdict.signer


def test_untrusted_root_is_not_trusted(pki: tuple[x509.Certificate, SigningIdentity], pdf: bytes) -> None:
    _root, identity = pki
    other_key = ec.generate_private_key(ec.SECP256R1())
    other_root = make_certificate("Someone Else", other_key, other_key, None, ca=True)
    verdict = verify_pades(sign_pades(pdf, identity, reason="r", location="l"), [other_root])
    assert verdict.intact
    assert not verdict.trusted
    assert not verdict.ok


def test_a_changed_byte_breaks_the_signature(pki: tuple[x509.Certificate, SigningIdentity], pdf: bytes) -> None:
    root, identity = pki
    signed = bytearray(sign_pades(pdf, identity, reason="r", location="l"))
    index = signed.index(b"/Title")
    signed[index + 8] ^= 0x01  # inside the signed byte range
    verdict = verify_pades(bytes(signed), [root])
    assert not verdict.intact
    assert not verdict.ok


def test_poppler_pdfsig_agrees(
    pki: tuple[x509.Certificate, SigningIdentity], pdf: bytes, tmp_path: Path
) -> None:
    _root, identity = pki
    path = tmp_path / "signed.pdf"
    path.write_bytes(sign_pades(pdf, identity, reason="r", location="Quiosque K-01"))
    result = subprocess.run([require_tool("pdfsig"), "-nocert", str(path)], capture_output=True, text=True)
    assert "Signature is Valid" in result.stdout, result.stdout + result.stderr
    assert "ETSI.CAdES.detached" in result.stdout


def test_identity_loading_checks_the_pair(pki: tuple[x509.Certificate, SigningIdentity]) -> None:
    root, identity = pki
    key_pem = identity.private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )  # fmt: skip
    chain_pem = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (identity.certificate, root))
    loaded = load_identity(key_pem, chain_pem)
    assert loaded.certificate == identity.certificate
    assert loaded.chain == (root,)
    with pytest.raises(DigitalCopyError, match="does not belong"):
        load_identity(key_pem, root.public_bytes(serialization.Encoding.PEM))
    with pytest.raises(DigitalCopyError, match="cannot read"):
        load_identity(b"garbage", chain_pem)


def test_not_a_pdf_is_a_clear_error(pki: tuple[x509.Certificate, SigningIdentity]) -> None:
    _root, identity = pki
    with pytest.raises(DigitalCopyError, match="cannot sign"):
        sign_pades(b"%PDF-1.4 broken", identity, reason="r", location="l")
