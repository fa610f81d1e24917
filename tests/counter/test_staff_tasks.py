"""The applications desk and the day's close, headless, against the reference portal under uvicorn."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from kiosk.client.staff_day import CategoryStats, DayStats
from kiosk.config import Settings
from kiosk.core import KioskCore
from kiosk.counter.applications import ApplicationFilter
from kiosk.counter.day import bar, clock, tickets_chart
from kiosk.counter.service import CounterService
from kiosk.counter.typed import TypedWrong
from tests.conftest import pdf_text
from tests.counter.fixtures import report_from_the_kiosk, take_ticket
from tests.portal.conftest import RunningPortal

CLERK = ("clerk", "demo-clerk-password")


@pytest.fixture
async def core(counter_settings: Settings) -> AsyncIterator[KioskCore]:
    core = KioskCore(counter_settings)
    core.start_portal()
    try:
        yield core
    finally:
        if core.portal is not None:
            await core.portal.aclose()


async def test_pending_applications_filtered_and_decided(core: KioskCore, shared_portal: RunningPortal) -> None:
    first = await report_from_the_kiosk(shared_portal.url, "Rua Direita 10, Lisboa")
    second = await report_from_the_kiosk(shared_portal.url, "Avenida da Liberdade 5")
    counter: CounterService = core.counter
    await counter.sign_in(*CLERK, "en")

    page = await counter.applications(ApplicationFilter(), "en")
    listed = {item.reference: item for item in page.items}
    assert {first, second} <= set(listed)
    assert listed[first].service_code == "REPORT-PROBLEM"
    assert listed[first].channel == "kiosk"

    by_service = await counter.applications(ApplicationFilter("pending", " report-problem "), "en")
    assert {item.service_code for item in by_service.items} == {"REPORT-PROBLEM"}
    other_service = await counter.applications(ApplicationFilter("pending", "INFO-SHEET"), "en")
    assert first not in {item.reference for item in other_service.items}

    with pytest.raises(TypedWrong) as wrong:
        await counter.decide(first, "rejected", "  ", "en")  # no reason: refused before anything is sent
    assert wrong.value.key == "counter.applications.reason_needed"
    still = await counter.applications(ApplicationFilter(), "en")
    assert first in {item.reference for item in still.items}

    await counter.decide(first, "rejected", "Not in this municipality", "en")
    await counter.decide(second, "approved", "", "en")
    rejected = await counter.applications(ApplicationFilter("rejected"), "en")
    approved = await counter.applications(ApplicationFilter("approved"), "en")
    pending = await counter.applications(ApplicationFilter(), "en")
    assert first in {item.reference for item in rejected.items}
    assert second in {item.reference for item in approved.items}
    assert not {first, second} & {item.reference for item in pending.items}


async def test_the_day_on_screen_and_on_paper(
    core: KioskCore, counter_settings: Settings, spool_dir: Path
) -> None:
    counter: CounterService = core.counter
    await counter.sign_in(*CLERK, "en")
    desk = counter.desk("en")
    before, _drawer = await counter.day("en")
    take_ticket(counter_settings.portal.url, "A")
    take_ticket(counter_settings.portal.url, "A")
    take_ticket(counter_settings.portal.url, "C")
    await desk.call_next()
    await desk.done("RESIDENCE-CERT")
    await desk.call_next()
    await desk.no_show()

    stats, drawer = await counter.day("en")

    def general(day: DayStats) -> CategoryStats:
        return next(category for category in day.categories if category.category == "A")

    assert general(stats).issued - general(before).issued == 2
    assert general(stats).outcomes.get("done", 0) - general(before).outcomes.get("done", 0) == 1
    assert general(stats).outcomes.get("no_show", 0) - general(before).outcomes.get("no_show", 0) == 1
    assert stats.tickets_issued - before.tickets_issued == 3
    chart = {row.label.split()[0]: row for row in tickets_chart(stats, width=10)}
    largest = max(row.value for row in chart.values())
    assert chart["A"].value == general(stats).issued
    assert len(chart["A"].bar) == round(2 * 10 * chart["A"].value / largest) // 2  # bars follow the counts
    assert "1" in {desk_row.desk for desk_row in stats.desks if desk_row.tickets_done}
    assert drawer.cash_cents >= 0

    assert counter.print_day_report(stats, drawer, core.printer, "en")
    [report] = [path for path in spool_dir.iterdir() if "DAY-" in path.name]
    paper = pdf_text(report)
    assert "Day report" in paper
    assert "General services" in paper
    assert "Tickets by category" in paper


def test_times_and_bars() -> None:
    assert clock(None) == "—"
    assert clock(0) == "0:00"
    assert clock(65) == "1:05"
    assert clock(3725) == "1:02:05"
    assert bar(0, 10, 20) == ""
    assert bar(1, 1000, 20) == "▌"  # above zero is never invisible
    assert bar(10, 10, 20) == "█" * 20
