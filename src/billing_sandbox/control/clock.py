"""``/_sandbox/clock``: read the sandbox clock, freeze it, advance it, or let it run again."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from billing_sandbox.core.clock import Clock
from billing_sandbox.core.dates import add_period
from billing_sandbox.engine.errors import ApiError
from billing_sandbox.engine.http.registry import HandlerRegistry, Reply, Request

_DURATION = re.compile(
    r"^(?P<sign>-)?P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?"
    r"(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$")

# The instants the clock may show: every date the vendors' timestamps can carry (Chargebee's
# are unix seconds, never negative), with room for due dates and periods computed from them.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Duration:
    """Calendar months (a year is twelve) and then a fixed length: ``P1M`` from January 31
    ends on February's last day, as a monthly subscription's term does."""

    months: int = 0
    delta: timedelta = timedelta(0)

    def after(self, start: datetime) -> datetime:
        """``start`` moved by the duration; OverflowError or ValueError beyond the years
        Python's dates hold."""
        return add_period(start, self.months, "month") + self.delta


def parse_duration(value: str | int | float) -> Duration:
    """Seconds, or an ISO 8601 duration of years, months, weeks, days, hours, minutes and
    seconds (``P1M``, ``P30D``, ``PT1H30M``, ``-P1D``); years and months are calendar ones."""
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise ApiError("bad_request", f"advance: {value!r} is not a number of seconds",
                           param="advance")
        return Duration(delta=_timedelta(value, seconds=value))
    match = _DURATION.match(value.strip())
    if match is None or value.strip() in ("P", "-P") or value.strip().endswith("T"):
        raise ApiError("bad_request", f"advance: {value!r} is not a duration such as P1M, "
                                      "P30D, PT2H or a number of seconds", param="advance")
    parts = {name: float(amount) for name, amount in match.groupdict().items()
             if amount and name not in ("sign", "years", "months")}
    months = int(match["years"] or 0) * 12 + int(match["months"] or 0)
    delta = _timedelta(value, **parts)
    return Duration(-months, -delta) if match["sign"] else Duration(months, delta)


def _timedelta(value: object, **parts: float) -> timedelta:
    try:
        return timedelta(**parts)
    except OverflowError:  # beyond ~2.7 million years
        raise ApiError("bad_request", f"advance: {value!r} is longer than the clock's range, "
                                      f"{EARLIEST.isoformat()} to {LATEST.isoformat()}",
                       param="advance") from None


def clock_body(clock: Clock) -> dict:
    return {"now": clock.now().isoformat(), "frozen": clock.frozen,
            "offset_seconds": clock.offset.total_seconds()}


def register(registry: HandlerRegistry, clock: Clock, vendor: str,
             moved: Callable[[], None] = lambda: None) -> None:
    """``moved`` runs after each change of the clock (what fell due then happens)."""

    @registry.handler(vendor, "getClock")
    def get_clock(request: Request) -> Reply:
        return Reply(200, clock_body(clock))

    @registry.handler(vendor, "setClock")
    def set_clock(request: Request) -> Reply:
        body = request.body
        if body.get("real_time") and ("freeze" in body or "advance" in body):
            raise ApiError("bad_request", "real_time cannot be combined with freeze or advance",
                           param="real_time")
        duration = parse_duration(body["advance"]) if "advance" in body else None
        if body.get("real_time"):
            clock.real_time()
            moved()
            return Reply(200, clock_body(clock))
        # the whole change is checked before any of it is made
        frozen_at = _instant(body["freeze"]) if "freeze" in body else None
        start = frozen_at or clock.now()
        delta = None if duration is None else _within_range(start, duration, "advance") - start
        if frozen_at is not None:
            clock.freeze(frozen_at)
        if delta is not None:
            clock.advance(delta)
        moved()
        return Reply(200, clock_body(clock))


def _within_range(start: datetime, duration: Duration, field: str) -> datetime:
    """``start`` moved by ``duration`` if the clock may show it; else 400 naming the field."""
    try:
        moved = duration.after(start)
        inside = EARLIEST <= moved < LATEST
    except (OverflowError, ValueError):
        moved, inside = None, False
    if not inside:
        shown = moved.isoformat() if moved else "a date outside the years 1 to 9999"
        raise ApiError("bad_request", f"{field}: the clock would show {shown}; it stays from "
                                      f"{EARLIEST.isoformat()} to before {LATEST.isoformat()}",
                       param=field)
    return moved


def _instant(text: str) -> datetime:
    try:
        instant = datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError as exc:
        raise ApiError("bad_request", f"freeze: {text!r} is not a date-time ({exc})",
                       param="freeze") from None
    if instant.tzinfo is None:
        raise ApiError("bad_request", "freeze: give a time zone (2026-03-01T00:00:00Z)",
                       param="freeze")
    return _within_range(instant, Duration(), "freeze")
