"""Importing an invoice from a fixture: given line items or a bare total, a status, dates.

Money already received is given as ``amount_paid`` and stored as one payment of origin
``import`` (method ``payment_method``, paid on the invoice date), so the invoice's totals
still follow from its linked records. ``amount_paid`` defaults to the total for a paid
invoice, else 0, and must agree with ``status``:

- open / payment_failed: 0 paid, something due;  partially_paid: 0 < paid < total;
- paid: paid >= total;  draft: nothing paid;  void: anything.

Importing emits no events.
"""

from __future__ import annotations

from . import checks, dates
from .books import CONTRACT, CUSTOMER, INVOICE, SUBSCRIPTION, Books, quiet
from .errors import InvalidInput, NotFound
from .invoice_totals import INVOICE_STATUSES
from .invoices import (
    line_item,
    mark_void,
    net_terms_days,
    new_invoice,
    refresh_invoice,
    require_positive_period,
    store_invoice,
)
from .money import require_currency
from .payments import add_payment


@quiet  # a fixture states what already is: importing it announces nothing
def import_invoice(
    books: Books,
    *,
    customer_id: str,
    total: int | None = None,
    line_items: list[dict] | None = None,
    status: str = "open",
    amount_paid: int | None = None,
    currency: str | None = None,
    date: object = None,
    due_date: object = None,
    invoice_number: str | None = None,
    contract_id: str | None = None,
    subscription_id: str | None = None,
    period_start: object = None,
    period_end: object = None,
    po_number: str | None = None,
    description: str = "Invoice total",
    payment_method: str = "other",
    id: str | None = None,
    extra: dict | None = None,
) -> dict:
    """Store a fixture invoice; returns it. InvalidInput names the first bad field.

    Give ``line_items`` [{description, amount | unit_amount [, quantity], period_start,
    period_end}] or a bare ``total`` (one line item with ``description``); with both, the
    total must match. ``due_date`` defaults to the date + net terms (customer's, else 30).
    """
    customer = books.get(CUSTOMER, checks.text(customer_id, "customer_id"))
    code = require_currency(customer["currency"], currency)
    for kind, parent_id in ((CONTRACT, contract_id), (SUBSCRIPTION, subscription_id)):
        if parent_id is not None:
            parent = books.get(kind, checks.text(parent_id, f"{kind}_id"))
            if parent["customer_id"] != customer["id"]:
                raise NotFound(
                    kind, parent_id, f"{kind} {parent_id} not found for customer {customer['id']}"
                )
            require_currency(parent["currency"], code)
    checks.choice(status, "status", INVOICE_STATUSES)
    day = books.today() if date is None else dates.to_date(date, "date")
    start = None if period_start is None else dates.to_date(period_start, "period_start")
    end = None if period_end is None else dates.to_date(period_end, "period_end")
    if start is not None and end is not None:
        require_positive_period(start, end, "period_end")
    lines = _line_items(books, line_items, total, description)
    sub_total = sum(line["amount"] for line in lines)
    if total is not None and checks.amount(total, "total") != sub_total:
        raise InvalidInput("total", f"does not match the line items' sum {sub_total}", total)
    paid = _amount_paid(status, amount_paid, sub_total)
    number = checks.text(invoice_number, "invoice_number", required=False)
    record = new_invoice(
        customer=customer,
        currency=code,
        line_items=lines,
        invoice_date=day,
        net_terms=net_terms_days(None, None, customer),
        contract_id=contract_id,
        subscription_id=subscription_id,
        recurring=contract_id is not None,
        period_start=start,
        period_end=end,
        po_number=checks.text(po_number, "po_number", required=False),
        status="draft" if status == "draft" else "open",
        extra=checks.mapping(extra, "extra"),
    )
    if due_date is not None:
        record["due_date"] = dates.iso_date(dates.to_date(due_date, "due_date"))
    method = checks.text(payment_method, "payment_method")
    record_id = books.claim_id(INVOICE, checks.record_id(id, "id"))

    invoice = store_invoice(books, record, record_id=record_id, number=number)
    if paid:
        when = dates.iso_datetime(dates.to_datetime(day, "date"))
        invoice["paid_at"] = when  # kept only if this payment settles it
        add_payment(books, invoice, amount=paid, origin="import", method=method, paid_at=when)
    if status == "payment_failed":
        invoice["payment_failed"] = True
    if status == "void":
        return mark_void(books, invoice)
    return refresh_invoice(books, invoice)


def _line_items(books: Books, given: object, total: object, description: str) -> list[dict]:
    if given is None:
        if total is None:
            raise InvalidInput("total", "give a total or line_items")
        amount = checks.amount(total, "total")
        return [
            line_item(
                books, description=checks.text(description, "description"), unit_amount=amount
            )
        ]
    if not isinstance(given, list) or not given:
        raise InvalidInput("line_items", "must be a non-empty list", given)
    lines = []
    for index, item in enumerate(given):
        field = f"line_items[{index}]"
        if not isinstance(item, dict):
            raise InvalidInput(field, "must be an object", item)
        quantity = checks.integer(item.get("quantity", 1), f"{field}.quantity", minimum=1)
        unit = item.get("unit_amount")
        if unit is None:
            if quantity != 1:
                raise InvalidInput(f"{field}.unit_amount", "required when quantity is not 1")
            unit = item.get("amount")
        unit = checks.amount(
            unit, f"{field}.unit_amount" if "unit_amount" in item else f"{field}.amount"
        )
        if "amount" in item and item["amount"] != unit * quantity:
            raise InvalidInput(
                f"{field}.amount",
                f"must equal quantity x unit_amount ({unit * quantity})",
                item["amount"],
            )
        start = item.get("period_start")
        end = item.get("period_end")
        lines.append(
            line_item(
                books,
                description=checks.text(item.get("description"), f"{field}.description"),
                unit_amount=unit,
                quantity=quantity,
                period_start=None
                if start is None
                else dates.to_date(start, f"{field}.period_start"),
                period_end=None if end is None else dates.to_date(end, f"{field}.period_end"),
            )
        )
    return lines


def _amount_paid(status: str, given: int | None, total: int) -> int:
    paid = (
        (total if status == "paid" else 0) if given is None else checks.amount(given, "amount_paid")
    )
    rules = {
        "draft": (paid == 0, "a draft invoice has nothing paid"),
        "open": (paid == 0 and total > 0, "an open invoice has nothing paid and something due"),
        "payment_failed": (paid == 0 and total > 0, "a payment_failed invoice has nothing paid"),
        "partially_paid": (0 < paid < total, f"partially_paid needs 0 < amount_paid < {total}"),
        "paid": (paid >= total, f"a paid invoice needs amount_paid >= {total}"),
        "void": (True, ""),
    }
    ok, reason = rules[status]
    if not ok:
        field = "status" if given is None else "amount_paid"
        raise InvalidInput(
            field,
            f"{reason} (status {status}, amount_paid {paid}, total {total})",
            given if given is not None else status,
        )
    return paid
