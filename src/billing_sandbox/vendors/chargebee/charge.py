"""POST /invoices/charge: Chargebee's rules on the form fields, then the ledger's one-off charge.

Rules (Chargebee's, where its docs state them; the sandbox's where they are silent):
- exactly one of customer_id / subscription_id; a coupon (``coupon`` or ``coupon_ids[0]``)
  only with customer_id, and only a one-time coupon; one coupon per charge;
- ``amount`` in cents or (API v2) ``amount_in_decimal`` in major units, not both;
- ``currency_code`` must be the customer's; ``invoice_date`` not in the future;
  ``date_from <= date_to`` (each defaults to the invoice date);
- ``payment_source_id`` must be the customer's card on file;
- auto collection on: the card on file is charged at once. A declined card (cards.py: a
  card that expired, a fixture card expired or invalid, the test gateway's failing number)
  or no card at all is a 402 payment error and nothing is created, so a retry after fixing
  the card does not bill twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from billing_sandbox.core import (
    COUPON,
    CUSTOMER,
    SUBSCRIPTION,
    Books,
    NotFound,
    create_one_off_invoice,
    is_deleted,
    to_minor,
)
from billing_sandbox.engine.errors import ApiError

from .cards import decline_reason
from .errors import chargebee_errors, not_found, wrong_value


@dataclass
class Charge:
    description: str
    amount: int
    amount_param: str
    customer_id: str | None
    subscription_id: str | None
    coupon_id: str | None
    coupon_param: str
    currency: str | None
    invoice_date: int | None
    date_from: int | None
    date_to: int | None
    po_number: str | None
    payment_source_id: str | None


def read_charge(body: dict[str, Any], now: int) -> Charge:
    """The charge the form asks for; ApiError (400) naming the param for a broken rule."""
    _exactly_one(body, "customer_id", "subscription_id")
    customer_id, subscription_id = body.get("customer_id"), body.get("subscription_id")
    coupons = [(body["coupon"], "coupon")] if body.get("coupon") is not None else []
    coupons += [(c, f"coupon_ids[{i}]") for i, c in enumerate(body.get("coupon_ids") or [])]
    if len(coupons) > 1:
        raise wrong_value(coupons[1][1], "the sandbox applies one coupon per charge; "
                                         f"received {len(coupons)}")
    coupon_id, coupon_param = coupons[0] if coupons else (None, "coupon")
    if coupon_id is not None and subscription_id is not None:
        raise wrong_value(coupon_param, "a coupon is supported only with customer_id, "
                                        "not with subscription_id")
    amount, amount_param = _amount(body)
    invoice_date = body.get("invoice_date")
    if invoice_date is not None and invoice_date > now:
        raise wrong_value("invoice_date", f"cannot be in the future (received {invoice_date}, "
                                          f"now is {now})")
    date_from, date_to = body.get("date_from"), body.get("date_to")
    start = date_from if date_from is not None else (invoice_date or now)
    end = date_to if date_to is not None else (invoice_date or now)
    if (date_from is not None or date_to is not None) and end < start:
        raise wrong_value("date_to" if date_to is not None else "date_from",
                          f"date_to ({end}) must not be before date_from ({start})")
    return Charge(
        description=body["description"],
        amount=amount,
        amount_param=amount_param,
        customer_id=customer_id,
        subscription_id=subscription_id,
        coupon_id=coupon_id,
        coupon_param=coupon_param,
        currency=body.get("currency_code"),
        invoice_date=invoice_date,
        date_from=date_from,
        date_to=date_to,
        po_number=body.get("po_number"),
        payment_source_id=body.get("payment_source_id"),
    )


def create_charge(books: Books, charge: Charge) -> dict:
    """The invoice (stored, maybe paid); raises ApiError. A 402 leaves nothing behind as long
    as it is raised inside the store transaction."""
    by_kind = {CUSTOMER: "customer_id", SUBSCRIPTION: "subscription_id",
               COUPON: charge.coupon_param}
    fields = {"coupon_id": charge.coupon_param, "currency": "currency_code",
              "amount": charge.amount_param}
    with chargebee_errors(fields, by_kind):
        if charge.subscription_id is not None:
            subscription = books.get(SUBSCRIPTION, charge.subscription_id)
            if is_deleted(subscription):
                raise NotFound(SUBSCRIPTION, charge.subscription_id)
            customer = books.get(CUSTOMER, subscription["customer_id"])
        else:
            customer = books.get(CUSTOMER, charge.customer_id)
            if is_deleted(customer):
                raise NotFound(CUSTOMER, charge.customer_id)
        source = customer["payment_source_id"]
        if charge.payment_source_id is not None and charge.payment_source_id != source:
            raise not_found("payment_source", charge.payment_source_id, "payment_source_id")
        issued = charge.invoice_date if charge.invoice_date is not None else \
            int(books.now().timestamp())
        terms = customer["net_terms_days"] or 0
        declines = decline_reason(customer, books.today())
        invoice = create_one_off_invoice(
            books,
            amount=charge.amount,
            description=charge.description,
            customer_id=charge.customer_id,
            subscription_id=charge.subscription_id,
            coupon_id=charge.coupon_id,
            currency=charge.currency,
            invoice_date=issued,
            po_number=charge.po_number,
            net_terms_days=terms,
            decline_reason=declines,
            extra={"date": issued, "net_term_days": terms,
                   "date_from": charge.date_from if charge.date_from is not None else issued,
                   "date_to": charge.date_to if charge.date_to is not None else issued},
        )
    if invoice["status"] == "payment_failed":
        raise ApiError(
            "payment_failed",
            f"The payment collection failed. Gateway Error: the card {source} of customer "
            f"{customer['id']}: {declines}. Nothing was charged and no invoice was "
            "created; update the card, or turn auto collection off to invoice without "
            "charging.", code="payment_processing_failed")
    if customer["auto_collection"] and source is None and invoice["amount_due"] > 0:
        raise ApiError(
            "payment_failed",
            f"Charge operation failed as customer {customer['id']} has auto collection on and "
            "no payment method on file. Add a card, or turn auto collection off to invoice "
            "without charging.", code="payment_method_not_present")
    return invoice


def _exactly_one(body: dict[str, Any], first: str, second: str,
                 first_label: str | None = None) -> None:
    """400 naming ``first`` when neither param is given, ``second`` when both are."""
    given = [body.get(first) is not None, body.get(second) is not None]
    if not any(given):
        raise wrong_value(first, f"cannot be blank; give {first_label or first} or {second}")
    if all(given):
        raise wrong_value(second, f"give either {first} or {second}, not both")


def _amount(body: dict[str, Any]) -> tuple[int, str]:
    _exactly_one(body, "amount", "amount_in_decimal", first_label="amount (cents)")
    amount, decimal = body.get("amount"), body.get("amount_in_decimal")
    if amount is not None:
        return amount, "amount"
    exponent = Decimal(decimal).as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise wrong_value("amount_in_decimal", f"at most 2 decimal places (received {decimal})")
    cents = to_minor(decimal, "amount_in_decimal")
    if cents < 1:
        raise wrong_value("amount_in_decimal", f"must be greater than 0 (received {decimal})")
    return cents, "amount_in_decimal"
