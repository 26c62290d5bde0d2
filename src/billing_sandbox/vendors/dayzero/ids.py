"""DayZero ids are UUIDs: minted as UUID4, compared in their canonical lower-case form."""

from __future__ import annotations

import uuid


def new_id(kind: str) -> str:
    """A fresh UUID4 for any record kind (unique across restarts)."""
    return str(uuid.uuid4())


def canonical(value: str) -> str:
    """``3F1D…`` -> ``3f1d…``, as DayZero (pydantic UUID fields) reads ids in any case.

    Values that are not UUIDs are returned unchanged: the document's ``format: uuid`` has
    already refused them, and a fixture check names them.
    """
    try:
        return str(uuid.UUID(value))
    except (TypeError, ValueError, AttributeError):
        return value


def is_uuid(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def derived_id(business_id: str, name: str) -> str:
    """A stable UUID for a record a fixture implies (a customer named on an invoice)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"dayzero:{business_id}:{name}"))
