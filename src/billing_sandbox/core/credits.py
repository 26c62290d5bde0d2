"""Customer credits: a balance per currency, filled by refunds or grants, spent on invoices.

Spending adds ``{amount, applied_at}`` to the invoice's ``credit_applications`` (counted in
its credits_applied) and lowers ``customer.credit_balances[currency]``.
"""

from __future__ import annotations

from . import checks
from .books import CUSTOMER, INVOICE, Books
from .customers import credit_balance
from .errors import InvalidState, LimitExceeded
from .invoices import refresh_invoice, require_payable
from .money import require_currency


def grant_credits(
    books: Books, customer_id: str, amount: int, *, currency: str | None = None
) -> dict:
    """Add promotional or goodwill credits to a customer's balance; returns the customer."""
    customer = books.get(CUSTOMER, checks.text(customer_id, "customer_id"))
    checks.amount(amount, "amount", minimum=1)
    code = require_currency(customer["currency"], currency)
    customer["credit_balances"][code] = credit_balance(customer, code) + amount
    return books.save(CUSTOMER, customer)


def deduct_credits(
    books: Books, customer_id: str, amount: int, *, currency: str | None = None
) -> dict:
    """Take credits back from a customer's balance (LimitExceeded above it); returns the
    customer."""
    customer = books.get(CUSTOMER, checks.text(customer_id, "customer_id"))
    checks.amount(amount, "amount", minimum=1)
    code = require_currency(customer["currency"], currency)
    balance = credit_balance(customer, code)
    if amount > balance:
        raise LimitExceeded(
            "amount", balance, f"amount {amount} exceeds the {balance} {code} credits of "
                               f"customer {customer['id']}")
    customer["credit_balances"][code] = balance - amount
    return books.save(CUSTOMER, customer)


def apply_credits(books: Books, invoice_id: str, amount: int | None = None) -> dict:
    """Spend the customer's credits on the invoice's unpaid balance; returns the invoice.

    ``amount`` defaults to as much as both the balance and amount_due allow. Refused:
    InvalidState (draft, void or paid invoice; no credits in the invoice currency);
    InvalidInput (amount < 1); LimitExceeded (``amount`` above the credit balance or the
    amount due).
    """
    invoice = books.get(INVOICE, checks.text(invoice_id, "invoice_id"))
    require_payable(invoice, "apply credits")
    if invoice["status"] == "paid":
        raise InvalidState(
            INVOICE, invoice["id"], "paid", f"invoice {invoice['id']} is already paid"
        )
    customer = books.get(CUSTOMER, invoice["customer_id"])
    currency = invoice["currency"]
    balance = credit_balance(customer, currency)
    if balance == 0:
        raise InvalidState(
            CUSTOMER, customer["id"], None, f"customer {customer['id']} has no {currency} credits"
        )
    due = invoice["amount_due"]
    if amount is None:
        amount = min(balance, due)
    checks.amount(amount, "amount", minimum=1)
    for limit, what in (
        (balance, f"{currency} credits of customer {customer['id']}"),
        (due, f"due on invoice {invoice['id']}"),
    ):
        if amount > limit:
            raise LimitExceeded("amount", limit, f"amount {amount} exceeds the {limit} {what}")
    customer["credit_balances"][currency] = balance - amount
    books.save(CUSTOMER, customer)
    invoice["credit_applications"].append({"amount": amount, "applied_at": books.timestamp()})
    return refresh_invoice(books, invoice)
