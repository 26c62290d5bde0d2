"""Zenskar listings: ``order`` by a field of the listed objects, pages by ``cursor`` + ``limit``.

``order`` names a top-level field of the objects (``-created_at`` by default: newest first;
equal values keep the newest first too). ``limit`` defaults to 10. A cursor is the opaque
``next`` / ``previous`` value of a page (a position in the ordered results); ``next`` is null
on the last page, ``previous`` on the first.
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import datetime
from decimal import Decimal
from typing import Any

from billing_sandbox.engine.errors import ApiError

DEFAULT_LIMIT = 10
_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T.*Z$")


def ordered(items: list[dict], order: str | None) -> list[dict]:
    """``items`` (oldest first) sorted by ``order`` (``field`` or ``-field``)."""
    order = order or "-created_at"
    descending = order.startswith("-")
    field = order.lstrip("-+")
    sortable = sorted(k for k, v in (items[0].items() if items else ())
                      if v is None or isinstance(v, str | int | float))
    if items and field not in sortable:
        raise ApiError("bad_request", f"order: cannot order by {field!r}; order by one of "
                       f"{', '.join(sortable)} (a leading '-' sorts descending)", param="order")
    pool = list(reversed(items)) if descending else list(items)
    present = [item for item in pool if item.get(field) is not None]
    missing = [item for item in pool if item.get(field) is None]
    present.sort(key=lambda item: _key(item[field]), reverse=descending)
    return present + missing


def _key(value: Any) -> tuple:
    """Numbers and decimal strings by value, date-times by instant, then other text; values
    of different sorts are never compared with each other."""
    if isinstance(value, int | float):
        return (0, value)
    if _DECIMAL.match(value):
        return (0, Decimal(value))
    if _DATE_TIME.match(value):
        try:
            return (1, datetime.fromisoformat(value))
        except ValueError:
            pass
    return (2, value)


def page(items: list[dict], cursor: str | None, limit: int | None) -> dict:
    """``{"results", "next", "previous", "total_count"}`` for the page the cursor points at."""
    limit = limit or DEFAULT_LIMIT
    start = 0 if cursor is None else _position(cursor)
    end = start + limit
    return {
        "results": items[start:end],
        "next": _cursor(end) if end < len(items) else None,
        "previous": _cursor(max(start - limit, 0)) if start > 0 else None,
        "total_count": len(items),
    }


def _cursor(position: int) -> str:
    return base64.urlsafe_b64encode(f"position:{position}".encode()).decode()


def _position(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeError, ValueError):
        text = ""
    name, _, number = text.partition(":")
    if name != "position" or not number.isdigit():
        raise ApiError("bad_request", f"cursor: {cursor!r} is not a cursor of this listing; "
                       "use the next or previous value of a page", param="cursor")
    return int(number)
