"""What falls due on the sandbox clock for a site: its subscriptions' terms.

When the clock passes a subscription's ``current_term_end`` it renews: a renewal invoice
for its plan (price x quantity) and recurring addons, dated at the renewal, collected from
the card on file under auto collection (a declining card: the failed transaction recorded,
the invoice ``payment_due`` and in dunning), else left ``payment_due``; the term moves on.
Trials end and future subscriptions start the same way; a non_renewing subscription is
cancelled instead, and one out of billing cycles too. Each transition happens at its own
instant, oldest first across the site's subscriptions (three months advanced: three
renewals, each invoice dated at its renewal), and sends its events then
(``subscription_renewed``, ``invoice_generated``, ``payment_succeeded`` or
``payment_failed``; ``source: scheduled_job``). A customer with ``auto_close_invoices:
false`` gets its renewal invoices pending, to be closed with ``close``.

It runs when the clock is moved (``PUT /_sandbox/clock``) and before each call of the site,
which costs one read while nothing is due. One pass makes at most ``MAX_TRANSITIONS``
(about a second's work): a clock moved centuries ahead catches up that many at each call.
"""

from __future__ import annotations

from billing_sandbox.core import (
    CUSTOMER,
    SUBSCRIPTION,
    advance_subscription,
    due_transitions,
    terms,
)
from billing_sandbox.engine.observe.events import VendorEvent
from billing_sandbox.vendors.adapter import Services

from .collection import annotate_term, auto_closing, collect
from .events import chargebee_events
from .site import VENDOR, site_books

MAX_TRANSITIONS = 1000


def bring_up_to_time(services: Services, tenant: str) -> None:
    """Make what fell due for the site by now happen."""
    namespace = services.namespace(VENDOR, tenant)
    now = services.clock.now()
    events: list[VendorEvent] = []
    with services.store.transaction(namespace) as repo:
        random_bytes = services.random_bytes(repo, namespace)
        books = site_books(repo, services.clock.now, random_bytes)
        due = terms.due_at(books)
        if due is None or due > now:
            return
        for done, (at, subscription_id) in enumerate(due_transitions(books, now)):
            if done == MAX_TRANSITIONS:
                break  # the schedule still says the rest is due: the next pass goes on
            step = books.at(at)
            subscription = step.get(SUBSCRIPTION, subscription_id)
            customer = step.get(CUSTOMER, subscription["customer_id"])
            pending = not auto_closing(customer, subscription)
            subscription, invoice = advance_subscription(step, subscription_id,
                                                         pending=pending)
            if invoice is not None:
                annotate_term(step, invoice, subscription)
                if not pending:
                    collect(step, invoice["id"])
            events += chargebee_events(step, random_bytes, source="scheduled_job")
    if events:
        services.publish(VENDOR, tenant, events)
