"""Books: the context every ledger operation runs in — storage, clock and id minting.

``Books(repo, now, new_id)``: ``repo`` is a Repository (one tenant, one transaction);
``now()`` returns an aware UTC datetime (the sandbox clock); ``new_id(kind)`` returns a fresh
id for a record kind (vendors mint UUIDs or their own string ids). A vendor adapter builds one
per request, calls operations from the other core modules, and shapes the returned records.
``events`` collects the domain events the operations emitted (see core.events).

Records are plain JSON-ready dicts keyed by ``id``; their kinds are the constants below.
Reads and writes go by id only; a parent finds its children through their ids, which it
keeps with core.links: a count and the latest ids on the parent, the earlier ids in pages
of kind ``link``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TypeVar

from .dates import iso_datetime
from .errors import Duplicate, NotFound
from .events import Event, add_event
from .repository import Repository

CUSTOMER = "customer"
CONTRACT = "contract"
SUBSCRIPTION = "subscription"
COUPON = "coupon"
INVOICE = "invoice"
PAYMENT = "payment"
BANK_TRANSACTION = "bank_transaction"
CREDIT_NOTE = "credit_note"
REFUND = "refund"
COUNTER = "counter"
LINK = "link"  # pages of a parent's child ids (core.links)
LINE_ITEM = "line_item"  # only minted as ids; line items live inside their invoice

T = TypeVar("T")

RECORD_KINDS = (
    CUSTOMER,
    CONTRACT,
    SUBSCRIPTION,
    COUPON,
    INVOICE,
    PAYMENT,
    BANK_TRANSACTION,
    CREDIT_NOTE,
    REFUND,
)


@dataclass
class Books:
    repo: Repository
    now: Callable[[], datetime]
    new_id: Callable[[str], str]
    events: list[Event] = field(default_factory=list)
    muted: bool = False

    def get(self, kind: str, record_id: str) -> dict:
        """The record, or NotFound(kind, record_id)."""
        record = self.repo.get(kind, record_id) if isinstance(record_id, str) else None
        if record is None:
            raise NotFound(kind, record_id)
        return record

    def find(self, kind: str, record_id: str) -> dict | None:
        return self.repo.get(kind, record_id)

    def view(self, kind: str, record_id: str) -> dict:
        """The record for reading only, shared until it is written again (shaping answers and
        events: never change it), or NotFound(kind, record_id)."""
        record = self.repo.view(kind, record_id) if isinstance(record_id, str) else None
        if record is None:
            raise NotFound(kind, record_id)
        return record

    def list(self, kind: str) -> list[dict]:
        """Every record of a kind, oldest first."""
        records = (self.repo.get(kind, record_id) for record_id in self.repo.ids(kind))
        return [record for record in records if record is not None]

    def save(self, kind: str, record: dict) -> dict:
        """Store the record under its id, stamping ``updated_at``; returns it."""
        record["updated_at"] = self.timestamp()
        self.repo.put(kind, record["id"], record)
        return record

    def claim_id(self, kind: str, wanted: str | None) -> str:
        """The caller's id (Duplicate if taken) or a freshly minted one."""
        if wanted is None:
            return self.new_id(kind)
        if self.repo.get(kind, wanted) is not None:
            raise Duplicate(kind, wanted)
        return wanted

    def create(self, kind: str, record: dict) -> dict:
        """Store a new record (its ``id`` already claimed), stamping created/updated times."""
        record.setdefault("created_at", self.timestamp())
        return self.save(kind, record)

    def emit(self, name: str, kind: str, record: dict) -> None:
        """Record that ``name`` happened to the record (unless muted)."""
        if not self.muted:
            add_event(self.events, Event(name, kind, record["id"]))

    @contextmanager
    def quietly(self) -> Iterator[None]:
        """Operations inside emit nothing (fixture imports)."""
        muted, self.muted = self.muted, True
        try:
            yield
        finally:
            self.muted = muted

    def timestamp(self) -> str:
        """Now as an ISO 8601 UTC string."""
        return iso_datetime(self.now())

    def at(self, instant: datetime) -> Books:
        """The same books seen at another instant, with events of their own: what falls due
        on the clock (a renewal) happens at its own time, not at the time of the call that
        found it due."""
        return Books(self.repo, now=lambda: instant, new_id=self.new_id, muted=self.muted)

    def today(self) -> date:
        return self.now().astimezone(UTC).date()

    def next_number(self, name: str) -> int:
        """1, 2, 3 ... per repository (invoice_number, credit_note_number)."""
        counter = self.repo.get(COUNTER, name) or {"id": name, "value": 0}
        counter["value"] += 1
        self.repo.put(COUNTER, name, counter)
        return counter["value"]

    def reserve_number(self, name: str, taken: int) -> None:
        """Make sure later numbers come after a number a fixture brought."""
        counter = self.repo.get(COUNTER, name) or {"id": name, "value": 0}
        if taken > counter["value"]:
            counter["value"] = taken
            self.repo.put(COUNTER, name, counter)


def quiet(operation: Callable[..., T]) -> Callable[..., T]:
    """An operation (taking the Books first) that emits no events, whatever it calls."""

    @functools.wraps(operation)
    def run(books: Books, *args: object, **kwargs: object) -> T:
        with books.quietly():
            return operation(books, *args, **kwargs)

    return run
