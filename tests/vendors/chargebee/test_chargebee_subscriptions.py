"""Subscriptions on the ledger: created from a plan (and addons, trials, later starts, billing
cycles, coupons), their first term billed and collected, refused as a whole when the card
declines; cancelled at once or at the end of the term, reactivated, their plan changed."""

from __future__ import annotations

import pytest

VISA = {"number": "4111111111111111", "expiry_month": "12", "expiry_year": "2035"}
DAY = 86400


@pytest.fixture
def catalog(demo):
    for plan in ({"id": "pro", "name": "Pro", "price": "4900"},
                 {"id": "trial", "name": "Trial", "price": "1000", "trial_period": "14",
                  "trial_period_unit": "day"},
                 {"id": "yearly", "name": "Yearly", "price": "50000", "period_unit": "year"}):
        assert demo.post("/plans", data=plan).status_code == 200
    demo.post("/addons", data={"id": "seat", "name": "Seat", "price": "300",
                               "charge_type": "recurring", "type": "quantity"})
    demo.post("/addons", data={"id": "setup", "name": "Setup", "price": "2000",
                               "charge_type": "non_recurring", "type": "on_off"})
    return demo


def subscribe(site, customer="demo_customer", **fields):
    answer = site.post(f"/customers/{customer}/subscriptions", data=fields)
    assert answer.status_code == 200, answer.text
    return answer.json()


def error(answer) -> tuple[int, str, str | None]:
    body = answer.json()
    return answer.status_code, body["api_error_code"], body.get("param")


def test_a_subscription_bills_its_plan_and_addons_at_once(catalog):
    made = subscribe(catalog, plan_id="pro", plan_quantity="2", **{
        "addons[id][0]": "seat", "addons[quantity][0]": "3", "addons[id][1]": "setup"})
    subscription, invoice = made["subscription"], made["invoice"]
    assert (subscription["status"], subscription["plan_amount"], subscription["mrr"]) == (
        "active", 9800, 10700)
    assert subscription["addons"] == [{"id": "seat", "quantity": 3, "unit_price": 300,
                                       "amount": 900, "object": "addon"}]
    assert subscription["current_term_end"] - subscription["current_term_start"] in (
        28 * DAY, 29 * DAY, 30 * DAY, 31 * DAY)
    assert [(line["entity_type"], line["entity_id"], line["amount"])
            for line in invoice["line_items"]] == [
        ("plan", "pro", 9800), ("addon", "seat", 900), ("addon", "setup", 2000)]
    assert (invoice["status"], invoice["total"], invoice["recurring"]) == ("paid", 12700, True)
    assert invoice["line_items"][0]["date_from"] == subscription["current_term_start"]
    assert invoice["line_items"][0]["date_to"] == subscription["current_term_end"]
    assert made["customer"]["id"] == "demo_customer" and made["card"]["last4"] == "1111"


def test_a_trial_a_later_start_and_a_yearly_plan(catalog):
    trial = subscribe(catalog, plan_id="trial")
    assert trial["subscription"]["status"] == "in_trial" and "invoice" not in trial
    assert trial["subscription"]["trial_end"] - trial["subscription"]["trial_start"] == 14 * DAY
    skipped = subscribe(catalog, plan_id="trial", trial_end="0")
    assert skipped["subscription"]["status"] == "active"
    later = catalog.post("/customers/demo_customer/subscriptions", data={
        "plan_id": "pro", "start_date": str(trial["subscription"]["trial_end"])}).json()
    assert later["subscription"]["status"] == "future" and "invoice" not in later
    yearly = subscribe(catalog, plan_id="yearly")["subscription"]
    assert yearly["billing_period_unit"] == "year"
    assert yearly["current_term_end"] - yearly["current_term_start"] in (365 * DAY, 366 * DAY)


def test_a_declining_card_or_no_card_refuses_the_subscription_and_creates_nothing(catalog):
    declined = catalog.post("/customers/demo_customer_declined/subscriptions",
                            data={"plan_id": "pro"})
    assert declined.status_code == 400
    assert (declined.json()["type"], declined.json()["api_error_code"]) == (
        "payment", "payment_processing_failed")
    catalog.post("/customers", data={"id": "nocard"})
    no_card = catalog.post("/customers/nocard/subscriptions", data={"plan_id": "pro"})
    assert no_card.json()["api_error_code"] == "payment_method_not_present"
    for customer in ("demo_customer_declined", "nocard"):
        assert catalog.get(f"/customers/{customer}/subscriptions").json()["list"] == []
        assert catalog.get(f"/customers/{customer}/invoices").json()["list"] == []
    offline = subscribe(catalog, customer="demo_customer_offline", plan_id="pro")
    assert offline["invoice"]["status"] == "payment_due"  # auto collection off: invoiced


def test_refusals_name_the_param(catalog):
    assert error(catalog.post("/customers/demo_customer/subscriptions",
                              data={"plan_id": "nope"})) == (404, "resource_not_found", "plan_id")
    assert error(catalog.post("/customers/nobody/subscriptions", data={"plan_id": "pro"})) == (
        404, "resource_not_found", "customer-id")
    assert error(catalog.post("/customers/demo_customer/subscriptions", data={
        "plan_id": "pro", "addons[id][0]": "nope"})) == (404, "resource_not_found",
                                                         "addons[id][0]")
    assert error(catalog.post("/customers/demo_customer/subscriptions", data={
        "plan_id": "pro", "id": "demo_subscription"})) == (400, "duplicate_entry", "id")
    assert error(catalog.post("/customers/demo_customer/subscriptions", data={
        "plan_id": "pro", "coupon": "NOPE"})) == (404, "resource_not_found", "coupon")


def test_cancelling_at_term_end_then_keeping_it_cancelling_now_and_reactivating(catalog):
    subscription = subscribe(catalog, plan_id="pro")["subscription"]
    path = f"/subscriptions/{subscription['id']}"
    scheduled = catalog.post(f"{path}/cancel", data={"end_of_term": "true"}).json()
    assert scheduled["subscription"]["status"] == "non_renewing"
    assert scheduled["subscription"]["cancelled_at"] == subscription["current_term_end"]
    kept = catalog.post(f"{path}/remove_scheduled_cancellation").json()["subscription"]
    assert kept["status"] == "active" and "cancelled_at" not in kept
    cancelled = catalog.post(f"{path}/cancel").json()["subscription"]
    assert cancelled["status"] == "cancelled" and "current_term_end" not in cancelled
    assert error(catalog.post(f"{path}/cancel"))[:2] == (409, "invalid_state_for_request")
    back = catalog.post(f"{path}/reactivate").json()
    assert (back["subscription"]["status"], back["invoice"]["total"]) == ("active", 4900)
    assert error(catalog.post(f"{path}/reactivate"))[:2] == (409, "invalid_state_for_request")


def test_a_plan_change_bills_from_the_next_term(catalog):
    subscription = subscribe(catalog, plan_id="pro")["subscription"]
    changed = catalog.post(f"/subscriptions/{subscription['id']}",
                           data={"plan_id": "yearly", "plan_quantity": "2"}).json()
    assert (changed["subscription"]["plan_id"], changed["subscription"]["plan_amount"]) == (
        "yearly", 100000)
    assert changed["subscription"]["current_term_end"] == subscription["current_term_end"]
    unknown = catalog.post(f"/subscriptions/{subscription['id']}", data={"plan_id": "nope"})
    assert unknown.status_code == 404 and unknown.json()["param"] == "plan_id"


def test_a_subscription_is_created_with_a_new_customer(catalog):
    made = catalog.post("/subscriptions", data={
        "plan_id": "pro", "customer[id]": "new", "customer[email]": "new@example.com",
        **{f"card[{k}]": v for k, v in VISA.items()}})
    assert made.status_code == 200, made.text
    body = made.json()
    assert (body["customer"]["id"], body["customer"]["email"], body["card"]["last4"]) == (
        "new", "new@example.com", "1111")
    assert body["invoice"]["status"] == "paid"
    bad = catalog.post("/subscriptions", data={"plan_id": "pro", "customer[email]": "nope"})
    assert error(bad) == (400, "param_wrong_value", "customer[email]")


def test_the_term_end_moves_and_charges_wait_for_it(catalog):
    subscription = subscribe(catalog, plan_id="pro")["subscription"]
    path = f"/subscriptions/{subscription['id']}"
    moved = catalog.post(f"{path}/change_term_end",
                         data={"term_ends_at": str(subscription["current_term_start"] + DAY)})
    assert moved.json()["subscription"]["current_term_end"] == (
        subscription["current_term_start"] + DAY)
    past = catalog.post(f"{path}/change_term_end", data={"term_ends_at": "1000"})
    assert error(past) == (400, "param_wrong_value", "term_ends_at")
    estimate = catalog.post(f"{path}/add_charge_at_term_end",
                            data={"amount": "700", "description": "Install"}).json()["estimate"]
    assert estimate["amount"] == 4900 + 700
