"""Subscriptions on the clock: each term billed as it starts, trials and future starts, billing
cycles, cancellation at the end of the term or at once, reactivation, coupons over terms, and
the schedule that says in one read whether anything is due."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from billing_sandbox.core import (
    InvalidInput,
    InvalidState,
    advance_subscription,
    bill_term,
    cancel_subscription,
    change_term_end,
    child_records,
    create_coupon,
    create_subscription,
    due_transitions,
    reactivate_subscription,
    remove_scheduled_cancellation,
    terms,
)
from billing_sandbox.core.dates import add_period

PLAN = [{"price_id": "basic", "kind": "plan", "description": "Basic", "unit_amount": 1000,
         "quantity": 2},
        {"price_id": "seats", "kind": "addon", "description": "Seats", "unit_amount": 300,
         "quantity": 1}]


def run_due(books, until: datetime) -> list[tuple[str, str, str | None]]:
    """Make everything due by ``until`` happen, each at its time; (when, event, invoice)."""
    happened = []
    for at, subscription_id in due_transitions(books, until):
        step = books.at(at)
        subscription, invoice = advance_subscription(step, subscription_id)
        names = [e.name for e in step.events if e.kind == "subscription"]
        happened.append((at.date().isoformat(), names[-1],
                         None if invoice is None else invoice["total"]))
    return happened


@pytest.fixture
def subscription(books, customer):
    created = create_subscription(books, id="sub_1", customer_id=customer["id"],
                                  plan_id="basic", items=PLAN)
    bill_term(books, "sub_1")
    return created


def test_a_subscription_bills_its_first_term_and_each_renewal_at_its_start(books,
                                                                             subscription):
    assert subscription["price"] == 2300 and subscription["status"] == "active"
    start, end = terms.term_of(subscription)
    assert (start.isoformat(), end.isoformat()) == ("2026-01-10T12:00:00+00:00",
                                                    "2026-02-10T12:00:00+00:00")
    assert run_due(books, datetime(2026, 4, 15, tzinfo=UTC)) == [
        ("2026-02-10", "subscription.renewed", 2300),
        ("2026-03-10", "subscription.renewed", 2300),
        ("2026-04-10", "subscription.renewed", 2300)]
    invoices = child_records(books, "subscription", books.get("subscription", "sub_1"),
                             "invoice")
    assert [(i["date"], i["period_start"], i["period_end"]) for i in invoices] == [
        ("2026-01-10", "2026-01-10", "2026-02-10"), ("2026-02-10", "2026-02-10", "2026-03-10"),
        ("2026-03-10", "2026-03-10", "2026-04-10"), ("2026-04-10", "2026-04-10", "2026-05-10")]
    assert all(i["recurring"] and i["status"] == "open" for i in invoices)
    assert [line["amount"] for line in invoices[-1]["line_items"]] == [2000, 300]
    assert run_due(books, datetime(2026, 4, 15, tzinfo=UTC)) == []  # nothing twice


def test_terms_count_from_their_anchor_so_month_ends_do_not_drift():
    start = datetime(2026, 1, 31, 9, 30, tzinfo=UTC)
    ends = [add_period(start, n, "month").date().isoformat() for n in range(1, 5)]
    assert ends == ["2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"]
    assert add_period(start, 1, "year").date().isoformat() == "2027-01-31"
    assert add_period(start, 2, "week").date().isoformat() == "2026-02-14"


def test_cancelling_at_term_end_stops_renewals_then_and_reactivation_starts_again(
        books, subscription, clock):
    cancelled = cancel_subscription(books, "sub_1", at_term_end=True)
    assert cancelled["status"] == "non_renewing"
    assert run_due(books, datetime(2026, 5, 1, tzinfo=UTC)) == [
        ("2026-02-10", "subscription.cancelled", None)]
    ended = books.get("subscription", "sub_1")
    assert (ended["status"], ended["cancelled_at"]) == ("cancelled", "2026-02-10T12:00:00Z")
    with pytest.raises(InvalidState):
        cancel_subscription(books, "sub_1")
    clock.advance(days=60)
    again = reactivate_subscription(books, "sub_1")
    assert again["status"] == "active" and again["term_start"] == "2026-03-11T12:00:00Z"
    assert bill_term(books, "sub_1")["total"] == 2300
    with pytest.raises(InvalidState):
        reactivate_subscription(books, "sub_1")


def test_a_scheduled_cancellation_can_be_removed(books, subscription):
    cancel_subscription(books, "sub_1", at_term_end=True)
    assert remove_scheduled_cancellation(books, "sub_1")["status"] == "active"
    assert [event for _, event, _ in run_due(books, datetime(2026, 2, 11, tzinfo=UTC))] == [
        "subscription.renewed"]
    with pytest.raises(InvalidState):
        remove_scheduled_cancellation(books, "sub_1")


def test_an_immediate_cancellation_ends_the_term_now(books, subscription, clock):
    clock.advance(days=5)
    cancelled = cancel_subscription(books, "sub_1")
    assert cancelled["cancelled_at"] == "2026-01-15T12:00:00Z"
    assert cancelled["term_end"] == "2026-01-15T12:00:00Z"
    assert run_due(books, datetime(2027, 1, 1, tzinfo=UTC)) == []


def test_trials_and_future_starts_bill_when_they_begin(books, customer):
    create_subscription(books, id="trial", customer_id=customer["id"], items=PLAN[:1],
                        trial_end=datetime(2026, 1, 24, tzinfo=UTC))
    create_subscription(books, id="later", customer_id=customer["id"], items=PLAN[1:],
                        starts_at=datetime(2026, 2, 1, tzinfo=UTC))
    assert books.get("subscription", "trial")["status"] == "in_trial"
    assert books.get("subscription", "later")["status"] == "future"
    assert run_due(books, datetime(2026, 2, 2, tzinfo=UTC)) == [
        ("2026-01-24", "subscription.activated", 2000),
        ("2026-02-01", "subscription.started", 300)]
    assert books.get("subscription", "trial")["term_end"] == "2026-02-24T00:00:00Z"


def test_billing_cycles_cancel_the_subscription_once_billed(books, customer):
    create_subscription(books, id="three", customer_id=customer["id"], items=PLAN[:1],
                        billing_cycles=3)
    bill_term(books, "three")
    assert [event for _, event, _ in run_due(books, datetime(2026, 12, 1, tzinfo=UTC))] == [
        "subscription.renewed", "subscription.renewed", "subscription.cancelled"]
    three = books.get("subscription", "three")
    assert three["invoice_count"] == 3 and three["cancelled_at"] == "2026-04-10T12:00:00Z"


def test_coupons_apply_for_their_duration(books, customer):
    create_coupon(books, id="once", discount_type="fixed_amount", discount_amount=100,
                  duration_type="one_time")
    create_coupon(books, id="always", discount_type="percentage", discount_percentage=10,
                  duration_type="forever", max_redemptions=1)
    create_subscription(books, id="sub_c", customer_id=customer["id"], items=PLAN[:1],
                        coupon_ids=["once", "always"])
    first = bill_term(books, "sub_c")
    run_due(books, datetime(2026, 3, 11, tzinfo=UTC))
    invoices = child_records(books, "subscription", books.get("subscription", "sub_c"),
                             "invoice")
    assert first["discount"] == 300
    # the forever coupon keeps applying although its one redemption is used
    assert [invoice["total"] for invoice in invoices] == [1700, 1800, 1800]


def test_a_pending_term_is_a_draft_invoice(books, subscription):
    run = list(due_transitions(books, datetime(2026, 2, 11, tzinfo=UTC)))
    (at, subscription_id), = run[:1]
    _, invoice = advance_subscription(books.at(at), subscription_id, pending=True)
    assert invoice["status"] == "draft"


def test_the_term_end_can_be_moved_and_later_terms_count_from_it(books, subscription):
    with pytest.raises(InvalidInput):
        change_term_end(books, "sub_1", datetime(2026, 1, 1, tzinfo=UTC))
    change_term_end(books, "sub_1", datetime(2026, 1, 20, tzinfo=UTC))
    assert [at for at, _, _ in run_due(books, datetime(2026, 3, 1, tzinfo=UTC))] == [
        "2026-01-20", "2026-02-20"]


def test_the_schedule_says_when_anything_is_next_due(books, customer, subscription):
    assert terms.due_at(books) == datetime(2026, 2, 10, 12, tzinfo=UTC)
    create_subscription(books, id="soon", customer_id=customer["id"], items=PLAN,
                        trial_end=datetime(2026, 1, 15, tzinfo=UTC))
    assert terms.due_at(books) == datetime(2026, 1, 15, tzinfo=UTC)
    run_due(books, datetime(2026, 1, 16, tzinfo=UTC))
    assert terms.due_at(books) == datetime(2026, 2, 10, 12, tzinfo=UTC)
    cancel_subscription(books, "sub_1")
    cancel_subscription(books, "soon")
    run_due(books, datetime(2026, 1, 16, tzinfo=UTC))
    assert terms.due_at(books) is None


def test_a_record_of_an_earlier_version_renews_from_its_first_term(books, customer, repo):
    repo.put("subscription", "old", {
        "id": "old", "customer_id": customer["id"], "plan_id": "legacy", "status": "active",
        "price": 5000, "currency": "USD", "start_date": None, "extra": {},
        "created_at": "2026-01-05T08:00:00Z", "updated_at": "2026-01-05T08:00:00Z"})
    assert run_due(books, datetime(2026, 3, 6, tzinfo=UTC)) == [
        ("2026-02-05", "subscription.renewed", 5000),
        ("2026-03-05", "subscription.renewed", 5000)]
    assert books.get("subscription", "old")["term_end"] == "2026-04-05T08:00:00Z"
