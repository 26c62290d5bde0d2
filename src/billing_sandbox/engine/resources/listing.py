"""Lists of records: filtered by the query parameters named like record fields, paged in the
document's own style, with the meta fields its list answers carry computed from what is stored.

Filters: ``status=paid`` or ``status[]=paid&status[]=void`` (any of them); operator forms as a
document declares them (``customer_id[is]=c1``, ``created_at[after]=1700000000``, or a
parameter whose value is an object of operators): ``is``, ``is_not``, ``in``, ``not_in``,
``starts_with``, ``gt``, ``gte``, ``lt``, ``lte``, ``after``, ``before``, ``on``, ``between``,
``is_present``.

Paging styles (model.Paging): ``offset`` (``limit`` + ``offset``; an offset sent back as text
is answered as ``next_offset``), ``page`` (``page`` + ``per_page``), ``cursor`` (an opaque
cursor the answer hands out), ``after`` (``starting_after`` / ``ending_before`` an id).
A page number or offset below the first is the first; a position that cannot be read (an id
not in the list, a cursor not handed out) is a 400 naming the parameter where the operation
documents a client error, and the first page where it documents none.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..errors import MISSING, ApiError
from . import naming
from .model import Paging

_DEFAULT_SIZE = 10


def matches(record: dict, filters: dict[str, tuple[str, str | None]], query: dict) -> bool:
    """Whether the record passes every filter the query uses."""
    for param, (field, operator) in filters.items():
        if param not in query or query[param] is None:
            continue
        wanted = query[param]
        actual = _value_of(record, field)
        if operator is None and isinstance(wanted, dict):
            if not all(_test(actual, op, value) for op, value in wanted.items()):
                return False
        elif not _test(actual, operator or ("in" if isinstance(wanted, list) else "is"),
                       wanted):
            return False
    return True


def _value_of(record: dict, field: str) -> Any:
    """A field's value; ``customer.id`` reads inside a record kept whole."""
    if field in record or "." not in field:
        return record.get(field)
    outer, inner = field.split(".", 1)
    kept = record.get(outer)
    return kept.get(inner) if isinstance(kept, dict) else None


def _same(actual: Any, wanted: Any) -> bool:
    if actual == wanted and type(actual) is type(wanted):
        return True
    if isinstance(actual, bool) or isinstance(wanted, bool):
        return str(actual).lower() == str(wanted).lower()
    return actual is not None and str(actual) == str(wanted)


def _order(actual: Any, wanted: Any) -> tuple[Any, Any] | None:
    for convert in (float, str):
        try:
            return convert(actual), convert(wanted)
        except (TypeError, ValueError):
            continue
    return None


def _listed(wanted: Any) -> list:
    if isinstance(wanted, list):
        return wanted
    if isinstance(wanted, str) and wanted.startswith("[") and wanted.endswith("]"):
        return [part.strip().strip("'\"") for part in wanted[1:-1].split(",") if part.strip()]
    return [wanted]


def _test(actual: Any, operator: str, wanted: Any) -> bool:
    if operator in ("is", "eq", "on"):
        return _same(actual, wanted)
    if operator in ("is_not", "ne"):
        return not _same(actual, wanted)
    if operator == "in":
        return any(_same(actual, item) for item in _listed(wanted))
    if operator == "not_in":
        return not any(_same(actual, item) for item in _listed(wanted))
    if operator == "starts_with":
        return actual is not None and str(actual).startswith(str(wanted))
    if operator == "is_present":
        present = str(wanted).lower() in ("true", "1")
        return (actual is not None) == present
    if operator == "between":
        bounds = _listed(wanted)
        return len(bounds) == 2 and actual is not None and (
            _compare(actual, ">=", bounds[0]) and _compare(actual, "<=", bounds[1]))
    symbol = {"gt": ">", "after": ">", "gte": ">=", "lt": "<", "before": "<", "lte": "<="}
    if operator in symbol:
        return actual is not None and _compare(actual, symbol[operator], wanted)
    return True  # an operator the sandbox does not know filters nothing out


def _compare(actual: Any, symbol: str, wanted: Any) -> bool:
    pair = _order(actual, wanted)
    if pair is None:
        return False
    a, b = pair
    return {">": a > b, ">=": a >= b, "<": a < b, "<=": a <= b}[symbol]


@dataclass
class Page:
    records: list[dict]
    total: int
    start: int
    size: int
    next_position: Any  # what the client sends for the next page (None: there is none)
    number: int | None = None  # the page number, for page-style paging

    @property
    def has_more(self) -> bool:
        return self.start + len(self.records) < self.total


def paginate(records: list[dict], paging: Paging, query: dict, key: str,
             strict: bool = True) -> Page:
    """The page of ``records`` (filtered, oldest first) the query asks for; ``strict``: a
    position that cannot be read is refused rather than read as the first page."""
    size = _size(paging, query)
    total = len(records)
    position = query.get(paging.position_param) if paging.position_param else None
    if paging.style == "page":
        number = _integer(position, paging.position_param, 1, strict) if position is not None \
            else 1
        start = (number - 1) * size
        chosen = records[start:start + size]
        more = start + len(chosen) < total
        return Page(chosen, total, start, size, number + 1 if more else None, number)
    if paging.style == "after":
        start = 0
        before = query.get(paging.before_param) if paging.before_param else None
        if position is not None:
            start = _index_of(records, key, position, paging.position_param, strict) + 1
        elif before is not None:
            end = _index_of(records, key, before, paging.before_param, strict)
            end = total if end < 0 else end
            start = max(0, end - size)
            chosen = records[start:end]
            return Page(chosen, total, start, size,
                        chosen[-1].get(key) if chosen and end < total else None)
        chosen = records[start:start + size]
        more = start + len(chosen) < total
        return Page(chosen, total, start, size, chosen[-1].get(key) if more and chosen else None)
    start = _integer(position, paging.position_param, 0, strict) if position not in (
        None, "") else 0
    chosen = records[start:start + size]
    following = start + len(chosen)
    next_position = None
    if following < total:
        next_position = str(following) if paging.position_is_text or paging.style == "cursor" \
            else following
    return Page(chosen, total, start, size, next_position)


def _size(paging: Paging, query: dict) -> int:
    value = query.get(paging.size_param) if paging.size_param else None
    size = value if isinstance(value, int) and not isinstance(value, bool) and value > 0 \
        else None
    if size is None:
        size = paging.default_size if isinstance(paging.default_size, int) else (
            _DEFAULT_SIZE if paging.style != "none" else 1_000_000)
    if isinstance(paging.max_size, int):
        size = min(size, paging.max_size)
    return max(size, 1)


def _integer(value: Any, param: str | None, least: int, strict: bool) -> int:
    try:
        return max(int(value), least)
    except (TypeError, ValueError):
        if strict:
            raise ApiError("validation", f"{param}: {value!r} is not a position this list "
                                         "handed out", param=param) from None
        return least


def _index_of(records: list[dict], key: str, value: Any, param: str | None,
              strict: bool) -> int:
    """The index of the record whose key is ``value``; -1 (the start) when there is none
    and the list may not refuse."""
    for index, record in enumerate(records):
        if str(record.get(key)) == str(value):
            return index
    if strict:
        raise ApiError("validation", f"{param}: no record {value!r} in this list", param=param)
    return -1


_TOTALS = ("total_count", "total", "total_items", "total_results", "count_total",
           "total_records", "estimated_total")
_PAGES = ("total_pages", "page_count", "pages", "last_page")
_CURRENT = ("current_page", "page", "page_number")
_NEXT = ("next_page",)
_PREVIOUS = ("prev_page", "previous_page")
_SIZES = ("per_page", "page_size", "limit", "size")
_MORE = ("has_more", "has_next", "has_next_page", "more")
_CURSORS = ("next_offset", "next_cursor", "cursor", "next_page_token", "next_token",
            "end_cursor", "after")


def meta_value(name: str, page: Page) -> Any:
    """The truthful value of a list answer's meta field, or MISSING for one it does not know."""
    field = naming.snake(name)
    if field in _TOTALS:
        return page.total
    if field in _PAGES:
        return max(1, math.ceil(page.total / page.size))
    if field in _CURRENT:
        return page.number if page.number is not None else page.start // page.size + 1
    if field in _NEXT:
        return (page.number or page.start // page.size + 1) + 1 if page.has_more else None
    if field in _PREVIOUS:
        current = page.number or page.start // page.size + 1
        return current - 1 if current > 1 else None
    if field in _SIZES:
        return page.size
    if field == "offset":
        return page.start
    if field in _MORE:
        return page.has_more
    if field in _CURSORS:
        return page.next_position
    if field == "count":
        return len(page.records)
    return MISSING
