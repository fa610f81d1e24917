"""`kiosk print ...`: the print journal and the printers, from a terminal.

Only argparse and the standard library at module level: the kiosk's cold start
imports this module to build its parser, and reportlab costs 0.1 s to import.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from printing.journal import PrintJob
    from printing.service import PrintService

KINDS = ("receipt", "ticket", "certificate", "day-report", "test-page")
PRINTERS = ("receipt", "documents")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=("pt", "en"), help="language of the texts (default: the kiosk's)")
    commands = parser.add_subparsers(dest="print_command", metavar="ACTION", required=True)

    jobs = commands.add_parser("jobs", help="list the print journal")
    jobs.add_argument("--reference", help="only the jobs of this reference")
    jobs.add_argument("--json", action="store_true", help="one JSON object per line")
    jobs.set_defaults(handler=_jobs)

    reprint = commands.add_parser("reprint", help="print again every document of a reference")
    reprint.add_argument("reference", metavar="REF")
    reprint.set_defaults(handler=_reprint)

    test = commands.add_parser("test", help="print a test page showing the printer's status")
    test.add_argument("--printer", choices=PRINTERS, help="only this printer (default: both)")
    test.set_defaults(handler=_test)

    status = commands.add_parser("status", help="can each printer print right now?")
    status.set_defaults(handler=_status)

    retry = commands.add_parser("retry", help="send queued jobs again and check sent ones")
    retry.set_defaults(handler=_retry)

    render = commands.add_parser("render", help="render a document to a PDF file")
    render.add_argument("kind", metavar="KIND", choices=KINDS, help=" | ".join(KINDS))
    render.add_argument("--sample", action="store_true", help="use the built-in sample data")
    render.add_argument("--out", metavar="FILE", required=True, type=Path)
    render.set_defaults(handler=_render)


def _language(args: argparse.Namespace, default: str = "pt") -> str:
    return str(getattr(args, "lang", None) or default)


def _open_service(args: argparse.Namespace) -> tuple[PrintService, str]:
    from kiosk.config import load_settings
    from printing.service import PrintService

    settings = load_settings(getattr(args, "config", None))
    targets = {"receipt": settings.printers.receipt, "documents": settings.printers.documents}
    service = PrintService(settings.printers.journal, targets)
    return service, _language(args, settings.kiosk.language)


def _with_service(action: Callable[[PrintService, str, argparse.Namespace], int]) -> Callable[
    [argparse.Namespace], int
]:  # fmt: skip
    def handler(args: argparse.Namespace) -> int:
        from printing.backends import TargetError

        try:
            service, language = _open_service(args)
        except TargetError as error:
            print(f"kiosk print: {error}", file=sys.stderr)
            return 2
        try:
            return action(service, language, args)
        finally:
            service.close()

    return handler


def _job_row(job: PrintJob, language: str) -> dict[str, Any]:
    from printing.texts import text

    return {
        "id": job.id,
        "reference": job.reference,
        "document": job.document,
        "printer": job.kind,
        "copy": job.copy,
        "state": job.state.value,
        "state_text": text(f"job.{job.state.value}", language),
        "attempts": job.attempts,
        "error": text(job.last_error, language) if job.last_error else None,
        "updated_at": job.updated_at.isoformat(timespec="seconds"),
    }


def _print_jobs(jobs: list[PrintJob], language: str, as_json: bool = False) -> None:
    rows = [_job_row(job, language) for job in jobs]
    if as_json:
        import json

        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return
    headers = ("id", "reference", "document", "printer", "copy", "state_text", "attempts")
    widths = {h: max([len(h), *(len(str(row[h])) for row in rows)]) for h in headers}
    print("  ".join(h.removesuffix("_text").ljust(widths[h]) for h in headers))
    for row in rows:
        line = "  ".join(str(row[h]).ljust(widths[h]) for h in headers)
        print(f"{line}  {row['error']}" if row["error"] else line)


def _jobs_action(service: PrintService, language: str, args: argparse.Namespace) -> int:
    jobs = service.journal.by_reference(args.reference) if args.reference else service.jobs()
    if not jobs and not args.json:
        print("no print jobs" if language == "en" else "sem trabalhos de impressão")
        return 0
    _print_jobs(jobs, language, args.json)
    return 0


def _reprint_action(service: PrintService, language: str, args: argparse.Namespace) -> int:
    copies = service.reprint(args.reference)
    if not copies:
        message = (
            f"no printed document has the reference {args.reference}"
            if language == "en"
            else f"nenhum documento impresso tem a referência {args.reference}"
        )
        print(f"kiosk print: {message}", file=sys.stderr)
        return 1
    _print_jobs(copies, language)
    return 0


def _status_lines(service: PrintService, language: str, names: tuple[str, ...]) -> bool:
    from printing.texts import text

    all_ready = True
    for name in names:
        status = service.status(name)
        all_ready &= status.can_print
        reasons = f" [{', '.join(status.reasons)}]" if status.reasons else ""
        print(f"{name}: {status.state.value} — {text(status.message_id, language)}{reasons}")
    return all_ready


def _status_action(service: PrintService, language: str, args: argparse.Namespace) -> int:
    return 0 if _status_lines(service, language, PRINTERS) else 1


def _retry_action(service: PrintService, language: str, args: argparse.Namespace) -> int:
    changed = service.poll()
    if changed:
        _print_jobs(changed, language)
    return 0


def _test_action(service: PrintService, language: str, args: argparse.Namespace) -> int:
    from printing.documents.test_page import print_test_page
    from printing.journal import JobState

    names = (args.printer,) if args.printer else PRINTERS
    ready = _status_lines(service, language, names)
    failed = False
    stamp = datetime.now().astimezone()
    for name in names:
        job = print_test_page(service, name, language, stamp)
        failed |= job.state in (JobState.QUEUED, JobState.FAILED)
        _print_jobs([job], language)
    return 0 if ready and not failed else 1


_jobs = _with_service(_jobs_action)
_reprint = _with_service(_reprint_action)
_status = _with_service(_status_action)
_retry = _with_service(_retry_action)
_test = _with_service(_test_action)


def _render(args: argparse.Namespace) -> int:
    if not args.sample:
        print(
            "kiosk print render: only --sample is supported here; "
            "real documents are rendered by the kiosk and the counter",
            file=sys.stderr,
        )
        return 2
    from printing import samples
    from printing.documents.certificate import render_certificate
    from printing.documents.day_report import render_day_report
    from printing.documents.receipt import render_receipt
    from printing.documents.test_page import TestPageData, render_test_page
    from printing.documents.ticket import render_ticket

    language = _language(args)
    renderers: dict[str, Callable[[], bytes]] = {
        "receipt": lambda: render_receipt(samples.sample_receipt(language)),
        "ticket": lambda: render_ticket(samples.sample_ticket(language)),
        "certificate": lambda: render_certificate(samples.sample_certificate(language)),
        "day-report": lambda: render_day_report(samples.sample_day_report(language)),
        "test-page": lambda: render_test_page(
            TestPageData("receipt", "spool:var/spool", "OK", (), samples.SAMPLE_TIME, language)
        ),
    }
    pdf = renderers[args.kind]()
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(pdf)
    except OSError as error:
        print(f"kiosk print render: cannot write {args.out}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"{args.out} ({len(pdf)} bytes)")
    return 0
