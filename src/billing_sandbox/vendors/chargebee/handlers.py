"""Chargebee's operations on the ledger: request -> ledger call -> Chargebee's resource in its
envelope. This module registers them all: invoices/charge and the reads of invoices,
customers and subscriptions here; customers and cards, subscriptions, and the money on an
invoice in their modules. Every other documented operation is the engine's inferred one,
over the same records where the adapter keeps a resource (resources.py)."""

from __future__ import annotations

from functools import partial

from billing_sandbox.core import CUSTOMER, INVOICE, SUBSCRIPTION
from billing_sandbox.engine.http.registry import HandlerRegistry, Reply, Request
from billing_sandbox.vendors.adapter import Services

from . import customers, invoice_actions, subscriptions
from .catalog import addon_of, name_of
from .charge import create_charge, read_charge
from .customer_shapes import customer_shape
from .errors import wrong_value
from .event_api import list_events, retrieve_event
from .idempotency import remember, replay
from .invoice_creation import invoice_of_charges
from .ledger import open_site
from .listing import list_invoices
from .lookups import live
from .shapes import invoice_shape
from .site import VENDOR
from .subscription_shapes import subscription_shape


def register(registry: HandlerRegistry, services: Services) -> None:
    handler = partial(registry.handler, VENDOR)

    def charged(request: Request, body: dict) -> Reply:
        wanted = read_charge(body, int(services.clock.now().timestamp()))
        with open_site(services, request.tenant) as books:
            replayed = replay(books.repo, request)
            if replayed is not None:
                return replayed
            invoice = create_charge(books, wanted)
            reply = Reply(200, {"invoice": invoice_shape(books, invoice)})
            remember(books.repo, request, reply)
        return reply

    @handler("create_invoice_for_a_one-time_charge")
    def charge(request: Request) -> Reply:
        return charged(request, request.body or {})

    @handler("create_invoice_for_a_non-recurring_addon")
    def charge_addon(request: Request) -> Reply:
        """One addon's price x quantity, charged as a one-time charge is."""
        body = dict(request.body or {})
        with open_site(services, request.tenant) as books:
            addon = addon_of(books, body.pop("addon_id", None))
        quantity = body.pop("addon_quantity", 1)
        unit = body.pop("addon_unit_price", addon.get("price") or 0)
        body.update({"description": f"{name_of(addon)} x {quantity}"
                     if quantity != 1 else name_of(addon), "amount": unit * quantity})
        return charged(request, body)

    @handler("create_an_invoice")
    def create_invoice(request: Request) -> Reply:
        """One-time charges (``charges[amount][i]``, ``charges[description][i]``) and addons
        (``addons[id][i]``, ``[quantity][i]``) on one invoice, collected as a charge is."""
        body = request.body or {}
        if (body.get("customer_id") is None) == (body.get("subscription_id") is None):
            raise wrong_value("customer_id", "give either customer_id or subscription_id")
        with open_site(services, request.tenant) as books:
            invoice = invoice_of_charges(books, body)
            answer = {"invoice": invoice_shape(books, invoice)}
        return Reply(200, answer)

    @handler("retrieve_an_invoice")
    def retrieve_invoice(request: Request) -> Reply:
        with open_site(services, request.tenant) as books:
            invoice = live(books, INVOICE, request.path_params["invoice-id"])
            body = {"invoice": invoice_shape(books, invoice)}
        return Reply(200, body)

    @handler("list_invoices")
    def list_all(request: Request) -> Reply:
        with open_site(services, request.tenant) as books:
            body = list_invoices(books, request.query)
        return Reply(200, body)

    @handler("list_events")
    def events(request: Request) -> Reply:
        return Reply(200, list_events(services.published(VENDOR, request.tenant),
                                      request.query))

    @handler("retrieve_an_event")
    def event(request: Request) -> Reply:
        return Reply(200, retrieve_event(services.published(VENDOR, request.tenant),
                                         request.path_params["event-id"]))

    @handler("retrieve_a_customer")
    def retrieve_customer(request: Request) -> Reply:
        with open_site(services, request.tenant) as books:
            customer = live(books, CUSTOMER, request.path_params["customer-id"])
            body = {"customer": customer_shape(books, customer)}
        return Reply(200, body)

    @handler("retrieve_a_subscription")
    def retrieve_subscription(request: Request) -> Reply:
        with open_site(services, request.tenant) as books:
            subscription = live(books, SUBSCRIPTION, request.path_params["subscription-id"])
            body = {"subscription": subscription_shape(books, subscription),
                    "customer": customer_shape(books, books.get(CUSTOMER,
                                                                subscription["customer_id"]))}
        return Reply(200, body)

    customers.register(registry, services)
    subscriptions.register(registry, services)
    invoice_actions.register(registry, services)
