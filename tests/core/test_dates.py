from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from billing_sandbox.core.dates import iso_datetime, to_date, to_datetime
from billing_sandbox.core.errors import InvalidInput


def test_datetimes_are_read_from_iso_strings_unix_seconds_and_objects():
    moment = datetime(2024, 1, 31, 12, 0, tzinfo=UTC)
    assert to_datetime("2024-01-31T12:00:00Z", "f") == moment
    assert to_datetime("2024-01-31T13:00:00+01:00", "f") == moment
    assert to_datetime(int(moment.timestamp()), "f") == moment
    assert to_datetime(str(int(moment.timestamp())), "f") == moment
    assert to_datetime(datetime(2024, 1, 31, 12, 0), "f") == moment  # naive = UTC
    assert to_datetime(date(2024, 1, 31), "f") == datetime(2024, 1, 31, tzinfo=UTC)


def test_dates_accept_dates_datetimes_and_timestamps():
    assert to_date("2024-01-31", "f") == date(2024, 1, 31)
    assert to_date("2024-01-31T23:30:00-02:00", "f") == date(2024, 2, 1)
    assert to_date(datetime(2024, 1, 31, 23, tzinfo=timezone(timedelta(hours=-2))), "f") == date(
        2024, 2, 1
    )
    assert to_date(1706659200, "f") == date(2024, 1, 31)


@pytest.mark.parametrize("bad", ["yesterday", "2024-13-01", True, None, [2024]])
def test_bad_dates_name_the_field(bad):
    with pytest.raises(InvalidInput) as info:
        to_date(bad, "from_date")
    assert info.value.field == "from_date"


def test_records_write_utc_with_z():
    assert iso_datetime(datetime(2024, 1, 31, 13, tzinfo=timezone(timedelta(hours=1)))) == (
        "2024-01-31T12:00:00Z"
    )
