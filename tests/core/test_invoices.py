from billing_sandbox.core import (
    InvalidState,
    add_line_item,
    delete_invoice,
    finalize_invoice,
    import_invoice,
    is_deleted,
    linked_records,
    record_payment,
    refund_payment,
    void_invoice,
)


def test_a_draft_is_finalized_once(books, customer, refuses):
    import_invoice(books, id="inv_d", customer_id=customer["id"], total=700, status="draft")
    invoice = finalize_invoice(books, "inv_d")
    assert (invoice["status"], invoice["amount_due"]) == ("open", 700)
    with refuses(InvalidState) as caught:
        finalize_invoice(books, "inv_d")
    assert caught["error"].message == "invoice inv_d is already open"


def test_an_invoice_holding_money_cannot_be_voided_until_refunded(books, customer, refuses):
    import_invoice(books, id="inv_1", customer_id=customer["id"], total=1000)
    payment = record_payment(books, "inv_1", amount=400)
    with refuses(InvalidState) as caught:
        void_invoice(books, "inv_1")
    assert caught["error"].state == "partially_paid" and "400 received" in caught["error"].message
    refund_payment(books, payment["id"])
    voided = void_invoice(books, "inv_1")
    assert (voided["status"], voided["voided_at"]) == ("void", "2026-01-10T12:00:00Z")
    with refuses(InvalidState) as caught:
        void_invoice(books, "inv_1")
    assert caught["error"].message == "invoice inv_1 is already void"


def test_linked_records_are_returned_oldest_first(books, customer):
    import_invoice(books, id="inv_1", customer_id=customer["id"], total=1000)
    first = record_payment(books, "inv_1", amount=100)
    second = record_payment(books, "inv_1", amount=200)
    refund = refund_payment(books, first["id"], amount=50)
    links = linked_records(books, books.get("invoice", "inv_1"))
    assert [p["id"] for p in links["payments"]] == [first["id"], second["id"]]
    assert [r["id"] for r in links["refunds"]] == [refund["id"]]
    assert links["credit_notes"] == []


def test_charges_are_added_only_to_a_draft_and_billed_when_it_is_closed(books, customer,
                                                                          refuses):
    import_invoice(books, id="inv_d", customer_id=customer["id"], total=700, status="draft")
    invoice = add_line_item(books, "inv_d", description="Overage", unit_amount=250,
                            quantity=2)
    assert (invoice["status"], invoice["total"]) == ("draft", 1200)
    assert finalize_invoice(books, "inv_d")["amount_due"] == 1200
    with refuses(InvalidState) as caught:
        add_line_item(books, "inv_d", description="Late", unit_amount=100)
    assert "only be added to a draft" in caught["error"].message


def test_only_an_invoice_nothing_was_received_on_can_be_deleted(books, customer, refuses):
    import_invoice(books, id="inv_1", customer_id=customer["id"], total=1000)
    import_invoice(books, id="inv_2", customer_id=customer["id"], total=1000)
    record_payment(books, "inv_1", amount=100)
    with refuses(InvalidState) as caught:
        delete_invoice(books, "inv_1")
    assert "with payments against it" in caught["error"].message
    deleted = delete_invoice(books, "inv_2")
    assert is_deleted(deleted) and deleted["status"] == "void"
    assert [e.name for e in books.events][-1:] == ["invoice.deleted"]
    with refuses(InvalidState):
        delete_invoice(books, "inv_2")
