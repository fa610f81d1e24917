"""A speech command that writes down what it is asked to say, for the speech tests and the benchmark.

`capture_command(log)` is a real command line (this file run by Python): it appends one JSON line
{"event": "start", "language", "text", "pid"} as soon as it has read its standard input, then "speaks" for
``seconds`` (sleeps) and appends {"event": "end", "pid"}. A process the kiosk interrupts is terminated during
that sleep, so it has a start and no end.
"""

from __future__ import annotations

import dataclasses
import json
import shlex
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # run as a script, this file imports nothing of the project
    from kiosk.config import Settings


def capture_command(log: Path, seconds: float = 0.0) -> str:
    return shlex.join([sys.executable, __file__, str(log), str(seconds)]) + " {language}"


def with_speech(settings: Settings, command: str) -> Settings:
    return dataclasses.replace(
        settings, accessibility=dataclasses.replace(settings.accessibility, speech_command=command)
    )


@dataclasses.dataclass(frozen=True)
class Said:
    language: str
    text: str
    pid: int
    ended: bool


def said(log: Path) -> list[Said]:
    """Everything the command was asked to say, in order, and whether it was let finish."""
    if not log.exists():
        return []
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
    ended = {event["pid"] for event in events if event["event"] == "end"}
    return [
        Said(event["language"], event["text"], event["pid"], event["pid"] in ended)
        for event in events
        if event["event"] == "start"
    ]


def texts(log: Path) -> list[str]:
    return [entry.text for entry in said(log)]


def _append(log: Path, event: dict[str, object]) -> None:
    with log.open("a", encoding="utf-8") as out:
        out.write(json.dumps(event, ensure_ascii=False) + "\n")


def main(log: str, seconds: str, language: str) -> None:
    import os

    text = sys.stdin.read()
    _append(Path(log), {"event": "start", "language": language, "text": text, "pid": os.getpid()})
    time.sleep(float(seconds))
    _append(Path(log), {"event": "end", "pid": os.getpid()})


if __name__ == "__main__":
    main(*sys.argv[1:4])
