"""Ledger records -> Chargebee's invoices (API v2 shape) as specs/chargebee documents them,
and what every shape shares (customer_shapes and subscription_shapes have the others).

Chargebee leaves out attributes that have no value (never ``null``); timestamps are unix
seconds, amounts cents, ``resource_version`` the update time in milliseconds.
"""

from __future__ import annotations

import calendar
from datetime import date

from billing_sandbox.core import (
    CREDIT_NOTE,
    CUSTOMER,
    INVOICE,
    PAYMENT,
    Books,
    child_count,
    child_records,
    child_views,
    first_child_id,
)
from billing_sandbox.core.dates import parse_date, parse_datetime

# ledger invoice status -> Chargebee's (open invoices are "posted" until due, then "payment_due")
_STATUS = {"paid": "paid", "void": "voided", "draft": "pending", "payment_failed": "payment_due"}
# a line item's kind (what a subscription's term bills) -> its entity_type
_ENTITIES = {"plan": "plan", "addon": "addon"}


def unix(iso: str) -> int:
    """An ISO datetime or date of a record -> unix seconds."""
    if len(iso) == 10:
        day = parse_date(iso)
        return calendar.timegm((day.year, day.month, day.day, 0, 0, 0))
    return int(parse_datetime(iso).timestamp())


def resource_version(record: dict) -> int:
    return int(parse_datetime(record["updated_at"]).timestamp() * 1000)


def invoice_status(invoice: dict, today: date) -> str:
    status = _STATUS.get(invoice["status"])
    if status is not None:
        return status
    return "posted" if today < parse_date(invoice["due_date"]) else "payment_due"


def invoice_shape(books: Books, invoice: dict) -> dict:
    extra = invoice["extra"]
    issued = extra.get("date", unix(invoice["created_at"]))
    customer = books.view(CUSTOMER, invoice["customer_id"])
    amount_due = max(invoice["amount_due"], 0)
    body = {
        "id": invoice["id"],
        "po_number": invoice["po_number"],
        "customer_id": invoice["customer_id"],
        "subscription_id": invoice["subscription_id"],
        "recurring": invoice["recurring"],
        "status": invoice_status(invoice, books.today()),
        "price_type": "tax_exclusive",
        "date": issued,
        "due_date": issued + 86400 * extra.get("net_term_days", 0)
        if "net_term_days" in extra else unix(invoice["due_date"]),
        "net_term_days": extra.get("net_term_days", 0),
        "exchange_rate": 1.0,
        "currency_code": invoice["currency"],
        "base_currency_code": invoice["currency"],
        "total": invoice["total"],
        "amount_paid": invoice["amount_paid"],
        "amount_adjusted": invoice["amount_adjusted"],
        "write_off_amount": 0,
        "credits_applied": invoice["credits_applied"],
        "amount_due": amount_due,
        "amount_to_collect": amount_due,
        "round_off_amount": 0,
        "new_sales_amount": invoice["total"],
        "paid_at": optional_unix(invoice["paid_at"]),
        "voided_at": optional_unix(invoice["voided_at"]),
        "resource_version": resource_version(invoice),
        "updated_at": unix(invoice["updated_at"]),
        "sub_total": invoice["sub_total"],
        "tax": 0,
        "first_invoice": first_child_id(books, CUSTOMER, customer, INVOICE) == invoice["id"],
        "has_advance_charges": False,
        "term_finalized": True,
        "is_gifted": False,
        "generated_at": issued,
        "deleted": False,
        "object": "invoice",
        "line_items": _line_items(invoice, issued),
        "discounts": [_discount(line) for line in invoice["discounts"]],
        "linked_payments": [_linked_payment(payment)
                            for payment in child_views(books, INVOICE, invoice, PAYMENT)],
        "applied_credits": [],
        "adjustment_credit_notes": [],
        "issued_credit_notes": [_issued_credit_note(note) for note in child_records(
            books, INVOICE, invoice, CREDIT_NOTE)] if child_count(invoice, CREDIT_NOTE) else [],
        "linked_orders": [],
        "dunning_attempts": [],
        "dunning_status": extra.get("dunning_status"),
    }
    if invoice.get("deleted_at"):
        body["deleted"] = True
    return present(body)


def _line_items(invoice: dict, issued: int) -> list[dict]:
    extra = invoice["extra"]
    lines = invoice["line_items"]
    items = []
    for line in lines:
        item = {
            "id": line["id"],
            "subscription_id": invoice["subscription_id"],
            "date_from": extra.get("date_from", optional_unix(line["period_start"]) or issued),
            "date_to": extra.get("date_to", optional_unix(line["period_end"]) or issued),
            "unit_amount": line["unit_amount"],
            "quantity": line["quantity"],
            "amount": line["amount"],
            "pricing_model": "flat_fee",
            "is_taxed": False,
            "tax_amount": 0,
            # a document-level coupon's share of this line (one-time charges have one line)
            "discount_amount": invoice["discount"] if len(lines) == 1 else None,
            "item_level_discount_amount": 0,
            "description": line["description"],
            "entity_type": _ENTITIES.get(line.get("kind"), "adhoc" if line["price_id"] is None
                                         else "plan_item_price"),
            "entity_id": line["price_id"],
            "customer_id": invoice["customer_id"],
            "object": "line_item",
        }
        items.append(present(item))
    return items


def _discount(line: dict) -> dict:
    return present({
        "amount": line["amount"],
        "description": line["description"],
        "entity_type": "document_level_coupon",
        "discount_type": line["discount_type"],
        "entity_id": line["coupon_id"],
        "object": "discount",
    })


def _linked_payment(payment: dict) -> dict:
    succeeded = payment["status"] != "failed"
    when = unix(payment["paid_at"] or payment["created_at"])
    return {
        "txn_id": payment["id"],
        "applied_amount": payment["amount"] if succeeded else 0,
        "applied_at": when,
        "txn_status": "success" if succeeded else "failure",
        "txn_date": when,
        "txn_amount": payment["amount"],
    }


def _issued_credit_note(note: dict) -> dict:
    refunded = note["refunded_amount"]
    paid_out = refunded and note["refund_destination"] in ("original_payment_method", "external")
    return {"cn_id": note["id"], "cn_reason_code": note["extra"].get("reason_code", "other"),
            "cn_date": unix(note["created_at"]), "cn_total": note["amount"],
            "cn_status": "refunded" if paid_out else ("refund_due" if refunded else "adjusted")}


def optional_unix(iso: str | None) -> int | None:
    return None if iso is None else unix(iso)


def present(body: dict) -> dict:
    """Chargebee omits attributes without a value."""
    return {key: value for key, value in body.items() if value is not None}


