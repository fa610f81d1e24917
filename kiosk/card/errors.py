"""Typed card errors: each carries a message id that the UI or CLI localises.

Details for operators (status words, ATRs) go in ``detail``; they never contain a PIN or
personal data, so they are safe to log.
"""

from __future__ import annotations

from kiosk.card.messages import message


class CardError(Exception):
    """Base of every error the card layer raises."""

    message_id = "card.error"

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.message_id)
        self.detail = detail

    def params(self) -> dict[str, object]:
        return {}

    def user_message(self, language: str = "en") -> str:
        """The plain sentence to show the person at the kiosk."""
        return message(self.message_id, language, **self.params())


class CardRemoved(CardError):
    message_id = "card.removed"


class NoCard(CardRemoved):
    message_id = "card.no_card"


class NoReader(CardError):
    message_id = "card.no_reader"


class ReaderServiceDown(NoReader):
    """pcscd, the PC/SC service every reader is reached through, is not running or does not answer."""

    message_id = "card.no_service"


class CardNotSupported(CardError):
    message_id = "card.not_supported"

    def __init__(self, atr: bytes = b"", detail: str = "") -> None:
        super().__init__(detail or f"no known application answered; ATR {atr.hex(' ').upper()}")
        self.atr = atr


class WrongPin(CardError):
    message_id = "card.wrong_pin"

    def __init__(self, tries_left: int) -> None:
        super().__init__(f"wrong PIN, {tries_left} tries left")
        self.tries_left = tries_left
        if tries_left == 1:
            self.message_id = "card.wrong_pin_last"

    def params(self) -> dict[str, object]:
        return {"tries_left": self.tries_left}


class PinBlocked(CardError):
    message_id = "card.pin_blocked"

    def __init__(self, where: str = "where.pt") -> None:
        super().__init__("PIN blocked")
        self.where = where

    def params(self) -> dict[str, object]:
        return {"where": self.where}


class BadPinFormat(CardError):
    message_id = "card.bad_pin_format"

    def __init__(self, minimum: int, maximum: int) -> None:
        super().__init__(f"PIN must have {minimum} to {maximum} digits")
        self.minimum = minimum
        self.maximum = maximum

    def params(self) -> dict[str, object]:
        return {"minimum": self.minimum, "maximum": self.maximum}


class SecurityStatusNotSatisfied(CardError):
    message_id = "card.security_status"


class FileNotFound(CardError):
    message_id = "card.file_not_found"


class CommunicationError(CardError):
    message_id = "card.communication"


class ContactlessOnly(CardError):
    message_id = "card.contactless_only"


class UnexpectedStatus(CardError):
    message_id = "card.unexpected_status"

    def __init__(self, sw: int, command: str = "") -> None:
        super().__init__(f"status word {sw:04X} for {command or 'command'}")
        self.sw = sw


class CorruptField(CardError):
    message_id = "card.corrupt_field"

    def __init__(self, field: str, detail: str = "") -> None:
        super().__init__(f"corrupt field {field}: {detail}" if detail else f"corrupt field {field}")
        self.field = field

    def params(self) -> dict[str, object]:
        return {"field": self.field}
