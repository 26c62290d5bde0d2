"""The request journal and the contract report, as a client's test suite or CI job reads them."""

from __future__ import annotations

from xml.etree import ElementTree

from support.demo_calls import CHARGEBEE, DAYZERO, charge

PAYMENTS = "/dayzero/api/v1/invoices/3f1d2c4b-0000-4000-8000-000000000301/payments"


def test_each_call_is_journaled_with_what_was_sent_and_answered(sandbox):
    charge(sandbox, amount=700)
    [entry] = sandbox.get("/_sandbox/requests").json()["entries"]
    assert entry["vendor"] == "chargebee"
    assert entry["tenant"] == "demo"
    assert entry["operation_id"] == "create_invoice_for_a_one-time_charge"
    assert (entry["method"], entry["path"], entry["status"]) == (
        "POST", "/chargebee/api/v2/invoices/charge", 200)
    assert "amount=700" in entry["request"]["body"]
    assert entry["response"]["body"]["invoice"]["total"] == 700
    assert entry["request"]["headers"]["authorization"] == "Basic …demo"
    assert "cb_test_demo" not in str(entry["request"]["headers"])
    assert entry["duration_ms"] > 0
    assert entry["validation_errors"] == [] and entry["contract_violations"] == []


def test_a_request_that_breaks_the_contract_is_journaled_with_its_errors(sandbox):
    answer = sandbox.post(PAYMENTS, headers=DAYZERO,
                          json={"transaction_id": "3f1d2c4b-0000-4000-8000-000000000401",
                                "amount": 0})
    assert answer.status_code == 422
    [entry] = sandbox.get("/_sandbox/requests", params={"status": "4xx"}).json()["entries"]
    assert entry["validation_errors"] == [
        {"field": "body.amount", "message": entry["validation_errors"][0]["message"],
         "rule": "exclusiveMinimum"}]
    assert entry["request"]["headers"]["x-business-id"].endswith("0001")
    assert entry["tenant"] == "3f1d2c4b-0000-4000-8000-000000000001"


def test_the_journal_filters_by_vendor_operation_status_and_time(sandbox):
    charge(sandbox)
    sandbox.get("/chargebee/api/v2/invoices", auth=CHARGEBEE)
    sandbox.get("/chargebee/api/v2/invoices", auth=("wrong", ""))
    sandbox.post(PAYMENTS, headers=DAYZERO, json={})
    journal = sandbox.get("/_sandbox/requests").json()
    assert journal["count"] == 4
    by = lambda **q: [e["status"] for e in sandbox.get(  # noqa: E731
        "/_sandbox/requests", params=q).json()["entries"]]
    assert by(vendor="dayzero") == [422]
    assert by(operation_id="list_invoices") == [200, 401]
    assert by(status="401") == [401]
    assert by(status="2xx", vendor="chargebee") == [200, 200]
    assert by(limit=1) == [422]
    newest = journal["entries"][-1]["time"]
    assert by(since=newest) == [422]
    assert by(until="2000-01-01T00:00:00Z") == []
    assert sandbox.get("/_sandbox/requests", params={"status": "abc"}).status_code == 400


def test_delete_empties_the_journal_and_control_calls_are_not_journaled(sandbox):
    charge(sandbox)
    sandbox.get("/_sandbox/clock")
    assert sandbox.delete("/_sandbox/requests").json() == {"cleared": 1}
    assert sandbox.get("/_sandbox/requests").json()["entries"] == []


def test_the_report_lists_client_violations_per_operation_until_a_reset(sandbox):
    charge(sandbox)
    sandbox.post(PAYMENTS, headers=DAYZERO, json={"transaction_id": "not-a-uuid", "amount": 5})
    sandbox.post("/chargebee/api/v2/invoices/charge", auth=CHARGEBEE,
                 data={"customer_id": "demo_customer", "amount": 0, "description": "x"})
    report = sandbox.get("/_sandbox/report").json()
    assert report["calls_checked"] == 3
    assert report["client_violations"] == 2 and report["sandbox_violations"] == 0
    assert not report["passed"]
    [dayzero] = [c for c in report["operations"] if c["vendor"] == "dayzero"]
    assert dayzero["client_violations"] == 1
    assert dayzero["failures"][0]["validation_errors"][0]["field"] == "body.transaction_id"
    [chargebee] = [c for c in report["operations"] if c["vendor"] == "chargebee"]
    assert (chargebee["calls"], chargebee["client_violations"]) == (2, 1)
    sandbox.post("/_sandbox/reset")
    clean = sandbox.get("/_sandbox/report").json()
    assert clean["passed"] and clean["calls_checked"] == 0


def test_the_report_in_junit_has_one_failing_case_per_broken_operation(sandbox):
    charge(sandbox)
    sandbox.post(PAYMENTS, headers=DAYZERO, json={"amount": 5})
    answer = sandbox.get("/_sandbox/report", params={"format": "junit"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/xml")
    suite = ElementTree.fromstring(answer.content)
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    cases = {case.get("classname"): case for case in suite.iter("testcase")}
    failure = cases["dayzero"].find("failure")
    assert "transaction_id" in failure.text and "Field required" in failure.text
    assert cases["chargebee"].find("failure") is None


def test_an_unknown_path_under_a_vendor_is_a_client_violation_too(sandbox):
    sandbox.get("/chargebee/api/v2/no_such_thing", auth=CHARGEBEE)
    report = sandbox.get("/_sandbox/report", params={"vendor": "chargebee"}).json()
    assert report["client_violations"] == 1
    assert "not in the document" in report["operations"][0]["operation"]


def test_a_vendor_filter_naming_no_vendor_is_400_not_an_empty_answer(sandbox):
    assert charge(sandbox, amount=0).status_code == 400  # a violation a typo would hide
    for path in ("/_sandbox/requests", "/_sandbox/report"):
        answer = sandbox.get(path, params={"vendor": "chargbee"})
        assert answer.status_code == 400, (path, answer.text)
        error = answer.json()
        assert error["errors"][0]["field"] == "vendor"
        assert "chargbee" in error["message"] and "chargebee" in error["message"]
    assert sandbox.get("/_sandbox/report", params={"vendor": "chargbee", "format": "junit"}
                       ).status_code == 400
