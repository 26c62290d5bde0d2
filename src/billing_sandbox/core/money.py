"""Money: integer minor units (cents) and an ISO 4217 currency code, never floats.

Every amount in a record is an ``int`` of minor units next to a ``currency`` field
(``"USD"``). Conversions assume currencies with two decimals (1 major = 100 minor), which
covers the vendors' currencies (USD, CAD, AUD, EUR, GBP, INR).

Rounding is half-up (away from zero for halves): ``to_minor("25.555") == 2556``,
``prorate(1000, 1, 3) == 333``, ``prorate(1000, 1, 8) == 125``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from .errors import CurrencyMismatch, InvalidInput

MINOR_PER_MAJOR = 100
MAX_MINOR = 2**63 - 1  # amounts fit a signed 64-bit integer, as in the vendors' databases
_EXACT = Context(prec=60, rounding=ROUND_HALF_UP)  # exact for every amount up to MAX_MINOR


def currency_code(value: object, field: str = "currency") -> str:
    """The upper-cased three-letter code, or InvalidInput."""
    if not isinstance(value, str) or len(value) != 3 or not value.isalpha() or not value.isascii():
        raise InvalidInput(field, "must be a three-letter ISO 4217 currency code", value)
    return value.upper()


def require_currency(expected: str, given: str | None, field: str = "currency") -> str:
    """``expected`` when ``given`` is None or names the same currency, else CurrencyMismatch."""
    if given is None:
        return expected
    code = currency_code(given, field)
    if code != expected:
        raise CurrencyMismatch(
            field, expected, code, f"{field}: currency {code} does not match {expected}"
        )
    return code


def _decimal(value: object, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise InvalidInput(field, "must be a number", value)
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise InvalidInput(field, "must be a number", value) from None
    if not number.is_finite():
        raise InvalidInput(field, "must be a finite number", value)
    return number


def to_minor(major: int | float | str | Decimal, field: str = "amount") -> int:
    """Major units (25.5 or "25.50") -> minor units (2550), rounded half-up to the cent.

    Floats are read through their shortest repr, so 0.1 is 10 cents, not 10.000000000000000555.
    """
    number = _decimal(major, field)
    if number.adjusted() > 18:  # |number| >= 10**19: above MAX_MINOR whatever the cents
        raise InvalidInput(field, f"must be at most {MAX_MINOR} minor units", major)
    minor = int(_EXACT.multiply(number, MINOR_PER_MAJOR).to_integral_value(context=_EXACT))
    if abs(minor) > MAX_MINOR:
        raise InvalidInput(field, f"must be at most {MAX_MINOR} minor units", major)
    return minor


def to_major(minor: int) -> Decimal:
    """Minor units -> exact major units as a Decimal (2550 -> Decimal("25.50"))."""
    return (Decimal(minor) / MINOR_PER_MAJOR).quantize(Decimal("0.01"))


def prorate(amount: int, part: int, whole: int) -> int:
    """``amount * part / whole`` rounded half-up to a minor unit (amount, part >= 0, whole > 0)."""
    if whole <= 0 or part < 0 or amount < 0:
        raise ValueError("prorate needs amount >= 0, part >= 0, whole > 0")
    return (2 * amount * part + whole) // (2 * whole)


def percent_of(amount: int, percent: float | str | Decimal) -> int:
    """``percent`` % of ``amount``, rounded half-up (12.5 % of 999 -> 125)."""
    share = _EXACT.divide(_EXACT.multiply(Decimal(amount), _decimal(percent, "percent")), 100)
    return int(share.to_integral_value(context=_EXACT))


def is_percent(value: object) -> bool:
    """True for a number in (0, 100]."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return False
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        return False
    return number.is_finite() and 0 < number <= 100
