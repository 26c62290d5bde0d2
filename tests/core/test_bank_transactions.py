import pytest

from billing_sandbox.core import (
    CurrencyMismatch,
    InvalidInput,
    InvalidState,
    LimitExceeded,
    NotFound,
    allocate_transaction,
    child_ids,
    import_bank_transaction,
    import_invoice,
    void_invoice,
)


@pytest.fixture
def setup(books, customer):
    import_invoice(books, id="inv_1", customer_id=customer["id"], total=50000)
    import_invoice(books, id="inv_2", customer_id=customer["id"], total=20000)
    import_bank_transaction(
        books,
        id="tx_1",
        amount=30000,
        date="2026-02-01T00:00:00Z",
        description="ACH ACME",
        reference="ref-1",
    )
    import_bank_transaction(books, id="tx_2", amount=100000, date="2026-02-03T00:00:00Z")


def test_an_allocation_is_a_payment_with_the_transaction_summary(books, setup):
    payment = allocate_transaction(books, "inv_1", "tx_1", 30000)
    assert (payment["invoice_id"], payment["transaction_id"], payment["amount"]) == (
        "inv_1",
        "tx_1",
        30000,
    )
    assert payment["paid_at"] == "2026-02-01T00:00:00Z"  # the transaction's date
    assert payment["transaction"] == {
        "id": "tx_1",
        "amount": 30000,
        "currency": "USD",
        "date": "2026-02-01T00:00:00Z",
        "description": "ACH ACME",
        "reference": "ref-1",
    }
    transaction = books.get("bank_transaction", "tx_1")
    assert (transaction["allocated_amount"], transaction["unallocated_amount"]) == (30000, 0)
    assert child_ids(books, "bank_transaction", transaction, "payment") == [payment["id"]]
    invoice = books.get("invoice", "inv_1")
    assert (invoice["status"], invoice["amount_due"]) == ("partially_paid", 20000)


def test_paid_on_overrides_the_transaction_date(books, setup):
    payment = allocate_transaction(books, "inv_1", "tx_1", 100, paid_at="2026-02-05T10:00:00+02:00")
    assert payment["paid_at"] == "2026-02-05T08:00:00Z"


def test_one_transaction_may_pay_several_invoices(books, setup):
    allocate_transaction(books, "inv_1", "tx_2", 50000)
    allocate_transaction(books, "inv_2", "tx_2", 20000)
    assert books.get("bank_transaction", "tx_2")["unallocated_amount"] == 30000
    assert [books.get("invoice", i)["status"] for i in ("inv_1", "inv_2")] == ["paid", "paid"]


def test_several_transactions_may_pay_one_invoice_and_overpay_it(books, setup):
    allocate_transaction(books, "inv_2", "tx_1", 15000)
    allocate_transaction(books, "inv_2", "tx_2", 15000)
    invoice = books.get("invoice", "inv_2")
    assert (invoice["amount_paid"], invoice["amount_due"], invoice["status"]) == (
        30000,
        -10000,
        "paid",
    )
    allocate_transaction(books, "inv_2", "tx_2", 1)  # a paid invoice still takes money
    assert books.get("invoice", "inv_2")["amount_due"] == -10001


def test_allocations_never_exceed_the_transaction(books, setup, refuses):
    allocate_transaction(books, "inv_1", "tx_1", 25000)
    with refuses(LimitExceeded) as caught:
        allocate_transaction(books, "inv_2", "tx_1", 5001)
    assert (caught["error"].field, caught["error"].limit) == ("amount", 5000)
    assert (
        caught["error"].message
        == "amount 5001 exceeds the 5000 left unallocated on transaction tx_1"
    )


@pytest.mark.parametrize("amount", [0, -5, 1.5, "10"])
def test_the_amount_must_be_positive_minor_units(books, setup, refuses, amount):
    with refuses(InvalidInput) as caught:
        allocate_transaction(books, "inv_1", "tx_1", amount)
    assert caught["error"].field == "amount"


def test_unknown_invoice_or_transaction_is_not_found(books, setup, refuses):
    with refuses(NotFound) as caught:
        allocate_transaction(books, "inv_404", "tx_1", 1)
    assert caught["error"].kind == "invoice"
    with refuses(NotFound) as caught:
        allocate_transaction(books, "inv_1", "tx_404", 1)
    assert caught["error"].kind == "bank_transaction"


def test_currencies_must_match(books, setup, refuses):
    import_bank_transaction(books, id="tx_eur", amount=500, currency="EUR", date="2026-02-01")
    with refuses(CurrencyMismatch) as caught:
        allocate_transaction(books, "inv_1", "tx_eur", 100)
    assert (caught["error"].expected, caught["error"].given) == ("USD", "EUR")


def test_outgoing_transactions_and_void_invoices_take_no_allocation(books, setup, refuses):
    import_bank_transaction(books, id="tx_out", amount=-500, date="2026-02-01")
    with refuses(InvalidState) as caught:
        allocate_transaction(books, "inv_1", "tx_out", 100)
    assert caught["error"].state == "outgoing"
    void_invoice(books, "inv_2")
    with refuses(InvalidState) as caught:
        allocate_transaction(books, "inv_2", "tx_1", 100)
    assert caught["error"].state == "void"


def test_bad_transactions_name_the_field(books, refuses):
    for fields, field in (
        ({"amount": 0, "date": "2026-01-01"}, "amount"),
        ({"amount": 10, "date": "nope"}, "date"),
        ({"amount": 10, "date": "2026-01-01", "currency": "x"}, "currency"),
    ):
        with refuses(InvalidInput) as caught:
            import_bank_transaction(books, **fields)
        assert caught["error"].field == field
