"""GET /events and /events/{id}: the events the site's calls recorded, as its webhooks send
them, most recent first, filtered and paged as Chargebee's SDKs ask; each site sees only its
own."""

from __future__ import annotations

import json


def event_types(answer) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [entry["event"]["event_type"] for entry in answer.json()["list"]]


def test_the_events_of_the_sites_calls_are_listed_most_recent_first(demo, other, sandbox):
    sandbox.control.events.forget()
    assert demo.post("/customers", data={"id": "ada", "first_name": "Ada"}).status_code == 200
    assert demo.charge(customer_id="demo_customer", amount=1500,
                       description="Setup").status_code == 200
    assert event_types(demo.get("/events")) == [
        "payment_succeeded", "invoice_generated", "customer_created"]
    assert event_types(other.get("/events")) == []  # another site's events are not its own

    first = demo.get("/events", params={"limit": 2}).json()
    rest = demo.get("/events", params={"limit": 2, "offset": first["next_offset"]}).json()
    assert [e["event"]["event_type"] for e in rest["list"]] == ["customer_created"]
    assert "next_offset" not in rest

    created = demo.get("/events", params={"event_type[is]": "customer_created"}).json()
    [entry] = created["list"]
    assert entry["event"]["content"]["customer"]["id"] == "ada"
    assert demo.get(f"/events/{entry['event']['id']}").json() == entry
    either = demo.get("/events", params={
        "event_type[in]": json.dumps(["customer_created", "payment_succeeded"])})
    assert event_types(either) == ["payment_succeeded", "customer_created"]
    assert event_types(demo.get("/events", params={"event_type": "invoice_generated"})) == [
        "invoice_generated"]
    occurred = entry["event"]["occurred_at"]
    assert event_types(demo.get("/events", params={"occurred_at[after]": occurred + 3600})) == []


def test_an_unknown_event_or_offset_is_refused_in_chargebees_shape(demo):
    missing = demo.get("/events/ev_nobody")
    assert missing.status_code == 404
    assert missing.json()["api_error_code"] == "resource_not_found"
    wrong = demo.get("/events", params={"offset": "ev_nobody"})
    assert wrong.status_code == 400 and wrong.json()["param"] == "offset"


def test_a_time_filter_that_is_not_unix_seconds_is_refused_naming_it(demo):
    for name, value in (("occurred_at[between]", "0000"), ("occurred_at[between]", "[1,x]"),
                        ("occurred_at[after]", "yesterday"), ("start_time", "soon")):
        refused = demo.get("/events", params={name: value})
        assert refused.status_code == 400, (name, value, refused.text)
        assert refused.json()["param"] == name
    within = demo.get("/events", params={"occurred_at[between]": "[0,4102444800]"})
    assert within.status_code == 200
