"""Payments: money received against one invoice — charges, recorded payments, allocations.

Record ``payment``::

    id, invoice_id, customer_id, amount, currency,
    status (succeeded | failed | refunded | partially_refunded),
    origin (charge | manual | bank_transaction | import),
    method (e.g. "card", "bank_transfer", "other"), source (payment source id or None),
    reference (connector/external reference or None), failure_reason (failed charges),
    amount_refunded, refund_count, refund_tail (its refunds, oldest first; see core.links),
    transaction_id and transaction (a summary
    {id, amount, currency, date, description, reference} for allocations, else None),
    paid_at (ISO datetime; None when failed), extra, created_at, updated_at

A failed payment is kept for the record but counts nowhere. Events: payment.succeeded or
payment.failed when stored (and the invoice's, see invoices). A payment's refunds never exceed
its amount; ``refundable(payment)`` is what is left to refund.
"""

from __future__ import annotations

from . import checks, links
from .books import CUSTOMER, INVOICE, PAYMENT, REFUND, Books
from .dates import iso_datetime, parse_date, to_datetime
from .errors import InvalidState, LimitExceeded
from .events import PAYMENT_FAILED, PAYMENT_SUCCEEDED
from .invoices import link_payment, refresh_invoice, require_payable
from .money import require_currency

PAYMENT_STATUSES = ("succeeded", "failed", "refunded", "partially_refunded")
PAYMENT_ORIGINS = ("charge", "manual", "bank_transaction", "import")


def refundable(payment: dict) -> int:
    """What may still be refunded on the payment (0 for a failed one)."""
    if payment["status"] == "failed":
        return 0
    return payment["amount"] - payment["amount_refunded"]


def add_payment(
    books: Books,
    invoice: dict,
    *,
    amount: int,
    origin: str,
    method: str,
    status: str = "succeeded",
    source: str | None = None,
    reference: str | None = None,
    paid_at: str | None = None,
    failure_reason: str | None = None,
    transaction: dict | None = None,
    record_id: str | None = None,
    extra: dict | None = None,
) -> dict:
    """Store a payment on the invoice and refresh the invoice; callers have checked the rules."""
    payment_id = record_id or books.new_id(PAYMENT)
    payment = {
        "id": payment_id,
        "invoice_id": invoice["id"],
        "customer_id": invoice["customer_id"],
        "amount": amount,
        "currency": invoice["currency"],
        "status": status,
        "origin": origin,
        "method": method,
        "source": source,
        "reference": reference,
        "failure_reason": failure_reason,
        "amount_refunded": 0,
        **links.fields(REFUND),
        "transaction_id": None if transaction is None else transaction["id"],
        "transaction": transaction,
        "paid_at": None if status == "failed" else (paid_at or books.timestamp()),
        "extra": extra or {},
    }
    books.create(PAYMENT, payment)
    books.emit(PAYMENT_FAILED if status == "failed" else PAYMENT_SUCCEEDED, PAYMENT, payment)
    link_payment(books, invoice, payment)
    invoice["payment_failed"] = status == "failed"
    refresh_invoice(books, invoice)
    return payment


def record_payment(
    books: Books,
    invoice_id: str,
    *,
    amount: int,
    currency: str | None = None,
    method: str = "other",
    source: str | None = None,
    reference: str | None = None,
    paid_at: object = None,
    allow_overpayment: bool = False,
    id: str | None = None,
    extra: dict | None = None,
) -> dict:
    """Record money received outside the sandbox (cash, cheque, transfer) against an invoice.

    Refused: draft/void invoice (InvalidState); amount < 1 (InvalidInput); another currency
    (CurrencyMismatch); unless ``allow_overpayment``, a paid invoice (InvalidState) or an
    amount above amount_due (LimitExceeded on ``amount``).
    """
    invoice = books.get(INVOICE, checks.text(invoice_id, "invoice_id"))
    require_payable(invoice, "record a payment")
    checks.amount(amount, "amount", minimum=1)
    require_currency(invoice["currency"], currency)
    if not allow_overpayment:
        _require_unpaid(invoice)
        if amount > invoice["amount_due"]:
            raise LimitExceeded(
                "amount",
                invoice["amount_due"],
                f"amount {amount} exceeds the {invoice['amount_due']} due on invoice {invoice_id}",
            )
    when = None if paid_at is None else iso_datetime(to_datetime(paid_at, "paid_at"))
    return add_payment(
        books,
        invoice,
        amount=amount,
        origin="manual",
        method=checks.text(method, "method"),
        source=checks.text(source, "source", required=False),
        reference=checks.text(reference, "reference", required=False),
        paid_at=when,
        record_id=books.claim_id(PAYMENT, checks.record_id(id, "id")),
        extra=checks.mapping(extra, "extra"),
    )


def charge_invoice(
    books: Books,
    invoice_id: str,
    *,
    method: str | None = None,
    source: str | None = None,
    reference: str | None = None,
    skip_due_date_check: bool = False,
    decline_reason: str | None = None,
    id: str | None = None,
    amount: int | None = None,
) -> dict:
    """Charge the amount due (or ``amount`` of it) through a payment method; returns the
    payment.

    The source defaults to the customer's payment source on file, the method to the
    customer's payment method (else "card"). With ``decline_reason`` the charge is declined:
    a failed payment is recorded and returned, the invoice stays unpaid with status
    payment_failed (the adapter decides when a charge declines).

    Refused (InvalidState, message with the current status): invoice draft, void or already
    paid; not yet due (today < due_date) unless ``skip_due_date_check``; no payment source
    given and none on file. ``amount`` above amount_due: LimitExceeded.
    """
    invoice = books.get(INVOICE, checks.text(invoice_id, "invoice_id"))
    require_payable(invoice, "charge it")
    _require_unpaid(invoice)
    if not checks.flag(skip_due_date_check, "skip_due_date_check"):
        due = parse_date(invoice["due_date"])
        if books.today() < due:
            raise InvalidState(
                INVOICE,
                invoice_id,
                invoice["status"],
                f"invoice {invoice_id} is {invoice['status']} and not due until {due.isoformat()}; "
                "skip the due date check to charge it now",
            )
    customer = books.get(CUSTOMER, invoice["customer_id"])
    source = checks.text(source, "source", required=False) or customer["payment_source_id"]
    if source is None:
        raise InvalidState(
            CUSTOMER,
            customer["id"],
            None,
            f"customer {customer['id']} has no payment source on file to charge",
        )
    if amount is None:
        amount = invoice["amount_due"]
    checks.amount(amount, "amount", minimum=1)
    if amount > invoice["amount_due"]:
        raise LimitExceeded(
            "amount",
            invoice["amount_due"],
            f"amount {amount} exceeds the {invoice['amount_due']} due on invoice {invoice_id}",
        )
    return collect_payment(
        books,
        invoice,
        customer,
        source=source,
        method=checks.text(method, "method", required=False),
        reference=checks.text(reference, "reference", required=False),
        decline_reason=checks.text(decline_reason, "decline_reason", required=False),
        record_id=books.claim_id(PAYMENT, checks.record_id(id, "id")),
        amount=amount,
    )


def collect_payment(
    books: Books,
    invoice: dict,
    customer: dict,
    *,
    source: str,
    method: str | None = None,
    reference: str | None = None,
    decline_reason: str | None = None,
    record_id: str | None = None,
    amount: int | None = None,
) -> dict:
    """Charge the invoice in hand (its amount due, or ``amount`` of it) through ``source``,
    once the caller has checked what charge_invoice checks; returns the payment. ``invoice``
    is refreshed and stored in place, so the caller's dict stays the stored one."""
    return add_payment(
        books,
        invoice,
        amount=invoice["amount_due"] if amount is None else amount,
        origin="charge",
        method=method or customer["payment_method"] or "card",
        status="failed" if decline_reason else "succeeded",
        source=source,
        reference=reference,
        failure_reason=decline_reason,
        record_id=record_id,
    )


def _require_unpaid(invoice: dict) -> None:
    if invoice["status"] == "paid":
        raise InvalidState(
            INVOICE, invoice["id"], "paid", f"invoice {invoice['id']} is already paid"
        )
