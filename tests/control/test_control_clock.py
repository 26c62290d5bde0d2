"""The sandbox clock: frozen, advanced and released through /_sandbox/clock, read by every
timestamp and due-date check."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from support.demo_calls import ZENSKAR, charge

from billing_sandbox.control.clock import parse_duration
from billing_sandbox.engine.errors import ApiError

DEMO_INVOICE = "7a1c0d2e-0000-4000-8000-000000000301"  # due 2026-01-31


def test_a_frozen_clock_dates_what_is_created(sandbox):
    answer = sandbox.put("/_sandbox/clock", json={"freeze": "2026-03-01T09:30:00Z"})
    assert answer.json() == {"now": "2026-03-01T09:30:00+00:00", "frozen": True,
                             "offset_seconds": 0.0}
    invoice = charge(sandbox).json()["invoice"]
    assert invoice["date"] == int(datetime(2026, 3, 1, 9, 30, tzinfo=UTC).timestamp())


def test_advancing_a_frozen_clock_moves_it_by_the_duration(sandbox):
    sandbox.put("/_sandbox/clock", json={"freeze": "2026-03-01T00:00:00Z"})
    assert sandbox.put("/_sandbox/clock", json={"advance": "P1DT2H"}).json()["now"] == (
        "2026-03-02T02:00:00+00:00")
    assert sandbox.put("/_sandbox/clock", json={"advance": -7200}).json()["now"] == (
        "2026-03-02T00:00:00+00:00")


def test_advancing_a_running_clock_keeps_it_running_ahead(sandbox):
    clock = sandbox.put("/_sandbox/clock", json={"advance": "P30D"}).json()
    assert clock["frozen"] is False and clock["offset_seconds"] == 30 * 86400
    now = datetime.fromisoformat(clock["now"])
    assert now - datetime.now(UTC) > timedelta(days=29)
    released = sandbox.put("/_sandbox/clock", json={"real_time": True}).json()
    assert released["offset_seconds"] == 0 and released["frozen"] is False


def test_charging_waits_for_the_due_date_until_the_clock_passes_it(sandbox):
    sandbox.put("/_sandbox/clock", json={"freeze": "2026-01-10T00:00:00Z"})
    url = f"/zenskar/payments/invoice/{DEMO_INVOICE}/charge"
    early = sandbox.post(url, headers=ZENSKAR, json={})
    assert early.status_code == 400
    assert "not due until 2026-01-31" in str(early.json())
    sandbox.put("/_sandbox/clock", json={"advance": "P30D"})
    assert sandbox.post(url, headers=ZENSKAR, json={}).status_code == 200


def test_a_full_reset_returns_the_clock_to_real_time(sandbox):
    sandbox.put("/_sandbox/clock", json={"freeze": "2020-01-01T00:00:00Z"})
    sandbox.post("/_sandbox/reset")
    assert sandbox.get("/_sandbox/clock").json()["frozen"] is False


@pytest.mark.parametrize("body, field", [
    ({"advance": "three days"}, "advance"),
    ({"advance": "P1S"}, "advance"),  # S is a time part: PT1S
    ({"real_time": True, "advance": 5}, "real_time"),
    ({"freeze": "yesterday"}, "freeze"),
    ({}, "body"),
    ({"rewind": 5}, "rewind"),
])
def test_a_bad_clock_change_is_400_naming_the_field(sandbox, body, field):
    answer = sandbox.put("/_sandbox/clock", json=body)
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"].startswith(field)
    assert sandbox.get("/_sandbox/clock").json()["frozen"] is False


@pytest.mark.parametrize("text, seconds", [
    ("P30D", 30 * 86400), ("PT1H30M", 5400), ("P1W", 7 * 86400), ("-PT1H", -3600),
    ("PT0.5S", 0.5), ("P1DT1S", 86401), (90, 90), (1.5, 1.5),
])
def test_durations_are_iso_8601_or_seconds(text, seconds):
    start = datetime(2026, 3, 1, tzinfo=UTC)
    assert (parse_duration(text).after(start) - start).total_seconds() == seconds


@pytest.mark.parametrize("text, after", [
    ("P1M", "2026-02-28T12:00:00+00:00"), ("P1Y", "2027-01-31T12:00:00+00:00"),
    ("P1Y1M1D", "2027-03-01T12:00:00+00:00"), ("-P1M", "2025-12-31T12:00:00+00:00"),
    ("P2MT1H", "2026-03-31T13:00:00+00:00"),
])
def test_years_and_months_are_calendar_ones(text, after):
    start = datetime(2026, 1, 31, 12, tzinfo=UTC)
    assert parse_duration(text).after(start).isoformat() == after


@pytest.mark.parametrize("text", ["P", "PT", "1D", "P1DT", "", "P1S", "PT1D"])
def test_malformed_durations_are_refused(text):
    with pytest.raises(ApiError) as refused:
        parse_duration(text)
    assert refused.value.param == "advance"


@pytest.mark.parametrize("body", [
    {"advance": "P99999999D"},                      # past the year 9999
    {"advance": 1e20},                              # longer than a timedelta can be
    {"advance": -1e20},
    {"freeze": "9999-12-31T23:59:59Z"},             # later vendor dates would overflow
    {"freeze": "1969-12-31T23:59:59Z"},             # before Chargebee's unix timestamps
    {"freeze": "8999-12-31T00:00:00Z", "advance": "P2D"},
    {"freeze": "1970-01-01T00:00:00Z", "advance": "-PT1S"},
])
def test_a_clock_change_beyond_its_range_is_400_and_changes_nothing(sandbox, body):
    sandbox.put("/_sandbox/clock", json={"freeze": "2026-03-01T00:00:00Z"})
    answer = sandbox.put("/_sandbox/clock", json=body)
    assert answer.status_code == 400, answer.text
    error = answer.json()
    assert error["errors"][0]["field"] in body
    assert "1970-01-01" in error["message"] and "9000-01-01" in error["message"]
    assert sandbox.get("/_sandbox/clock").json()["now"] == "2026-03-01T00:00:00+00:00"


@pytest.mark.parametrize("number", [b"NaN", b"Infinity", b"-Infinity"])
def test_an_advance_that_is_not_a_finite_number_is_400(sandbox, number):
    answer = sandbox.put("/_sandbox/clock", content=b'{"advance": ' + number + b"}",
                         headers={"content-type": "application/json"})
    assert answer.status_code == 400, answer.text
    assert answer.json()["errors"][0]["field"] == "advance"


def test_the_clock_can_be_frozen_at_the_edges_of_its_range_and_vendors_still_answer(sandbox):
    for instant in ("1970-01-01T00:00:00Z", "8999-12-31T23:59:59Z"):
        assert sandbox.put("/_sandbox/clock", json={"freeze": instant}).status_code == 200
        assert charge(sandbox).status_code == 200
