"""Ledger refusals as Zenskar (FastAPI) answers.

- NotFound -> 404 ``{"detail": "invoice 7a1c… not found"}``.
- InvalidState, Duplicate, LimitExceeded, CurrencyMismatch -> 400 ``{"detail": "..."}``, the
  current status in Zenskar's words (the ledger's ``open`` is Zenskar's ``approved``).
- InvalidInput -> 400 naming the field, or, for the fields a handler lists as request-shape
  rules (``to_date`` after ``from_date``...), 422 ``{"detail": [{"loc": ["body", field], "msg":
  "Value error, ...", "type": "value_error"}]}`` as a pydantic validator would answer.
- PaymentDeclined -> 400 (documented for the charge; FastAPI's HTTPException way).

Amounts in ledger messages are minor units; with ``money=True`` (operations whose messages
carry only amounts as bare numbers) they are rewritten in major units, as Zenskar's requests
give them: "amount 60000 exceeds the 50000" -> "600.00 exceeds the 500.00".
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from billing_sandbox.core import (
    CurrencyMismatch,
    Duplicate,
    InvalidInput,
    InvalidState,
    LedgerError,
    LimitExceeded,
    NotFound,
    PaymentDeclined,
    to_major,
)
from billing_sandbox.engine.errors import ApiError, Issue

# Ledger statuses that Zenskar calls otherwise, as they appear in refusal messages.
_STATUS_WORDS = re.compile(r"\b(open|payment_failed)\b")
# A bare integer: not part of an id, a date, an index ([0]) or a decimal.
_BARE_INTEGER = re.compile(r"(?<![\w.\-\[])-?\d+(?![\w.\-\]])")


def api_error(
    error: LedgerError,
    *,
    fields: Mapping[str, str] | None = None,
    validation: Collection[str] = (),
    phrases: Mapping[str, str] | None = None,
    money: bool = False,
) -> ApiError:
    """The ApiError for a ledger refusal.

    ``fields`` renames ledger parameters to the request's (``amount`` -> ``credit_note_amount``);
    ``validation`` lists request fields (indices written ``[]``) whose InvalidInput is a 422;
    ``phrases`` rewrites ledger wording into the operation's (``the due date check`` ->
    ``skip_invoice_due_date_check``); ``money`` rewrites bare integers as major units.
    """
    fields = fields or {}
    amounts = _major_units if money else _unchanged
    if isinstance(error, NotFound):
        return ApiError("not_found", error.message)
    if isinstance(error, InvalidState):
        message = _rephrase(error.message, phrases)
        if error.kind == "invoice":
            message = _STATUS_WORDS.sub("approved", message)
        return ApiError("invalid_state", message, status=400)
    if isinstance(error, LimitExceeded):
        field = vendor_field(error.field, fields)
        message = amounts(_without_field(error.message, error.field))
        limit = to_major(error.limit) if money else error.limit
        return ApiError("bad_request", f"{field}: {message} (at most {limit})", param=field)
    if isinstance(error, InvalidInput):
        field = vendor_field(error.field, fields)
        reason = _rephrase(amounts(error.reason), phrases)
        if re.sub(r"\[\d+\]", "[]", field) in validation:
            issue = Issue(("body", *_path(field)), f"Value error, {field} {reason}", "value_error",
                          error.value if error.has_value else None)
            return ApiError("validation", f"{field}: {reason}", param=field, issues=[issue])
        return ApiError("bad_request", f"{field}: {reason}", param=field)
    if isinstance(error, Duplicate):
        return ApiError("duplicate", _rephrase(error.message, phrases), status=400)
    if isinstance(error, PaymentDeclined):
        return ApiError("payment_failed", error.message, status=400)
    if isinstance(error, CurrencyMismatch):
        field = vendor_field(error.field, fields)
        return ApiError("bad_request", f"{field}: currency {error.given} does not match "
                        f"{error.expected}", param=field)
    return ApiError("bad_request", error.message)


def vendor_field(field: str, fields: Mapping[str, str]) -> str:
    """``amount`` -> ``credit_note_amount``; a renamed head keeps its tail (``a[0].b``)."""
    if field in fields:
        return fields[field]
    head = re.match(r"[^.\[]+", field)
    if head and head.group(0) in fields:
        return fields[head.group(0)] + field[head.end():]
    return field


def _path(field: str) -> list[str | int]:
    """``refund_amount_split[0].amount`` -> ``["refund_amount_split", 0, "amount"]``."""
    return [int(part) if part.isdigit() else part for part in re.findall(r"[^.\[\]]+", field)]


def _without_field(message: str, field: str) -> str:
    """Ledger limit messages start with their field ("amount 600 exceeds"); say it once."""
    return message[len(field) + 1:] if message.startswith(field + " ") else message


def _rephrase(message: str, phrases: Mapping[str, str] | None) -> str:
    for ledger_words, vendor_words in (phrases or {}).items():
        message = message.replace(ledger_words, vendor_words)
    return message


def _major_units(message: str) -> str:
    return _BARE_INTEGER.sub(lambda m: str(to_major(int(m.group(0)))), message)


def _unchanged(message: str) -> str:
    return message
