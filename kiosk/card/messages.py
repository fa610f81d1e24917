"""Plain-language texts for card errors, in Portuguese and English, keyed by message id.

The card layer never shows text itself: it raises errors carrying a message id and the
parameters, and whoever talks to the person (screen, CLI) picks the language.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "card.error": "The card could not be read. Please remove it and insert it again.",
        "card.removed": "The card was removed. Please insert it again.",
        "card.not_supported": "This card is not supported.",
        "card.wrong_pin": "Wrong PIN. {tries_left} tries left.",
        "card.wrong_pin_last": "Wrong PIN. Careful: only one try left before the PIN is blocked.",
        "card.pin_blocked": "This PIN is blocked. It can be unblocked at {where}.",
        "card.pin_last_try": "Careful: this is your last try. A wrong PIN now will block it.",
        "card.security_status": "This needs the PIN first.",
        "card.file_not_found": "The card does not hold this information.",
        "card.communication": "The reader lost contact with the card. Please insert it again.",
        "card.contactless_only": "Please insert the card in the contact slot of the reader.",
        "card.corrupt_field": "The card holds unreadable data ({field}).",
        "card.unexpected_status": "The card refused the request. Please try again.",
        "card.no_card": "There is no card in the reader.",
        "card.no_reader": "No card reader was found.",
        "card.no_service": "The card reader service (pcscd) is not running.",
        "card.bad_pin_format": "The PIN must have {minimum} to {maximum} digits.",
        "where.pt": "a Loja do Cidadão or Espaço Cidadão (citizen shop)",
        "where.be": "your municipality's town hall",
    },
    "pt": {
        "card.error": "Não foi possível ler o cartão. Retire-o e volte a inseri-lo.",
        "card.removed": "O cartão foi retirado. Volte a inseri-lo.",
        "card.not_supported": "Este cartão não é suportado.",
        "card.wrong_pin": "PIN errado. Restam {tries_left} tentativas.",
        "card.wrong_pin_last": (
            "PIN errado. Atenção: resta apenas uma tentativa antes de o PIN ficar bloqueado."
        ),
        "card.pin_blocked": "Este PIN está bloqueado. Pode desbloqueá-lo em {where}.",
        "card.pin_last_try": "Atenção: esta é a última tentativa. Um PIN errado agora bloqueia-o.",
        "card.security_status": "É preciso introduzir o PIN primeiro.",
        "card.file_not_found": "O cartão não tem esta informação.",
        "card.communication": "O leitor perdeu o contacto com o cartão. Volte a inseri-lo.",
        "card.contactless_only": "Insira o cartão na ranhura de contacto do leitor.",
        "card.corrupt_field": "O cartão contém dados ilegíveis ({field}).",
        "card.unexpected_status": "O cartão recusou o pedido. Tente de novo.",
        "card.no_card": "Não há nenhum cartão no leitor.",
        "card.no_reader": "Não foi encontrado nenhum leitor de cartões.",
        "card.no_service": "O serviço dos leitores de cartões (pcscd) não está a funcionar.",
        "card.bad_pin_format": "O PIN deve ter entre {minimum} e {maximum} algarismos.",
        "where.pt": "uma Loja do Cidadão ou Espaço Cidadão",
        "where.be": "na câmara municipal (maison communale / gemeentehuis) da sua residência",
    },
}

LANGUAGES = tuple(MESSAGES)


def message(message_id: str, language: str = "en", **params: object) -> str:
    """Return the text for ``message_id`` in ``language`` (English when unknown)."""
    table = MESSAGES.get(language, MESSAGES["en"])
    template = table.get(message_id) or MESSAGES["en"].get(message_id) or message_id
    resolved = {
        key: message(str(value), language) if str(value).startswith("where.") else value
        for key, value in params.items()
    }
    return template.format(**resolved)
