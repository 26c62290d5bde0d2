"""The ledger's events for DayZero: its document describes no webhooks, so the sandbox sends a
plain envelope around the resource exactly as the API answers it::

    {"id": "<uuid>", "type": "payment.created", "created_at": "<ISO 8601, sandbox clock>",
     "business_id": "<business id>", "data": {...}}

Types: ``payment.created`` (a payment linking a bank transaction to an invoice; ``data`` as
POST .../payments answers it), ``invoice.updated`` (partially paid) and ``invoice.paid``
(``data`` as GET /invoices/{id} answers), ``invoice.created`` and ``invoice.voided`` likewise.
DayZero's API has no failed payments, credit notes or refunds, so those ledger events have no
DayZero name and are not sent.
"""

from __future__ import annotations

from collections.abc import Callable

from billing_sandbox.core import (
    CUSTOMER,
    INVOICE,
    INVOICE_CREATED,
    INVOICE_PAID,
    INVOICE_UPDATED,
    INVOICE_VOIDED,
    PAYMENT_SUCCEEDED,
    Books,
)
from billing_sandbox.core.dates import iso_datetime
from billing_sandbox.engine.observe.events import VendorEvent

from . import shapes
from .ids import uuid_minter

EVENT_TYPES = {
    INVOICE_CREATED: "invoice.created",
    INVOICE_UPDATED: "invoice.updated",
    INVOICE_PAID: "invoice.paid",
    INVOICE_VOIDED: "invoice.voided",
    PAYMENT_SUCCEEDED: "payment.created",
}


def dayzero_events(books: Books, business_id: str,
                   random_bytes: Callable[[int], bytes]) -> list[VendorEvent]:
    """The events of the call that used ``books``, shaped from the records as it left them."""
    mint = uuid_minter(random_bytes)
    occurred = books.now()
    events = []
    for event in books.events:
        event_type = EVENT_TYPES.get(event.name)
        if event_type is None:
            continue
        record = books.view(event.kind, event.record_id)
        if event.kind == INVOICE:
            data = shapes.invoice_body(record, books.repo.view(CUSTOMER, record["customer_id"]),
                                       business_id)
        else:
            data = shapes.payment_body(record, business_id)
        body = {"id": mint("event"), "type": event_type, "created_at": iso_datetime(occurred),
                "business_id": business_id, "data": data}
        events.append(VendorEvent(body["id"], event_type, occurred, body))
    return events
