"""Fixture records of a Chargebee site: what loads, and errors naming the record and field."""

from __future__ import annotations

import pytest
import yaml

from billing_sandbox.app import create_app
from billing_sandbox.fixtures import FixtureError
from billing_sandbox.settings import Settings


def load(tmp_path, records: dict):
    path = tmp_path / "fixtures.yaml"
    path.write_text(yaml.safe_dump({"chargebee": {"demo": {"api_key": "k", **records}}}))
    return create_app(Settings(fixtures=[path]))


@pytest.mark.parametrize(("records", "where"), [
    ({"customers": [{"id": "a"}, {"id": "b", "auto_collection": "maybe"}]},
     "customers[1].auto_collection"),
    ({"customers": [{"id": "a", "nickname": "x"}]}, "customers[0].nickname"),
    ({"customers": [{"id": "a", "email": "not-an-email"}]}, "customers[0].email"),
    ({"customers": [{"id": "a", "card_status": "valid"}]}, "customers[0].card_status"),
    ({"customers": [{"id": "a"}, {"id": "a"}]}, "customers[1]"),
    ({"subscriptions": [{"id": "s", "customer_id": "ghost"}]}, "subscriptions[0].customer_id"),
    ({"customers": [{"id": "a"}], "subscriptions": [
        {"id": "s", "customer_id": "a", "currency_code": "EUR"}]},
     "subscriptions[0].currency_code"),
    ({"coupons": [{"id": "c", "discount_type": "percentage", "discount_percentage": 150}]},
     "coupons[0].discount_percentage"),
    ({"coupons": [{"id": "c", "discount_type": "percentage", "discount_percentage": 5,
                   "duration_type": "limited_period"}]}, "coupons[0].duration_month"),
])
def test_a_bad_record_names_the_site_record_and_field(tmp_path, records, where):
    with pytest.raises(FixtureError) as caught:
        load(tmp_path, records)
    assert f"chargebee.demo.{where}" in str(caught.value)


def test_yaml_booleans_for_auto_collection_and_fixed_amount_coupons_load(tmp_path):
    app = load(tmp_path, {
        "customers": [{"id": "a", "auto_collection": True, "payment_method": "card"}],
        "coupons": [{"id": "TEN", "discount_type": "fixed_amount", "discount_amount": 1000,
                     "currency_code": "USD", "duration_type": "one_time"}]})
    try:
        from support.clients import AppClient

        client = AppClient(app.app)
        response = client.post("/chargebee/api/v1/invoices/charge",
                               data={"customer_id": "a", "amount": 2500, "description": "x",
                                     "coupon": "TEN"},
                               headers={"Authorization": "Basic azo="})
        invoice = response.json()["invoice"]
        assert (invoice["total"], invoice["status"]) == (1500, "paid")
    finally:
        app.close()
