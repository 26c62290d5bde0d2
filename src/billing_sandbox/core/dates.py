"""Dates and times as records keep them: ISO 8601 strings, always UTC.

Datetimes are written ``2024-01-31T12:00:00Z`` (microseconds kept when present), dates
``2024-01-31``. Inputs may be ``date``/``datetime`` objects, ISO strings, or Unix seconds
(vendors document both); naive datetimes are taken as UTC. A datetime given where a date is
expected becomes its UTC calendar date.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta

from .errors import InvalidInput


def to_datetime(value: object, field: str) -> datetime:
    """An aware UTC datetime from a datetime, date (midnight), ISO string or Unix seconds."""
    if isinstance(value, bool):
        raise InvalidInput(field, "must be a date-time", value)
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, int | float):
        try:
            moment = datetime.fromtimestamp(value, UTC)
        except (OverflowError, OSError, ValueError):
            raise InvalidInput(field, "is not a valid Unix time", value) from None
    elif isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit():
            return to_datetime(int(text), field)
        try:
            # RFC 3339 allows a lower-case t and z; Python 3.11's parser does not
            moment = datetime.fromisoformat(text.upper() if "t" in text or "z" in text else text)
        except ValueError:
            raise InvalidInput(field, "must be an ISO 8601 date-time", value) from None
    else:
        raise InvalidInput(field, "must be a date-time", value)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def to_date(value: object, field: str) -> date:
    """A calendar date from a date, ISO date or date-time, or Unix seconds (UTC)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInput(field, "must be an ISO 8601 date", value) from None
    return to_datetime(value, field).date()


def iso_datetime(moment: datetime) -> str:
    """``2024-01-31T12:00:00Z`` (aware datetimes are converted to UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def iso_date(day: date) -> str:
    return day.isoformat()


def parse_date(text: str) -> date:
    """A record's ISO date back to a ``date``."""
    return date.fromisoformat(text)


def parse_datetime(text: str) -> datetime:
    """A record's ISO datetime back to an aware ``datetime``."""
    return datetime.fromisoformat(text)


def add_days(day: date, days: int) -> date:
    return day + timedelta(days=days)


PERIOD_UNITS = ("day", "week", "month", "year")


def add_period(moment: datetime, count: int, unit: str) -> datetime:
    """``moment`` moved by ``count`` days, weeks, months or years. A month or year lands on the
    same day of the month, or the month's last day when it is shorter (Jan 31 + 1 month is
    Feb 28 or 29): count from a fixed anchor, so terms never drift to an earlier day."""
    if unit == "day":
        return moment + timedelta(days=count)
    if unit == "week":
        return moment + timedelta(weeks=count)
    months = count * (12 if unit == "year" else 1)
    if unit not in ("month", "year"):
        raise ValueError(f"unknown period unit {unit!r}")
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month,
                          day=min(moment.day, days_in_month(year, month)))


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]
