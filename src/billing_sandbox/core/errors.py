"""Typed refusals of the ledger; a vendor adapter turns each into the vendor's error body.

Every error carries a human message saying what was wrong and, for state errors, the current
state. Field names are the ledger's parameter names in the engine's notation
(``refund_amount_split[0].amount``); adapters rename them to the vendor's fields.

The ledger validates everything before it writes anything, so a refused operation leaves the
repository untouched even if the store does not roll back.
"""

from __future__ import annotations

from typing import Any

_MISSING: Any = object()


def _label(kind: str) -> str:
    return kind.replace("_", " ")


class LedgerError(Exception):
    """Base of every refusal; ``message`` is the sentence to show a client."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(LedgerError):
    """No record of this kind has this id (``kind`` is a record kind such as ``invoice``)."""

    def __init__(self, kind: str, record_id: Any, message: str | None = None) -> None:
        self.kind = kind
        self.record_id = record_id
        super().__init__(message or f"{_label(kind)} {record_id} not found")


class InvalidState(LedgerError):
    """The record exists but its state forbids the operation (``state`` is its status now)."""

    def __init__(self, kind: str, record_id: str, state: str | None, message: str) -> None:
        self.kind = kind
        self.record_id = record_id
        self.state = state
        super().__init__(message)


class LimitExceeded(LedgerError):
    """An amount is above what is allowed; ``limit`` is the largest accepted value."""

    def __init__(self, field: str, limit: int, message: str) -> None:
        self.field = field
        self.limit = limit
        super().__init__(message)


class CurrencyMismatch(LedgerError):
    """A request in another currency than the record it acts on."""

    def __init__(self, field: str, expected: str, given: str, message: str | None = None) -> None:
        self.field = field
        self.expected = expected
        self.given = given
        super().__init__(message or f"{field}: currency {given} does not match {expected}")


class Duplicate(LedgerError):
    """The record would duplicate an existing one; ``existing_id`` names it."""

    def __init__(self, kind: str, existing_id: str, message: str | None = None) -> None:
        self.kind = kind
        self.existing_id = existing_id
        super().__init__(message or f"{_label(kind)} {existing_id} already exists")


class PaymentDeclined(LedgerError):
    """A charge was declined; the failed payment ``payment_id`` is recorded.

    The ledger never raises it: raising would roll the failed payment back in a transactional
    store. ``charge_invoice`` returns the failed payment; an adapter that answers a decline
    with an error raises this after the transaction commits.
    """

    def __init__(self, payment_id: str, reason: str) -> None:
        self.payment_id = payment_id
        self.reason = reason
        super().__init__(f"payment {payment_id} was declined: {reason}")


class InvalidInput(LedgerError):
    """A value breaks a rule; ``field`` names it, ``reason`` says which rule."""

    def __init__(self, field: str, reason: str, value: Any = _MISSING) -> None:
        self.field = field
        self.reason = reason
        self.value = None if value is _MISSING else value
        self.has_value = value is not _MISSING
        super().__init__(f"{field}: {reason}")
