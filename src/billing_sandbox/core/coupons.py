"""Coupons: a percentage or a fixed amount off an invoice's sub-total.

Record ``coupon``::

    id, name, discount_type (percentage | fixed_amount),
    discount_percentage (number in (0, 100], percentage coupons),
    discount_amount (minor units) and currency (fixed_amount coupons),
    duration_type (one_time | forever | limited_period), duration_months (limited_period),
    status (active | expired | archived), max_redemptions (int | None), redemptions (int),
    valid_till (ISO datetime | None), extra, created_at, updated_at

A percentage discount is rounded half-up to a minor unit; a fixed discount never exceeds the
sub-total (a coupon never makes a total negative). A coupon past ``valid_till`` counts as
expired.
"""

from __future__ import annotations

from . import checks
from .books import COUPON, Books
from .dates import iso_datetime, parse_datetime, to_datetime
from .errors import InvalidInput, InvalidState
from .money import currency_code, is_percent, percent_of, require_currency

DISCOUNT_TYPES = ("percentage", "fixed_amount")
DURATION_TYPES = ("one_time", "forever", "limited_period")
COUPON_STATUSES = ("active", "expired", "archived")


def create_coupon(
    books: Books,
    *,
    discount_type: str,
    id: str | None = None,
    name: str | None = None,
    discount_percentage: float | None = None,
    discount_amount: int | None = None,
    currency: str | None = None,
    duration_type: str = "one_time",
    duration_months: int | None = None,
    status: str = "active",
    max_redemptions: int | None = None,
    valid_till: object = None,
    extra: dict | None = None,
) -> dict:
    """Create (or import) a coupon; the fields of the other discount type must be absent."""
    kind = checks.choice(discount_type, "discount_type", DISCOUNT_TYPES)
    if kind == "percentage":
        if not is_percent(discount_percentage):
            raise InvalidInput(
                "discount_percentage", "must be a number in (0, 100]", discount_percentage
            )
        if discount_amount is not None:
            raise InvalidInput("discount_amount", "not allowed on a percentage coupon")
    else:
        checks.amount(discount_amount, "discount_amount", minimum=1)
        if discount_percentage is not None:
            raise InvalidInput("discount_percentage", "not allowed on a fixed_amount coupon")
    duration = checks.choice(duration_type, "duration_type", DURATION_TYPES)
    if duration == "limited_period":
        checks.integer(duration_months, "duration_months", minimum=1)
    elif duration_months is not None:
        raise InvalidInput("duration_months", "only for limited_period coupons", duration_months)
    record = {
        "name": checks.text(name, "name", required=False),
        "discount_type": kind,
        "discount_percentage": discount_percentage if kind == "percentage" else None,
        "discount_amount": discount_amount if kind == "fixed_amount" else None,
        "currency": currency_code(currency or "USD") if kind == "fixed_amount" else None,
        "duration_type": duration,
        "duration_months": duration_months,
        "status": checks.choice(status, "status", COUPON_STATUSES),
        "max_redemptions": None
        if max_redemptions is None
        else checks.integer(max_redemptions, "max_redemptions", minimum=1),
        "redemptions": 0,
        "valid_till": None
        if valid_till is None
        else iso_datetime(to_datetime(valid_till, "valid_till")),
        "extra": checks.mapping(extra, "extra"),
    }
    record_id = books.claim_id(COUPON, checks.record_id(id, "id"))
    return books.create(COUPON, {"id": record_id, **record})


def coupon_state(books: Books, coupon: dict) -> str:
    """The coupon's status now: ``expired`` once past valid_till or out of redemptions."""
    if coupon["status"] != "active":
        return coupon["status"]
    if coupon["valid_till"] and books.now() >= parse_datetime(coupon["valid_till"]):
        return "expired"
    limit = coupon["max_redemptions"]
    if limit is not None and coupon["redemptions"] >= limit:
        return "expired"
    return "active"


def discount_for(
    books: Books, coupon_id: str, *, sub_total: int, currency: str, one_off: bool, field: str
) -> tuple[dict, dict]:
    """(coupon, discount line) for a usable coupon; nothing is written.

    The discount line is ``{coupon_id, description, discount_type, amount}``. Refusals:
    NotFound, InvalidState (not active), InvalidInput (not one_time on a one-off charge),
    CurrencyMismatch (fixed amount in another currency).
    """
    coupon = books.get(COUPON, checks.text(coupon_id, field))
    state = coupon_state(books, coupon)
    if state != "active":
        raise InvalidState(COUPON, coupon["id"], state, f"coupon {coupon['id']} is {state}")
    if one_off and coupon["duration_type"] != "one_time":
        raise InvalidInput(
            field,
            f"only one_time coupons apply to one-off charges; coupon {coupon['id']} is "
            f"{coupon['duration_type']}",
            coupon_id,
        )
    if coupon["discount_type"] == "fixed_amount":
        require_currency(currency, coupon["currency"], field)
    return coupon, discount_line(coupon, sub_total)


def discount_line(coupon: dict, sub_total: int) -> dict:
    """The coupon's discount of ``sub_total`` (whatever its state now: a coupon applied to a
    subscription keeps applying once it has run out of redemptions)."""
    if coupon["discount_type"] == "percentage":
        amount = percent_of(sub_total, coupon["discount_percentage"])
    else:
        amount = min(coupon["discount_amount"], sub_total)
    return {
        "coupon_id": coupon["id"],
        "description": coupon["name"] or coupon["id"],
        "discount_type": coupon["discount_type"],
        "amount": amount,
    }


def redeem(books: Books, coupon: dict) -> None:
    coupon["redemptions"] += 1
    books.save(COUPON, coupon)
