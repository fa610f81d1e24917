"""The A4 certificate: content, pages, the seal QR read back by zbar and verified."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from kiosk.seal import SealedDocument, SealStatus, public_jwk, sign_seal, verify_seal
from printing.documents.certificate import CertificateData, render_certificate
from tests.helpers import require_tool
from tests.printing.pdftools import page_sizes, pdf_text, qr_codes, word_boxes

KEY = ec.generate_private_key(ec.SECP256R1())
ISSUED = 1_795_000_000
TRUST = {"keys": [public_jwk(KEY.public_key(), ISSUED - 1000, ISSUED + 10**8)]}


@pytest.fixture
def certificate() -> CertificateData:
    document = SealedDocument(
        issuer="PT-DGAJ",
        issued_at=ISSUED,
        expires_at=ISSUED + 90 * 86_400,
        doc_type="criminal-record",
        doc_id="CRC-2026-000042",
        holder="Maria da Conceição Łukasiewicz-Nguyễn",
        fields={"Identificação civil": "12345678 9 ZZ1", "Finalidade": "Emprego"},
    )
    return CertificateData(
        document=document,
        seal=sign_seal(document, KEY),
        title="Certificado de Registo Criminal",
        issuer_name="República Portuguesa — Direção-Geral da Administração da Justiça",
        issuer_details="Av. D. João II, 1990-097 Lisboa",
        body="Certifica-se que nada consta do registo criminal do titular.",
        place="Loja do Cidadão Laranjeiras, quiosque K-01",
        access_code="K7Q2-9XMB-4TPL",
        status_url="https://portal.example.pt/verificar",
        language="pt",
    )


def test_certificate_prints_what_it_certifies(certificate: CertificateData, tmp_path: Path) -> None:
    text = pdf_text(render_certificate(certificate), tmp_path)
    for expected in (
        "Certificado de Registo Criminal",
        "Maria da Conceição Łukasiewicz-Nguyễn",
        "CRC-2026-000042",
        "K7Q2-9XMB-4TPL",
        "2026-11-18",  # issued, in Lisbon time
        "2027-02-16",  # expires
        "Finalidade: Emprego",
        "nada consta",
        "Página 1 de 1",
        "DOCUMENTO AUTÊNTICO",
        "https://portal.example.pt/verificar",
    ):
        assert expected in text, expected


def test_certificate_in_english(certificate: CertificateData, tmp_path: Path) -> None:
    text = pdf_text(render_certificate(dataclasses.replace(certificate, language="en")), tmp_path)
    assert "Page 1 of 1" in text
    assert "Access code: K7Q2-9XMB-4TPL" in text
    assert "Página" not in text


def test_seal_qr_scans_and_verifies(certificate: CertificateData, tmp_path: Path) -> None:
    (scanned,) = qr_codes(render_certificate(certificate), tmp_path, resolution=150)
    assert scanned == certificate.seal
    verdict = verify_seal(scanned, TRUST, now=ISSUED + 60)
    assert verdict.status is SealStatus.VALID
    assert verdict.document == certificate.document


def test_seal_qr_is_at_least_35mm_wide_on_paper(certificate: CertificateData, tmp_path: Path) -> None:
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(render_certificate(certificate))
    dpi = 100
    subprocess.run(
        [require_tool("pdftoppm"), "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile",
         str(pdf), str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    image = Image.open(tmp_path / "page.png").convert("L")
    px_per_mm = dpi / 25.4
    # The seal sits bottom-left, above the footer: measure the dark pixels there.
    left, right = int(15 * px_per_mm), int(67 * px_per_mm)
    top = image.height - int(110 * px_per_mm)
    bottom = image.height - int(33 * px_per_mm)
    region = image.crop((left, top, right, bottom)).point(lambda v: 255 if v < 128 else 0)
    box = region.getbbox()
    assert box is not None
    width_mm = (box[2] - box[0]) / px_per_mm
    height_mm = (box[3] - box[1]) / px_per_mm
    assert width_mm >= 35
    assert height_mm == pytest.approx(width_mm, abs=1)


def test_long_body_flows_onto_numbered_pages(certificate: CertificateData, tmp_path: Path) -> None:
    long = dataclasses.replace(
        certificate, body="\n\n".join(f"Parágrafo {n}. " + "Texto do corpo. " * 40 for n in range(30))
    )
    pdf = render_certificate(long)
    sizes = page_sizes(pdf, tmp_path)
    assert len(sizes) >= 3
    assert all(size == pytest.approx(A4, abs=0.5) for size in sizes)
    text = pdf_text(pdf, tmp_path)
    pages = len(sizes)
    for page in range(1, pages + 1):
        assert f"Página {page} de {pages}" in text
    assert "Parágrafo 29." in text
    # Nothing written below the bottom margin or beside the page.
    for boxes in word_boxes(pdf, tmp_path):
        assert all(box.x_min >= 20 * mm - 1 and box.x_max <= A4[0] - 20 * mm + 1 for box in boxes)
        assert all(box.y_max <= A4[1] - 20 * mm + 1 for box in boxes)


def test_long_names_shrink_or_wrap_inside_the_margins(certificate: CertificateData, tmp_path: Path) -> None:
    holder = "Αλεξάνδρα-Светлана Maria da Conceição " * 6 + "Ширококрылова"
    document = dataclasses.replace(
        certificate.document,
        holder=holder,
        fields={"Morada": "Rua " + "muito comprida " * 30 + "n.º 1"},
    )
    pdf = render_certificate(dataclasses.replace(certificate, document=document, seal=sign_seal(document, KEY)))
    text = pdf_text(pdf, tmp_path)
    assert "Ширококрылова" in text
    for boxes in word_boxes(pdf, tmp_path):
        assert all(box.x_min >= 20 * mm - 1 and box.x_max <= A4[0] - 20 * mm + 1 for box in boxes)


def test_same_certificate_same_bytes(certificate: CertificateData) -> None:
    assert render_certificate(certificate) == render_certificate(certificate)


def test_many_long_fields_move_the_seal_to_its_own_page(certificate: CertificateData, tmp_path: Path) -> None:
    fields = {f"Campo {n}": "valor muito comprido " * 12 for n in range(9)}
    document = dataclasses.replace(certificate.document, fields=fields)
    data = dataclasses.replace(certificate, document=document, seal=sign_seal(document, KEY))
    pdf = render_certificate(data)
    pages = len(page_sizes(pdf, tmp_path))
    assert pages >= 2
    last_page = pdf_text(pdf, tmp_path).split("\f")[pages - 1]
    assert "Verificação" in last_page
    assert f"Página {pages} de {pages}" in last_page
    (scanned,) = qr_codes(pdf, tmp_path, resolution=150)
    assert verify_seal(scanned, TRUST, now=ISSUED).document == document


def test_seal_that_says_something_else_is_refused(certificate: CertificateData) -> None:
    other = dataclasses.replace(certificate.document, holder="Somebody Else")
    with pytest.raises(ValueError, match="does not match"):
        render_certificate(dataclasses.replace(certificate, seal=sign_seal(other, KEY)))
