"""A tenant loaded while the server runs is part of its state: after a restart on the same data
file it is served whole (records and key), until a reset removes it (key and records)."""

from __future__ import annotations

import httpx
from support.server import SandboxProcess

ACME = ("cb_test_acme", "")
ZENSKAR_ACME = {"x-api-key": "zk_test_acme", "organisation": "acme"}
LOADED = {
    "chargebee": {"acme": {"api_key": "cb_test_acme", "customers": [
        {"id": "acme_customer", "auto_collection": "off"}]}},
    "zenskar": {"acme": {"api_key": "zk_test_acme"}},  # credentials only, no records
}


def test_a_tenant_loaded_by_fixtures_is_served_whole_after_a_restart(tmp_path):
    data = tmp_path / "state.db"
    with SandboxProcess(data=data) as first:
        assert httpx.post(first.url + "/_sandbox/fixtures", json=LOADED).status_code == 200
        charged = httpx.post(first.url + "/chargebee/api/v2/invoices/charge", auth=ACME,
                             data={"customer_id": "acme_customer", "amount": 1500,
                                   "description": "Onboarding"})
        assert charged.status_code == 200, charged.text

    with SandboxProcess(data=data) as again:
        state = httpx.get(again.url + "/_sandbox/state",
                          params={"vendor": "chargebee", "tenant": "acme"}).json()
        acme = state["vendors"]["chargebee"]["acme"]
        assert acme["api_key"] == "cb_test_acme"
        assert set(acme["records"]["customer"]) == {"acme_customer"}
        listed = httpx.get(again.url + "/chargebee/api/v2/invoices", auth=ACME)
        assert listed.status_code == 200
        assert [e["invoice"]["total"] for e in listed.json()["list"]] == [1500]
        zenskar = httpx.get(again.url + "/zenskar/invoices", headers=ZENSKAR_ACME)
        assert zenskar.status_code == 200, zenskar.text
        demo = httpx.get(again.url + "/chargebee/api/v2/invoices", auth=("cb_test_demo", ""))
        assert demo.status_code == 200

        # not baseline: a reset removes it, key and records, and it stays removed
        assert httpx.post(again.url + "/_sandbox/reset").status_code == 200
        assert httpx.get(again.url + "/chargebee/api/v2/invoices", auth=ACME).status_code \
            == 401

    with SandboxProcess(data=data) as third:
        assert httpx.get(third.url + "/chargebee/api/v2/invoices", auth=ACME).status_code \
            == 401
        exported = httpx.get(third.url + "/_sandbox/state").json()["vendors"]
        assert "acme" not in exported["chargebee"] and "acme" not in exported["zenskar"]


def test_a_tenant_restored_from_a_state_document_keeps_its_key_across_a_restart(tmp_path):
    data = tmp_path / "state.db"
    with SandboxProcess(data=data) as first:
        assert httpx.post(first.url + "/_sandbox/fixtures", json=LOADED).status_code == 200
        exported = httpx.get(first.url + "/_sandbox/state",
                             params={"vendor": "chargebee"}).json()
        assert httpx.post(first.url + "/_sandbox/reset").status_code == 200
        restored = httpx.put(first.url + "/_sandbox/state", json=exported,
                             params={"vendor": "chargebee"})
        assert restored.status_code == 200, restored.text
        records = sum(len(items) for tenant in exported["vendors"]["chargebee"].values()
                      for items in tenant["records"].values())
        assert restored.json()["records"] == records  # keys travel as api_key, not records

    with SandboxProcess(data=data) as again:
        found = httpx.get(again.url + "/chargebee/api/v2/customers/acme_customer", auth=ACME)
        assert found.status_code == 200, found.text
