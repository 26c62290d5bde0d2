"""Subscriptions: a customer's recurring plan; one-off charges may name one instead of a customer.

Record ``subscription``::

    id, customer_id, plan_id, status, price (minor units per month), currency,
    start_date (ISO date | None), invoice_count, invoice_tail (its invoices, oldest first; see
    core.links), extra, created_at, updated_at

Statuses: future | in_trial | active | non_renewing | paused | cancelled.
"""

from __future__ import annotations

from . import checks, links
from .books import CUSTOMER, INVOICE, SUBSCRIPTION, Books
from .dates import iso_date, to_date
from .money import require_currency

SUBSCRIPTION_STATUSES = ("future", "in_trial", "active", "non_renewing", "paused", "cancelled")


def create_subscription(
    books: Books,
    *,
    customer_id: str,
    price: int = 0,
    id: str | None = None,
    plan_id: str | None = None,
    status: str = "active",
    currency: str | None = None,
    start_date: object = None,
    extra: dict | None = None,
) -> dict:
    """Create (or import) a subscription of an existing customer, in the customer's currency."""
    customer = books.get(CUSTOMER, checks.text(customer_id, "customer_id"))
    record = {
        "customer_id": customer["id"],
        "plan_id": checks.text(plan_id, "plan_id", required=False),
        "status": checks.choice(status, "status", SUBSCRIPTION_STATUSES),
        "price": checks.amount(price, "price"),
        "currency": require_currency(customer["currency"], currency),
        "start_date": None if start_date is None else iso_date(to_date(start_date, "start_date")),
        **links.fields(INVOICE),
        "extra": checks.mapping(extra, "extra"),
    }
    record_id = books.claim_id(SUBSCRIPTION, checks.record_id(id, "id"))
    subscription = books.create(SUBSCRIPTION, {"id": record_id, **record})
    links.link(books, CUSTOMER, customer, SUBSCRIPTION, record_id)
    return subscription
