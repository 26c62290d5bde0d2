"""Bank transactions and their allocations to invoices.

Record ``bank_transaction``::

    id, amount (minor units; negative = money out, never allocatable), currency,
    date (ISO datetime), description, reference, counterparty,
    allocated_amount, unallocated_amount,
    payment_count, payment_tail (its allocations, oldest first; see core.links),
    extra, created_at, updated_at

An allocation is a payment (origin ``bank_transaction``) linking the transaction to an
invoice. One transaction may pay several invoices (split) and several transactions one
invoice (partial); the allocations of a transaction never exceed its amount. Paying more than
an invoice's balance is allowed and leaves a negative amount_due. Refunding an allocation
later does not give the amount back to the transaction.
"""

from __future__ import annotations

from . import checks, links
from .books import BANK_TRANSACTION, INVOICE, PAYMENT, Books
from .dates import iso_datetime, to_datetime
from .errors import InvalidInput, InvalidState, LimitExceeded
from .invoices import require_payable
from .money import currency_code, require_currency
from .payments import add_payment


def import_bank_transaction(
    books: Books,
    *,
    amount: int,
    date: object,
    currency: str = "USD",
    id: str | None = None,
    description: str | None = None,
    reference: str | None = None,
    counterparty: str | None = None,
    extra: dict | None = None,
) -> dict:
    """Create (or import from a fixture) a bank transaction with nothing allocated."""
    checks.amount(amount, "amount", minimum=-(10**15))
    if amount == 0:
        raise InvalidInput("amount", "must not be zero", amount)
    record = {
        "amount": amount,
        "currency": currency_code(currency),
        "date": iso_datetime(to_datetime(date, "date")),
        "description": checks.text(description, "description", required=False),
        "reference": checks.text(reference, "reference", required=False),
        "counterparty": checks.text(counterparty, "counterparty", required=False),
        "allocated_amount": 0,
        "unallocated_amount": max(amount, 0),
        **links.fields(PAYMENT),
        "extra": checks.mapping(extra, "extra"),
    }
    record_id = books.claim_id(BANK_TRANSACTION, checks.record_id(id, "id"))
    return books.create(BANK_TRANSACTION, {"id": record_id, **record})


def allocate_transaction(
    books: Books,
    invoice_id: str,
    transaction_id: str,
    amount: int,
    *,
    paid_at: object = None,
    id: str | None = None,
) -> dict:
    """Pay ``amount`` of the transaction to the invoice; returns the payment (allocation).

    ``paid_at`` defaults to the transaction's date. The payment carries ``transaction``, a
    summary of the bank transaction. Refused: NotFound (invoice, bank_transaction);
    InvalidState (draft/void invoice, outgoing transaction); InvalidInput (amount < 1);
    CurrencyMismatch (``transaction_id``: currencies differ); LimitExceeded (``amount`` above
    the transaction's unallocated amount).
    """
    invoice = books.get(INVOICE, checks.text(invoice_id, "invoice_id"))
    transaction = books.get(BANK_TRANSACTION, checks.text(transaction_id, "transaction_id"))
    require_payable(invoice, "allocate a payment to it")
    checks.amount(amount, "amount", minimum=1)
    if transaction["amount"] < 0:
        raise InvalidState(
            BANK_TRANSACTION,
            transaction["id"],
            "outgoing",
            f"transaction {transaction['id']} is outgoing ({transaction['amount']}); "
            "only incoming transactions pay invoices",
        )
    require_currency(invoice["currency"], transaction["currency"], "transaction_id")
    left = transaction["unallocated_amount"]
    if amount > left:
        raise LimitExceeded(
            "amount",
            left,
            f"amount {amount} exceeds the {left} left unallocated on transaction "
            f"{transaction['id']}",
        )
    when = transaction["date"] if paid_at is None else iso_datetime(to_datetime(paid_at, "paid_at"))
    payment_id = books.claim_id(PAYMENT, checks.record_id(id, "id"))
    payment = add_payment(
        books,
        invoice,
        amount=amount,
        origin="bank_transaction",
        method="bank_transfer",
        reference=transaction["reference"],
        paid_at=when,
        transaction=transaction_summary(transaction),
        record_id=payment_id,
    )
    links.append(books, BANK_TRANSACTION, transaction, PAYMENT, payment_id)
    transaction["allocated_amount"] += amount
    transaction["unallocated_amount"] -= amount
    books.save(BANK_TRANSACTION, transaction)
    return payment


def transaction_summary(transaction: dict) -> dict:
    return {
        key: transaction[key]
        for key in ("id", "amount", "currency", "date", "description", "reference")
    }
