"""How APDUs reach a card: through pcscd (pyscard) or straight into the in-process emulator.

pyscard is imported only inside :class:`PcscTransport`, so the simulated path and the CLI's
startup never pay for it.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.card.errors import CardRemoved, CommunicationError, NoCard, NoReader

if TYPE_CHECKING:
    from kiosk.card.emulator.card import EmulatedCard

log = logging.getLogger(__name__)


class Transport(Protocol):
    """A connection to one card."""

    @property
    def atr(self) -> bytes: ...

    @property
    def protocol(self) -> str:
        """ "T=0" or "T=1"."""
        ...

    def transmit(self, apdu: bytes | bytearray) -> tuple[bytes, int]:
        """Send one raw APDU; return (response data, status word). Raises CardRemoved."""
        ...

    def close(self) -> None: ...


class InProcessTransport:
    """Talks to an :class:`EmulatedCard` in the same process, for `kiosk demo` and fast tests."""

    def __init__(self, card: EmulatedCard) -> None:
        self._card = card
        self._closed = False

    @property
    def atr(self) -> bytes:
        return self._card.atr

    @property
    def protocol(self) -> str:
        return self._card.protocol

    def transmit(self, apdu: bytes | bytearray) -> tuple[bytes, int]:
        from kiosk.card.emulator.card import CardPulled

        if self._closed:
            raise CommunicationError("transport closed")
        try:
            reply = self._card.process(apdu)
        except CardPulled as pulled:
            raise CardRemoved("card pulled") from pulled
        return reply[:-2], int.from_bytes(reply[-2:], "big")

    def close(self) -> None:
        self._closed = True


# pcsc-lite error codes that mean the card went away (SCARD_W_REMOVED_CARD, SCARD_E_NO_SMARTCARD,
# SCARD_W_RESET_CARD, SCARD_E_NOT_TRANSACTED): all are handled as a pulled card.
REMOVED_HRESULTS = {0x80100069, 0x8010000C, 0x80100068, 0x80100016}
SHARING_VIOLATION = 0x8010000B


class PcscTransport:
    """A pyscard connection in shared mode, retrying while another program holds the card."""

    def __init__(self, reader: str | None = None, *, retries: int = 5, retry_delay: float = 0.2) -> None:
        from smartcard.Exceptions import CardConnectionException, NoCardException
        from smartcard.scard import SCARD_SHARE_SHARED
        from smartcard.System import readers as list_readers

        available = list_readers()
        if not available:
            raise NoReader("no PC/SC reader")
        chosen: Any = None
        if reader is None:
            chosen = available[0]
        else:
            for candidate in available:
                if str(candidate) == reader or str(candidate).startswith(reader):
                    chosen = candidate
                    break
            if chosen is None:
                raise NoReader(f"no reader named {reader!r}")
        self.reader_name = str(chosen)
        self._connection = chosen.createConnection()
        for attempt in range(retries + 1):
            try:
                self._connection.connect(mode=SCARD_SHARE_SHARED)
                break
            except NoCardException as error:
                raise NoCard(f"no card in {self.reader_name}") from error
            except CardConnectionException as error:
                if getattr(error, "hresult", None) == SHARING_VIOLATION and attempt < retries:
                    time.sleep(retry_delay)
                    continue
                raise CommunicationError(f"cannot connect to {self.reader_name}: {error}") from error
        self._atr = bytes(self._connection.getATR())
        self._protocol = "T=0" if self._connection.getProtocol() == 0x1 else "T=1"

    @property
    def atr(self) -> bytes:
        return self._atr

    @property
    def protocol(self) -> str:
        return self._protocol

    @property
    def connection(self) -> Any:
        """The pyscard connection (for reader features such as the pinpad)."""
        return self._connection

    def transmit(self, apdu: bytes | bytearray) -> tuple[bytes, int]:
        from smartcard.Exceptions import CardConnectionException, NoCardException

        try:
            data, sw1, sw2 = self._connection.transmit(list(apdu))
        except NoCardException as error:
            raise CardRemoved("card removed during transmit") from error
        except CardConnectionException as error:
            if getattr(error, "hresult", None) in REMOVED_HRESULTS or "removed" in str(error).lower():
                raise CardRemoved("card removed during transmit") from error
            raise CommunicationError(f"transmit failed: {error}") from error
        return bytes(data), (sw1 << 8) | sw2

    def close(self) -> None:
        from smartcard.Exceptions import SmartcardException

        try:
            self._connection.disconnect()
        except SmartcardException:
            log.debug("disconnect failed; the card was probably removed already")
