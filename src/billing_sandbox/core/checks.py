"""Input rules shared by the operations; each failure is an InvalidInput naming the field."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .errors import InvalidInput
from .money import MAX_MINOR


def text(value: Any, field: str, *, required: bool = True, max_length: int | None = None):
    """A non-blank string (or None when not required and absent)."""
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(field, "must be a non-empty string", value)
    if max_length is not None and len(value) > max_length:
        raise InvalidInput(field, f"must be at most {max_length} characters", value)
    return value


def amount(value: Any, field: str, *, minimum: int = 0) -> int:
    """An integer number of minor units, at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(field, "must be an integer number of minor units", value)
    if value < minimum:
        raise InvalidInput(field, f"must be at least {minimum}", value)
    if value > MAX_MINOR:
        raise InvalidInput(field, f"must be at most {MAX_MINOR}", value)
    return value


def integer(value: Any, field: str, *, minimum: int, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(field, "must be an integer", value)
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        raise InvalidInput(field, f"must be {bounds}", value)
    return value


def flag(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(field, "must be true or false", value)
    return value


def choice(value: Any, field: str, options: Iterable[str]) -> str:
    options = tuple(options)
    if value not in options:
        raise InvalidInput(field, f"must be one of {', '.join(options)}", value)
    return value


def mapping(value: Any, field: str) -> dict:
    """A dict (None -> {}), e.g. the ``extra`` vendor fields a record keeps verbatim."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidInput(field, "must be an object", value)
    return dict(value)


def record_id(value: Any, field: str) -> str | None:
    """An id chosen by the caller (fixtures), or None to mint one."""
    if value is None:
        return None
    return text(value, field)
