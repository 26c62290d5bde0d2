import pytest

from billing_sandbox.core import InvalidInput, InvalidState, create_coupon
from billing_sandbox.core.coupons import coupon_state, discount_for


def test_percentage_coupons_round_half_up(books):
    create_coupon(books, id="TEN", discount_type="percentage", discount_percentage=12.5)
    _, line = discount_for(books, "TEN", sub_total=999, currency="USD", one_off=True, field="c")
    assert line == {
        "coupon_id": "TEN",
        "description": "TEN",
        "discount_type": "percentage",
        "amount": 125,
    }


def test_fixed_coupons_never_exceed_the_sub_total(books):
    create_coupon(
        books, id="OFF50", name="50 off", discount_type="fixed_amount", discount_amount=5000
    )
    _, line = discount_for(books, "OFF50", sub_total=3000, currency="USD", one_off=True, field="c")
    assert line["amount"] == 3000 and line["description"] == "50 off"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"discount_type": "bogo"}, "discount_type"),
        ({"discount_type": "percentage", "discount_percentage": 0}, "discount_percentage"),
        ({"discount_type": "percentage", "discount_percentage": 101}, "discount_percentage"),
        (
            {"discount_type": "percentage", "discount_percentage": 5, "discount_amount": 5},
            "discount_amount",
        ),
        ({"discount_type": "fixed_amount", "discount_amount": 0}, "discount_amount"),
        (
            {"discount_type": "fixed_amount", "discount_amount": 5, "discount_percentage": 5},
            "discount_percentage",
        ),
        (
            {
                "discount_type": "percentage",
                "discount_percentage": 5,
                "duration_type": "limited_period",
            },
            "duration_months",
        ),
        (
            {"discount_type": "percentage", "discount_percentage": 5, "duration_months": 3},
            "duration_months",
        ),
        ({"discount_type": "percentage", "discount_percentage": 5, "status": "live"}, "status"),
    ],
)
def test_a_bad_coupon_names_the_field(books, refuses, fields, field):
    with refuses(InvalidInput) as caught:
        create_coupon(books, **fields)
    assert caught["error"].field == field


def test_coupons_expire_by_date_and_by_redemptions(books, clock):
    create_coupon(
        books,
        id="SOON",
        discount_type="percentage",
        discount_percentage=5,
        valid_till="2026-01-11T00:00:00Z",
    )
    create_coupon(
        books, id="ONCE", discount_type="percentage", discount_percentage=5, max_redemptions=1
    )
    assert coupon_state(books, books.get("coupon", "SOON")) == "active"
    clock.advance(days=1)
    assert coupon_state(books, books.get("coupon", "SOON")) == "expired"
    with pytest.raises(InvalidState) as info:
        discount_for(books, "SOON", sub_total=100, currency="USD", one_off=True, field="coupon")
    assert info.value.state == "expired" and "SOON" in info.value.message
    once = books.get("coupon", "ONCE")
    once["redemptions"] = 1
    assert coupon_state(books, once) == "expired"
