"""Failures on demand: documented statuses in the vendor's shape, latency, dropped connections;
a faulted call changes nothing, and an idempotent retry after a timeout charges once."""

from __future__ import annotations

import httpx
import pytest
from support.demo_calls import charge, chargebee_invoices

CHARGE = "create_invoice_for_a_one-time_charge"


def test_a_429_fault_answers_in_chargebees_shape_and_changes_nothing(sandbox):
    made = sandbox.post("/_sandbox/faults", json={"vendor": "chargebee", "operation_id": CHARGE,
                                                  "status": 429, "count": 2})
    assert made.status_code == 201
    for _ in range(2):
        answer = charge(sandbox)
        assert answer.status_code == 429
        assert answer.json()["api_error_code"] == "api_request_limit_exceeded"
    assert chargebee_invoices(sandbox) == []
    assert charge(sandbox).status_code == 200
    [fault] = sandbox.get("/_sandbox/faults").json()["faults"]
    assert (fault["remaining"], fault["taken"], fault["count"]) == (0, 2, 2)


def test_a_vendor_wide_503_hits_any_operation_of_that_vendor_only(sandbox):
    sandbox.post("/_sandbox/faults", json={"vendor": "chargebee", "status": 503})
    listed = sandbox.get("/chargebee/api/v2/invoices", auth=("cb_test_demo", ""))
    assert listed.status_code == 503
    assert listed.json()["http_status_code"] == 503
    assert sandbox.get("/_sandbox/clock").status_code == 200


def test_a_status_the_vendor_does_not_document_is_refused(sandbox):
    answer = sandbox.post("/_sandbox/faults", json={"vendor": "zenskar", "status": 429})
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "status"
    assert "not documented" in answer.json()["message"]
    assert sandbox.get("/_sandbox/faults").json()["faults"] == []


@pytest.mark.parametrize("body, status, field", [
    ({"vendor": "stripe", "status": 500}, 404, "vendor"),
    ({"vendor": "chargebee", "operation_id": "nope", "status": 500}, 404, "operation_id"),
    ({"vendor": "chargebee"}, 400, "status"),
    ({"vendor": "chargebee", "drop": True, "status": 500}, 400, "drop"),
    ({"vendor": "chargebee", "status": 200}, 400, "status"),
    ({"vendor": "chargebee", "status": 500, "count": 0}, 400, "count"),
])
def test_a_bad_fault_is_refused_naming_the_field(sandbox, body, status, field):
    answer = sandbox.post("/_sandbox/faults", json=body)
    assert answer.status_code == status
    assert answer.json()["errors"][0]["field"] == field


def test_a_dropped_connection_gets_no_answer_and_changes_nothing(sandbox):
    sandbox.post("/_sandbox/faults", json={"operation_id": CHARGE, "drop": True})
    with pytest.raises(httpx.RemoteProtocolError):
        charge(sandbox)
    assert chargebee_invoices(sandbox) == []
    [entry] = sandbox.get("/_sandbox/requests", params={"operation_id": CHARGE}).json()[
        "entries"]
    assert entry["fault"]["drop"] is True and entry["status"] == 0
    assert entry["tenant"] == "demo"


def test_a_faulted_call_is_journaled_under_its_tenant(sandbox):
    sandbox.post("/_sandbox/faults", json={"vendor": "chargebee", "status": 429, "count": 2})
    charge(sandbox)
    anonymous = sandbox.post("/chargebee/api/v2/invoices/charge",
                             data={"customer_id": "demo_customer", "amount": 1,
                                   "description": "x"})
    assert anonymous.status_code == 429  # the fault answers before the credentials are read
    entries = sandbox.get("/_sandbox/requests", params={"status": "429"}).json()["entries"]
    assert [e["tenant"] for e in entries] == ["demo", None]
    demo = sandbox.get("/_sandbox/requests", params={"tenant": "demo"}).json()["entries"]
    assert [e["status"] for e in demo] == [429]


def test_a_retry_after_a_timeout_with_the_same_key_charges_once(sandbox):
    sandbox.post("/_sandbox/faults", json={"operation_id": CHARGE, "latency_ms": 1500})
    key = {"chargebee-idempotency-key": "order-42"}
    with pytest.raises(httpx.ReadTimeout):
        charge(sandbox, amount=4200, headers=key, timeout=0.3)
    retried = charge(sandbox, amount=4200, headers=key)
    assert retried.status_code == 200
    assert retried.headers["chargebee-idempotency-replayed"] == "true"
    assert [invoice["total"] for invoice in chargebee_invoices(sandbox)] == [4200]


def test_clearing_and_a_full_reset_remove_the_faults(sandbox):
    sandbox.post("/_sandbox/faults", json={"vendor": "chargebee", "status": 500})
    assert sandbox.delete("/_sandbox/faults").json() == {"cleared": 1}
    sandbox.post("/_sandbox/faults", json={"vendor": "chargebee", "status": 500})
    sandbox.post("/_sandbox/reset")
    assert sandbox.get("/_sandbox/faults").json()["faults"] == []
    assert charge(sandbox).status_code == 200
