"""Which resources of Chargebee's document are the ledger's records, declared once per kind:
the document's inferred operations (list, retrieve, update, delete ...) read and write these
through the ledger, so there is one state.

- customers: the ledger's customers (updates change what the ledger keeps; a delete marks
  the customer deleted and cancels its subscriptions);
- subscriptions: the ledger's subscriptions (a plan, quantity, unit price or addons change
  bills from the next term on; a delete cancels and marks it deleted);
- cards (``/cards/{customer-id}``): the card on file of each customer that has one;
- invoices and transactions (payments and refunds): read through the generic lists
  (``/customers/{id}/invoices``, ``/invoices/{id}/transactions`` ...), made by the
  operations that bill and collect;
- coupons: the ledger's coupons (``POST /coupons`` makes one).

Plans, addons and every other resource keep the engine's own records (kind = collection).
"""

from __future__ import annotations

from billing_sandbox.core import (
    COUPON,
    CUSTOMER,
    INVOICE,
    PAYMENT,
    SUBSCRIPTION,
    Books,
    change_items,
    create_coupon,
    delete_customer,
    delete_subscription,
    is_deleted,
    items_of,
)
from billing_sandbox.engine.errors import ApiError
from billing_sandbox.engine.resources.storage import ShelfFactory
from billing_sandbox.vendors.ledger_shelf import LedgerKind, ledger_shelf

from .cards import card_of, card_shape
from .catalog import addon_of, name_of, plan_of
from .customer_shapes import customer_shape
from .customers import write_customer
from .errors import chargebee_errors
from .lookups import rows
from .records import coupon_terms
from .shapes import invoice_shape, optional_unix, present, resource_version, unix
from .site import books_for_scope
from .subscription_shapes import DOCUMENT, document_fields, subscription_shape
from .transactions import transaction_of, transaction_records, transaction_resource


def write_subscription(books: Books, record: dict, stored: dict | None) -> dict:
    """An update through ``POST /subscriptions/{id}`` -> the ledger: a plan, quantity, unit
    price or addons change bills from the next term on; ``auto_collection`` and the
    attributes the ledger does not keep are kept."""
    if stored is None:
        raise ApiError("bad_request", "a subscription is created for a customer: "
                                      "POST /customers/{customer-id}/subscriptions")
    current = subscription_shape(books, stored)
    extra = {**stored["extra"],
             DOCUMENT: {**stored["extra"].get(DOCUMENT, {}), **document_fields(record)}}
    if record.get("auto_collection") in ("on", "off"):
        extra["auto_collection"] = record["auto_collection"]
    items = _billed_items(books, record, current, stored)
    if items is not None:
        for key in ("plan_quantity", "plan_unit_price"):
            extra.pop(key, None)  # a fixture's plan line: the items say it now
    stored["extra"] = extra
    books.save(SUBSCRIPTION, stored)
    if items is None:
        return books.get(SUBSCRIPTION, stored["id"])
    with chargebee_errors({"items[0].quantity": "plan_quantity",
                           "items[0].unit_amount": "plan_unit_price"}):
        return change_items(books, stored["id"], items=items, plan_id=record.get("plan_id"))


def _billed_items(books: Books, record: dict, current: dict,
                  stored: dict) -> list[dict] | None:
    """What the subscription bills each term after the update; None when unchanged."""
    plan_id = record.get("plan_id", stored["plan_id"])
    unit = record.get("plan_unit_price", current.get("plan_unit_price"))
    description = next((i["description"] for i in items_of(stored) if i["kind"] == "plan"),
                       plan_id)
    if plan_id != stored["plan_id"]:
        plan = plan_of(books, plan_id)
        description = name_of(plan)
        if unit == current.get("plan_unit_price"):  # the old plan's price, not a new one
            unit = plan.get("price") or 0
    items = [{"price_id": plan_id, "kind": "plan", "description": description,
              "unit_amount": unit or 0,
              "quantity": record.get("plan_quantity", current.get("plan_quantity", 1))}]
    known = {item["price_id"]: item for item in items_of(stored) if item["kind"] == "addon"}
    for index, row in enumerate(rows(record.get("addons"))):
        addon_id = row.get("id")
        item = known.get(addon_id)
        if item is None:
            addon = addon_of(books, addon_id, f"addons[id][{index}]")
            item = {"description": name_of(addon), "unit_amount": addon.get("price") or 0}
        items.append({"price_id": addon_id, "kind": "addon", "description": item["description"],
                      "unit_amount": row.get("unit_price", item["unit_amount"]),
                      "quantity": row.get("quantity", 1)})
    return None if items == items_of(stored) else items


def write_coupon(books: Books, record: dict, stored: dict | None) -> dict:
    """``POST /coupons`` -> a coupon of the ledger (coupons are not changed afterwards)."""
    if stored is not None:
        raise ApiError("bad_request", f"coupon {stored['id']} exists; coupons are not changed")
    fields = {"currency": "currency_code", "duration_months": "duration_month"}
    with chargebee_errors(fields):
        return create_coupon(
            books, id=record["id"], **coupon_terms(record),
            extra={"apply_on": record.get("apply_on", "invoice_amount")})


def coupon_shape(books: Books, coupon: dict) -> dict:
    return present({
        "id": coupon["id"], "name": coupon["name"] or coupon["id"],
        "discount_type": coupon["discount_type"],
        "discount_percentage": coupon["discount_percentage"],
        "discount_amount": coupon["discount_amount"], "currency_code": coupon["currency"],
        "duration_type": coupon["duration_type"], "duration_month": coupon["duration_months"],
        "valid_till": optional_unix(coupon["valid_till"]),
        "max_redemptions": coupon["max_redemptions"], "status": coupon["status"],
        "apply_on": coupon["extra"].get("apply_on", "invoice_amount"),
        "plan_constraint": "all", "addon_constraint": "all",
        "created_at": unix(coupon["created_at"]), "redemptions": coupon["redemptions"],
        "resource_version": resource_version(coupon), "updated_at": unix(coupon["updated_at"]),
        "object": "coupon"})


def _card(books: Books, customer: dict) -> dict:
    return card_shape(customer, card_of(customer, books.today()))


def _carded(books: Books, customer_id: str) -> dict | None:
    customer = books.find(CUSTOMER, customer_id)
    return customer if customer and card_of(customer, books.today()) else None


def _customers_with_cards(books: Books) -> list[dict]:
    return [c for c in books.list(CUSTOMER) if card_of(c, books.today()) and not is_deleted(c)]


KINDS = {
    "customer": LedgerKind(CUSTOMER, customer_shape, write=write_customer,
                           remove=lambda books, c: delete_customer(books, c["id"])),
    "subscription": LedgerKind(SUBSCRIPTION, subscription_shape, write=write_subscription,
                               remove=lambda books, s: delete_subscription(books, s["id"])),
    "card": LedgerKind(CUSTOMER, _card, lookup=_carded, records=_customers_with_cards,
                       read_only_reason="a card is put on file with POST "
                                        "/customers/{customer-id}/credit_card"),
    "invoice": LedgerKind(INVOICE, invoice_shape),
    "transaction": LedgerKind(PAYMENT, transaction_resource, lookup=transaction_of,
                              records=transaction_records),
    "coupon": LedgerKind(COUPON, coupon_shape, write=write_coupon),
}

SHELVES: dict[str, ShelfFactory] = {name: ledger_shelf(kind, books_for_scope)
                                    for name, kind in KINDS.items()}
