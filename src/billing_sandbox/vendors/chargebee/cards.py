"""Cards on file, as Chargebee's test gateway keeps them.

A card is kept on its customer (``extra["card"]``): brand, iin, last4, expiry, names and
billing address; never the number. Its payment source id (``pm_...``) is the ledger's
``payment_source_id``. A fixture customer with ``payment_method: card`` has a Visa ending in
1111 whose status is the fixture's ``card_status``.

Chargebee's test gateway numbers behave as its docs say: 4111 1111 1111 1111 (and the other
brands' test numbers) succeed; 4119 8627 6033 8320 is refused when stored (a gateway
verification failure, ``payment_method_verification_failed``); 4005 5192 0000 0004 is stored
but every charge to it fails with "Insufficient funds". A number that fails the Luhn check,
or an expiry in the past, is refused (400 naming the param). A card that has expired since
(the sandbox clock passed its month), or a fixture card ``expired`` or ``invalid``, declines.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from billing_sandbox.core import CUSTOMER, Books, set_payment_source
from billing_sandbox.engine.errors import ApiError

from .errors import wrong_value
from .ids import PAYMENT_SOURCE

VERIFICATION_FAILS = "4119862760338320"
CHARGES_FAIL = "4005519200000004"
DECLINING_STATUSES = ("expired", "invalid")
_BRANDS = (("34", "american_express"), ("37", "american_express"), ("4", "visa"),
           ("5", "mastercard"), ("2", "mastercard"), ("6011", "discover"), ("65", "discover"),
           ("35", "jcb"), ("36", "diners_club"), ("38", "diners_club"), ("30", "diners_club"))
ADDRESS = ("first_name", "last_name", "billing_addr1", "billing_addr2", "billing_city",
           "billing_state_code", "billing_state", "billing_zip", "billing_country",
           "ip_address")
FIXTURE_CARD = {"card_type": "visa", "iin": "411111", "last4": "1111", "expiry_month": 12,
                "gateway": "chargebee"}


def read_card(fields: dict[str, Any], prefix: str, today: date) -> dict:
    """The card a request describes (``number``, ``expiry_month``, ``expiry_year``, names and
    billing address); params are named with ``prefix`` (``card[``) in errors."""

    def param(name: str) -> str:
        return f"{prefix}{name}]" if prefix else name

    number = "".join(ch for ch in str(fields.get("number") or "") if not ch.isspace())
    if not number:
        raise wrong_value(param("number"), "cannot be blank")
    if not number.isdigit() or not 12 <= len(number) <= 19 or not _luhn(number):
        raise wrong_value(param("number"), "invalid card number")
    month, year = fields.get("expiry_month"), fields.get("expiry_year")
    if month is None:
        raise wrong_value(param("expiry_month"), "cannot be blank")
    if year is None:
        raise wrong_value(param("expiry_year"), "cannot be blank")
    if not 1 <= int(month) <= 12:
        raise wrong_value(param("expiry_month"), f"must be 1 to 12 (received {month})")
    if (int(year), int(month)) < (today.year, today.month):
        raise wrong_value(param("expiry_year"), f"the card expired in {int(month):02d}/{year}")
    if number == VERIFICATION_FAILS:
        raise ApiError("payment_failed", "Card verification failed at the gateway: the card "
                                         f"ending {number[-4:]} cannot be stored",
                       param=param("number"), code="payment_method_verification_failed")
    card = {"card_type": _brand(number), "iin": number[:6], "last4": number[-4:],
            "expiry_month": int(month), "expiry_year": int(year), "gateway": "chargebee"}
    if number == CHARGES_FAIL:
        card["declines"] = "Insufficient funds"
    card.update({key: fields[key] for key in ADDRESS if fields.get(key) is not None})
    return card


def attach_card(books: Books, customer: dict, card: dict) -> dict:
    """Put the card on file for the customer (replacing any); returns the customer."""
    source = customer["payment_source_id"] or books.new_id(PAYMENT_SOURCE)
    customer["extra"]["card"] = card
    for stale in ("card_status", "removed_card"):
        customer["extra"].pop(stale, None)
    books.save(CUSTOMER, customer)
    return set_payment_source(books, customer["id"], source, "card")


def remove_card(books: Books, customer: dict) -> dict:
    """The customer has no card any more; the removed card is kept for the event."""
    customer["extra"]["removed_card"] = card_of(customer, books.today())
    customer["extra"].pop("card", None)
    customer["extra"].pop("card_status", None)
    books.save(CUSTOMER, customer)
    return set_payment_source(books, customer["id"], None)


def card_of(customer: dict, today: date) -> dict | None:
    """The customer's card as kept (with its status today), or None."""
    if customer["payment_source_id"] is None or customer["payment_method"] != "card":
        return None
    extra = customer["extra"]
    card = dict(extra.get("card") or FIXTURE_CARD)
    fixture_status = extra.get("card_status")
    if "expiry_year" not in card:  # a fixture's card: its status says when it expires
        card["expiry_year"] = today.year - 1 if fixture_status == "expired" else today.year + 5
    card["status"] = fixture_status or _status(card, today)
    return card


def decline_reason(customer: dict, today: date) -> str | None:
    """Why a charge to the customer's card fails, or None when it goes through."""
    card = card_of(customer, today)
    if card is None:
        return None
    if card.get("declines"):
        return str(card["declines"])
    if card["status"] in DECLINING_STATUSES:
        return f"card {card['status']}"
    return None


def card_shape(customer: dict, card: dict) -> dict:
    """Chargebee's card object (v1 statuses: valid, expiring, expired)."""
    shaped = {"status": card["status"] if card["status"] != "invalid" else "expired",
              "gateway": card.get("gateway", "chargebee"), "iin": card["iin"],
              "last4": card["last4"], "card_type": card["card_type"],
              "expiry_month": card["expiry_month"], "expiry_year": card["expiry_year"],
              "customer_id": customer["id"], "masked_number": "*" * 12 + card["last4"],
              "reference_id": customer["payment_source_id"]}
    shaped.update({key: card[key] for key in ADDRESS if card.get(key) is not None})
    return shaped


def _status(card: dict, today: date) -> str:
    expiry = (card["expiry_year"], card["expiry_month"])
    if expiry < (today.year, today.month):
        return "expired"
    following = (today.year + today.month // 12, today.month % 12 + 1)
    return "expiring" if expiry <= following else "valid"


def _brand(number: str) -> str:
    for start, brand in sorted(_BRANDS, key=lambda pair: -len(pair[0])):
        if number.startswith(start):
            return brand
    return "other"


def _luhn(number: str) -> bool:
    total = 0
    for index, digit in enumerate(int(ch) for ch in reversed(number)):
        if index % 2:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return total % 10 == 0
