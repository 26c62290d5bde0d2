"""Renewals and dunning under a controlled clock, through the pytest plugin alone: freeze the
clock, subscribe, advance a month, and see what Chargebee would have done."""

from __future__ import annotations

import httpx
import pytest

SITE = {"chargebee": {"acme": {"api_key": "cb_test_acme", "plans": [
    {"id": "pro", "name": "Pro", "price": 4900, "period": 1, "period_unit": "month"}]}}}
VISA = {"card[number]": "4111111111111111", "card[expiry_month]": "12",
        "card[expiry_year]": "2035"}
INSUFFICIENT_FUNDS = {**VISA, "card[number]": "4005519200000004"}  # test gateway: charges fail


@pytest.fixture
def acme(billing_sandbox):
    billing_sandbox.seed(SITE)
    billing_sandbox.clock.freeze("2026-01-15T09:00:00Z")
    with httpx.Client(base_url=billing_sandbox.url("chargebee"), auth=("cb_test_acme", ""),
                      timeout=10) as client:
        yield client


def subscribe(client: httpx.Client, card: dict) -> dict:
    assert client.post("/customers", data={"id": "ada", **card}).status_code == 200
    answer = client.post("/customers/ada/subscriptions", data={"plan_id": "pro"})
    assert answer.status_code == 200, answer.text
    return answer.json()


def invoices(client: httpx.Client) -> list[dict]:
    listed = client.get("/customers/ada/invoices", params={"limit": 100}).json()["list"]
    return sorted((entry["invoice"] for entry in listed), key=lambda invoice: invoice["date"])


def test_a_month_later_the_subscription_renews_and_the_card_is_charged(billing_sandbox, acme):
    first = subscribe(acme, VISA)
    assert first["invoice"]["status"] == "paid"
    billing_sandbox.clock.advance("P1M")
    first_term, renewal = invoices(acme)
    assert (renewal["status"], renewal["total"], renewal["amount_paid"]) == ("paid", 4900, 4900)
    assert renewal["date"] == first["subscription"]["current_term_end"]
    subscription = acme.get(f"/subscriptions/{first['subscription']['id']}").json()
    assert subscription["subscription"]["current_term_start"] == renewal["date"]
    renewed = billing_sandbox.events(vendor="chargebee", type="subscription_renewed")
    assert [e["payload"]["content"]["invoice"]["id"] for e in renewed] == [renewal["id"]]


def test_with_a_declining_card_the_renewal_is_payment_due_and_payment_failed_is_sent(
        billing_sandbox, acme):
    subscribe(acme, VISA)
    card = {key.removeprefix("card[").rstrip("]"): value
            for key, value in INSUFFICIENT_FUNDS.items()}
    assert acme.post("/customers/ada/credit_card", data=card).status_code == 200
    billing_sandbox.clock.advance("P31D")
    renewal = invoices(acme)[-1]
    assert (renewal["status"], renewal["amount_due"], renewal["dunning_status"]) == (
        "payment_due", 4900, "in_progress")
    [failed] = billing_sandbox.events(vendor="chargebee", type="payment_failed")
    transaction = failed["payload"]["content"]["transaction"]
    assert (transaction["status"], transaction["error_text"]) == ("failure",
                                                                   "Insufficient funds")


def test_three_months_make_three_renewals_and_a_cancelled_subscription_stops(
        billing_sandbox, acme):
    subscription = subscribe(acme, VISA)["subscription"]
    billing_sandbox.clock.advance("P3M")
    assert len(invoices(acme)) == 4
    acme.post(f"/subscriptions/{subscription['id']}/cancel", data={})
    billing_sandbox.clock.advance("P3M")
    assert len(invoices(acme)) == 4
