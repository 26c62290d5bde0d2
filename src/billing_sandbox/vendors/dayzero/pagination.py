"""DayZero's cursor pagination: ``cursor``, ``limit``, ``direction``, ``sort_by``,
``descending``, ``include_total_count`` -> ``items``, ``next_cursor``, ``prev_cursor``,
``has_more``, ``total_count``.

A cursor names the record a page starts after (``direction=next``) or ends before
(``direction=prev``), with the sort it was made for; it is opaque to clients (URL-safe
base64 of JSON). ``has_more`` says whether records remain beyond the page in the direction
travelled; ``next_cursor`` / ``prev_cursor`` are null when nothing lies after / before the
page. Ties in the sort column keep the order the records were created in.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from billing_sandbox.engine.errors import ApiError


@dataclass(frozen=True)
class PageRequest:
    cursor: str | None = None
    limit: int = 50
    direction: str = "next"
    sort_by: str = "created_at"
    descending: bool = True
    include_total_count: bool = False

    @classmethod
    def from_query(cls, query: dict[str, Any]) -> PageRequest:
        given = {k: v for k, v in query.items() if k in cls.__dataclass_fields__ and v is not None}
        return cls(**given)


def paginate(records: list[dict], request: PageRequest,
             sort_keys: dict[str, Callable[[dict], Any]]) -> tuple[list[dict], dict]:
    """The page of ``records`` (given in creation order) and the pagination fields."""
    key = sort_keys.get(request.sort_by)
    if key is None:
        raise ApiError("bad_request",
                       f"sort_by {request.sort_by!r} is not a sortable column; use one of "
                       f"{', '.join(sorted(sort_keys))}", param="sort_by")
    numbered = sorted(enumerate(records), key=lambda pair: (key(pair[1]), pair[0]),
                      reverse=request.descending)
    ordered = [record for _, record in numbered]
    start, end = _window(ordered, request)
    page = ordered[start:end]
    more_after, more_before = end < len(ordered), start > 0
    fields = {
        "next_cursor": _encode(page[-1]["id"], request) if page and more_after else None,
        "prev_cursor": _encode(page[0]["id"], request) if page and more_before else None,
        "has_more": more_before if request.direction == "prev" and request.cursor
        else more_after,
        "total_count": len(ordered) if request.include_total_count else None,
    }
    return page, fields


def _window(ordered: list[dict], request: PageRequest) -> tuple[int, int]:
    if not request.cursor:
        return 0, min(request.limit, len(ordered))
    anchor = _decode(request.cursor, request)
    position = next((i for i, record in enumerate(ordered) if record["id"] == anchor), None)
    if position is None:
        raise _bad_cursor(request.cursor, "it names no record of this listing")
    if request.direction == "prev":
        return max(position - request.limit, 0), position
    return position + 1, min(position + 1 + request.limit, len(ordered))


def _encode(record_id: str, request: PageRequest) -> str:
    payload = {"id": record_id, "sort_by": request.sort_by, "descending": request.descending}
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, request: PageRequest) -> str:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw)
        record_id, sort_by, descending = (payload["id"], payload["sort_by"],
                                          payload["descending"])
    except (binascii.Error, ValueError, TypeError, KeyError):
        raise _bad_cursor(cursor, "it is not a cursor this API gave") from None
    if (sort_by, descending) != (request.sort_by, request.descending):
        raise _bad_cursor(cursor, f"it was made for sort_by={sort_by} descending="
                                  f"{str(descending).lower()}; reset the cursor when changing "
                                  "the sort")
    return record_id


def _bad_cursor(cursor: str, reason: str) -> ApiError:
    return ApiError("bad_request",
                    f"cursor {cursor!r} is not valid: {reason}; pass the next_cursor or "
                    "prev_cursor of a previous page, or no cursor for the first page",
                    param="cursor")
