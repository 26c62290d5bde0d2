"""Zenskar's write operations: generate an invoice, charge it, credit it.

Each handler reads the validated request, calls one ledger operation in one transaction and
answers the Zenskar shape; the rules are the ledger's (see the adapter's docstring).
"""

from __future__ import annotations

from billing_sandbox.core import (
    CUSTOMER,
    INVOICE,
    PAYMENT,
    Books,
    charge_invoice,
    generate_invoice,
    issue_credit_note,
    to_minor,
)
from billing_sandbox.engine.errors import ApiError
from billing_sandbox.engine.http.registry import HandlerRegistry, Reply, Request
from billing_sandbox.vendors.adapter import Services

from . import shapes
from .ledger import VENDOR, in_books
from .timestamps import as_rfc3339, period_day

DEFAULT_CONNECTOR = "stripe"
# Test payment sources (Stripe's names) whose charge is declined, with the decline reason.
DECLINING_SOURCES = {
    "pm_card_declined": "Your card was declined.",
    "pm_card_insufficient_funds": "Your card has insufficient funds.",
}
CHARGE_WORDS = {
    "skip the due date check": "set skip_invoice_due_date_check to true",
    "on file to charge": "on file to charge; give source or connector.reference_id",
}
DATE_FIELDS = ("from_date", "to_date", "bill_for_date")


def register(registry: HandlerRegistry, services: Services) -> None:
    registry.preparer(VENDOR, "Generate-an-invoice")(prepare_generate)
    registry.handler(VENDOR, "Generate-an-invoice")(lambda r: generate(services, r))
    registry.handler(VENDOR, "Create-invoice-charge")(lambda r: charge(services, r))
    registry.handler(VENDOR, "Create-credit-note-against-invoice")(
        lambda r: credit_note(services, r))


def prepare_generate(body: object) -> object:
    """Unix seconds, dates and naive date-times -> RFC 3339, before validation."""
    if not isinstance(body, dict):
        return body
    return {k: as_rfc3339(v) if k in DATE_FIELDS and v is not None else v
            for k, v in body.items()}


def generate(services: Services, request: Request) -> Reply:
    body = request.body

    def work(books: Books) -> dict:
        invoice = generate_invoice(
            books,
            customer_id=body["customer_id"],
            contract_id=body["contract_id"],
            from_date=period_day(body["from_date"], "from_date"),
            to_date=period_day(body["to_date"], "to_date", round_up=True),
            bill_for_date=body.get("bill_for_date"),
            billing_cycle_start_day=body.get("billing_cycle_start_day"),
            check_duplicate=body.get("check_duplicate_invoice") is True,
        )
        return shapes.invoice(invoice, line_items=True)

    answer = in_books(services, request.tenant, work,
                      validation=("to_date", "billing_cycle_start_day"))
    return Reply(200, answer)


def charge(services: Services, request: Request) -> Reply:
    body = request.body or {}
    invoice_id = request.path_params["invoice_id"]
    connector = body.get("connector") or {}
    connector_name = connector.get("name") or DEFAULT_CONNECTOR
    reference, source = connector.get("reference_id"), body.get("source")
    test_source = next((v for v in (source, reference) if v in DECLINING_SOURCES), None)
    method_types = body.get("payment_method_types") or [None]

    def work(books: Books) -> tuple[dict, dict, dict]:
        payment = charge_invoice(
            books,
            invoice_id,
            method=method_types[0],
            source=source,
            reference=reference,
            skip_due_date_check=body.get("skip_invoice_due_date_check") is True,
            decline_reason=DECLINING_SOURCES.get(test_source) if test_source else None,
        )
        payment["extra"]["connector_name"] = connector_name
        books.save(PAYMENT, payment)
        invoice = books.get(INVOICE, invoice_id)
        customer = books.get(CUSTOMER, invoice["customer_id"])
        return payment, invoice, shapes.payment(payment, customer, invoice)

    payment, invoice, answer = in_books(
        services, request.tenant, work, phrases=CHARGE_WORDS,
        fields={"method": "payment_method_types[0]", "reference": "connector.reference_id"})
    if payment["status"] == "failed":
        raise ApiError("payment_failed", _declined(payment, invoice, connector_name, test_source),
                       status=400)
    return Reply(200, answer)


def _declined(payment: dict, invoice: dict, connector: str, test_source: str | None) -> str:
    currency = invoice["currency"]
    return (f"Payment {payment['id']} of {shapes.decimal_text(payment['amount'])} {currency} "
            f"for invoice {invoice['id']} was declined by {connector}: "
            f"{payment['failure_reason'].rstrip('.')} (test source {test_source}). The invoice "
            f"is still {shapes.invoice_status(invoice)} with "
            f"{shapes.decimal_text(shapes.amount_due(invoice))} {currency} due.")


def credit_note(services: Services, request: Request) -> Reply:
    body = request.body
    invoice_id = request.path_params["invoice_id"]

    def work(books: Books) -> dict:
        split = body.get("refund_amount_split")
        if split is not None:
            split = [{"payment_id": part["payment_id"],
                      "amount": to_minor(part["amount"], f"refund_amount_split[{i}].amount")}
                     for i, part in enumerate(split)]
        note = issue_credit_note(
            books,
            invoice_id,
            amount=to_minor(body["credit_note_amount"], "credit_note_amount"),
            reason=body["reason"] if body["reason"].strip() else None,
            refund_destination=body.get("refund_destination"),
            refund_amount_split=split,
            void_if_settled=True,
        )
        invoice = books.get(INVOICE, invoice_id)
        return shapes.credit_note(note, books.get(CUSTOMER, note["customer_id"]), invoice)

    answer = in_books(services, request.tenant, work, money=True, phrases={" minor units": ""},
                      fields={"amount": "credit_note_amount"},
                      validation=("credit_note_amount", "refund_amount_split[].amount"))
    return Reply(200, answer)

