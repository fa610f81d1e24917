"""One question page (GOV.UK question pages): the question as the heading, its hint, the answer, Continue.

Continue hands the answer to the journey, which checks it: a refused answer comes back with an error summary
at the top ("There is a problem") and the same message beside the answer, what was typed kept; an accepted
one ends the page with "moved" and the navigation shows whatever page the journey is on next.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.events import Click
from textual.widgets import Input, Static

from kiosk.journey.journey import Journey, Question
from screens.base import KioskScreen, TitleBar
from screens.widgets.buttons import KioskButton, LanguageButton
from screens.widgets.fields import FieldWidget, answer_widget, type_hint


class ErrorSummary(Static):
    """The problems of the page, at its top; a click on it puts the person back in the answer."""

    def on_click(self, event: Click) -> None:
        event.stop()
        self.screen.query_one(FieldWidget).focus_answer()


class QuestionScreen(KioskScreen[str]):
    """Dismisses with "moved" after Continue or Back (the journey moved), "leave" after Cancel."""

    def __init__(self, journey: Journey) -> None:
        super().__init__()
        self.journey = journey
        question = journey.question
        if question is None:
            raise ValueError("the journey is not on a question page")
        self.question: Question = question

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="page"):
            yield ErrorSummary(id="error-summary")
            yield Static(id="progress")
            yield Static(id="heading")
            yield Static(id="hint")
            yield Static(id="inline-error")
            yield answer_widget(self.question.field, self.kiosk.language, self.question.value)
        with Horizontal(id="actions"):
            yield KioskButton(id="back")
            yield KioskButton(id="continue", variant="primary")
            yield KioskButton(id="cancel", variant="warning")
            yield LanguageButton()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(FieldWidget).focus_answer()

    def translate(self) -> None:
        language = self.kiosk.language
        # The navigation relabels the journey with the service in the new language; read the page again.
        question = self.journey.question or self.question
        self.question = question
        field = question.field
        self.query_one(FieldWidget).relabel(field, language)
        self.query_one("#progress", Static).update(
            self.t("questions.progress", number=question.number, total=question.total)
        )
        heading = field.label if field.required else f"{field.label} {self.t('questions.optional')}"
        self.query_one("#heading", Static).update(heading)
        hints = [hint for hint in (field.hint, type_hint(field, language)) if hint]
        self.query_one("#hint", Static).update("\n".join(hints))
        self.query_one("#hint").display = bool(hints)
        self.query_one("#back", KioskButton).label = self.t("questions.back")
        self.query_one("#continue", KioskButton).label = self.t("questions.continue")
        self.query_one("#cancel", KioskButton).label = self.t("questions.cancel")
        self.show_problems()

    def show_problems(self) -> None:
        """The page's problems in the summary at the top and beside the answer; hidden when there are none."""
        messages = [problem.message(self.kiosk.language) for problem in self.question.problems]
        summary = self.query_one("#error-summary", ErrorSummary)
        inline = self.query_one("#inline-error", Static)
        summary.display = inline.display = bool(messages)
        self.set_class(bool(messages), "-problem")
        if messages:
            summary.update("\n".join([self.t("questions.problem_title"), *(f"• {m}" for m in messages)]))
            inline.update("\n".join(f"{self.t('questions.error_prefix')} {m}" for m in messages))

    def action_continue(self) -> None:
        problems = self.journey.answer(self.query_one(FieldWidget).value)
        if not problems:
            self.dismiss("moved")
            return
        self.question = self.journey.question or self.question
        self.show_problems()
        self.query_one("#page", VerticalScroll).scroll_home(animate=False)
        self.query_one(FieldWidget).focus_answer()

    def action_back(self) -> None:
        self.journey.back()
        self.dismiss("moved")

    def action_cancel(self) -> None:
        self.dismiss("leave")

    @on(Input.Submitted)
    def continue_on_enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_continue()

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        actions = {"continue": self.action_continue, "back": self.action_back, "cancel": self.action_cancel}
        action = actions.get(event.button.id or "")
        if action is not None:
            event.stop()
            action()
