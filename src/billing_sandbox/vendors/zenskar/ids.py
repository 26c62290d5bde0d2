"""Zenskar's identifiers: UUID4 for every record; invoice and credit note numbers with a prefix."""

from __future__ import annotations

import uuid

from billing_sandbox.vendors.uuids import uuid_minter

__all__ = ["credit_note_number", "invoice_number", "is_uuid", "uuid_minter"]


def is_uuid(value: object) -> bool:
    """True for the canonical 8-4-4-4-12 form the documents' ``format: uuid`` checks."""
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return all(value[position] == "-" for position in (8, 13, 18, 23))


def invoice_number(number: str) -> str:
    """The ledger's running number "7" as ``INV-0007``; a number a fixture chose is kept."""
    return f"INV-{int(number):04d}" if number.isdigit() else number


def credit_note_number(number: str) -> str:
    return f"CN-{int(number):04d}" if number.isdigit() else number
