"""Printed and status texts in Portuguese and English, keyed by message id."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

LANGUAGES = ("pt", "en")
DEFAULT_LANGUAGE = "pt"

_TEXTS: dict[str, dict[str, str]] = {
    "pt": {
        "receipt.title": "Comprovativo de pedido",
        "receipt.service": "Serviço",
        "receipt.reference": "Referência",
        "receipt.issued_at": "Data e hora",
        "receipt.location": "Local",
        "receipt.fee": "Taxa",
        "receipt.no_fee": "Sem custos",
        "receipt.payment": "Pagamento por referência",
        "receipt.payment_entity": "Entidade",
        "receipt.payment_reference": "Referência",
        "receipt.payment_amount": "Montante",
        "receipt.next_steps": "O que acontece a seguir",
        "receipt.status_online": "Acompanhe o pedido online",
        "receipt.keep": "Guarde este comprovativo.",
        "printer.ready": "Impressora pronta.",
        "printer.no_paper": "A impressora está sem papel.",
        "printer.jam": "O papel encravou na impressora.",
        "printer.offline": "A impressora não está disponível.",
        "printer.door_open": "A impressora tem uma tampa aberta.",
        "printer.busy": "A impressora está ocupada; o documento fica em fila.",
        "printer.unknown_target": "Impressora não configurada.",
        "job.queued": "Em fila",
        "job.sent": "Enviado",
        "job.printed": "Impresso",
        "job.failed": "Falhou",
    },
    "en": {
        "receipt.title": "Application receipt",
        "receipt.service": "Service",
        "receipt.reference": "Reference",
        "receipt.issued_at": "Date and time",
        "receipt.location": "Place",
        "receipt.fee": "Fee",
        "receipt.no_fee": "Free of charge",
        "receipt.payment": "Payment by reference",
        "receipt.payment_entity": "Entity",
        "receipt.payment_reference": "Reference",
        "receipt.payment_amount": "Amount",
        "receipt.next_steps": "What happens next",
        "receipt.status_online": "Follow your application online",
        "receipt.keep": "Keep this receipt.",
        "printer.ready": "The printer is ready.",
        "printer.no_paper": "The printer is out of paper.",
        "printer.jam": "The paper is jammed in the printer.",
        "printer.offline": "The printer is not available.",
        "printer.door_open": "A printer cover is open.",
        "printer.busy": "The printer is busy; the document waits in the queue.",
        "printer.unknown_target": "No printer is configured for this.",
        "job.queued": "Queued",
        "job.sent": "Sent",
        "job.printed": "Printed",
        "job.failed": "Failed",
    },
}


def normalise_language(language: str) -> str:
    """``"pt-PT"`` -> ``"pt"``; anything unknown falls back to Portuguese."""
    code = language.split("-", 1)[0].split("_", 1)[0].lower()
    return code if code in _TEXTS else DEFAULT_LANGUAGE


def text(message_id: str, language: str) -> str:
    """The text of ``message_id``; a missing id is a programming error (KeyError)."""
    return _TEXTS[normalise_language(language)][message_id]


def format_money(amount: Decimal, language: str) -> str:
    """Euros the way each language writes them: ``1 234,50 €`` / ``€1,234.50``."""
    quantised = amount.quantize(Decimal("0.01"))
    grouped = f"{quantised:,.2f}"
    if normalise_language(language) == "pt":
        return grouped.replace(",", " ").replace(".", ",") + " €"
    return "€" + grouped


def format_datetime(moment: datetime) -> str:
    """ISO-like date and time, unambiguous in both languages, with the UTC offset if known."""
    stamp = moment.strftime("%Y-%m-%d %H:%M")
    offset = moment.strftime("%z")
    return f"{stamp} (UTC{offset[:3]}:{offset[3:]})" if offset else stamp
