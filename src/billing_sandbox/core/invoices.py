"""Invoices: building, numbering, linking, refreshing derived totals, finalizing, voiding.

Record ``invoice``::

    id, invoice_number (str "1", "2" ... per repository; adapters may prefix it),
    customer_id, contract_id, subscription_id (None when not from one), currency,
    recurring (bool: from a contract period), date (invoice date), due_date,
    period_start, period_end (ISO dates, end exclusive; None for one-off charges),
    po_number, line_items [{id, description, quantity, unit_amount, amount,
                            period_start, period_end, price_id, proration, kind}],
    discounts [{coupon_id, description, discount_type, amount}],
    credit_applications [{amount, applied_at}],
    payment_count, payment_tail, credit_note_count, credit_note_tail, refund_count,
    refund_tail (linked records, oldest first: how many, and the latest ids; the earlier
                 ids are in link pages, see core.links),
    payment_failed (bool: the last charge was declined), paid_at, voided_at,
    deleted_at (set when deleted: kept voided for the records that link to it; readers
                leave it out; absent on records of earlier versions),
    sub_total, discount, total, amount_paid, credits_applied, amount_credited,
    amount_adjusted, amount_refunded, amount_due, status   (see invoice_totals),
    extra, created_at, updated_at

``proration`` is None for whole billing cycles, else ``{"days": d, "cycle_days": n}``;
``kind`` (absent on one-off lines) is what a line bills of a subscription: plan or addon.
Records are linked to an invoice with ``link_payment``, ``link_credit_note`` and
``link_refund``, which add the id to the invoice's links and keep its sums over linked
records (invoice_totals.LINK_SUMS), so the 1,000th payment costs what the first did; every
operation that touches an invoice ends with ``refresh_invoice``, so the stored totals and
status always match the linked records without reading them again. Events:
``store_invoice`` emits invoice.created; ``refresh_invoice`` emits invoice.paid,
invoice.voided or invoice.updated when the stored invoice changed.
"""

from __future__ import annotations

from datetime import date

from . import checks, links
from .books import (
    CONTRACT,
    CREDIT_NOTE,
    CUSTOMER,
    INVOICE,
    LINE_ITEM,
    PAYMENT,
    REFUND,
    SUBSCRIPTION,
    Books,
)
from .dates import add_days, iso_date
from .errors import InvalidInput, InvalidState
from .events import (
    INVOICE_CREATED,
    INVOICE_DELETED,
    INVOICE_FINALIZED,
    INVOICE_PAID,
    INVOICE_UPDATED,
    INVOICE_VOIDED,
)
from .invoice_totals import LINK_SUMS, counts_as_paid, derived_totals

DEFAULT_NET_TERMS_DAYS = 30
INVOICE_NUMBER = "invoice_number"


def net_terms_days(
    given: int | None, contract: dict | None = None, customer: dict | None = None
) -> int:
    """The first of: the request's value, the contract's, the customer's, 30 days."""
    if given is not None:
        return checks.integer(given, "net_terms_days", minimum=0, maximum=3650)
    for record in (contract, customer):
        if record is not None and record.get("net_terms_days") is not None:
            return record["net_terms_days"]
    return DEFAULT_NET_TERMS_DAYS


def line_item(
    books: Books,
    *,
    description: str,
    unit_amount: int,
    quantity: int = 1,
    period_start: date | None = None,
    period_end: date | None = None,
    price_id: str | None = None,
    proration: dict | None = None,
    kind: str | None = None,
) -> dict:
    line = {
        "id": books.new_id(LINE_ITEM),
        "description": description,
        "quantity": quantity,
        "unit_amount": unit_amount,
        "amount": quantity * unit_amount,
        "period_start": None if period_start is None else iso_date(period_start),
        "period_end": None if period_end is None else iso_date(period_end),
        "price_id": price_id,
        "proration": proration,
    }
    if kind is not None:
        line["kind"] = kind
    return line


def new_invoice(
    *,
    customer: dict,
    currency: str,
    line_items: list[dict],
    invoice_date: date,
    net_terms: int,
    discounts: list[dict] | None = None,
    contract_id: str | None = None,
    subscription_id: str | None = None,
    recurring: bool = False,
    period_start: date | None = None,
    period_end: date | None = None,
    po_number: str | None = None,
    status: str = "open",
    extra: dict | None = None,
) -> dict:
    """An invoice record not yet stored (no id, number or totals): give it to ``store_invoice``."""
    return {
        "customer_id": customer["id"],
        "contract_id": contract_id,
        "subscription_id": subscription_id,
        "currency": currency,
        "recurring": recurring,
        "date": iso_date(invoice_date),
        "due_date": iso_date(add_days(invoice_date, net_terms)),
        "period_start": None if period_start is None else iso_date(period_start),
        "period_end": None if period_end is None else iso_date(period_end),
        "po_number": po_number,
        "line_items": line_items,
        "discounts": discounts or [],
        "credit_applications": [],
        **links.fields(PAYMENT, CREDIT_NOTE, REFUND),
        **dict.fromkeys(LINK_SUMS, 0),
        "payment_failed": False,
        "paid_at": None,
        "voided_at": None,
        "status": status,
        "extra": extra or {},
    }


def store_invoice(
    books: Books,
    record: dict,
    *,
    record_id: str | None = None,
    number: str | None = None,
    customer: dict | None = None,
) -> dict:
    """Number, link to its customer/contract/subscription, compute totals, and store.

    ``customer``: the customer record in hand, read in this transaction; it is linked and
    stored as it is (not read again), so the caller's dict stays the stored one.
    """
    record["id"] = record_id or books.new_id(INVOICE)
    if number is None:
        number = str(books.next_number(INVOICE_NUMBER))
    elif number.isdigit():
        books.reserve_number(INVOICE_NUMBER, int(number))
    record["invoice_number"] = number
    record.setdefault("created_at", books.timestamp())  # stored once, by refresh_invoice below
    for kind, parent_id in (
        (CUSTOMER, record["customer_id"]),
        (CONTRACT, record["contract_id"]),
        (SUBSCRIPTION, record["subscription_id"]),
    ):
        if parent_id is None:
            continue
        if kind == CUSTOMER and customer is not None and customer["id"] == parent_id:
            parent = customer
        else:
            parent = books.get(kind, parent_id)
        links.link(books, kind, parent, INVOICE, record["id"])
    invoice = refresh_invoice(books, record, announce=False)
    books.emit(INVOICE_CREATED, INVOICE, invoice)
    return invoice


def linked_records(books: Books, invoice: dict) -> dict[str, list[dict]]:
    """``{"payments": [...], "credit_notes": [...], "refunds": [...]}`` of an invoice, each
    oldest first."""
    return {
        "payments": links.child_records(books, INVOICE, invoice, PAYMENT),
        "credit_notes": links.child_records(books, INVOICE, invoice, CREDIT_NOTE),
        "refunds": links.child_records(books, INVOICE, invoice, REFUND),
    }


# The link_* functions change the invoice in hand (the caller refreshes it, which stores it);
# every PAGE_SIZE-th record linked also writes a link page (core.links).


def link_payment(books: Books, invoice: dict, payment: dict) -> None:
    links.append(books, INVOICE, invoice, PAYMENT, payment["id"])
    if counts_as_paid(payment):
        invoice["amount_paid"] += payment["amount"]


def link_credit_note(books: Books, invoice: dict, note: dict) -> None:
    links.append(books, INVOICE, invoice, CREDIT_NOTE, note["id"])
    invoice["amount_credited"] += note["amount"]
    invoice["amount_adjusted"] += note["applied_amount"]


def link_refund(books: Books, invoice: dict, refund: dict) -> None:
    links.append(books, INVOICE, invoice, REFUND, refund["id"])
    invoice["amount_refunded"] += refund["amount"]


def refresh_invoice(books: Books, invoice: dict, *, announce: bool = True) -> dict:
    """Recompute totals and status from the invoice's fields and link sums, stamp paid_at,
    store it; with ``announce``, emit what changed since the stored version."""
    before = books.find(INVOICE, invoice["id"]) if announce else None
    invoice.update(derived_totals(invoice, {key: invoice[key] for key in LINK_SUMS}))
    if invoice["status"] == "paid":
        invoice["paid_at"] = invoice["paid_at"] or books.timestamp()
    elif invoice["status"] != "void":
        invoice["paid_at"] = None
    saved = books.save(INVOICE, invoice)
    if saved["subscription_id"] is not None:
        _track_owed(books, saved)
    if before is not None:
        _announce_change(books, before, saved)
    return saved


OWED_STATUSES = ("open", "partially_paid", "payment_failed")


def owes(invoice: dict) -> bool:
    """Whether something is due on the invoice (closed, not paid, not void)."""
    return invoice["status"] in OWED_STATUSES and invoice["amount_due"] > 0


def _track_owed(books: Books, invoice: dict) -> None:
    """Keep the subscription's ``owed_invoice_ids`` (its invoices something is due on), so
    that its dues are read without reading all its invoices; records of earlier versions,
    without the list, are not kept up (readers go through all their invoices)."""
    subscription = books.find(SUBSCRIPTION, invoice["subscription_id"])
    if subscription is None or "owed_invoice_ids" not in subscription:
        return
    owed = subscription["owed_invoice_ids"]
    if owes(invoice) == (invoice["id"] in owed):
        return
    subscription["owed_invoice_ids"] = [i for i in owed if i != invoice["id"]] if \
        invoice["id"] in owed else owed + [invoice["id"]]
    books.repo.put(SUBSCRIPTION, subscription["id"], subscription)


_STATUS_EVENTS = {"paid": INVOICE_PAID, "void": INVOICE_VOIDED}


def _announce_change(books: Books, before: dict, after: dict) -> None:
    if after["status"] != before["status"]:
        books.emit(_STATUS_EVENTS.get(after["status"], INVOICE_UPDATED), INVOICE, after)
    elif any(before.get(key) != value for key, value in after.items() if key != "updated_at"):
        books.emit(INVOICE_UPDATED, INVOICE, after)


def require_payable(invoice: dict, action: str) -> None:
    """InvalidState unless money can move on the invoice (not draft, not void)."""
    if invoice["status"] in ("draft", "void"):
        raise InvalidState(
            INVOICE,
            invoice["id"],
            invoice["status"],
            f"invoice {invoice['id']} is {invoice['status']}; cannot {action}",
        )


def finalize_invoice(books: Books, invoice_id: str) -> dict:
    """A draft invoice becomes open (or paid, if nothing is due)."""
    invoice = books.get(INVOICE, invoice_id)
    if invoice["status"] != "draft":
        raise InvalidState(
            INVOICE,
            invoice_id,
            invoice["status"],
            f"invoice {invoice_id} is already {invoice['status']}",
        )
    invoice["status"] = "open"
    invoice = refresh_invoice(books, invoice)
    books.emit(INVOICE_FINALIZED, INVOICE, invoice)
    return invoice


def add_line_item(books: Books, invoice_id: str, *, description: str, unit_amount: int,
                  quantity: int = 1, price_id: str | None = None,
                  kind: str | None = None) -> dict:
    """One more line on a draft invoice (closing it with finalize_invoice bills it)."""
    invoice = books.get(INVOICE, invoice_id)
    if invoice["status"] != "draft":
        raise InvalidState(INVOICE, invoice_id, invoice["status"],
                           f"invoice {invoice_id} is {invoice['status']}; charges can only be "
                           "added to a draft (pending) invoice")
    invoice["line_items"].append(line_item(
        books, description=checks.text(description, "description", max_length=250),
        unit_amount=checks.amount(unit_amount, "amount", minimum=1),
        quantity=checks.integer(quantity, "quantity", minimum=1, maximum=1_000_000),
        period_start=_date_or_none(invoice["period_start"]),
        period_end=_date_or_none(invoice["period_end"]), price_id=price_id, kind=kind))
    return refresh_invoice(books, invoice)


def delete_invoice(books: Books, invoice_id: str) -> dict:
    """Delete an invoice no money was received on and no credit note was issued for. It is
    kept, voided and marked deleted, for the records that link to it."""
    invoice = books.get(INVOICE, invoice_id)
    if invoice.get("deleted_at"):
        raise InvalidState(INVOICE, invoice_id, "deleted", f"invoice {invoice_id} is deleted")
    held = invoice["amount_paid"] - invoice["amount_refunded"] + invoice["credits_applied"]
    if held > 0 or invoice["amount_credited"] > 0:
        raise InvalidState(
            INVOICE, invoice_id, invoice["status"],
            f"invoice {invoice_id} is {invoice['status']} with "
            f"{'payments' if held > 0 else 'credit notes'} against it; only an invoice no "
            "money was received on can be deleted")
    if invoice["status"] != "void":
        invoice = mark_void(books, invoice)
    invoice["deleted_at"] = books.timestamp()
    books.emit(INVOICE_DELETED, INVOICE, invoice)
    return books.save(INVOICE, invoice)


def is_deleted(record: dict) -> bool:
    return bool(record.get("deleted_at"))


def _date_or_none(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def void_invoice(books: Books, invoice_id: str) -> dict:
    """Void an invoice on which no money is held (paid - refunded + credits applied == 0)."""
    invoice = books.get(INVOICE, invoice_id)
    if invoice["status"] == "void":
        raise InvalidState(INVOICE, invoice_id, "void", f"invoice {invoice_id} is already void")
    held = invoice["amount_paid"] - invoice["amount_refunded"] + invoice["credits_applied"]
    if held > 0:
        raise InvalidState(
            INVOICE,
            invoice_id,
            invoice["status"],
            f"invoice {invoice_id} is {invoice['status']} with {held} received; "
            "refund it before voiding",
        )
    return mark_void(books, invoice)


def mark_void(books: Books, invoice: dict) -> dict:
    invoice["status"] = "void"
    invoice["voided_at"] = books.timestamp()
    invoice["paid_at"] = None
    return refresh_invoice(books, invoice)


def require_positive_period(start: date, end: date, field: str = "to_date") -> None:
    if end <= start:
        raise InvalidInput(field, f"must be after {iso_date(start)}", iso_date(end))
