"""Life events, themes and user groups of the demo catalog."""

from __future__ import annotations

from portal.catalog import Taxon
from portal.content.builders import b


def taxon(
    code: str,
    name_pt: str,
    name_en: str,
    description_pt: str,
    description_en: str,
    bundle: tuple[str, ...] = (),
) -> Taxon:
    return Taxon(
        code=code, name=b(name_pt, name_en), description=b(description_pt, description_en), bundle=bundle
    )


LIFE_EVENTS: tuple[Taxon, ...] = (
    taxon(
        "moving-house",
        "Mudar de casa",
        "Moving house",
        "Mudar a morada e tratar do que muda com ela.",
        "Change your address and what comes with it.",
        bundle=("ADDRESS-CHANGE", "WATER-CONTRACT", "FAMILY-DOCTOR"),
    ),
    taxon(
        "having-a-baby",
        "Ter um bebé",
        "Having a baby",
        "Registar o bebé, pedir apoios e licenças.",
        "Register the baby, claim benefits and leave.",
        bundle=("BIRTH-REGISTER", "CHILD-BENEFIT", "PARENTAL-LEAVE"),
    ),
    taxon(
        "starting-a-business",
        "Criar uma empresa",
        "Starting a business",
        "Constituir a empresa, abrir atividade e obter certidões.",
        "Set up a company, start an activity and get certificates.",
    ),
    taxon(
        "working",
        "Trabalhar",
        "Working",
        "Emprego, desemprego, contribuições e impostos.",
        "Jobs, unemployment, contributions and taxes.",
    ),
    taxon(
        "retiring",
        "Reformar-se",
        "Retiring",
        "Pedir a pensão e os apoios para seniores.",
        "Claim your pension and support for older people.",
    ),
    taxon(
        "health",
        "Cuidar da saúde",
        "Looking after your health",
        "Número de utente, médico de família, cartão europeu.",
        "Health number, family doctor, European card.",
    ),
    taxon(
        "driving",
        "Conduzir",
        "Driving",
        "Carta de condução, veículos e estacionamento.",
        "Driving licence, vehicles and parking.",
    ),
    taxon(
        "losing-a-document",
        "Perder um documento",
        "Losing a document",
        "Cancelar e substituir documentos perdidos ou roubados.",
        "Cancel and replace lost or stolen documents.",
    ),
    taxon(
        "getting-married",
        "Casar",
        "Getting married",
        "Certidões e registos do casamento.",
        "Marriage certificates and records.",
    ),
    taxon(
        "living-in-your-town",
        "Viver no seu município",
        "Living in your town",
        "Reportar problemas, resíduos, água e licenças locais.",
        "Report problems, waste, water and local permits.",
    ),
    taxon(
        "emigrating",
        "Emigrar",
        "Emigrating",
        "Os documentos e certificados para ir viver ou trabalhar no estrangeiro.",
        "The papers and certificates to live or work abroad.",
        bundle=("CRIMINAL-RECORD", "TAX-STATUS", "EHIC"),
    ),
)

THEMES: tuple[Taxon, ...] = (
    taxon(
        "identity",
        "Identificação e documentos",
        "Identity and documents",
        "Cartão de Cidadão, passaporte e registos.",
        "Citizen card, passport and records.",
    ),
    taxon(
        "certificates",
        "Certidões",
        "Certificates",
        "Certidões e atestados na hora.",
        "Certificates issued at once.",
    ),
    taxon(
        "family",
        "Família",
        "Family",
        "Nascimento, casamento e apoios à família.",
        "Birth, marriage and family support.",
    ),
    taxon("health", "Saúde", "Health", "Serviço Nacional de Saúde.", "National Health Service."),
    taxon(
        "social-security",
        "Segurança Social",
        "Social security",
        "Prestações, pensões e contribuições.",
        "Benefits, pensions and contributions.",
    ),
    taxon(
        "taxes",
        "Impostos",
        "Taxes",
        "Finanças, IRS e certidões fiscais.",
        "Tax office, income tax and tax certificates.",
    ),
    taxon("business", "Empresas", "Business", "Criar e gerir empresas.", "Start and run a business."),
    taxon(
        "transport",
        "Transportes e condução",
        "Transport and driving",
        "Carta de condução e veículos.",
        "Driving licences and vehicles.",
    ),
    taxon(
        "municipality",
        "Município",
        "Municipality",
        "Espaço público, resíduos, água e estacionamento.",
        "Public space, waste, water and parking.",
    ),
)

USER_GROUPS: tuple[Taxon, ...] = (
    taxon("citizens", "Cidadãos", "Citizens", "Pessoas residentes em Portugal.", "People living in Portugal."),
    taxon("families", "Famílias", "Families", "Pais, mães e cuidadores.", "Parents and carers."),
    taxon(
        "seniors",
        "Seniores",
        "Older people",
        "Pessoas reformadas ou perto da reforma.",
        "People retired or close to retirement.",
    ),
    taxon("businesses", "Empresas", "Businesses", "Empresários e empresas.", "Entrepreneurs and companies."),
    taxon(
        "foreign-residents",
        "Estrangeiros residentes",
        "Foreign residents",
        "Cidadãos da UE e de outros países a viver em Portugal.",
        "EU and other nationals living in Portugal.",
    ),
)
