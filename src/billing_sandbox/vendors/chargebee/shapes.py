"""Ledger records -> Chargebee's resources (API v2 shape) as specs/chargebee documents them.

Chargebee leaves out attributes that have no value (never ``null``); timestamps are unix
seconds, amounts cents, ``resource_version`` the update time in milliseconds.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime

from billing_sandbox.core import (
    CUSTOMER,
    INVOICE,
    PAYMENT,
    SUBSCRIPTION,
    Books,
    child_records,
    child_views,
    first_child_id,
)
from billing_sandbox.core.dates import parse_date, parse_datetime

# ledger invoice status -> Chargebee's (open invoices are "posted" until due, then "payment_due")
_STATUS = {"paid": "paid", "void": "voided", "draft": "pending", "payment_failed": "payment_due"}
_TERM_STATUSES = ("in_trial", "active", "non_renewing")


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
        "paid_at": _optional_unix(invoice["paid_at"]),
        "voided_at": _optional_unix(invoice["voided_at"]),
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
        "issued_credit_notes": [],
        "linked_orders": [],
        "dunning_attempts": [],
    }
    return _present(body)


def _line_items(invoice: dict, issued: int) -> list[dict]:
    extra = invoice["extra"]
    lines = invoice["line_items"]
    items = []
    for line in lines:
        item = {
            "id": line["id"],
            "subscription_id": invoice["subscription_id"],
            "date_from": extra.get("date_from", _optional_unix(line["period_start"]) or issued),
            "date_to": extra.get("date_to", _optional_unix(line["period_end"]) or issued),
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
            "entity_type": "adhoc" if line["price_id"] is None else "plan_item_price",
            "entity_id": line["price_id"],
            "customer_id": invoice["customer_id"],
            "object": "line_item",
        }
        items.append(_present(item))
    return items


def _discount(line: dict) -> dict:
    return _present({
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


def customer_shape(customer: dict) -> dict:
    extra = customer["extra"]
    source = customer["payment_source_id"]
    return _present({
        "id": customer["id"],
        "first_name": extra.get("first_name"),
        "last_name": extra.get("last_name"),
        "email": customer["email"],
        "phone": extra.get("phone"),
        "company": extra.get("company"),
        "auto_collection": "on" if customer["auto_collection"] else "off",
        "net_term_days": customer["net_terms_days"] or 0,
        "allow_direct_debit": False,
        "created_at": unix(customer["created_at"]),
        "taxability": "taxable",
        "updated_at": unix(customer["updated_at"]),
        "resource_version": resource_version(customer),
        "pii_cleared": "active",
        "channel": "web",
        "card_status": extra.get("card_status", "valid") if source else "no_card",
        "primary_payment_source_id": source,
        "preferred_currency_code": customer["currency"],
        "promotional_credits": customer["credit_balances"].get(customer["currency"], 0),
        "refundable_credits": 0,
        "excess_payments": 0,
        "unbilled_charges": 0,
        "deleted": False,
        "object": "customer",
    })


def subscription_shape(books: Books, subscription: dict) -> dict:
    extra = subscription["extra"]
    started = _start(subscription)
    term = _current_term(started, books.now()) if subscription["status"] in _TERM_STATUSES \
        else None
    dues = child_records(books, SUBSCRIPTION, subscription, INVOICE)
    dues = [invoice for invoice in dues
            if invoice["status"] not in ("paid", "void", "draft") and invoice["amount_due"] > 0]
    price = subscription["price"]
    return _present({
        "id": subscription["id"],
        "currency_code": subscription["currency"],
        "plan_id": subscription["plan_id"],
        "plan_quantity": extra.get("plan_quantity", 1),
        "plan_unit_price": extra.get("plan_unit_price", price),
        "plan_amount": price,
        "billing_period": 1,
        "billing_period_unit": "month",
        "customer_id": subscription["customer_id"],
        "status": subscription["status"],
        "start_date": int(started.timestamp()),
        "current_term_start": int(term[0].timestamp()) if term else None,
        "current_term_end": int(term[1].timestamp()) if term else None,
        "next_billing_at": int(term[1].timestamp())
        if term and subscription["status"] != "non_renewing" else None,
        "created_at": unix(subscription["created_at"]),
        "started_at": int(started.timestamp()),
        "activated_at": int(started.timestamp())
        if subscription["status"] != "future" else None,
        "has_scheduled_changes": False,
        "has_scheduled_advance_invoices": False,
        "due_invoices_count": len(dues),
        "due_since": min(unix(i["due_date"]) for i in dues) if dues else None,
        "total_dues": sum(i["amount_due"] for i in dues),
        "mrr": price if subscription["status"] in ("active", "non_renewing") else 0,
        "channel": "web",
        "resource_version": resource_version(subscription),
        "updated_at": unix(subscription["updated_at"]),
        "deleted": False,
        "object": "subscription",
    })


def _start(subscription: dict) -> datetime:
    if subscription["start_date"]:
        day = parse_date(subscription["start_date"])
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    return parse_datetime(subscription["created_at"])


def _current_term(start: datetime, now: datetime) -> tuple[datetime, datetime]:
    """The monthly term (anchored on the start day) that contains ``now``."""
    if now < start:
        return start, _add_months(start, 1)
    months = (now.year - start.year) * 12 + now.month - start.month
    term_start = _add_months(start, months)
    if term_start > now:
        term_start = _add_months(start, months - 1)
        months -= 1
    return term_start, _add_months(start, months + 1)


def _add_months(moment: datetime, months: int) -> datetime:
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _optional_unix(iso: str | None) -> int | None:
    return None if iso is None else unix(iso)


def _present(body: dict) -> dict:
    """Chargebee omits attributes without a value."""
    return {key: value for key, value in body.items() if value is not None}


