"""kiosk.speech.Speaker headless: the command it builds, interruption, queueing, repeat, stop; and once through
the real espeak-ng writing a WAV that sox measures (non-silent, about as long as the sentence)."""

from __future__ import annotations

import re
import shlex
import subprocess
import time
from pathlib import Path

import pytest

from kiosk.speech import Speaker
from tests.conftest import ROOT
from tests.helpers import require_tool, wait_for
from tests.ui.speech_helpers import capture_command, said


def test_an_empty_command_is_a_quiet_no_op() -> None:
    speaker = Speaker("  ")
    speaker.say("Olá", "pt")
    speaker.repeat()
    speaker.stop()
    speaker.close()
    assert not speaker.enabled
    assert speaker.last_said is None


def test_the_language_goes_into_the_command_and_the_text_on_stdin(tmp_path: Path) -> None:
    log = tmp_path / "said.jsonl"
    speaker = Speaker(capture_command(log))
    assert speaker.argv("en")[-1] == "en"
    speaker.say("  Insert   your card ", "en")
    wait_for(lambda: said(log), "the utterance")
    assert [(entry.language, entry.text) for entry in said(log)] == [("en", "Insert your card")]
    speaker.close()


def test_a_new_utterance_interrupts_and_a_queued_one_waits(tmp_path: Path) -> None:
    log = tmp_path / "said.jsonl"
    speaker = Speaker(capture_command(log, seconds=0.6))
    speaker.say("first screen", "pt")
    wait_for(lambda: len(said(log)) == 1, "the first")
    speaker.say("second screen", "pt")  # interrupts the first
    speaker.say("its button", "pt", interrupt=False)  # waits for the second to finish
    wait_for(lambda: len(said(log)) == 3 and all(entry.ended for entry in said(log)[1:]), "all three", 30)
    first, second, third = said(log)
    assert (first.text, first.ended) == ("first screen", False)
    assert (second.text, third.text) == ("second screen", "its button")
    speaker.repeat()
    wait_for(lambda: len(said(log)) == 4, "the repeat")
    assert said(log)[-1].text == "its button"
    speaker.close()


def test_stop_forgets_and_drops_what_was_queued(tmp_path: Path) -> None:
    log = tmp_path / "said.jsonl"
    speaker = Speaker(capture_command(log, seconds=30))
    speaker.say("a name on the screen", "en")
    speaker.say("queued after it", "en", interrupt=False)
    wait_for(lambda: said(log), "the first")
    speaker.stop(forget=True)
    time.sleep(0.5)
    assert [entry.text for entry in said(log)] == ["a name on the screen"]
    assert speaker.last_said is None
    speaker.repeat()
    time.sleep(0.3)
    assert len(said(log)) == 1
    speaker.close()


def test_a_missing_program_is_one_log_line_and_no_speech(caplog: pytest.LogCaptureFixture) -> None:
    speaker = Speaker("no-such-speaker-h13 -v {language}")
    assert not speaker.enabled  # so the attract screen does not offer it
    speaker.say("NIF 123456789", "pt")
    speaker.close()
    lines = [record.getMessage() for record in caplog.records]
    assert lines == ["speech is not offered: no-such-speaker-h13 is not installed"]
    assert not Speaker('"unbalanced -v {language}').enabled


def test_a_program_gone_since_start_is_logged_without_the_text(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    program = tmp_path / "speak"
    program.write_text("#!/bin/sh\ncat >/dev/null\n", encoding="utf-8")
    program.chmod(0o755)
    speaker = Speaker(f"{program} {{language}}")
    assert speaker.enabled
    program.unlink()  # uninstalled while the kiosk runs
    speaker.say("NIF 123456789", "pt")
    wait_for(lambda: "could not start" in caplog.text, "the warning")
    assert "123456789" not in caplog.text
    speaker.close()


def test_the_project_kiosk_toml_offers_espeak_ng() -> None:
    """The demo speaks (make demo installs espeak-ng); the command is only offered, each person turns it on."""
    from kiosk.config import load_settings

    settings = load_settings(ROOT / "kiosk.toml", env={})
    assert shlex.split(settings.accessibility.speech_command)[0] == "espeak-ng"
    assert "{language}" in settings.accessibility.speech_command


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("pt", "Insira o seu cartão de cidadão para começar. Pode também consultar os serviços."),
        ("en", "Insert your citizen card to begin. You can also browse the services."),
    ],
)
def test_espeak_writes_speech_that_sox_measures(tmp_path: Path, language: str, sentence: str) -> None:
    require_tool("espeak-ng")
    sox = require_tool("sox")
    wav = tmp_path / "said.wav"
    speaker = Speaker(f"espeak-ng -v {{language}} -w {shlex.quote(str(wav))}")
    started: list[float] = []
    speaker._on_started = lambda utterance: started.append(utterance.requested_at)
    speaker.say(sentence, language)
    wait_for(lambda: started, "espeak-ng to start")
    wait_for(lambda: wav.exists() and _sox_stat(sox, wav).get("Length (seconds)", 0) > 0, "the WAV", 30)
    time.sleep(0.5)  # espeak-ng writes the header first; let it finish the file
    stat = _sox_stat(sox, wav)
    words = len(sentence.split())
    # About 2 to 4 words a second at espeak-ng's default rate: the whole sentence, not a click.
    assert words / 5 < stat["Length (seconds)"] < words / 1.5
    assert stat["RMS     amplitude"] > 0.01
    assert stat["Maximum amplitude"] > 0.1
    speaker.close()


def _sox_stat(sox: str, wav: Path) -> dict[str, float]:
    done = subprocess.run([sox, str(wav), "-n", "stat"], capture_output=True, text=True, check=False)
    values: dict[str, float] = {}
    for line in done.stderr.splitlines():
        match = re.match(r"(.+?):\s+(-?[\d.]+)$", line)
        if match:
            values[match.group(1)] = float(match.group(2))
    return values
