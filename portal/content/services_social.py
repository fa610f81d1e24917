"""Family, health, social security and retirement services of the demo catalog."""

from __future__ import annotations

from portal.catalog import Fulfilment, ServiceDefinition
from portal.content.builders import CARD_AND_PIN, b, choices, contact_fields, field, page
from portal.forms import FieldType, FormDefinition, Rules

SS = b("Instituto da Segurança Social", "Social Security Institute")
SNS = b("Serviço Nacional de Saúde", "National Health Service")
IRN = b("Instituto dos Registos e do Notariado", "Institute of Registries and Notary")
CARD_HOLDER = b("Titulares de Cartão de Cidadão.", "Citizen card holders.")
DECISION = b("Decisão em até 30 dias úteis", "Decision within 30 working days")
IBAN_FIELD = field(
    "iban",
    FieldType.TEXT,
    b("IBAN para pagamento", "IBAN for payment"),
    b("Começa por PT50, 25 caracteres", "Starts with PT50, 25 characters"),
    rules=Rules(pattern=r"PT50\d{21}", pattern_error="field.iban"),
)


def social(code: str, name: tuple[str, str], summary: tuple[str, str], **extra: object) -> ServiceDefinition:
    """A pending social-security claim with the usual start page."""
    values: dict[str, object] = {
        "code": code,
        "name": b(*name),
        "summary": b(*summary),
        "body": SS,
        "fulfilment": Fulfilment.PENDING,
        "themes": ("social-security",),
        "start_page": page(b(*summary), CARD_HOLDER, (CARD_AND_PIN,), DECISION),
    }
    values.update(extra)
    return ServiceDefinition.model_validate(values)


SOCIAL_SERVICES: tuple[ServiceDefinition, ...] = (
    ServiceDefinition(
        code="BIRTH-REGISTER",
        name=b("Registar o nascimento (Nascer Cidadão)", "Register a birth"),
        summary=b(
            "Registe o bebé e peça logo o número de utente e de Segurança Social.",
            "Register the baby and get the health and social security numbers at once.",
        ),
        body=IRN,
        fulfilment=Fulfilment.PENDING,
        life_events=("having-a-baby",),
        themes=("family", "identity"),
        user_groups=("families",),
        start_page=page(
            b(
                "Regista o nascimento até 20 dias depois do parto.",
                "Registers the birth within 20 days of delivery.",
            ),
            b("Mãe ou pai do bebé.", "The baby's mother or father."),
            (CARD_AND_PIN, b("O nome escolhido e o local do parto", "The chosen name and place of birth")),
            b("Registo em 2 dias úteis", "Registered within 2 working days"),
        ),
        form=FormDefinition(
            fields=(
                field(
                    "baby_given_names",
                    FieldType.TEXT,
                    b("Nomes próprios do bebé", "Baby's given names"),
                    rules=Rules(min_length=2, max_length=80),
                ),
                field(
                    "baby_surnames",
                    FieldType.TEXT,
                    b("Apelidos do bebé", "Baby's surnames"),
                    rules=Rules(min_length=2, max_length=80),
                ),
                field(
                    "birth_date",
                    FieldType.DATE,
                    b("Data de nascimento", "Date of birth"),
                    rules=Rules(past_only=True),
                ),
                field(
                    "place_of_birth",
                    FieldType.TEXT,
                    b("Hospital ou local do parto", "Hospital or place of birth"),
                    rules=Rules(max_length=120),
                ),
                field(
                    "other_parent_nif",
                    FieldType.NIF,
                    b("NIF do outro progenitor", "Other parent's NIF"),
                    required=False,
                ),
            )
        ),
    ),
    social(
        "CHILD-BENEFIT",
        ("Pedir o abono de família", "Claim child benefit"),
        ("Apoio mensal para crianças e jovens.", "Monthly support for children and young people."),
        life_events=("having-a-baby",),
        themes=("social-security", "family"),
        user_groups=("families",),
        form=FormDefinition(
            fields=(
                field(
                    "children",
                    FieldType.NUMBER,
                    b("Quantas crianças tem a cargo?", "How many children do you support?"),
                    rules=Rules(minimum=1, maximum=20),
                ),
                field(
                    "yearly_income",
                    FieldType.MONEY,
                    b("Rendimento anual do agregado", "Yearly household income"),
                    b(
                        "Do ano passado, antes de impostos, somando todas as pessoas da casa",
                        "Last year's, before tax, of everyone in your household together",
                    ),
                ),
                IBAN_FIELD,
            )
        ),
    ),
    social(
        "PARENTAL-LEAVE",
        ("Pedir o subsídio parental", "Claim parental benefit"),
        ("Substitui o salário durante a licença parental.", "Replaces your pay during parental leave."),
        life_events=("having-a-baby", "working"),
        themes=("social-security", "family"),
        form=FormDefinition(
            fields=(
                field("leave_start", FieldType.DATE, b("Início da licença", "Leave start date")),
                field(
                    "leave_days",
                    FieldType.SINGLE_CHOICE,
                    b("Duração da licença", "Length of the leave"),
                    options=choices(
                        ("120", "120 dias", "120 days"),
                        ("150", "150 dias", "150 days"),
                        ("180", "180 dias", "180 days"),
                    ),
                ),
                field("shared", FieldType.YES_NO, b("A licença é partilhada?", "Is the leave shared?")),
                field(
                    "other_parent_nif",
                    FieldType.NIF,
                    b("NIF do outro progenitor", "Other parent's NIF"),
                    when=("shared", (True,)),
                ),
            )
        ),
    ),
    ServiceDefinition(
        code="FAMILY-DOCTOR",
        name=b("Inscrever-se num centro de saúde", "Register with a health centre"),
        summary=b("Inscreva-se e peça médico de família.", "Register and ask for a family doctor."),
        body=SNS,
        fulfilment=Fulfilment.PENDING,
        life_events=("health", "moving-house"),
        themes=("health",),
        start_page=page(
            b("Inscreve-o no centro de saúde da sua área.", "Registers you with your area's health centre."),
            CARD_HOLDER,
            (CARD_AND_PIN,),
            b("Resposta em 10 dias úteis", "Answer within 10 working days"),
        ),
        form=FormDefinition(
            fields=(
                field(
                    "health_centre",
                    FieldType.SINGLE_CHOICE,
                    b("Centro de saúde", "Health centre"),
                    options=choices(
                        ("sete-rios", "USF Sete Rios", "Sete Rios Health Unit"),
                        ("arroios", "USF Arroios", "Arroios Health Unit"),
                        ("lumiar", "USF Lumiar", "Lumiar Health Unit"),
                    ),
                ),
                *contact_fields(),
            )
        ),
    ),
    ServiceDefinition(
        code="HEALTH-NUMBER",
        name=b("Declaração do número de utente", "Health number statement"),
        summary=b(
            "Imprima a declaração com o seu número de utente do SNS.",
            "Print a statement of your NHS health number.",
        ),
        body=SNS,
        document_type="health-number-statement",
        life_events=("health",),
        themes=("health", "certificates"),
        start_page=page(
            b("Emite a declaração do número de utente.", "Issues the health number statement."),
            CARD_HOLDER,
            (CARD_AND_PIN,),
        ),
    ),
    ServiceDefinition(
        code="EHIC",
        name=b("Pedir o Cartão Europeu de Seguro de Doença", "Apply for a European Health Insurance Card"),
        summary=b(
            "Cuidados de saúde quando viaja na UE; o cartão chega por correio.",
            "Health care when you travel in the EU; the card comes by post.",
        ),
        body=SS,
        fulfilment=Fulfilment.PENDING,
        life_events=("health", "emigrating"),
        themes=("health", "social-security"),
        start_page=page(
            b("Pede o cartão europeu, enviado por correio.", "Requests the European card, sent by post."),
            b("Beneficiários da Segurança Social.", "People covered by social security."),
            (CARD_AND_PIN,),
            b("Chega por correio em 10 dias úteis", "Arrives by post within 10 working days"),
        ),
        form=FormDefinition(
            fields=(
                field(
                    "send_to_card_address",
                    FieldType.YES_NO,
                    b("Enviamos para a morada do seu cartão?", "Shall we send it to the address on your card?"),
                ),
                field(
                    "delivery_address",
                    FieldType.ADDRESS,
                    b("Morada de envio", "Delivery address"),
                    when=("send_to_card_address", (False,)),
                ),
                field(
                    "travel_date",
                    FieldType.DATE,
                    b("Quando viaja?", "When are you travelling?"),
                    required=False,
                ),
            )
        ),
    ),
    ServiceDefinition(
        code="SS-STATUS",
        name=b("Declaração de situação contributiva", "Social security contribution statement"),
        summary=b("Prova que tem as contribuições em dia.", "Shows your contributions are up to date."),
        body=SS,
        document_type="contribution-statement",
        life_events=("working", "starting-a-business"),
        themes=("social-security", "certificates"),
        start_page=page(
            b("Emite a declaração, válida 4 meses.", "Issues the statement, valid 4 months."),
            CARD_HOLDER,
            (CARD_AND_PIN,),
        ),
        form=FormDefinition(
            fields=(
                field(
                    "purpose",
                    FieldType.SINGLE_CHOICE,
                    b("Para que precisa?", "What is it for?"),
                    options=choices(
                        ("tender", "Concurso público", "Public tender"),
                        ("bank", "Banco", "Bank"),
                        ("other", "Outro", "Other"),
                    ),
                ),
            )
        ),
    ),
    social(
        "UNEMPLOYMENT",
        ("Pedir o subsídio de desemprego", "Claim unemployment benefit"),
        ("Apoio a quem perdeu o emprego involuntariamente.", "Support for people who lost their job."),
        life_events=("working",),
        form=FormDefinition(
            fields=(
                field(
                    "last_day",
                    FieldType.DATE,
                    b("Último dia de trabalho", "Last working day"),
                    rules=Rules(past_only=True),
                ),
                field("employer_nif", FieldType.NIF, b("NIF do último empregador", "Last employer's NIF")),
                field(
                    "reason",
                    FieldType.SINGLE_CHOICE,
                    b("Motivo", "Reason"),
                    options=choices(
                        ("end-of-contract", "Fim do contrato", "End of contract"),
                        ("dismissal", "Despedimento", "Dismissal"),
                        ("agreement", "Acordo", "Mutual agreement"),
                    ),
                ),
                IBAN_FIELD,
            )
        ),
    ),
    social(
        "PENSION",
        ("Pedir a pensão de velhice", "Claim your old-age pension"),
        ("Peça a reforma a partir da idade legal.", "Claim your pension from the legal age."),
        life_events=("retiring",),
        themes=("social-security",),
        user_groups=("seniors",),
        form=FormDefinition(
            fields=(
                field("start_date", FieldType.DATE, b("A partir de quando?", "From when?")),
                field(
                    "keep_working", FieldType.YES_NO, b("Vai continuar a trabalhar?", "Will you keep working?")
                ),
                IBAN_FIELD,
            )
        ),
    ),
    ServiceDefinition(
        code="PENSION-ESTIMATE",
        name=b("Simular a pensão", "Estimate your pension"),
        summary=b("Veja uma estimativa da sua pensão.", "See an estimate of your pension."),
        body=SS,
        document_type="pension-estimate",
        life_events=("retiring",),
        themes=("social-security",),
        user_groups=("seniors", "citizens"),
        start_page=page(
            b(
                "Imprime uma simulação com a carreira contributiva.",
                "Prints an estimate from your contribution record.",
            ),
            CARD_HOLDER,
            (CARD_AND_PIN,),
        ),
        form=FormDefinition(
            fields=(
                field(
                    "retire_at_age",
                    FieldType.NUMBER,
                    b("Com que idade se quer reformar?", "At what age will you retire?"),
                    rules=Rules(minimum=60, maximum=75),
                ),
            )
        ),
    ),
    social(
        "SENIOR-SUPPLEMENT",
        ("Complemento Solidário para Idosos", "Solidarity supplement for older people"),
        (
            "Apoio mensal a pensionistas com baixos rendimentos.",
            "Monthly support for pensioners on low income.",
        ),
        life_events=("retiring",),
        user_groups=("seniors",),
        form=FormDefinition(
            fields=(
                field("yearly_income", FieldType.MONEY, b("Rendimento anual", "Yearly income")),
                field("lives_alone", FieldType.YES_NO, b("Vive sozinho?", "Do you live alone?")),
                field(
                    "spouse_nif",
                    FieldType.NIF,
                    b("NIF do cônjuge", "Spouse's NIF"),
                    when=("lives_alone", (False,)),
                ),
            )
        ),
    ),
    ServiceDefinition(
        code="PROOF-OF-LIFE",
        name=b("Prova de vida de pensionista", "Pensioner's proof of life"),
        summary=b(
            "Confirme que está vivo para continuar a receber a pensão.",
            "Confirm you are alive to keep receiving your pension.",
        ),
        body=b("Caixa Geral de Aposentações", "Public Servants' Pension Fund"),
        document_type="proof-of-life",
        life_events=("retiring",),
        themes=("social-security",),
        user_groups=("seniors",),
        start_page=page(
            b(
                "Regista a prova de vida anual e imprime o comprovativo.",
                "Records the yearly proof of life and prints a receipt.",
            ),
            CARD_HOLDER,
            (CARD_AND_PIN,),
        ),
    ),
)
