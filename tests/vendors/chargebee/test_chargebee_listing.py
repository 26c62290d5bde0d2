"""GET /invoices in process: newest first, limit/offset paging with next_offset, filters."""

from __future__ import annotations

import pytest


def charge_offline(site, count: int, customer: str = "demo_customer_offline") -> list[str]:
    return [site.charge(customer_id=customer, amount=100 + n, description=f"#{n}")
            .json()["invoice"]["id"] for n in range(count)]


def ids_of(body: dict) -> list[str]:
    return [entry["invoice"]["id"] for entry in body["list"]]


def test_pages_follow_next_offset_newest_first_until_the_last(demo):
    created = charge_offline(demo, 5)
    seen, offset, pages = [], None, 0
    while True:
        params = {"limit": 2} | ({"offset": offset} if offset else {})
        body = demo.get("/invoices", params=params).json()
        seen += ids_of(body)
        pages += 1
        offset = body.get("next_offset")
        if offset is None:
            break
    assert seen == list(reversed(created))
    assert pages == 3


def test_default_limit_is_ten_and_no_next_offset_when_nothing_is_left(demo):
    charge_offline(demo, 11)
    first = demo.get("/invoices").json()
    assert len(first["list"]) == 10 and "next_offset" in first
    assert len(demo.get("/invoices", params={"limit": 11}).json()["list"]) == 11
    assert "next_offset" not in demo.get("/invoices", params={"limit": 11}).json()


def test_an_invoice_created_between_pages_does_not_shift_the_next_page(demo):
    created = charge_offline(demo, 3)
    first = demo.get("/invoices", params={"limit": 2}).json()
    charge_offline(demo, 1)
    second = demo.get("/invoices", params={"limit": 2, "offset": first["next_offset"]}).json()
    assert ids_of(first) + ids_of(second) == list(reversed(created))


def test_filters_and_ascending_sort(demo):
    offline = charge_offline(demo, 2)
    paid = charge_offline(demo, 1, customer="demo_customer")
    assert ids_of(demo.get("/invoices", params={"customer_id[is]": "demo_customer"}).json()) \
        == paid
    assert ids_of(demo.get("/invoices", params={"status[is]": "payment_due"}).json()) == \
        list(reversed(offline))
    assert ids_of(demo.get("/invoices", params={"sort_by[asc]": "date"}).json()) == \
        offline + paid


@pytest.mark.parametrize(("params", "param"), [
    ({"limit": 0}, "limit"),
    ({"limit": 101}, "limit"),
    ({"offset": "not-an-offset"}, "offset"),
    ({"total_gt": "1"}, "total_gt"),
    ({"sort_by[asc]": "date", "sort_by[desc]": "date"}, "sort_by"),
])
def test_bad_paging_parameters_are_400_naming_the_param(demo, params, param):
    response = demo.get("/invoices", params=params)
    assert response.status_code == 400, response.text
    assert (response.json()["api_error_code"], response.json()["param"]) == (
        "param_wrong_value", param)
