"""The ledger's events under Chargebee's names, shaped as Chargebee's webhooks post them.

An event (API v2)::

    {"id": "ev_...", "occurred_at": <unix seconds>, "source": "api", "object": "event",
     "api_version": "v2", "event_type": "invoice_generated", "webhook_status": "scheduled",
     "content": {"invoice": {...as GET /invoices/{id} answers it...}}}

Names and content:
- invoice.created -> ``invoice_generated`` {invoice}; invoice.updated, .paid and .voided ->
  ``invoice_updated`` {invoice}, except for an invoice the same call generated (its
  ``invoice_generated`` already shows it paid): a charge collected at once sends
  invoice_generated + payment_succeeded, as Chargebee does;
- payment.succeeded / payment.failed -> ``payment_succeeded`` / ``payment_failed``
  {transaction, invoice, customer[, subscription]};
- refund.created -> ``payment_refunded`` {transaction (type refund), invoice, customer
  [, credit_note]}; credit_note.created -> ``credit_note_created`` {credit_note}.
The sandbox's Chargebee operations cause the first three today; the others are shaped for the
ledger operations a later endpoint may call.
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
    child_views,
)
from billing_sandbox.engine.observe.events import VendorEvent

from .ids import random_id
from .shapes import (
    customer_shape,
    invoice_shape,
    invoice_status,
    resource_version,
    subscription_shape,
    unix,
)

EVENT_TYPES = {
    INVOICE_CREATED: "invoice_generated",
    INVOICE_UPDATED: "invoice_updated",
    INVOICE_PAID: "invoice_updated",
    INVOICE_VOIDED: "invoice_updated",
    PAYMENT_SUCCEEDED: "payment_succeeded",
    PAYMENT_FAILED: "payment_failed",
    CREDIT_NOTE_CREATED: "credit_note_created",
    REFUND_CREATED: "payment_refunded",
}
PAYMENT_METHODS = ("card", "cash", "check", "bank_transfer", "direct_debit", "other")


def chargebee_events(books: Books, random_bytes: Callable[[int], bytes]) -> list[VendorEvent]:
    """The events of the call that used ``books``, shaped from the records as it left them."""
    occurred = books.now()
    sent: set[tuple[str, str]] = set()
    invoices: dict[str, dict] = {}  # each invoice shaped once: the events show one state
    events = []
    for event in books.events:
        event_type = EVENT_TYPES[event.name]
        if (event_type, event.record_id) in sent or (
                event_type == "invoice_updated" and ("invoice_generated", event.record_id) in sent):
            continue
        sent.add((event_type, event.record_id))
        content = _content(books, event.kind, books.view(event.kind, event.record_id), invoices)
        body = {"id": "ev_" + random_id(random_bytes), "occurred_at": int(occurred.timestamp()),
                "source": "api", "object": "event", "api_version": "v2",
                "event_type": event_type, "webhook_status": "scheduled", "content": content}
        events.append(VendorEvent(body["id"], event_type, occurred, body))
    return events


def _content(books: Books, kind: str, record: dict, invoices: dict[str, dict]) -> dict:
    if kind == INVOICE:
        return {"invoice": _invoice_body(books, record, invoices)}
    if kind == CREDIT_NOTE:
        return {"credit_note": credit_note_shape(books, record)}
    invoice = books.view(INVOICE, record["invoice_id"])
    invoice_body = _invoice_body(books, invoice, invoices)
    if kind == PAYMENT:
        content = {"transaction": transaction_shape(books, record, invoice_body)}
    elif kind == REFUND:
        content = {"transaction": refund_transaction_shape(record, invoice_body)}
        if record["credit_note_id"] is not None:
            note = books.view(CREDIT_NOTE, record["credit_note_id"])
            content["credit_note"] = credit_note_shape(books, note)
    else:
        raise ValueError(f"Chargebee events do not shape {kind} records")
    content["invoice"] = invoice_body
    content["customer"] = customer_shape(books.view(CUSTOMER, invoice["customer_id"]))
    if invoice["subscription_id"] is not None:
        subscription = books.view(SUBSCRIPTION, invoice["subscription_id"])
        content["subscription"] = subscription_shape(books, subscription)
    return content


def _invoice_body(books: Books, invoice: dict, invoices: dict[str, dict]) -> dict:
    if invoice["id"] not in invoices:
        invoices[invoice["id"]] = invoice_shape(books, invoice)
    return invoices[invoice["id"]]


def transaction_shape(books: Books, payment: dict, invoice_body: dict) -> dict:
    """Chargebee's transaction of a payment (``status`` success or failure)."""
    succeeded = payment["status"] != "failed"
    when = unix(payment["paid_at"] or payment["created_at"])
    refunds = child_views(books, PAYMENT, payment, REFUND)
    return _present({
        "id": payment["id"],
        "customer_id": payment["customer_id"],
        "subscription_id": invoice_body.get("subscription_id"),
        "payment_source_id": payment["source"],
        "payment_method": payment["method"] if payment["method"] in PAYMENT_METHODS
        else "other",
        "gateway": "chargebee",
        "type": "payment",
        "date": when,
        "exchange_rate": 1.0,
        "amount": payment["amount"],
        "status": "success" if succeeded else "failure",
        "error_text": payment["failure_reason"],
        "updated_at": unix(payment["updated_at"]),
        "resource_version": resource_version(payment),
        "deleted": False,
        "object": "transaction",
        "currency_code": payment["currency"],
        "base_currency_code": payment["currency"],
        "amount_unused": 0,
        "linked_invoices": [_linked_invoice(payment["amount"] if succeeded else 0, when,
                                            invoice_body)],
        "linked_refunds": [{"txn_id": refund["id"], "txn_status": "success",
                            "txn_date": unix(refund["created_at"]),
                            "txn_amount": refund["amount"]} for refund in refunds],
    })


def refund_transaction_shape(refund: dict, invoice_body: dict) -> dict:
    """Chargebee's transaction of type ``refund`` giving back (part of) a payment."""
    when = unix(refund["created_at"])
    return _present({
        "id": refund["id"],
        "customer_id": refund["customer_id"],
        "subscription_id": invoice_body.get("subscription_id"),
        "payment_method": "other" if refund["destination"] == "external" else "card",
        "gateway": "chargebee",
        "type": "refund",
        "date": when,
        "exchange_rate": 1.0,
        "amount": refund["amount"],
        "status": "success",
        "refunded_txn_id": refund["payment_id"],
        "updated_at": unix(refund["updated_at"]),
        "resource_version": resource_version(refund),
        "deleted": False,
        "object": "transaction",
        "currency_code": refund["currency"],
        "base_currency_code": refund["currency"],
    })


def credit_note_shape(books: Books, note: dict) -> dict:
    """Chargebee's credit note: ``adjustment`` when it only lowered what was due, else
    ``refundable`` (refunded, or left as refundable credits)."""
    invoice = books.view(INVOICE, note["invoice_id"])
    refunded = note["refunded_amount"]
    paid_out = refunded and note["refund_destination"] in ("original_payment_method", "external")
    status = "refunded" if paid_out else ("refund_due" if refunded else "adjusted")
    return _present({
        "id": note["id"],
        "customer_id": note["customer_id"],
        "subscription_id": invoice["subscription_id"],
        "reference_invoice_id": note["invoice_id"],
        "type": "refundable" if refunded else "adjustment",
        "reason_code": "other",
        "status": status,
        "date": unix(note["created_at"]),
        "price_type": "tax_exclusive",
        "currency_code": note["currency"],
        "total": note["amount"],
        "amount_allocated": note["applied_amount"],
        "amount_refunded": refunded if paid_out else 0,
        "amount_available": 0 if paid_out else refunded,
        "generated_at": unix(note["created_at"]),
        "updated_at": unix(note["updated_at"]),
        "resource_version": resource_version(note),
        "sub_total": note["amount"],
        "deleted": False,
        "object": "credit_note",
        "allocations": [{"invoice_id": note["invoice_id"],
                         "allocated_amount": note["applied_amount"],
                         "allocated_at": unix(note["created_at"]),
                         "invoice_date": unix(invoice["date"]),
                         "invoice_status": invoice_status(invoice, books.today())}]
        if note["applied_amount"] else [],
    })


def _linked_invoice(applied: int, when: int, invoice_body: dict) -> dict:
    return {"invoice_id": invoice_body["id"], "applied_amount": applied, "applied_at": when,
            "invoice_date": invoice_body["date"], "invoice_total": invoice_body["total"],
            "invoice_status": invoice_body["status"]}


def _present(body: dict) -> dict:
    """Chargebee omits attributes without a value."""
    return {key: value for key, value in body.items() if value is not None}
