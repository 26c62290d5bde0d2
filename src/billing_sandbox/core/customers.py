"""Customers: who is billed, in which currency, and how they pay.

Record ``customer``::

    id, name, email, external_id, currency, auto_collection (bool),
    payment_source_id (str | None: a card/mandate on file), payment_method (e.g. "card"),
    net_terms_days (int | None: overrides the default 30 days for new invoices),
    credit_balances ({currency: minor units} of credits the customer may spend),
    invoice_count, invoice_tail, contract_count, contract_tail, subscription_count,
    subscription_tail (its children, oldest first; see core.links),
    extra, created_at, updated_at
"""

from __future__ import annotations

from . import checks, links
from .books import CONTRACT, CUSTOMER, INVOICE, SUBSCRIPTION, Books
from .errors import InvalidInput
from .money import currency_code


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
    return books.create(CUSTOMER, {"id": record_id, **record})


def set_payment_source(
    books: Books, customer_id: str, payment_source_id: str | None, payment_method: str = "card"
) -> dict:
    """Put a payment source on file (or remove it with None)."""
    customer = books.get(CUSTOMER, customer_id)
    customer["payment_source_id"] = checks.text(
        payment_source_id, "payment_source_id", required=False
    )
    customer["payment_method"] = (
        checks.text(payment_method, "payment_method") if payment_source_id else None
    )
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
