"""The queue benchmark's client (bench/queue.py): one keep-alive HTTP/1.1 connection per desk over asyncio
streams, and the desks signed in as the demo clerk. No HTTP library on purpose: httpx cost ~0.9 ms of CPU a
request on the 2 cores the portal and PostgreSQL share with it."""

from __future__ import annotations

import asyncio
import contextlib
import json


class Connection:
    """One keep-alive HTTP/1.1 connection, as lean as a client can be: requests are bytes built once per
    desk, responses are read by their Content-Length (the portal always sends one)."""

    def __init__(self, port: int, headers: dict[str, str]) -> None:
        self.port = port
        self.headers = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    def prepared(self, method: str, path: str, body: bytes = b"") -> bytes:
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{self.headers}"
        if body:
            head += "Content-Type: application/json\r\n"
        return f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body

    async def send(self, request: bytes) -> tuple[int, bytes]:
        assert self.reader is not None
        assert self.writer is not None
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
            elif name.lower() == b"transfer-encoding":
                raise RuntimeError("chunked responses are not expected from the portal")
        return status, await self.reader.readexactly(length) if length else b""

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()


async def signed_in_desks(port: int, tokens: list[str]) -> list[Connection]:
    from portal.content.demo_people import DEMO_STAFF

    username, _, _, password = DEMO_STAFF[0]
    login = json.dumps({"username": username, "password": password}).encode()
    connections = []
    for token in tokens:
        connection = Connection(port, {"Authorization": f"Bearer {token}"})
        await connection.open()
        status, body = await connection.send(connection.prepared("POST", "/v1/auth/staff/session", login))
        if status != 201:
            raise SystemExit(f"staff sign-in answered {status}: {body[:200]!r}")
        connection.headers += f"X-Session-Token: {json.loads(body)['session_token']}\r\n"
        connections.append(connection)
    return connections
