"""Ledger payments and refunds -> Chargebee's transactions; credit notes -> its credit note.

A payment is a transaction of type ``payment`` (``success`` or ``failure``): collected from
the card on file (gateway ``chargebee``), or recorded offline (gateway ``not_applicable``,
with the payment method and reference number given). A refund is a transaction of type
``refund`` naming the payment it gives back (``refunded_txn_id``): to the card (a refund), or
recorded as made outside (a recorded refund). ``GET /transactions`` lists both kinds.
"""

from __future__ import annotations

from collections.abc import Iterable

from billing_sandbox.core import (
    CREDIT_NOTE,
    INVOICE,
    PAYMENT,
    REFUND,
    Books,
    child_records,
)
from billing_sandbox.engine.resources.handlers import PARENT_LINK

from .shapes import invoice_shape, invoice_status, present, resource_version, unix

PAYMENT_METHODS = ("card", "cash", "check", "bank_transfer", "direct_debit", "other")


def is_refund(record: dict) -> bool:
    return "destination" in record


def transaction_of(books: Books, key: str) -> dict | None:
    """The payment or refund with this id."""
    return books.find(PAYMENT, key) or books.find(REFUND, key)


def transaction_records(books: Books) -> Iterable[dict]:
    """Payments and refunds, oldest first."""
    records = books.list(PAYMENT) + books.list(REFUND)
    return sorted(records, key=lambda record: record["created_at"])


def transaction_resource(books: Books, record: dict) -> dict:
    """A payment or refund as ``GET /transactions`` shows it (linked to its invoice, for the
    invoice's list of transactions)."""
    invoice_body = invoice_shape(books, books.get(INVOICE, record["invoice_id"]))
    shaped = (refund_transaction_shape(books, record, invoice_body) if is_refund(record)
              else transaction_shape(books, record, invoice_body))
    shaped[PARENT_LINK] = {"invoice": record["invoice_id"]}
    return shaped


def transaction_shape(books: Books, payment: dict, invoice_body: dict) -> dict:
    """Chargebee's transaction of a payment (``status`` success or failure)."""
    succeeded = payment["status"] != "failed"
    when = unix(payment["paid_at"] or payment["created_at"])
    refunds = child_records(books, PAYMENT, payment, REFUND)
    offline = payment["origin"] == "manual"
    return present({
        "id": payment["id"],
        "customer_id": payment["customer_id"],
        "subscription_id": invoice_body.get("subscription_id"),
        "payment_source_id": payment["source"],
        "payment_method": payment["method"] if payment["method"] in PAYMENT_METHODS
        else "other",
        "reference_number": payment["reference"],
        "gateway": "not_applicable" if offline else "chargebee",
        "type": "payment",
        "date": when,
        "exchange_rate": 1.0,
        "amount": payment["amount"],
        "status": "success" if succeeded else "failure",
        "error_text": payment["failure_reason"],
        "updated_at": unix(payment["updated_at"]),
        "resource_version": resource_version(payment),
        "deleted": False,
        "object": "transaction",
        "currency_code": payment["currency"],
        "base_currency_code": payment["currency"],
        "amount_unused": 0,
        "linked_invoices": [_linked_invoice(payment["amount"] if succeeded else 0, when,
                                            invoice_body)],
        "linked_refunds": [{"txn_id": refund["id"], "txn_status": "success",
                            "txn_date": unix(refund["created_at"]),
                            "txn_amount": refund["amount"]} for refund in refunds],
    })


def refund_transaction_shape(books: Books, refund: dict, invoice_body: dict) -> dict:
    """Chargebee's transaction of type ``refund`` giving back (part of) a payment."""
    when = unix(refund["created_at"])
    note = books.find(CREDIT_NOTE, refund["credit_note_id"]) if refund["credit_note_id"] \
        else None
    recorded = (note or {}).get("extra", {}).get("refund", {})
    external = refund["destination"] == "external"
    return present({
        "id": refund["id"],
        "customer_id": refund["customer_id"],
        "subscription_id": invoice_body.get("subscription_id"),
        "payment_method": recorded.get("payment_method", "other" if external else "card"),
        "reference_number": recorded.get("reference_number"),
        "gateway": "not_applicable" if external else "chargebee",
        "type": "refund",
        "date": recorded.get("date", when),
        "exchange_rate": 1.0,
        "amount": refund["amount"],
        "status": "success",
        "refunded_txn_id": refund["payment_id"],
        "updated_at": unix(refund["updated_at"]),
        "resource_version": resource_version(refund),
        "deleted": False,
        "object": "transaction",
        "currency_code": refund["currency"],
        "base_currency_code": refund["currency"],
    })


def credit_note_shape(books: Books, note: dict) -> dict:
    """Chargebee's credit note: ``adjustment`` when it only lowered what was due, else
    ``refundable`` (refunded, or left as refundable credits)."""
    invoice = books.get(INVOICE, note["invoice_id"])
    refunded = note["refunded_amount"]
    paid_out = refunded and note["refund_destination"] in ("original_payment_method", "external")
    status = "refunded" if paid_out else ("refund_due" if refunded else "adjusted")
    return present({
        "id": note["id"],
        "customer_id": note["customer_id"],
        "subscription_id": invoice["subscription_id"],
        "reference_invoice_id": note["invoice_id"],
        "type": "refundable" if refunded else "adjustment",
        "reason_code": note["extra"].get("reason_code", "other"),
        "status": status,
        "date": unix(note["created_at"]),
        "price_type": "tax_exclusive",
        "currency_code": note["currency"],
        "total": note["amount"],
        "amount_allocated": note["applied_amount"],
        "amount_refunded": refunded if paid_out else 0,
        "amount_available": 0 if paid_out else refunded,
        "generated_at": unix(note["created_at"]),
        "updated_at": unix(note["updated_at"]),
        "resource_version": resource_version(note),
        "sub_total": note["amount"],
        "deleted": False,
        "object": "credit_note",
        "allocations": [{"invoice_id": note["invoice_id"],
                         "allocated_amount": note["applied_amount"],
                         "allocated_at": unix(note["created_at"]),
                         "invoice_date": unix(invoice["date"]),
                         "invoice_status": invoice_status(invoice, books.today())}]
        if note["applied_amount"] else [],
    })


def _linked_invoice(applied: int, when: int, invoice_body: dict) -> dict:
    return {"invoice_id": invoice_body["id"], "applied_amount": applied, "applied_at": when,
            "invoice_date": invoice_body["date"], "invoice_total": invoice_body["total"],
            "invoice_status": invoice_body["status"]}
