"""A pytest plugin that reads every log the whole test run produced and fails the run on personal data in it.

The project's rule is that no PIN, token, name or identity number reaches a log. Single tests check the logs of
the routes and journeys they drive; this plugin checks everything the run wrote, whichever test wrote it:

* every logging record emitted in any test process, written as the operator's log would hold it: a root
  handler installed at session start formats each record with the kiosk's format into
  ``<basetemp>/logscan/records.txt``, after the redaction the operator's log applies: the kiosk's log redacts
  every record (:class:`kiosk.logs.RedactingFilter` on its handlers, set on the root), so what that file would
  hold redacted is not a finding, and what redaction misses (a name, an address, a PIN beside the word "PIN")
  is; the portal's log (uvicorn's handlers and stderr) redacts nothing, so the records of the ``portal`` and
  ``uvicorn`` loggers are judged as they are;
* every log file the run wrote below its temporary directories: the kiosk's rotating ``kiosk.log`` (and its
  backups ``kiosk.log.1``...), the embedded portal's ``portal.log``, the uvicorn output ``portal-*.log`` of the
  portals that tests start as subprocesses. The logs of CUPS, ippeveprinter and D-Bus (``cupsd.log``,
  ``ippeveprinter.log``, ``dbus.log``, CUPS's ``error_log``...) are not ours: those programs decide what they
  write (job titles, printer state), and the project's rule cannot be held against them, so they are left out.

What is looked for: the demo citizens' PINs (next to the word PIN, or inside a VERIFY command's bytes, so a
"1234" elsewhere is no finding), their names, parents' names, NIFs, civil and document numbers, social
security and health numbers and addresses (kiosk/card/emulator/citizen_data), the portal seed's staff names,
company office and credentials (portal/content/demo_people.py), and by their formats any bearer token
(``dev_``/``ses_`` + 43 characters, portal/security.py new_token) and any access or confirmation code (4-4-4 or
4-4 characters of the code alphabet, portal/security.py new_code).

Under pytest-xdist each worker writes its own records below its own basetemp (``<root>/popen-gwN``); the scan
runs once, in the controller (or the only process), in ``pytest_sessionfinish`` after every test, over the
whole root.
Findings are printed in the terminal summary (file, line, kind, the line with the secret masked) and make the
exit status non-zero.

A test that writes a secret into a log on purpose (to prove it is redacted or detected) is marked
``@pytest.mark.logscan_exempt("why")``: its records and the log files below its ``tmp_path`` are then left out,
and the summary says how many and why. Nothing is left out silently.

Use: ``pytest -p tests.logscan ...``, or ``pytest_plugins = ["tests.logscan"]`` in tests/conftest.py.
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.logs import FORMAT, redact
from portal.content.demo_people import (
    DEMO_COMPANY_CERTIFICATE_CODE,
    DEMO_COUNTER_TOKEN,
    DEMO_DISPLAY_TOKEN,
    DEMO_KIOSK_TOKEN,
    DEMO_OPEN311_API_KEY,
    DEMO_STAFF,
)
from portal.security import CODE_ALPHABET

MARKER = "logscan_exempt"
RECORDS = "records.txt"
"""Not ``*.log``: this file is read with its test headers, not as one of the run's log files."""
TEST_HEADER = "#logscan test: "
EXEMPT_HEADER = "#logscan exempt: "
LOG_NAME = re.compile(r"\.log(\.\d+)?$")
NOT_OURS = {
    "cupsd.log": "written by CUPS",
    "ippeveprinter.log": "written by ippeveprinter",
    "dbus.log": "written by dbus-daemon",
}
PIN_CONTEXT = re.compile(r"(?i)(?<![a-z])pin|\b00\s?2[04]\s?00")
"""The word PIN (pin, PIN, pinpad, pin_block) or the header of a VERIFY / CHANGE REFERENCE DATA command."""
MAX_SHOWN = 40
UNREDACTED = {"portal", "uvicorn"}
"""Loggers whose operator log is the portal's: uvicorn's handlers and stderr, which redact nothing."""


@dataclass(frozen=True)
class Secret:
    kind: str
    pattern: re.Pattern[str]
    needs_pin_context: bool = False


@dataclass(frozen=True)
class Finding:
    file: Path
    line_number: int
    kind: str
    masked: str
    test: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line_number}"
        by = f" (during {self.test})" if self.test else ""
        return f"{where}: {self.kind}{by}\n    {self.masked}"


def fold(text: str) -> str:
    """Lower case without accents, JSON's \\uXXXX escapes undone: "GONCALVES", "Gon\\u00e7alves" match."""
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda match: chr(int(match[1], 16)), text)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _literal(kind: str, value: str, *, pin: bool = False) -> Secret:
    """``value`` as a whole word (not inside a longer number or word), compared folded."""
    return Secret(kind, re.compile(rf"(?<![\w]){re.escape(fold(value))}(?![\w])"), pin)


def demo_secrets() -> list[Secret]:
    """Everything of the demo people and the demo portal that must never be in a log."""
    from kiosk.card.emulator.citizens import demo_citizens

    found: list[Secret] = []
    for citizen in demo_citizens():
        for value in {*citizen.pins.values()}:
            found.append(_literal("PIN", value, pin=True))
            # Its bytes in a hex dump of a command, anywhere in the run of hex digits (a PIN block pads it).
            found.append(Secret("PIN", re.compile(value.encode().hex()), needs_pin_context=True))
        names = [citizen.display_name, citizen.given_names, citizen.surname, citizen.father, citizen.mother]
        found += [_literal("name", name) for name in names if " " in name or len(name) >= 6]
        found += [_literal("NIF", value) for value in (citizen.tax_id,) if value]
        identity = (citizen.civil_id, citizen.national_number, citizen.social_security_id, citizen.health_id)
        found += [_literal("identity number", value) for value in identity if value]
        found.append(_literal("document number", citizen.document_number))
        address = citizen.address
        streets = [address.get("street", ""), address.get("street_name", "")]
        found += [_literal("address", street) for street in streets if " " in street]
        if address.get("zip4") and address.get("zip3"):
            found.append(_literal("address", f"{address['zip4']}-{address['zip3']}"))
    found += [_literal("name", display_name) for _, display_name, _, _ in DEMO_STAFF]
    found += [_literal("password", password) for *_, password in DEMO_STAFF]
    found += [_literal("address", "Avenida da República 10"), _literal("address", "1050-191")]
    for token in (DEMO_KIOSK_TOKEN, DEMO_COUNTER_TOKEN, DEMO_DISPLAY_TOKEN, DEMO_OPEN311_API_KEY):
        found.append(_literal("bearer token", token))
    found.append(_literal("access code", DEMO_COMPANY_CERTIFICATE_CODE))
    return found


def format_secrets() -> list[Secret]:
    """Secrets known by their shape only: made at random during the run."""
    code = f"[{fold(CODE_ALPHABET)}]{{4}}"
    alone = r"(?<![\w-]){}(?![\w-])"
    return [
        Secret("bearer token", re.compile(r"(?<![\w-])(?:dev|ses)_[\w-]{43}(?![\w-])")),
        Secret("access code", re.compile(alone.format(f"{code}-{code}-{code}"))),
        Secret("confirmation code", re.compile(alone.format(f"{code}-{code}"))),
    ]


SECRETS: list[Secret] = [*demo_secrets(), *format_secrets()]


def scan_line(line: str) -> list[tuple[str, tuple[int, int]]]:
    """The kinds of secret in ``line`` with where they are (in the folded line, same length for most text)."""
    folded = fold(line)
    pin_context = PIN_CONTEXT.search(folded) is not None
    hits = []
    for secret in SECRETS:
        if secret.needs_pin_context and not pin_context:
            continue
        hits += [(secret.kind, match.span()) for match in secret.pattern.finditer(folded)]
    return hits


def masked(line: str, spans: Iterable[tuple[int, int]]) -> str:
    """The line with every found secret replaced by asterisks, shortened to what a terminal shows."""
    folded = fold(line)
    shown = folded if len(folded) != len(line) else line  # accents folded away change the offsets
    characters = list(shown.rstrip("\n"))
    for start, end in spans:
        characters[start:end] = "*" * (end - start)
    text = "".join(characters)
    return text if len(text) <= 240 else text[:237] + "..."


def scan_file(path: Path, *, records: bool = False) -> Iterator[Finding]:
    """Every finding in ``path``; a records file's test headers say which test logged the lines after them."""
    test, exempt = "", False
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if records and line.startswith(TEST_HEADER):
                test, exempt = line.removeprefix(TEST_HEADER).strip(), False
                continue
            if records and line.startswith(EXEMPT_HEADER):
                test, exempt = line.removeprefix(EXEMPT_HEADER).strip(), True
                continue
            if exempt:
                continue
            hits = scan_line(line)
            for kind in dict.fromkeys(kind for kind, _ in hits):
                yield Finding(path, number, kind, masked(line, [span for _, span in hits]), test)


# -- in each test process: the records -------------------------------------------------------------------------


class RecordWriter(logging.Handler):
    """Writes every record as the operator's log would: formatted with the kiosk's format, redacted where the
    operator's log redacts it.

    The record itself is left as it is (a copy is formatted), so caplog and the tests see what they always saw.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(logging.NOTSET)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.stream = path.open("a", encoding="utf-8")
        self.setFormatter(logging.Formatter(FORMAT))
        self.test = ""

    def begin(self, test: str, exempt: str | None) -> None:
        header = f"{EXEMPT_HEADER}{test} ({exempt})" if exempt is not None else f"{TEST_HEADER}{test}"
        self.acquire()
        try:
            self.stream.write(header + "\n")
            self.stream.flush()
        finally:
            self.release()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(logging.makeLogRecord(record.__dict__))
            if record.name.partition(".")[0] not in UNREDACTED:
                text = redact(text)
            self.stream.write(text + "\n")
            self.stream.flush()
        except Exception:  # a log handler must never break the code that logs
            self.handleError(record)

    def close(self) -> None:
        """Left open: code under test that sets up logging closes the root's handlers (kiosk.logs does, as it
        should in the kiosk); the scan's record file must outlive that. :meth:`finish` closes it at the end."""

    def finish(self) -> None:
        self.acquire()
        try:
            self.stream.close()
        finally:
            self.release()
        super().close()


_writer_key = pytest.StashKey[RecordWriter]()
_exempt_key = pytest.StashKey[list[str]]()
_findings_key = pytest.StashKey[list[Finding]]()
_level_key = pytest.StashKey[int]()


def _basetemp(config: pytest.Config) -> Path:
    # The private factory is the only way to the session's basetemp from a hook (tmp_path_factory is a fixture).
    return Path(config._tmp_path_factory.getbasetemp())  # type: ignore[attr-defined]


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(reason): this test writes a secret into a log on purpose; the log scan leaves out its "
        "records and the log files below its tmp_path (and says so)",
    )


def pytest_sessionstart(session: pytest.Session) -> None:
    config = session.config
    folder = _basetemp(config) / "logscan"
    writer = RecordWriter(folder / RECORDS)
    root = logging.getLogger()
    config.stash[_writer_key] = writer
    config.stash[_exempt_key] = []
    config.stash[_level_key] = root.level
    # INFO is what an operator's log holds by default (kiosk.toml [logging] level); without this the root's
    # WARNING would drop the records the scan is for. Tests that set a level (caplog.set_level) still do.
    root.setLevel(min(root.level, logging.INFO) if root.level else logging.INFO)
    root.addHandler(writer)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    marker = item.get_closest_marker(MARKER)
    reason: str | None = None
    if marker is not None:
        reason = str(marker.args[0] if marker.args else marker.kwargs.get("reason", ""))
        if not reason:
            raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.{MARKER} needs a reason")
    writer = item.config.stash.get(_writer_key, None)
    if writer is not None:
        root = logging.getLogger()
        if writer not in root.handlers:  # an earlier test configured logging afresh and took it away
            root.addHandler(writer)
        writer.begin(item.nodeid, reason)
    yield
    # A pytester test runs its inner pytest in a folder of its own, not in tmp_path.
    funcargs = getattr(item, "funcargs", {})
    folders = [funcargs["tmp_path"]] if "tmp_path" in funcargs else []
    folders += [funcargs["pytester"].path] if "pytester" in funcargs else []
    for folder in folders if reason is not None else []:
        item.config.stash[_exempt_key].append(f"{folder}\t{item.nodeid}\t{reason}")


def pytest_runtest_teardown(item: pytest.Item) -> None:
    writer = item.config.stash.get(_writer_key, None)
    if writer is not None:
        writer.begin("(between tests)", None)


def _close_writer(config: pytest.Config) -> None:
    writer = config.stash.get(_writer_key, None)
    if writer is None:
        return
    root = logging.getLogger()
    root.removeHandler(writer)
    root.setLevel(config.stash[_level_key])
    writer.finish()
    exempt = config.stash[_exempt_key]
    (_basetemp(config) / "logscan" / "exempt.txt").write_text("".join(line + "\n" for line in exempt))
    del config.stash[_writer_key]


# -- once, in the controller: the scan ------------------------------------------------------------------------


@dataclass
class Scan:
    findings: list[Finding]
    files: int
    records_files: int
    not_ours: list[tuple[Path, str]]
    exempt: list[tuple[Path, str]]


def scan_run(root: Path) -> Scan:
    """Every records file and every log file below ``root`` (all workers' basetemps), less what is not ours."""
    exempt_dirs: list[tuple[Path, str]] = []
    for listing in root.rglob("logscan/exempt.txt"):
        for line in listing.read_text(encoding="utf-8").splitlines():
            folder, test, why = line.split("\t", 2)
            exempt_dirs.append((Path(folder), f"{test}: {why}"))
    scan = Scan([], 0, 0, [], [])
    for path in sorted(root.rglob("*")):
        records = path.name == RECORDS and path.parent.name == "logscan"
        if not records and (not LOG_NAME.search(path.name) or not path.is_file()):
            continue
        exempt = next((why for folder, why in exempt_dirs if path.is_relative_to(folder)), None)
        if exempt is not None:
            scan.exempt.append((path, exempt))
            continue
        if records:
            scan.records_files += 1
            scan.findings += scan_file(path, records=True)
            continue
        if path.name in NOT_OURS:
            scan.not_ours.append((path, NOT_OURS[path.name]))
            continue
        scan.files += 1
        scan.findings += scan_file(path)
    return scan


_scan_key = pytest.StashKey[Scan]()


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    _close_writer(config)
    if _is_worker(config):
        return  # the controller scans every worker's files once they are all done
    scan = scan_run(_basetemp(config))
    config.stash[_scan_key] = scan
    if scan.findings and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    scan = config.stash.get(_scan_key, None)
    if scan is None:
        return
    write = terminalreporter.write_line
    title = "log privacy scan"
    if scan.findings:
        terminalreporter.section(title, sep="=", red=True, bold=True)
        write(f"{len(scan.findings)} secret(s) or personal data found in the run's logs:")
        for finding in scan.findings[:MAX_SHOWN]:
            write(str(finding))
        if len(scan.findings) > MAX_SHOWN:
            write(f"... and {len(scan.findings) - MAX_SHOWN} more")
    else:
        terminalreporter.section(title, sep="-")
    write(
        f"log privacy scan: {len(scan.findings)} finding(s) in {scan.records_files} process(es)' log records "
        f"and {scan.files} log file(s)"
    )
    for path, reason in scan.exempt:
        write(f"left out by @pytest.mark.{MARKER}: {path} ({reason})")
    if scan.not_ours:
        write(f"left out as not the project's logs: {len(scan.not_ours)} file(s) of CUPS/ippeveprinter/D-Bus")


def environment_for_subprocess() -> dict[str, str]:
    """os.environ with this checkout on PYTHONPATH, for pytester runs in a subprocess that load this plugin."""
    root = str(Path(__file__).resolve().parent.parent)
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": root if not path else f"{root}{os.pathsep}{path}"}
