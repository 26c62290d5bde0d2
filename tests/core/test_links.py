"""Links: children's ids in order, a count and the latest ids on the owner, the earlier ids in
pages of bounded size; what a link writes stays the same size however many children there are,
and a link reads nothing; owners written by earlier versions (a list of ids on the owner) read
as they are and move to pages as they grow."""

import json

import pytest

from billing_sandbox.core import (
    LINK,
    Books,
    allocate_transaction,
    child_count,
    child_ids,
    child_records,
    create_one_off_invoice,
    first_child_id,
    import_bank_transaction,
    import_invoice,
    links,
)


class RecordingRepository:
    """Passes everything to the repository and keeps the (kind, id, text) of each put, and
    the kinds read."""

    def __init__(self, repo) -> None:
        self.repo, self.puts, self.read = repo, [], set()

    def get(self, kind, record_id):
        self.read.add(kind)
        return self.repo.get(kind, record_id)

    def put(self, kind, record_id, record):
        self.puts.append((kind, record_id, json.dumps(record, separators=(",", ":"))))
        self.repo.put(kind, record_id, record)

    def __getattr__(self, name):
        return getattr(self.repo, name)


def puts_of(books: Books, operation) -> list[tuple[str, str, str]]:
    """What ``operation(books)`` put, in order; it must not read a link page."""
    recording = RecordingRepository(books.repo)
    operation(Books(recording, books.now, books.new_id))
    assert LINK not in recording.read
    return recording.puts


@pytest.fixture
def allocations(books, customer):
    import_invoice(books, id="inv_1", customer_id=customer["id"], total=10**9)
    import_bank_transaction(books, id="tx_1", amount=10**9, date="2026-01-02")
    return lambda b: allocate_transaction(b, "inv_1", "tx_1", 1)


def test_children_read_back_oldest_first_across_pages(books, allocations):
    payments = [allocations(books)["id"] for _ in range(2 * links.PAGE_SIZE + 3)]
    invoice = books.get("invoice", "inv_1")
    transaction = books.get("bank_transaction", "tx_1")
    for owner_kind, owner in (("invoice", invoice), ("bank_transaction", transaction)):
        assert child_ids(books, owner_kind, owner, "payment") == payments
        assert child_count(owner, "payment") == owner["payment_count"] == len(payments)
        assert first_child_id(books, owner_kind, owner, "payment") == payments[0]
        assert "payment_ids" not in owner
    assert [p["id"] for p in child_records(books, "invoice", invoice, "payment")] == payments
    pages = [books.get(LINK, f"invoice/inv_1/payment/{n}")["ids"] for n in range(2)]
    assert pages[0] + pages[1] + invoice["payment_tail"] == payments
    assert [len(page) for page in pages] == [links.PAGE_SIZE, links.PAGE_SIZE]
    assert books.find(LINK, "invoice/inv_1/payment/2") is None
    assert len(books.list(LINK)) == 4  # two of the invoice, two of the transaction


def test_fewer_children_than_a_page_stay_on_the_owner(books, allocations):
    payments = [allocations(books)["id"] for _ in range(links.PAGE_SIZE - 1)]
    invoice = books.get("invoice", "inv_1")
    assert invoice["payment_tail"] == payments == child_ids(books, "invoice", invoice, "payment")
    assert books.list(LINK) == []


def test_an_owner_without_children(books, customer):
    assert child_ids(books, "customer", customer, "invoice") == []
    assert first_child_id(books, "customer", customer, "invoice") is None
    assert child_count(customer, "invoice") == 0
    assert books.list(LINK) == []


def test_the_thousandth_allocation_writes_what_the_first_wrote(books, allocations):
    """The payment, the invoice and the transaction; every PAGE_SIZE-th allocation also a full
    page of each. Never more bytes than the first plus two full pages, nor tails."""
    writes = [puts_of(books, allocations) for _ in range(1000)]
    for n, puts in enumerate(writes, start=1):
        owners = [(kind, record_id) for kind, record_id, _ in puts[1:] if kind != LINK]
        assert owners == [("invoice", "inv_1"), ("bank_transaction", "tx_1")]
        pages = [record_id for kind, record_id, _ in puts if kind == LINK]
        number = n // links.PAGE_SIZE - 1
        assert pages == ([] if n % links.PAGE_SIZE else [
            f"invoice/inv_1/payment/{number}", f"bank_transaction/tx_1/payment/{number}"])
    full_page = links.PAGE_SIZE * (len(writes[-1][0][1]) + 3)  # "id", per id
    sizes = [sum(len(text) for *_, text in puts) for puts in writes]
    assert max(sizes) <= sizes[0] + 4 * full_page  # two pages, two full tails before
    owners = [{kind: len(text) for kind, _, text in puts if kind != LINK} for puts in writes]
    same_tail = len(writes) - 1 - 60 * links.PAGE_SIZE  # its tail is as long as the last's
    for kind in ("invoice", "bank_transaction"):
        assert owners[-1][kind] - owners[same_tail][kind] < 20  # amounts grew a few digits
        assert max(o[kind] for o in owners) - min(o[kind] for o in owners) < full_page + 20


def test_a_customer_record_stays_the_same_size_as_its_invoices_grow(books, customer):
    def charge(b):
        create_one_off_invoice(b, customer_id=customer["id"], amount=100, description="x")

    sizes = []
    for _ in range(300):
        puts = puts_of(books, charge)
        [customer_text] = [text for kind, _, text in puts if kind == "customer"]
        sizes.append(len(customer_text))
        assert all(len(json.loads(text)["ids"]) <= links.PAGE_SIZE
                   for kind, _, text in puts if kind == LINK)
    tail_room = links.PAGE_SIZE * (len(books.list("invoice")[-1]["id"]) + 3)
    assert max(sizes) - min(sizes) < tail_room + 5  # a full tail, the count's digits
    assert sizes[-1] - sizes[-1 - 10 * links.PAGE_SIZE] < 5  # the same tail length
    assert books.get("customer", customer["id"])["invoice_count"] == 300


# -- owners written by earlier versions ------------------------------------------------------


def earlier_owner(books: Books, kind: str, record: dict) -> dict:
    """Store a record the way earlier versions did (list field, no count, no pages)."""
    books.repo.put(kind, record["id"], record)
    return books.get(kind, record["id"])


def test_a_list_of_an_earlier_version_reads_as_it_is(books):
    owner = earlier_owner(books, "bank_transaction", {"id": "tx_old", "payment_ids": ["p1", "p2"]})
    assert child_ids(books, "bank_transaction", owner, "payment") == ["p1", "p2"]
    assert child_count(owner, "payment") == 2
    assert first_child_id(books, "bank_transaction", owner, "payment") == "p1"
    empty = earlier_owner(books, "customer", {"id": "cus_old", "invoice_ids": []})
    assert first_child_id(books, "customer", empty, "invoice") is None


def test_the_first_append_moves_the_list_into_pages_and_keeps_every_id(books):
    old = [f"p{n}" for n in range(2 * links.PAGE_SIZE + 2)]
    owner = earlier_owner(books, "invoice", {"id": "inv_old", "payment_ids": old,
                                             "refund_ids": ["r1"]})
    links.append(books, "invoice", owner, "payment", "p_new")
    assert "payment_ids" not in owner and owner["payment_count"] == len(old) + 1
    assert child_ids(books, "invoice", owner, "payment") == [*old, "p_new"]
    pages = [books.get(LINK, f"invoice/inv_old/payment/{n}")["ids"] for n in range(2)]
    assert [len(page) for page in pages] == [links.PAGE_SIZE, links.PAGE_SIZE]
    assert owner["payment_tail"] == [*old[-2:], "p_new"]
    assert owner["refund_ids"] == ["r1"]  # another relation moves when it grows
    links.append(books, "invoice", owner, "payment", "p_next")
    assert child_ids(books, "invoice", owner, "payment") == [*old, "p_new", "p_next"]


def test_an_earlier_customer_takes_new_invoices(books, customer):
    record = {key: value for key, value in customer.items()
              if not key.endswith(("_count", "_tail"))}
    earlier_owner(books, "customer", {**record, "invoice_ids": ["inv_a", "inv_b"],
                                      "contract_ids": [], "subscription_ids": []})
    invoice = create_one_off_invoice(books, customer_id=customer["id"], amount=100,
                                     description="x")
    stored = books.get("customer", customer["id"])
    assert child_ids(books, "customer", stored, "invoice") == ["inv_a", "inv_b", invoice["id"]]
    assert stored["invoice_count"] == 3 and stored["contract_ids"] == []
