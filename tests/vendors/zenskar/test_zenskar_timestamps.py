"""Date-times as pydantic reads them, and the days a billing period covers."""

from __future__ import annotations

from datetime import date

import pytest

from billing_sandbox.core import InvalidInput
from billing_sandbox.vendors.zenskar.timestamps import as_rfc3339, period_day


@pytest.mark.parametrize(("given", "written"), [
    (1769904000, "2026-02-01T00:00:00Z"),
    ("1769904000", "2026-02-01T00:00:00Z"),
    (1769904000.5, "2026-02-01T00:00:00.500000Z"),
    (1769904000000, "2026-02-01T00:00:00Z"),  # milliseconds, as pydantic reads them
    ("2026-02-01", "2026-02-01T00:00:00Z"),
    ("2026-02-01T10:30:00", "2026-02-01T10:30:00Z"),
    ("2026-02-01T10:30:00+02:00", "2026-02-01T08:30:00Z"),
    ("2026-02-01T10:30:00Z", "2026-02-01T10:30:00Z"),
])
def test_readable_date_times_become_rfc3339_utc(given, written):
    assert as_rfc3339(given) == written


@pytest.mark.parametrize("given", ["next tuesday", "", True, None, [1], 10**30])
def test_anything_else_is_left_for_validation_to_report(given):
    assert as_rfc3339(given) == given


def test_a_period_end_after_midnight_counts_its_day():
    assert period_day("2026-03-01T00:00:00Z", "to_date", round_up=True) == date(2026, 3, 1)
    assert period_day("2026-02-28T23:59:59Z", "to_date", round_up=True) == date(2026, 3, 1)
    assert period_day("2026-02-01T12:00:00Z", "from_date") == date(2026, 2, 1)


def test_an_unreadable_period_bound_names_its_field():
    with pytest.raises(InvalidInput) as caught:
        period_day("soon", "from_date")
    assert caught.value.field == "from_date"
