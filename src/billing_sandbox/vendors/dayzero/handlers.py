"""DayZero operations: request -> ledger call -> DayZero shape, one store transaction each."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from billing_sandbox.core import (
    BANK_TRANSACTION,
    CUSTOMER,
    INVOICE,
    PAYMENT,
    Books,
    LedgerError,
    allocate_transaction,
    child_records,
)
from billing_sandbox.core.dates import parse_datetime
from billing_sandbox.engine.http.registry import HandlerRegistry, Reply, Request
from billing_sandbox.vendors.adapter import Services

from . import shapes
from .errors import api_error
from .events import dayzero_events
from .ids import canonical, uuid_minter
from .pagination import PageRequest, paginate

VENDOR = "dayzero"
CREATE_PAYMENT = "create_invoice_payment_api_v1_invoices__invoice_id__payments_post"
GET_INVOICE = "get_invoice_api_v1_invoices__invoice_id__get"
LIST_PAYMENTS = "list_invoice_payments_api_v1_invoices__invoice_id__payments_get"

# sort_by columns of the payment listing
PAYMENT_SORT_KEYS = {
    "created_at": lambda p: parse_datetime(p["created_at"]),
    "updated_at": lambda p: parse_datetime(p["updated_at"]),
    "paid_on": lambda p: parse_datetime(p["paid_at"]),
    "amount": lambda p: p["amount"],
}


@contextmanager
def open_books(services: Services, business_id: str, body: dict | None = None
               ) -> Iterator[Books]:
    """Books of one business in one store transaction; a ledger refusal leaves nothing
    written and becomes the DayZero error. Events are published once the writes committed."""
    try:
        namespace = services.namespace(VENDOR, business_id)
        with services.store.transaction(namespace) as repo:
            random_bytes = services.random_bytes(repo, namespace)
            books = Books(repo, now=services.clock.now, new_id=uuid_minter(random_bytes))
            yield books
            events = dayzero_events(books, business_id, random_bytes) if books.events else []
    except LedgerError as error:
        raise api_error(error, business_id, body) from None
    if events:
        services.publish(VENDOR, business_id, events)


def create_payment(services: Services, request: Request) -> Reply:
    business_id = request.tenant
    body = dict(request.body)
    body["transaction_id"] = canonical(body["transaction_id"])
    with open_books(services, business_id, body) as books:
        payment = allocate_transaction(
            books,
            canonical(request.path_params["invoice_id"]),
            body["transaction_id"],
            body["amount"],
            paid_at=body.get("paid_on"),
        )
        reply = shapes.payment_body(payment, business_id)
    return Reply(201, reply)


def get_invoice(services: Services, request: Request) -> Reply:
    business_id = request.tenant
    with open_books(services, business_id) as books:
        invoice = books.get(INVOICE, canonical(request.path_params["invoice_id"]))
        customer = books.find(CUSTOMER, invoice["customer_id"])
        reply = shapes.invoice_body(invoice, customer, business_id)
    return Reply(200, reply)


def list_payments(services: Services, request: Request) -> Reply:
    business_id = request.tenant
    page_request = PageRequest.from_query(request.query)
    with open_books(services, business_id) as books:
        invoice = books.get(INVOICE, canonical(request.path_params["invoice_id"]))
        payments = child_records(books, INVOICE, invoice, PAYMENT)
        allocations = [p for p in payments if p["transaction_id"] is not None]
        page, fields = paginate(allocations, page_request, PAYMENT_SORT_KEYS)
        items = [
            shapes.payment_body(p, business_id, books.get(BANK_TRANSACTION, p["transaction_id"]))
            for p in page
        ]
    return Reply(200, {"items": items, **fields})


def register(registry: HandlerRegistry, services: Services) -> None:
    for operation_id, handler in (
        (CREATE_PAYMENT, create_payment),
        (GET_INVOICE, get_invoice),
        (LIST_PAYMENTS, list_payments),
    ):
        registry.handler(VENDOR, operation_id)(partial(handler, services))
