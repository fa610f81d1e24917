"""Sample documents: for `kiosk print render --sample`, the test page and the benchmark.

Fictitious people and references only.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.seal import SealedDocument, sign_seal
from printing.documents.certificate import CertificateData
from printing.documents.day_report import DayReportData, DayReportEntry, PaymentMethod
from printing.documents.receipt import PaymentReference, ReceiptData
from printing.documents.ticket import TicketData

SAMPLE_TIME = datetime(2026, 11, 23, 10, 5, tzinfo=UTC)
_NEXT_STEPS = {
    "pt": "O pedido foi enviado aos serviços. Receberá o certificado por correio "
    "eletrónico em 2 dias úteis; pode acompanhar o estado online.",
    "en": "Your application was sent to the office. You will get the certificate "
    "by e-mail within 2 working days; follow its status online.",
}


def sample_receipt(language: str = "pt") -> ReceiptData:
    return ReceiptData(
        service_name="Certidão de registo criminal" if language == "pt" else "Criminal record certificate",
        reference="PT-2026-000123",
        issued_at=SAMPLE_TIME,
        location="Loja do Cidadão Laranjeiras, quiosque K-01",
        fee=Decimal("5.00"),
        payment=PaymentReference(entity="90150", reference="123123451", amount=Decimal("432.11")),
        next_steps=_NEXT_STEPS.get(language, _NEXT_STEPS["pt"]),
        status_url="https://portal.example.pt/estado/K7Q2-9XMB-4TPL",
        language=language,
    )


def sample_ticket(language: str = "pt") -> TicketData:
    return TicketData(
        number="A042",
        category="Cartão de Cidadão" if language == "pt" else "Citizen card",
        position=3,
        estimated_wait_minutes=15,
        issued_at=SAMPLE_TIME,
        location="Loja do Cidadão Laranjeiras",
        language=language,
        follow_url="https://portal.example.pt/fila/A042",
    )


def sample_sealed_document() -> SealedDocument:
    return SealedDocument(
        issuer="PT-DGAJ",
        issued_at=int(SAMPLE_TIME.timestamp()),
        expires_at=int(SAMPLE_TIME.timestamp()) + 90 * 86_400,
        doc_type="criminal-record",
        doc_id="CRC-2026-000042",
        holder="Maria da Conceição Łukasiewicz-Nguyễn",
        fields={"Identificação civil": "12345678 9 ZZ1", "Finalidade": "Emprego"},
    )


def sample_certificate(language: str = "pt", key: ec.EllipticCurvePrivateKey | None = None) -> CertificateData:
    """A certificate sealed with ``key``, or with a throw-away key (its seal verifies against nothing)."""
    document = sample_sealed_document()
    signing_key = key or ec.generate_private_key(ec.SECP256R1())
    english = language == "en"
    return CertificateData(
        document=document,
        seal=sign_seal(document, signing_key),
        title="Criminal Record Certificate" if english else "Certificado de Registo Criminal",
        issuer_name="República Portuguesa — Direção-Geral da Administração da Justiça",
        issuer_details="Av. D. João II, 1990-097 Lisboa",
        body=(
            "It is hereby certified that the criminal record of the holder named above contains no entries."
            if english
            else "Certifica-se que nada consta do registo criminal do titular acima identificado."
        ),
        place="Loja do Cidadão Laranjeiras, quiosque K-01",
        access_code="K7Q2-9XMB-4TPL",
        status_url="https://portal.example.pt/verificar",
        language=language,
    )


def sample_day_report(language: str = "pt") -> DayReportData:
    services = ("Certidão de registo criminal", "Alteração de morada", "Cartão de Cidadão")
    methods: tuple[PaymentMethod, ...] = ("cash", "reference", "none")
    entries = tuple(
        DayReportEntry(
            at=SAMPLE_TIME.replace(hour=9 + n // 6, minute=(n * 7) % 60),
            ticket=f"A{n + 1:03d}",
            service_name=services[n % 3],
            reference=f"PT-2026-{n + 100:06d}",
            amount=Decimal("5.00") if methods[n % 3] != "none" else Decimal(0),
            payment_method=methods[n % 3],
        )
        for n in range(24)
    )
    return DayReportData(
        office="Loja do Cidadão Laranjeiras",
        desk="Balcão 7",
        clerk="Ana Silva",
        day=date(2026, 11, 23),
        generated_at=SAMPLE_TIME.replace(hour=18),
        language=language,
        entries=entries,
    )
