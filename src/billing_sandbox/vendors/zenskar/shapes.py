"""Ledger records as Zenskar's documents write them.

Units: invoices give numbers in major units (``invoice_total: 500.0``), payments decimal
strings in major units (``"500.00"``, negative for a refund), credit notes integers in the
lowest denomination (``amount: 2550``). Dates are RFC 3339 date-times in UTC.

Statuses: the ledger's open invoice is ``approved``; after a declined charge it stays
``approved`` (or ``partially_paid`` if money was received). Payments ``succeeded`` ->
``success``. A refund (of a credit note) is listed among payments as ``type: refund`` with
``parent_id`` the payment it gives back (null for returned customer credits) and
``payment_method`` ``credits`` for refunds to the customer's credit balance, ``other`` for
external ones, else its payment's method.
"""

from __future__ import annotations

from typing import Any

from billing_sandbox.core import to_major

from .ids import credit_note_number, invoice_number

INVOICE_STATUS = {
    "draft": "draft",
    "open": "approved",
    "payment_failed": "approved",
    "partially_paid": "partially_paid",
    "paid": "paid",
    "void": "void",
}
PAYMENT_STATUS = {
    "succeeded": "success",
    "failed": "failed",
    "refunded": "refunded",
    "partially_refunded": "partially_refunded",
}
PAYMENT_METHODS = (
    "card", "cash", "check", "charge_back", "bank_transfer", "direct_debit", "amazon_payments",
    "paypal_express_checkout", "upi", "netbanking_emandates", "other", "credits",
    "ach_credit_transfer",
)
REPAYMENT_METHOD = {
    None: "invoice_adjusted",
    "credits": "credits",
    "original_payment_method": "original_payment_method",
    "external": "external_payment",
}


def major(minor: int) -> float:
    """Minor units as the JSON number of major units (50000 -> 500.0)."""
    return float(to_major(minor))


def decimal_text(minor: int) -> str:
    """Minor units as Zenskar's DecimalString (50000 -> "500.00", -2550 -> "-25.50")."""
    return str(to_major(minor))


def instant(day: str | None) -> str | None:
    """A record's ISO date as the midnight UTC date-time the documents use."""
    return None if day is None else f"{day}T00:00:00Z"


def invoice_status(invoice: dict) -> str:
    if invoice["status"] == "payment_failed":
        received = invoice["amount_paid"] - invoice["amount_refunded"] + invoice["credits_applied"]
        return "partially_paid" if received > 0 else "approved"
    return INVOICE_STATUS[invoice["status"]]


def amount_due(invoice: dict) -> int:
    """What is still to pay: nothing on a void or overpaid invoice."""
    return 0 if invoice["status"] == "void" else max(invoice["amount_due"], 0)


def invoice(record: dict, *, line_items: bool = False) -> dict:
    """InvoiceResponseSchema; ``line_items`` only when asked (include_line_items=true)."""
    body: dict[str, Any] = {
        "id": record["id"],
        "customer_id": record["customer_id"],
        "contract_id": record["contract_id"],
        "invoice_number": invoice_number(record["invoice_number"]),
        "invoice_period": {
            "begin_date": instant(record["period_start"] or record["date"]),
            "end_date_exclusive": instant(record["period_end"] or record["date"]),
        },
        "status": invoice_status(record),
        "currency": record["currency"],
        "created_at": record["created_at"],
        "last_updated_at": record["updated_at"],
        "invoice_total": major(record["total"]),
        "net_invoice_total": major(record["total"] - record["amount_credited"]),
        "applied_balance": major(record["credits_applied"]),
        "amount_due": major(amount_due(record)),
        "due_date": instant(record["due_date"]),
        "charged_at": record["paid_at"],
    }
    if line_items:
        period = body["invoice_period"]
        body["line_items"] = [line_item(item, record["currency"], period)
                              for item in record["line_items"]]
    return body


def line_item(item: dict, currency: str, period: dict) -> dict:
    """InvoiceLineItemSchema: quantities and money as {value, unit, display}; a line without
    its own service period (a fixture's bare total) covers the invoice's period."""
    proration = item["proration"]
    if proration:
        count = f"{proration['days']} of {proration['cycle_days']} days"
        features = [{"proration": dict(proration)}]
    else:
        unit = "month" if item["price_id"] else "unit"
        count = f"{item['quantity']} {unit}{'s' if item['quantity'] != 1 else ''}"
        features = []
    return {
        "name": item["description"],
        "description": None,
        "pricing_model": "flat-fee" if item["price_id"] else None,
        "quantity": {"value": item["quantity"], "unit": None, "display": count},
        "price": _money(item["unit_amount"], currency),
        "subtotal": _money(item["amount"], currency),
        "service_start_date": instant(item["period_start"]) or period["begin_date"],
        "service_end_date": instant(item["period_end"]) or period["end_date_exclusive"],
        "features": features,
    }


def _money(minor: int, currency: str) -> dict:
    return {"value": major(minor), "unit": currency, "display": f"{decimal_text(minor)} {currency}"}


def payment(record: dict, customer: dict, invoice_record: dict) -> dict:
    """PaymentResponseSchema of a payment (a charge, or one a fixture brought)."""
    details = {"source": record["source"], "connector_customer_id": record["reference"]}
    return {
        **_payer(customer),
        "id": record["id"],
        "amount": decimal_text(record["amount"]),
        "amount_refunded": decimal_text(record["amount_refunded"]),
        "currency_code": record["currency"],
        "status": PAYMENT_STATUS[record["status"]],
        "connector_id": None,
        "connector_name": record["extra"].get("connector_name"),
        "payment_method": _method(record["method"]),
        "payment_method_details": {k: v for k, v in details.items() if v is not None} or None,
        "type": "payment",
        "parent_id": None,
        "invoices": [_applied(record, record["amount"], record["amount_refunded"],
                              invoice_record)],
        "timestamp": record["paid_at"],
        "transactions": [],
        "description": record["failure_reason"],
        "created_at": record["created_at"],
        "updated_at": record["updated_at"],
    }


def refund(record: dict, parent: dict | None, customer: dict, invoice_record: dict) -> dict:
    """A refund as Zenskar lists it among payments: ``type: refund``, negative amount."""
    if record["destination"] == "credits":
        method, connector = "credits", None
    elif record["destination"] == "external" or parent is None:
        method, connector = "other", None
    else:
        method, connector = _method(parent["method"]), parent["extra"].get("connector_name")
    return {
        **_payer(customer),
        "id": record["id"],
        "amount": decimal_text(-record["amount"]),
        "amount_refunded": None,
        "currency_code": record["currency"],
        "status": "success",
        "connector_id": None,
        "connector_name": connector,
        "payment_method": method,
        "payment_method_details": {"refund_destination": record["destination"]},
        "type": "refund",
        "parent_id": record["payment_id"],
        "invoices": [_applied(record, -record["amount"], None, invoice_record)],
        "timestamp": record["created_at"],
        "transactions": [],
        "description": record["reason"],
        "created_at": record["created_at"],
        "updated_at": record["updated_at"],
    }


def _payer(customer: dict) -> dict:
    return {
        "customer_id": customer["id"],
        "customer_name": customer["name"],
        "customer_email": customer["email"],
        "customer_external_id": customer["external_id"],
    }


def _applied(record: dict, amount: int, refunded: int | None, invoice_record: dict) -> dict:
    """PaymentInvoiceSchema: the part of a payment (or refund) on its invoice."""
    return {
        "invoice_id": invoice_record["id"],
        "payment_id": record["id"],
        "amount": decimal_text(amount),
        "amount_refunded": None if refunded is None else decimal_text(refunded),
        "currency_code": record["currency"],
        "invoice_number": invoice_number(invoice_record["invoice_number"]),
        "status": invoice_status(invoice_record),
        "invoice_total": decimal_text(invoice_record["total"]),
        "created_at": record["created_at"],
    }


def _method(method: str) -> str:
    return method if method in PAYMENT_METHODS else "other"


def credit_note(record: dict, customer: dict, invoice_record: dict) -> dict:
    """CreditNoteResponseSchema; ``amount`` and ``credits_returned`` in the lowest denomination.

    ``status`` is ``paid`` once money went back to a payment method or externally, else
    ``issued``; ``repayment_method`` says where the part above the unpaid balance went
    (``invoice_adjusted`` when the note only lowered what is due).
    """
    destination = record["refund_destination"] if record["refunded_amount"] else None
    paid_out = destination in ("original_payment_method", "external")
    return {
        "id": record["id"],
        "amount": record["amount"],
        "credits_returned": record["refunded_amount"] if destination == "credits" else None,
        "currency": record["currency"],
        "customer_id": customer["id"],
        "customer": {
            "id": customer["id"],
            "name": customer["name"],
            "email": customer["email"],
            "external_id": customer["external_id"],
        },
        "invoice": {"id": invoice_record["id"],
                    "name": invoice_number(invoice_record["invoice_number"])},
        "invoice_id": invoice_record["id"],
        "status": "paid" if paid_out else "issued",
        "repayment_method": REPAYMENT_METHOD[destination],
        "line_items_url": f"/credit_notes/{record['id']}/line_items",
        "custom_data": record["extra"] or None,
        "created_at": record["created_at"],
        "credit_note_number": credit_note_number(record["credit_note_number"]),
    }
