from datetime import date

from billing_sandbox.core.proration import split_period


def charges(start, end, day, price=3100):
    return [
        (p.start.isoformat(), p.end.isoformat(), p.cycles, p.charge(price))
        for p in split_period(start, end, day)
    ]


def test_whole_calendar_months_merge_into_one_piece():
    assert charges(date(2026, 1, 1), date(2026, 4, 1), 1) == [("2026-01-01", "2026-04-01", 3, 9300)]


def test_partial_months_are_prorated_by_days_in_their_cycle():
    assert charges(date(2026, 1, 15), date(2026, 3, 1), 1) == [
        ("2026-01-15", "2026-02-01", 0, 1700),  # 17 of 31 days
        ("2026-02-01", "2026-03-01", 1, 3100),
    ]
    assert charges(date(2026, 2, 10), date(2026, 2, 17), 1, 2800) == [
        ("2026-02-10", "2026-02-17", 0, 700)  # 7 of 28 days
    ]


def test_cycles_start_on_the_cycle_day_of_each_month():
    assert charges(date(2026, 1, 15), date(2026, 2, 15), 15) == [
        ("2026-01-15", "2026-02-15", 1, 3100)
    ]
    assert charges(date(2026, 1, 1), date(2026, 2, 1), 15) == [
        ("2026-01-01", "2026-01-15", 0, 1400),  # 14 of the 31 days Dec 15 -> Jan 15
        ("2026-01-15", "2026-02-01", 0, 1700),  # 17 of the 31 days Jan 15 -> Feb 15
    ]


def test_a_cycle_day_past_a_month_end_uses_the_last_day_without_drifting():
    assert charges(date(2026, 1, 31), date(2026, 4, 30), 31) == [
        ("2026-01-31", "2026-04-30", 3, 9300)
    ]
    assert [p.end for p in split_period(date(2026, 1, 31), date(2026, 3, 31), 31)] == [
        date(2026, 3, 31)
    ]


def test_pieces_cover_the_period_exactly():
    pieces = split_period(date(2025, 11, 20), date(2026, 7, 3), 7)
    assert pieces[0].start == date(2025, 11, 20) and pieces[-1].end == date(2026, 7, 3)
    assert all(a.end == b.start for a, b in zip(pieces, pieces[1:], strict=False))
    assert split_period(date(2026, 1, 2), date(2026, 1, 2), 1) == []
