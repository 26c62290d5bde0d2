"""A resource of a vendor's document kept as the ledger's records: the inferred operations read
and write it through a shelf that shapes ledger records as the document shows them, and turns
what a request changed back into ledger operations. So a customer made by ``POST /customers``
is the ledger's customer that a charge bills, and an invoice the ledger made reads the same
through every operation that lists it.

Each mapping is declared once per kind (``LedgerKind``), by the adapter; the shelf does the
rest. Records the ledger keeps but marks deleted are not found and not listed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from billing_sandbox.core import Books, is_deleted
from billing_sandbox.engine.errors import ApiError
from billing_sandbox.engine.resources.model import Resource
from billing_sandbox.engine.resources.storage import CallScope, Shelf, ShelfFactory

Shape = Callable[[Books, dict], dict]
# (books, the record as the request left it, the ledger record it changes or None) -> the
# ledger record as stored; raises ApiError
Write = Callable[[Books, dict, "dict | None"], dict]


@dataclass(frozen=True)
class LedgerKind:
    """How one resource of a document is kept as records of a ledger kind."""

    kind: str  # the ledger's kind ("customer")
    shape: Shape  # a ledger record as the API shows it
    write: Write | None = None  # None: the resource is only read through generic operations
    remove: Callable[[Books, dict], None] | None = None  # a delete (None: not deletable)
    # the records it shows, oldest first, when not simply the kind's (several kinds, say)
    records: Callable[[Books], Iterable[dict]] | None = None
    # the record of a key, when not simply ``kind``'s record of that id
    lookup: Callable[[Books, str], dict | None] | None = None
    read_only_reason: str = "it is made by the operations that bill and collect"


class LedgerShelf(Shelf):
    """One resource's records as a ledger keeps them, in one call's transaction."""

    def __init__(self, books: Books, resource: Resource, mapping: LedgerKind) -> None:
        super().__init__(books.repo, resource)
        self.books = books
        self.mapping = mapping

    def _ledger(self, key: Any) -> dict | None:
        if key is None:
            return None
        lookup = self.mapping.lookup
        record = lookup(self.books, str(key)) if lookup else self.books.find(self.mapping.kind,
                                                                            str(key))
        return None if record is None or is_deleted(record) else record

    def get(self, key: Any) -> dict | None:
        record = self._ledger(key)
        return None if record is None else self.mapping.shape(self.books, record)

    def put(self, record: dict) -> dict:
        if self.mapping.write is None:
            raise ApiError("bad_request", f"{self.resource.collection} cannot be written "
                                          f"directly: {self.mapping.read_only_reason}")
        key = record.get(self.resource.key)
        stored = self.mapping.write(self.books, record, self._ledger(key))
        return self.mapping.shape(self.books, stored)

    def delete(self, key: Any) -> None:
        record = self._ledger(key)
        if record is None:
            return
        if self.mapping.remove is None:
            raise ApiError("bad_request", f"{self.resource.collection} cannot be deleted")
        self.mapping.remove(self.books, record)

    def all(self) -> list[dict]:
        source = self.mapping.records
        records = source(self.books) if source else self.books.list(self.mapping.kind)
        return [self.mapping.shape(self.books, r) for r in records if not is_deleted(r)]

    def count(self) -> int:
        return len(self.all())


def ledger_shelf(mapping: LedgerKind,
                 books_of: Callable[[CallScope], Books]) -> ShelfFactory:
    """The shelf factory of a resource kept as ``mapping`` says, over books made for the
    call's scope by ``books_of``."""

    def make(scope: CallScope, resource: Resource) -> Shelf:
        return LedgerShelf(books_of(scope), resource, mapping)

    return make
