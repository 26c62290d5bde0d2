"""Ledger subscriptions -> Chargebee's subscription (API v2, product catalog 1.0 shape).

The current term is the one the ledger keeps (core.terms): renewals on the sandbox clock move
it. A future subscription shows when it starts, a trial its trial dates, a non_renewing one
when it will be cancelled (``cancelled_at``); ``next_billing_at`` is when the next term will
be billed. The plan item gives ``plan_id``/``plan_quantity``/``plan_unit_price``, addon items
``addons``. Attributes the ledger does not keep (``po_number``, ``meta_data`` ...) are kept
as the client sent them in ``extra["document"]``.
"""

from __future__ import annotations

from billing_sandbox.core import (
    INVOICE,
    SUBSCRIPTION,
    Books,
    child_records,
    is_deleted,
    items_of,
    terms,
)

from .shapes import optional_unix, present, resource_version, unix

DOCUMENT = "document"
KEPT = ("po_number", "meta_data")
_TERM_STATUSES = ("in_trial", "active", "non_renewing")
LEDGER_FIELDS = frozenset((
    "id", "currency_code", "plan_id", "plan_quantity", "plan_unit_price", "plan_amount",
    "billing_period", "billing_period_unit", "customer_id", "status", "start_date",
    "trial_start", "trial_end", "remaining_billing_cycles", "current_term_start",
    "current_term_end", "next_billing_at", "created_at", "started_at", "activated_at",
    "cancelled_at", "has_scheduled_changes", "has_scheduled_advance_invoices",
    "due_invoices_count", "due_since", "total_dues", "mrr", "channel", "resource_version",
    "updated_at", "deleted", "object", "addons", "coupons", "auto_collection"))


def subscription_shape(books: Books, subscription: dict) -> dict:
    extra = subscription["extra"]
    status = subscription["status"]
    items = items_of(subscription)
    plan = next((item for item in items if item["kind"] == "plan"), None)
    addons = [item for item in items if item["kind"] == "addon"]
    start, end = terms.term_of(subscription)
    started = terms.started_at(subscription) if status != "future" else end
    term = (start, end) if status in _TERM_STATUSES and start is not None else None
    dues = [invoice for invoice in _owed(books, subscription) if not is_deleted(invoice)]
    price = subscription["price"]
    trial_end = subscription.get("trial_end")
    body = {
        **{key: value for key, value in extra.get(DOCUMENT, {}).items()
           if key not in LEDGER_FIELDS},
        "id": subscription["id"],
        "currency_code": subscription["currency"],
        "plan_id": subscription["plan_id"],
        "plan_quantity": extra.get("plan_quantity", plan["quantity"] if plan else 1),
        "plan_unit_price": extra.get("plan_unit_price", plan["unit_amount"] if plan else price),
        "plan_amount": plan["unit_amount"] * plan["quantity"] if plan and addons else price,
        "billing_period": subscription.get("period", 1),
        "billing_period_unit": subscription.get("period_unit", "month"),
        "customer_id": subscription["customer_id"],
        "status": status,
        "auto_collection": extra.get("auto_collection"),
        "trial_start": optional_unix(subscription.get("trial_start")),
        "trial_end": optional_unix(trial_end),
        "remaining_billing_cycles": subscription.get("remaining_billing_cycles"),
        "start_date": int(started.timestamp()),
        "current_term_start": int(term[0].timestamp()) if term else None,
        "current_term_end": int(term[1].timestamp()) if term else None,
        "next_billing_at": int(end.timestamp())
        if status in ("active", "in_trial", "future") else None,
        "created_at": unix(subscription["created_at"]),
        "started_at": int(started.timestamp()) if status != "future" else None,
        "activated_at": _activated(subscription, started),
        "cancelled_at": optional_unix(subscription.get("cancelled_at"))
        if status == "cancelled" else (int(end.timestamp()) if status == "non_renewing"
                                       else None),
        "has_scheduled_changes": False,
        "has_scheduled_advance_invoices": False,
        "due_invoices_count": len(dues),
        "due_since": min(unix(i["due_date"]) for i in dues) if dues else None,
        "total_dues": sum(i["amount_due"] for i in dues),
        "mrr": price if status in ("active", "non_renewing") else 0,
        "addons": [{"id": item["price_id"], "quantity": item["quantity"],
                    "unit_price": item["unit_amount"],
                    "amount": item["unit_amount"] * item["quantity"], "object": "addon"}
                   for item in addons] or None,
        "coupons": [{"coupon_id": entry["coupon_id"],
                     "applied_count": 1 if entry["applied_from"] else 0, "object": "coupon"}
                    for entry in subscription.get("coupons", [])] or None,
        "channel": "web",
        "resource_version": resource_version(subscription),
        "updated_at": unix(subscription["updated_at"]),
        "deleted": bool(subscription.get("deleted_at")),
        "object": "subscription",
    }
    return present(body)


def _owed(books: Books, subscription: dict) -> list[dict]:
    """Its invoices something is due on (records of earlier versions: found among all)."""
    if "owed_invoice_ids" in subscription:
        return [books.get(INVOICE, i) for i in subscription["owed_invoice_ids"]]
    return [invoice for invoice in child_records(books, SUBSCRIPTION, subscription, INVOICE)
            if invoice["status"] not in ("paid", "void", "draft") and invoice["amount_due"] > 0]


def document_fields(record: dict) -> dict:
    """What of a subscription (as a request left it) is kept as sent: its documented
    attributes the ledger does not keep."""
    return {key: record[key] for key in KEPT if record.get(key) is not None}


def _activated(subscription: dict, started) -> int | None:
    status = subscription["status"]
    if status in ("future", "in_trial"):
        return None
    trial = subscription.get("trial_end")
    return unix(trial) if trial and status != "future" else int(started.timestamp())
