"""GET /_sandbox/events over HTTP: what each vendor call caused, named and shaped as the vendor
sends it; filters; nothing from refused or faulted calls; resets forget them."""

from __future__ import annotations

from support.demo_calls import CHARGEBEE, DAYZERO, ZENSKAR, charge

ZENSKAR_INVOICE = "7a1c0d2e-0000-4000-8000-000000000301"
DAYZERO_INVOICE = "3f1d2c4b-0000-4000-8000-000000000301"
DAYZERO_TX = "3f1d2c4b-0000-4000-8000-000000000401"


def events(client, **filters) -> list[dict]:
    answer = client.get("/_sandbox/events", params=filters)
    assert answer.status_code == 200, answer.text
    return answer.json()["events"]


def credit_note(client, amount: float = 25.5):
    return client.post(f"/zenskar/invoices/{ZENSKAR_INVOICE}/credit_note", headers=ZENSKAR,
                       json={"credit_note_amount": amount, "reason": "Outage"})


def dayzero_payment(client, amount: int = 20000):
    return client.post(f"/dayzero/api/v1/invoices/{DAYZERO_INVOICE}/payments", headers=DAYZERO,
                       json={"transaction_id": DAYZERO_TX, "amount": amount})


def test_a_chargebee_charge_is_invoice_generated_and_payment_succeeded(sandbox):
    invoice = charge(sandbox).json()["invoice"]
    generated, succeeded = events(sandbox)
    assert (generated["vendor"], generated["tenant"]) == ("chargebee", "demo")
    assert [generated["type"], succeeded["type"]] == ["invoice_generated", "payment_succeeded"]
    body = generated["payload"]
    assert body["event_type"] == "invoice_generated" and body["id"] == generated["id"]
    assert (body["object"], body["api_version"], body["source"]) == ("event", "v2", "api")
    retrieved = sandbox.get(f"/chargebee/api/v2/invoices/{invoice['id']}", auth=CHARGEBEE)
    assert body["content"]["invoice"] == retrieved.json()["invoice"] == invoice
    assert succeeded["payload"]["content"]["transaction"]["id"] == \
        invoice["linked_payments"][0]["txn_id"]


def test_a_zenskar_credit_note_is_credit_note_created(sandbox):
    note = credit_note(sandbox).json()
    created, updated = events(sandbox, vendor="zenskar")
    assert (created["type"], updated["type"]) == ("credit_note.created", "invoice.updated")
    assert created["payload"]["data"] == note
    assert updated["payload"]["data"]["id"] == ZENSKAR_INVOICE


def test_a_dayzero_payment_is_payment_created_and_the_invoice_updated(sandbox):
    payment = dayzero_payment(sandbox).json()
    created, updated = events(sandbox, vendor="dayzero")
    assert (created["type"], updated["type"]) == ("payment.created", "invoice.updated")
    assert created["payload"]["data"] == payment
    assert updated["payload"]["data"]["status"] == "partially_paid"
    dayzero_payment(sandbox, 10000)
    assert events(sandbox, vendor="dayzero", limit=1)[0]["type"] == "invoice.updated"


def test_refused_and_faulted_calls_cause_no_events(sandbox):
    assert credit_note(sandbox, 600).status_code == 400
    assert dayzero_payment(sandbox, 30001).status_code == 400
    refused = sandbox.post("/chargebee/api/v2/invoices/charge", auth=CHARGEBEE,
                           data={"customer_id": "demo_customer", "amount": 10})
    assert refused.status_code == 400
    sandbox.post("/_sandbox/faults", json={"vendor": "chargebee", "status": 503})
    assert charge(sandbox).status_code == 503
    assert events(sandbox) == []


def test_filters_by_vendor_tenant_type_time_and_count(sandbox):
    sandbox.put("/_sandbox/clock", json={"freeze": "2026-03-01T00:00:00Z"})
    charge(sandbox)
    sandbox.put("/_sandbox/clock", json={"freeze": "2026-03-02T00:00:00Z"})
    credit_note(sandbox)
    charge(sandbox)
    assert len(events(sandbox)) == 6
    assert [e["type"] for e in events(sandbox, vendor="chargebee", tenant="demo")] == [
        "invoice_generated", "payment_succeeded"] * 2
    assert events(sandbox, vendor="chargebee", tenant="other") == []
    assert [e["vendor"] for e in events(sandbox, type="credit_note.created")] == ["zenskar"]
    later = events(sandbox, since="2026-03-02T00:00:00Z")
    assert [e["type"] for e in later] == ["credit_note.created", "invoice.updated",
                                          "invoice_generated", "payment_succeeded"]
    assert [e["occurred_at"] for e in later] == ["2026-03-02T00:00:00Z"] * 4
    assert [e["type"] for e in events(sandbox, limit=1)] == ["payment_succeeded"]
    listed = sandbox.get("/_sandbox/events").json()
    assert (listed["count"], listed["capacity"], listed["dropped"]) == (6, 1000, 0)


def test_a_reset_forgets_the_events_of_its_scope(sandbox):
    charge(sandbox)
    credit_note(sandbox)
    assert sandbox.post("/_sandbox/reset", json={"vendor": "chargebee"}).status_code == 200
    assert {e["vendor"] for e in events(sandbox)} == {"zenskar"}
    assert sandbox.post("/_sandbox/reset").status_code == 200
    assert events(sandbox) == []


def test_a_bad_filter_is_refused(sandbox):
    for params in ({"since": "yesterday"}, {"limit": 0}, {"vendor": "chargbee"}):
        answer = sandbox.get("/_sandbox/events", params=params)
        assert answer.status_code == 400
        assert answer.json()["errors"][0]["field"] == next(iter(params))
