"""Ledger records -> DayZero's JSON, as specs/dayzero/invoices.yaml documents it.

Amounts are integer cents in both. Statuses: the ledger's neutral lifecycle maps one to one,
with ``paid`` for a fully paid invoice (the issue's open -> partially_paid -> paid). The
document also lists ``manual_paid`` ("fully paid via linked bank transactions"); change
FULLY_PAID if the real API is seen answering that instead.
"""

from __future__ import annotations

FULLY_PAID = "paid"
INVOICE_STATUS = {
    "draft": "draft",
    "open": "open",
    "partially_paid": "partially_paid",
    "paid": FULLY_PAID,
    "payment_failed": "open",  # DayZero has no failed-charge status; nothing was received
    "void": "void",
}


def invoice_body(invoice: dict, customer: dict | None, business_id: str) -> dict:
    """InvoiceResponse. ``amount_due`` is total - amount_paid, never below 0 (documented
    "0 once fully paid"), so an overpaid invoice shows 0 due and amount_paid > total."""
    draft = invoice["status"] == "draft"
    return {
        "id": invoice["id"],
        "business_id": business_id,
        "customer_id": invoice["customer_id"],
        "customer_name": None if customer is None else customer.get("name"),
        "invoice_number": None if draft else invoice["invoice_number"],
        "status": INVOICE_STATUS[invoice["status"]],
        "currency": invoice["currency"],
        "subtotal": invoice["sub_total"],
        "total": invoice["total"],
        "amount_paid": invoice["amount_paid"],
        "amount_due": max(invoice["amount_due"], 0),
        "issue_date": invoice["date"],
        "due_date": invoice["due_date"],
        "description": invoice["extra"].get("description"),
        "line_items": [_line_item(line) for line in invoice["line_items"]],
        "stripe_payment_url": None,
        "created_at": invoice["created_at"],
        "updated_at": invoice["updated_at"],
    }


def _line_item(line: dict) -> dict:
    return {
        "id": line["id"],
        "description": line["description"],
        "quantity": line["quantity"],
        "unit_price": line["unit_amount"],
        "amount": line["amount"],
    }


def payment_body(payment: dict, business_id: str, transaction: dict | None = None) -> dict:
    """InvoicePaymentResponse; ``transaction`` (the current bank transaction record) is
    summarized when given — the document includes it when listing, null on create."""
    return {
        "id": payment["id"],
        "invoice_id": payment["invoice_id"],
        "transaction_id": payment["transaction_id"],
        "amount": payment["amount"],
        "currency": payment["currency"],
        "paid_on": payment["paid_at"],
        "created_at": payment["created_at"],
        "updated_at": payment["updated_at"],
        "business_id": business_id,
        "transaction": None if transaction is None else transaction_summary(transaction),
    }


def transaction_summary(transaction: dict) -> dict:
    """InvoicePaymentTransactionSummary with the transaction's unallocated amount now."""
    return {
        "id": transaction["id"],
        "amount": transaction["amount"],
        "currency": transaction["currency"],
        "datetime": transaction["date"],
        "description": transaction["description"],
        "counterparty": transaction["counterparty"],
        "unallocated_amount": transaction["unallocated_amount"],
    }
