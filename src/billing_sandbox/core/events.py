"""Domain events: what a ledger operation did, in generic names that adapters rename.

Operations record events on their Books (``books.emit``); an adapter turns ``books.events``
into the vendor's own events once the operation's transaction has committed, shaping each from
the record as the operation left it (so a payload matches what the API answers). An event
names its record; it does not copy it.

Names: invoice.created, invoice.updated (status or amounts changed), invoice.paid,
invoice.voided, invoice.finalized (a draft closed), invoice.deleted, payment.succeeded,
payment.failed, credit_note.created, refund.created; customer.created, customer.updated,
customer.deleted, payment_source.added, payment_source.updated, payment_source.removed;
subscription.created, .started (a future start came), .activated (a trial ended),
.renewed, .cancellation_scheduled, .scheduled_cancellation_removed, .cancelled,
.reactivated, .updated, .deleted.

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
INVOICE_FINALIZED = "invoice.finalized"
INVOICE_DELETED = "invoice.deleted"
CUSTOMER_CREATED = "customer.created"
CUSTOMER_UPDATED = "customer.updated"
CUSTOMER_DELETED = "customer.deleted"
PAYMENT_SOURCE_ADDED = "payment_source.added"
PAYMENT_SOURCE_UPDATED = "payment_source.updated"
PAYMENT_SOURCE_REMOVED = "payment_source.removed"
SUBSCRIPTION_CREATED = "subscription.created"
SUBSCRIPTION_STARTED = "subscription.started"
SUBSCRIPTION_ACTIVATED = "subscription.activated"
SUBSCRIPTION_RENEWED = "subscription.renewed"
SUBSCRIPTION_CANCELLATION_SCHEDULED = "subscription.cancellation_scheduled"
SUBSCRIPTION_CANCELLATION_REMOVED = "subscription.scheduled_cancellation_removed"
SUBSCRIPTION_CANCELLED = "subscription.cancelled"
SUBSCRIPTION_REACTIVATED = "subscription.reactivated"
SUBSCRIPTION_UPDATED = "subscription.updated"
SUBSCRIPTION_DELETED = "subscription.deleted"

EVENT_NAMES = (
    INVOICE_CREATED,
    INVOICE_UPDATED,
    INVOICE_PAID,
    INVOICE_VOIDED,
    PAYMENT_SUCCEEDED,
    PAYMENT_FAILED,
    CREDIT_NOTE_CREATED,
    REFUND_CREATED,
    INVOICE_FINALIZED,
    INVOICE_DELETED,
    CUSTOMER_CREATED,
    CUSTOMER_UPDATED,
    CUSTOMER_DELETED,
    PAYMENT_SOURCE_ADDED,
    PAYMENT_SOURCE_UPDATED,
    PAYMENT_SOURCE_REMOVED,
    SUBSCRIPTION_CREATED,
    SUBSCRIPTION_STARTED,
    SUBSCRIPTION_ACTIVATED,
    SUBSCRIPTION_RENEWED,
    SUBSCRIPTION_CANCELLATION_SCHEDULED,
    SUBSCRIPTION_CANCELLATION_REMOVED,
    SUBSCRIPTION_CANCELLED,
    SUBSCRIPTION_REACTIVATED,
    SUBSCRIPTION_UPDATED,
    SUBSCRIPTION_DELETED,
)
# what a later event of the same operation makes redundant
_SUPERSEDES = {INVOICE_PAID: (INVOICE_UPDATED,), INVOICE_VOIDED: (INVOICE_UPDATED, INVOICE_PAID),
               INVOICE_FINALIZED: (INVOICE_UPDATED,),
               INVOICE_DELETED: (INVOICE_UPDATED, INVOICE_VOIDED),
               SUBSCRIPTION_CANCELLED: (SUBSCRIPTION_UPDATED,),
               SUBSCRIPTION_RENEWED: (SUBSCRIPTION_UPDATED,)}
# updates that a record's more telling event of the same operation already says
_UPDATES = (INVOICE_UPDATED, SUBSCRIPTION_UPDATED, CUSTOMER_UPDATED)


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
    if event.name in _UPDATES and same_record:
        return
    superseded = _SUPERSEDES.get(event.name, ())
    events[:] = [e for e in events if not (e.name in superseded and e in same_record)]
    events.append(event)
