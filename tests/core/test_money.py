from decimal import Decimal

import pytest

from billing_sandbox.core.errors import CurrencyMismatch, InvalidInput
from billing_sandbox.core.money import (
    currency_code,
    percent_of,
    prorate,
    require_currency,
    to_major,
    to_minor,
)


@pytest.mark.parametrize(
    ("major", "minor"),
    [
        (25.5, 2550),
        ("25.50", 2550),
        (1000, 100000),
        (0.1, 10),
        ("25.555", 2556),
        ("0.005", 1),
        (Decimal("19.99"), 1999),
        (-1.005, -101),
    ],
)
def test_to_minor_rounds_half_up_to_the_cent(major, minor):
    assert to_minor(major) == minor


@pytest.mark.parametrize("bad", [True, None, "ten", float("nan"), float("inf"), [1]])
def test_to_minor_refuses_what_is_not_a_number(bad):
    with pytest.raises(InvalidInput) as info:
        to_minor(bad, "credit_note_amount")
    assert info.value.field == "credit_note_amount"


def test_to_major_is_exact():
    assert to_major(2550) == Decimal("25.50")
    assert to_major(1) == Decimal("0.01")
    assert str(to_major(100000)) == "1000.00"


def test_prorate_rounds_half_up():
    assert prorate(1000, 1, 3) == 333
    assert prorate(1000, 2, 3) == 667
    assert prorate(1000, 1, 8) == 125
    assert prorate(1, 1, 2) == 1
    assert prorate(3100, 17, 31) == 1700


def test_percent_of_rounds_half_up():
    assert percent_of(999, 12.5) == 125
    assert percent_of(1000, 10) == 100
    assert percent_of(5, 10) == 1


def test_currency_codes_are_three_letters_upper_cased():
    assert currency_code("usd") == "USD"
    for bad in ("US", "USDT", "U$D", 840, None):
        with pytest.raises(InvalidInput):
            currency_code(bad)


def test_a_request_in_another_currency_is_refused():
    assert require_currency("USD", None) == "USD"
    assert require_currency("USD", "usd") == "USD"
    with pytest.raises(CurrencyMismatch) as info:
        require_currency("USD", "EUR", "currency_code")
    assert (info.value.field, info.value.expected, info.value.given) == (
        "currency_code",
        "USD",
        "EUR",
    )
    assert "EUR" in info.value.message and "USD" in info.value.message


@pytest.mark.parametrize("huge", [1e30, "1e99999999", 2**64, "92233720368547758.08"])
def test_amounts_beyond_64_bits_are_refused_not_crashed_on(huge):
    with pytest.raises(InvalidInput) as info:
        to_minor(huge, "credit_note_amount")
    assert info.value.field == "credit_note_amount" and "at most" in info.value.reason


def test_the_largest_64_bit_amount_converts_exactly():
    assert to_minor("92233720368547758.07") == 2**63 - 1
    assert percent_of(2**63 - 1, 100) == 2**63 - 1
