"""An invoice's derived totals and status, computed in this one place from its linked records.

Definitions (all integer minor units, in the invoice's currency)::

    sub_total       = sum of line_items[].amount
    discount        = sum of discounts[].amount          (never more than sub_total)
    total           = sub_total - discount
    amount_paid     = sum of the invoice's payments that did not fail (gross, before refunds)
    credits_applied = sum of credit_applications[].amount (customer credits spent on it)
    amount_credited = sum of its credit notes' amount
    amount_adjusted = sum of its credit notes' applied_amount (the part that cut the balance)
    amount_refunded = sum of its refunds' amount (to the payment method, credits or external)

    amount_due      = total - amount_credited - amount_paid - credits_applied + amount_refunded

That is: what is owed (total less credit notes) minus what was received net of money given
back. A credit note's refunded part is in both amount_credited and amount_refunded, so it
leaves amount_due unchanged; a bare refund of a payment raises amount_due again. amount_due
is negative when the invoice is overpaid.

The four sums over linked records (amount_paid, amount_credited, amount_adjusted,
amount_refunded) are kept on the invoice and moved by the ``link_*`` functions of
core.invoices as each record is linked, so a write costs the same on the 1,000th payment as
on the first; ``link_sums`` recomputes them from the records (the definition, and the check
the tests make). A linked record never changes in a way that would move them afterwards: a
payment's status goes from succeeded to (partially) refunded, never to failed, and refunds
count through their own records.

Status (the neutral lifecycle adapters map to the vendors')::

    draft           not finalized; kept until finalize_invoice
    void            voided; kept for good
    paid            amount_due <= 0
    payment_failed  amount_due > 0 and the last charge attempt was declined
    partially_paid  amount_due > 0 and money was received (paid - refunded + credits > 0)
    open            amount_due > 0 and nothing received
"""

from __future__ import annotations

INVOICE_STATUSES = ("draft", "open", "partially_paid", "paid", "payment_failed", "void")
PAYABLE_STATUSES = ("open", "partially_paid", "payment_failed", "paid")
FAILED = "failed"


LINK_SUMS = ("amount_paid", "amount_credited", "amount_adjusted", "amount_refunded")


def counts_as_paid(payment: dict) -> bool:
    return payment["status"] != FAILED


def link_sums(payments: list[dict], credit_notes: list[dict], refunds: list[dict]) -> dict:
    """The sums over an invoice's linked records, from the records themselves."""
    return {
        "amount_paid": sum(p["amount"] for p in payments if counts_as_paid(p)),
        "amount_credited": sum(note["amount"] for note in credit_notes),
        "amount_adjusted": sum(note["applied_amount"] for note in credit_notes),
        "amount_refunded": sum(refund["amount"] for refund in refunds),
    }


def invoice_totals(
    invoice: dict, payments: list[dict], credit_notes: list[dict], refunds: list[dict]
) -> dict:
    """The derived fields of ``invoice`` (see the module docstring), including ``status``."""
    return derived_totals(invoice, link_sums(payments, credit_notes, refunds))


def derived_totals(invoice: dict, sums: dict) -> dict:
    """The derived fields from the invoice's own fields and the ``link_sums`` given."""
    sub_total = sum(line["amount"] for line in invoice["line_items"])
    discount = min(sum(line["amount"] for line in invoice["discounts"]), sub_total)
    total = sub_total - discount
    amount_paid = sums["amount_paid"]
    credits_applied = sum(c["amount"] for c in invoice["credit_applications"])
    amount_credited = sums["amount_credited"]
    amount_refunded = sums["amount_refunded"]
    amount_due = total - amount_credited - amount_paid - credits_applied + amount_refunded
    received = amount_paid - amount_refunded + credits_applied
    return {
        "sub_total": sub_total,
        "discount": discount,
        "total": total,
        "amount_paid": amount_paid,
        "credits_applied": credits_applied,
        "amount_credited": amount_credited,
        "amount_adjusted": sums["amount_adjusted"],
        "amount_refunded": amount_refunded,
        "amount_due": amount_due,
        "status": invoice_status(invoice, amount_due, received),
    }


def invoice_status(invoice: dict, amount_due: int, received: int) -> str:
    if invoice["status"] in ("draft", "void"):
        return invoice["status"]
    if amount_due <= 0:
        return "paid"
    if invoice["payment_failed"]:
        return "payment_failed"
    if received > 0:
        return "partially_paid"
    return "open"
