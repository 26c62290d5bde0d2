"""Chargebee's published v1 document dropped into a specs folder (read in place from
../shared): its customers, plans and subscriptions keep state through real HTTP, across a
restart with --data, and back to the fixtures on reset."""

from __future__ import annotations

import httpx
import pytest
from support.server import SandboxProcess
from support.specs import dropped_in

FIXTURES = """
cbv1:
  acme:
    api_key: cbv1_key
    customers:
      - {id: fixture_customer, first_name: Fixed}
"""


@pytest.fixture
def specs(tmp_path):
    fixtures = tmp_path / "fixtures.yaml"
    fixtures.write_text(FIXTURES)
    return dropped_in(tmp_path / "specs"), fixtures


def test_customers_plans_and_subscriptions_keep_state(specs, tmp_path):
    folder, fixtures = specs
    data = tmp_path / "data.db"
    with SandboxProcess("--specs", str(folder), fixtures=fixtures, data=data) as sandbox:
        client = httpx.Client(base_url=sandbox.url + "/cbv1/api/v1", auth=("cbv1_key", ""))
        ada = client.post("/customers", data={"id": "cust_ada", "first_name": "Ada",
                                              "email": "ada@example.com"})
        assert ada.status_code == 200, ada.text
        assert ada.json()["customer"]["first_name"] == "Ada"
        minted = client.post("/customers", data={"first_name": "Bob"}).json()["customer"]
        assert minted["id"] and minted["id"] != "cust_ada"
        read = client.get("/customers/cust_ada").json()["customer"]
        assert (read["id"], read["email"]) == ("cust_ada", "ada@example.com")
        updated = client.post("/customers/cust_ada", data={"last_name": "Lovelace"}).json()
        assert updated["customer"]["first_name"] == "Ada"
        assert updated["customer"]["last_name"] == "Lovelace"
        first = client.get("/customers", params={"limit": 2}).json()
        assert [c["customer"]["id"] for c in first["list"]] == [
            "fixture_customer", "cust_ada"]
        rest = client.get("/customers", params={"limit": 2,
                                                "offset": first["next_offset"]}).json()
        assert [c["customer"]["id"] for c in rest["list"]] == [minted["id"]]
        assert "next_offset" not in rest

        assert client.post("/plans", data={"id": "basic", "name": "Basic",
                                           "price": 1000}).status_code == 200
        subscription = client.post("/customers/cust_ada/subscriptions",
                                   data={"id": "sub_ada", "plan_id": "basic"}).json()
        assert subscription["subscription"]["plan_id"] == "basic"
        assert subscription["subscription"]["customer_id"] == "cust_ada"
        read = client.get("/subscriptions/sub_ada").json()["subscription"]
        assert (read["customer_id"], read["plan_id"], read["status"]) == (
            "cust_ada", "basic", "active")
        cancelled = client.post("/subscriptions/sub_ada/cancel", data={}).json()
        assert cancelled["subscription"]["status"] == "cancelled"
        assert client.get("/subscriptions/sub_ada").json()["subscription"][
            "status"] == "cancelled"

        assert client.post(f"/customers/{minted['id']}/delete").status_code == 200
        missing = client.get(f"/customers/{minted['id']}")
        assert missing.status_code == 404
        assert missing.json()["api_error_code"] == "resource_not_found"

    with SandboxProcess("--specs", str(folder), fixtures=fixtures, data=data) as sandbox:
        client = httpx.Client(base_url=sandbox.url + "/cbv1/api/v1", auth=("cbv1_key", ""))
        assert client.get("/customers/cust_ada").json()["customer"]["last_name"] == "Lovelace"
        assert client.get("/subscriptions/sub_ada").json()["subscription"][
            "status"] == "cancelled"
        assert client.get(f"/customers/{minted['id']}").status_code == 404
        assert httpx.post(sandbox.url + "/_sandbox/reset").status_code == 200
        listed = client.get("/customers").json()["list"]
        assert [c["customer"]["id"] for c in listed] == ["fixture_customer"]
        assert client.get("/subscriptions/sub_ada").status_code == 404
