"""The ledger's events for Zenskar: its documents describe no webhooks, so the sandbox sends a
plain envelope around the resource exactly as the API answers it::

    {"id": "<uuid>", "type": "invoice.paid", "created_at": "<RFC 3339, sandbox clock>",
     "organisation": "<organisation id>", "data": {...}}

Types are the ledger's names: invoice.created, invoice.updated, invoice.paid, invoice.voided
(``data``: the invoice with its line items, as generate_invoice answers), payment.succeeded,
payment.failed (the payment, as charge answers), credit_note.created (the credit note, as
its endpoint answers), refund.created (the refund as Get-payments lists it).
"""

from __future__ import annotations

from collections.abc import Callable

from billing_sandbox.core import CREDIT_NOTE, CUSTOMER, INVOICE, PAYMENT, REFUND, Books
from billing_sandbox.core.dates import iso_datetime
from billing_sandbox.engine.observe.events import VendorEvent

from . import shapes
from .ids import uuid_minter

SHAPED = (INVOICE, PAYMENT, CREDIT_NOTE, REFUND)


def zenskar_events(books: Books, organisation: str,
                   random_bytes: Callable[[int], bytes]) -> list[VendorEvent]:
    """The events of the call that used ``books``, shaped from the records as it left them."""
    mint = uuid_minter(random_bytes)
    occurred = books.now()
    events = []
    for event in books.events:
        if event.kind not in SHAPED:  # customers and subscriptions: no Zenskar call makes them
            continue
        body = {"id": mint("event"), "type": event.name, "created_at": iso_datetime(occurred),
                "organisation": organisation,
                "data": _data(books, event.kind, books.get(event.kind, event.record_id))}
        events.append(VendorEvent(body["id"], event.name, occurred, body))
    return events


def _data(books: Books, kind: str, record: dict) -> dict:
    if kind == INVOICE:
        return shapes.invoice(record, line_items=True)
    customer = books.get(CUSTOMER, record["customer_id"])
    invoice = books.get(INVOICE, record["invoice_id"])
    if kind == PAYMENT:
        return shapes.payment(record, customer, invoice)
    if kind == CREDIT_NOTE:
        return shapes.credit_note(record, customer, invoice)
    if kind == REFUND:
        parent = None if record["payment_id"] is None else books.get(PAYMENT, record["payment_id"])
        return shapes.refund(record, parent, customer, invoice)
    raise ValueError(f"Zenskar events do not shape {kind} records")
