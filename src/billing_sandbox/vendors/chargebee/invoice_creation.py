"""``POST /invoices``: an invoice of one-time charges and non-recurring addons for a customer
or a subscription's customer, with a one-time coupon; collected at once under auto collection
as ``invoices/charge`` is (a decline, or no card, refuses it and creates nothing)."""

from __future__ import annotations

from billing_sandbox.core import (
    COUPON,
    CUSTOMER,
    SUBSCRIPTION,
    Books,
    create_one_off_invoice,
)

from .cards import decline_reason
from .catalog import addon_of, name_of
from .collection import auto_collecting, declined, no_payment_method
from .errors import chargebee_errors, wrong_value
from .lookups import live, rows, typed


def invoice_of_charges(books: Books, body: dict) -> dict:
    subscription = None
    if body.get("subscription_id") is not None:
        subscription = live(books, SUBSCRIPTION, body["subscription_id"], "subscription_id")
        customer = books.get(CUSTOMER, subscription["customer_id"])
    else:
        customer = live(books, CUSTOMER, body.get("customer_id"), "customer_id")
    lines = []
    for index, charge in enumerate(rows(body.get("charges"))):
        if charge.get("amount") is None or not charge.get("description"):
            raise wrong_value(f"charges[amount][{index}]" if charge.get("amount") is None
                              else f"charges[description][{index}]", "cannot be blank")
        lines.append({"description": charge["description"], "unit_amount": charge["amount"]})
    for index, row in enumerate(rows(body.get("addons"))):
        row = typed(row, integers=("quantity", "unit_price"), prefix="addons")
        addon = addon_of(books, row.get("id"), f"addons[id][{index}]")
        lines.append({"description": name_of(addon), "price_id": addon["id"], "kind": "addon",
                      "unit_amount": row.get("unit_price", addon.get("price") or 0),
                      "quantity": row.get("quantity", 1)})
    if not lines:
        raise wrong_value("charges[amount][0]", "an invoice needs a charge or an addon")
    issued = int(books.now().timestamp())
    terms = customer["net_terms_days"] or 0
    with chargebee_errors({"coupon_id": "coupon"}, {COUPON: "coupon"}):
        invoice = create_one_off_invoice(
            books, lines=lines, customer_id=None if subscription else customer["id"],
            subscription_id=subscription["id"] if subscription else None,
            coupon_id=body.get("coupon"), po_number=body.get("po_number"),
            net_terms_days=terms, decline_reason=decline_reason(customer, books.today()),
            extra={"date": issued, "net_term_days": terms})
    if invoice["status"] == "payment_failed":
        raise declined(customer, {"source": customer["payment_source_id"],
                                  "failure_reason": decline_reason(customer, books.today())})
    if auto_collecting(customer, subscription) and customer["payment_source_id"] is None \
            and invoice["amount_due"] > 0:
        raise no_payment_method(customer)
    return invoice
