"""Credit notes: reduce what an invoice's customer owes, refunding what was already paid.

Record ``credit_note``::

    id, credit_note_number (str "1", "2" ... per repository), invoice_id, customer_id,
    currency, amount, reason, status ("issued"), date (ISO date),
    applied_amount (the part that reduced the unpaid balance),
    refunded_amount (amount - applied_amount, given back),
    refund_destination (credits | original_payment_method | external | None),
    refund_ids (the refunds it caused, all written with it), voided_invoice (bool), extra,
    created_at, updated_at

Rules. Only open, partially_paid, payment_failed or paid invoices take credit notes. The
credit notes of an invoice never add up to more than its total. The part up to the unpaid
balance (amount_due, if positive) is applied; the rest must be refunded, to:

- ``original_payment_method``: back to the invoice's payments, per ``refund_amount_split``
  [{payment_id, amount}] (must add up to the rest) or else oldest payment first, never more
  than a payment's refundable amount;
- ``credits``: to the customer's credit balance in the invoice currency;
- ``external``: paid back outside the sandbox.

Every refund says which money it gives back: a payment's (``payment_id``) or, with
``payment_id`` None, credits that were applied to the invoice. Refunds to credits take back
applied credits first, then payments oldest first; external refunds take payments oldest
first, then applied credits. So a payment is never refunded twice over, whatever the
destination. One refund record is written per source.

With ``void_if_settled`` a credit note that covers the whole remaining balance voids the
invoice (a vendor rule some adapters need).

Events: credit_note.created, refund.created for each refund, and the invoice's change.
"""

from __future__ import annotations

from . import checks
from .books import CREDIT_NOTE, CUSTOMER, INVOICE, Books
from .dates import iso_date
from .errors import InvalidInput, InvalidState, LimitExceeded
from .events import CREDIT_NOTE_CREATED
from .invoices import link_credit_note, linked_records, mark_void, refresh_invoice
from .money import require_currency
from .payments import refundable
from .refunds import REFUND_DESTINATIONS, add_refund

CREDITABLE_STATUSES = ("open", "partially_paid", "payment_failed", "paid")
CREDIT_NOTE_NUMBER = "credit_note_number"


def issue_credit_note(
    books: Books,
    invoice_id: str,
    *,
    amount: int,
    reason: str | None = None,
    refund_destination: str | None = None,
    refund_amount_split: list[dict] | None = None,
    void_if_settled: bool = False,
    currency: str | None = None,
    id: str | None = None,
    extra: dict | None = None,
) -> dict:
    """Issue a credit note of ``amount`` minor units against an invoice; returns it.

    Refused: InvalidState (invoice draft or void); InvalidInput (amount < 1; refund needed
    but no ``refund_destination``; a split without original_payment_method, with a payment of
    another invoice, or not adding up to the refund); LimitExceeded (``amount`` above the
    total not yet credited, or above what the payments can refund; a split amount above its
    payment's refundable amount); CurrencyMismatch (``currency`` given and not the invoice's).
    """
    invoice = books.get(INVOICE, checks.text(invoice_id, "invoice_id"))
    if invoice["status"] not in CREDITABLE_STATUSES:
        raise InvalidState(
            INVOICE,
            invoice["id"],
            invoice["status"],
            f"invoice {invoice['id']} is {invoice['status']}; credit notes apply to open, "
            "partially paid or paid invoices",
        )
    checks.amount(amount, "amount", minimum=1)
    require_currency(invoice["currency"], currency)
    creditable = invoice["total"] - invoice["amount_credited"]
    if amount > creditable:
        raise LimitExceeded(
            "amount",
            creditable,
            f"amount {amount} exceeds the {creditable} not yet credited on invoice {invoice['id']}",
        )
    unpaid = max(invoice["amount_due"], 0)
    applied = min(amount, unpaid)
    to_refund = amount - applied
    destination = None
    if refund_destination is not None:
        destination = checks.choice(refund_destination, "refund_destination", REFUND_DESTINATIONS)
    if to_refund and destination is None:
        raise InvalidInput(
            "refund_destination",
            f"required: {to_refund} of the credit note exceeds the {unpaid} unpaid on invoice "
            f"{invoice['id']} and must be refunded (credits, original_payment_method or external)",
        )
    if refund_amount_split is not None and destination != "original_payment_method":
        raise InvalidInput(
            "refund_amount_split", "only allowed with refund_destination original_payment_method"
        )
    plan: list[tuple[dict | None, int]] = []
    if to_refund or refund_amount_split:
        links = linked_records(books, invoice)
        if refund_amount_split is None:
            plan = _plan(invoice, links, destination, to_refund, applied)
        else:
            plan = _split(invoice, links["payments"], refund_amount_split, to_refund)
    note_reason = checks.text(reason, "reason", required=False)
    note_extra = checks.mapping(extra, "extra")
    checks.flag(void_if_settled, "void_if_settled")
    note_id = books.claim_id(CREDIT_NOTE, checks.record_id(id, "id"))

    note = {
        "id": note_id,
        "credit_note_number": str(books.next_number(CREDIT_NOTE_NUMBER)),
        "invoice_id": invoice["id"],
        "customer_id": invoice["customer_id"],
        "currency": invoice["currency"],
        "amount": amount,
        "reason": note_reason,
        "status": "issued",
        "date": iso_date(books.today()),
        "applied_amount": applied,
        "refunded_amount": to_refund,
        "refund_destination": destination,
        "refund_ids": [],
        "voided_invoice": False,
        "extra": note_extra,
    }
    refunds = [_refund(books, invoice, note, share, destination, source) for source, share in plan]
    if to_refund and destination == "credits":
        customer = books.get(CUSTOMER, invoice["customer_id"])
        balances = customer["credit_balances"]
        balances[invoice["currency"]] = balances.get(invoice["currency"], 0) + to_refund
        books.save(CUSTOMER, customer)
    note["refund_ids"] = [refund["id"] for refund in refunds]
    link_credit_note(books, invoice, note)
    books.create(CREDIT_NOTE, note)
    books.emit(CREDIT_NOTE_CREATED, CREDIT_NOTE, note)
    refresh_invoice(books, invoice)
    if void_if_settled and applied and applied == unpaid:
        mark_void(books, invoice)
        note["voided_invoice"] = True
        books.save(CREDIT_NOTE, note)
    return note


def _refund(
    books: Books, invoice: dict, note: dict, amount: int, destination: str, payment: dict | None
) -> dict:
    return add_refund(
        books,
        invoice,
        amount=amount,
        destination=destination,
        payment=payment,
        credit_note_id=note["id"],
        reason=note["reason"],
    )


def _plan(
    invoice: dict, links: dict, destination: str, to_refund: int, applied: int
) -> list[tuple[dict | None, int]]:
    """(payment or None for applied credits, amount) slices that give back ``to_refund``."""
    payments = [p for p in links["payments"] if refundable(p) > 0]
    payments.sort(key=lambda p: p["paid_at"])  # stable: equal times keep creation order
    sources: list[tuple[dict | None, int]] = [(p, refundable(p)) for p in payments]
    credits_back = sum(r["amount"] for r in links["refunds"] if r["payment_id"] is None)
    credits = [(None, invoice["credits_applied"] - credits_back)]
    if destination == "credits":
        sources = credits + sources
    elif destination == "external":
        sources = sources + credits
    available = sum(capacity for _, capacity in sources)
    if available < to_refund:
        raise LimitExceeded(
            "amount",
            applied + available,
            f"{to_refund} of the credit note must be refunded but only {available} of invoice "
            f"{invoice['id']}'s payments is refundable",
        )
    plan, left = [], to_refund
    for source, capacity in sources:
        share = min(left, capacity)
        if share:
            plan.append((source, share))
            left -= share
    return plan


def _split(
    invoice: dict, payments: list[dict], split: object, to_refund: int
) -> list[tuple[dict, int]]:
    if not isinstance(split, list) or not split:
        raise InvalidInput("refund_amount_split", "must be a non-empty list", split)
    by_id = {payment["id"]: payment for payment in payments}
    shares: dict[str, int] = {}
    for index, part in enumerate(split):
        field = f"refund_amount_split[{index}]"
        if not isinstance(part, dict):
            raise InvalidInput(field, "must be an object", part)
        payment_id = checks.text(part.get("payment_id"), f"{field}.payment_id")
        share = checks.amount(part.get("amount"), f"{field}.amount", minimum=1)
        payment = by_id.get(payment_id)
        if payment is None:
            raise InvalidInput(
                f"{field}.payment_id",
                f"payment {payment_id} is not a payment of invoice {invoice['id']}",
                payment_id,
            )
        left = refundable(payment) - shares.get(payment_id, 0)
        if share > left:
            raise LimitExceeded(
                f"{field}.amount",
                left,
                f"amount {share} exceeds the {left} refundable on payment {payment_id}",
            )
        shares[payment_id] = shares.get(payment_id, 0) + share
    total = sum(shares.values())
    if total != to_refund:
        raise InvalidInput(
            "refund_amount_split",
            f"amounts add up to {total} but {to_refund} of the credit note must be refunded",
        )
    return [(by_id[payment_id], share) for payment_id, share in shares.items()]
