"""Zenskar's read operations: an invoice, the invoices, a credit note, the payments.

Everything is read from the organisation's own ledger; an id of another organisation is
unknown here (404).
"""

from __future__ import annotations

from billing_sandbox.core import CREDIT_NOTE, CUSTOMER, INVOICE, PAYMENT, REFUND, Books
from billing_sandbox.engine.errors import ApiError, Issue
from billing_sandbox.engine.http.registry import HandlerRegistry, Reply, Request
from billing_sandbox.vendors.adapter import Services

from . import shapes
from .ledger import VENDOR, in_books
from .listing import ordered, page

ZENSKAR_INVOICE_STATUSES = ("draft", "approved", "edited", "discarded", "paid", "partially_paid",
                            "void", "upcoming")


def register(registry: HandlerRegistry, services: Services) -> None:
    registry.handler(VENDOR, "Get-invoice-by-ID")(lambda r: get_invoice(services, r))
    registry.handler(VENDOR, "List-invoices")(lambda r: list_invoices(services, r))
    registry.handler(VENDOR, "Get-credit-note-by-ID")(lambda r: get_credit_note(services, r))
    registry.handler(VENDOR, "Get-payments")(lambda r: list_payments(services, r))


def get_invoice(services: Services, request: Request) -> Reply:
    with_lines = request.query.get("include_line_items") is True

    def work(books: Books) -> dict:
        record = books.get(INVOICE, request.path_params["invoice_id"])
        return shapes.invoice(record, line_items=with_lines)

    return Reply(200, in_books(services, request.tenant, work))


def list_invoices(services: Services, request: Request) -> Reply:
    query = request.query
    wanted = {field: query.get(field) for field in ("customer_id", "contract_id", "status")}
    statuses = _status_list(query.get("status__in"))

    def work(books: Books) -> list[dict]:
        return [shapes.invoice(record) for record in books.list(INVOICE)]

    invoices = [
        item for item in in_books(services, request.tenant, work)
        if all(value is None or item[field] == value for field, value in wanted.items())
        and (statuses is None or item["status"] in statuses)
    ]
    listed = ordered(invoices, query.get("order"))
    return Reply(200, page(listed, query.get("cursor"), query.get("limit")))


def _status_list(text: str | None) -> set[str] | None:
    if text is None:
        return None
    statuses = {part.strip() for part in text.split(",") if part.strip()}
    unknown = sorted(statuses - set(ZENSKAR_INVOICE_STATUSES))
    if unknown:
        message = "Input should be " + ", ".join(repr(s) for s in ZENSKAR_INVOICE_STATUSES)
        issue = Issue(("query", "status__in"), f"{message} (got {', '.join(unknown)})", "enum",
                      text, ZENSKAR_INVOICE_STATUSES)
        raise ApiError("validation", f"status__in: {message}", param="status__in",
                       issues=[issue])
    return statuses


def get_credit_note(services: Services, request: Request) -> Reply:
    def work(books: Books) -> dict:
        note = books.get(CREDIT_NOTE, request.path_params["credit_note_id"])
        return shapes.credit_note(note, books.get(CUSTOMER, note["customer_id"]),
                                  books.get(INVOICE, note["invoice_id"]))

    return Reply(200, in_books(services, request.tenant, work))


def list_payments(services: Services, request: Request) -> Reply:
    query = request.query
    wanted = {field: query.get(field)
              for field in ("customer_id", "status", "type", "payment_method", "parent_id")}
    invoice_id = query.get("invoice__id")

    def work(books: Books) -> list[dict]:
        customers = {c["id"]: c for c in books.list(CUSTOMER)}
        invoices = {i["id"]: i for i in books.list(INVOICE)}
        payments = books.list(PAYMENT)
        by_id = {p["id"]: p for p in payments}
        listed = [shapes.payment(p, customers[p["customer_id"]], invoices[p["invoice_id"]])
                  for p in payments]
        listed += [shapes.refund(r, by_id.get(r["payment_id"]), customers[r["customer_id"]],
                                 invoices[r["invoice_id"]]) for r in books.list(REFUND)]
        return ordered(listed, "created_at")

    payments = [
        item for item in in_books(services, request.tenant, work)
        if all(value is None or item[field] == value for field, value in wanted.items())
        and (invoice_id is None or any(i["invoice_id"] == invoice_id for i in item["invoices"]))
    ]
    listed = ordered(payments, query.get("order"))
    return Reply(200, page(listed, query.get("cursor"), query.get("limit")))
