"""The outbox keeps what could not be sent, on disk, once per key, until the portal confirms it."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

from kiosk.client.outbox import Outbox, encode_body


def test_same_answers_give_the_same_bytes() -> None:
    first = encode_body("RES-CERT", {"purpose": "emprego", "copies": 2})
    again = encode_body("RES-CERT", {"copies": 2, "purpose": "emprego"})
    assert first == again
    # nothing but the contract's two fields: channel and device come from the device credential
    assert json.loads(first) == {"service_code": "RES-CERT", "answers": {"copies": 2, "purpose": "emprego"}}


def test_put_is_idempotent_and_keeps_the_first_body(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite")
    outbox.put("k1", "RES-CERT", encode_body("RES-CERT", {"a": 1}), "pt", "citizen-token")
    outbox.put("k1", "RES-CERT", encode_body("RES-CERT", {"a": 2}), "pt", "citizen-token")
    [entry] = outbox.pending()
    assert entry.answers == {"a": 1}
    assert outbox.counts() == {"pending": 1, "delivered": 0, "rejected": 0}


def test_delivered_and_rejected_leave_the_queue_and_drop_the_token(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite")
    for key in ("a", "b", "c"):
        outbox.put(key, "SVC", encode_body("SVC", {}), "en", "secret")
    outbox.record_attempt("a")
    outbox.mark_delivered("a", "REF-1")
    outbox.mark_rejected("b", "the form changed")
    assert [entry.idempotency_key for entry in outbox.pending()] == ["c"]
    delivered = outbox.get("a")
    assert delivered is not None
    assert (delivered.state, delivered.reference, delivered.attempts, delivered.citizen_token) == (
        "delivered",
        "REF-1",
        1,
        None,
    )
    rejected = outbox.get("b")
    assert rejected is not None
    assert rejected.citizen_token is None
    assert rejected.problem == "the form changed"


def _write_and_die(path: str) -> None:
    Outbox(Path(path)).put("survivor", "SVC", encode_body("SVC", {"x": "y"}), "pt")
    os._exit(0)  # no clean shutdown: what was put must already be on disk


def test_an_entry_survives_the_process_that_wrote_it(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite"
    process = multiprocessing.get_context("spawn").Process(target=_write_and_die, args=(str(path),))
    process.start()
    process.join(30)
    assert process.exitcode == 0
    [entry] = Outbox(path).pending()
    assert entry.idempotency_key == "survivor"
    assert entry.answers == {"x": "y"}
