"""DayZero ids are UUIDs: minted as UUID4, compared in their canonical lower-case form."""

from __future__ import annotations

import uuid

from billing_sandbox.vendors.uuids import canonical_uuid, uuid_minter

__all__ = ["canonical", "derived_id", "is_uuid", "uuid_minter"]


def canonical(value: str) -> str:
    """``3F1D…`` -> ``3f1d…``, as DayZero (pydantic UUID fields) reads ids in any case.

    Values that are not UUIDs are returned unchanged: the document's ``format: uuid`` has
    already refused them, and a fixture check names them.
    """
    return canonical_uuid(value)


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
