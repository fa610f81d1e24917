"""Speech output: what is on the screen, said aloud through the configured speech command.

``[accessibility] speech_command`` is a command line that speaks the text it reads on standard input, for
example ``espeak-ng -v {language}`` (the project's kiosk.toml offers it); ``{language}`` becomes the person's
language (pt, en). An empty command turns speech off and every call here does nothing; so does a command whose
program is not installed, with one line in the log saying so (the kiosk then simply does not offer speech).

A person at a kiosk moves faster than a sentence is spoken, so a new utterance interrupts the one still playing
(EN 301 549 5.1.3.x asks for speech that follows the interaction); one said with ``interrupt=False`` waits for
the one playing to end instead (a screen's focused control after its title). Starting a process can take a few
milliseconds, so it happens on one named thread and never on the caller's (the UI's event loop).
"""

from __future__ import annotations

import logging
import queue
import shlex
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Utterance:
    text: str
    language: str
    requested_at: float
    """time.perf_counter() when it was asked for: the latency benchmark measures from here."""
    generation: int = 0
    """Bumped by every interrupting utterance: anything queued from an older generation is dropped unsaid."""
    interrupts: bool = True


def installed(command: str) -> str:
    """The command when its program can be started here, else '' (speech not offered), said once in the log."""
    if not command:
        return ""
    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        log.warning("speech is not offered: the speech command in kiosk.toml cannot be read")
        return ""
    if shutil.which(program) is None:
        log.warning("speech is not offered: %s is not installed", program)
        return ""
    return command


class Speaker:
    """Speaks one thing at a time; the newest wins."""

    def __init__(self, command: str, *, on_started: Callable[[Utterance], None] | None = None) -> None:
        self.command = installed(command.strip())
        self._on_started = on_started
        self._last: Utterance | None = None
        self._pending: queue.SimpleQueue[Utterance | None] = queue.SimpleQueue()
        self._process: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._started: list[subprocess.Popen[bytes]] = []
        self._generation = 0

    @property
    def enabled(self) -> bool:
        return bool(self.command)

    @property
    def last_said(self) -> str | None:
        return self._last.text if self._last else None

    def say(self, text: str, language: str, *, interrupt: bool = True) -> None:
        """Speak ``text`` in ``language``; with ``interrupt`` (the default) whatever is playing stops first."""
        text = " ".join(text.split())
        if not self.enabled or not text:
            return
        if interrupt:
            with self._lock:
                self._generation += 1
            self._terminate()
        utterance = Utterance(text, language, time.perf_counter(), self._generation, interrupt)
        self._last = utterance
        self._ensure_thread()
        self._pending.put(utterance)

    def repeat(self) -> None:
        """Say the last thing again (the person asked: a key on every screen)."""
        if self._last is not None:
            self.say(self._last.text, self._last.language)

    def stop(self, *, forget: bool = False) -> None:
        """Silence now; ``forget`` also drops the last utterance (the session was wiped: nothing to repeat)."""
        with self._lock:
            self._generation += 1  # and nothing queued starts afterwards
        self._terminate()
        if forget:
            self._last = None

    def close(self) -> None:
        self.stop(forget=True)
        if self._thread is not None:
            self._pending.put(None)
            self._thread.join(timeout=2)
            self._thread = None

    def argv(self, language: str) -> list[str]:
        return [part.replace("{language}", language) for part in shlex.split(self.command)]

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="speech", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while (utterance := self._pending.get()) is not None:
            if utterance.generation != self._generation:
                continue  # something newer interrupted it before it could start
            if not utterance.interrupts:
                # It follows what is being said (a screen's title, then its focused button): wait for the end,
                # or for an interruption, which terminates the process and ends the wait at once.
                with self._lock:
                    playing = self._process
                if playing is not None:
                    playing.wait()
                if utterance.generation != self._generation:
                    continue
            self._speak(utterance)

    def _speak(self, utterance: Utterance) -> None:
        # poll() reaps the processes that have ended, so interrupted speech leaves no zombies behind.
        self._started = [started for started in self._started if started.poll() is None]
        try:
            process = subprocess.Popen(
                self.argv(utterance.language),
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError as error:
            # Never the text: it may hold what the person typed.
            log.warning("speech command could not start: %s", error.strerror or type(error).__name__)
            return
        self._started.append(process)
        with self._lock:
            self._process = process
            superseded = utterance.generation != self._generation
        if superseded:  # interrupted while it was starting: the interrupter could not see it yet
            process.terminate()
            return
        if self._on_started is not None:
            self._on_started(utterance)
        try:
            assert process.stdin is not None
            process.stdin.write(utterance.text.encode("utf-8"))
            process.stdin.close()
        except (BrokenPipeError, OSError):
            pass

    def _terminate(self) -> None:
        with self._lock:
            process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
