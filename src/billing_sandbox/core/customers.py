"""Customers: who is billed, in which currency, and how they pay.

Record ``customer``::

    id, name, email, external_id, currency, auto_collection (bool),
    payment_source_id (str | None: a card/mandate on file), payment_method (e.g. "card"),
    net_terms_days (int | None: overrides the default 30 days for new invoices),
    credit_balances ({currency: minor units} of credits the customer may spend),
    invoice_count, invoice_tail, contract_count, contract_tail, subscription_count,
    subscription_tail (its children, oldest first; see core.links),
    deleted_at (set when deleted; absent on records of earlier versions),
    extra, created_at, updated_at

A deleted customer is kept (its invoices and payments still name it), marked deleted; its
subscriptions are cancelled. Events: customer.created, customer.updated, customer.deleted,
payment_source.added / .updated / .removed.
"""

from __future__ import annotations

from . import checks, links
from .books import CONTRACT, CUSTOMER, INVOICE, SUBSCRIPTION, Books
from .errors import InvalidInput, InvalidState
from .events import (
    CUSTOMER_CREATED,
    CUSTOMER_DELETED,
    CUSTOMER_UPDATED,
    PAYMENT_SOURCE_ADDED,
    PAYMENT_SOURCE_REMOVED,
    PAYMENT_SOURCE_UPDATED,
)
from .money import currency_code
from .subscriptions import delete_subscription


def create_customer(
    books: Books,
    *,
    id: str | None = None,
    name: str | None = None,
    email: str | None = None,
    currency: str = "USD",
    auto_collection: bool = False,
    payment_source_id: str | None = None,
    payment_method: str | None = None,
    net_terms_days: int | None = None,
    credit_balances: dict[str, int] | None = None,
    external_id: str | None = None,
    extra: dict | None = None,
) -> dict:
    """Create (or import from a fixture) a customer; InvalidInput names a bad field."""
    record = {
        "name": checks.text(name, "name", required=False),
        "email": _email(email),
        "external_id": checks.text(external_id, "external_id", required=False),
        "currency": currency_code(currency),
        "auto_collection": checks.flag(auto_collection, "auto_collection"),
        "payment_source_id": checks.text(payment_source_id, "payment_source_id", required=False),
        "payment_method": checks.text(payment_method, "payment_method", required=False),
        "net_terms_days": _net_terms(net_terms_days),
        "credit_balances": _balances(credit_balances),
        **links.fields(INVOICE, CONTRACT, SUBSCRIPTION),
        "extra": checks.mapping(extra, "extra"),
    }
    if record["payment_source_id"] and not record["payment_method"]:
        record["payment_method"] = "card"
    record_id = books.claim_id(CUSTOMER, checks.record_id(id, "id"))
    customer = books.create(CUSTOMER, {"id": record_id, **record})
    books.emit(CUSTOMER_CREATED, CUSTOMER, customer)
    return customer


_UPDATABLE = ("name", "email", "currency", "auto_collection", "net_terms_days", "extra")


def update_customer(books: Books, customer_id: str, **changes: object) -> dict:
    """Change a customer's ``name``, ``email``, ``currency``, ``auto_collection``,
    ``net_terms_days`` or ``extra`` (replaced whole); InvalidInput names a bad field."""
    customer = books.get(CUSTOMER, checks.text(customer_id, "customer_id"))
    unknown = sorted(set(changes) - set(_UPDATABLE))
    if unknown:
        raise InvalidInput(unknown[0], f"not a field a customer update changes; it changes "
                                       f"{', '.join(_UPDATABLE)}")
    checked = {
        "name": lambda v: checks.text(v, "name", required=False),
        "email": _email,
        "currency": currency_code,
        "auto_collection": lambda v: checks.flag(v, "auto_collection"),
        "net_terms_days": _net_terms,
        "extra": lambda v: checks.mapping(v, "extra"),
    }
    for name, value in changes.items():
        customer[name] = checked[name](value)
    books.emit(CUSTOMER_UPDATED, CUSTOMER, customer)
    return books.save(CUSTOMER, customer)


def delete_customer(books: Books, customer_id: str) -> dict:
    """Mark the customer deleted, its payment source removed and its subscriptions cancelled
    (and deleted); its invoices stay as they are."""
    customer = books.get(CUSTOMER, checks.text(customer_id, "customer_id"))
    if customer.get("deleted_at"):
        raise InvalidState(CUSTOMER, customer["id"], "deleted",
                           f"customer {customer['id']} is already deleted")
    for subscription_id in links.child_ids(books, CUSTOMER, customer, SUBSCRIPTION):
        subscription = books.get(SUBSCRIPTION, subscription_id)
        if not subscription.get("deleted_at"):
            delete_subscription(books, subscription_id)
    customer = books.get(CUSTOMER, customer["id"])
    customer["payment_source_id"] = None
    customer["payment_method"] = None
    customer["deleted_at"] = books.timestamp()
    books.emit(CUSTOMER_DELETED, CUSTOMER, customer)
    return books.save(CUSTOMER, customer)


def set_payment_source(
    books: Books, customer_id: str, payment_source_id: str | None, payment_method: str = "card"
) -> dict:
    """Put a payment source on file (or remove it with None)."""
    customer = books.get(CUSTOMER, customer_id)
    before = customer["payment_source_id"]
    customer["payment_source_id"] = checks.text(
        payment_source_id, "payment_source_id", required=False
    )
    customer["payment_method"] = (
        checks.text(payment_method, "payment_method") if payment_source_id else None
    )
    event = (PAYMENT_SOURCE_REMOVED if payment_source_id is None else
             PAYMENT_SOURCE_ADDED if before is None else PAYMENT_SOURCE_UPDATED)
    if before is not None or payment_source_id is not None:
        books.emit(event, CUSTOMER, customer)
    return books.save(CUSTOMER, customer)


def credit_balance(customer: dict, currency: str) -> int:
    return customer["credit_balances"].get(currency, 0)


def _email(value: object) -> str | None:
    email = checks.text(value, "email", required=False)
    if email is not None and "@" not in email:
        raise InvalidInput("email", "must be an email address", value)
    return email


def _net_terms(value: object) -> int | None:
    if value is None:
        return None
    return checks.integer(value, "net_terms_days", minimum=0, maximum=3650)


def _balances(value: object) -> dict[str, int]:
    balances = checks.mapping(value, "credit_balances")
    clean: dict[str, int] = {}
    for code, balance in balances.items():
        clean[currency_code(code, "credit_balances")] = checks.amount(
            balance, f"credit_balances.{code}"
        )
    return clean
