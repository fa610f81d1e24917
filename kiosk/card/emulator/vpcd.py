"""Puts an emulated card into a real pcscd through the vpcd virtual reader driver.

vpcd (Debian vsmartcard-vpcd) listens on 127.0.0.1:35963 (reader "Virtual PCD 00 00") and
35964 ("... 00 01"); the virtual card is the TCP client. Messages are framed by a 2-byte
big-endian length; a 1-byte message is a control (0 power off, 1 power on, 2 reset, 4 get
ATR), anything longer is an APDU. Closing the socket is how the card leaves the reader.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading

from kiosk.card.emulator.card import CardPulled, EmulatedCard

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 35963
POWER_OFF, POWER_ON, RESET, GET_ATR = 0, 1, 2, 4


def _quick_ack(connection: socket.socket) -> None:
    # Linux turns quick ACKs off again after a while; re-arm before every read so vpcd's
    # two-part writes are acknowledged at once instead of after the delayed-ACK timer.
    if hasattr(socket, "TCP_QUICKACK"):
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)


def _receive_exactly(connection: socket.socket, size: int) -> bytes | None:
    chunks = bytearray()
    while len(chunks) < size:
        _quick_ack(connection)
        part = connection.recv(size - len(chunks))
        if not part:
            return None
        chunks += part
    return bytes(chunks)


class VpcdCard:
    """Serves one EmulatedCard on a vpcd port, in a thread or in the foreground."""

    def __init__(self, card: EmulatedCard, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
        self.card = card
        self.host = host
        self.port = port
        self._stop = threading.Event()
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self.connected = threading.Event()

    def start(self) -> VpcdCard:
        self._thread = threading.Thread(target=self.serve, name=f"vpcd:{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Take the card out of the reader and stop serving."""
        self._stop.set()
        sock = self._socket
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def _connect(self) -> socket.socket | None:
        while not self._stop.is_set():
            try:
                sock = socket.create_connection((self.host, self.port), timeout=1)
            except OSError:
                # vpcd is not listening yet (pcscd starting): try again shortly.
                self._stop.wait(0.1)
                continue
            # Without TCP_NODELAY every APDU waits ~40 ms for a delayed ACK (cards.md §3.4).
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(None)
            return sock
        return None

    def serve(self) -> None:
        """Answer vpcd until stopped or until the card is pulled (a fault, or stop()).

        When vpcd goes away (pcscd restarted) the card stays "in the reader": it reconnects
        and is seen again once pcscd is back.
        """
        while not self._stop.is_set():
            sock = self._connect()
            if sock is None:
                return
            self._socket = sock
            self.connected.set()
            pulled = False
            try:
                with sock:
                    pulled = self._serve_connection(sock)
            except OSError as error:
                if not self._stop.is_set():
                    log.warning("vpcd connection on port %d lost: %s", self.port, error)
            finally:
                self._socket = None
                self.connected.clear()
            if pulled:
                return
            self.card.reset()
            self._stop.wait(0.1)

    def _serve_connection(self, sock: socket.socket) -> bool:
        """Serve one vpcd connection; True when the card was pulled."""
        while not self._stop.is_set():
            header = _receive_exactly(sock, 2)
            if header is None:
                return False
            message = _receive_exactly(sock, int.from_bytes(header, "big"))
            if message is None:
                return False
            if len(message) == 1:
                reply = self._control(message[0])
            else:
                try:
                    reply = self.card.process(message)
                except CardPulled:
                    log.info("emulated card pulled from port %d", self.port)
                    return True
            if reply is not None:
                sock.sendall(len(reply).to_bytes(2, "big") + reply)
        return True

    def _control(self, code: int) -> bytes | None:
        if code == GET_ATR:
            return self.card.atr
        if code in (POWER_OFF, POWER_ON, RESET):
            self.card.reset()
        return None
