"""Ledger refusals -> DayZero errors. The profile renders them: 404 "Resource not found: …",
400 "Invalid request parameters: …", 422 with pydantic-style details. Every message names
the record or field, the value and the rule, so a client knows what to change."""

from __future__ import annotations

from typing import Any

from billing_sandbox.core import (
    CurrencyMismatch,
    Duplicate,
    InvalidInput,
    InvalidState,
    LedgerError,
    LimitExceeded,
    NotFound,
    PaymentDeclined,
)
from billing_sandbox.engine.errors import ApiError, Issue

# Ledger parameter names -> the names DayZero's request uses
FIELD_NAMES = {"paid_at": "paid_on"}
LABELS = {"bank_transaction": "bank transaction"}


def api_error(error: LedgerError, business_id: str, body: dict | None = None) -> ApiError:
    """The ApiError for a ledger refusal; ``body`` is the request body (for the values)."""
    body = body or {}
    if isinstance(error, NotFound):
        label = LABELS.get(error.kind, error.kind.replace("_", " "))
        return ApiError("not_found", f"no {label} {error.record_id} in business {business_id}")
    if isinstance(error, LimitExceeded):
        return _limit_exceeded(error, body)
    if isinstance(error, CurrencyMismatch):
        transaction = body.get("transaction_id", "")
        return ApiError(
            "bad_request",
            f"transaction {transaction} is in {error.given} but the invoice is in "
            f"{error.expected}; pay it with a {error.expected} transaction",
            param="transaction_id",
        )
    if isinstance(error, InvalidState):
        return ApiError("invalid_state", error.message)
    if isinstance(error, InvalidInput):
        field = _field(error.field)
        value: Any = error.value if error.has_value else body.get(field)
        issue = Issue(("body", *field.split(".")), f"Value error, {error.reason}",
                      "malformed", value)
        return ApiError("validation", f"{field}: {error.reason}", param=field, issues=[issue])
    if isinstance(error, Duplicate):
        return ApiError("bad_request", error.message)
    if isinstance(error, PaymentDeclined):
        return ApiError("payment_failed", error.message)
    return ApiError("bad_request", error.message)


def _limit_exceeded(error: LimitExceeded, body: dict) -> ApiError:
    field = _field(error.field)
    if field == "amount" and "transaction_id" in body and error.limit == 0:
        message = (
            f"amount {body.get('amount')} exceeds the 0 cents left unallocated on transaction "
            f"{body['transaction_id']}: it is fully allocated; pay with another transaction"
        )
    elif field == "amount" and "transaction_id" in body:
        message = (
            f"amount {body.get('amount')} exceeds the {error.limit} cents left unallocated on "
            f"transaction {body['transaction_id']}; allocate at most {error.limit}"
        )
    else:
        message = error.message
    return ApiError("bad_request", message, param=field)


def _field(name: str) -> str:
    return FIELD_NAMES.get(name, name)
