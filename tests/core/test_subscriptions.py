from billing_sandbox.core import (
    CurrencyMismatch,
    InvalidInput,
    NotFound,
    child_ids,
    create_subscription,
)


def test_a_subscription_is_linked_to_its_customer(books, customer):
    subscription = create_subscription(
        books, id="sub_1", customer_id=customer["id"], price=5000, plan_id="monthly"
    )
    assert subscription["currency"] == "USD" and subscription["status"] == "active"
    customer = books.get("customer", customer["id"])
    assert child_ids(books, "customer", customer, "subscription") == ["sub_1"]


def test_bad_subscriptions_are_refused(books, customer, refuses):
    with refuses(NotFound):
        create_subscription(books, customer_id="nobody")
    with refuses(InvalidInput) as caught:
        create_subscription(books, customer_id=customer["id"], status="alive")
    assert caught["error"].field == "status"
    with refuses(InvalidInput) as caught:
        create_subscription(books, customer_id=customer["id"], price=-1)
    assert caught["error"].field == "price"
    with refuses(CurrencyMismatch):
        create_subscription(books, customer_id=customer["id"], currency="INR")
