import pytest

from billing_sandbox.core import CUSTOMER, Duplicate, NotFound, create_customer


def test_get_names_the_missing_record(books):
    with pytest.raises(NotFound) as info:
        books.get(CUSTOMER, "cus_missing")
    assert (info.value.kind, info.value.record_id) == ("customer", "cus_missing")
    assert info.value.message == "customer cus_missing not found"


def test_records_are_stamped_with_the_sandbox_clock(books, clock):
    first = create_customer(books, name="A")
    clock.advance(hours=1)
    second = create_customer(books, name="B")
    assert first["created_at"] == "2026-01-10T12:00:00Z"
    assert second["created_at"] == "2026-01-10T13:00:00Z"
    assert [c["name"] for c in books.list(CUSTOMER)] == ["A", "B"]


def test_ids_come_from_the_injected_minter_unless_a_fixture_gives_one(books):
    assert create_customer(books, name="A")["id"] == "customer_1"
    assert create_customer(books, id="cus_fixed", name="B")["id"] == "cus_fixed"
    with pytest.raises(Duplicate) as info:
        create_customer(books, id="cus_fixed", name="C")
    assert info.value.existing_id == "cus_fixed"


def test_numbers_count_per_repository_and_skip_numbers_fixtures_took(books):
    assert books.next_number("invoice_number") == 1
    books.reserve_number("invoice_number", 41)
    books.reserve_number("invoice_number", 7)
    assert books.next_number("invoice_number") == 42
    assert books.next_number("credit_note_number") == 1
