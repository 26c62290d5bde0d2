"""The example client's own tests: they use only the pytest plugin's `billing_sandbox` fixture
(installed with billing-sandbox; nothing to configure)."""

from example_client.dunning import Dunning

CHARGE = "create_invoice_for_a_one-time_charge"  # the operationId in Chargebee's document
ACME_NET_30 = {"chargebee": {"acme": {"api_key": "cb_test_acme", "customers": [
    {"id": "acme", "first_name": "Ada", "auto_collection": "off", "net_term_days": 30}]}}}


def test_an_invoice_is_overdue_once_its_net_terms_have_passed(billing_sandbox):
    billing_sandbox.seed(ACME_NET_30)
    client = Dunning(billing_sandbox.url("chargebee"), "cb_test_acme")
    invoice = client.charge("acme", 5000, "Onboarding")
    assert client.overdue_invoices() == []
    billing_sandbox.clock.advance("P31D")
    assert [overdue["id"] for overdue in client.overdue_invoices()] == [invoice["id"]]


def test_a_rate_limited_charge_is_retried_and_bills_once(billing_sandbox):
    billing_sandbox.fault("chargebee", CHARGE, status=429)
    client = Dunning(billing_sandbox.url("chargebee"), billing_sandbox.api_key("chargebee"))
    client.charge("demo_customer_offline", 2500, "Consulting")
    calls = billing_sandbox.requests(operation_id=CHARGE)
    assert [call["status"] for call in calls] == [429, 200]
    assert len(client.overdue_invoices()) == 1


def test_the_journal_shows_the_form_the_client_sent(billing_sandbox):
    client = Dunning(billing_sandbox.url("chargebee"), billing_sandbox.api_key("chargebee"))
    client.charge("demo_customer", 1000, "Setup fee")
    [call] = billing_sandbox.requests(operation_id=CHARGE)
    assert call["request"]["body"] == "customer_id=demo_customer&amount=1000&description=Setup+fee"
    assert call["request"]["headers"]["content-type"] == "application/x-www-form-urlencoded"
