"""Printed and status texts in Portuguese and English, keyed by message id."""

from __future__ import annotations

from datetime import datetime

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
        "cash.title": "Recibo de pagamento em numerário",
        "cash.clerk": "Atendido por",
        "cash.payment": "Pagamento",
        "cash.due": "Valor a pagar",
        "cash.tendered": "Valor entregue",
        "cash.change": "Troco",
        "printer.ready": "Impressora pronta.",
        "printer.no_paper": "A impressora está sem papel.",
        "printer.jam": "O papel encravou na impressora.",
        "printer.offline": "A impressora não está disponível.",
        "printer.door_open": "A impressora tem uma tampa aberta.",
        "certificate.document_id": "Documento n.º",
        "certificate.issued_at": "Emitido em",
        "certificate.expires_at": "Válido até",
        "certificate.place": "Local de emissão",
        "certificate.holder": "Titular",
        "certificate.verify_title": "Verificação",
        "certificate.verify_offline": (
            "Digitalize o selo com qualquer leitor de QR: a assinatura digital confirma, "
            "sem ligação à Internet, os dados abaixo."
        ),
        "certificate.access_code": "Código de acesso",
        "certificate.access_code_first_copy": (
            "Código de acesso: impresso só na primeira via. Esta via verifica-se pelo selo."
        ),
        "certificate.verify_online": "Estado atual em",
        "certificate.sealed_fields": "Dados selados",
        "certificate.page": "Página {page} de {pages}",
        "certificate.microtext": "DOCUMENTO AUTÊNTICO",
        "ticket.title": "Senha de atendimento",
        "ticket.category": "Assunto",
        "ticket.ahead": "Pessoas à sua frente",
        "ticket.wait": "Tempo de espera estimado",
        "ticket.wait_minutes": "cerca de {minutes} min",
        "ticket.wait_unknown": "a calcular",
        "ticket.wait_next": "é a próxima senha",
        "ticket.follow": "Acompanhe a fila no telemóvel",
        "ticket.listen": "Aguarde a chamada do seu número no ecrã.",
        "report.title": "Relatório diário do balcão",
        "report.office": "Posto",
        "report.desk": "Balcão",
        "report.clerk": "Funcionário",
        "report.day": "Dia",
        "report.generated": "Gerado em",
        "report.time": "Hora",
        "report.ticket": "Senha",
        "report.service": "Serviço",
        "report.reference": "Referência",
        "report.amount": "Montante",
        "report.payment": "Pagamento",
        "report.summary": "Resumo",
        "report.served": "Atendimentos",
        "report.total_cash": "Total em numerário",
        "report.total_reference": "Total por referência",
        "report.total": "Total cobrado",
        "report.by_service": "Por serviço",
        "report.none": "Sem atendimentos registados.",
        "payment.cash": "Numerário",
        "payment.reference": "Referência MB",
        "payment.card": "Cartão",
        "payment.none": "—",
        "test.title": "Página de teste da impressora",
        "test.printer": "Impressora",
        "test.target": "Destino",
        "test.status": "Estado",
        "test.time": "Hora",
        "test.scan": "Se consegue ler este código, a impressão está nítida.",
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
        "cash.title": "Cash payment receipt",
        "cash.clerk": "Served by",
        "cash.payment": "Payment",
        "cash.due": "Amount due",
        "cash.tendered": "Cash handed over",
        "cash.change": "Change",
        "printer.ready": "The printer is ready.",
        "printer.no_paper": "The printer is out of paper.",
        "printer.jam": "The paper is jammed in the printer.",
        "printer.offline": "The printer is not available.",
        "printer.door_open": "A printer cover is open.",
        "certificate.document_id": "Document no.",
        "certificate.issued_at": "Issued on",
        "certificate.expires_at": "Valid until",
        "certificate.place": "Place of issue",
        "certificate.holder": "Holder",
        "certificate.verify_title": "Verification",
        "certificate.verify_offline": (
            "Scan the seal with any QR reader: its digital signature confirms the data "
            "below without an Internet connection."
        ),
        "certificate.access_code": "Access code",
        "certificate.access_code_first_copy": (
            "Access code: printed on the first copy only. The seal verifies this copy."
        ),
        "certificate.verify_online": "Current status at",
        "certificate.sealed_fields": "Sealed data",
        "certificate.page": "Page {page} of {pages}",
        "certificate.microtext": "AUTHENTIC DOCUMENT",
        "ticket.title": "Queue ticket",
        "ticket.category": "Service",
        "ticket.ahead": "People ahead of you",
        "ticket.wait": "Estimated wait",
        "ticket.wait_minutes": "about {minutes} min",
        "ticket.wait_unknown": "being estimated",
        "ticket.wait_next": "you are next",
        "ticket.follow": "Follow the queue on your phone",
        "ticket.listen": "Watch the screen for your number.",
        "report.title": "Counter day report",
        "report.office": "Office",
        "report.desk": "Desk",
        "report.clerk": "Clerk",
        "report.day": "Day",
        "report.generated": "Generated at",
        "report.time": "Time",
        "report.ticket": "Ticket",
        "report.service": "Service",
        "report.reference": "Reference",
        "report.amount": "Amount",
        "report.payment": "Payment",
        "report.summary": "Summary",
        "report.served": "Citizens served",
        "report.total_cash": "Total in cash",
        "report.total_reference": "Total by reference",
        "report.total": "Total charged",
        "report.by_service": "By service",
        "report.none": "No services recorded.",
        "payment.cash": "Cash",
        "payment.reference": "MB reference",
        "payment.card": "Card",
        "payment.none": "—",
        "test.title": "Printer test page",
        "test.printer": "Printer",
        "test.target": "Target",
        "test.status": "Status",
        "test.time": "Time",
        "test.scan": "If you can scan this code, the print is sharp.",
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


def format_datetime(moment: datetime) -> str:
    """ISO-like date and time, unambiguous in both languages, with the UTC offset if known."""
    stamp = moment.strftime("%Y-%m-%d %H:%M")
    offset = moment.strftime("%z")
    return f"{stamp} (UTC{offset[:3]}:{offset[3:]})" if offset else stamp
