"""Date-times as Zenskar's FastAPI (pydantic) reads them, written as the RFC 3339 text the
documents' ``format: date-time`` checks; and calendar days of a billing period.

pydantic accepts for a datetime field: Unix time as a number or a numeric string (seconds,
or milliseconds when above 2e10), a date (midnight), a naive date-time (taken as UTC here) or
an aware one. The generate-invoice document says ``format: date-time`` but describes "Unix
time stamp": both are accepted.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

from billing_sandbox.core.dates import iso_datetime, to_datetime

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_MILLISECONDS_ABOVE = 2e10  # pydantic's rule


def as_rfc3339(value: object) -> object:
    """``1769904000`` / ``"2026-02-01"`` / ``"2026-02-01T00:00:00"`` -> ``"2026-02-01T00:00:00Z"``.

    Anything that is not a readable date-time is returned unchanged, for validation to report.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and _NUMBER.match(value.strip()):
        value = float(value)
    if isinstance(value, int | float):
        seconds = value / 1000 if abs(value) > _MILLISECONDS_ABOVE else value
        try:
            return iso_datetime(datetime.fromtimestamp(seconds, UTC))
        except (OverflowError, OSError, ValueError):
            return value
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            return value
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return iso_datetime(moment)
    return value


def period_day(value: object, field: str, *, round_up: bool = False):
    """The UTC calendar day of a period bound; an end bound after midnight counts its day.

    ``to_date`` is exclusive (Zenskar's ``end_date_exclusive``): ``2026-03-01T00:00:00Z`` ends
    February, and so does ``2026-02-28T23:59:59Z`` (rounded up to the next midnight).
    """
    moment = to_datetime(value, field)
    day = moment.date()
    if round_up and moment.time() != time(0):
        day += timedelta(days=1)
    return day
