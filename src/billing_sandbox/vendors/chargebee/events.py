"""The ledger's events under Chargebee's names, shaped as Chargebee's webhooks post them.

An event (API v2)::

    {"id": "ev_...", "occurred_at": <unix seconds>, "source": "api", "object": "event",
     "api_version": "v2", "event_type": "invoice_generated", "webhook_status": "scheduled",
     "content": {"invoice": {...as GET /invoices/{id} answers it...}}}

The names are those of the published document's ``EventType`` (and its ``webhooks``); each
resource in ``content`` is shaped as the API answers it, as the call left it:

- invoice.created -> ``invoice_generated`` {invoice} (``invoice_created`` for a pending
  invoice, ``invoice_generated`` once it is closed); invoice.updated, .paid and .voided ->
  ``invoice_updated``, except for an invoice the same call generated (its event already shows
  it paid): a charge collected at once sends invoice_generated + payment_succeeded. Chargebee
  has no invoice_voided: a void is an ``invoice_updated`` whose invoice is ``voided``;
  invoice.deleted -> ``invoice_deleted``;
- payment.succeeded / payment.failed -> ``payment_succeeded`` / ``payment_failed``
  {transaction, invoice, customer[, subscription]};
- refund.created -> ``payment_refunded`` {transaction (type refund), invoice, customer
  [, subscription, credit_note]}; credit_note.created -> ``credit_note_created``;
- customer.created / .updated / .deleted -> ``customer_created`` / ``customer_changed`` /
  ``customer_deleted`` {customer[, card]}; payment_source.added / .updated / .removed ->
  ``card_added`` / ``card_updated`` / ``card_deleted`` {customer, card};
- subscription.created, .started, .activated, .renewed, .cancellation_scheduled,
  .scheduled_cancellation_removed, .cancelled, .reactivated, .updated, .deleted ->
  ``subscription_created`` ... ``subscription_changed``, ``subscription_deleted``
  {subscription, customer[, card][, invoice]}: the invoice the same step billed for it.

Renewals the clock makes have ``source: "scheduled_job"``, and ``occurred_at`` the instant
each fell due. ``resource_events`` names the changes the document's inferred operations make
(a customer updated through ``POST /customers/{id}``, say) the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from billing_sandbox.core import (
    CREDIT_NOTE,
    CREDIT_NOTE_CREATED,
    CUSTOMER,
    INVOICE,
    INVOICE_CREATED,
    INVOICE_PAID,
    INVOICE_UPDATED,
    INVOICE_VOIDED,
    PAYMENT,
    PAYMENT_FAILED,
    PAYMENT_SUCCEEDED,
    REFUND,
    REFUND_CREATED,
    SUBSCRIPTION,
    Books,
)
from billing_sandbox.core import events as names
from billing_sandbox.engine.observe.events import VendorEvent
from billing_sandbox.engine.resources.changes import Change

from .cards import card_shape
from .customer_shapes import customer_card, customer_shape
from .ids import random_id
from .shapes import invoice_shape
from .site import books_for_scope
from .subscription_shapes import subscription_shape
from .transactions import credit_note_shape, refund_transaction_shape, transaction_shape

EVENT_TYPES = {
    INVOICE_CREATED: "invoice_generated",
    names.INVOICE_FINALIZED: "invoice_generated",
    INVOICE_UPDATED: "invoice_updated",
    INVOICE_PAID: "invoice_updated",
    INVOICE_VOIDED: "invoice_updated",
    names.INVOICE_DELETED: "invoice_deleted",
    PAYMENT_SUCCEEDED: "payment_succeeded",
    PAYMENT_FAILED: "payment_failed",
    CREDIT_NOTE_CREATED: "credit_note_created",
    REFUND_CREATED: "payment_refunded",
    names.CUSTOMER_CREATED: "customer_created",
    names.CUSTOMER_UPDATED: "customer_changed",
    names.CUSTOMER_DELETED: "customer_deleted",
    names.PAYMENT_SOURCE_ADDED: "card_added",
    names.PAYMENT_SOURCE_UPDATED: "card_updated",
    names.PAYMENT_SOURCE_REMOVED: "card_deleted",
    names.SUBSCRIPTION_CREATED: "subscription_created",
    names.SUBSCRIPTION_STARTED: "subscription_started",
    names.SUBSCRIPTION_ACTIVATED: "subscription_activated",
    names.SUBSCRIPTION_RENEWED: "subscription_renewed",
    names.SUBSCRIPTION_CANCELLATION_SCHEDULED: "subscription_cancellation_scheduled",
    names.SUBSCRIPTION_CANCELLATION_REMOVED: "subscription_scheduled_cancellation_removed",
    names.SUBSCRIPTION_CANCELLED: "subscription_cancelled",
    names.SUBSCRIPTION_REACTIVATED: "subscription_reactivated",
    names.SUBSCRIPTION_UPDATED: "subscription_changed",
    names.SUBSCRIPTION_DELETED: "subscription_deleted",
}
# the events of a change an inferred operation made, by resource and change
_CHANGES = {
    ("customer", "created"): "customer_created", ("customer", "updated"): "customer_changed",
    ("customer", "deleted"): "customer_deleted",
    ("subscription", "created"): "subscription_created",
    ("subscription", "updated"): "subscription_changed",
    ("subscription", "deleted"): "subscription_deleted",
    ("subscription", "cancelled"): "subscription_cancelled",
    ("card", "created"): "card_added", ("card", "updated"): "card_updated",
    ("card", "deleted"): "card_deleted",
    ("invoice", "updated"): "invoice_updated", ("invoice", "deleted"): "invoice_deleted",
}
_GENERATED = ("invoice_generated", "invoice_created", "invoice_deleted")


def chargebee_events(books: Books, random_bytes: Callable[[int], bytes],
                     source: str = "api") -> list[VendorEvent]:
    """The events of the call (or clock step) that used ``books``, shaped from the records
    as it left them."""
    sent: set[tuple[str, str]] = set()
    shaped = _Shaped(books, _billed(books))
    events = []
    for event in books.events:
        event_type = EVENT_TYPES.get(event.name)
        if event_type is None:
            continue
        record = books.get(event.kind, event.record_id)
        if event.name == INVOICE_CREATED and record["status"] == "draft":
            event_type = "invoice_created"  # a pending invoice: generated when closed
        if (event_type, event.record_id) in sent or (event_type == "invoice_updated" and any(
                (done, event.record_id) in sent for done in _GENERATED)):
            continue
        sent.add((event_type, event.record_id))
        content = shaped.content(event.kind, record)
        if event.name == names.PAYMENT_SOURCE_REMOVED and "removed_card" in record["extra"]:
            content["card"] = card_shape(record, record["extra"]["removed_card"])
        events.append(event_body(event_type, content, books, random_bytes, source))
    return events


def event_body(event_type: str, content: dict, books: Books,
               random_bytes: Callable[[int], bytes], source: str = "api") -> VendorEvent:
    occurred = books.now()
    body = {"id": "ev_" + random_id(random_bytes), "occurred_at": int(occurred.timestamp()),
            "source": source, "object": "event", "api_version": "v2",
            "event_type": event_type, "webhook_status": "scheduled", "content": content}
    return VendorEvent(body["id"], event_type, occurred, body)


def resource_events(change: Change) -> list[VendorEvent]:
    """Chargebee's event of a change an inferred operation made; none for a resource its
    events do not name (plans, addons, coupons ...)."""
    event_type = _CHANGES.get((change.resource.name, change.change))
    if event_type is None:
        return []
    books = books_for_scope(change.scope)
    content = {change.resource.name: change.data}
    customer_id = change.data.get("customer_id") if change.resource.name != "customer" \
        else change.data.get("id")
    customer = books.find(CUSTOMER, customer_id) if customer_id else None
    if customer is not None:
        content.setdefault("customer", customer_shape(books, customer))
        card = customer_card(books, customer)
        if card is not None:
            content.setdefault("card", card)
    return [event_body(event_type, content, books, change.scope.draw)]


class _Shaped:
    """Each record shaped once per call: every event shows the same state of it."""

    def __init__(self, books: Books, billed: dict[str, str]) -> None:
        self.books = books
        self.billed = billed  # subscription id -> the invoice this call billed for it
        self.cache: dict[tuple[str, str], dict] = {}

    def shape(self, kind: str, record: dict) -> dict:
        key = (kind, record["id"])
        if key not in self.cache:
            books = self.books
            self.cache[key] = {INVOICE: invoice_shape, CUSTOMER: customer_shape,
                               SUBSCRIPTION: subscription_shape}[kind](books, record)
        return self.cache[key]

    def content(self, kind: str, record: dict) -> dict:
        books = self.books
        if kind == INVOICE:
            return {"invoice": self.shape(INVOICE, record)}
        if kind == CREDIT_NOTE:
            return {"credit_note": credit_note_shape(books, record)}
        if kind == CUSTOMER:
            return self._party(record)
        if kind == SUBSCRIPTION:
            content = {"subscription": self.shape(SUBSCRIPTION, record),
                       **self._party(books.get(CUSTOMER, record["customer_id"]))}
            invoice_id = self.billed.get(record["id"])
            if invoice_id is not None:
                content["invoice"] = self.shape(INVOICE, books.get(INVOICE, invoice_id))
            return content
        invoice = books.get(INVOICE, record["invoice_id"])
        invoice_body = self.shape(INVOICE, invoice)
        if kind == PAYMENT:
            content = {"transaction": transaction_shape(books, record, invoice_body)}
        elif kind == REFUND:
            content = {"transaction": refund_transaction_shape(books, record, invoice_body)}
            if record["credit_note_id"] is not None:
                note = books.get(CREDIT_NOTE, record["credit_note_id"])
                content["credit_note"] = credit_note_shape(books, note)
        else:
            raise ValueError(f"Chargebee events do not shape {kind} records")
        content["invoice"] = invoice_body
        content["customer"] = self.shape(CUSTOMER, books.get(CUSTOMER, invoice["customer_id"]))
        if invoice["subscription_id"] is not None:
            subscription = books.get(SUBSCRIPTION, invoice["subscription_id"])
            content["subscription"] = self.shape(SUBSCRIPTION, subscription)
        return content

    def _party(self, customer: dict) -> dict:
        content = {"customer": self.shape(CUSTOMER, customer)}
        card = customer_card(self.books, customer)
        if card is not None:
            content["card"] = card
        return content


def _billed(books: Books) -> dict[str, str]:
    """Subscription id -> the invoice the call created for it."""
    billed = {}
    for event in books.events:
        if event.name == INVOICE_CREATED:
            invoice = books.get(INVOICE, event.record_id)
            if invoice["subscription_id"] is not None:
                billed.setdefault(invoice["subscription_id"], invoice["id"])
    return billed

