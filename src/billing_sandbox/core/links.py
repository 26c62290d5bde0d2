"""Links: the ids of a record's children (an invoice's payments, a customer's invoices ...),
oldest first, kept so that linking one more child costs the same however many are linked.

Per child kind the owner keeps two fields: ``<child kind>_count``, how many children it has,
and ``<child kind>_tail``, the ids of the last ``count % PAGE_SIZE`` of them, oldest first
(an invoice's ``payment_count`` and ``payment_tail``; a customer's ``invoice_count`` and
``invoice_tail`` ...). The earlier ids fill pages of PAGE_SIZE, records of kind ``link``::

    id ("<owner kind>/<owner id>/<child kind>/<page number, from 0>"),
    ids (PAGE_SIZE child ids, oldest first)

``append`` adds the id to the owner's tail and moves its count; when the tail is full it
becomes the next page. The caller stores the owner in the same transaction (it stores it
anyway), so a link is one owner write, plus one page write for every PAGE_SIZE-th child,
and nothing is read: both records stay bounded whatever the number of children. An owner
with fewer than PAGE_SIZE children has no page at all. ``child_ids``, ``child_records`` and
``child_views`` read the pages in order, then the tail.

Earlier versions kept the whole list on the owner (``payment_ids``, ``invoice_ids`` ...; a
field ``<child kind>_ids``). While an owner still has that list, the list is its children
(count, tail and pages are not looked at); the first ``append`` moves it into pages and a
tail, drops the field and sets the count. Data files and state documents of those versions
read as they did and move to this layout one relation at a time, as children are added.
"""

from __future__ import annotations

from .books import LINK, Books

PAGE_SIZE = 16


def fields(*child_kinds: str) -> dict:
    """The link fields of a new owner without children: ``{"payment_count": 0,
    "payment_tail": [], ...}``."""
    empty: dict = {}
    for kind in child_kinds:
        empty[count_field(kind)] = 0
        empty[tail_field(kind)] = []
    return empty


def count_field(child_kind: str) -> str:
    return f"{child_kind}_count"


def tail_field(child_kind: str) -> str:
    return f"{child_kind}_tail"


def list_field(child_kind: str) -> str:
    """The field of earlier versions that held the whole list."""
    return f"{child_kind}_ids"


def page_id(owner_kind: str, owner_id: str, child_kind: str, number: int) -> str:
    return f"{owner_kind}/{owner_id}/{child_kind}/{number}"


def child_count(owner: dict, child_kind: str) -> int:
    listed = owner.get(list_field(child_kind))
    if listed is not None:
        return len(listed)
    return owner.get(count_field(child_kind), 0)


def append(books: Books, owner_kind: str, owner: dict, child_kind: str, child_id: str) -> None:
    """Link a child to ``owner`` (the dict in hand: store it afterwards, in the same
    transaction); a tail that fills up is written as a page."""
    if list_field(child_kind) in owner:
        _move_list(books, owner_kind, owner, child_kind)
    tail = owner.setdefault(tail_field(child_kind), [])
    tail.append(child_id)
    count = owner.get(count_field(child_kind), 0) + 1
    owner[count_field(child_kind)] = count
    if len(tail) == PAGE_SIZE:
        _write_page(books, owner_kind, owner, child_kind, count // PAGE_SIZE - 1, tail)
        owner[tail_field(child_kind)] = []


def link(books: Books, owner_kind: str, owner: dict, child_kind: str, child_id: str) -> None:
    """``append``, then store the owner."""
    append(books, owner_kind, owner, child_kind, child_id)
    books.save(owner_kind, owner)


def child_ids(books: Books, owner_kind: str, owner: dict, child_kind: str) -> list[str]:
    """The ids of ``owner``'s children of a kind, oldest first."""
    listed = owner.get(list_field(child_kind))
    if listed is not None:
        return list(listed)
    ids: list[str] = []
    for number in range(owner.get(count_field(child_kind), 0) // PAGE_SIZE):
        ids += books.get(LINK, page_id(owner_kind, owner["id"], child_kind, number))["ids"]
    return ids + owner.get(tail_field(child_kind), [])


def child_records(books: Books, owner_kind: str, owner: dict, child_kind: str) -> list[dict]:
    """``owner``'s children of a kind, oldest first."""
    return [books.get(child_kind, i) for i in child_ids(books, owner_kind, owner, child_kind)]


def child_views(books: Books, owner_kind: str, owner: dict, child_kind: str) -> list[dict]:
    """``owner``'s children of a kind, oldest first, for reading only (``Books.view``)."""
    return [books.view(child_kind, i) for i in child_ids(books, owner_kind, owner, child_kind)]


def first_child_id(books: Books, owner_kind: str, owner: dict, child_kind: str) -> str | None:
    """The oldest child's id (at most one page read), or None."""
    listed = owner.get(list_field(child_kind))
    if listed is not None:
        return listed[0] if listed else None
    if owner.get(count_field(child_kind), 0) >= PAGE_SIZE:
        return books.get(LINK, page_id(owner_kind, owner["id"], child_kind, 0))["ids"][0]
    tail = owner.get(tail_field(child_kind), [])
    return tail[0] if tail else None


def _move_list(books: Books, owner_kind: str, owner: dict, child_kind: str) -> None:
    """An owner of an earlier version: its list becomes pages and a tail (once, as it grows)."""
    listed = owner.pop(list_field(child_kind))
    full = len(listed) // PAGE_SIZE
    for number in range(full):
        ids = listed[number * PAGE_SIZE:(number + 1) * PAGE_SIZE]
        _write_page(books, owner_kind, owner, child_kind, number, ids)
    owner[count_field(child_kind)] = len(listed)
    owner[tail_field(child_kind)] = listed[full * PAGE_SIZE:]


def _write_page(books: Books, owner_kind: str, owner: dict, child_kind: str, number: int,
                ids: list[str]) -> None:
    record_id = page_id(owner_kind, owner["id"], child_kind, number)
    books.repo.put(LINK, record_id, {"id": record_id, "ids": list(ids)})
