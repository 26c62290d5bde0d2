"""The pytest plugin as a client team uses it: small test files run by pytester, each run with
its own sandbox (or one already running)."""

from __future__ import annotations

# httpx imports httpcore on its first request. pytester forgets the modules first imported
# during its test; a later request would then raise a second copy of httpcore's exceptions,
# which httpx no longer recognises. Imported here, httpcore is kept.
import httpcore  # noqa: F401
import httpx
import pytest

from billing_sandbox.testing import SandboxServer

pytest_plugins = ["pytester"]

# Each run is a new pytest process; the plugins it does not need take seconds to import.
RUN = ("-p", "no:cacheprovider", "-p", "no:schemathesis", "-p", "no:hypothesispytest",
       "-p", "no:anyio")

CLIENT_TESTS = '''
import httpx
import pytest

ZENSKAR = {"x-api-key": "zk_test_demo", "organisation": "demo"}
INVOICE = "7a1c0d2e-0000-4000-8000-000000000301"  # approved, 500.00 USD, due 2026-01-31


def credit_note(sandbox, amount):
    return httpx.post(sandbox.url("zenskar") + f"/invoices/{INVOICE}/credit_note",
                      headers=ZENSKAR, json={"credit_note_amount": amount, "reason": "Outage"})


def charge(sandbox):
    return httpx.post(sandbox.url("zenskar") + f"/payments/invoice/{INVOICE}/charge",
                      headers=ZENSKAR, json={})


def invoice_status(sandbox):
    answer = httpx.get(sandbox.url("zenskar") + f"/invoices/{INVOICE}", headers=ZENSKAR)
    return answer.json()["status"]


def test_a_valid_call_passes_and_is_in_the_journal(billing_sandbox):
    assert credit_note(billing_sandbox, 25.5).status_code == 200
    [call] = billing_sandbox.requests(vendor="zenskar")
    assert call["operation_id"] == "Create-credit-note-against-invoice"


def test_an_invalid_body(billing_sandbox):
    assert credit_note(billing_sandbox, 0).status_code == 422


@pytest.mark.billing_sandbox_allow_violations
def test_an_invalid_body_allowed_by_the_marker(billing_sandbox):
    assert credit_note(billing_sandbox, 0).status_code == 422


def test_a_write(billing_sandbox):
    assert charge(billing_sandbox).status_code == 200
    assert invoice_status(billing_sandbox) == "paid"


def test_the_next_test_does_not_see_it(billing_sandbox):
    assert invoice_status(billing_sandbox) == "approved"


def test_the_clock_moves_past_the_due_date(billing_sandbox):
    billing_sandbox.clock.freeze("2026-01-10T00:00:00Z")
    assert charge(billing_sandbox).status_code == 400
    billing_sandbox.clock.advance("P30D")
    assert charge(billing_sandbox).status_code == 200


def test_a_fault_is_seen_by_the_client(billing_sandbox):
    billing_sandbox.fault("chargebee", status=429)
    answer = httpx.get(billing_sandbox.url("chargebee") + "/invoices", auth=("cb_test_demo", ""))
    assert answer.status_code == 429
    assert answer.json()["api_error_code"] == "api_request_limit_exceeded"
'''

INVALID_ONLY = '''
import httpx

def test_an_invalid_body(billing_sandbox):
    answer = httpx.post(billing_sandbox.url("chargebee") + "/invoices/charge",
                        auth=(billing_sandbox.api_key("chargebee"), ""),
                        data={"customer_id": "c1", "amount": 0, "description": "x"})
    assert answer.status_code == 400
'''


def test_tests_pass_fail_on_violations_and_are_isolated(pytester: pytest.Pytester):
    pytester.makepyfile(test_client=CLIENT_TESTS)
    result = pytester.runpytest_subprocess(*RUN)
    result.assert_outcomes(passed=6, failed=1, errors=0)
    result.stdout.fnmatch_lines([
        "contract violation: POST /zenskar/invoices/*/credit_note: body.credit_note_amount: *",
        "POST /zenskar/invoices/7a1c0d2e-0000-4000-8000-000000000301/credit_note -> 422 *",
        '  request body: {"credit_note_amount": 0, "reason": "Outage"}',
        "  body.credit_note_amount: Input should be greater than 0 *",
        "FAILED test_client.py::test_an_invalid_body - contract violation*",
    ])


def test_an_option_allows_violations_and_fixtures_replace_the_demo(pytester: pytest.Pytester):
    pytester.makefile(".yaml", mine="chargebee:\n  shop:\n    api_key: cb_test_shop\n"
                                    "    customers:\n      - {id: c1, first_name: Cy}\n")
    pytester.makepyfile(test_client=INVALID_ONLY + '''

def test_only_the_given_fixtures_are_loaded(billing_sandbox):
    assert billing_sandbox.api_key("chargebee") == "cb_test_shop"
''')
    result = pytester.runpytest_subprocess(*RUN, "--billing-sandbox-allow-violations",
                                "--billing-sandbox-fixtures", "mine.yaml")
    result.assert_outcomes(passed=2)


def test_an_ini_option_allows_violations_and_a_running_sandbox_is_used(
        pytester: pytest.Pytester):
    with SandboxServer() as server:
        pytester.makeini(f"[pytest]\nbilling_sandbox_url = {server.url}\n"
                         "billing_sandbox_allow_violations = true\n")
        pytester.makepyfile(test_client=INVALID_ONLY)
        result = pytester.runpytest_subprocess(*RUN)
        result.assert_outcomes(passed=1)
        journal = httpx.get(server.url + "/_sandbox/requests").json()["entries"]
    assert [entry["status"] for entry in journal] == [400]
    with pytest.raises(httpx.ConnectError):  # stopped with the context
        httpx.get(server.url + "/")


def test_a_violation_the_journal_has_dropped_still_fails_the_test(pytester: pytest.Pytester):
    pytester.makepyfile(test_client=INVALID_ONLY.replace(
        "    assert answer.status_code == 400\n", '''    assert answer.status_code == 400
    with httpx.Client(base_url=billing_sandbox.url("chargebee"),
                      auth=(billing_sandbox.api_key("chargebee"), "")) as client:
        for _ in range(1001):  # more than the journal keeps (1000 calls)
            assert client.get("/invoices", params={"limit": 1}).status_code == 200
    assert not any(e["validation_errors"] for e in billing_sandbox.requests())
'''))
    result = pytester.runpytest_subprocess(*RUN)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "contract violation: POST /chargebee/api/v2/invoices/charge: body.amount: *",
        "POST /chargebee/api/v2/invoices/charge -> 400  (chargebee "
        "create_invoice_for_a_one-time_charge)",
        "  request body: customer_id=c1&amount=0&description=x",
    ])
