"""Reset, fixtures and state through HTTP, as a test suite between its tests would use them."""

from __future__ import annotations

import pytest
from support.demo_calls import ZENSKAR, charge, chargebee_invoices

NEW_SITE = {"chargebee": {"acme": {"api_key": "cb_test_acme", "customers": [
    {"id": "acme_customer", "auto_collection": "off"}]}}}


def test_reset_puts_every_vendor_back_to_the_fixtures(sandbox):
    assert charge(sandbox).status_code == 200
    assert len(chargebee_invoices(sandbox)) == 1
    answer = sandbox.post("/_sandbox/reset", json={})
    assert answer.status_code == 200
    assert answer.json()["records"] > 0
    assert chargebee_invoices(sandbox) == []


def test_a_vendor_reset_leaves_the_other_vendors_alone(sandbox):
    charge(sandbox)
    zenskar_invoice = "/zenskar/invoices/7a1c0d2e-0000-4000-8000-000000000301"
    paid = sandbox.post(f"/zenskar/payments/invoice/{zenskar_invoice.rsplit('/', 1)[1]}/charge",
                        headers=ZENSKAR, json={})
    assert paid.status_code == 200
    assert sandbox.post("/_sandbox/reset", json={"vendor": "chargebee"}).json()["scope"] == {
        "vendor": "chargebee"}
    assert chargebee_invoices(sandbox) == []
    assert sandbox.get(zenskar_invoice, headers=ZENSKAR).json()["status"] == "paid"


def test_a_reset_of_an_unknown_vendor_or_tenant_is_404_naming_it(sandbox):
    answer = sandbox.post("/_sandbox/reset", json={"vendor": "stripe"})
    assert answer.status_code == 404
    assert answer.json()["errors"][0]["field"] == "vendor"
    answer = sandbox.post("/_sandbox/reset", json={"vendor": "chargebee", "tenant": "nope"})
    assert answer.status_code == 404
    assert "nope" in answer.json()["message"]


def test_loaded_fixtures_make_a_new_tenant_that_a_reset_removes_again(sandbox):
    answer = sandbox.post("/_sandbox/fixtures", json=NEW_SITE)
    assert answer.status_code == 200
    assert answer.json()["loaded"] == {"chargebee": {"acme": {"customer": 1}}}
    acme = ("cb_test_acme", "")
    made = sandbox.post("/chargebee/api/v2/invoices/charge", auth=acme,
                        data={"customer_id": "acme_customer", "amount": 500,
                              "description": "x"})
    assert made.status_code == 200
    assert made.json()["invoice"]["status"] == "payment_due"
    sandbox.post("/_sandbox/reset")
    gone = sandbox.get("/chargebee/api/v2/invoices", auth=acme)
    assert gone.status_code == 401


def test_fixtures_loaded_as_baseline_come_back_after_a_reset(sandbox):
    yaml_text = ("chargebee:\n  acme:\n    api_key: cb_test_acme\n    customers:\n"
                 "      - id: acme_customer\n")
    answer = sandbox.post("/_sandbox/fixtures", params={"baseline": "true"},
                          content=yaml_text, headers={"content-type": "application/yaml"})
    assert answer.status_code == 200, answer.text
    try:
        sandbox.post("/_sandbox/reset")
        found = sandbox.get("/chargebee/api/v2/customers/acme_customer",
                            auth=("cb_test_acme", ""))
        assert found.status_code == 200
    finally:
        sandbox.post("/_sandbox/fixtures", params={"baseline": "true"},
                     json={"chargebee": {"acme": {}}})


def test_a_bad_fixture_is_refused_whole_naming_the_record_and_field(sandbox):
    before = sandbox.get("/_sandbox/state", params={"vendor": "chargebee"}).json()["vendors"]
    bad = {"chargebee": {
        "demo": {"api_key": "cb_test_demo", "customers": [{"id": "fine"}]},
        "acme": {"api_key": "cb_test_acme",
                 "customers": [{"id": "c1", "auto_collection": "sometimes"}]}}}
    answer = sandbox.post("/_sandbox/fixtures", json=bad)
    assert answer.status_code == 400
    error = answer.json()
    assert error["errors"][0]["field"].startswith("chargebee.acme.customers[0]")
    assert "auto_collection" in error["message"]
    after = sandbox.get("/_sandbox/state", params={"vendor": "chargebee"}).json()["vendors"]
    assert after == before


def test_a_fixture_reusing_another_tenants_key_is_refused(sandbox):
    answer = sandbox.post("/_sandbox/fixtures", json={"chargebee": {"acme": {
        "api_key": "cb_test_demo"}}})
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "chargebee.acme.api_key"


def test_a_fixture_giving_two_new_tenants_one_key_is_refused_whole(sandbox):
    before = sandbox.get("/_sandbox/state").json()["vendors"]
    answer = sandbox.post("/_sandbox/fixtures", json={"chargebee": {
        "acme": {"api_key": "cb_shared"}, "globex": {"api_key": "cb_shared"}}})
    assert answer.status_code == 400
    error = answer.json()
    assert error["errors"][0]["field"] == "chargebee.globex.api_key"
    assert "tenant 'acme' has the same key" in error["message"]
    assert sandbox.get("/_sandbox/state").json()["vendors"] == before


def test_a_state_giving_two_tenants_one_key_is_refused_and_changes_nothing(sandbox):
    exported = sandbox.get("/_sandbox/state", params={"vendor": "chargebee"}).json()
    exported["vendors"]["chargebee"]["other"]["api_key"] = "cb_test_demo"
    answer = sandbox.put("/_sandbox/state", params={"vendor": "chargebee"}, json=exported)
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "vendors.chargebee.other.api_key"
    one = sandbox.get("/_sandbox/state", params={"vendor": "chargebee", "tenant": "other"})
    one = one.json()
    one["vendors"]["chargebee"]["other"]["api_key"] = "cb_test_demo"  # demo's, kept outside
    answer = sandbox.put("/_sandbox/state", params={"vendor": "chargebee", "tenant": "other"},
                         json=one)
    assert answer.status_code == 400
    assert "tenant 'demo' has the same key" in answer.json()["message"]
    assert sandbox.get("/chargebee/api/v2/invoices", auth=("cb_test_other", "")
                       ).status_code == 200


@pytest.mark.parametrize("key", ["", "  "])
def test_a_blank_api_key_is_refused_in_fixtures_and_state(sandbox, key):
    answer = sandbox.post("/_sandbox/fixtures", json={"chargebee": {"acme": {"api_key": key}}})
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "chargebee.acme.api_key"
    exported = sandbox.get("/_sandbox/state", params={"vendor": "chargebee"}).json()
    exported["vendors"]["chargebee"]["other"]["api_key"] = key
    answer = sandbox.put("/_sandbox/state", params={"vendor": "chargebee"}, json=exported)
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "vendors.chargebee.other.api_key"
    assert sandbox.get("/chargebee/api/v2/invoices", auth=("cb_test_other", "")
                       ).status_code == 200


def test_an_exported_state_restores_exactly(sandbox):
    charge(sandbox, amount=1234)
    exported = sandbox.get("/_sandbox/state", params={"vendor": "chargebee"}).json()
    assert exported["vendors"]["chargebee"]["demo"]["api_key"] == "cb_test_demo"
    charge(sandbox, amount=99)
    restored = sandbox.put("/_sandbox/state", params={"vendor": "chargebee"}, json=exported)
    assert restored.status_code == 200
    assert [i["total"] for i in chargebee_invoices(sandbox)] == [1234]
    again = sandbox.get("/_sandbox/state", params={"vendor": "chargebee"}).json()
    assert again["vendors"] == exported["vendors"]


def test_a_state_document_outside_its_scope_or_for_an_unknown_vendor_is_refused(sandbox):
    exported = sandbox.get("/_sandbox/state").json()
    answer = sandbox.put("/_sandbox/state", params={"vendor": "zenskar"}, json=exported)
    assert answer.status_code == 400
    assert "outside the scope" in answer.json()["message"]
    answer = sandbox.put("/_sandbox/state", json={"format": "billing-sandbox-state/1",
                                                  "vendors": {"stripe": {}}})
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "vendors.stripe"
    answer = sandbox.put("/_sandbox/state", json={"vendors": {}})
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "format"


def test_state_holds_no_file_paths_and_credentials_travel_with_it(sandbox):
    exported = sandbox.get("/_sandbox/state", params={"vendor": "zenskar",
                                                      "tenant": "demo"}).json()
    assert set(exported) == {"format", "exported_at", "vendors"}
    assert exported["vendors"]["zenskar"]["demo"]["api_key"] == "zk_test_demo"
    assert "invoice" in exported["vendors"]["zenskar"]["demo"]["records"]


def test_a_state_larger_than_a_vendor_body_restores_exactly(sandbox):
    customers = [{"id": f"bulk_{n:05d}", "first_name": "Bulk", "last_name": f"Customer {n}",
                  "email": f"bulk{n}@example.com", "auto_collection": "off"}
                 for n in range(6000)]
    loaded = sandbox.post("/_sandbox/fixtures", json={"chargebee": {"bulk": {
        "api_key": "cb_test_bulk", "customers": customers}}})
    assert loaded.status_code == 200, loaded.text
    exported = sandbox.get("/_sandbox/state", params={"vendor": "chargebee"})
    assert len(exported.content) > 2 * 1024 * 1024  # twice what a vendor call may send
    sandbox.post("/_sandbox/reset", json={"vendor": "chargebee", "tenant": "bulk"})
    restored = sandbox.put("/_sandbox/state", params={"vendor": "chargebee"},
                           content=exported.content, headers={"content-type": "application/json"})
    assert restored.status_code == 200, restored.text[:300]
    again = sandbox.get("/_sandbox/state", params={"vendor": "chargebee"}).json()
    assert again["vendors"] == exported.json()["vendors"]
    found = sandbox.get("/chargebee/api/v2/customers/bulk_05999", auth=("cb_test_bulk", ""))
    assert found.status_code == 200


def test_a_vendor_call_keeps_its_body_limit(sandbox):
    answer = sandbox.post("/chargebee/api/v2/invoices/charge", auth=("cb_test_demo", ""),
                          content=b"description=" + b"x" * (2 * 1024 * 1024),
                          headers={"content-type": "application/x-www-form-urlencoded"})
    # Chargebee documents no 413: a body over the vendor limit is its 400 invalid_request
    assert answer.status_code == 400 and "limit" in answer.json()["message"]


ZENSKAR_INVOICE = "7a1c0d2e-0000-4000-8000-000000000301"
DAYZERO_INVOICE = "3f1d2c4b-0000-4000-8000-000000000301"


def busy_state(sandbox) -> dict:
    """The state after calls that write every kind of record the vendors keep."""
    from support.demo_calls import DAYZERO

    calls = [
        sandbox.post(f"/zenskar/payments/invoice/{ZENSKAR_INVOICE}/charge", headers=ZENSKAR,
                     json={}),
        sandbox.post(f"/zenskar/invoices/{ZENSKAR_INVOICE}/credit_note", headers=ZENSKAR,
                     json={"credit_note_amount": 25.5, "reason": "Outage",
                           "refund_destination": "original_payment_method"}),
        sandbox.post(f"/zenskar/invoices/{ZENSKAR_INVOICE}/credit_note", headers=ZENSKAR,
                     json={"credit_note_amount": 10, "reason": "Goodwill",
                           "refund_destination": "credits"}),
        sandbox.post(f"/dayzero/api/v1/invoices/{DAYZERO_INVOICE}/payments", headers=DAYZERO,
                     json={"transaction_id": "3f1d2c4b-0000-4000-8000-000000000401",
                           "amount": 20000}),
        charge(sandbox, headers={"chargebee-idempotency-key": "busy-1"}),
        sandbox.post("/chargebee/api/v2/invoices/charge", auth=("cb_test_demo", ""),
                     data={"customer_id": "demo_customer_offline", "amount": 900,
                           "description": "x", "coupon": "ONEOFF10", "po_number": "PO-1"}),
    ]
    assert all(call.status_code < 300 for call in calls), [c.text for c in calls]
    return sandbox.get("/_sandbox/state").json()


def test_a_state_holding_every_kind_of_record_restores_exactly(sandbox):
    exported = busy_state(sandbox)
    kinds = {kind for tenants in exported["vendors"].values() for tenant in tenants.values()
             for kind in tenant["records"]}
    assert {"invoice", "payment", "credit_note", "refund", "bank_transaction", "coupon",
            "subscription", "contract", "idempotency_key", "counter"} <= kinds
    sandbox.post("/_sandbox/reset")
    assert sandbox.put("/_sandbox/state", json=exported).status_code == 200
    assert sandbox.get("/_sandbox/state").json()["vendors"] == exported["vendors"]


@pytest.mark.parametrize("edit, field, reason", [
    (lambda invoice: invoice.update(total="1000"), "total", "is not of type 'integer'"),
    (lambda invoice: invoice.pop("customer_id"), "customer_id", "is missing"),
    (lambda invoice: invoice.update(status="posted"), "status", "is not one of"),
    (lambda invoice: invoice["line_items"][0].update(amount=None), "line_items.0.amount",
     "is not of type 'integer'"),
    (lambda invoice: invoice.update(id="2"), "id", "must be the id the record is filed under"),
])
def test_a_state_with_a_record_the_vendor_could_not_serve_is_400_and_changes_nothing(
        sandbox, edit, field, reason):
    assert charge(sandbox).status_code == 200
    exported = sandbox.get("/_sandbox/state", params={"vendor": "chargebee"}).json()
    edit(exported["vendors"]["chargebee"]["demo"]["records"]["invoice"]["1"])
    assert charge(sandbox, amount=77).status_code == 200  # a change the refusal must keep
    answer = sandbox.put("/_sandbox/state", params={"vendor": "chargebee"}, json=exported)
    assert answer.status_code == 400
    error = answer.json()
    assert error["errors"][0]["field"] == f"vendors.chargebee.demo.records.invoice.1.{field}"
    assert reason in error["message"]
    assert sorted(i["total"] for i in chargebee_invoices(sandbox)) == [77, 1000]


def test_a_state_with_a_kind_the_sandbox_does_not_store_is_400(sandbox):
    answer = sandbox.put("/_sandbox/state", params={"vendor": "chargebee", "tenant": "demo"},
                         json={"format": "billing-sandbox-state/1", "vendors": {"chargebee": {
                             "demo": {"api_key": "cb_test_demo",
                                      "records": {"widgets": {"1": {"id": "1"}}}}}}})
    assert answer.status_code == 400
    error = answer.json()
    assert error["errors"][0]["field"] == "vendors.chargebee.demo.records.widgets"
    assert "kinds: customer, contract" in error["message"]  # the kinds it does store
    assert sandbox.get("/chargebee/api/v2/customers/demo_customer", auth=("cb_test_demo", "")
                       ).status_code == 200
