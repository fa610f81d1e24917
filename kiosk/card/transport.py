"""How APDUs reach a card: through pcscd (pyscard) or straight into the in-process emulator.

pyscard is imported only inside :class:`PcscTransport`, so the simulated path and the CLI's
startup never pay for it.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.card.errors import CardRemoved, CommunicationError, NoCard, NoReader, ReaderServiceDown

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
        from smartcard.Exceptions import CardConnectionException, NoCardException, SmartcardException
        from smartcard.pcsc.PCSCExceptions import BaseSCardException
        from smartcard.scard import SCARD_SHARE_SHARED
        from smartcard.System import readers as list_readers

        try:
            available = list_readers()
        except (SmartcardException, BaseSCardException) as error:
            # pyscard raises BaseSCardException (not a SmartcardException) when pcscd is not running.
            raise ReaderServiceDown(f"PC/SC service unavailable: {error}") from error
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
        t0 = self._connection.getProtocol() == 0x1
        self._protocol = "T=0" if t0 else "T=1"
        from smartcard import scard

        # APDUs go straight to SCardTransmit on pyscard's card handle: the same call pyscard
        # makes, without its observer and locking layers on every APDU.
        self._scard = scard
        inner = self._connection
        while not hasattr(inner, "hcard") and hasattr(inner, "component"):
            inner = inner.component  # pyscard wraps the PC/SC connection in decorators
        self._handle = inner.hcard
        self._pcsc_connection = inner
        self._pci = scard.SCARD_PCI_T0 if t0 else scard.SCARD_PCI_T1

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
        hresult, response = self._scard.SCardTransmit(self._handle, self._pci, list(apdu))
        if hresult != self._scard.SCARD_S_SUCCESS or len(response) < 2:
            # An empty answer often means the card was pulled before pcscd noticed.
            if (hresult & 0xFFFFFFFF) in REMOVED_HRESULTS or not self._card_present():
                raise CardRemoved("card removed during transmit")
            raise CommunicationError(f"transmit failed: {hresult & 0xFFFFFFFF:08X}")
        try:
            reply = bytes(response)  # pyscard gives ints 0..255: converted in C, not byte by byte
        except ValueError:
            reply = bytes(byte & 0xFF for byte in response)  # a binding giving signed chars
        return reply[:-2], (reply[-2] << 8) | reply[-1]

    def _card_present(self, settle: float = 0.5) -> bool:
        """After a failed transmit: is the card still in the reader?

        A card pulled mid-APDU often surfaces as an empty answer before pcscd has noticed
        the removal, so give the reader a moment to settle before calling it a line fault.
        """
        from smartcard import scard

        result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if result != scard.SCARD_S_SUCCESS:
            return False
        try:
            deadline = time.monotonic() + settle
            state = scard.SCARD_STATE_UNAWARE
            while True:
                result, answers = scard.SCardGetStatusChange(context, 50, [(self.reader_name, state)])
                if result == scard.SCARD_S_SUCCESS:
                    state = answers[0][1] & ~scard.SCARD_STATE_CHANGED
                    if not state & scard.SCARD_STATE_PRESENT:
                        return False
                elif result != scard.SCARD_E_TIMEOUT:
                    return False
                if time.monotonic() >= deadline:
                    return True
        finally:
            scard.SCardReleaseContext(context)

    def close(self) -> None:
        from smartcard.Exceptions import SmartcardException

        try:
            self._connection.disconnect()
        except SmartcardException:
            log.debug("disconnect failed; the card was probably removed already")
        # Release the PC/SC context now: left to the garbage collector, the release fails
        # noisily ("Exception ignored in __del__") once pcscd has restarted or stopped.
        try:
            self._pcsc_connection.release()
        except SmartcardException:
            log.debug("releasing the PC/SC context failed; pcscd probably restarted")


class RecordingTransport:
    """Passes every APDU on and keeps a copy: for APDU counts in tests, replays in the benchmark, and
    traces when a reader misbehaves in the field (the copies may hold PIN blocks: never log them)."""

    def __init__(self, inner: Transport, *, keep_open: bool = False) -> None:
        self.inner = inner
        self.keep_open = keep_open
        """Leave the inner connection open on close(), to reuse it across sessions."""
        self.sent: list[bytes] = []

    @property
    def atr(self) -> bytes:
        return self.inner.atr

    @property
    def protocol(self) -> str:
        return self.inner.protocol

    def transmit(self, apdu: bytes | bytearray) -> tuple[bytes, int]:
        self.sent.append(bytes(apdu))
        return self.inner.transmit(apdu)

    def close(self) -> None:
        if not self.keep_open:
            self.inner.close()
