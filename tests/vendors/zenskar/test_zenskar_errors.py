"""Ledger refusals as Zenskar's FastAPI answers: statuses, details, 422 locations, units."""

from __future__ import annotations

from billing_sandbox.core import (
    Duplicate,
    InvalidInput,
    InvalidState,
    LimitExceeded,
    NotFound,
    PaymentDeclined,
)
from billing_sandbox.engine.http.profile import TenantDirectory
from billing_sandbox.vendors.zenskar.errors import api_error
from billing_sandbox.vendors.zenskar.profile import ZenskarProfile

INVOICE = "7a1c0d2e-0000-4000-8000-000000000301"


def rendered(error):
    return ZenskarProfile(TenantDirectory()).render_error(error, None)


def test_an_unknown_record_is_a_404_naming_it():
    assert rendered(api_error(NotFound("invoice", INVOICE))) == (
        404, {"detail": f"invoice {INVOICE} not found"})


def test_state_refusals_give_the_status_in_zenskar_words():
    error = InvalidState("invoice", INVOICE, "open",
                         f"invoice {INVOICE} is open and not due until 2026-12-22; skip the due "
                         "date check to charge it now")
    translated = api_error(error, phrases={"skip the due date check":
                                           "set skip_invoice_due_date_check to true"})
    assert rendered(translated) == (400, {"detail": (
        f"invoice {INVOICE} is approved and not due until 2026-12-22; "
        "set skip_invoice_due_date_check to true to charge it now")})


def test_a_limit_is_said_in_major_units_under_the_request_field():
    error = LimitExceeded("amount", 50000,
                          f"amount 60000 exceeds the 50000 not yet credited on invoice {INVOICE}")
    translated = api_error(error, fields={"amount": "credit_note_amount"}, money=True)
    assert translated.param == "credit_note_amount"
    assert rendered(translated) == (400, {"detail": (
        f"credit_note_amount: 600.00 exceeds the 500.00 not yet credited on invoice {INVOICE} "
        "(at most 500.00)")})


def test_a_request_shape_rule_is_a_422_at_the_field_like_a_pydantic_validator():
    error = InvalidInput("refund_amount_split[1].amount", "must be at least 1", 0)
    translated = api_error(error, validation=("refund_amount_split[].amount",), money=True)
    assert rendered(translated) == (422, {"detail": [{
        "loc": ["body", "refund_amount_split", 1, "amount"],
        "msg": "Value error, refund_amount_split[1].amount must be at least 0.01",
        "type": "value_error"}]})


def test_other_input_rules_are_400_naming_the_field_with_amounts_in_major_units():
    error = InvalidInput("refund_destination", f"required: 10050 of the credit note exceeds the "
                         f"0 unpaid on invoice {INVOICE} and must be refunded")
    status, body = rendered(api_error(error, money=True))
    assert status == 400
    assert body["detail"] == (f"refund_destination: required: 100.50 of the credit note exceeds "
                              f"the 0.00 unpaid on invoice {INVOICE} and must be refunded")


def test_integers_are_left_alone_unless_the_operation_speaks_money():
    error = InvalidInput("billing_cycle_start_day", "must be between 1 and 31", 40)
    assert rendered(api_error(error))[1] == {
        "detail": "billing_cycle_start_day: must be between 1 and 31"}


def test_duplicates_and_declines_are_400():
    duplicate = Duplicate("invoice", INVOICE, f"invoice {INVOICE} already bills contract c")
    assert rendered(api_error(duplicate)) == (
        400, {"detail": f"invoice {INVOICE} already bills contract c"})
    declined = PaymentDeclined("p1", "Your card was declined.")
    status, body = rendered(api_error(declined))
    assert status == 400 and "declined" in body["detail"]
