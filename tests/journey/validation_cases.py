"""ONE table of answers and what must become of them, run against the kiosk's validator and the portal's.

Fields are written as the contract publishes them (GET /v1/catalog/services/{code}, form.fields), so the
kiosk reads them as it would from the portal, and the portal side builds its own FormField from the same row.
A row expects either the normalised answers or the (field, code) problems, never both empty by accident.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

TOMORROW = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=2)).isoformat()


def spec(
    field_id: str,
    kind: str,
    *,
    required: bool = True,
    options: tuple[str, ...] = (),
    condition: tuple[str, tuple[str | bool, ...]] | None = None,
    **validation: Any,
) -> dict[str, Any]:
    """A field as the contract's JSON gives it."""
    return {
        "id": field_id,
        "type": kind,
        "label": field_id.replace("_", " ").capitalize(),
        "hint": None,
        "required": required,
        "options": [{"value": value, "label": value.upper()} for value in options],
        "validation": validation,
        "condition": {"field": condition[0], "equals": list(condition[1])} if condition else None,
        "from_card": None,
    }


@dataclass(frozen=True)
class Case:
    name: str
    fields: tuple[dict[str, Any], ...]
    answers: dict[str, Any]
    accepted: dict[str, Any] = field(default_factory=dict)
    """The normalised answers both validators must give."""
    problems: tuple[tuple[str, str], ...] = ()
    """(field, code) of every refusal, in order."""


def one(name: str, definition: dict[str, Any], raw: Any, expected: Any) -> Case:
    """A single-field row: expected is a normalised value, or ("!", code) for a refusal."""
    field_id = definition["id"]
    answers = {} if raw is None else {field_id: raw}
    if isinstance(expected, tuple) and expected[:1] == ("!",):
        return Case(name, (definition,), answers, problems=((field_id, expected[1]),))
    accepted = {} if expected is None else {field_id: expected}
    return Case(name, (definition,), answers, accepted=accepted)


TEXT = spec("name", "text", min_length=3, max_length=10)
LONG = spec("story", "long_text", required=False)
CODE = spec("civil_id", "text", pattern=r"\d{7,8}")
CAE = spec("activity", "text", pattern=r"\d{5}", pattern_error="field.activity_code")
NIPC = spec("nipc", "text", pattern=r"[5-9]\d{8}", pattern_error="field.nipc")
IBAN = spec("iban", "text", pattern=r"PT50\d{21}", pattern_error="field.iban")
NUMBER = spec("children", "number", minimum="1", maximum="20")
MONEY = spec("income", "money", minimum="1")
UNBOUNDED_NUMBER = spec("count", "number")
UNBOUNDED_MONEY = spec("capital", "money")
DATE = spec("when", "date")
PAST = spec("born", "date", past_only=True)
CHOICE = spec("zone", "single_choice", options=("a", "b", "c"))
CHOICES = spec("notify", "multiple_choice", required=False, options=("tax", "health", "vote"))
YES_NO = spec("stolen", "yes_no")
ADDRESS = spec("home", "address")
PARTNERS = spec("partners", "partners")
NIF = spec("nif", "nif")
POSTAL = spec("postal", "postal_code")
EMAIL = spec("email", "email")
PHONE = spec("phone", "phone", required=False)

HOME = {"street": "  Rua   Augusta 1 ", "postal_code": "1100-048", "locality": " Lisboa "}
HOME_NORMALISED = {"street": "Rua Augusta 1", "postal_code": "1100-048", "locality": "Lisboa", "country": "PT"}
BAD = "!"

CASES: tuple[Case, ...] = (
    # text: spaces collapsed, lengths counted after that, only text accepted
    one("text collapses spaces", TEXT, "  Ana   Rita ", "Ana Rita"),
    one("text too short", TEXT, " ab ", (BAD, "field.too_short")),
    one("text too long", TEXT, "abcdefghijk", (BAD, "field.too_long")),
    one("text not a string", TEXT, 12345, (BAD, "field.type")),
    one("text required blank", TEXT, "", (BAD, "field.required")),
    one("text required missing", TEXT, None, (BAD, "field.required")),
    one("long text keeps inner lines", LONG, " one\n\ntwo  ", "one\n\ntwo"),
    one("long text capped at 4000", LONG, "x" * 4001, (BAD, "field.too_long")),
    one("long text optional blank", LONG, "", None),
    one("pattern ignores separators", CODE, "1234 567-8", "12345678"),
    one("pattern refused", CODE, "12345", (BAD, "field.pattern")),
    one("pattern with its own error", CAE, "1234", (BAD, "field.activity_code")),
    one("pattern accepted", CAE, "62010", "62010"),
    one("nipc check digit wrong", NIPC, "500000001", (BAD, "field.nipc")),
    one("nipc accepted with spaces", NIPC, "500 000 000", "500000000"),
    one("nipc in Arabic-Indic digits", NIPC, "5" + "\u0660" * 8, (BAD, "field.nipc")),
    # IBAN: the pattern says PT50 and 21 digits; its MOD 97-10 check digits catch a typo (benefits go to it)
    one("iban as printed, in groups", IBAN, "PT50 0002 0123 1234 5678 9015 4", "PT50000201231234567890154"),
    one("iban one digit mistyped", IBAN, "PT50000201231234567890155", (BAD, "field.iban")),
    one("iban one digit mistyped inside", IBAN, "PT50000201231234567891154", (BAD, "field.iban")),
    one("iban two digits swapped", IBAN, "PT50000201231234567890145", (BAD, "field.iban")),
    one("iban any 21 digits", IBAN, "PT50123456789012345678901", (BAD, "field.iban")),
    one("iban wrong check digits", IBAN, "PT51000201231234567890154", (BAD, "field.iban")),
    one("iban too short", IBAN, "PT5000020123123456789015", (BAD, "field.iban")),
    one("iban in Arabic-Indic digits", IBAN, "PT50" + "\u0660" * 21, (BAD, "field.iban")),
    # number: integers stay integers, commas are decimal points, bounds inclusive, booleans refused
    one("number integer", NUMBER, "3", 3),
    one("number from int", NUMBER, 20, 20),
    one("number decimal comma", NUMBER, "2,5", 2.5),
    one("number below minimum", NUMBER, "0", (BAD, "field.too_small")),
    one("number above maximum", NUMBER, "21", (BAD, "field.too_large")),
    one("number words refused", NUMBER, "three", (BAD, "field.number")),
    one("number boolean refused", NUMBER, True, (BAD, "field.number")),
    # money: two decimals at most, never negative, shown back with two decimals
    one("money comma", MONEY, "12,5", "12.50"),
    one("money whole", MONEY, "1000", "1000.00"),
    one("money three decimals", MONEY, "1.005", (BAD, "field.money")),
    one("money negative", MONEY, "-5", (BAD, "field.money")),
    one("money below minimum", MONEY, "0.99", (BAD, "field.too_small")),
    # numbers and amounts have limits even where the field sets none, so every accepted answer is stored
    one("number at the limit", UNBOUNDED_NUMBER, "1000000000000", 1000000000000),
    one("number beyond the limit", UNBOUNDED_NUMBER, "1000000000001", (BAD, "field.too_large")),
    one("negative number beyond the limit", UNBOUNDED_NUMBER, "-1000000000001", (BAD, "field.too_small")),
    one("number 10^25 refused", UNBOUNDED_NUMBER, 10**25, (BAD, "field.too_large")),
    one("money at the limit", UNBOUNDED_MONEY, "999999999999.99", "999999999999.99"),
    one("money 10^25 refused", UNBOUNDED_MONEY, "1" + "0" * 25, (BAD, "field.too_large")),
    # dates: ISO text only, real days only, the future refused where past_only
    one("date iso", DATE, " 2024-02-29 ", "2024-02-29"),
    one("date not a day", DATE, "2023-02-29", (BAD, "field.date")),
    one("date written the Portuguese way", DATE, "29/02/2024", (BAD, "field.date")),
    one("date not text", DATE, 20240229, (BAD, "field.date")),
    one("date future allowed", DATE, TOMORROW, TOMORROW),
    one("date future refused", PAST, TOMORROW, (BAD, "field.date_future")),
    one("date past accepted", PAST, "1985-03-15", "1985-03-15"),
    # choices
    one("single choice", CHOICE, "b", "b"),
    one("single choice unknown", CHOICE, "d", (BAD, "field.choice")),
    one("single choice label is not a value", CHOICE, "B", (BAD, "field.choice")),
    one("multiple choice ordered and unique", CHOICES, ["vote", "tax", "vote"], ["tax", "vote"]),
    one("multiple choice unknown", CHOICES, ["tax", "post"], (BAD, "field.choices")),
    one("multiple choice not a list", CHOICES, "tax", (BAD, "field.choices")),
    one("multiple choice optional empty", CHOICES, [], None),
    one("yes", YES_NO, True, True),
    one("no is an answer", YES_NO, False, False),
    one("yes as a word refused", YES_NO, "yes", (BAD, "field.yes_no")),
    # address: three parts, Portuguese postal code, two-letter country
    one("address normalised", ADDRESS, HOME, HOME_NORMALISED),
    one("address abroad", ADDRESS, {**HOME, "country": "BE"}, {**HOME_NORMALISED, "country": "BE"}),
    one("address missing part", ADDRESS, {"street": "Rua", "postal_code": "1100-048"}, (BAD, "field.address")),
    one("address extra key", ADDRESS, {**HOME, "floor": "2"}, (BAD, "field.address")),
    one("address blank part", ADDRESS, {**HOME, "locality": " "}, (BAD, "field.address")),
    one("address postal code", ADDRESS, {**HOME, "postal_code": "1100"}, (BAD, "field.postal_code")),
    one("address locality is a code", ADDRESS, {**HOME, "locality": "1100-048"}, (BAD, "field.locality")),
    one("address locality with digits", ADDRESS, {**HOME, "locality": "Lisboa 2"}, (BAD, "field.locality")),
    one(
        "address locality two words",
        ADDRESS,
        {**HOME, "locality": "Vila Nova de Gaia"},
        {**HOME_NORMALISED, "locality": "Vila Nova de Gaia"},
    ),
    one("address country name", ADDRESS, {**HOME, "country": "Portugal"}, (BAD, "field.address")),
    # partners: each NIF valid and once, each share positive with at most two decimals, 100 in all
    one(
        "partners normalised",
        PARTNERS,
        [{"nif": "123 456 789", "share": "60,5"}, {"nif": "500000000", "share": 39.5}],
        [{"nif": "123456789", "share": "60.50"}, {"nif": "500000000", "share": "39.50"}],
    ),
    one(
        "partners one",
        PARTNERS,
        [{"nif": "123456789", "share": "100"}],
        [{"nif": "123456789", "share": "100.00"}],
    ),
    one("partners not 100", PARTNERS, [{"nif": "123456789", "share": "90"}], (BAD, "field.partners_total")),
    one(
        "partners bad nif",
        PARTNERS,
        [{"nif": "123456789", "share": "50"}, {"nif": "123456788", "share": "50"}],
        (BAD, "field.partners_nif"),
    ),
    one(
        "partners twice",
        PARTNERS,
        [{"nif": "123456789", "share": "50"}, {"nif": "123 456 789", "share": "50"}],
        (BAD, "field.partners_repeated"),
    ),
    one("partners zero share", PARTNERS, [{"nif": "123456789", "share": "0"}], (BAD, "field.partners_share")),
    one(
        "partners share three decimals",
        PARTNERS,
        [{"nif": "123456789", "share": "99.999"}],
        (BAD, "field.partners_share"),
    ),
    one(
        "partners extra key", PARTNERS, [{"nif": "123456789", "share": "100", "x": 1}], (BAD, "field.partners")
    ),
    one("partners not a list", PARTNERS, {"nif": "123456789", "share": "100"}, (BAD, "field.partners")),
    one("partners too many", PARTNERS, [{"nif": "123456789", "share": "1"}] * 11, (BAD, "field.partners")),
    one("address street too long", ADDRESS, {**HOME, "street": "r" * 201}, (BAD, "field.too_long")),
    one("address not a mapping", ADDRESS, "Rua Augusta 1, Lisboa", (BAD, "field.address")),
    # codes
    one("nif with spaces", NIF, "123 456 789", "123456789"),
    one("nif wrong check digit", NIF, "123456780", (BAD, "field.nif")),
    one("nif starting with 0", NIF, "012345678", (BAD, "field.nif")),
    one("nif too short", NIF, "12345678", (BAD, "field.nif")),
    one("nif with a superscript digit", NIF, "12345678\u00b2", (BAD, "field.nif")),
    one(
        "nif in Arabic-Indic digits",
        NIF,
        "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669",
        (BAD, "field.nif"),
    ),
    one("nif with the country prefix", NIF, "PT123456789", (BAD, "field.nif")),
    one("postal code with dash", POSTAL, " 1000-001 ", "1000-001"),
    one("postal code without dash", POSTAL, "1000001", "1000-001"),
    one("postal code starting with 0", POSTAL, "0100-001", (BAD, "field.postal_code")),
    one("email trimmed", EMAIL, " ana@example.pt ", "ana@example.pt"),
    one("email without domain", EMAIL, "ana@example", (BAD, "field.email")),
    one("phone separators", PHONE, "+351 912-345-678", "+351912345678"),
    one("phone too short", PHONE, "91234", (BAD, "field.phone")),
    one("phone optional blank", PHONE, "", None),
    # several fields: unknown answers, conditions on earlier answers (also on a list answer)
    Case(
        "unknown answer",
        (TEXT,),
        {"name": "Ana", "colour": "blue"},
        accepted={"name": "Ana"},
        problems=(("colour", "field.unknown"),),
    ),
    Case(
        "condition met asks the field",
        (YES_NO, spec("report", "text", condition=("stolen", (True,)))),
        {"stolen": True},
        accepted={"stolen": True},
        problems=(("report", "field.required"),),
    ),
    Case(
        "condition met answered",
        (YES_NO, spec("report", "text", condition=("stolen", (True,)))),
        {"stolen": True, "report": " PSP 123 "},
        accepted={"stolen": True, "report": "PSP 123"},
    ),
    Case(
        "condition not met refuses an answer",
        (YES_NO, spec("report", "text", condition=("stolen", (True,)))),
        {"stolen": False, "report": "PSP 123"},
        accepted={"stolen": False},
        problems=(("report", "field.not_applicable"),),
    ),
    Case(
        "condition not met skips a required field",
        (YES_NO, spec("report", "text", condition=("stolen", (True,)))),
        {"stolen": False},
        accepted={"stolen": False},
    ),
    Case(
        "condition on a refused earlier answer does not apply",
        (CHOICE, spec("other", "text", condition=("zone", ("c",)))),
        {"zone": "z", "other": "x"},
        problems=(("zone", "field.choice"), ("other", "field.not_applicable")),
    ),
    Case(
        "condition on a list answer",
        (CHOICES, spec("tax_office", "text", condition=("notify", ("tax",)))),
        {"notify": ["health", "tax"]},
        accepted={"notify": ["tax", "health"]},
        problems=(("tax_office", "field.required"),),
    ),
)
