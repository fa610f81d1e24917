"""The in-process reader the demo and the lead's walking skeleton use."""

from __future__ import annotations

import threading

import pytest

from kiosk.card.emulator.citizens import demo_citizens
from kiosk.card.errors import CardRemoved
from kiosk.card.events import ReaderEvent, ReaderEventKind
from kiosk.card.session import CardSession
from kiosk.card.simulated import SimulatedReader


def test_walking_skeleton_path() -> None:
    events: list[ReaderEvent] = []
    reader = SimulatedReader()
    reader.watch(events.append)
    first = demo_citizens()[0]
    reader.insert(first.id)
    name = CardSession.open(reader.transport()).read_identity().full_name()
    assert name == first.display_name
    assert [event.kind for event in events] == ["reader_added", "inserted"]
    assert events[1].reader == "Simulated reader"
    assert events[1].atr


def test_a_late_watcher_hears_the_card_already_in() -> None:
    reader = SimulatedReader("Counter")
    reader.insert("maria")
    events: list[ReaderEvent] = []
    reader.watch(events.append)
    assert [(event.kind, event.reader) for event in events] == [
        (ReaderEventKind.READER_ADDED, "Counter"),
        (ReaderEventKind.INSERTED, "Counter"),
    ]


def test_empty_reader_raises_card_removed() -> None:
    with pytest.raises(CardRemoved):
        SimulatedReader().transport()


def test_removing_the_card_breaks_open_sessions() -> None:
    reader = SimulatedReader()
    reader.insert("maria")
    session = CardSession.open(reader.transport())
    reader.remove()
    with pytest.raises(CardRemoved):
        session.read_identity()


def test_swapping_cards_emits_removed_then_inserted_and_old_sessions_fail() -> None:
    events: list[ReaderEvent] = []
    reader = SimulatedReader()
    reader.insert("maria")
    old = CardSession.open(reader.transport())
    reader.watch(events.append)
    reader.insert("leonor")
    assert [event.kind for event in events] == ["reader_added", "inserted", "removed", "inserted"]
    with pytest.raises(CardRemoved):
        old.read_identity()
    fresh = CardSession.open(reader.transport()).read_identity()
    assert fresh.given_names is not None
    assert fresh.given_names.startswith("Leonor")


def test_events_arrive_on_the_thread_that_caused_them() -> None:
    reader = SimulatedReader()
    seen: list[str] = []
    reader.watch(lambda event: seen.append(threading.current_thread().name))
    worker = threading.Thread(target=reader.insert, args=("maria",), name="inserter")
    worker.start()
    worker.join()
    assert seen[-1] == "inserter"


def test_a_failing_watcher_does_not_silence_the_others() -> None:
    reader = SimulatedReader()
    events: list[ReaderEvent] = []

    def broken(event: ReaderEvent) -> None:
        if event.kind == ReaderEventKind.INSERTED:
            raise RuntimeError("boom")

    reader.watch(broken)
    reader.watch(events.append)
    reader.insert("maria")
    assert events[-1].kind == ReaderEventKind.INSERTED


def test_unknown_citizen_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="known: "):
        SimulatedReader().insert("nobody")
