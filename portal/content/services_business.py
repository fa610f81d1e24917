"""Tax and business services of the demo catalog."""

from __future__ import annotations

from portal.catalog import Assurance, Fulfilment, ServiceDefinition
from portal.content.builders import CARD_AND_PIN, COUNTER, ONLINE, b, choices, field, page, purpose_fields
from portal.forms import FieldType, FormDefinition, Rules

AT = b("Autoridade Tributária e Aduaneira", "Tax and Customs Authority")
IRN = b("Instituto dos Registos e do Notariado", "Institute of Registries and Notary")
CARD_HOLDER = b("Titulares de Cartão de Cidadão.", "Citizen card holders.")

# Names approved in advance by the National Register of Legal Persons, as at an "Empresa na Hora" desk.
PRE_APPROVED_NAMES = choices(
    ("mar-azul", "Mar Azul, Lda.", "Mar Azul, Lda."),
    ("serra-verde", "Serra Verde, Lda.", "Serra Verde, Lda."),
    ("ponte-nova", "Ponte Nova, Unipessoal, Lda.", "Ponte Nova, Unipessoal, Lda."),
    ("sol-nascente", "Sol Nascente, Lda.", "Sol Nascente, Lda."),
    ("rio-claro", "Rio Claro, Lda.", "Rio Claro, Lda."),
    ("vale-fundo", "Vale Fundo, Lda.", "Vale Fundo, Lda."),
    ("monte-alto", "Monte Alto, Lda.", "Monte Alto, Lda."),
    ("luz-do-norte", "Luz do Norte, Unipessoal, Lda.", "Luz do Norte, Unipessoal, Lda."),
    ("cais-velho", "Cais Velho, Lda.", "Cais Velho, Lda."),
    ("pinhal-manso", "Pinhal Manso, Lda.", "Pinhal Manso, Lda."),
    ("areia-fina", "Areia Fina, Lda.", "Areia Fina, Lda."),
    ("torre-branca", "Torre Branca, Lda.", "Torre Branca, Lda."),
)

BUSINESS_SERVICES: tuple[ServiceDefinition, ...] = (
    ServiceDefinition(
        code="TAX-STATUS",
        name=b("Certidão de situação tributária", "Tax status certificate"),
        summary=b("Prova que não tem dívidas às Finanças.", "Shows you owe nothing to the tax office."),
        body=AT,
        document_type="tax-status-certificate",
        life_events=("working", "starting-a-business", "emigrating"),
        themes=("taxes", "certificates"),
        user_groups=("citizens", "businesses"),
        start_page=page(
            b(
                "Emite a certidão de situação tributária regularizada, válida 3 meses.",
                "Issues the tax clearance certificate, valid 3 months.",
            ),
            CARD_HOLDER,
            (CARD_AND_PIN,),
        ),
        form=FormDefinition(
            fields=purpose_fields(
                ("tender", "Concurso público", "Public tender"),
                ("bank", "Crédito bancário", "Bank loan"),
                ("subsidy", "Subsídio", "Subsidy"),
            )
        ),
    ),
    ServiceDefinition(
        code="IRS-AUTO",
        name=b("Confirmar o IRS automático", "Confirm your automatic tax return"),
        summary=b(
            "Confirme a declaração de IRS preparada pelas Finanças.",
            "Confirm the tax return the tax office prepared.",
        ),
        body=AT,
        document_type="tax-return-receipt",
        life_events=("working", "retiring"),
        themes=("taxes",),
        start_page=page(
            b(
                "Confirma a declaração provisória e imprime o comprovativo.",
                "Confirms the draft return and prints the receipt.",
            ),
            CARD_HOLDER,
            (CARD_AND_PIN,),
        ),
        form=FormDefinition(
            fields=(
                field(
                    "agree",
                    FieldType.YES_NO,
                    b("Confirma os valores da declaração?", "Do you confirm the amounts?"),
                ),
            )
        ),
    ),
    ServiceDefinition(
        code="NIF-REQUEST",
        name=b("Pedir o número de contribuinte (NIF)", "Get a tax number (NIF)"),
        summary=b(
            "Para quem vem viver ou trabalhar em Portugal.", "For people coming to live or work in Portugal."
        ),
        body=AT,
        assurance=Assurance.NONE,
        fulfilment=Fulfilment.PENDING,
        life_events=("working", "moving-house"),
        themes=("taxes",),
        user_groups=("foreign-residents",),
        start_page=page(
            b("Atribui um NIF; o comprovativo é enviado por email.", "Assigns a NIF; the proof is emailed."),
            b(
                "Cidadãos estrangeiros com passaporte ou documento de identificação.",
                "Foreign nationals with a passport or identity document.",
            ),
            (
                b("Passaporte ou documento de identificação", "Passport or identity document"),
                b("Morada", "Address"),
            ),
            b("3 dias úteis", "3 working days"),
            (COUNTER, ONLINE),
        ),
        form=FormDefinition(
            fields=(
                field(
                    "full_name",
                    FieldType.TEXT,
                    b("Nome completo", "Full name"),
                    rules=Rules(min_length=3, max_length=120),
                    from_card="full_name",
                ),
                field(
                    "document_number",
                    FieldType.TEXT,
                    b("Número do passaporte ou documento", "Passport or ID number"),
                    rules=Rules(pattern=r"[A-Z0-9]{5,20}"),
                    from_card="document_number",
                ),
                field(
                    "birth_date",
                    FieldType.DATE,
                    b("Data de nascimento", "Date of birth"),
                    rules=Rules(past_only=True),
                    from_card="birth_date",
                ),
                field("address", FieldType.ADDRESS, b("Morada em Portugal", "Address in Portugal")),
                field("email", FieldType.EMAIL, b("Email", "Email")),
            )
        ),
    ),
    ServiceDefinition(
        code="ACTIVITY-START",
        name=b("Abrir atividade", "Register as self-employed"),
        summary=b(
            "Declare o início de atividade como trabalhador independente.",
            "Declare that you start working as self-employed.",
        ),
        body=AT,
        document_type="activity-start-receipt",
        life_events=("starting-a-business", "working"),
        themes=("taxes", "business"),
        user_groups=("citizens", "businesses"),
        start_page=page(
            b(
                "Regista o início de atividade e imprime o comprovativo.",
                "Registers the start of activity and prints the receipt.",
            ),
            CARD_HOLDER,
            (CARD_AND_PIN, b("O código CAE da atividade", "The activity code (CAE)")),
        ),
        form=FormDefinition(
            fields=(
                field(
                    "activity_code",
                    FieldType.TEXT,
                    b("Código de atividade (CAE)", "Activity code (CAE)"),
                    b("5 dígitos, por exemplo 62010", "5 digits, for example 62010"),
                    rules=Rules(pattern=r"\d{5}", pattern_error="field.activity_code"),
                ),
                field("start_date", FieldType.DATE, b("Data de início", "Start date")),
                field(
                    "expected_turnover",
                    FieldType.MONEY,
                    b("Volume de negócios previsto", "Expected yearly turnover"),
                ),
            )
        ),
    ),
    ServiceDefinition(
        code="COMPANY-ON-THE-SPOT",
        name=b("Empresa na Hora", "Company on the spot"),
        summary=b(
            "Constitua uma sociedade na hora com um nome pré-aprovado.",
            "Set up a company at once with a pre-approved name.",
        ),
        body=IRN,
        fee_cents=36000,
        document_type="company-registration",
        life_events=("starting-a-business",),
        themes=("business",),
        user_groups=("businesses", "citizens"),
        keywords=b("sociedade, firma, NIPC", "company, firm, NIPC"),
        start_page=page(
            b(
                "Regista a sociedade: recebe o NIPC e o código da certidão permanente.",
                "Registers the company: you get its NIPC and the permanent certificate access code.",
            ),
            b(
                "Sócios com Cartão de Cidadão; todos devem estar presentes ou ser indicados por NIF.",
                "Partners with a citizen card, identified by their NIF.",
            ),
            (
                CARD_AND_PIN,
                b("O NIF de cada sócio", "Each partner's NIF"),
                b("O capital social e o código CAE", "The share capital and activity code"),
            ),
            b("Na hora, em menos de uma hora", "On the spot, in under an hour"),
        ),
        form=FormDefinition(
            fields=(
                field(
                    "company_name",
                    FieldType.SINGLE_CHOICE,
                    b("Escolha a firma pré-aprovada", "Choose a pre-approved name"),
                    options=PRE_APPROVED_NAMES,
                ),
                field(
                    "legal_form",
                    FieldType.SINGLE_CHOICE,
                    b("Tipo de sociedade", "Type of company"),
                    options=choices(
                        ("lda", "Sociedade por quotas", "Private limited company"),
                        ("unipessoal", "Sociedade unipessoal por quotas", "Single-member company"),
                    ),
                ),
                field(
                    "applicant_role",
                    FieldType.SINGLE_CHOICE,
                    b("Pede como", "You are applying as"),
                    options=choices(
                        ("partner", "Sócio da nova empresa", "A partner of the new company"),
                        ("representative", "Representante dos sócios", "The partners' representative"),
                    ),
                ),
                field(
                    "partners",
                    FieldType.PARTNERS,
                    b("Sócios: o NIF e a quota de cada um", "Partners: each one's NIF and share"),
                    b(
                        "As quotas em percentagem somam 100. Sociedade unipessoal: um só sócio.",
                        "Shares in percent add up to 100. Single-member company: one partner only.",
                    ),
                ),
                field(
                    "share_capital",
                    FieldType.MONEY,
                    b("Capital social", "Share capital"),
                    b("Mínimo 1,00 € por sócio", "At least €1.00 per partner"),
                    rules=Rules(minimum=1),
                ),
                field(
                    "activity_code",
                    FieldType.TEXT,
                    b("Código de atividade (CAE)", "Activity code (CAE)"),
                    rules=Rules(pattern=r"\d{5}", pattern_error="field.activity_code"),
                ),
                field("registered_office", FieldType.ADDRESS, b("Sede", "Registered office")),
            )
        ),
    ),
    ServiceDefinition(
        code="COMPANY-CERT",
        name=b("Certidão permanente de empresa", "Permanent company certificate"),
        summary=b(
            "Subscreva a certidão permanente do registo comercial de uma empresa.",
            "Subscribe to a company's permanent commercial register certificate.",
        ),
        body=IRN,
        fee_cents=2500,
        assurance=Assurance.NONE,
        document_type="company-certificate",
        life_events=("starting-a-business",),
        themes=("business", "certificates"),
        user_groups=("businesses",),
        start_page=page(
            b(
                "Emite o código de acesso à certidão permanente, válido 1 ano.",
                "Issues the permanent certificate access code, valid 1 year.",
            ),
            b("Qualquer pessoa.", "Anyone."),
            (b("O NIPC da empresa", "The company's NIPC"),),
        ),
        form=FormDefinition(
            fields=(
                field(
                    "nipc",
                    FieldType.TEXT,
                    b("NIPC da empresa", "Company number (NIPC)"),
                    b("9 dígitos, começa por 5", "9 digits, starting with 5"),
                    rules=Rules(pattern=r"[5-9]\d{8}", pattern_error="field.nipc"),
                ),
                field(
                    "years",
                    FieldType.SINGLE_CHOICE,
                    b("Por quanto tempo?", "For how long?"),
                    options=choices(("1", "1 ano", "1 year")),
                ),
            )
        ),
    ),
)
