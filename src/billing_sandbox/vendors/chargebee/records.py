"""Fixture records of a Chargebee site -> the ledger. Fields are written as Chargebee's API
writes them (amounts in cents, ``auto_collection: "on"``); a bad record raises RecordError
naming the record and the field.

    customers:     id, first_name, last_name, email, company, phone,
                   auto_collection ("on" | "off", default "on"),
                   payment_method ("card": a card on file) or payment_source_id,
                   card_status (valid | expiring | expired | invalid; an expired or invalid
                   card is declined when charged), net_term_days (default 0),
                   preferred_currency_code (default USD)
    subscriptions: id, customer_id, plan_id, plan_unit_price (cents), plan_quantity (default 1),
                   status (default active), currency_code (the customer's), start_date
                   (its first term starts then, else when loaded), billing_period (default 1),
                   billing_period_unit (day | week | month | year, default month)
    coupons:       id, name, discount_type (percentage | fixed_amount), discount_percentage,
                   discount_amount (cents), currency_code, duration_type (one_time | forever |
                   limited_period), duration_month, status, max_redemptions, valid_till
"""

from __future__ import annotations

from collections.abc import Callable

from billing_sandbox.core import (
    Books,
    LedgerError,
    create_coupon,
    create_customer,
    create_subscription,
)
from billing_sandbox.core.errors import CurrencyMismatch, InvalidInput, NotFound
from billing_sandbox.vendors.adapter import RecordError, Services

from .ids import id_minter, payment_source_id

VENDOR = "chargebee"
RECORD_KINDS = ("customers", "subscriptions", "coupons")
CARD_STATUSES = ("valid", "expiring", "expired", "invalid")

CUSTOMER_FIELDS = ("id", "first_name", "last_name", "email", "company", "phone",
                   "auto_collection", "payment_method", "payment_source_id", "card_status",
                   "net_term_days", "preferred_currency_code", "auto_close_invoices")
SUBSCRIPTION_FIELDS = ("id", "customer_id", "plan_id", "plan_unit_price", "plan_quantity",
                       "status", "currency_code", "start_date", "billing_period",
                       "billing_period_unit")
COUPON_FIELDS = ("id", "name", "discount_type", "discount_percentage", "discount_amount",
                 "currency_code", "duration_type", "duration_month", "status",
                 "max_redemptions", "valid_till")


def load_records(services: Services, tenant: str, records: dict[str, list[dict]]) -> None:
    namespace = services.namespace(VENDOR, tenant)
    with services.store.transaction(namespace) as repo:
        books = Books(repo, now=services.clock.now,
                      new_id=id_minter(repo, services.random_bytes(repo, namespace)))
        for kind, fields, load in (("customers", CUSTOMER_FIELDS, _customer),
                                   ("subscriptions", SUBSCRIPTION_FIELDS, _subscription),
                                   ("coupons", COUPON_FIELDS, _coupon)):
            for index, record in enumerate(records.get(kind, [])):
                _load_one(books, tenant, kind, index, record, fields, load)


# ledger field -> fixture field, per record kind
_RENAMES = {
    "customers": {"currency": "preferred_currency_code", "net_terms_days": "net_term_days"},
    "subscriptions": {"currency": "currency_code", "price": "plan_unit_price",
                      "period": "billing_period", "period_unit": "billing_period_unit"},
    "coupons": {"currency": "currency_code", "duration_months": "duration_month"},
}


def _load_one(books: Books, tenant: str, kind: str, index: int, record: dict,
              fields: tuple[str, ...], load: Callable) -> None:
    unknown = sorted(set(record) - set(fields))
    if unknown:
        raise RecordError(kind, index, unknown[0], f"unknown field; {kind} take "
                                                   f"{', '.join(fields)}")
    renames = _RENAMES[kind]
    try:
        load(books, tenant, record)
    except RecordError as error:
        raise RecordError(kind, index, error.field, error.reason) from None
    except NotFound as error:
        raise RecordError(kind, index, f"{error.kind}_id", error.message) from None
    except (InvalidInput, CurrencyMismatch) as error:
        raise RecordError(kind, index, renames.get(error.field, error.field),
                          error.message) from None
    except LedgerError as error:
        raise RecordError(kind, index, None, error.message) from None


def _customer(books: Books, tenant: str, record: dict) -> None:
    auto = _on_off(record.get("auto_collection", "on"))
    source = record.get("payment_source_id")
    method = record.get("payment_method")
    if method not in (None, "card"):
        raise RecordError("customers", 0, "payment_method", "must be card (a card on file)")
    if method == "card" and source is None and isinstance(record.get("id"), str):
        source = payment_source_id(tenant, record["id"])
    card_status = record.get("card_status", "valid" if source else None)
    if card_status is not None and card_status not in CARD_STATUSES:
        raise RecordError("customers", 0, "card_status", f"must be one of "
                                                         f"{', '.join(CARD_STATUSES)}")
    if card_status is not None and source is None:
        raise RecordError("customers", 0, "card_status", "needs payment_method: card")
    for key in ("first_name", "last_name", "company", "phone"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise RecordError("customers", 0, key, "must be a string")
    names = [record.get("first_name"), record.get("last_name")]
    extra = {key: record[key] for key in ("first_name", "last_name", "company", "phone")
             if record.get(key) is not None}
    if card_status is not None:
        extra["card_status"] = card_status
    closing = record.get("auto_close_invoices")
    if closing is not None:
        if not isinstance(closing, bool):
            raise RecordError("customers", 0, "auto_close_invoices", "must be true or false")
        extra["document"] = {"auto_close_invoices": closing}
    create_customer(
        books,
        id=record.get("id"),
        name=" ".join(str(n) for n in names if n) or None,
        email=record.get("email"),
        currency=record.get("preferred_currency_code", "USD"),
        auto_collection=auto,
        payment_source_id=source,
        payment_method="card" if source else None,
        net_terms_days=record.get("net_term_days", 0),
        extra=extra,
    )


def _subscription(books: Books, tenant: str, record: dict) -> None:
    quantity = record.get("plan_quantity", 1)
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise RecordError("subscriptions", 0, "plan_quantity", "must be an integer >= 1")
    unit_price = record.get("plan_unit_price", 0)
    if isinstance(unit_price, bool) or not isinstance(unit_price, int) or unit_price < 0:
        raise RecordError("subscriptions", 0, "plan_unit_price",
                          "must be an integer number of cents >= 0")
    plan_id = record.get("plan_id")
    create_subscription(
        books,
        id=record.get("id"),
        customer_id=record.get("customer_id"),
        plan_id=plan_id,
        items=[{"price_id": plan_id, "kind": "plan", "description": plan_id or "Plan",
                "unit_amount": unit_price, "quantity": quantity}],
        status=record.get("status", "active"),
        currency=record.get("currency_code"),
        start_date=record.get("start_date"),
        period=record.get("billing_period", 1),
        period_unit=record.get("billing_period_unit", "month"),
    )


def _coupon(books: Books, tenant: str, record: dict) -> None:
    create_coupon(books, id=record.get("id"), status=record.get("status", "active"),
                  **coupon_terms(record))


def coupon_terms(record: dict) -> dict:
    """A coupon as Chargebee spells it -> the terms the ledger's ``create_coupon`` takes."""
    return {
        "name": record.get("name"),
        "discount_type": record.get("discount_type"),
        "discount_percentage": record.get("discount_percentage"),
        "discount_amount": record.get("discount_amount"),
        "currency": record.get("currency_code"),
        "duration_type": record.get("duration_type", "forever"),
        "duration_months": record.get("duration_month"),
        "max_redemptions": record.get("max_redemptions"),
        "valid_till": record.get("valid_till"),
    }


def _on_off(value: object) -> bool:
    # YAML 1.1 reads a bare on/off as a boolean: take both spellings.
    if value in ("on", True):
        return True
    if value in ("off", False):
        return False
    raise RecordError("customers", 0, "auto_collection", f'must be "on" or "off", got {value!r}')
