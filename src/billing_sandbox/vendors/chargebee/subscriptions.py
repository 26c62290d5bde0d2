"""Subscriptions on the ledger: created for a customer (or with a new one), cancelled at once or
at the end of the term, reactivated, their term end moved; charges added for the next term.

Creating one (Chargebee's rules; the sandbox's where they are silent):
- the plan (``POST /plans``) must exist (404 ``plan_id``) and be active; its ``price``, or the
  request's ``plan_unit_price``, times ``plan_quantity`` is billed each term of ``period``
  ``period_unit`` (default one month); addons (``addons[id][i]``, must exist) add their price
  x quantity each term (recurring) or once on the first invoice (non_recurring);
- ``trial_end`` (0: none) or else the plan's ``trial_period`` starts a trial; a later
  ``start_date`` makes it ``future``; ``billing_cycles`` (or the plan's) ends it after that
  many terms; ``coupon`` / ``coupon_ids[i]`` discount its invoices for the coupon's duration;
- an active subscription bills its first term at once and, under auto collection, charges
  the card on file: a decline (or no card) refuses the whole request (``payment_processing_failed``
  / ``payment_method_not_present``) and nothing is created, as for ``invoices/charge``.

Cancelling: ``end_of_term=true`` (or ``cancel_option=end_of_term``) leaves it
``non_renewing`` until its term ends, when the clock cancels it; otherwise it is cancelled at
once (no credit for the unused part of the term: the sandbox's choice). Reactivating a
cancelled subscription starts a new term now and bills it, collected as at creation.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from typing import Any

from billing_sandbox.core import (
    COUPON,
    CUSTOMER,
    SUBSCRIPTION,
    Books,
    add_pending_charge,
    cancel_subscription,
    change_term_end,
    create_subscription,
    items_of,
    reactivate_subscription,
    remove_scheduled_cancellation,
    terms,
)
from billing_sandbox.core.dates import add_period
from billing_sandbox.engine.http.registry import HandlerRegistry, Reply, Request
from billing_sandbox.vendors.adapter import Services

from .catalog import addon_of, name_of, plan_of
from .collection import bill_and_collect
from .customer_shapes import customer_card, customer_shape
from .customers import create_customer_from
from .errors import chargebee_errors, wrong_value
from .ledger import open_site
from .lookups import live, rows, typed
from .shapes import invoice_shape, unix
from .site import VENDOR
from .subscription_shapes import document_fields, subscription_shape


def subscription_answer(books: Books, subscription: dict,
                        invoice: dict | None = None) -> dict:
    """``{subscription, customer[, card][, invoice]}``, as the subscription operations
    answer."""
    customer = books.get(CUSTOMER, subscription["customer_id"])
    body: dict[str, Any] = {"subscription": subscription_shape(books, subscription),
                            "customer": customer_shape(books, customer)}
    card = customer_card(books, customer)
    if card is not None:
        body["card"] = card
    if invoice is not None:
        body["invoice"] = invoice_shape(books, invoice)
    return body


def start_subscription(books: Books, customer: dict, body: dict) -> tuple[dict, dict | None]:
    """Create the subscription the request describes and bill its first term if it starts
    now; (subscription, invoice or None)."""
    body = typed(body, integers=("plan_unit_price",))
    plan = plan_of(books, body.get("plan_id"))
    quantity = body.get("plan_quantity", 1)
    unit = body.get("plan_unit_price", plan.get("price") or 0)
    items = [{"price_id": plan["id"], "kind": "plan", "description": name_of(plan),
              "unit_amount": unit, "quantity": quantity}]
    once = []
    for index, row in enumerate(rows(body.get("addons"))):
        row = typed(row, integers=("quantity", "unit_price"), prefix="addons")
        addon = addon_of(books, row.get("id"), f"addons[id][{index}]")
        item = {"price_id": addon["id"], "kind": "addon", "description": name_of(addon),
                "unit_amount": row.get("unit_price", addon.get("price") or 0),
                "quantity": row.get("quantity", 1)}
        (once if addon.get("charge_type") == "non_recurring" else items).append(item)
    coupons = _coupons(books, body)
    now = books.now()
    starts = _instant(body.get("start_date"))
    trial_end = _trial_end(body, plan, starts or now)
    extra: dict[str, Any] = {"document": document_fields(body)}
    if body.get("auto_collection") in ("on", "off"):
        extra["auto_collection"] = body["auto_collection"]
    fields = {"trial_end": "trial_end", "start_date": "start_date",
              "billing_cycles": "billing_cycles", "id": "id"}
    with chargebee_errors(fields, {CUSTOMER: "customer-id", COUPON: "coupon"}):
        subscription = create_subscription(
            books, id=body.get("id"), customer_id=customer["id"], plan_id=plan["id"],
            items=items, period=plan.get("period") or 1,
            period_unit=plan.get("period_unit") or "month", starts_at=starts,
            trial_end=trial_end, billing_cycles=body.get("billing_cycles",
                                                         plan.get("billing_cycles")),
            coupon_ids=coupons, extra=extra)
        for item in once:
            add_pending_charge(books, subscription["id"], **item)
        invoice = None
        if subscription["status"] == "active":
            invoice = bill_and_collect(books, subscription["id"], refuse_decline=True)
    return books.get(SUBSCRIPTION, subscription["id"]), invoice


def register(registry: HandlerRegistry, services: Services) -> None:
    handler = partial(registry.handler, VENDOR)

    @handler("create_subscription_for_customer")
    def create_for_customer(request: Request) -> Reply:
        body = request.body or {}
        with open_site(services, request.tenant) as books:
            customer = live(books, CUSTOMER, request.path_params["customer-id"], "customer-id")
            subscription, invoice = start_subscription(books, customer, body)
            answer = subscription_answer(books, subscription, invoice)
        return Reply(200, answer)

    @handler("create_a_subscription")
    def create_with_customer(request: Request) -> Reply:
        body = request.body or {}
        with open_site(services, request.tenant) as books:
            customer = create_customer_from(books, body.get("customer") or {}, body,
                                            prefix="customer")
            subscription, invoice = start_subscription(books, customer, body)
            answer = subscription_answer(books, subscription, invoice)
        return Reply(200, answer)

    @handler("cancel_a_subscription")
    def cancel(request: Request) -> Reply:
        body = request.body or {}
        option = body.get("cancel_option")
        if option not in (None, "immediately", "end_of_term"):
            raise wrong_value("cancel_option", f"the sandbox cancels immediately or at the end "
                                               f"of the term; received {option!r}")
        at_term_end = bool(body.get("end_of_term")) or option == "end_of_term"
        with open_site(services, request.tenant) as books:
            subscription = _subscription(books, request)
            with chargebee_errors():
                subscription = cancel_subscription(books, subscription["id"],
                                                   at_term_end=at_term_end)
            answer = subscription_answer(books, subscription)
        return Reply(200, answer)

    @handler("reactivate_a_subscription")
    def reactivate(request: Request) -> Reply:
        body = request.body or {}
        with open_site(services, request.tenant) as books:
            subscription = _subscription(books, request)
            with chargebee_errors({"billing_cycles": "billing_cycles"}):
                subscription = reactivate_subscription(
                    books, subscription["id"], billing_cycles=body.get("billing_cycles"))
                invoice = bill_and_collect(books, subscription["id"], refuse_decline=True)
            answer = subscription_answer(books, books.get(SUBSCRIPTION, subscription["id"]),
                                         invoice)
        return Reply(200, answer)

    @handler("remove_scheduled_cancellation")
    def keep(request: Request) -> Reply:
        with open_site(services, request.tenant) as books:
            subscription = _subscription(books, request)
            with chargebee_errors():
                subscription = remove_scheduled_cancellation(books, subscription["id"])
            answer = subscription_answer(books, subscription)
        return Reply(200, answer)

    @handler("change_term_end")
    def move_term_end(request: Request) -> Reply:
        with open_site(services, request.tenant) as books:
            subscription = _subscription(books, request)
            with chargebee_errors({"term_ends_at": "term_ends_at"}):
                subscription = change_term_end(books, subscription["id"],
                                               request.body["term_ends_at"])
            answer = subscription_answer(books, subscription)
        return Reply(200, answer)

    @handler("add_charge_at_term_end")
    def charge_at_term_end(request: Request) -> Reply:
        body = request.body or {}
        if body.get("amount") is None:
            raise wrong_value("amount", "cannot be blank")
        with open_site(services, request.tenant) as books:
            subscription = _subscription(books, request)
            with chargebee_errors({"unit_amount": "amount", "description": "description"}):
                subscription = add_pending_charge(
                    books, subscription["id"], description=body["description"],
                    unit_amount=body["amount"])
            estimate = next_term_estimate(subscription)
        return Reply(200, {"estimate": estimate})

    @handler("charge_addon_at_term_end")
    def addon_at_term_end(request: Request) -> Reply:
        body = request.body or {}
        with open_site(services, request.tenant) as books:
            subscription = _subscription(books, request)
            addon = addon_of(books, body.get("addon_id"))
            with chargebee_errors({"quantity": "addon_quantity"}):
                subscription = add_pending_charge(
                    books, subscription["id"], description=name_of(addon),
                    unit_amount=addon.get("price") or 0,
                    quantity=body.get("addon_quantity", 1), price_id=addon["id"], kind="addon")
            estimate = next_term_estimate(subscription)
        return Reply(200, {"estimate": estimate})


def _subscription(books: Books, request: Request) -> dict:
    return live(books, SUBSCRIPTION, request.path_params["subscription-id"], "subscription-id")


def _coupons(books: Books, body: dict) -> list[str]:
    given = [(body["coupon"], "coupon")] if body.get("coupon") else []
    given += [(c, f"coupon_ids[{n}]") for n, c in enumerate(body.get("coupon_ids") or [])]
    for coupon_id, param in given:
        live(books, COUPON, coupon_id, param)
    return [coupon_id for coupon_id, _ in given]


def _instant(seconds: object) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(int(seconds), UTC)


def _trial_end(body: dict, plan: dict, start: datetime) -> datetime | None:
    if "trial_end" in body:
        return _instant(body["trial_end"]) if body["trial_end"] else None
    period = plan.get("trial_period")
    if not period:
        return None
    return add_period(start, period, plan.get("trial_period_unit") or "day")


def next_term_estimate(subscription: dict) -> dict:
    """What the next term's invoice will bill before discounts (Chargebee answers the
    term-end charges with this estimate)."""
    _, end = terms.term_of(subscription)
    charges = items_of(subscription) + subscription.get("pending_charges", [])
    amount = sum(item["unit_amount"] * item["quantity"] for item in charges)
    return {"created_at": unix(subscription["updated_at"]), "recurring": True,
            "subscription_id": subscription["id"],
            "subscription_status": subscription["status"],
            "term_ends_at": int(end.timestamp()), "collect_now": False,
            "price_type": "tax_exclusive", "amount": amount, "credits_applied": 0,
            "amount_due": amount, "sub_total": amount}
