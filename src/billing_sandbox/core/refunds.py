"""Refunds: money given back on an invoice, to a payment's method, to credits, or externally.

Record ``refund``::

    id, invoice_id, customer_id, amount, currency,
    destination (original_payment_method | credits | external),
    payment_id (the payment whose money it gives back, whatever the destination; None when
                it gives back customer credits that were applied to the invoice),
    credit_note_id (the credit note that caused it, or None), reason,
    status ("succeeded"), created_at, updated_at

A refund with a payment lowers that payment's refundable amount and moves the payment to
partially_refunded or refunded. Refunds count in the invoice's amount_refunded. Event:
refund.created.
"""

from __future__ import annotations

from . import checks, links
from .books import INVOICE, PAYMENT, REFUND, Books
from .errors import InvalidState, LimitExceeded
from .events import REFUND_CREATED
from .invoices import link_refund, refresh_invoice
from .payments import refundable

REFUND_DESTINATIONS = ("credits", "original_payment_method", "external")


def add_refund(
    books: Books,
    invoice: dict,
    *,
    amount: int,
    destination: str,
    payment: dict | None = None,
    credit_note_id: str | None = None,
    reason: str | None = None,
    record_id: str | None = None,
) -> dict:
    """Store a refund and link it to the invoice (and payment); the caller refreshes the invoice."""
    refund = {
        "id": record_id or books.new_id(REFUND),
        "invoice_id": invoice["id"],
        "customer_id": invoice["customer_id"],
        "amount": amount,
        "currency": invoice["currency"],
        "destination": destination,
        "payment_id": None if payment is None else payment["id"],
        "credit_note_id": credit_note_id,
        "reason": reason,
        "status": "succeeded",
    }
    books.create(REFUND, refund)
    books.emit(REFUND_CREATED, REFUND, refund)
    link_refund(books, invoice, refund)
    if payment is not None:
        payment["amount_refunded"] += amount
        links.append(books, PAYMENT, payment, REFUND, refund["id"])
        fully = payment["amount_refunded"] == payment["amount"]
        payment["status"] = "refunded" if fully else "partially_refunded"
        books.save(PAYMENT, payment)
    return refund


def refund_payment(
    books: Books,
    payment_id: str,
    *,
    amount: int | None = None,
    reason: str | None = None,
    id: str | None = None,
) -> dict:
    """Give back (part of) a payment to its method without a credit note; returns the refund.

    The invoice's amount_due rises by the amount (the customer owes it again). ``amount``
    defaults to all that is refundable. Refused: failed or fully refunded payment
    (InvalidState); amount < 1 (InvalidInput); above the refundable amount (LimitExceeded).
    """
    payment = books.get(PAYMENT, checks.text(payment_id, "payment_id"))
    left = refundable(payment)
    if left == 0:
        raise InvalidState(
            PAYMENT,
            payment["id"],
            payment["status"],
            f"payment {payment['id']} is {payment['status']}; nothing left to refund",
        )
    if amount is None:
        amount = left
    checks.amount(amount, "amount", minimum=1)
    if amount > left:
        raise LimitExceeded(
            "amount",
            left,
            f"amount {amount} exceeds the {left} refundable on payment {payment['id']}",
        )
    invoice = books.get(INVOICE, payment["invoice_id"])
    refund = add_refund(
        books,
        invoice,
        amount=amount,
        destination="original_payment_method",
        payment=payment,
        reason=checks.text(reason, "reason", required=False),
        record_id=books.claim_id(REFUND, checks.record_id(id, "id")),
    )
    refresh_invoice(books, invoice)
    return refund
