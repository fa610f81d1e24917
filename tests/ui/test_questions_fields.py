"""Every answer widget on a real question page, by keys and by clicks, in both languages: a bad answer shows
the error summary and the same message beside the answer (what was typed kept); the fixed answer moves on and
the journey holds what the portal expects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from textual.widgets import Input, TextArea

from kiosk.config import Settings
from kiosk.journey.journey import Journey, Step
from screens.citizen.question import QuestionScreen
from screens.widgets.fields import FieldWidget
from tests.helpers import click
from tests.ui.questions_helpers import PageDriver, StillKiosk, service, shown

Keys = Callable[[Any, QuestionScreen], Awaitable[None]]


def typing(text: str, into: str = "#answer-input") -> Keys:
    async def act(pilot: Any, screen: QuestionScreen) -> None:
        await click(pilot, into)
        field = screen.query_one(into, Input)
        field.value = ""
        await pilot.press(*text)

    return act


def date_typing(day: str, month: str, year: str) -> Keys:
    async def act(pilot: Any, screen: QuestionScreen) -> None:
        for name, part in (("day", day), ("month", month), ("year", year)):
            screen.query_one(f"#answer-{name}", Input).value = ""
            await click(pilot, f"#answer-{name}")
            await pilot.press(*part)

    return act


def address_typing(street: str, postal: str, locality: str) -> Keys:
    async def act(pilot: Any, screen: QuestionScreen) -> None:
        for name, part in (("street", street), ("postal_code", postal), ("locality", locality)):
            screen.query_one(f"#answer-{name}", Input).value = ""
            await click(pilot, f"#answer-{name}")
            await pilot.press(*part)

    return act


async def nothing(pilot: Any, screen: QuestionScreen) -> None:
    return None


async def second_option_by_keys(pilot: Any, screen: QuestionScreen) -> None:
    await pilot.press("down", "enter")


async def first_two_ticked(pilot: Any, screen: QuestionScreen) -> None:
    await pilot.press("space", "down")
    await click(pilot, "#option-1")


async def yes_clicked(pilot: Any, screen: QuestionScreen) -> None:
    await click(pilot, "#answer-yes")


def long_text(text: str) -> Keys:
    async def act(pilot: Any, screen: QuestionScreen) -> None:
        await click(pilot, "#answer-input")
        area = screen.query_one(TextArea)
        area.text = text[:-1]
        area.cursor_location = area.document.end
        await pilot.press(text[-1])

    return act


@dataclass(frozen=True)
class Case:
    type: str
    code: str
    field: str
    before: dict[str, object]
    """Valid answers to the pages before the one tested, given to the journey directly."""
    bad: Keys
    problem: str
    good: Keys
    stored: object
    """The answer the journey keeps for the portal."""


TOMORROW = dt.date.today() + dt.timedelta(days=2)
CASES = [
    Case("text", "CC-LOST", "civil_id", {}, typing("12ab"), "field.pattern", typing("12345678"), "12345678"),
    Case(
        "number", "RESIDENCE-CERT", "years_at_address", {}, typing("200"), "field.too_large", typing("12"), 12
    ),
    Case(
        "money",
        "CHILD-BENEFIT",
        "yearly_income",
        {"children": "2"},
        typing("12,345"),
        "field.money",
        typing("1 250,50"),
        "1250.50",
    ),
    Case(
        "date",
        "ADDRESS-CHANGE",
        "moved_on",
        {"new_address": {"street": "Rua A 1", "postal_code": "1000-001", "locality": "Lisboa"}},
        date_typing(str(TOMORROW.day), str(TOMORROW.month), str(TOMORROW.year)),
        "field.date_future",
        date_typing("1", "3", "2020"),
        "2020-03-01",
    ),
    Case(
        "single_choice",
        "RESIDENCE-CERT",
        "purpose",
        {"years_at_address": "3"},
        nothing,
        "field.required",
        second_option_by_keys,
        None,
    ),
    Case("multiple_choice", "BULKY-WASTE", "items", {}, nothing, "field.required", first_two_ticked, None),
    Case(
        "yes_no",
        "CC-LOST",
        "stolen",
        {"civil_id": "12345678", "birth_date": "1980-05-17"},
        nothing,
        "field.required",
        yes_clicked,
        True,
    ),
    Case(
        "address",
        "ADDRESS-CHANGE",
        "new_address",
        {},
        address_typing("Rua das Flores 12", "1000", "Lisboa"),
        "field.postal_code",
        address_typing("Rua das Flores 12", "1000001", "Lisboa"),
        {"street": "Rua das Flores 12", "postal_code": "1000-001", "locality": "Lisboa", "country": "PT"},
    ),
    Case(
        "nif",
        "UNEMPLOYMENT",
        "employer_nif",
        {"last_day": "2026-01-31"},
        typing("123456788"),
        "field.nif",
        typing("123 456 789"),
        "123456789",
    ),
    Case(
        "postal_code",
        "BULKY-WASTE",
        "postal_code",
        {"items": ["sofa"], "location": "Rua das Flores 12"},
        typing("12"),
        "field.postal_code",
        typing("1000001"),
        "1000-001",
    ),
    Case(
        "email",
        "CC-RENEW",
        "email",
        {"collection_point": "lisboa"},
        typing("ana@"),
        "field.email",
        typing("ana@example.pt"),
        "ana@example.pt",
    ),
    Case(
        "phone",
        "CC-RENEW",
        "phone",
        {"collection_point": "lisboa", "email": ""},
        typing("12"),
        "field.phone",
        typing("912 345 678"),
        "912345678",
    ),
    Case(
        "long_text",
        "REPORT-PROBLEM",
        "description",
        {"category": "street-lighting", "location": "Rua das Flores 12"},
        long_text("x" * 4001),
        "field.too_long",
        long_text("The street light is out."),
        "The street light is out.",
    ),
]


def journey_at(case: Case, language: str) -> Journey:
    """A journey on the page tested, the earlier pages answered (choice values read from the real form)."""
    detail = service(case.code, language)
    journey = Journey(detail, language=language)
    journey.begin()
    for field_id, raw in case.before.items():
        question = journey.question
        assert question is not None
        assert question.field.id == field_id
        if question.field.options and isinstance(raw, str):
            raw = question.field.options[0].value  # the first offered choice, whatever the form calls it
        if question.field.options and isinstance(raw, list):
            raw = [question.field.options[0].value]
        assert journey.answer(raw) == (), (field_id, raw)
    question = journey.question
    assert question is not None
    assert question.field.id == case.field
    assert question.field.type == case.type
    return journey


@pytest.mark.parametrize("language", ["pt", "en"])
@pytest.mark.parametrize("case", CASES, ids=[case.type for case in CASES])
async def test_bad_answer_is_explained_then_the_fixed_one_moves_on(
    demo_settings: Settings, case: Case, language: str
) -> None:
    journey = journey_at(case, language)
    field = journey.service.field(case.field)
    app = StillKiosk(demo_settings)
    app.language = language
    async with app.run_test(size=(100, 40)) as pilot:
        driver = PageDriver(app, journey)
        driver.show()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert field.label in shown(screen, "#heading")
        assert shown(screen, "#error-summary") == ""

        await case.bad(pilot, screen)
        before = screen.query_one(FieldWidget).value
        await click(pilot, "#continue")
        await pilot.pause()
        assert app.screen is screen, "a refused answer stays on its page"
        problems = journey.question.problems if journey.question else ()
        assert [problem.code for problem in problems] == [case.problem]
        message = problems[0].message(language)
        summary = shown(screen, "#error-summary")
        assert summary.startswith("⚠ ")
        assert message in summary
        assert "There is a problem" in summary if language == "en" else "Há um problema" in summary
        assert message in shown(screen, "#inline-error")
        assert screen.query_one(FieldWidget).value == before, "what was typed is kept"

        await case.good(pilot, screen)
        await pilot.press("tab") if case.type == "long_text" else None
        await click(pilot, "#continue")
        await pilot.pause()
        assert journey.step in (Step.QUESTION, Step.CHECK)
        assert journey.question is None or journey.question.field.id != field.id, "the journey moved on"
        kept = journey.submission_answers()[case.field]
        if case.stored is not None:
            assert kept == case.stored
        elif case.type == "single_choice":
            assert kept == field.options[1].value
        else:
            assert kept == [field.options[0].value, field.options[1].value]


async def test_enter_in_a_text_box_continues(demo_settings: Settings) -> None:
    journey = journey_at(CASES[0], "en")
    app = StillKiosk(demo_settings)
    app.language = "en"
    async with app.run_test(size=(80, 24)) as pilot:
        driver = PageDriver(app, journey)
        driver.show()
        await pilot.pause()
        await pilot.press(*"1234567", "enter")
        await pilot.pause()
        assert journey.question is None or journey.question.field.id != "civil_id", "the journey moved on"
        assert journey.submission_answers()["civil_id"] == "1234567"


async def test_postal_code_gets_its_hyphen_as_typed(demo_settings: Settings) -> None:
    case = next(case for case in CASES if case.type == "postal_code")
    journey = journey_at(case, "pt")
    app = StillKiosk(demo_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        PageDriver(app, journey).show()
        await pilot.pause()
        box = app.screen.query_one("#answer-input", Input)
        await pilot.press(*"1234")
        assert box.value == "1234"
        await pilot.press("5")
        assert box.value == "1234-5"
        await pilot.press(*"67")
        assert box.value == "1234-567"
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        assert box.value == "1234"


async def test_money_accepts_the_euro_sign_and_thousands_points(demo_settings: Settings) -> None:
    case = next(case for case in CASES if case.type == "money")
    journey = journey_at(case, "en")
    app = StillKiosk(demo_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        PageDriver(app, journey).show()
        await pilot.pause()
        await pilot.press(*"1.250,50 €", "enter")
        await pilot.pause()
        assert journey.submission_answers()["yearly_income"] == "1250.50"
