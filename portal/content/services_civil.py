"""Civil registry, identity, driving and municipal services of the demo catalog."""

from __future__ import annotations

from portal.catalog import Assurance, Fulfilment, ServiceDefinition
from portal.content.builders import (
    CARD_AND_PIN,
    b,
    choices,
    contact_fields,
    field,
    page,
    purpose_fields,
)
from portal.forms import FieldType, FormDefinition, Rules

IRN = b("Instituto dos Registos e do Notariado", "Institute of Registries and Notary")
JUSTICE = b("Direção-Geral da Administração da Justiça", "Directorate-General for Justice")
IMT = b("Instituto da Mobilidade e dos Transportes", "Institute for Mobility and Transport")
PARISH = b("Junta de Freguesia", "Parish council")
AMA = b("Agência para a Modernização Administrativa", "Agency for Administrative Modernisation")
SOME_DAYS = b("Até 10 dias úteis", "Up to 10 working days")
ANYONE = b("Qualquer pessoa, sem autenticação.", "Anyone, without signing in.")
CARD_HOLDER = b(
    "Titulares de Cartão de Cidadão com o PIN de autenticação.",
    "Citizen card holders with their authentication PIN.",
)

CIVIL_SERVICES: tuple[ServiceDefinition, ...] = (
    ServiceDefinition(
        code="BIRTH-CERT",
        name=b("Certidão de nascimento", "Birth certificate"),
        summary=b(
            "Obtenha a certidão de nascimento, sua ou de um filho menor.",
            "Get a birth certificate, yours or your under-age child's.",
        ),
        body=IRN,
        fee_cents=1000,
        document_type="birth-certificate",
        life_events=("having-a-baby", "getting-married"),
        themes=("certificates", "family"),
        keywords=b("registo civil, nascimento", "civil registry, birth"),
        start_page=page(
            b(
                "Emite uma certidão do registo de nascimento, válida por 6 meses.",
                "Issues a certificate of the birth record, valid for 6 months.",
            ),
            CARD_HOLDER,
            (
                CARD_AND_PIN,
                b("O nome completo do filho, se pedir a dele", "Your child's full name, if it is for them"),
            ),
        ),
        form=FormDefinition(
            fields=(
                field(
                    "whose",
                    FieldType.SINGLE_CHOICE,
                    b("De quem é a certidão?", "Whose certificate is it?"),
                    options=choices(
                        ("self", "Minha", "Mine"), ("child", "De um filho menor", "My under-age child's")
                    ),
                ),
                field(
                    "child_name",
                    FieldType.TEXT,
                    b("Nome completo do filho", "Child's full name"),
                    rules=Rules(min_length=3, max_length=120),
                    when=("whose", ("child",)),
                ),
                field(
                    "child_birth_date",
                    FieldType.DATE,
                    b("Data de nascimento do filho", "Child's date of birth"),
                    rules=Rules(past_only=True),
                    when=("whose", ("child",)),
                ),
                *purpose_fields(("school", "Escola", "School"), ("passport", "Passaporte", "Passport")),
            )
        ),
    ),
    ServiceDefinition(
        code="MARRIAGE-CERT",
        name=b("Certidão de casamento", "Marriage certificate"),
        summary=b(
            "Obtenha a certidão do seu registo de casamento.", "Get a certificate of your marriage record."
        ),
        body=IRN,
        fee_cents=1000,
        document_type="marriage-certificate",
        life_events=("getting-married",),
        themes=("certificates", "family"),
        start_page=page(
            b("Emite a certidão do registo de casamento.", "Issues a certificate of the marriage record."),
            CARD_HOLDER,
            (CARD_AND_PIN, b("A data do casamento", "The date of the marriage")),
        ),
        form=FormDefinition(
            fields=(
                field(
                    "marriage_date",
                    FieldType.DATE,
                    b("Data do casamento", "Date of the marriage"),
                    rules=Rules(past_only=True),
                ),
                *purpose_fields(("bank", "Banco", "Bank"), ("inheritance", "Herança", "Inheritance")),
            )
        ),
    ),
    ServiceDefinition(
        code="CRIMINAL-RECORD",
        name=b("Certificado de registo criminal", "Criminal record certificate"),
        summary=b(
            "Obtenha o seu certificado de registo criminal para o fim que indicar.",
            "Get your criminal record certificate for the purpose you state.",
        ),
        body=JUSTICE,
        fee_cents=500,
        document_type="criminal-record",
        life_events=("working", "emigrating"),
        themes=("certificates",),
        keywords=b("cadastro, emprego", "police check, job"),
        start_page=page(
            b(
                "Emite o certificado de registo criminal, válido 3 meses, para o fim indicado.",
                "Issues the criminal record certificate, valid 3 months, for the stated purpose.",
            ),
            b("Maiores de 16 anos com Cartão de Cidadão.", "People aged 16 or over with a citizen card."),
            (CARD_AND_PIN, b("O fim a que se destina", "What it is for")),
        ),
        form=FormDefinition(
            fields=(
                *purpose_fields(
                    ("employment", "Emprego", "Employment"),
                    ("public-service", "Função pública", "Public service job"),
                    ("work-with-children", "Trabalho com menores", "Work with children"),
                    ("visa", "Visto ou residência no estrangeiro", "Visa or residence abroad"),
                ),
                field(
                    "destination_country",
                    FieldType.TEXT,
                    b("País de destino", "Destination country"),
                    rules=Rules(min_length=2, max_length=60),
                    when=("purpose", ("visa",)),
                ),
                field(
                    "employer_nif",
                    FieldType.NIF,
                    b("NIF da entidade empregadora", "Employer's tax number (NIF)"),
                    required=False,
                    when=("purpose", ("employment", "work-with-children")),
                ),
            )
        ),
    ),
    ServiceDefinition(
        code="RESIDENCE-CERT",
        name=b("Atestado de residência", "Residence certificate"),
        summary=b("A Junta de Freguesia atesta a sua morada.", "The parish council certifies your address."),
        body=PARISH,
        document_type="residence-certificate",
        life_events=("moving-house",),
        themes=("certificates", "municipality"),
        start_page=page(
            b(
                "Emite um atestado de residência com a morada do seu cartão.",
                "Issues a residence certificate with the address on your card.",
            ),
            b("Residentes recenseados na freguesia.", "Residents registered in the parish."),
            (CARD_AND_PIN,),
        ),
        form=FormDefinition(
            fields=(
                field(
                    "years_at_address",
                    FieldType.NUMBER,
                    b("Há quantos anos vive nesta morada?", "How many years have you lived at this address?"),
                    rules=Rules(minimum=0, maximum=120),
                ),
                *purpose_fields(("school", "Escola", "School"), ("bank", "Banco", "Bank")),
            )
        ),
    ),
    ServiceDefinition(
        code="ADDRESS-CHANGE",
        name=b("Alterar a morada do Cartão de Cidadão", "Change the address on your citizen card"),
        summary=b(
            "Muda a morada em todos os serviços públicos de uma vez.",
            "Changes your address in every public service at once.",
        ),
        body=AMA,
        fulfilment=Fulfilment.CONFIRMATION,
        life_events=("moving-house",),
        themes=("identity",),
        keywords=b("morada, mudança", "address, move"),
        start_page=page(
            b(
                "Regista a nova morada. Recebe uma carta com um código de confirmação que introduz "
                "num quiosque, num balcão ou online.",
                "Records the new address. You get a letter with a confirmation code to enter at a "
                "kiosk, a counter or online.",
            ),
            CARD_HOLDER,
            (
                CARD_AND_PIN,
                b("O PIN de morada do cartão", "Your card's address PIN"),
                b("A nova morada completa", "The full new address"),
            ),
            b("A carta chega em 5 dias úteis", "The letter arrives within 5 working days"),
        ),
        form=FormDefinition(
            fields=(
                field("new_address", FieldType.ADDRESS, b("Qual é a nova morada?", "What is the new address?")),
                field(
                    "moved_on",
                    FieldType.DATE,
                    b("Desde quando vive lá?", "When did you move in?"),
                    rules=Rules(past_only=True),
                ),
                field(
                    "notify",
                    FieldType.MULTIPLE_CHOICE,
                    b("Que outras entidades devemos avisar?", "Which other bodies should we tell?"),
                    required=False,
                    options=choices(
                        ("tax", "Finanças", "Tax office"),
                        ("social-security", "Segurança Social", "Social security"),
                        ("health", "Serviço Nacional de Saúde", "National Health Service"),
                        ("electoral", "Recenseamento eleitoral", "Electoral roll"),
                    ),
                ),
            )
        ),
    ),
    ServiceDefinition(
        code="CC-RENEW",
        name=b("Renovar o Cartão de Cidadão", "Renew your citizen card"),
        summary=b(
            "Peça um novo cartão antes de o atual caducar.",
            "Ask for a new card before the current one expires.",
        ),
        body=IRN,
        fee_cents=1800,
        fulfilment=Fulfilment.PENDING,
        life_events=("losing-a-document",),
        themes=("identity",),
        start_page=page(
            b(
                "Pede a renovação do cartão; levanta-o no balcão escolhido.",
                "Asks for a renewed card; you collect it at the counter you choose.",
            ),
            b(
                "Titulares com o cartão a caducar nos próximos 6 meses.",
                "Holders whose card expires within 6 months.",
            ),
            (CARD_AND_PIN,),
            SOME_DAYS,
        ),
        form=FormDefinition(
            fields=(
                field(
                    "collection_point",
                    FieldType.SINGLE_CHOICE,
                    b("Onde quer levantar o cartão?", "Where will you collect the card?"),
                    options=choices(
                        ("lisboa-saldanha", "Loja do Cidadão Saldanha", "Saldanha Citizen Shop"),
                        ("porto", "Loja do Cidadão Porto", "Porto Citizen Shop"),
                        ("coimbra", "Loja do Cidadão Coimbra", "Coimbra Citizen Shop"),
                    ),
                ),
                *contact_fields(),
            )
        ),
    ),
    ServiceDefinition(
        code="CC-LOST",
        name=b("Cancelar um cartão perdido ou roubado", "Cancel a lost or stolen card"),
        summary=b(
            "Cancela de imediato o cartão para que ninguém o use.",
            "Cancels the card at once so nobody can use it.",
        ),
        body=IRN,
        assurance=Assurance.NONE,
        fulfilment=Fulfilment.PENDING,
        life_events=("losing-a-document",),
        themes=("identity",),
        start_page=page(
            b(
                "Cancela o cartão perdido; depois peça um novo num balcão.",
                "Cancels the lost card; then ask for a new one at a counter.",
            ),
            ANYONE,
            (
                b(
                    "O número de identificação civil e a data de nascimento",
                    "Your civil identification number and date of birth",
                ),
            ),
            b("Cancelamento imediato", "Cancelled at once"),
        ),
        form=FormDefinition(
            fields=(
                field(
                    "civil_id",
                    FieldType.TEXT,
                    b("Número de identificação civil", "Civil identification number"),
                    b("8 dígitos, na frente do cartão", "8 digits, on the front of the card"),
                    rules=Rules(pattern=r"\d{7,8}"),
                ),
                field(
                    "birth_date",
                    FieldType.DATE,
                    b("Data de nascimento", "Date of birth"),
                    rules=Rules(past_only=True),
                ),
                field("stolen", FieldType.YES_NO, b("O cartão foi roubado?", "Was the card stolen?")),
                field(
                    "police_report",
                    FieldType.TEXT,
                    b("Número da participação à polícia", "Police report number"),
                    required=False,
                    rules=Rules(max_length=40),
                    when=("stolen", (True,)),
                ),
            )
        ),
    ),
    ServiceDefinition(
        code="PASSPORT",
        name=b("Pedir o passaporte", "Apply for a passport"),
        summary=b("Peça o passaporte eletrónico português.", "Apply for the Portuguese e-passport."),
        body=b("Serviço de Estrangeiros e Fronteiras / IRN", "Immigration and Borders Service / IRN"),
        fee_cents=6500,
        fulfilment=Fulfilment.PENDING,
        life_events=("losing-a-document",),
        themes=("identity",),
        start_page=page(
            b(
                "Regista o pedido; a recolha biométrica faz-se no balcão.",
                "Records the application; biometrics are taken at the counter.",
            ),
            CARD_HOLDER,
            (CARD_AND_PIN,),
            b("5 dias úteis depois da recolha", "5 working days after biometrics"),
        ),
        form=FormDefinition(
            fields=(
                field(
                    "urgency",
                    FieldType.SINGLE_CHOICE,
                    b("Que urgência tem?", "How urgent is it?"),
                    options=choices(("normal", "Normal", "Normal"), ("urgent", "Urgente", "Urgent")),
                ),
                field(
                    "travel_date",
                    FieldType.DATE,
                    b("Data prevista da viagem", "Planned travel date"),
                    required=False,
                ),
                *contact_fields(),
            )
        ),
    ),
    ServiceDefinition(
        code="DRIVING-RENEW",
        name=b("Revalidar a carta de condução", "Renew your driving licence"),
        summary=b("Revalide a carta antes do fim da validade.", "Renew the licence before it expires."),
        body=IMT,
        fee_cents=3000,
        fulfilment=Fulfilment.PENDING,
        life_events=("driving",),
        themes=("transport",),
        start_page=page(
            b(
                "Pede a revalidação; a nova carta chega por correio.",
                "Applies for renewal; the new licence comes by post.",
            ),
            b("Condutores com carta portuguesa.", "Drivers with a Portuguese licence."),
            (
                CARD_AND_PIN,
                b(
                    "Atestado médico eletrónico, se tiver 60 anos ou mais",
                    "An electronic medical certificate if you are 60 or over",
                ),
            ),
            SOME_DAYS,
        ),
        form=FormDefinition(
            fields=(
                field(
                    "licence_number",
                    FieldType.TEXT,
                    b("Número da carta de condução", "Driving licence number"),
                    b("Como L-1234567", "Like L-1234567"),
                    rules=Rules(pattern=r"[A-Z]{1,2}\d{6,8}"),
                ),
                field(
                    "has_medical_certificate",
                    FieldType.YES_NO,
                    b("Já tem atestado médico eletrónico?", "Do you have an electronic medical certificate?"),
                ),
                field(
                    "categories",
                    FieldType.MULTIPLE_CHOICE,
                    b("Categorias a revalidar", "Categories to renew"),
                    options=choices(
                        ("A", "A (motociclos)", "A (motorcycles)"),
                        ("B", "B (ligeiros)", "B (cars)"),
                        ("C", "C (pesados)", "C (lorries)"),
                    ),
                ),
            )
        ),
    ),
    ServiceDefinition(
        code="DRIVING-REPLACE",
        name=b("Segunda via da carta de condução", "Replace a lost driving licence"),
        summary=b(
            "Peça uma nova carta se a perdeu ou estragou.",
            "Ask for a new licence if yours was lost or damaged.",
        ),
        body=IMT,
        fee_cents=3000,
        fulfilment=Fulfilment.PENDING,
        life_events=("driving", "losing-a-document"),
        themes=("transport",),
        start_page=page(
            b(
                "Emite uma guia provisória e envia a nova carta por correio.",
                "Issues a temporary permit and posts the new licence.",
            ),
            CARD_HOLDER,
            (CARD_AND_PIN,),
            SOME_DAYS,
        ),
        form=FormDefinition(
            fields=(
                field(
                    "reason",
                    FieldType.SINGLE_CHOICE,
                    b("O que aconteceu à carta?", "What happened to the licence?"),
                    options=choices(
                        ("lost", "Perdi-a", "I lost it"),
                        ("stolen", "Foi roubada", "It was stolen"),
                        ("damaged", "Está estragada", "It is damaged"),
                    ),
                ),
                field(
                    "police_report",
                    FieldType.TEXT,
                    b("Número da participação", "Police report number"),
                    rules=Rules(max_length=40),
                    when=("reason", ("stolen",)),
                ),
            )
        ),
    ),
    ServiceDefinition(
        code="VEHICLE-CERT",
        name=b("Certidão de registo automóvel", "Vehicle registration certificate"),
        summary=b(
            "Certidão com o proprietário e os ónus de um veículo.",
            "Certificate of a vehicle's owner and charges.",
        ),
        body=IRN,
        fee_cents=2000,
        document_type="vehicle-certificate",
        life_events=("driving",),
        themes=("transport", "certificates"),
        start_page=page(
            b("Emite a certidão do registo do veículo.", "Issues the vehicle registration certificate."),
            CARD_HOLDER,
            (CARD_AND_PIN, b("A matrícula", "The number plate")),
        ),
        form=FormDefinition(
            fields=(
                field(
                    "plate",
                    FieldType.TEXT,
                    b("Matrícula", "Number plate"),
                    b("Como AA-00-BB", "Like AA-00-BB"),
                    rules=Rules(pattern=r"[A-Z0-9]{6}"),
                ),
            )
        ),
    ),
)
