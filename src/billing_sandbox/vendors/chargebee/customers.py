"""Customers and their cards on the ledger.

``POST /customers`` makes the ledger's customer (the one ``invoices/charge`` bills): names,
email, ``auto_collection`` (default on), ``net_term_days``, ``preferred_currency_code``
(default USD); its other documented attributes (``billing_address``, ``meta_data``,
``auto_close_invoices`` ...) are kept as sent. ``card[number]`` ... stores a card on file at
once (``customer_created`` shows it). ``POST /customers/{id}/credit_card`` adds or replaces
the card (``card_added`` / ``card_updated``), ``/delete_card`` removes it (``card_deleted``).
``add_account_credits`` / ``deduct_account_credits`` / ``set_account_credits`` move the
customer's credits (``promotional_credits``), which the ledger spends on its invoices;
deducting more than there is is refused (400).
Reads, lists, updates and deletes go through the document's inferred operations, over the
same records (resources.py). A customer's currency cannot change once it was invoiced.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from billing_sandbox.core import (
    CUSTOMER,
    Books,
    child_count,
    create_customer,
    deduct_credits,
    grant_credits,
    update_customer,
)
from billing_sandbox.engine.http.registry import HandlerRegistry, Reply, Request
from billing_sandbox.vendors.adapter import Services

from .cards import attach_card, read_card, remove_card
from .customer_shapes import DOCUMENT, customer_card, customer_shape, document_fields
from .errors import chargebee_errors, wrong_value
from .ledger import open_site
from .lookups import live, typed
from .site import VENDOR

NAMES = ("first_name", "last_name", "phone", "company")


def create_customer_from(books: Books, fields: dict, body: dict,
                         prefix: str | None = None) -> dict:
    """The customer ``fields`` describe (``body["card"]``: its card), params named under
    ``prefix`` (``customer[email]``) in errors."""

    def param(name: str) -> str:
        return f"{prefix}[{name}]" if prefix else name

    fields = typed(fields, integers=("net_term_days",), flags=("auto_close_invoices",),
                   prefix=prefix)
    auto = fields.get("auto_collection", "on")
    with chargebee_errors({"email": param("email"), "id": param("id"),
                           "currency": param("preferred_currency_code"),
                           "net_terms_days": param("net_term_days")}):
        customer = create_customer(
            books, id=fields.get("id"), name=_name(fields), email=fields.get("email"),
            currency=fields.get("preferred_currency_code", "USD"),
            auto_collection=auto == "on", net_terms_days=fields.get("net_term_days", 0),
            extra=_extra(fields))
    card = body.get("card")
    if isinstance(card, dict) and card.get("number") is not None:
        with books.quietly():  # customer_created already shows the card
            customer = attach_card(books, customer, read_card(card, "card[", books.today()))
    return customer


def write_customer(books: Books, record: dict, stored: dict | None) -> dict:
    """A customer as an inferred operation left it (an update, or a create) -> the ledger."""
    if stored is None:
        return create_customer_from(books, record, {})
    currency = record.get("preferred_currency_code", stored["currency"])
    if currency != stored["currency"] and (child_count(stored, "invoice")
                                           or child_count(stored, "subscription")):
        raise wrong_value("preferred_currency_code", f"cannot change from {stored['currency']} "
                                                     "once the customer was invoiced")
    extra = {**stored["extra"], **_extra(record)}
    with chargebee_errors({"currency": "preferred_currency_code",
                           "net_terms_days": "net_term_days"}):
        return update_customer(
            books, stored["id"], name=_name(record), email=record.get("email"),
            currency=currency, auto_collection=record.get("auto_collection") != "off",
            net_terms_days=record.get("net_term_days", stored["net_terms_days"]), extra=extra)


def customer_answer(books: Books, customer: dict) -> dict:
    body: dict[str, Any] = {"customer": customer_shape(books, customer)}
    card = customer_card(books, customer)
    if card is not None:
        body["card"] = card
    return body


def register(registry: HandlerRegistry, services: Services) -> None:
    handler = partial(registry.handler, VENDOR)

    @handler("create_a_customer")
    def create(request: Request) -> Reply:
        body = request.body or {}
        with open_site(services, request.tenant) as books:
            customer = create_customer_from(books, body, body)
            answer = customer_answer(books, customer)
        return Reply(200, answer)

    @handler("update_card_for_a_customer")
    def update_card(request: Request) -> Reply:
        body = request.body or {}
        with open_site(services, request.tenant) as books:
            customer = live(books, CUSTOMER, request.path_params["customer-id"], "customer-id")
            customer = attach_card(books, customer, read_card(body, "", books.today()))
            answer = customer_answer(books, customer)
        return Reply(200, answer)

    def credits(change):
        def handle(request: Request) -> Reply:
            amount = (request.body or {}).get("amount")
            with open_site(services, request.tenant) as books:
                customer = live(books, CUSTOMER, request.path_params["customer-id"],
                                "customer-id")
                with chargebee_errors():
                    customer = change(books, customer, amount)
                answer = {"customer": customer_shape(books, customer)}
            return Reply(200, answer)

        return handle

    def set_credits(books: Books, customer: dict, amount: int) -> dict:
        balance = customer["credit_balances"].get(customer["currency"], 0)
        if amount > balance:
            return grant_credits(books, customer["id"], amount - balance)
        if amount < balance:
            return deduct_credits(books, customer["id"], balance - amount)
        return customer

    handler("add_account_credits_to_a_customer")(credits(
        lambda books, customer, amount: grant_credits(books, customer["id"], amount)))
    handler("deduct_account_credits_for_a_customer")(credits(
        lambda books, customer, amount: deduct_credits(books, customer["id"], amount)))
    handler("set_account_credits_for_a_customer")(credits(set_credits))

    @handler("delete_card_for_a_customer")
    def delete_card(request: Request) -> Reply:
        with open_site(services, request.tenant) as books:
            customer = live(books, CUSTOMER, request.path_params["customer-id"], "customer-id")
            if customer_card(books, customer) is None:
                raise wrong_value("customer-id", f"customer {customer['id']} has no card")
            customer = remove_card(books, customer)
            answer = {"customer": customer_shape(books, customer)}
        return Reply(200, answer)


def _name(fields: dict) -> str | None:
    return " ".join(str(fields[key]) for key in ("first_name", "last_name")
                    if fields.get(key)) or None


def _extra(fields: dict) -> dict:
    extra: dict[str, Any] = {key: fields[key] for key in NAMES if fields.get(key) is not None}
    kept = document_fields(fields)
    if kept:
        extra[DOCUMENT] = kept
    return extra
