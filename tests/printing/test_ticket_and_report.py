"""Queue ticket and counter day report."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from printing.documents.day_report import DayReportData, DayReportEntry, render_day_report
from printing.documents.ticket import TicketData, render_ticket
from tests.printing.pdftools import page_sizes, pdf_text, qr_codes, word_boxes

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


@pytest.fixture
def ticket() -> TicketData:
    return TicketData(
        number="A042",
        category="Cartão de Cidadão",
        position=3,
        estimated_wait_minutes=15,
        issued_at=NOW,
        location="Loja do Cidadão Laranjeiras",
        language="pt",
        follow_url="https://portal.example.pt/fila/A042",
    )


def test_ticket_shows_number_queue_and_wait(ticket: TicketData, tmp_path: Path) -> None:
    pdf = render_ticket(ticket)
    text = pdf_text(pdf, tmp_path)
    for expected in ("A042", "Cartão de Cidadão", "Pessoas à sua frente: 3", "cerca de 15 min"):
        assert expected in text
    ((width, _),) = page_sizes(pdf, tmp_path)
    assert width == pytest.approx(80 * mm, abs=0.1)
    assert qr_codes(pdf, tmp_path) == ["https://portal.example.pt/fila/A042"]


def test_ticket_number_is_big(ticket: TicketData, tmp_path: Path) -> None:
    (boxes,) = word_boxes(render_ticket(ticket), tmp_path)
    (number,) = [box for box in boxes if box.word == "A042"]
    assert number.y_max - number.y_min > 40  # points: readable from several metres


def test_ticket_in_english_without_estimate(ticket: TicketData, tmp_path: Path) -> None:
    english = dataclasses.replace(ticket, language="en", estimated_wait_minutes=None, follow_url=None)
    pdf = render_ticket(english)
    text = pdf_text(pdf, tmp_path)
    assert "People ahead of you: 3" in text
    assert "being estimated" in text
    assert qr_codes(pdf, tmp_path) == []


@pytest.mark.parametrize(("language", "next_words"), [("pt", "é a próxima senha"), ("en", "you are next")])
def test_nobody_ahead_is_told_it_is_next(
    ticket: TicketData, tmp_path: Path, language: str, next_words: str
) -> None:
    first = dataclasses.replace(ticket, language=language, position=0, estimated_wait_minutes=0)
    text = pdf_text(render_ticket(first), tmp_path)
    assert next_words in text
    assert "0 min" not in text


def entry(minute: int, service: str, amount: str, method: str) -> DayReportEntry:
    return DayReportEntry(
        at=NOW.replace(minute=minute),
        ticket=f"A{minute:03d}",
        service_name=service,
        reference=f"PT-2026-{minute:06d}",
        amount=Decimal(amount),
        payment_method=method,  # type: ignore[arg-type]
    )


@pytest.fixture
def report() -> DayReportData:
    return DayReportData(
        office="Loja do Cidadão Laranjeiras",
        desk="Balcão 7",
        clerk="Ana Silva",
        day=date(2026, 11, 23),
        generated_at=NOW,
        language="pt",
        entries=(
            entry(1, "Certidão de registo criminal", "5.00", "cash"),
            entry(2, "Certidão de registo criminal", "5.00", "reference"),
            entry(3, "Alteração de morada", "0", "none"),
        ),
    )


def test_day_report_lists_entries_and_totals(report: DayReportData, tmp_path: Path) -> None:
    text = pdf_text(render_day_report(report), tmp_path)
    for expected in (
        "Relatório diário do balcão",
        "Balcão 7",
        "Ana Silva",
        "PT-2026-000002",
        "Atendimentos",
        "Alteração de morada",
        "Página 1 de 1",
    ):
        assert expected in text
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert any("Total em numerário" in line for line in lines)
    assert "10,00 €" in text  # total charged: 5 cash + 5 by reference


def test_day_report_paginates_and_stays_in_margins(report: DayReportData, tmp_path: Path) -> None:
    many = dataclasses.replace(
        report,
        entries=tuple(
            entry(n % 60, "Serviço com um nome bastante comprido " * (1 + n % 3), "2.50", "cash")
            for n in range(150)
        ),
    )
    pdf = render_day_report(many)
    sizes = page_sizes(pdf, tmp_path)
    assert len(sizes) > 2
    assert all(size == pytest.approx(A4, abs=0.5) for size in sizes)
    text = pdf_text(pdf, tmp_path)
    assert f"Página {len(sizes)} de {len(sizes)}" in text
    assert "375,00 €" in text
    for boxes in word_boxes(pdf, tmp_path):
        assert all(box.x_max <= A4[0] - 15 * mm + 1 for box in boxes)
        # pdftotext measures y from the top of the page.
        assert all(15 * mm - 3 <= box.y_min and box.y_max <= A4[1] - 15 * mm + 3 for box in boxes)


def test_empty_day_report_says_so(report: DayReportData, tmp_path: Path) -> None:
    text = pdf_text(render_day_report(dataclasses.replace(report, entries=())), tmp_path)
    assert "Sem atendimentos registados." in text
