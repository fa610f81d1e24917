"""Small constructors that keep the bilingual catalog content readable."""

from __future__ import annotations

from portal.catalog import StartPage
from portal.forms import Bilingual, Condition, FieldType, FormField, Option, Rules


def b(pt: str, en: str) -> Bilingual:
    return Bilingual(pt=pt, en=en)


COUNTER = b("Balcão de uma Loja do Cidadão ou Espaço Cidadão", "A Citizen Shop or Citizen Spot counter")
ONLINE = b("Online em gov.pt, com Chave Móvel Digital", "Online at gov.pt, with the Digital Mobile Key")
PHONE_LINE = b("Linha Cidadão 300 003 990 (dias úteis, 9h-18h)", "Citizen line 300 003 990 (weekdays, 9am-6pm)")
CARD_AND_PIN = b(
    "O seu Cartão de Cidadão e o PIN de autenticação", "Your citizen card and its authentication PIN"
)
AT_ONCE = b("Na hora: o documento é impresso no fim", "At once: the document is printed at the end")


def page(
    what: Bilingual,
    who: Bilingual,
    needs: tuple[Bilingual, ...],
    how_long: Bilingual = AT_ONCE,
    channels: tuple[Bilingual, ...] = (COUNTER, ONLINE, PHONE_LINE),
) -> StartPage:
    return StartPage(
        what_it_does=what,
        who_can_use=who,
        what_you_need=needs,
        how_long=how_long,
        other_channels=channels,
    )


def field(
    field_id: str,
    kind: FieldType,
    label: Bilingual,
    hint: Bilingual | None = None,
    *,
    required: bool = True,
    options: tuple[Option, ...] = (),
    rules: Rules | None = None,
    when: tuple[str, tuple[str | bool, ...]] | None = None,
    from_card: str | None = None,
) -> FormField:
    return FormField(
        id=field_id,
        type=kind,
        label=label,
        hint=hint,
        required=required,
        options=options,
        rules=rules or Rules(),
        condition=Condition(field=when[0], equals=when[1]) if when else None,
        from_card=from_card,
    )


def choices(*pairs: tuple[str, str, str]) -> tuple[Option, ...]:
    """Options from (value, Portuguese label, English label) triples."""
    return tuple(Option(value=value, label=b(pt, en)) for value, pt, en in pairs)


def purpose_fields(*pairs: tuple[str, str, str]) -> tuple[FormField, ...]:
    """The usual 'what is it for' question, with free text when the purpose is 'other'."""
    return (
        field(
            "purpose",
            FieldType.SINGLE_CHOICE,
            b("Para que precisa do documento?", "What do you need the document for?"),
            options=choices(*pairs, ("other", "Outro fim", "Another purpose")),
        ),
        field(
            "purpose_other",
            FieldType.TEXT,
            b("Indique o fim", "Tell us the purpose"),
            rules=Rules(min_length=3, max_length=120),
            when=("purpose", ("other",)),
        ),
    )


def contact_fields(required: bool = False) -> tuple[FormField, ...]:
    return (
        field(
            "email",
            FieldType.EMAIL,
            b("Email para avisos", "Email for updates"),
            b("Opcional. Usamos só para este pedido.", "Optional. Used only for this application."),
            required=required,
        ),
        field(
            "phone",
            FieldType.PHONE,
            b("Telemóvel para avisos", "Mobile phone for updates"),
            required=False,
        ),
    )
