"""Checking a certificate someone holds: scan its seal (the scanner types like a keyboard), type it, or type
the document's access code.

A seal mangled by a scanner's keyboard layout is put back first (kiosk/verify_input.py). The check runs in a
thread (it may ask the portal); with the portal away a seal is checked against the trust list saved on this
kiosk and it says so, while an access code, which only the portal knows, says it needs the portal. The verdict
is a sign and plain words (valid, revoked, expired, tampered, unknown), never a colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from kiosk.document_words import DocumentNamer, DocumentWords, document_lines
from screens.base import KioskScreen, TitleBar
from screens.widgets.action_bar import ActionBar
from screens.widgets.buttons import KioskButton, LanguageButton
from screens.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from kiosk.verify import SealCheck
    from kiosk.verify_input import ReadInput

HEADLINES = {  # seal status -> the sign and word shown in large letters
    "valid": "entry.verify.genuine",
    "expired": "entry.verify.expired",
    "unknown-key": "entry.verify.not_valid",  # a key nobody here trusts: as good as forged
    "bad-signature": "j2.verify.tampered",
    "malformed": "entry.verify.unreadable",
}
CODE_HEADLINES = {  # access code status -> the sign and word
    "valid": "entry.verify.genuine",
    "revoked": "j2.verify.revoked",
    "expired": "entry.verify.expired",
    "unknown": "j2.verify.unknown",
}
ONLINE_STATUSES = {"valid", "revoked", "expired", "unknown", "refused"}
"""What the portal can say (kiosk.verify.ONLINE_ANSWERS); "refused": it refused this terminal's credential."""


@dataclass(frozen=True)
class CodeCheck:
    """The portal's answer about an access code: valid / revoked / expired / unknown, None when it is away."""

    code: str
    status: str | None


class VerifyScreen(KioskScreen[None]):
    """An input for the seal text, a Check button, and the verdict; Back (Escape) dismisses with None."""

    BINDINGS = [Binding("escape", "back", show=False)]
    AUTO_FOCUS = "#seal"  # a scanner types into whatever has focus: be ready for it at once

    def __init__(self) -> None:
        super().__init__()
        self.check: SealCheck | None = None
        """The last seal checked."""
        self.code_check: CodeCheck | None = None
        """The last access code checked."""
        self.typed: ReadInput | None = None
        """What the last check read from the input (a repaired seal, an access code...)."""
        self._checking = False
        self._empty = False
        self.document_words: DocumentWords | None = None
        """The catalog's words for the checked document's type (its name, its labels in both languages)."""
        self.words_for = ""
        """The document type those words are for."""
        self._namer: DocumentNamer | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="verify-panel"):
            yield Static(id="verify-heading")
            yield Static(id="verify-how")
            yield self.seal_input()
            with ActionBar(id="verify-actions"):
                yield KioskButton(id="verify-check", variant="primary")
                yield KioskButton(id="verify-clear")
                yield KioskButton(id="verify-back")
                yield from self.more_actions()
                yield LanguageButton()
            yield StatusLine(id="verify-verdict")
            yield from self.below_verdict()

    # Where a counter's verify screen (screens/counter/verify.py) adds its scanner input, Revoke and its note.
    def seal_input(self) -> Input:
        return Input(id="seal", classes="-example")

    def more_actions(self) -> ComposeResult:
        yield from ()

    def below_verdict(self) -> ComposeResult:
        yield from ()

    def translate(self) -> None:
        self.query_one("#verify-heading", Static).update(self.t("entry.verify.heading"))
        self.query_one("#verify-how", Static).update(self.t("j2.verify.how"))
        self.query_one("#seal", Input).placeholder = self.t("entry.verify.placeholder")
        self.query_one("#verify-check", KioskButton).label = self.t("entry.verify.check")
        self.query_one("#verify-clear", KioskButton).label = self.t("entry.verify.clear")
        self.query_one("#verify-back", KioskButton).label = self.t("entry.verify.back")
        self._show_verdict()

    # --- the person's input ----------------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.start_check()

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        if event.button.id == "verify-check":
            self.start_check()
        elif event.button.id == "verify-clear":
            self.clear()
        elif event.button.id == "verify-back":
            self.action_back()

    def action_back(self) -> None:
        self.dismiss(None)

    def clear(self) -> None:
        """Ready for the next certificate: empty input and no verdict."""
        self.workers.cancel_group(self, "verify")
        self.check = None
        self.code_check = None
        self.typed = None
        self._checking = False
        self._empty = False
        self.query_one("#seal", Input).value = ""
        self.query_one("#seal", Input).focus()
        self._show_verdict()

    def start_check(self) -> None:
        from kiosk.verify_input import InputKind, read_input

        typed = self.query_one("#seal", Input).value.strip()
        self.check = None
        self.code_check = None
        self.typed = read_input(typed) if typed else None
        self._empty = not typed
        self._checking = self.typed is not None and self.typed.kind is not InputKind.WRONG_LAYOUT
        self._show_verdict()
        if self._checking and self.typed is not None:
            # Where the portal really runs (an embedded one may be off its preferred port); "" until started.
            self._run_check(self.typed, self.kiosk.core.portal_service.url or None)

    @work(thread=True, exclusive=True, group="verify", exit_on_error=False)
    def _run_check(self, typed: ReadInput, portal_url: str | None) -> None:
        from kiosk.verify_input import InputKind

        settings = self.kiosk.settings
        if typed.kind is InputKind.ACCESS_CODE:
            from kiosk.access_codes import access_code_status

            status = access_code_status(settings, typed.text, portal_url=portal_url)
            self.app.call_from_thread(self._code_checked, CodeCheck(typed.text, status))
            return
        from kiosk.verify import check_seal

        check = check_seal(typed.text, settings, portal_url=portal_url)
        self.app.call_from_thread(self._checked, check)

    def _checked(self, check: SealCheck) -> None:
        self.check = check
        self._checking = False
        self._show_verdict()
        document = check.verdict.document if check.verdict is not None else None
        if document is not None and self.words_for != document.doc_type:
            self._name_document(document.doc_type)

    @work(exclusive=True, group="verify-words", exit_on_error=False)
    async def _name_document(self, doc_type: str) -> None:
        """The verdict is shown at once with the seal's own words; the catalog's come when found (the kiosk's
        cached catalog; a few requests the first time a type is seen)."""
        if self._namer is None:
            self._namer = DocumentNamer(self.kiosk.core.catalog)
        words = await self._namer.words(doc_type)
        if words is not None:
            self.document_words, self.words_for = words, doc_type
            self._show_verdict()

    def _code_checked(self, check: CodeCheck) -> None:
        self.code_check = check
        self._checking = False
        self._show_verdict()

    # --- the verdict -----------------------------------------------------------------------------------------

    def _show_verdict(self) -> None:
        verdict = self.query_one("#verify-verdict", StatusLine)
        lines = self._verdict_lines()
        # Nothing typed, or a scanner's keyboard layout garbled the seal: the person's to fix, said at once.
        wrong_layout = self.typed is not None and self.typed.kind == "wrong-layout"
        verdict.kind = "error" if self._empty or (wrong_layout and not self._checking) else "status"
        # Plain Text, not markup: the seal's fields are whatever the issuer printed, brackets included.
        verdict.update(_lines_text(lines))
        verdict.display = bool(lines)
        verdict.set_class(self._genuine(), "-genuine")
        if self.check is not None or self.code_check is not None:
            # Once the verdict is laid out with its new lines: scrolled before, the panel went where the old
            # verdict let it, or nowhere while it was hidden, as the layout came or not first (a flaky picture).
            self.call_after_refresh(self._headline_into_view)

    def _headline_into_view(self) -> None:
        """On a small screen the verdict's headline comes into view, at once (no motion to follow), the panel
        scrolled no further than that: what was typed and Check stay in sight above it, to try again (at 60x20
        the whole verdict and the field do not fit together); the rest of the verdict is a scroll away."""
        verdict = self.query_one("#verify-verdict", StatusLine)
        region = verdict.virtual_region_with_margin  # in the panel's content, the verdict being its child
        headline_rows = verdict.styles.margin.top + verdict.styles.gutter.top + 1
        if region.height:
            self.query_one("#verify-panel", VerticalScroll).scroll_to_region(
                region._replace(height=min(region.height, headline_rows)), animate=False, immediate=True
            )

    def _genuine(self) -> bool:
        if self.code_check is not None:
            return self.code_check.status == "valid"
        check = self.check
        return bool(
            check and check.verdict and check.verdict.valid and check.online in {None, "valid", "refused"}
        )

    def _verdict_lines(self) -> list[str]:
        if self._empty:
            return [self.t("entry.verify.empty")]
        if self._checking:
            return [self.t("entry.verify.checking")]
        if self.typed is not None and self.typed.kind == "wrong-layout":
            return [self.t("entry.verify.unreadable"), self.t("j2.verify.wrong_layout")]
        if self.code_check is not None:
            return self._code_lines(self.code_check)
        check = self.check
        if check is None:
            return []
        lines = self._seal_lines(check)
        if self.typed is not None and self.typed.repaired:
            lines += ["", self.t("j2.verify.repaired")]
        return lines

    def _code_lines(self, check: CodeCheck) -> list[str]:
        heading = self.t("j2.verify.code_heading", code=check.code)
        if check.status is None:
            return [self.t("entry.verify.unreadable"), heading, self.t("j2.verify.code_offline")]
        if check.status == "refused":  # the portal is there but refuses this terminal: not the network
            return [self.t("j2.verify.not_checked"), heading, self.t("j2.verify.code_refused")]
        return [self.t(CODE_HEADLINES[check.status]), heading, self.t(f"j2.verify.code_{check.status}")]

    def _seal_lines(self, check: SealCheck) -> list[str]:
        if check.verdict is None:
            return [self.t("entry.verify.no_trust_list")]
        status = check.verdict.status.value
        lines = [self.t(_headline_key(check)), self.t(f"verify.seal.{status}")]
        if check.verdict.refusal is not None:  # which rule of the seal format it breaks, in words
            lines.append(self.t(f"verify.reason.{check.verdict.refusal.value}"))
        document = check.verdict.document
        if document is not None:
            words = self.document_words if self.words_for == document.doc_type else None
            lines += ["", *document_lines(document, words, self.kiosk.language)]
        if check.verdict.valid:
            lines.append("")
            if check.online in ONLINE_STATUSES:
                lines.append(self.t(f"verify.online.{check.online}"))
            elif not check.from_cache:
                lines.append(self.t("verify.online.unavailable"))
        if check.from_cache:
            lines += ["", self.t("entry.verify.offline")]
        return lines


def _headline_key(check: SealCheck) -> str:
    """The sign and word: the seal's verdict, overruled by the issuer saying the document is no longer valid."""
    status = check.verdict.status.value if check.verdict is not None else "malformed"
    if status == "valid" and check.online in CODE_HEADLINES:
        return CODE_HEADLINES[check.online]
    return HEADLINES.get(status, "entry.verify.not_valid")


def _lines_text(lines: list[str]) -> Text:
    """The lines as plain text, never markup (a seal's fields are what the issuer printed); the first bold."""
    text = Text("\n".join(lines))
    if lines:
        text.stylize("bold", 0, len(lines[0]))
    return text
