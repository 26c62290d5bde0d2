"""GET /invoices: filters, sort order and Chargebee's ``offset``/``next_offset`` paging.

Most recent first (by ``date``, then by creation) unless ``sort_by[asc]``/``sort_by[desc]``
says otherwise. ``next_offset`` is a key, not a count (like Chargebee's
``'["1700000000","12"]'``): the sort value and the position of the last invoice returned, so
an invoice created between two pages neither repeats nor hides an entry.
"""

from __future__ import annotations

import json
from typing import Any

from billing_sandbox.core import INVOICE, Books, is_deleted

from .errors import wrong_value
from .shapes import invoice_shape, invoice_status, unix

DEFAULT_LIMIT = 10
FILTERS = {"customer_id[is]": "customer_id", "subscription_id[is]": "subscription_id"}
KNOWN = {"limit", "offset", "include_deleted", "customer_id[is]", "subscription_id[is]",
         "status[is]", "sort_by[asc]", "sort_by[desc]"}


def list_invoices(books: Books, query: dict[str, Any]) -> dict:
    unknown = sorted(set(query) - KNOWN)
    if unknown:
        raise wrong_value(unknown[0], "this filter is not supported; the sandbox takes "
                                      f"{', '.join(sorted(KNOWN))}")
    ascending, descending = query.get("sort_by[asc]"), query.get("sort_by[desc]")
    if ascending is not None and descending is not None:
        raise wrong_value("sort_by", "give sort_by[asc] or sort_by[desc], not both")
    field = ascending or descending or "date"
    reverse = ascending is None
    after = _read_offset(query.get("offset"))
    today = books.today()
    rows = []
    for position, invoice_id in enumerate(books.repo.ids(INVOICE)):
        invoice = books.get(INVOICE, invoice_id)
        if is_deleted(invoice):
            continue
        if any(query.get(name) not in (None, invoice[key]) for name, key in FILTERS.items()):
            continue
        if query.get("status[is]") not in (None, invoice_status(invoice, today)):
            continue
        rows.append(((_sort_value(invoice, field), position), invoice))
    rows.sort(key=lambda row: row[0], reverse=reverse)
    if after is not None:
        rows = [row for row in rows if (row[0] < after if reverse else row[0] > after)]
    limit = query.get("limit", DEFAULT_LIMIT)
    page = rows[:limit]
    body: dict[str, Any] = {"list": [{"invoice": invoice_shape(books, invoice)}
                                     for _, invoice in page]}
    if len(rows) > limit:
        value, position = page[-1][0]
        body["next_offset"] = json.dumps([str(value), str(position)])
    return body


def _sort_value(invoice: dict, field: str) -> int:
    if field == "updated_at":
        return unix(invoice["updated_at"])
    return invoice["extra"].get("date", unix(invoice["created_at"]))


def _read_offset(offset: str | None) -> tuple[int, int] | None:
    if offset is None:
        return None
    try:
        value, position = json.loads(offset)
        return int(value), int(position)
    except (ValueError, TypeError):
        raise wrong_value("offset", f"{offset!r} is not a next_offset this list returned; "
                                    "pass the next_offset of the previous page") from None
