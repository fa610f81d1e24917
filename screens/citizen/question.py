"""One question page (GOV.UK question pages): the question as the heading, its hint, the answer, Continue.

Continue hands the answer to the journey, which checks it: a refused answer comes back with an error summary
at the top ("There is a problem") and the same message beside the answer, what was typed kept. An accepted one
turns the page: while the journey stays on its questions this screen shows the next one in place (a new answer
widget, the texts read again), which is much quicker than a new screen; when the journey leaves its questions
(to check your answers, or back to the start page) the screen ends with "moved" and the navigation takes over.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.events import Click
from textual.message import Message
from textual.widgets import Input, Static

from kiosk.journey.journey import Journey, Question, Step
from screens.base import KioskScreen, TitleBar
from screens.widgets.buttons import KioskButton, LanguageButton
from screens.widgets.fields import FieldWidget, answer_widget, type_hint
from screens.widgets.status_line import StatusLine


class ErrorSummary(StatusLine):
    """The problems of the page, at its top, said at once; a click on it puts the person back in the answer."""

    def __init__(self, id: str) -> None:  # noqa: A002
        super().__init__(id=id, kind="error")

    def on_click(self, event: Click) -> None:
        event.stop()
        self.screen.query_one(FieldWidget).focus_answer()


class QuestionScreen(KioskScreen[str]):
    """Dismisses with "moved" once the journey leaves its questions, "leave" after Cancel."""

    class Shown(Message, bubble=False):
        """A question is on screen (the first, or the next one after a page turn): for tests and benchmarks."""

        def __init__(self, question: Question) -> None:
            super().__init__()
            self.question = question

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
            yield StatusLine(id="progress")
            yield Static(id="heading")
            yield Static(id="hint")
            # The same words as the summary, beside the answer: the summary says them.
            yield StatusLine(id="inline-error", kind="error", spoken=False)
            yield answer_widget(self.question.field, self.kiosk.language, self.question.value)
        with Horizontal(id="actions"):
            yield KioskButton(id="back")
            yield KioskButton(id="continue", variant="primary")
            yield KioskButton(id="cancel", variant="warning")
            yield LanguageButton()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(FieldWidget).focus_answer()
        self.call_after_refresh(self.post_message, self.Shown(self.question))

    async def turn_page(self) -> None:
        """The journey moved: its next question on this same screen, or the navigation's turn."""
        question = self.journey.question
        if self.journey.step is not Step.QUESTION or question is None:
            self.dismiss("moved")
            return
        self.question = question
        self.kiosk.speech.page_turned(self)  # the next page is read like a new screen
        answer = answer_widget(question.field, self.kiosk.language, question.value)
        await self.query_one(FieldWidget).remove()
        await self.query_one("#page", VerticalScroll).mount(answer)
        self.translate()
        self.query_one("#page", VerticalScroll).scroll_home(animate=False)
        answer.focus_answer()
        self.call_after_refresh(self.post_message, self.Shown(question))

    def translate(self) -> None:
        language = self.kiosk.language
        # The navigation relabels the journey with the service in the new language; read the page again.
        question = self.journey.question or self.question
        self.question = question
        field = question.field
        self.query_one(FieldWidget).relabel(field, language)
        self.query_one("#progress", StatusLine).update(
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
        inline = self.query_one("#inline-error", StatusLine)
        summary.display = inline.display = bool(messages)
        self.set_class(bool(messages), "-problem")
        if messages:
            summary.update("\n".join([self.t("questions.problem_title"), *(f"• {m}" for m in messages)]))
            inline.update("\n".join(f"{self.t('questions.error_prefix')} {m}" for m in messages))

    async def action_continue(self) -> None:
        problems = self.journey.answer(self.query_one(FieldWidget).value)
        if not problems:
            await self.turn_page()
            return
        self.question = self.journey.question or self.question
        self.show_problems()
        self.query_one("#page", VerticalScroll).scroll_home(animate=False)
        self.query_one(FieldWidget).focus_answer()

    async def action_back(self) -> None:
        self.journey.back()
        await self.turn_page()

    def action_cancel(self) -> None:
        self.dismiss("leave")

    def on_field_widget_chosen(self, event: FieldWidget.Chosen) -> None:
        event.stop()
        self.query_one("#continue", KioskButton).focus()

    @on(Input.Submitted)
    async def continue_on_enter(self, event: Input.Submitted) -> None:
        event.stop()
        await self.action_continue()

    async def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        if event.button.id == "cancel":
            event.stop()
            self.action_cancel()
        elif event.button.id in ("continue", "back"):
            event.stop()
            await (self.action_continue() if event.button.id == "continue" else self.action_back())
