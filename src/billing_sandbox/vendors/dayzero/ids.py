"""DayZero ids are UUIDs: minted as UUID4, compared in their canonical lower-case form."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable


def uuid_minter(random_bytes: Callable[[int], bytes] = os.urandom) -> Callable[[str], str]:
    """``new_id(kind)`` minting UUID4s from the given randomness (``--seed`` makes it repeat)."""

    def mint(kind: str) -> str:
        return str(uuid.UUID(bytes=random_bytes(16), version=4))

    return mint



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
