"""Municipal services of the demo catalog (some also offered through the Open311 facade)."""

from __future__ import annotations

from portal.catalog import Assurance, Fulfilment, ServiceDefinition
from portal.content.builders import (
    CARD_AND_PIN,
    COUNTER,
    PHONE_LINE,
    b,
    choices,
    contact_fields,
    field,
    page,
)
from portal.forms import FieldType, FormDefinition, Rules

MUNICIPALITY = b("Câmara Municipal", "Town council")
AMA = b("Agência para a Modernização Administrativa", "Agency for Administrative Modernisation")
SOME_DAYS = b("Até 10 dias úteis", "Up to 10 working days")
ANYONE = b("Qualquer pessoa, sem autenticação.", "Anyone, without signing in.")
CARD_HOLDER = b(
    "Titulares de Cartão de Cidadão com o PIN de autenticação.",
    "Citizen card holders with their authentication PIN.",
)

PROBLEM_CATEGORIES = choices(
    ("pothole", "Buraco na via", "Pothole"),
    ("street-light", "Iluminação pública avariada", "Broken street light"),
    ("graffiti", "Grafitos", "Graffiti"),
    ("litter", "Lixo ou contentor cheio", "Litter or full bin"),
    ("tree", "Árvore caída ou perigosa", "Fallen or dangerous tree"),
)


MUNICIPAL_SERVICES: tuple[ServiceDefinition, ...] = (
    ServiceDefinition(
        code="INFO-SHEET",
        name=b("Ficha informativa do Espaço Cidadão", "Citizen Spot information sheet"),
        summary=b(
            "Imprime uma ficha com os serviços deste balcão, horários e contactos.",
            "Prints a sheet with this spot's services, opening hours and contacts.",
        ),
        body=AMA,
        assurance=Assurance.NONE,
        document_type="info-sheet",
        life_events=("living-in-your-town",),
        themes=("municipality",),
        keywords=b("horário, contactos, ajuda", "opening hours, contacts, help"),
        start_page=page(
            b(
                "Imprime a ficha informativa deste Espaço Cidadão.",
                "Prints the information sheet of this Citizen Spot.",
            ),
            ANYONE,
            (b("Nada", "Nothing"),),
        ),
    ),
    ServiceDefinition(
        code="PARKING-PERMIT",
        name=b("Dístico de estacionamento de residente", "Resident parking permit"),
        summary=b("Estacione na sua zona de residência.", "Park in the zone where you live."),
        body=MUNICIPALITY,
        fee_cents=1200,
        fulfilment=Fulfilment.PENDING,
        life_events=("driving", "moving-house"),
        themes=("municipality", "transport"),
        start_page=page(
            b("Pede o dístico anual da sua zona.", "Applies for the yearly permit of your zone."),
            b("Residentes com veículo em seu nome.", "Residents with a vehicle in their name."),
            (CARD_AND_PIN, b("A matrícula", "The number plate")),
            SOME_DAYS,
        ),
        form=FormDefinition(
            fields=(
                field(
                    "plate", FieldType.TEXT, b("Matrícula", "Number plate"), rules=Rules(pattern=r"[A-Z0-9]{6}")
                ),
                field(
                    "zone",
                    FieldType.SINGLE_CHOICE,
                    b("Zona", "Zone"),
                    options=choices(
                        ("A", "Zona A - Centro", "Zone A - Centre"),
                        ("B", "Zona B", "Zone B"),
                        ("C", "Zona C", "Zone C"),
                    ),
                ),
            )
        ),
    ),
    ServiceDefinition(
        code="REPORT-PROBLEM",
        name=b("Reportar um problema no espaço público", "Report a problem in public space"),
        summary=b(
            "Avise a câmara de buracos, luzes avariadas, lixo ou grafitos.",
            "Tell the council about potholes, broken lights, litter or graffiti.",
        ),
        body=MUNICIPALITY,
        assurance=Assurance.NONE,
        fulfilment=Fulfilment.PENDING,
        life_events=("living-in-your-town",),
        themes=("municipality",),
        user_groups=("citizens", "businesses", "foreign-residents"),
        keywords=b("buraco, candeeiro, lixo, grafito", "pothole, street light, litter, graffiti"),
        open311_group="street",
        start_page=page(
            b(
                "Regista a ocorrência e dá-lhe um número para acompanhar.",
                "Records the report and gives you a number to follow it.",
            ),
            ANYONE,
            (b("O local exato", "The exact place"),),
            b("Resposta em 5 dias úteis", "Answer within 5 working days"),
            (COUNTER, b("A aplicação Na Minha Rua", "The 'On my street' app"), PHONE_LINE),
        ),
        form=FormDefinition(
            fields=(
                field(
                    "category",
                    FieldType.SINGLE_CHOICE,
                    b("Que tipo de problema é?", "What kind of problem is it?"),
                    options=PROBLEM_CATEGORIES,
                ),
                field(
                    "location",
                    FieldType.TEXT,
                    b("Onde é?", "Where is it?"),
                    b("Rua, número ou ponto de referência", "Street, number or landmark"),
                    rules=Rules(min_length=5, max_length=200),
                ),
                field(
                    "description",
                    FieldType.LONG_TEXT,
                    b("Descreva o problema", "Describe the problem"),
                    required=False,
                    rules=Rules(max_length=4000),
                ),
                *contact_fields(),
            )
        ),
    ),
    ServiceDefinition(
        code="BULKY-WASTE",
        name=b("Recolha de monos", "Bulky waste collection"),
        summary=b(
            "Marque a recolha gratuita de móveis e eletrodomésticos.",
            "Book a free collection of furniture and appliances.",
        ),
        body=MUNICIPALITY,
        assurance=Assurance.NONE,
        fulfilment=Fulfilment.PENDING,
        life_events=("moving-house", "living-in-your-town"),
        themes=("municipality",),
        open311_group="waste",
        start_page=page(
            b("Marca a recolha à porta.", "Books a kerbside collection."),
            ANYONE,
            (b("A morada de recolha", "The collection address"),),
            b("Recolha em até 7 dias", "Collected within 7 days"),
        ),
        form=FormDefinition(
            fields=(
                field(
                    "items",
                    FieldType.MULTIPLE_CHOICE,
                    b("O que vai deixar?", "What will you leave out?"),
                    options=choices(
                        ("furniture", "Móveis", "Furniture"),
                        ("appliances", "Eletrodomésticos", "Appliances"),
                        ("mattress", "Colchões", "Mattresses"),
                    ),
                ),
                field(
                    "location",
                    FieldType.TEXT,
                    b("Morada de recolha", "Collection address"),
                    rules=Rules(min_length=5, max_length=200),
                ),
                field("postal_code", FieldType.POSTAL_CODE, b("Código postal", "Postal code")),
                field("phone", FieldType.PHONE, b("Telemóvel", "Mobile phone")),
            )
        ),
    ),
    ServiceDefinition(
        code="WATER-CONTRACT",
        name=b("Contrato de abastecimento de água", "Water supply contract"),
        summary=b("Ligue a água na casa nova.", "Get the water connected in your new home."),
        body=b("Serviços Municipalizados de Água", "Municipal water services"),
        fee_cents=2500,
        fulfilment=Fulfilment.PENDING,
        life_events=("moving-house",),
        themes=("municipality",),
        start_page=page(
            b("Celebra o contrato e marca a ligação.", "Signs the contract and books the connection."),
            CARD_HOLDER,
            (CARD_AND_PIN, b("A morada e o NIF do titular", "The address and the holder's NIF")),
            b("Ligação em 5 dias úteis", "Connected within 5 working days"),
            (COUNTER, PHONE_LINE),
        ),
        form=FormDefinition(
            fields=(
                field("supply_address", FieldType.ADDRESS, b("Morada de abastecimento", "Supply address")),
                # The applicant signs the contract as its holder, so the card's NIF answers this.
                field(
                    "holder_nif",
                    FieldType.NIF,
                    b("NIF do titular do contrato", "Contract holder's NIF"),
                    from_card="tax_id",
                ),
                field(
                    "household_size",
                    FieldType.NUMBER,
                    b("Quantas pessoas vivem na casa?", "How many people live there?"),
                    rules=Rules(minimum=1, maximum=30),
                ),
                field("paper_bill", FieldType.YES_NO, b("Quer fatura em papel?", "Do you want paper bills?")),
                field(
                    "email",
                    FieldType.EMAIL,
                    b("Email para a fatura eletrónica", "Email for e-bills"),
                    when=("paper_bill", (False,)),
                ),
            )
        ),
    ),
)
