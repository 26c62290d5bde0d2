"""Splitting a billing period into monthly cycles, and prorating a monthly price.

Cycles start on ``cycle_day`` of every month (1..31; in a shorter month, its last day: with
day 31 the cycles run Jan 31 -> Feb 28 -> Mar 31). A period [start, end) is cut at every
cycle start inside it. A piece that spans a whole cycle is billed at the monthly price; a
piece of ``d`` days in a cycle of ``n`` days is billed ``price * d / n`` rounded half-up to a
minor unit. Consecutive whole cycles are merged into one piece with ``cycles`` = their count.

Example, cycle day 1, price 3100: [Jan 15, Mar 1) -> Jan 15..Feb 1 is 17/31 days (1700),
Feb 1..Mar 1 is a whole cycle (3100).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .dates import days_in_month
from .money import prorate


@dataclass(frozen=True)
class Piece:
    start: date
    end: date
    cycles: int  # whole cycles covered; 0 for a partial piece
    days: int  # days in the piece
    cycle_days: int  # days of the cycle a partial piece lies in (0 for whole cycles)

    @property
    def whole(self) -> bool:
        return self.cycles > 0

    def charge(self, monthly_price: int) -> int:
        if self.whole:
            return monthly_price * self.cycles
        return prorate(monthly_price, self.days, self.cycle_days)


def _cycle_start(month_index: int, cycle_day: int) -> date:
    year, month = divmod(month_index, 12)
    return date(year, month + 1, min(cycle_day, days_in_month(year, month + 1)))


def split_period(start: date, end: date, cycle_day: int) -> list[Piece]:
    """The pieces of [start, end) (empty when end <= start), in date order."""
    if end <= start:
        return []
    index = start.year * 12 + start.month - 1
    if _cycle_start(index, cycle_day) > start:
        index -= 1
    pieces: list[Piece] = []
    while True:
        cycle_start, cycle_end = _cycle_start(index, cycle_day), _cycle_start(index + 1, cycle_day)
        piece_start, piece_end = max(start, cycle_start), min(end, cycle_end)
        if piece_start >= end:
            break
        if piece_start == cycle_start and piece_end == cycle_end:
            if pieces and pieces[-1].whole and pieces[-1].end == piece_start:
                last = pieces.pop()
                pieces.append(
                    Piece(last.start, piece_end, last.cycles + 1, (piece_end - last.start).days, 0)
                )
            else:
                pieces.append(Piece(piece_start, piece_end, 1, (piece_end - piece_start).days, 0))
        else:
            cycle_days = (cycle_end - cycle_start).days
            pieces.append(
                Piece(piece_start, piece_end, 0, (piece_end - piece_start).days, cycle_days)
            )
        index += 1
    return pieces
