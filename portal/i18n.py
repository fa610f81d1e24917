"""Language negotiation and the portal's own messages (errors, statuses), in Portuguese and English."""

from __future__ import annotations

from typing import Literal

Language = Literal["pt", "en"]
LANGUAGES: tuple[Language, ...] = ("pt", "en")
DEFAULT_LANGUAGE: Language = "pt"


def negotiate_language(accept_language: str | None) -> Language:
    """Pick pt or en from an Accept-Language header, honouring q-values; Portuguese when nothing matches."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    best: tuple[float, int, Language] | None = None
    for position, part in enumerate(accept_language.split(",")):
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower()
        quality = 1.0
        for parameter in pieces[1:]:
            name, _, value = parameter.strip().partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.split("-")[0]
        if primary not in LANGUAGES or quality <= 0:
            continue
        language: Language = "pt" if primary == "pt" else "en"
        candidate = (quality, -position, language)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return best[2] if best else DEFAULT_LANGUAGE


MESSAGES: dict[Language, dict[str, str]] = {
    "en": {
        "problem.not_found": "Not found",
        "problem.not_found.detail": "There is nothing at this address.",
        "problem.service_not_found": "There is no service with the code {code}.",
        "problem.unauthorized": "Authentication required",
        "problem.device_required": "This terminal has no valid device credential.",
        "problem.session_required": "This service needs you to sign in with your citizen card and PIN.",
        "problem.session_invalid": "Your session has expired or is not valid on this terminal.",
        "problem.forbidden": "Not allowed",
        "problem.forbidden.detail": "You are not allowed to do this.",
        "problem.validation": "There is a problem with your answers",
        "problem.validation.detail": "Check the answers marked and try again.",
        "problem.bad_request": "Bad request",
        "problem.malformed_json": "The request body is not valid JSON.",
        "problem.unsupported_media": "Unsupported content type",
        "problem.unsupported_media.detail": "Send the request body as application/json.",
        "problem.too_large": "Request too large",
        "problem.too_large.detail": "The request body is larger than {limit} bytes.",
        "problem.idempotency_missing": "Send an Idempotency-Key header with every submission.",
        "problem.idempotency_invalid": "The Idempotency-Key must be 8 to 128 visible characters.",
        "problem.idempotency_conflict": "Idempotency key reused",
        "problem.idempotency_conflict.detail": (
            "This Idempotency-Key was already used for a different request."
        ),
        "problem.method_not_allowed": "Method not allowed",
        "problem.rate_limited": "Too many attempts",
        "problem.rate_limited.detail": "Too many attempts. Wait a minute and try again.",
        "problem.internal": "There is a problem with the service",
        "problem.internal.detail": "Try again later.",
        "problem.unavailable": "The service is busy for a moment",
        "problem.unavailable.detail": "Nothing was saved. Try again in a few seconds.",
        "problem.bad_base64": "A value that should be base64 is not.",
        "problem.text_invalid.detail": (
            "A value in the address or the query holds a character that is not text."
        ),
        "problem.challenge_invalid": "The sign-in challenge has expired or was already used. Try again.",
        "problem.bad_credentials": "The username or password is not right.",
        "problem.card.certificate_expired": "Your card's certificate has expired.",
        "problem.card.certificate_revoked": "Your card's certificate has been revoked.",
        "problem.card.untrusted_issuer": "This card was not issued by a trusted authority.",
        "problem.card.bad_signature": "The card's signature could not be verified.",
        "problem.card.unsupported_algorithm": "This card's signature type is not supported.",
        "problem.card.no_certificate": "The card sent no certificate.",
        "problem.card.chain_too_long": "The card's certificate chain is too long.",
        "problem.card.bad_certificate": "The card's certificate could not be read.",
        "problem.card.no_serial_number": "The card's certificate does not identify a person.",
        "problem.card.revocation_unknown": "Whether this card was revoked cannot be checked now. Try later.",
        "problem.card.wrong_key_usage": "This card's certificate is not for signing in.",
        "problem.card.invalid_chain": "The card's certificates do not form a valid chain.",
        "problem.conflict": "Conflict",
        "problem.status_locked": "This application is waiting for the citizen or is already complete.",
        "problem.not_awaiting_confirmation": "This application is not waiting for a confirmation code.",
        "field.required": "Answer this question.",
        "field.unknown": "This question does not belong to the service.",
        "field.not_allowed": "This field is not part of the request.",
        "field.not_applicable": "This question does not apply given your earlier answers.",
        "field.type": "Enter a valid value.",
        "field.text_invalid": "Remove the invisible control characters from this text.",
        "field.too_short": "Enter at least {min} characters.",
        "field.too_long": "Enter {max} characters or fewer.",
        "field.pattern": "Enter the value in the format shown.",
        "field.number": "Enter a number.",
        "field.too_small": "Enter a number of at least {min}.",
        "field.too_large": "Enter a number of at most {max}.",
        "field.money": "Enter an amount in euros, like 12.50.",
        "field.date": "Enter a real date, like 2024-03-27.",
        "field.date_future": "The date must be today or in the past.",
        "field.choice": "Select one of the options.",
        "field.choices": "Select options from the list.",
        "field.yes_no": "Select yes or no.",
        "field.nif": "Enter a valid 9-digit tax number (NIF).",
        "field.postal_code": "Enter a postal code like 1000-001.",
        "field.email": "Enter an email address like name@example.pt.",
        "field.phone": "Enter a phone number like 912 345 678.",
        "field.address": "Enter the street, postal code and locality.",
        "field.activity_code": "Enter a 5-digit activity code (CAE).",
        "field.nipc": "Enter a valid 9-digit company number (NIPC).",
        "field.iban": "Enter a valid IBAN: PT50 and 21 digits, as on your bank statement (check for a typo).",
        "field.nipc_unknown": "There is no company with this NIPC.",
        "field.confirmation_code": "This is not the code in the letter. Check it ({tries_left} tries left).",
        "problem.confirmation_blocked": "Too many wrong codes",
        "problem.confirmation_blocked.detail": (
            "The code in the letter was typed wrongly too many times. Ask at a counter for a new letter."
        ),
        "field.firm_name_taken": "This name has been taken by another company. Choose another name.",
        "field.locality": "Enter the locality's name, like Porto (no numbers).",
        "field.partners": "Give each partner's NIF and share; the shares must add up to 100 %.",
        "field.partners_total": "The partners' shares add up to {total} %, not 100 %.",
        "field.partners_nif": "Partner {row}: enter a valid 9-digit tax number (NIF).",
        "field.partners_repeated": "Partner {row}: this NIF is already in the list.",
        "field.partners_share": "Partner {row}: enter the share as a percentage, like 50 or 33.33.",
        "field.partners_applicant": "You must be one of the partners, or their representative.",
        "field.partners_count": "This type of company has from {min} to {max} partners.",
        "field.capital_per_partner": "The share capital must be at least {min} € (1 € per partner).",
        "field.unknown_service": "There is no service with this code.",
    },
    "pt": {
        "problem.not_found": "Não encontrado",
        "problem.not_found.detail": "Não existe nada neste endereço.",
        "problem.service_not_found": "Não existe nenhum serviço com o código {code}.",
        "problem.unauthorized": "Autenticação necessária",
        "problem.device_required": "Este terminal não tem uma credencial de dispositivo válida.",
        "problem.session_required": ("Este serviço exige autenticação com o Cartão de Cidadão e o PIN."),
        "problem.session_invalid": "A sua sessão expirou ou não é válida neste terminal.",
        "problem.forbidden": "Não permitido",
        "problem.forbidden.detail": "Não tem permissão para fazer isto.",
        "problem.validation": "Há um problema com as suas respostas",
        "problem.validation.detail": "Verifique as respostas assinaladas e tente de novo.",
        "problem.bad_request": "Pedido inválido",
        "problem.malformed_json": "O corpo do pedido não é JSON válido.",
        "problem.unsupported_media": "Tipo de conteúdo não suportado",
        "problem.unsupported_media.detail": "Envie o corpo do pedido como application/json.",
        "problem.too_large": "Pedido demasiado grande",
        "problem.too_large.detail": "O corpo do pedido tem mais de {limit} bytes.",
        "problem.idempotency_missing": "Envie um cabeçalho Idempotency-Key em cada submissão.",
        "problem.idempotency_invalid": ("A Idempotency-Key deve ter entre 8 e 128 caracteres visíveis."),
        "problem.idempotency_conflict": "Chave de idempotência reutilizada",
        "problem.idempotency_conflict.detail": ("Esta Idempotency-Key já foi usada num pedido diferente."),
        "problem.method_not_allowed": "Método não permitido",
        "problem.rate_limited": "Demasiadas tentativas",
        "problem.rate_limited.detail": "Demasiadas tentativas. Aguarde um minuto e tente de novo.",
        "problem.internal": "Há um problema com o serviço",
        "problem.internal.detail": "Tente mais tarde.",
        "problem.unavailable": "O serviço está ocupado por momentos",
        "problem.unavailable.detail": "Nada foi guardado. Tente de novo daqui a alguns segundos.",
        "problem.bad_base64": "Um valor que devia estar em base64 não está.",
        "problem.text_invalid.detail": "Um valor no endereço ou na pesquisa tem um carácter que não é texto.",
        "problem.challenge_invalid": "O desafio de autenticação expirou ou já foi usado. Tente de novo.",
        "problem.bad_credentials": "O utilizador ou a palavra-passe não estão certos.",
        "problem.card.certificate_expired": "O certificado do seu cartão expirou.",
        "problem.card.certificate_revoked": "O certificado do seu cartão foi revogado.",
        "problem.card.untrusted_issuer": "Este cartão não foi emitido por uma entidade de confiança.",
        "problem.card.bad_signature": "Não foi possível verificar a assinatura do cartão.",
        "problem.card.unsupported_algorithm": "O tipo de assinatura deste cartão não é suportado.",
        "problem.card.no_certificate": "O cartão não enviou nenhum certificado.",
        "problem.card.chain_too_long": "A cadeia de certificados do cartão é demasiado longa.",
        "problem.card.bad_certificate": "Não foi possível ler o certificado do cartão.",
        "problem.card.no_serial_number": "O certificado do cartão não identifica uma pessoa.",
        "problem.conflict": "Conflito",
        "problem.card.revocation_unknown": "Não é possível verificar agora se este cartão foi revogado. "
        "Tente mais tarde.",
        "problem.card.wrong_key_usage": "O certificado deste cartão não serve para autenticação.",
        "problem.card.invalid_chain": "Os certificados do cartão não formam uma cadeia válida.",
        "problem.status_locked": "Este pedido está à espera do cidadão ou já está concluído.",
        "problem.not_awaiting_confirmation": "Este pedido não está à espera de um código de confirmação.",
        "field.required": "Responda a esta pergunta.",
        "field.unknown": "Esta pergunta não pertence ao serviço.",
        "field.not_allowed": "Este campo não faz parte do pedido.",
        "field.not_applicable": "Esta pergunta não se aplica face às respostas anteriores.",
        "field.type": "Introduza um valor válido.",
        "field.text_invalid": "Retire os caracteres de controlo invisíveis deste texto.",
        "field.too_short": "Introduza pelo menos {min} caracteres.",
        "field.too_long": "Introduza no máximo {max} caracteres.",
        "field.pattern": "Introduza o valor no formato indicado.",
        "field.number": "Introduza um número.",
        "field.too_small": "Introduza um número igual ou superior a {min}.",
        "field.too_large": "Introduza um número igual ou inferior a {max}.",
        "field.money": "Introduza um montante em euros, como 12.50.",
        "field.date": "Introduza uma data real, como 2024-03-27.",
        "field.date_future": "A data tem de ser hoje ou no passado.",
        "field.choice": "Selecione uma das opções.",
        "field.choices": "Selecione opções da lista.",
        "field.yes_no": "Selecione sim ou não.",
        "field.nif": "Introduza um NIF válido com 9 dígitos.",
        "field.postal_code": "Introduza um código postal como 1000-001.",
        "field.email": "Introduza um endereço de email como nome@exemplo.pt.",
        "field.phone": "Introduza um número de telefone como 912 345 678.",
        "field.address": "Introduza a rua, o código postal e a localidade.",
        "field.activity_code": "Introduza um código de atividade (CAE) com 5 dígitos.",
        "field.nipc": "Introduza um NIPC válido com 9 dígitos.",
        "field.iban": (
            "Introduza um IBAN válido: PT50 e 21 algarismos, como no extrato do banco (veja se há gralhas)."
        ),
        "field.nipc_unknown": "Não existe nenhuma empresa com este NIPC.",
        "field.confirmation_code": "Não é o código da carta. Verifique e tente de novo (restam {tries_left}).",
        "problem.confirmation_blocked": "Demasiados códigos errados",
        "problem.confirmation_blocked.detail": (
            "O código da carta foi escrito mal demasiadas vezes. Peça uma nova carta num balcão."
        ),
        "field.firm_name_taken": "Esta firma já foi escolhida por outra empresa. Escolha outra.",
        "field.locality": "Indique o nome da localidade, como Porto (sem números).",
        "field.partners": "Indique o NIF e a quota de cada sócio; as quotas têm de somar 100 %.",
        "field.partners_total": "As quotas dos sócios somam {total} %, não 100 %.",
        "field.partners_nif": "Sócio {row}: introduza um NIF válido com 9 dígitos.",
        "field.partners_repeated": "Sócio {row}: este NIF já está na lista.",
        "field.partners_share": "Sócio {row}: indique a quota em percentagem, como 50 ou 33,33.",
        "field.partners_applicant": "Tem de ser um dos sócios, ou o seu representante.",
        "field.partners_count": "Este tipo de sociedade tem de {min} a {max} sócios.",
        "field.capital_per_partner": "O capital social tem de ser pelo menos {min} € (1 € por sócio).",
        "field.unknown_service": "Não existe nenhum serviço com este código.",
    },
}


def message(language: Language, message_id: str, **values: object) -> str:
    """The text of one message in the language; the id itself if a message is missing (never raises)."""
    template = MESSAGES[language].get(message_id) or MESSAGES["en"].get(message_id, message_id)
    return template.format(**values) if values else template
