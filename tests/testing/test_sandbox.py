"""The `billing_sandbox` handle: where clients point, seeding, the journal, the clock, faults.
These tests use the plugin's own fixture, on the session's sandbox."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from support.demo_calls import CHARGEBEE, ZENSKAR

from billing_sandbox.testing import SandboxError

SHOP = {"chargebee": {"shop": {"api_key": "cb_test_shop",
                               "customers": [{"id": "c1", "first_name": "Cy"}]}}}
SHOP_YAML = "chargebee:\n  shop:\n    api_key: cb_test_shop\n    customers: [{id: c1}]\n"


def shop_customer(billing_sandbox) -> int:
    return httpx.get(billing_sandbox.url("chargebee") + "/customers/c1",
                     auth=("cb_test_shop", "")).status_code


def test_url_is_the_vendors_newest_base_path_or_the_version_asked(billing_sandbox):
    root = billing_sandbox.base_url
    assert billing_sandbox.url("chargebee") == root + "/chargebee/api/v2"
    assert billing_sandbox.url("chargebee", "v1") == root + "/chargebee/api/v1"
    assert billing_sandbox.url("zenskar") == root + "/zenskar"
    with pytest.raises(SandboxError, match="no vendor 'stripe'"):
        billing_sandbox.url("stripe")


def test_api_key_of_the_first_or_the_named_tenant(billing_sandbox):
    assert billing_sandbox.api_key("zenskar") == "zk_test_demo"
    assert billing_sandbox.api_key("zenskar", "other") == "zk_test_other"
    with pytest.raises(SandboxError, match="no tenant 'nobody'"):
        billing_sandbox.api_key("zenskar", "nobody")


@pytest.mark.parametrize("source", [SHOP, SHOP_YAML, "file"], ids=["dict", "yaml", "file"])
def test_seed_takes_a_dict_yaml_text_or_a_file_until_the_next_reset(billing_sandbox, source,
                                                                      tmp_path):
    if source == "file":
        source = tmp_path / "shop.yaml"
        source.write_text(SHOP_YAML)
    assert billing_sandbox.seed(source) == {"chargebee": {"shop": {"customer": 1}}}
    assert shop_customer(billing_sandbox) == 200
    billing_sandbox.reset()
    assert shop_customer(billing_sandbox) == 401


def test_requests_filters_the_journal(billing_sandbox):
    before = datetime.now(UTC)
    httpx.get(billing_sandbox.url("chargebee") + "/customers/demo_customer", auth=CHARGEBEE)
    httpx.get(billing_sandbox.url("chargebee") + "/customers/nobody", auth=CHARGEBEE)
    assert [e["status"] for e in billing_sandbox.requests(status=404)] == [404]
    assert [e["status"] for e in billing_sandbox.requests(since=before)] == [200, 404]
    naive = before.replace(tzinfo=None)  # a naive datetime is taken as UTC, as freeze takes it
    assert [e["status"] for e in billing_sandbox.requests(since=naive)] == [200, 404]
    assert billing_sandbox.requests(until=naive) == []
    assert billing_sandbox.requests(vendor="zenskar") == []


def test_clock_takes_dates_datetimes_durations_and_seconds(billing_sandbox):
    clock = billing_sandbox.clock
    assert clock.freeze(date(2026, 1, 10)) == datetime(2026, 1, 10, tzinfo=UTC)
    assert clock.freeze(datetime(2026, 2, 1, 12)) == datetime(2026, 2, 1, 12, tzinfo=UTC)
    assert clock.advance(timedelta(hours=2)) == datetime(2026, 2, 1, 14, tzinfo=UTC)
    assert clock.advance("P1D") == datetime(2026, 2, 2, 14, tzinfo=UTC)
    assert clock.advance(-3600) == clock.now() == datetime(2026, 2, 2, 13, tzinfo=UTC)
    assert abs(clock.real_time() - datetime.now(UTC)) < timedelta(minutes=1)


def test_a_fault_the_vendor_does_not_document_is_refused(billing_sandbox):
    with pytest.raises(SandboxError, match="429 is not documented"):
        billing_sandbox.fault("zenskar", status=429)


@pytest.mark.billing_sandbox_allow_violations
def test_violations_include_those_a_reset_cleared(billing_sandbox):
    url = billing_sandbox.url("zenskar") + "/invoices/7a1c0d2e-0000-4000-8000-000000000301"
    httpx.post(url + "/credit_note", headers=ZENSKAR, json={"credit_note_amount": -1})
    billing_sandbox.reset("zenskar")
    httpx.post(url + "/credit_note", headers=ZENSKAR, json={"reason": "x"})
    billing_sandbox.reset()
    found = [e["request"]["body"] for e in billing_sandbox.violations()]
    assert found == [{"credit_note_amount": -1}, {"reason": "x"}]
