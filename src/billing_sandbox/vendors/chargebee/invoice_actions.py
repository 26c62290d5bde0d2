"""Money on an invoice, with Chargebee's rules (the sandbox's where its docs are silent):

- ``record_payment``: money received offline (``transaction[payment_method]``, ``[amount]``
  default all that is due, ``[reference_number]``, ``[date]``; API v1 ``payment_method``,
  ``amount``, ``paid_at`` too). Not on a paid, voided or pending invoice (409); not more than
  is due (400). A partial payment leaves the invoice ``payment_due``.
- ``collect_payment``: charges the card on file (``amount``: part of what is due). No card:
  ``payment_method_not_present``; a declining card records the failed transaction
  (``payment_failed``) and answers ``payment_processing_failed``.
- ``void``: not a paid invoice, nor one money was received on (refund it first): 409.
- ``refund``: gives back card payments (``refund_amount``, default all that is refundable;
  more is 400), with a credit note; an invoice paid only offline is refunded with
  ``record_refund`` (409). ``record_refund``: a refund made outside (``transaction[...]``),
  with a credit note, up to what was received.
- ``delete``: only an invoice no money was received on and no credit note was issued for
  (409); it is then not found.
- ``add_charge`` / ``add_addon_charge``: only on a pending invoice (409); ``close`` (v1
  ``collect``) closes it: generated, and collected under auto collection.
- ``stop_dunning``: only an invoice in dunning (a failed auto collection, 409 otherwise).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from billing_sandbox.core import (
    CREDIT_NOTE,
    CUSTOMER,
    INVOICE,
    INVOICE_UPDATED,
    PAYMENT,
    REFUND,
    Books,
    add_line_item,
    child_records,
    delete_invoice,
    finalize_invoice,
    issue_credit_note,
    record_payment,
    refundable,
    void_invoice,
)
from billing_sandbox.engine.errors import ApiError
from billing_sandbox.engine.http.registry import HandlerRegistry, Reply, Request
from billing_sandbox.vendors.adapter import Services

from .catalog import addon_of, name_of
from .collection import IN_DUNNING, charge, collect, declined, no_payment_method
from .errors import chargebee_errors, not_found, wrong_value
from .ledger import open_site
from .lookups import live
from .shapes import invoice_shape, invoice_status
from .site import VENDOR
from .transactions import credit_note_shape, refund_transaction_shape, transaction_shape


def register(registry: HandlerRegistry, services: Services) -> None:
    handler = partial(registry.handler, VENDOR)

    def invoice_of(books: Books, request: Request) -> dict:
        return live(books, INVOICE, request.path_params["invoice-id"], "invoice-id")

    @handler("record_payment_for_an_invoice")
    def record(request: Request) -> Reply:
        body = request.body or {}
        given = _transaction(body, {"amount": "amount", "payment_method": "payment_method",
                                    "reference_number": "reference_number",
                                    "date": "paid_at"})
        if given.get("payment_method") is None:
            raise wrong_value(given.param("payment_method"), "cannot be blank")
        if given.get("status") not in (None, "success"):
            raise wrong_value(given.param("status"), "the sandbox records payments received "
                                                     "(success) only")
        with open_site(services, request.tenant) as books:
            invoice = invoice_of(books, request)
            _payable(books, invoice, "record a payment for it")
            amount = given.get("amount", invoice["amount_due"])
            if amount > invoice["amount_due"]:
                raise wrong_value(given.param("amount"), f"cannot be more than the "
                                                         f"{invoice['amount_due']} due")
            with chargebee_errors({"amount": given.param("amount"),
                                   "paid_at": given.param("date")}):
                payment = record_payment(books, invoice["id"], amount=amount,
                                         method=given["payment_method"],
                                         reference=given.get("reference_number"),
                                         paid_at=given.get("date"))
            _dunning_over(books, invoice["id"])
            answer = _with_transaction(books, invoice["id"], payment)
        return Reply(200, answer)

    @handler("collect_payment_for_an_invoice")
    def collect_payment(request: Request) -> Reply:
        body = request.body or {}
        with open_site(services, request.tenant) as books:
            invoice = invoice_of(books, request)
            _payable(books, invoice, "collect a payment for it")
            customer = books.get(CUSTOMER, invoice["customer_id"])
            if customer["payment_source_id"] is None:
                raise no_payment_method(customer)
            source = body.get("payment_source_id")
            if source is not None and source != customer["payment_source_id"]:
                raise not_found("payment_source", source, "payment_source_id")
            amount = body.get("amount")
            if amount is not None and amount > invoice["amount_due"]:
                raise wrong_value("amount", f"cannot be more than the {invoice['amount_due']} "
                                            "due")
            payment = charge(books, invoice["id"], amount=amount)
            answer = _with_transaction(books, invoice["id"], payment)
        if payment["status"] == "failed":
            raise declined(customer, payment)  # the failed transaction is kept
        return Reply(200, answer)

    @handler("void_an_invoice")
    def void(request: Request) -> Reply:
        with open_site(services, request.tenant) as books:
            invoice = invoice_of(books, request)
            if invoice["status"] == "paid":
                raise _state(invoice, "it is paid; refund it (refund or record_refund) "
                                      "instead")
            with chargebee_errors():
                invoice = void_invoice(books, invoice["id"])
            answer = {"invoice": invoice_shape(books, invoice)}
        return Reply(200, answer)

    @handler("refund_an_invoice")
    def refund(request: Request) -> Reply:
        body = request.body or {}
        with open_site(services, request.tenant) as books:
            invoice = invoice_of(books, request)
            payments = child_records(books, INVOICE, invoice, PAYMENT)
            online = [p for p in payments if p["origin"] == "charge" and refundable(p) > 0]
            if not online:
                offline = any(refundable(p) > 0 for p in payments)
                raise _state(invoice, "its payments were recorded offline; record the refund "
                                      "with record_refund" if offline else
                             "no payment on it can be refunded")
            left = sum(refundable(p) for p in online)
            amount = body.get("refund_amount", left)
            if amount > left:
                raise wrong_value("refund_amount", f"cannot be more than the {left} paid by "
                                                   "card and not yet refunded")
            split, rest = [], amount
            for payment in sorted(online, key=lambda p: p["paid_at"]):
                share = min(rest, refundable(payment))
                if share:
                    split.append({"payment_id": payment["id"], "amount": share})
                    rest -= share
            with chargebee_errors({"amount": "refund_amount"}):
                note = issue_credit_note(
                    books, invoice["id"], amount=amount, reason=body.get("comment"),
                    refund_destination="original_payment_method", refund_amount_split=split,
                    extra=_note_extra(body))
            answer = _refunded(books, note)
        return Reply(200, answer)

    @handler("record_refund_for_an_invoice")
    def record_refund(request: Request) -> Reply:
        body = request.body or {}
        given = _transaction(body, {"amount": "refund_amount"})
        with open_site(services, request.tenant) as books:
            invoice = invoice_of(books, request)
            received = invoice["amount_paid"] - invoice["amount_refunded"] \
                + invoice["credits_applied"]
            if received <= 0:
                raise _state(invoice, "no money was received on it to refund")
            amount = body.get("refund_amount", given.get("amount", received))
            if amount > received:
                param = "refund_amount" if "refund_amount" in body else given.param("amount")
                raise wrong_value(param, f"cannot be more than the {received} received")
            recorded = {key: given[key] for key in ("payment_method", "reference_number",
                                                    "date") if given.get(key) is not None}
            with chargebee_errors({"amount": "refund_amount"}):
                note = issue_credit_note(
                    books, invoice["id"], amount=amount,
                    reason=body.get("comment") or body.get("memo"),
                    refund_destination="external",
                    extra={**_note_extra(body), "refund": recorded})
            answer = _refunded(books, note)
        return Reply(200, answer)

    @handler("delete_an_invoice")
    def delete(request: Request) -> Reply:
        with open_site(services, request.tenant) as books:
            invoice = invoice_of(books, request)
            with chargebee_errors():
                invoice = delete_invoice(books, invoice["id"])
            answer = {"invoice": invoice_shape(books, invoice)}
        return Reply(200, answer)

    @handler("add_one-time_charge_to_a_pending_invoice")
    def add_charge(request: Request) -> Reply:
        body = request.body or {}
        with open_site(services, request.tenant) as books:
            invoice = invoice_of(books, request)
            with chargebee_errors({"unit_amount": "amount"}):
                invoice = add_line_item(books, invoice["id"], description=body["description"],
                                        unit_amount=body["amount"])
            answer = {"invoice": invoice_shape(books, invoice)}
        return Reply(200, answer)

    @handler("add_non-recurring_addon_to_a_pending_invoice")
    def add_addon_charge(request: Request) -> Reply:
        body = request.body or {}
        with open_site(services, request.tenant) as books:
            invoice = invoice_of(books, request)
            addon = addon_of(books, body.get("addon_id"))
            unit = body.get("addon_unit_price", addon.get("price") or 0)
            with chargebee_errors({"unit_amount": "addon_unit_price",
                                   "quantity": "addon_quantity"}):
                invoice = add_line_item(books, invoice["id"], description=name_of(addon),
                                        unit_amount=unit, quantity=body.get("addon_quantity", 1),
                                        price_id=addon["id"], kind="addon")
            answer = {"invoice": invoice_shape(books, invoice)}
        return Reply(200, answer)

    def close(request: Request) -> Reply:
        with open_site(services, request.tenant) as books:
            invoice = invoice_of(books, request)
            with chargebee_errors():
                invoice = finalize_invoice(books, invoice["id"])
            collect(books, invoice["id"])
            answer = {"invoice": invoice_shape(books, books.get(INVOICE, invoice["id"]))}
        return Reply(200, answer)

    handler("close_pending_invoice")(close)
    handler("close_a_pending_invoice")(close)

    @handler("stop_dunning_for_invoice")
    def stop_dunning(request: Request) -> Reply:
        with open_site(services, request.tenant) as books:
            invoice = invoice_of(books, request)
            if invoice["extra"].get("dunning_status") != IN_DUNNING \
                    or invoice["status"] == "paid":
                raise _state(invoice, "it is not in dunning")
            invoice["extra"]["dunning_status"] = "stopped"
            invoice = books.save(INVOICE, invoice)
            books.emit(INVOICE_UPDATED, INVOICE, invoice)
            answer = {"invoice": invoice_shape(books, invoice)}
        return Reply(200, answer)


class _Given(dict):
    """A transaction's fields as the request gave them, and the param each came from."""

    params: dict[str, str]

    def param(self, name: str) -> str:
        return self.params.get(name, f"transaction[{name}]")


def _transaction(body: dict, v1_names: dict[str, str]) -> _Given:
    """``transaction[...]`` (API v2), else the API v1 field named in ``v1_names``."""
    nested = body.get("transaction") if isinstance(body.get("transaction"), dict) else {}
    given, params = _Given(), {}
    for name in ("amount", "payment_method", "reference_number", "date", "status"):
        if nested.get(name) is not None:
            given[name], params[name] = nested[name], f"transaction[{name}]"
        elif v1_names.get(name) and body.get(v1_names[name]) is not None:
            given[name], params[name] = body[v1_names[name]], v1_names[name]
    given.params = params
    return given


def _payable(books: Books, invoice: dict, action: str) -> None:
    status = invoice_status(invoice, books.today())
    if status in ("paid", "voided", "pending"):
        raise _state(invoice, f"it is {status}; cannot {action}")


def _state(invoice: dict, reason: str) -> ApiError:
    return ApiError("invalid_state", f"invoice {invoice['id']}: {reason}")


def _dunning_over(books: Books, invoice_id: str) -> None:
    invoice = books.get(INVOICE, invoice_id)
    if invoice["extra"].get("dunning_status") == IN_DUNNING and invoice["status"] == "paid":
        invoice["extra"]["dunning_status"] = "success"
        books.save(INVOICE, invoice)


def _with_transaction(books: Books, invoice_id: str, payment: dict) -> dict[str, Any]:
    invoice = invoice_shape(books, books.get(INVOICE, invoice_id))
    return {"invoice": invoice,
            "transaction": transaction_shape(books, books.get(PAYMENT, payment["id"]), invoice)}


def _refunded(books: Books, note: dict) -> dict[str, Any]:
    invoice = invoice_shape(books, books.get(INVOICE, note["invoice_id"]))
    answer: dict[str, Any] = {"invoice": invoice,
                              "credit_note": credit_note_shape(books, books.get(CREDIT_NOTE,
                                                                                note["id"]))}
    if note["refund_ids"]:
        refund = books.get(REFUND, note["refund_ids"][-1])
        answer["transaction"] = refund_transaction_shape(books, refund, invoice)
    return answer


def _note_extra(body: dict) -> dict:
    note = body.get("credit_note") if isinstance(body.get("credit_note"), dict) else {}
    return {"reason_code": note["reason_code"]} if note.get("reason_code") else {}
