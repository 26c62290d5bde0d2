"""One-off charges: an invoice with a single line item (or the ``lines`` given) for a customer
or a subscription's customer.

An optional coupon (one_time only) gives a discount line. When the customer has
``auto_collection`` and a payment source (the request's ``payment_source_id`` or the one on
file), the invoice is charged at once, skipping the due-date check: the payment is linked
and the invoice paid, or, with ``decline_reason``, a failed payment is linked and the invoice
left payment_failed. Otherwise the invoice stays open.
"""

from __future__ import annotations

from . import checks, dates, invoices
from .books import CUSTOMER, INVOICE, SUBSCRIPTION, Books
from .coupons import discount_for, redeem
from .errors import InvalidInput
from .invoices import line_item, new_invoice, require_positive_period, store_invoice
from .money import require_currency
from .payments import collect_payment


def create_one_off_invoice(
    books: Books,
    *,
    amount: int = 0,
    description: str = "",
    lines: list[dict] | None = None,
    customer_id: str | None = None,
    subscription_id: str | None = None,
    coupon_id: str | None = None,
    currency: str | None = None,
    invoice_date: object = None,
    date_from: object = None,
    date_to: object = None,
    po_number: str | None = None,
    payment_source_id: str | None = None,
    net_terms_days: int | None = None,
    decline_reason: str | None = None,
    id: str | None = None,
    extra: dict | None = None,
) -> dict:
    """Create (and maybe collect) a one-off charge invoice; returns the invoice.

    ``lines`` ([{description, unit_amount, quantity, price_id, kind}]) replace the single
    line of ``amount`` and ``description``.

    Refused: InvalidInput (not exactly one of customer_id / subscription_id; amount < 1;
    blank description; no lines; coupon not one_time; date_to <= date_from); NotFound (customer,
    subscription, coupon); CurrencyMismatch (``currency`` or a fixed coupon's currency differs
    from the customer's); InvalidState (coupon expired or archived).
    """
    if (customer_id is None) == (subscription_id is None):
        raise InvalidInput("customer_id", "give exactly one of customer_id or subscription_id")
    subscription = None
    if subscription_id is not None:
        subscription = books.get(SUBSCRIPTION, checks.text(subscription_id, "subscription_id"))
        customer = books.get(CUSTOMER, subscription["customer_id"])
        code = subscription["currency"]
    else:
        customer = books.get(CUSTOMER, checks.text(customer_id, "customer_id"))
        code = customer["currency"]
    require_currency(code, currency)
    if lines is None:
        checks.amount(amount, "amount", minimum=1)
        lines = [{"description": checks.text(description, "description"),
                  "unit_amount": amount}]
    if not lines:
        raise InvalidInput("lines", "an invoice needs at least one charge")
    for index, line in enumerate(lines):
        checks.amount(line.get("unit_amount"), f"lines[{index}].unit_amount", minimum=1)
        checks.text(line.get("description"), f"lines[{index}].description")
        checks.integer(line.get("quantity", 1), f"lines[{index}].quantity", minimum=1)
    sub_total = sum(line["unit_amount"] * line.get("quantity", 1) for line in lines)
    start = None if date_from is None else dates.to_date(date_from, "date_from")
    end = None if date_to is None else dates.to_date(date_to, "date_to")
    if start is not None and end is not None:
        require_positive_period(start, end, "date_to")
    day = books.today() if invoice_date is None else dates.to_date(invoice_date, "invoice_date")
    terms = invoices.net_terms_days(net_terms_days, None, customer)
    discounts, coupon = [], None
    if coupon_id is not None:
        coupon, discount = discount_for(
            books, coupon_id, sub_total=sub_total, currency=code, one_off=True, field="coupon_id"
        )
        discounts.append(discount)
    source = checks.text(payment_source_id, "payment_source_id", required=False)
    source = source or customer["payment_source_id"]
    declined = checks.text(decline_reason, "decline_reason", required=False)
    record_id = books.claim_id(INVOICE, checks.record_id(id, "id"))

    record = new_invoice(
        customer=customer,
        currency=code,
        line_items=[
            line_item(
                books,
                description=line["description"],
                unit_amount=line["unit_amount"],
                quantity=line.get("quantity", 1),
                price_id=line.get("price_id"),
                kind=line.get("kind"),
                period_start=start,
                period_end=end,
            )
            for line in lines
        ],
        discounts=discounts,
        invoice_date=day,
        net_terms=terms,
        subscription_id=None if subscription is None else subscription["id"],
        po_number=checks.text(po_number, "po_number", required=False),
        extra=checks.mapping(extra, "extra"),
    )
    invoice = store_invoice(books, record, record_id=record_id, customer=customer)
    if coupon is not None:
        redeem(books, coupon)
    if customer["auto_collection"] and source and invoice["amount_due"] > 0:
        # what charge_invoice would check holds: a new open invoice with something due
        collect_payment(books, invoice, customer, source=source, decline_reason=declined)
    return invoice
