"""Renewals on the sandbox clock: each term past is billed at its own instant, collected or left
due, announced as Chargebee announces it (each payload reads as the API shows the resource,
and is within the published document); a cancelled subscription stops; the clock running in
real time catches up at the next call."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

FROZEN = "2026-01-31T10:00:00Z"
INSUFFICIENT = {"number": "4005519200000004", "expiry_month": "12", "expiry_year": "2035"}


@pytest.fixture
def monthly(demo, sandbox):
    """A frozen clock and a monthly subscription of demo_customer started at it."""
    clock(demo, freeze=FROZEN)
    demo.post("/plans", data={"id": "pro", "name": "Pro", "price": "4900"})
    made = demo.post("/customers/demo_customer/subscriptions", data={"id": "sub_pro",
                                                                     "plan_id": "pro"})
    assert made.status_code == 200, made.text
    sandbox.control.events.forget()
    return made.json()["subscription"]


def clock(site, **change) -> None:
    assert site.client.request("PUT", "/_sandbox/clock", json=change).status_code == 200


def renewals(site, subscription="sub_pro") -> list[dict]:
    listed = site.get(f"/subscriptions/{subscription}/invoices", params={"limit": 100})
    return sorted((entry["invoice"] for entry in listed.json()["list"]),
                  key=lambda invoice: invoice["date"])[1:]


def events(sandbox) -> list[dict]:
    return [logged.event.payload for logged in sandbox.control.events.entries()]


def unix(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


def test_three_months_make_three_renewals_each_dated_at_its_term(demo, sandbox, monthly):
    clock(demo, advance="P3M")
    renewed = renewals(demo)
    assert [invoice["date"] for invoice in renewed] == [
        unix("2026-02-28T10:00:00"), unix("2026-03-31T10:00:00"), unix("2026-04-30T10:00:00")]
    assert all((i["status"], i["total"], i["recurring"]) == ("paid", 4900, True)
               for i in renewed)
    subscription = demo.get("/subscriptions/sub_pro").json()["subscription"]
    assert (subscription["current_term_start"], subscription["current_term_end"]) == (
        unix("2026-04-30T10:00:00"), unix("2026-05-31T10:00:00"))
    sent = events(sandbox)
    assert [body["event_type"] for body in sent] == [
        "subscription_renewed", "invoice_generated", "payment_succeeded"] * 3
    assert {body["source"] for body in sent} == {"scheduled_job"}
    assert [body["occurred_at"] for body in sent[::3]] == [i["date"] for i in renewed]
    assert [body["content"]["invoice"]["id"] for body in sent[::3]] == [
        i["id"] for i in renewed]


def test_each_payload_reads_as_the_api_shows_it_and_as_the_document_says(
        demo, sandbox, monthly):
    clock(demo, advance="P1M")
    renewed, generated, succeeded = events(sandbox)
    content = renewed["content"]
    assert content["subscription"] == demo.get("/subscriptions/sub_pro").json()["subscription"]
    assert content["customer"] == demo.get("/customers/demo_customer").json()["customer"]
    assert content["card"] == demo.get("/cards/demo_customer").json()["card"]
    invoice_id = generated["content"]["invoice"]["id"]
    assert content["invoice"] == generated["content"]["invoice"] == demo.get(
        f"/invoices/{invoice_id}").json()["invoice"]
    transaction = succeeded["content"]["transaction"]
    assert transaction == demo.get(f"/transactions/{transaction['id']}").json()["transaction"]
    model = sandbox.apis["chargebee"].schemas
    for body in (renewed, generated, succeeded):
        assert not _errors(model, "Event", {**body, "content": {}}), body["event_type"]
        for name, resource in body["content"].items():
            assert not _errors(model, name.capitalize(), resource), (body["event_type"], name)


def test_a_cancelled_subscription_stops_renewing(demo, sandbox, monthly):
    demo.post("/subscriptions/sub_pro/cancel", data={"end_of_term": "true"})
    clock(demo, advance="P3M")
    assert renewals(demo) == []
    assert [body["event_type"] for body in events(sandbox)
            if body["content"].get("subscription", {}).get("id") == "sub_pro"] == [
        "subscription_cancellation_scheduled", "subscription_cancelled"]
    cancelled = demo.get("/subscriptions/sub_pro").json()["subscription"]
    assert (cancelled["status"], cancelled["cancelled_at"]) == (
        "cancelled", unix("2026-02-28T10:00:00"))


def test_a_declining_card_leaves_the_renewal_due_in_dunning(demo, sandbox, monthly):
    demo.post("/customers/demo_customer/credit_card", data=INSUFFICIENT)
    sandbox.control.events.forget()
    clock(demo, advance="P31D")
    [renewal] = renewals(demo)
    assert (renewal["status"], renewal["amount_due"], renewal["dunning_status"]) == (
        "payment_due", 4900, "in_progress")
    sent = events(sandbox)
    assert [body["event_type"] for body in sent] == [
        "subscription_renewed", "invoice_generated", "payment_failed"]
    assert sent[2]["content"]["transaction"]["error_text"] == "Insufficient funds"
    subscription = demo.get("/subscriptions/sub_pro").json()["subscription"]
    assert (subscription["status"], subscription["due_invoices_count"],
            subscription["total_dues"]) == ("active", 1, 4900)


def test_an_offline_customer_is_invoiced_payment_due(demo, sandbox):
    clock(demo, freeze=FROZEN)
    demo.post("/plans", data={"id": "pro", "name": "Pro", "price": "4900"})
    demo.post("/customers/demo_customer_offline/subscriptions", data={"id": "sub_off",
                                                                      "plan_id": "pro"})
    clock(demo, advance="P1M")
    [renewal] = renewals(demo, "sub_off")
    assert renewal["status"] == "payment_due" and "dunning_status" not in renewal


def test_a_running_clock_catches_up_at_the_next_call(demo, sandbox, monthly):
    sandbox.clock.advance(datetime(2026, 3, 1, tzinfo=UTC) - sandbox.clock.now())  # no listener
    assert events(sandbox) == []
    assert len(renewals(demo)) == 1  # this call found the renewal due and made it first


def _errors(model, name: str, value: dict) -> list[str]:
    validator = model.resolution.root.evolve(schema={"$ref": f"#/components/schemas/{name}"})
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(value)]
