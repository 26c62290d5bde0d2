import pytest

from billing_sandbox.core import (
    InvalidInput,
    child_ids,
    create_customer,
    create_subscription,
    delete_customer,
    set_payment_source,
    update_customer,
)


def test_a_customer_keeps_what_adapters_need(books):
    customer = create_customer(
        books,
        id="cus_1",
        name="Acme",
        email="ap@acme.example",
        currency="eur",
        auto_collection=True,
        payment_source_id="pm_1",
        credit_balances={"EUR": 500},
        extra={"first_name": "Ada"},
    )
    assert customer["currency"] == "EUR"
    assert customer["payment_method"] == "card"
    assert customer["credit_balances"] == {"EUR": 500}
    assert customer["extra"] == {"first_name": "Ada"}
    assert (customer["invoice_count"], customer["contract_count"]) == (0, 0)
    assert child_ids(books, "customer", customer, "invoice") == []
    assert books.get("customer", "cus_1") == customer


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"currency": "dollars"}, "currency"),
        ({"auto_collection": "on"}, "auto_collection"),
        ({"credit_balances": {"USD": -1}}, "credit_balances.USD"),
        ({"net_terms_days": -3}, "net_terms_days"),
        ({"name": ""}, "name"),
        ({"extra": []}, "extra"),
    ],
)
def test_a_bad_customer_names_the_field(books, refuses, fields, field):
    with refuses(InvalidInput) as caught:
        create_customer(books, **fields)
    assert caught["error"].field == field


def test_payment_source_can_be_added_and_removed(books, customer):
    updated = set_payment_source(books, customer["id"], "pm_9", "direct_debit")
    assert (updated["payment_source_id"], updated["payment_method"]) == ("pm_9", "direct_debit")
    removed = set_payment_source(books, customer["id"], None)
    assert (removed["payment_source_id"], removed["payment_method"]) == (None, None)


def test_a_customer_is_updated_field_by_field_and_refused_a_field_it_does_not_have(books):
    create_customer(books, id="cus_1", name="Acme")
    updated = update_customer(books, "cus_1", email="ap@acme.example", auto_collection=True)
    assert (updated["name"], updated["email"], updated["auto_collection"]) == (
        "Acme", "ap@acme.example", True)
    with pytest.raises(InvalidInput) as caught:
        update_customer(books, "cus_1", email="not-an-email")
    assert caught.value.field == "email"
    with pytest.raises(InvalidInput):
        update_customer(books, "cus_1", invoice_count=3)


def test_a_deleted_customer_is_kept_marked_with_its_subscriptions_cancelled(books):
    create_customer(books, id="cus_1", payment_source_id="pm_1")
    create_subscription(books, id="sub_1", customer_id="cus_1", price=100)
    deleted = delete_customer(books, "cus_1")
    assert deleted["deleted_at"] and deleted["payment_source_id"] is None
    subscription = books.get("subscription", "sub_1")
    assert subscription["status"] == "cancelled" and subscription["deleted_at"]
    assert [e.name for e in books.events][-2:] == ["subscription.deleted", "customer.deleted"]


def test_payment_sources_announce_added_updated_and_removed(books):
    create_customer(books, id="cus_1")
    for source in ("pm_1", "pm_2", None):
        set_payment_source(books, "cus_1", source)
    assert [e.name for e in books.events] == [
        "customer.created", "payment_source.added", "payment_source.updated",
        "payment_source.removed"]
