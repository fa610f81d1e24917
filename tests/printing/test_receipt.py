"""The 80 mm receipt, checked with poppler and zbar rather than with reportlab itself."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from reportlab.lib.units import mm

from printing.documents.receipt import ReceiptData, render_receipt
from tests.printing.pdftools import embedded_fonts, page_sizes, pdf_text, qr_codes, word_boxes

ROLL_WIDTH_PT = 80 * mm


def test_receipt_names_service_reference_and_payment(receipt_data: ReceiptData, tmp_path: Path) -> None:
    text = pdf_text(render_receipt(receipt_data), tmp_path)
    assert "Certidão de registo criminal" in text
    assert "PT-2026-000123" in text
    assert "2026-11-23 10:05" in text
    assert "Quiosque K-01" in text
    assert "5,00 €" in text
    assert "90150" in text
    assert "123 123 451" in text
    assert "432,11 €" in text
    assert "Comprovativo" in text


def test_receipt_in_english_uses_english_labels_and_money(receipt_data: ReceiptData, tmp_path: Path) -> None:
    english = dataclasses.replace(receipt_data, language="en-GB")
    text = pdf_text(render_receipt(english), tmp_path)
    assert "Application receipt" in text
    assert "€432.11" in text
    assert "Comprovativo" not in text


def test_receipt_is_80mm_wide_and_grows_with_content(receipt_data: ReceiptData, tmp_path: Path) -> None:
    short = dataclasses.replace(receipt_data, payment=None, next_steps="", status_url=None)
    long = dataclasses.replace(receipt_data, next_steps="Próximo passo. " * 80)
    short_sizes = page_sizes(render_receipt(short), tmp_path)
    long_sizes = page_sizes(render_receipt(long), tmp_path)
    assert len(short_sizes) == len(long_sizes) == 1
    assert short_sizes[0][0] == pytest.approx(ROLL_WIDTH_PT, abs=0.1)
    assert long_sizes[0][0] == pytest.approx(ROLL_WIDTH_PT, abs=0.1)
    assert long_sizes[0][1] > short_sizes[0][1] + 100


def test_status_qr_decodes_with_an_independent_decoder(receipt_data: ReceiptData, tmp_path: Path) -> None:
    assert qr_codes(render_receipt(receipt_data), tmp_path) == [receipt_data.status_url]


def test_receipt_without_status_url_has_no_qr(receipt_data: ReceiptData, tmp_path: Path) -> None:
    pdf = render_receipt(dataclasses.replace(receipt_data, status_url=None))
    assert qr_codes(pdf, tmp_path) == []


@pytest.mark.parametrize(
    ("fee", "expected", "absent"),
    [(Decimal(0), "Sem custos", "Taxa: 0"), (None, "Referência", "Taxa")],
)
def test_fee_line(
    receipt_data: ReceiptData,
    tmp_path: Path,
    fee: Decimal | None,
    expected: str,
    absent: str,
) -> None:
    text = pdf_text(render_receipt(dataclasses.replace(receipt_data, fee=fee)), tmp_path)
    assert expected in text
    assert absent not in text


@pytest.mark.usefixtures("unicode_fonts")
def test_fonts_are_embedded(receipt_data: ReceiptData, tmp_path: Path) -> None:
    fonts = embedded_fonts(render_receipt(receipt_data), tmp_path)
    assert fonts
    assert all(embedded for _name, embedded in fonts), fonts


@pytest.mark.usefixtures("unicode_fonts")
def test_long_unicode_names_wrap_inside_the_paper(receipt_data: ReceiptData, tmp_path: Path) -> None:
    name = (
        "Pedido de certidão para Maria da Conceição Łukasiewicz-Nguyễn Ðorđević "
        "Αλεξάνδρα Ξενοφώντος Светлана Дмитриевна Ширококрылова "
        "Supercalifragilisticexpialidociousanddefinitelywiderthanthepaper"
    )
    data = dataclasses.replace(
        receipt_data,
        service_name=name,
        location="Balcão 7 " + "Avenida muito comprida " * 6,
        reference="REF-" + "9" * 40,
    )
    pdf = render_receipt(data)
    text = pdf_text(pdf, tmp_path)
    for word in ("Łukasiewicz-Nguyễn", "Ðorđević", "Αλεξάνδρα", "Ширококрылова"):
        assert word in text
    ((width, _height),) = page_sizes(pdf, tmp_path)
    (boxes,) = word_boxes(pdf, tmp_path)
    assert boxes
    # The printable band of an 80 mm head is 72 mm: nothing may cross the 4 mm margins.
    left, right = 4 * mm - 0.5, width - 4 * mm + 0.5
    outside = [box for box in boxes if box.x_min < left or box.x_max > right]
    assert outside == []


def test_same_data_gives_the_same_bytes(receipt_data: ReceiptData) -> None:
    # A reprint from the journal must be the very document first printed.
    assert render_receipt(receipt_data) == render_receipt(receipt_data)
