"""Generating a contract's invoice for a billing period [from_date, to_date).

Line items come from the contract's monthly prices over the part of the period inside the
contract's term, split into cycles by ``proration.split_period``: one line per price and
piece, whole cycles at the monthly price (quantity = number of cycles), partial cycles
prorated by days (quantity 1, ``proration`` = {days, cycle_days}).

The cycle day is the request's ``billing_cycle_start_day``, else the contract's, else the day
of month of ``from_date`` (so [Jan 15, Feb 15) is one whole month). The invoice date is
``bill_for_date`` (default today on the sandbox clock); due date = invoice date + net terms
(the request's, the contract's, the customer's, else 30 days).
"""

from __future__ import annotations

from . import checks, dates, invoices, links
from .books import CONTRACT, CUSTOMER, INVOICE, Books
from .dates import iso_date
from .errors import Duplicate, InvalidInput, InvalidState, NotFound
from .invoices import line_item, new_invoice, require_positive_period, store_invoice
from .proration import split_period


def generate_invoice(
    books: Books,
    *,
    customer_id: str,
    contract_id: str,
    from_date: object,
    to_date: object,
    bill_for_date: object = None,
    billing_cycle_start_day: int | None = None,
    check_duplicate: bool = True,
    net_terms_days: int | None = None,
    status: str = "open",
    id: str | None = None,
) -> dict:
    """Create the contract's invoice for [from_date, to_date); returns it (status open or draft).

    Refused: NotFound (customer; contract, or a contract of another customer); InvalidState
    (draft contract); InvalidInput (to_date <= from_date; period outside the contract's term;
    bad cycle day); Duplicate (``check_duplicate`` and a non-void invoice of this contract
    has exactly this period: ``existing_id`` names it).
    """
    customer = books.get(CUSTOMER, checks.text(customer_id, "customer_id"))
    contract = books.get(CONTRACT, checks.text(contract_id, "contract_id"))
    if contract["customer_id"] != customer["id"]:
        raise NotFound(
            CONTRACT,
            contract_id,
            f"contract {contract_id} not found for customer {customer['id']}",
        )
    if contract["status"] == "draft":
        raise InvalidState(
            CONTRACT,
            contract_id,
            "draft",
            f"contract {contract_id} is draft; it cannot be invoiced",
        )
    start = dates.to_date(from_date, "from_date")
    end = dates.to_date(to_date, "to_date")
    require_positive_period(start, end)
    invoice_date = (
        books.today() if bill_for_date is None else dates.to_date(bill_for_date, "bill_for_date")
    )
    cycle_day = _cycle_day(billing_cycle_start_day, contract, start.day)
    terms = invoices.net_terms_days(net_terms_days, contract, customer)
    checks.choice(status, "status", ("open", "draft"))
    checks.flag(check_duplicate, "check_duplicate")

    bill_start = max(start, dates.to_date(contract["start_date"], "start_date"))
    bill_end = (
        end
        if contract["end_date"] is None
        else min(end, dates.to_date(contract["end_date"], "end_date"))
    )
    if bill_end <= bill_start:
        term = f"{contract['start_date']}..{contract['end_date'] or 'open-ended'}"
        raise InvalidInput(
            "from_date",
            f"period {iso_date(start)}..{iso_date(end)} lies outside contract {contract_id}'s "
            f"term {term}",
        )
    if check_duplicate:
        _refuse_duplicate(books, contract, iso_date(start), iso_date(end))
    record_id = books.claim_id(INVOICE, checks.record_id(id, "id"))

    lines = []
    for piece in split_period(bill_start, bill_end, cycle_day):
        for price in contract["prices"]:
            lines.append(
                line_item(
                    books,
                    description=price["description"],
                    quantity=piece.cycles or 1,
                    unit_amount=price["amount"] if piece.whole else piece.charge(price["amount"]),
                    period_start=piece.start,
                    period_end=piece.end,
                    price_id=price["id"],
                    proration=None
                    if piece.whole
                    else {"days": piece.days, "cycle_days": piece.cycle_days},
                )
            )
    record = new_invoice(
        customer=customer,
        currency=contract["currency"],
        line_items=lines,
        invoice_date=invoice_date,
        net_terms=terms,
        contract_id=contract["id"],
        recurring=True,
        period_start=start,
        period_end=end,
        status=status,
    )
    return store_invoice(books, record, record_id=record_id)


def _cycle_day(given: int | None, contract: dict, default: int) -> int:
    if given is not None:
        return checks.integer(given, "billing_cycle_start_day", minimum=1, maximum=31)
    return contract["billing_cycle_start_day"] or default


def _refuse_duplicate(books: Books, contract: dict, start: str, end: str) -> None:
    for invoice_id in links.child_ids(books, CONTRACT, contract, INVOICE):
        invoice = books.get(INVOICE, invoice_id)
        same = invoice["period_start"] == start and invoice["period_end"] == end
        if same and invoice["status"] != "void":
            raise Duplicate(
                INVOICE,
                invoice_id,
                f"invoice {invoice_id} already bills contract {contract['id']} for {start}..{end}",
            )
