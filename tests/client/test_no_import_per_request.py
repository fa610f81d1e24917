"""An httpx request must not search for a module: the kiosk's client sends one every few seconds all day.

httpcore imports sniffio inside every request; when sniffio is missing, that failed import walks sys.path
each time (a fifth of the client's CPU per request here). The project installs sniffio for that reason; this
test keeps it so, through a real socket and httpx's real transport.
"""

from __future__ import annotations

import asyncio
import importlib.abc
import sys
from collections.abc import Sequence
from types import ModuleType

import httpx

RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"


class RecordingFinder(importlib.abc.MetaPathFinder):
    """Notes every module name Python searches for (an import that sys.modules cannot answer)."""

    def __init__(self) -> None:
        self.searched: list[str] = []

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> None:
        self.searched.append(fullname)


async def test_repeated_requests_import_nothing() -> None:
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while await reader.readuntil(b"\r\n\r\n"):
                writer.write(RESPONSE)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionResetError):
            pass
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    finder = RecordingFinder()
    async with server, httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        assert (await client.get("/")).text == "ok"  # the first request may import what it needs once
        sys.meta_path.insert(0, finder)
        try:
            for _ in range(5):
                assert (await client.get("/")).status_code == 200
        finally:
            sys.meta_path.remove(finder)
    assert finder.searched == [], f"each request searched for {sorted(set(finder.searched))}"
