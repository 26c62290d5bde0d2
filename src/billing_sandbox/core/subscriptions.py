"""Subscriptions: a customer's recurring charges, billed term after term on the clock.

Record ``subscription``::

    id, customer_id, plan_id, status, currency,
    items [{price_id, kind ("plan" | "addon"), description, unit_amount, quantity}]
          (what each term bills), price (their total per term, minor units),
    period, period_unit (day | week | month | year: a term's length),
    start_date (ISO date | None: a fixture's start), term_start, term_end, billing_anchor,
    anchor_terms (the current term, see core.terms), trial_start, trial_end,
    cancelled_at, deleted_at (ISO datetimes | None), remaining_billing_cycles (int | None:
    terms still to bill after the current one; None: renews until cancelled),
    coupons [{coupon_id, applied_from}] (discounts of its invoices),
    pending_charges [{description, unit_amount, quantity, price_id, kind}] (billed with the
    next term), invoice_count, invoice_tail (its invoices, oldest first; see core.links),
    owed_invoice_ids (those something is due on, kept by core.invoices),
    extra, created_at, updated_at

Records of earlier versions have only id, customer_id, plan_id, status, price, currency,
start_date and extra: one monthly item of ``price``, their term as core.terms derives it.

Statuses: future | in_trial | active | non_renewing | paused | cancelled. A subscription
starts ``future`` when it starts later, ``in_trial`` until its trial ends, else ``active``.
Cancelling at the end of the term makes it ``non_renewing`` until then; the clock does the
rest (core.renewals). Events: subscription.created, .cancellation_scheduled,
.scheduled_cancellation_removed, .cancelled, .reactivated, .updated.
"""

from __future__ import annotations

from datetime import datetime

from . import checks, links, terms
from .books import CUSTOMER, INVOICE, SUBSCRIPTION, Books
from .dates import PERIOD_UNITS, iso_date, iso_datetime, to_date, to_datetime
from .errors import InvalidInput, InvalidState
from .events import (
    SUBSCRIPTION_CANCELLATION_REMOVED,
    SUBSCRIPTION_CANCELLATION_SCHEDULED,
    SUBSCRIPTION_CANCELLED,
    SUBSCRIPTION_CREATED,
    SUBSCRIPTION_DELETED,
    SUBSCRIPTION_REACTIVATED,
    SUBSCRIPTION_UPDATED,
)
from .money import require_currency

SUBSCRIPTION_STATUSES = ("future", "in_trial", "active", "non_renewing", "paused", "cancelled")
ITEM_KINDS = ("plan", "addon")
CANCELLABLE = ("future", "in_trial", "active", "non_renewing", "paused")


def create_subscription(
    books: Books,
    *,
    customer_id: str,
    price: int = 0,
    id: str | None = None,
    plan_id: str | None = None,
    status: str | None = None,
    currency: str | None = None,
    start_date: object = None,
    extra: dict | None = None,
    items: list[dict] | None = None,
    period: int = 1,
    period_unit: str = "month",
    starts_at: object = None,
    trial_end: object = None,
    billing_cycles: int | None = None,
    coupon_ids: list[str] | None = None,
) -> dict:
    """Create (or import) a subscription of an existing customer, in the customer's currency.

    ``items`` default to one plan item of ``price``. It starts at ``starts_at`` (default now;
    ``start_date``, a date, for fixtures); its status, unless given, is ``future`` if that is
    later, ``in_trial`` until a later ``trial_end``, else ``active`` with its first term
    started. Billing that term is the caller's (core.renewals.bill_term).
    """
    customer = books.get(CUSTOMER, checks.text(customer_id, "customer_id"))
    plan = checks.text(plan_id, "plan_id", required=False)
    if items is None:
        items = [{"price_id": plan, "kind": "plan", "description": plan or "Subscription",
                  "unit_amount": checks.amount(price, "price"), "quantity": 1}]
    checked = [_item(item, f"items[{n}]") for n, item in enumerate(items)]
    day = None if start_date is None else iso_date(to_date(start_date, "start_date"))
    start = _start(books, starts_at, day)
    trial = None if trial_end is None else to_datetime(trial_end, "trial_end")
    if trial is not None and trial <= start:
        raise InvalidInput("trial_end", f"must be after the start, {iso_datetime(start)}",
                           trial_end)
    if status is None:
        status = ("future" if start > books.now() else
                  "in_trial" if trial is not None and trial > books.now() else "active")
    record = {
        "customer_id": customer["id"],
        "plan_id": plan,
        "status": checks.choice(status, "status", SUBSCRIPTION_STATUSES),
        "items": checked,
        "price": sum(item["unit_amount"] * item["quantity"] for item in checked),
        "currency": require_currency(customer["currency"], currency),
        "period": checks.integer(period, "period", minimum=1, maximum=1200),
        "period_unit": checks.choice(period_unit, "period_unit", PERIOD_UNITS),
        "start_date": day,
        "trial_start": None,
        "trial_end": None,
        "cancelled_at": None,
        "remaining_billing_cycles": None,
        "coupons": [{"coupon_id": checks.text(c, f"coupon_ids[{n}]"), "applied_from": None}
                    for n, c in enumerate(coupon_ids or [])],
        "pending_charges": [],
        **links.fields(INVOICE),
        "owed_invoice_ids": [],
        "extra": checks.mapping(extra, "extra"),
    }
    checks.amount(record["price"], "price")
    if record["status"] == "future":
        terms.set_term(record, None, start)
        record["trial_end"] = None if trial is None else iso_datetime(trial)
    elif record["status"] == "in_trial":
        if trial is None:
            raise InvalidInput("trial_end", "an in_trial subscription needs its trial end")
        record["trial_start"], record["trial_end"] = iso_datetime(start), iso_datetime(trial)
        terms.set_term(record, start, trial)
    else:
        terms.start_terms(record, start)
    if record["status"] == "cancelled":
        record["cancelled_at"] = iso_datetime(books.now())
    if billing_cycles is not None:
        cycles = checks.integer(billing_cycles, "billing_cycles", minimum=1)
        record["remaining_billing_cycles"] = cycles - 1 if record["status"] == "active" \
            else cycles
    record_id = books.claim_id(SUBSCRIPTION, checks.record_id(id, "id"))
    subscription = books.create(SUBSCRIPTION, {"id": record_id, **record})
    links.link(books, CUSTOMER, customer, SUBSCRIPTION, record_id)
    terms.schedule(books, subscription)
    books.emit(SUBSCRIPTION_CREATED, SUBSCRIPTION, subscription)
    return subscription


def change_items(books: Books, subscription_id: str, *, items: list[dict],
                 plan_id: str | None = None) -> dict:
    """What the subscription bills from its next term on (a plan or quantity change)."""
    subscription = _live(books, subscription_id, "change it")
    checked = [_item(item, f"items[{n}]") for n, item in enumerate(items)]
    subscription["items"] = checked
    subscription["price"] = sum(i["unit_amount"] * i["quantity"] for i in checked)
    if plan_id is not None:
        subscription["plan_id"] = checks.text(plan_id, "plan_id")
    books.emit(SUBSCRIPTION_UPDATED, SUBSCRIPTION, subscription)
    return books.save(SUBSCRIPTION, subscription)


def cancel_subscription(books: Books, subscription_id: str, *, at_term_end: bool = False) -> dict:
    """Cancel now, or at the end of the current term (``non_renewing`` until then)."""
    subscription = books.get(SUBSCRIPTION, checks.text(subscription_id, "subscription_id"))
    status = subscription["status"]
    if status not in CANCELLABLE:
        raise InvalidState(SUBSCRIPTION, subscription["id"], status,
                           f"subscription {subscription['id']} is already {status}")
    if checks.flag(at_term_end, "end_of_term"):
        if status not in ("active", "in_trial"):
            raise InvalidState(SUBSCRIPTION, subscription["id"], status,
                               f"subscription {subscription['id']} is {status}; only an active "
                               "or in_trial subscription can be cancelled at the end of its "
                               "term")
        subscription["status"] = "non_renewing"
        books.emit(SUBSCRIPTION_CANCELLATION_SCHEDULED, SUBSCRIPTION, subscription)
        return books.save(SUBSCRIPTION, subscription)
    return end_subscription(books, subscription, books.now())


def end_subscription(books: Books, subscription: dict, at: datetime) -> dict:
    """The subscription is cancelled as of ``at`` (its term ends there)."""
    subscription["status"] = "cancelled"
    subscription["cancelled_at"] = iso_datetime(at)
    start, end = terms.term_of(subscription)
    if start is not None and at < end:
        terms.set_term(subscription, start, max(at, start))
    books.emit(SUBSCRIPTION_CANCELLED, SUBSCRIPTION, subscription)
    return books.save(SUBSCRIPTION, subscription)


def delete_subscription(books: Books, subscription_id: str) -> dict:
    """Cancel the subscription (if it is not already) and mark it deleted; its invoices stay."""
    subscription = books.get(SUBSCRIPTION, checks.text(subscription_id, "subscription_id"))
    if subscription.get("deleted_at"):
        raise InvalidState(SUBSCRIPTION, subscription["id"], "deleted",
                           f"subscription {subscription['id']} is already deleted")
    with books.quietly():
        if subscription["status"] != "cancelled":
            subscription = end_subscription(books, subscription, books.now())
    subscription["deleted_at"] = books.timestamp()
    books.emit(SUBSCRIPTION_DELETED, SUBSCRIPTION, subscription)
    return books.save(SUBSCRIPTION, subscription)


def remove_scheduled_cancellation(books: Books, subscription_id: str) -> dict:
    """A non_renewing subscription renews again."""
    subscription = books.get(SUBSCRIPTION, checks.text(subscription_id, "subscription_id"))
    if subscription["status"] != "non_renewing":
        raise InvalidState(SUBSCRIPTION, subscription["id"], subscription["status"],
                           f"subscription {subscription['id']} is {subscription['status']}; "
                           "it has no scheduled cancellation")
    trial = subscription.get("trial_end")
    in_trial = trial is not None and terms.term_of(subscription)[1] == to_datetime(trial, "")
    subscription["status"] = "in_trial" if in_trial else "active"
    books.emit(SUBSCRIPTION_CANCELLATION_REMOVED, SUBSCRIPTION, subscription)
    return books.save(SUBSCRIPTION, subscription)


def reactivate_subscription(books: Books, subscription_id: str, *,
                            billing_cycles: int | None = None) -> dict:
    """A cancelled subscription starts a new first term now (bill it with
    core.renewals.bill_term)."""
    subscription = books.get(SUBSCRIPTION, checks.text(subscription_id, "subscription_id"))
    if subscription["status"] != "cancelled":
        raise InvalidState(SUBSCRIPTION, subscription["id"], subscription["status"],
                           f"subscription {subscription['id']} is {subscription['status']}; "
                           "only a cancelled subscription can be reactivated")
    _upgrade(subscription)
    subscription["status"] = "active"
    subscription["cancelled_at"] = None
    terms.start_terms(subscription, books.now())
    if billing_cycles is not None:
        cycles = checks.integer(billing_cycles, "billing_cycles", minimum=1)
        subscription["remaining_billing_cycles"] = cycles - 1
    terms.schedule(books, subscription)
    books.emit(SUBSCRIPTION_REACTIVATED, SUBSCRIPTION, subscription)
    return books.save(SUBSCRIPTION, subscription)


def change_term_end(books: Books, subscription_id: str, term_ends_at: object) -> dict:
    """The current term ends at another (later than now) time; the next terms count from
    it."""
    subscription = books.get(SUBSCRIPTION, checks.text(subscription_id, "subscription_id"))
    if subscription["status"] not in ("active", "in_trial", "non_renewing"):
        raise InvalidState(SUBSCRIPTION, subscription["id"], subscription["status"],
                           f"subscription {subscription['id']} is {subscription['status']}; "
                           "only a running term can end at another time")
    at = to_datetime(term_ends_at, "term_ends_at")
    if at <= books.now():
        raise InvalidInput("term_ends_at", f"must be in the future (now is "
                                           f"{iso_datetime(books.now())})", term_ends_at)
    _upgrade(subscription)
    start, _ = terms.term_of(subscription)
    terms.set_term(subscription, start, at)
    subscription["billing_anchor"] = iso_datetime(at)
    subscription["anchor_terms"] = 0
    if subscription["status"] == "in_trial":
        subscription["trial_end"] = iso_datetime(at)
    terms.schedule(books, subscription)
    books.emit(SUBSCRIPTION_UPDATED, SUBSCRIPTION, subscription)
    return books.save(SUBSCRIPTION, subscription)


def add_pending_charge(books: Books, subscription_id: str, *, description: str,
                       unit_amount: int, quantity: int = 1, price_id: str | None = None,
                       kind: str | None = None) -> dict:
    """A one-off charge billed with the subscription's next term."""
    subscription = _live(books, subscription_id, "add a charge at term end")
    if subscription["status"] not in ("active", "in_trial", "non_renewing", "future"):
        raise InvalidState(SUBSCRIPTION, subscription["id"], subscription["status"],
                           f"subscription {subscription['id']} has no next term")
    charge = _item({"description": description, "unit_amount": unit_amount,
                    "quantity": quantity, "price_id": price_id, "kind": kind or "plan"}, "")
    subscription.setdefault("pending_charges", []).append(charge)
    books.emit(SUBSCRIPTION_UPDATED, SUBSCRIPTION, subscription)
    return books.save(SUBSCRIPTION, subscription)


def items_of(subscription: dict) -> list[dict]:
    """What each term bills (one plan item of ``price`` for records of earlier versions)."""
    if "items" in subscription:
        return subscription["items"]
    return [{"price_id": subscription["plan_id"], "kind": "plan",
             "description": subscription["plan_id"] or "Subscription",
             "unit_amount": subscription["price"], "quantity": 1}]


def _upgrade(subscription: dict) -> None:
    """Give a record of an earlier version the fields of this one."""
    subscription.setdefault("items", items_of(subscription))
    for name, value in (("period", 1), ("period_unit", "month"), ("trial_start", None),
                        ("trial_end", None), ("cancelled_at", None),
                        ("remaining_billing_cycles", None), ("coupons", []),
                        ("pending_charges", [])):
        subscription.setdefault(name, value)
    if "term_end" not in subscription:
        start, end = terms.term_of(subscription)
        subscription["billing_anchor"] = iso_datetime(start)
        subscription["anchor_terms"] = 1
        terms.set_term(subscription, start, end)


def _live(books: Books, subscription_id: str, action: str) -> dict:
    subscription = books.get(SUBSCRIPTION, checks.text(subscription_id, "subscription_id"))
    if subscription["status"] == "cancelled":
        raise InvalidState(SUBSCRIPTION, subscription["id"], "cancelled",
                           f"subscription {subscription['id']} is cancelled; cannot {action}")
    _upgrade(subscription)
    return subscription


def _start(books: Books, starts_at: object, day: str | None) -> datetime:
    if starts_at is not None:
        return to_datetime(starts_at, "start_date")
    if day is not None:
        return to_datetime(day, "start_date")
    return books.now()


def _item(item: object, field: str) -> dict:
    where = f"{field}." if field else ""
    if not isinstance(item, dict):
        raise InvalidInput(field or "item", "must be an object", item)
    return {
        "price_id": checks.text(item.get("price_id"), f"{where}price_id", required=False),
        "kind": checks.choice(item.get("kind", "plan"), f"{where}kind", ITEM_KINDS),
        "description": checks.text(item.get("description"), f"{where}description"),
        "unit_amount": checks.amount(item.get("unit_amount"), f"{where}unit_amount"),
        "quantity": checks.integer(item.get("quantity", 1), f"{where}quantity", minimum=1,
                                   maximum=1_000_000),
    }
