"""Contracts: what a customer agreed to pay every month, from a start date to an end date.

Record ``contract``::

    id, customer_id, name, currency, status (draft | active | expired | cancelled),
    start_date, end_date (ISO dates; end is exclusive, None = open-ended),
    prices [{id, description, amount}]  (flat recurring amount per month, minor units;
                                         an input price may say interval "month", nothing else),
    billing_cycle_start_day (int 1..31 | None), net_terms_days (int | None),
    invoice_count, invoice_tail (its invoices, oldest first; see core.links),
    extra, created_at, updated_at

Only a draft contract cannot be invoiced; expired or cancelled ones can still be billed for
the part of a period inside their term.
"""

from __future__ import annotations

from . import checks, links
from .books import CONTRACT, CUSTOMER, INVOICE, Books
from .dates import iso_date, to_date
from .errors import InvalidInput
from .money import require_currency

CONTRACT_STATUSES = ("draft", "active", "expired", "cancelled")


def create_contract(
    books: Books,
    *,
    customer_id: str,
    prices: list[dict],
    start_date: object,
    end_date: object = None,
    id: str | None = None,
    name: str | None = None,
    currency: str | None = None,
    status: str = "active",
    billing_cycle_start_day: int | None = None,
    net_terms_days: int | None = None,
    extra: dict | None = None,
) -> dict:
    """Create (or import) a contract for an existing customer, in the customer's currency."""
    customer = books.get(CUSTOMER, checks.text(customer_id, "customer_id"))
    code = require_currency(customer["currency"], currency)
    start = to_date(start_date, "start_date")
    end = None if end_date is None else to_date(end_date, "end_date")
    if end is not None and end <= start:
        raise InvalidInput("end_date", "must be after start_date", end_date)
    record = {
        "customer_id": customer["id"],
        "name": checks.text(name, "name", required=False),
        "currency": code,
        "status": checks.choice(status, "status", CONTRACT_STATUSES),
        "start_date": iso_date(start),
        "end_date": None if end is None else iso_date(end),
        "prices": _prices(books, prices, code),
        "billing_cycle_start_day": None
        if billing_cycle_start_day is None
        else checks.integer(
            billing_cycle_start_day, "billing_cycle_start_day", minimum=1, maximum=31
        ),
        "net_terms_days": None
        if net_terms_days is None
        else checks.integer(net_terms_days, "net_terms_days", minimum=0, maximum=3650),
        **links.fields(INVOICE),
        "extra": checks.mapping(extra, "extra"),
    }
    record_id = books.claim_id(CONTRACT, checks.record_id(id, "id"))
    contract = books.create(CONTRACT, {"id": record_id, **record})
    links.link(books, CUSTOMER, customer, CONTRACT, record_id)
    return contract


def _prices(books: Books, prices: object, currency: str) -> list[dict]:
    if not isinstance(prices, list) or not prices:
        raise InvalidInput("prices", "must be a non-empty list", prices)
    clean = []
    for index, price in enumerate(prices):
        field = f"prices[{index}]"
        if not isinstance(price, dict):
            raise InvalidInput(field, "must be an object", price)
        require_currency(currency, price.get("currency"), f"{field}.currency")
        if price.get("interval", "month") != "month":
            raise InvalidInput(
                f"{field}.interval", "only monthly prices are billed", price["interval"]
            )
        description = price.get("description", price.get("name"))
        clean.append(
            {
                "id": checks.record_id(price.get("id"), f"{field}.id") or books.new_id("price"),
                "description": checks.text(description, f"{field}.description"),
                "amount": checks.amount(price.get("amount"), f"{field}.amount"),
            }
        )
    return clean
