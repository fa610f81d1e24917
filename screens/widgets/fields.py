"""The answer widgets of the question pages: one per field type, large enough for a kiosk.

Each widget shows one FormField and gives its answer as ``value`` in the form the portal expects (text for
most types, a bool for yes/no, a list for several choices, a dict for an address); setting ``value`` (or
passing it to the constructor) shows a kept answer again. Checking the answer is not done here: the journey
validates it, and the question page shows its problems.
"""

from __future__ import annotations

import re
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Checkbox, Input, Label, RadioButton, RadioSet, Static, TextArea

from kiosk.client.models import FormField
from kiosk.i18n import text
from screens.widgets.buttons import KioskButton

TYPE_HINTS = {
    "date": "questions.field.date_hint",
    "nif": "questions.field.nif_hint",
    "postal_code": "questions.field.postal_code_hint",
    "money": "questions.field.money_hint",
    "phone": "questions.field.phone_hint",
    "email": "questions.field.email_hint",
    "multiple_choice": "questions.field.many_hint",
    "single_choice": "questions.field.one_hint",
    "long_text": "questions.field.long_text_hint",
}


def type_hint(field: FormField, language: str) -> str:
    """How to write an answer of this type (an example date, the NIF's 9 digits...), or ''."""
    key = TYPE_HINTS.get(field.type)
    return text(language, key) if key else ""


class FieldWidget(Vertical):
    """The answer area of one question. Subclasses build the inputs and read and write ``value``."""

    DEFAULT_CLASSES = "answer"

    class Chosen(Message):
        """The person chose with Enter or Space (one choice, or yes/no) or left a group of choices with Tab:
        the question page moves the focus on to Continue, so one key, not a walk past Back, gets there."""

    def __init__(self, field: FormField, language: str, value: object = None) -> None:
        super().__init__(id="answer")
        self.field = field
        self.language = language
        self._preset = value

    @property
    def value(self) -> object:
        """The answer as the portal expects it; a blank answer is '' (or [] / {} / None by type)."""
        return self.read_value() if self.is_mounted else self._preset

    @value.setter
    def value(self, value: object) -> None:
        self._preset = value
        if self.is_mounted:
            self.show_value(value)

    def on_mount(self) -> None:
        self.show_value(self._preset)
        self.relabel(self.field, self.language)

    def read_value(self) -> object:
        """The answer from the inputs (the widget is mounted)."""
        raise NotImplementedError

    def show_value(self, value: object) -> None:
        """Put a kept answer in the inputs."""

    def relabel(self, field: FormField, language: str) -> None:
        """The same field in another language: labels change, what was typed or chosen stays."""
        self.field = field
        self.language = language

    def focus_answer(self) -> None:
        """Put the focus where the person starts answering."""
        focusable = self.query("Input, TextArea, RadioSet, Checkbox, KioskButton").first()
        focusable.focus()

    def action_leave_choices(self) -> None:
        self.post_message(self.Chosen())

    def t(self, key: str, **values: object) -> str:
        return text(self.language, key, **values)


def _as_text(value: object) -> str:
    return "" if value is None or isinstance(value, bool) else str(value)


class TextAnswer(FieldWidget):
    """One line of text: text, number, NIF, email, phone."""

    def compose(self) -> ComposeResult:
        yield Input(_as_text(self._preset), id="answer-input", select_on_focus=False)

    def read_value(self) -> object:
        return self.query_one("#answer-input", Input).value

    def show_value(self, value: object) -> None:
        self.query_one("#answer-input", Input).value = _as_text(value)


class LongTextAnswer(FieldWidget):
    """Several lines of text; Tab leaves the box (Enter starts a new line)."""

    def compose(self) -> ComposeResult:
        yield TextArea(_as_text(self._preset), id="answer-input", soft_wrap=True, show_line_numbers=False)

    def read_value(self) -> object:
        return self.query_one("#answer-input", TextArea).text

    def show_value(self, value: object) -> None:
        self.query_one("#answer-input", TextArea).text = _as_text(value)


class MoneyAnswer(FieldWidget):
    """An amount in euros: a comma or a point for the cents, spaces and a € sign are fine."""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="money"):
            yield Input(_as_text(self._preset), id="answer-input", select_on_focus=False)
            yield Static("€", classes="unit")

    def read_value(self) -> object:
        amount = re.sub(r"[\s€]", "", self.query_one("#answer-input", Input).value)
        if "," in amount and "." in amount:
            amount = amount.replace(".", "")  # 1.250,50: the point only groups thousands
        return amount

    def show_value(self, value: object) -> None:
        self.query_one("#answer-input", Input).value = _as_text(value).replace(".", ",")


class PostalCodeInput(Input):
    """A Portuguese postal code: the hyphen is put in as the fifth digit is typed (1234-567)."""

    def __init__(self, value: str = "", *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(value, id=id, restrict=r"[0-9\- ]*", max_length=8, select_on_focus=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        typed = event.value
        if re.fullmatch(r"\d{0,4}-?", typed):
            return
        digits = re.sub(r"\D", "", typed)
        formatted = f"{digits[:4]}-{digits[4:7]}" if len(digits) > 4 else digits
        if formatted != typed:
            self.value = formatted
            self.cursor_position = len(formatted)


class PostalCodeAnswer(FieldWidget):
    def compose(self) -> ComposeResult:
        yield PostalCodeInput(_as_text(self._preset), id="answer-input")

    def read_value(self) -> object:
        return self.query_one("#answer-input", Input).value.strip()

    def show_value(self, value: object) -> None:
        self.query_one("#answer-input", Input).value = _as_text(value)


class DateAnswer(FieldWidget):
    """Day, month and year in three boxes (GOV.UK date input); the answer is ISO text, yyyy-mm-dd."""

    PARTS: ClassVar[tuple[tuple[str, int], ...]] = (("day", 2), ("month", 2), ("year", 4))

    def compose(self) -> ComposeResult:
        parts = self._parts(self._preset)
        with Horizontal(classes="date"):
            for (name, width), part in zip(self.PARTS, parts, strict=True):
                with Vertical(classes=f"date-part -{name}"):
                    yield Label(id=f"{name}-label")
                    yield Input(part, id=f"answer-{name}", restrict=r"\d*", max_length=width)

    @staticmethod
    def _parts(value: object) -> tuple[str, str, str]:
        """Day, month and year of an ISO date (leading zeros dropped, as people type them)."""
        found = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", _as_text(value))
        if not found:
            return ("", "", "")
        year, month, day = found.groups()
        return (str(int(day)), str(int(month)), year)

    def read_value(self) -> object:
        day, month, year = (self.query_one(f"#answer-{name}", Input).value.strip() for name, _ in self.PARTS)
        if not (day or month or year):
            return ""
        # A missing or short part gives a text the journey refuses as a date, which is the right message.
        return f"{year}-{month.zfill(2)}-{day.zfill(2)}"

    def show_value(self, value: object) -> None:
        for (name, _), part in zip(self.PARTS, self._parts(value), strict=True):
            self.query_one(f"#answer-{name}", Input).value = part

    def relabel(self, field: FormField, language: str) -> None:
        super().relabel(field, language)
        for name, _ in self.PARTS:
            self.query_one(f"#{name}-label", Label).update(self.t(f"questions.field.{name}"))


class ChoiceButton(RadioButton):
    """A radio row whose mark is a dot when chosen and empty when not: a shape, not a colour alone."""

    BUTTON_INNER = " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = "●" if self.value else " "
        super().watch_value()


class TickBox(Checkbox):
    """A tick box whose mark is a tick when ticked and empty when not: a shape, not a colour alone."""

    BUTTON_INNER = " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = "✔" if self.value else " "
        super().watch_value()


# Tab leaves a group of choices for Continue (arrows move inside it, as in a RadioSet); Shift+Tab goes back.
LEAVE_CHOICES = Binding("tab", "leave_choices", "Continue", show=False)


class ChoiceSet(RadioSet):
    """A single choice's options: Enter or Space chooses the highlighted one, then Continue has the focus."""

    def action_toggle_button(self) -> None:
        super().action_toggle_button()  # the highlighted option is chosen now (pressing it again keeps it)
        self.post_message(FieldWidget.Chosen())


class SingleChoiceAnswer(FieldWidget):
    """One choice among the options, as large rows: arrows move, Enter or Space chooses, a click too."""

    BINDINGS = [LEAVE_CHOICES]

    def compose(self) -> ComposeResult:
        with ChoiceSet(id="answer-input"):
            for index, option in enumerate(self.field.options):
                yield ChoiceButton(option.label, value=option.value == self._preset, id=f"option-{index}")

    def read_value(self) -> object:
        chosen = self.query_one("#answer-input", RadioSet).pressed_index
        return self.field.options[chosen].value if chosen >= 0 else ""

    def show_value(self, value: object) -> None:
        for index, option in enumerate(self.field.options):
            if option.value == value:
                self.query_one(f"#option-{index}", RadioButton).value = True

    def relabel(self, field: FormField, language: str) -> None:
        super().relabel(field, language)
        for index, option in enumerate(field.options):
            self.query_one(f"#option-{index}", RadioButton).label = option.label


class MultipleChoiceAnswer(FieldWidget):
    """Any number of the options, as large tick boxes: arrows move, Enter or Space ticks, a click too."""

    BINDINGS = [
        Binding("down", "app.focus_next", "Next option", show=False),
        Binding("up", "app.focus_previous", "Previous option", show=False),
        LEAVE_CHOICES,
    ]

    def compose(self) -> ComposeResult:
        chosen = self._preset if isinstance(self._preset, list) else []
        for index, option in enumerate(self.field.options):
            yield TickBox(option.label, value=option.value in chosen, id=f"option-{index}")

    def read_value(self) -> object:
        return [
            option.value
            for index, option in enumerate(self.field.options)
            if self.query_one(f"#option-{index}", Checkbox).value
        ]

    def show_value(self, value: object) -> None:
        chosen = value if isinstance(value, list) else []
        for index, option in enumerate(self.field.options):
            self.query_one(f"#option-{index}", Checkbox).value = option.value in chosen

    def relabel(self, field: FormField, language: str) -> None:
        super().relabel(field, language)
        for index, option in enumerate(field.options):
            self.query_one(f"#option-{index}", Checkbox).label = option.label


class YesNoAnswer(FieldWidget):
    """Two large buttons; the chosen one is marked by a filled dot and a heavy frame, not colour alone."""

    BINDINGS = [
        Binding("left,up", "focus_choice('yes')", "Yes", show=False),
        Binding("right,down", "focus_choice('no')", "No", show=False),
        LEAVE_CHOICES,
    ]

    def __init__(self, field: FormField, language: str, value: object = None) -> None:
        super().__init__(field, language, value)
        self._chosen: bool | None = value if isinstance(value, bool) else None

    def compose(self) -> ComposeResult:
        with Horizontal(classes="yes-no"):
            yield KioskButton(id="answer-yes")
            yield KioskButton(id="answer-no")

    def read_value(self) -> object:
        return self._chosen

    def show_value(self, value: object) -> None:
        self._chosen = value if isinstance(value, bool) else None
        self._mark()

    def relabel(self, field: FormField, language: str) -> None:
        super().relabel(field, language)
        self._mark()

    def _mark(self) -> None:
        for choice, name in ((True, "yes"), (False, "no")):
            button = self.query_one(f"#answer-{name}", KioskButton)
            button.label = ("◉ " if self._chosen is choice else "○ ") + self.t(f"questions.field.{name}")
            button.set_class(self._chosen is choice, "-chosen")

    def focus_answer(self) -> None:
        self.query_one("#answer-no" if self._chosen is False else "#answer-yes", KioskButton).focus()

    def action_focus_choice(self, name: str) -> None:
        self.query_one(f"#answer-{name}", KioskButton).focus()

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        if event.button.id in ("answer-yes", "answer-no"):
            event.stop()
            self._chosen = event.button.id == "answer-yes"
            self._mark()
            self.post_message(self.Chosen())


class AddressAnswer(FieldWidget):
    """A Portuguese address: street, postal code and locality, each in its own box."""

    PARTS: ClassVar[tuple[str, ...]] = ("street", "postal_code", "locality")

    def compose(self) -> ComposeResult:
        kept = self._preset if isinstance(self._preset, dict) else {}
        for name in self.PARTS:
            yield Label(id=f"{name}-label", classes="part-label")
            if name == "postal_code":
                yield PostalCodeInput(_as_text(kept.get(name)), id=f"answer-{name}")
            else:
                yield Input(_as_text(kept.get(name)), id=f"answer-{name}", select_on_focus=False)

    def read_value(self) -> object:
        parts = {name: self.query_one(f"#answer-{name}", Input).value.strip() for name in self.PARTS}
        if not any(parts.values()):
            return {}
        kept = self._preset if isinstance(self._preset, dict) else {}
        country = kept.get("country")
        return {**parts, "country": country} if isinstance(country, str) and country else parts

    def show_value(self, value: object) -> None:
        kept = value if isinstance(value, dict) else {}
        for name in self.PARTS:
            self.query_one(f"#answer-{name}", Input).value = _as_text(kept.get(name))

    def relabel(self, field: FormField, language: str) -> None:
        super().relabel(field, language)
        for name in self.PARTS:
            self.query_one(f"#{name}-label", Label).update(self.t(f"questions.field.{name}"))


WIDGETS: dict[str, type[FieldWidget]] = {
    "text": TextAnswer,
    "number": TextAnswer,
    "nif": TextAnswer,
    "email": TextAnswer,
    "phone": TextAnswer,
    "long_text": LongTextAnswer,
    "money": MoneyAnswer,
    "postal_code": PostalCodeAnswer,
    "date": DateAnswer,
    "single_choice": SingleChoiceAnswer,
    "multiple_choice": MultipleChoiceAnswer,
    "yes_no": YesNoAnswer,
    "address": AddressAnswer,
}


def answer_widget(field: FormField, language: str, value: object = None) -> FieldWidget:
    """The widget for the field's type (a line of text for a type this kiosk does not know yet)."""
    if field.type == "partners":  # a list of rows, in its own module (it imports FieldWidget from here)
        from screens.widgets.partners import PartnersAnswer

        return PartnersAnswer(field, language, value)
    return WIDGETS.get(field.type, TextAnswer)(field, language, value)


__all__ = ["FieldWidget", "PostalCodeInput", "answer_widget", "type_hint"]
