"""Chargebee's operations: request -> ledger call -> Chargebee's resource in its envelope."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from billing_sandbox.core import CUSTOMER, INVOICE, SUBSCRIPTION, Books
from billing_sandbox.engine.http.registry import HandlerRegistry, Reply, Request
from billing_sandbox.vendors.adapter import Services

from .charge import create_charge, read_charge
from .errors import not_found
from .events import chargebee_events
from .idempotency import remember, replay
from .ids import id_minter
from .listing import list_invoices
from .shapes import customer_shape, invoice_shape, subscription_shape

VENDOR = "chargebee"


def register(registry: HandlerRegistry, services: Services) -> None:
    @contextmanager
    def books_of(request: Request) -> Iterator[Books]:
        """The site's books in one transaction; its events are published once it committed."""
        namespace = services.namespace(VENDOR, request.tenant)
        with services.store.transaction(namespace) as repo:
            random_bytes = services.random_bytes(repo, namespace)
            books = Books(repo, now=services.clock.now, new_id=id_minter(repo, random_bytes))
            yield books
            events = chargebee_events(books, random_bytes) if books.events else []
        if events:
            services.publish(VENDOR, request.tenant, events)

    def handler(operation_id: str) -> Callable:
        return registry.handler(VENDOR, operation_id)

    @handler("create_invoice_for_a_one-time_charge")
    def charge(request: Request) -> Reply:
        wanted = read_charge(request.body or {}, int(services.clock.now().timestamp()))
        with books_of(request) as books:
            replayed = replay(books.repo, request)
            if replayed is not None:
                return replayed
            invoice = create_charge(books, wanted)
            reply = Reply(200, {"invoice": invoice_shape(books, invoice)})
            remember(books.repo, request, reply)
        return reply

    @handler("retrieve_an_invoice")
    def retrieve_invoice(request: Request) -> Reply:
        with books_of(request) as books:
            invoice = _find(books, INVOICE, request.path_params["invoice-id"])
            body = {"invoice": invoice_shape(books, invoice)}
        return Reply(200, body)

    @handler("list_invoices")
    def list_all(request: Request) -> Reply:
        with books_of(request) as books:
            body = list_invoices(books, request.query)
        return Reply(200, body)

    @handler("retrieve_a_customer")
    def retrieve_customer(request: Request) -> Reply:
        with books_of(request) as books:
            customer = _find(books, CUSTOMER, request.path_params["customer-id"])
        return Reply(200, {"customer": customer_shape(customer)})

    @handler("retrieve_a_subscription")
    def retrieve_subscription(request: Request) -> Reply:
        with books_of(request) as books:
            subscription = _find(books, SUBSCRIPTION, request.path_params["subscription-id"])
            body = {"subscription": subscription_shape(books, subscription),
                    "customer": customer_shape(books.get(CUSTOMER,
                                                         subscription["customer_id"]))}
        return Reply(200, body)


def _find(books: Books, kind: str, record_id: str) -> dict:
    record = books.find(kind, record_id)
    if record is None:
        raise not_found(kind, record_id)
    return record
