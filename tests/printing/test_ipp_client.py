"""The httpx IPP client against a real ippeveprinter (and the codec on its own)."""

from __future__ import annotations

import time

import pytest

from printing.ipp import (
    JOB_COMPLETED,
    IppError,
    decode_response,
    encode_request,
    endpoint_for_uri,
    job_state,
    print_job,
    printer_attributes,
)
from tests.printing.print_stack import PrintStack, free_port


def test_endpoint_for_uri() -> None:
    endpoint = endpoint_for_uri("ipp://printer.local/ipp/print")
    assert endpoint.http_url == "http://printer.local:631/ipp/print"
    assert endpoint.printer_uri == "ipp://printer.local:631/ipp/print"
    assert endpoint_for_uri("ipps://[::1]:8631/x").http_url == "https://[::1]:8631/x"
    with pytest.raises(ValueError, match="IPP"):
        endpoint_for_uri("lpd://queue")


def test_truncated_response_is_an_ipp_error() -> None:
    request = encode_request(0x000B, "ipp://localhost/ipp/print", requested=("printer-state",))
    with pytest.raises(IppError):
        decode_response(request[:12])


def test_unreachable_printer_is_an_ipp_error() -> None:
    endpoint = endpoint_for_uri(f"ipp://127.0.0.1:{free_port()}/ipp/print")
    with pytest.raises(IppError):
        printer_attributes(endpoint, ["printer-state"])


@pytest.mark.cups
def test_printer_attributes_and_a_job(print_stack: PrintStack, pdf: bytes) -> None:
    endpoint = endpoint_for_uri(print_stack.printer_uri)
    answer = printer_attributes(endpoint, ["printer-state", "printer-state-reasons"])
    assert answer.first("printer-state") in (3, 4)  # idle or processing
    assert answer.strings("printer-state-reasons") == ["none"]
    job_id = print_job(endpoint, pdf, job_name="ipp-client-test")
    deadline = time.monotonic() + 15
    while job_state(endpoint, job_id) != JOB_COMPLETED:
        assert time.monotonic() < deadline, "job did not complete"
        time.sleep(0.1)
    assert any(path.read_bytes() == pdf for path in print_stack.spooled())
