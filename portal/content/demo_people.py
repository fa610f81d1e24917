"""Demo people, devices and staff. The citizens match the card emulator's (kiosk/card/emulator/citizen_data)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoPerson:
    key: str
    civil_id: str
    """PT civil identification number, or BE national number: the serialNumber in the card certificate."""
    given_names: str
    surname: str
    birth_date: str
    tax_id: str | None


DEMO_PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("maria", "12345678", "Maria João", "Gonçalves Conceição", "1985-03-15", "123456789"),
    DemoPerson("joao", "23456789", "João Pedro", "Sá Antunes", "1992-07-30", "234567899"),
    DemoPerson("ines", "34567890", "Inês Sofia", "Ferreira Lopes", "1978-05-09", "245678905"),
    DemoPerson(
        "leonor",
        "08765432",
        "Leonor Maria da Assunção Beatriz Francisca Xavier Carolina Josefina Inês Margarida",
        "de Albuquerque Vasconcelos Sottomayor Meneses Castelo-Branco Magalhães e Noronha da Câmara",
        "1958-12-01",
        "187654328",
    ),
    DemoPerson("elodie", "92030145612", "Élodie Zoë Françoise", "Dubois-Lefèvre", "1992-03-01", None),
    DemoPerson("lucas", "85071412330", "Lucas Jan", "Peeters", "1985-07-14", None),
)

# Fixed, published demo credentials: they only ever exist in a database seeded with `seed-demo`.
DEMO_KIOSK_TOKEN = "dev_demo-kiosk-0001-NOT-SECRET"  # noqa: S105 - documented demo credential
DEMO_COUNTER_TOKEN = "dev_demo-counter-0001-NOT-SECRET"  # noqa: S105 - documented demo credential
DEMO_DISPLAY_TOKEN = "dev_demo-display-0001-NOT-SECRET"  # noqa: S105 - documented demo credential
DEMO_OPEN311_API_KEY = "open311-demo-key"
DEMO_STAFF: tuple[tuple[str, str, str, str], ...] = (
    # username, display name, role, password
    ("clerk", "Ana Balcão", "clerk", "demo-clerk-password"),
    ("supervisor", "Rui Supervisor", "supervisor", "demo-supervisor-password"),
    ("admin", "Sara Administradora", "admin", "demo-admin-password"),
)
DEMO_COMPANY_NIPC = "509999999"
DEMO_COMPANY_CERTIFICATE_CODE = "DEMO-CERT-CODE"
