import pytest

from billing_sandbox.core import InvalidInput, child_ids, create_customer, set_payment_source


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
