"""Terms billed on the clock: the invoice of a subscription's term, and what happens when a
term ends.

``bill_term`` invoices the current term: one line per item (unit amount x quantity), the
charges pending for it, the subscription's coupons as discounts (a one_time coupon on its
first invoice only, a limited_period one for ``duration_months`` from its first use, a
forever one always). The invoice is recurring, dated at the term's start, linked to the
subscription; ``pending`` leaves it a draft for more charges before it is closed.

``advance_subscription`` makes a due transition happen (``books.now()`` is the instant it was
due, see ``Books.at``):

- future: it starts (in_trial when a later trial end was set, else active, its first term
  billed) -- subscription.started;
- in_trial: the trial ends, the first term is billed -- subscription.activated;
- active: with no billing cycles left it is cancelled, else the next term starts and is
  billed -- subscription.renewed;
- non_renewing: it is cancelled at the end of its term -- subscription.cancelled.

Collecting the invoice is the caller's: charge_invoice with the adapter's decline rule, or
leave it to be paid. ``due_transitions`` yields what is due up to an instant, in time order,
across subscriptions; a renewal whose next term is also due is yielded again.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import datetime

from . import terms
from .books import COUPON, CUSTOMER, SUBSCRIPTION, Books
from .coupons import discount_for, discount_line, redeem
from .dates import add_period, iso_datetime, parse_datetime
from .errors import LedgerError
from .events import SUBSCRIPTION_ACTIVATED, SUBSCRIPTION_RENEWED, SUBSCRIPTION_STARTED
from .invoices import line_item, net_terms_days, new_invoice, store_invoice
from .subscriptions import _upgrade, end_subscription, items_of


def bill_term(books: Books, subscription_id: str, *, pending: bool = False) -> dict | None:
    """The invoice of the subscription's current term (None when it bills nothing)."""
    subscription = books.get(SUBSCRIPTION, subscription_id)
    _upgrade(subscription)
    start, end = terms.term_of(subscription)
    charges = items_of(subscription) + subscription["pending_charges"]
    if not charges:
        return None
    lines = [line_item(books, description=item["description"],
                       unit_amount=item["unit_amount"], quantity=item["quantity"],
                       period_start=start.date(), period_end=end.date(),
                       price_id=item["price_id"], kind=item["kind"]) for item in charges]
    sub_total = sum(line["amount"] for line in lines)
    discounts = _discounts(books, subscription, sub_total, start)
    customer = books.get(CUSTOMER, subscription["customer_id"])
    record = new_invoice(
        customer=customer, currency=subscription["currency"], line_items=lines,
        discounts=discounts, invoice_date=start.date(),
        net_terms=net_terms_days(None, None, customer), subscription_id=subscription["id"],
        recurring=True, period_start=start.date(), period_end=end.date(),
        status="draft" if pending else "open")
    subscription["pending_charges"] = []
    books.save(SUBSCRIPTION, subscription)
    return store_invoice(books, record)


def advance_subscription(books: Books, subscription_id: str, *,
                         pending: bool = False) -> tuple[dict, dict | None]:
    """(subscription, the invoice billed or None): the transition due at ``books.now()``."""
    subscription = books.get(SUBSCRIPTION, subscription_id)
    _upgrade(subscription)
    status = subscription["status"]
    _, end = terms.term_of(subscription)
    if status == "non_renewing" or (
            status == "active" and subscription["remaining_billing_cycles"] == 0):
        return end_subscription(books, subscription, end), None
    if status == "future":
        trial = subscription["trial_end"]
        if trial is not None and parse_datetime(trial) > end:
            subscription["status"] = "in_trial"
            subscription["trial_start"] = iso_datetime(end)
            terms.set_term(subscription, end, parse_datetime(trial))
            return _moved(books, subscription, SUBSCRIPTION_STARTED), None
        terms.start_terms(subscription, end)
        event = SUBSCRIPTION_STARTED
    elif status == "in_trial":
        terms.start_terms(subscription, end)
        event = SUBSCRIPTION_ACTIVATED
    else:
        terms.next_term(subscription)
        if subscription["remaining_billing_cycles"] is not None:
            subscription["remaining_billing_cycles"] -= 1
        event = SUBSCRIPTION_RENEWED
    subscription["status"] = "active"
    _moved(books, subscription, event)
    invoice = bill_term(books, subscription["id"], pending=pending)
    return books.get(SUBSCRIPTION, subscription["id"]), invoice


def due_transitions(books: Books, until: datetime) -> Iterator[tuple[datetime, str]]:
    """(when, subscription id) of every transition due by ``until``, oldest first. The caller
    makes each happen before asking for the next; the schedule is exact afterwards."""
    queue = [(at, subscription["id"]) for subscription in books.list(SUBSCRIPTION)
             if (at := terms.next_transition(subscription)) is not None and at <= until]
    heapq.heapify(queue)
    while queue:
        at, subscription_id = heapq.heappop(queue)
        yield at, subscription_id
        later = terms.next_transition(books.get(SUBSCRIPTION, subscription_id))
        if later is not None and at < later <= until:
            heapq.heappush(queue, (later, subscription_id))
    terms.reschedule(books)


def _moved(books: Books, subscription: dict, event: str) -> dict:
    terms.schedule(books, subscription)
    books.emit(event, SUBSCRIPTION, subscription)
    return books.save(SUBSCRIPTION, subscription)


def _discounts(books: Books, subscription: dict, sub_total: int,
               start: datetime) -> list[dict]:
    """The discount lines of its coupons that still apply to a term starting at ``start``."""
    lines = []
    for entry in subscription["coupons"]:
        first = entry["applied_from"]
        if first is None:
            try:
                coupon, line = discount_for(books, entry["coupon_id"], sub_total=sub_total,
                                            currency=subscription["currency"], one_off=False,
                                            field="coupon")
            except LedgerError:  # archived or expired before its first use: no discount
                continue
            entry["applied_from"] = iso_datetime(start)
            redeem(books, coupon)
            lines.append(line)
            continue
        coupon = books.find(COUPON, entry["coupon_id"])
        if coupon is None or coupon["duration_type"] == "one_time" or (
                coupon["duration_type"] == "limited_period"
                and start >= add_period(parse_datetime(first), coupon["duration_months"],
                                        "month")):
            continue
        lines.append(discount_line(coupon, sub_total))
    return lines
