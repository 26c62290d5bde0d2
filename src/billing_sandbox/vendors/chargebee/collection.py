"""Collecting what a customer owes, as a Chargebee site does: auto collection charges the card
on file as soon as an invoice is closed; a declined charge is recorded (a failed
transaction) and leaves the invoice ``payment_due``, in dunning (``dunning_status:
in_progress``) until it is paid or dunning is stopped.

Whether a customer collects automatically: the subscription's ``auto_collection`` when it set
one, else the customer's. Whether invoices wait as ``pending`` for more charges before they
are closed: ``auto_close_invoices: false`` on the subscription, else the customer (Chargebee
closes them by default).
"""

from __future__ import annotations

from datetime import datetime

from billing_sandbox.core import (
    CUSTOMER,
    INVOICE,
    SUBSCRIPTION,
    Books,
    bill_term,
    charge_invoice,
    terms,
)
from billing_sandbox.engine.errors import ApiError

from .cards import decline_reason
from .customer_shapes import DOCUMENT

IN_DUNNING = "in_progress"


def auto_collecting(customer: dict, subscription: dict | None = None) -> bool:
    override = (subscription or {}).get("extra", {}).get("auto_collection")
    return override == "on" if override in ("on", "off") else customer["auto_collection"]


def auto_closing(customer: dict, subscription: dict | None = None) -> bool:
    for record in (subscription, customer):
        value = (record or {}).get("extra", {}).get(DOCUMENT, {}).get("auto_close_invoices")
        if isinstance(value, bool):
            return value
    return True


def charge(books: Books, invoice_id: str, *, amount: int | None = None) -> dict:
    """One charge to the card on file (the payment, failed when the card declines); the
    invoice's dunning status follows."""
    invoice = books.get(INVOICE, invoice_id)
    customer = books.get(CUSTOMER, invoice["customer_id"])
    payment = charge_invoice(books, invoice_id, skip_due_date_check=True, amount=amount,
                             decline_reason=decline_reason(customer, books.today()))
    invoice = books.get(INVOICE, invoice_id)
    dunning = invoice["extra"].get("dunning_status")
    if payment["status"] == "failed":
        invoice["extra"]["dunning_status"] = IN_DUNNING
    elif dunning == IN_DUNNING and invoice["status"] == "paid":
        invoice["extra"]["dunning_status"] = "success"
    books.save(INVOICE, invoice)
    return payment


def collect(books: Books, invoice_id: str) -> dict | None:
    """Auto collection of a closed invoice: the payment, or None when nothing was charged
    (auto collection off, no card on file, nothing due)."""
    invoice = books.get(INVOICE, invoice_id)
    if invoice["status"] in ("draft", "void", "paid") or invoice["amount_due"] <= 0:
        return None
    customer = books.get(CUSTOMER, invoice["customer_id"])
    subscription = books.find(SUBSCRIPTION, invoice["subscription_id"]) \
        if invoice["subscription_id"] else None
    if not auto_collecting(customer, subscription) or customer["payment_source_id"] is None:
        return None
    return charge(books, invoice_id)


def bill_and_collect(books: Books, subscription_id: str, *, refuse_decline: bool) -> dict | None:
    """Bill the subscription's current term and collect it (unless it stays pending). With
    ``refuse_decline`` (a subscription being created or reactivated) a charge that cannot
    be made is refused as Chargebee refuses it: raised, so nothing is kept."""
    subscription = books.get(SUBSCRIPTION, subscription_id)
    customer = books.get(CUSTOMER, subscription["customer_id"])
    pending = not auto_closing(customer, subscription)
    invoice = bill_term(books, subscription_id, pending=pending)
    if invoice is None:
        return None
    annotate_term(books, invoice, subscription)
    if pending:
        return books.get(INVOICE, invoice["id"])
    wants_card = auto_collecting(customer, subscription) and invoice["amount_due"] > 0
    if refuse_decline and wants_card and customer["payment_source_id"] is None:
        raise no_payment_method(customer)
    payment = collect(books, invoice["id"])
    if refuse_decline and payment is not None and payment["status"] == "failed":
        raise declined(customer, payment)
    return books.get(INVOICE, invoice["id"])


def annotate_term(books: Books, invoice: dict, subscription: dict) -> None:
    """A term's invoice shows the term to the second (``date_from``/``date_to``), dated at
    its start, with the customer's net terms."""
    stored = books.get(INVOICE, invoice["id"])
    start, end = terms.term_of(books.get(SUBSCRIPTION, subscription["id"]))
    customer = books.get(CUSTOMER, subscription["customer_id"])
    stored["extra"].update({"date": _seconds(start), "date_from": _seconds(start),
                            "date_to": _seconds(end),
                            "net_term_days": customer["net_terms_days"] or 0})
    books.save(INVOICE, stored)


def declined(customer: dict, payment: dict) -> ApiError:
    return ApiError(
        "payment_failed",
        f"The payment collection failed. Gateway Error: the card {payment['source']} of "
        f"customer {customer['id']}: {payment['failure_reason']}.",
        code="payment_processing_failed")


def no_payment_method(customer: dict) -> ApiError:
    return ApiError(
        "payment_failed",
        f"customer {customer['id']} has auto collection on and no payment method on file. "
        "Add a card, or turn auto collection off to invoice without charging.",
        code="payment_method_not_present")


def _seconds(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp())
