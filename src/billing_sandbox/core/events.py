"""Domain events: what a ledger operation did, in generic names that adapters rename.

Operations record events on their Books (``books.emit``); an adapter turns ``books.events``
into the vendor's own events once the operation's transaction has committed, shaping each from
the record as the operation left it (so a payload matches what the API answers). An event
names its record; it does not copy it.

Names: invoice.created, invoice.updated (status or amounts changed), invoice.paid,
invoice.voided, payment.succeeded, payment.failed, credit_note.created, refund.created.

One operation announces each record once per name, and by its most telling fact: an invoice
created or already announced by the operation is not announced again as updated; one that
ends paid is not also announced as updated, and one that ends void (a credit note that
settles it) is announced as voided only. Importing fixtures announces nothing (it states what
already is).
"""

from __future__ import annotations

from dataclasses import dataclass

INVOICE_CREATED = "invoice.created"
INVOICE_UPDATED = "invoice.updated"
INVOICE_PAID = "invoice.paid"
INVOICE_VOIDED = "invoice.voided"
PAYMENT_SUCCEEDED = "payment.succeeded"
PAYMENT_FAILED = "payment.failed"
CREDIT_NOTE_CREATED = "credit_note.created"
REFUND_CREATED = "refund.created"

EVENT_NAMES = (
    INVOICE_CREATED,
    INVOICE_UPDATED,
    INVOICE_PAID,
    INVOICE_VOIDED,
    PAYMENT_SUCCEEDED,
    PAYMENT_FAILED,
    CREDIT_NOTE_CREATED,
    REFUND_CREATED,
)
# what a later event of the same operation makes redundant
_SUPERSEDES = {INVOICE_PAID: (INVOICE_UPDATED,), INVOICE_VOIDED: (INVOICE_UPDATED, INVOICE_PAID)}


@dataclass(frozen=True)
class Event:
    name: str  # one of EVENT_NAMES
    kind: str  # the record's kind (core.books constants)
    record_id: str


def add_event(events: list[Event], event: Event) -> None:
    """Append ``event`` to an operation's events, folding repeats (see the module docstring)."""
    same_record = [e for e in events if e.kind == event.kind and e.record_id == event.record_id]
    if any(e.name == event.name for e in same_record):
        return
    if event.name == INVOICE_UPDATED and same_record:
        return
    superseded = _SUPERSEDES.get(event.name, ())
    events[:] = [e for e in events if not (e.name in superseded and e in same_record)]
    events.append(event)
