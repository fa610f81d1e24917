"""Wrapping and fitting text, and the printer-state-reasons -> state mapping."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from printing.fonts import fonts
from printing.ipp import IppError, decode_response
from printing.layout import fit_text, wrap_text
from printing.status import PrinterState, state_from_reasons

words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=40
)


@settings(max_examples=200, deadline=None)
@given(st.lists(words, max_size=30), st.floats(min_value=30, max_value=300))
def test_wrapped_lines_fit_and_keep_every_character(chunks: list[str], width: float) -> None:
    font = fonts().regular
    text = " ".join(chunks)
    lines = wrap_text(text, font, 9, width)
    for line in lines:
        # A single glyph wider than the line is the only allowed overflow.
        assert stringWidth(line, font, 9) <= width or len(line) == 1
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_fit_text_shrinks_before_wrapping() -> None:
    font = fonts().bold
    name = "Maria da Conceição Łukasiewicz-Nguyễn"
    fitted = fit_text(name, font, 20, stringWidth(name, font, 20) * 0.8, max_lines=1, min_size=8)
    assert fitted.lines == [name]
    assert fitted.size < 20
    tiny = fit_text(name * 5, font, 20, 100, max_lines=1, min_size=8)
    assert tiny.size == 8
    assert len(tiny.lines) > 1


def test_reasons_map_to_states() -> None:
    assert state_from_reasons([]) is PrinterState.READY
    assert state_from_reasons(["none"]) is PrinterState.READY
    assert state_from_reasons(["toner-low-report", "marker-waste-full-warning"]) is PrinterState.READY
    assert state_from_reasons(["media-empty-warning", "media-needed-warning"]) is PrinterState.NO_PAPER
    assert state_from_reasons(["media-empty-report", "media-jam-error"]) is PrinterState.JAM
    assert state_from_reasons(["door-open-error"]) is PrinterState.DOOR_OPEN
    assert state_from_reasons(["offline-report"]) is PrinterState.OFFLINE
    assert state_from_reasons([], stopped=True) is PrinterState.OFFLINE


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_ipp_decoder_answers_or_raises_ipp_error_on_garbage(data: bytes) -> None:
    try:
        response = decode_response(data)
    except IppError:
        return
    assert isinstance(response.status, int)
    assert all(isinstance(name, str) for name in response.attributes)
